/**
 * Main-thread side of the waveform: decode with Web Audio (decodeAudioData exists only on the main
 * thread — AudioContext and OfflineAudioContext are not available in workers), then hand the
 * channels to the waveform worker (transferred, not copied) and ask it for peaks.
 */
import * as Comlink from 'comlink';
import { audioDecodeErrorMessage, nativeSampleRate } from '../core/audio/mediaChecks';
import type { PeaksView } from '../core/audio/peaks';
import type { LoadedClip } from './audioPeaks';
import type { AudioWorkerApi } from './audio.worker';

let remote: Comlink.Remote<AudioWorkerApi> | undefined;

function worker(): Comlink.Remote<AudioWorkerApi> {
  remote ??= Comlink.wrap<AudioWorkerApi>(new Worker(new URL('./audio.worker.ts', import.meta.url), { type: 'module' }));
  return remote;
}

export interface DecodedAudio {
  buffer: AudioBuffer;
  /** The rate written in the file's header (WAV, FLAC), when it says; Opus is always 48 kHz. */
  nativeRate?: number;
}

/**
 * Decode a whole audio (or video) file. Decodes at the file's own rate when its header says it (WAV,
 * FLAC), else at `fallbackRate` (default 48 kHz, Opus's rate). Rejects with a message naming `file`.
 */
export async function decodeAudioFile(bytes: ArrayBuffer, file: string, fallbackRate = 48000): Promise<DecodedAudio> {
  const head = new Uint8Array(bytes, 0, Math.min(64, bytes.byteLength)).slice();
  const nativeRate = nativeSampleRate(head);
  const ctx = new OfflineAudioContext(1, 1, nativeRate ?? fallbackRate);
  try {
    const buffer = await ctx.decodeAudioData(bytes);
    return nativeRate !== null ? { buffer, nativeRate } : { buffer };
  } catch (e) {
    throw new Error(audioDecodeErrorMessage(file, e, head));
  }
}

/** Give a decoded buffer's channels to the worker (copies, transferred) and build its peak pyramids there. */
export function loadWaveform(id: string, buffer: AudioBuffer): Promise<LoadedClip> {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c).slice());
  return worker().load(id, Comlink.transfer(channels, channels.map((c) => c.buffer as ArrayBuffer)), buffer.sampleRate);
}

/** Min/max peaks (or raw samples at sample level) of one channel for [t0, t1) seconds at `width` pixels. */
export function waveformView(id: string, channel: number, t0: number, t1: number, width: number): Promise<PeaksView> {
  return worker().viewSeconds(id, channel, t0, t1, width);
}

export function releaseWaveform(id: string): Promise<void> {
  return worker().release(id);
}
