/**
 * One audio file, decoded once per session: fetched (dropped files through the media registry),
 * its header sample rate checked against what the scene's sensor declares, decoded with Web Audio
 * on the main thread (AudioContext / OfflineAudioContext do not exist in workers) at the file's own
 * rate (so sample-level zoom shows the file's samples), mixed to mono, and handed to the peaks
 * worker (a copy is transferred; the main thread keeps the samples for zero-crossing snapping and
 * the AudioBuffer for playback).
 *
 * Errors name the file: a rate the scene does not expect, a file the browser cannot decode, a file
 * that is not there. They reject this file's promise only; other lanes and views keep working.
 */
import { audioDecodeErrorMessage, checkAudioSampleRate } from '../../core/audio/mediaChecks';
import { fetchBytes } from '../../hooks/media';
import { nativeSampleRate } from '../../core/audio/nativeRate';
import { createPeaksSource, type PeaksSource } from './peaksSource';

export interface DecodedAudio {
  buffer: AudioBuffer;
  /** Mono mix of the channels at `sampleRate`. */
  mono: Float32Array;
  sampleRate: number;
  /** Seconds of file time. */
  duration: number;
  peaks: PeaksSource;
}

export class AudioInputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'AudioInputError';
  }
}

const cache = new Map<string, Promise<DecodedAudio>>();
const MAX = 6;

/** Decode `uri` for `sensor` (expected rate: the sensor's `sampleRate`, if any). Cached per URI and rate. */
export function decodeAudioFile(uri: string, file: string, sensor: { id: string; sampleRate?: number }): Promise<DecodedAudio> {
  const key = `${uri}|${sensor.sampleRate ?? ''}|${sensor.id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const p = decode(uri, file, sensor);
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  while (cache.size > MAX) {
    const oldest = cache.keys().next().value as string;
    void cache.get(oldest)?.then((a) => a.peaks.release(), () => undefined);
    cache.delete(oldest);
  }
  return p;
}

async function decode(uri: string, file: string, sensor: { id: string; sampleRate?: number }): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await fetchBytes(uri, { kind: 'audio' });
  } catch (e) {
    throw new AudioInputError(file, (e as Error).message.replace(`${uri}: `, ''));
  }
  const own = nativeSampleRate(bytes);
  const mismatch = own !== null ? checkAudioSampleRate(file, own, sensor.sampleRate) : undefined;
  if (mismatch) throw new Error(mismatch);
  const rate = own ?? sensor.sampleRate ?? 48000;
  const head = bytes.slice(0, 64);
  let buffer: AudioBuffer;
  try {
    const ctx = new OfflineAudioContext(1, 1, rate);
    const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
    buffer = await ctx.decodeAudioData(copy);
  } catch (e) {
    throw new Error(audioDecodeErrorMessage(file, e, head));
  }
  const mono = mixToMono(buffer);
  return { buffer, mono, sampleRate: buffer.sampleRate, duration: buffer.duration, peaks: await createPeaksSource(`${file}#${++loaded}`, mono, buffer.sampleRate) };
}

let loaded = 0;

function mixToMono(buffer: AudioBuffer): Float32Array {
  const n = buffer.numberOfChannels;
  if (n === 1) return buffer.getChannelData(0).slice();
  const out = new Float32Array(buffer.length);
  for (let c = 0; c < n; c++) {
    const ch = buffer.getChannelData(c);
    for (let i = 0; i < out.length; i++) out[i] += ch[i] / n;
  }
  return out;
}
