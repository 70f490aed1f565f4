/**
 * Waveform peaks off the main thread (comlink). The channels arrive as transferred Float32Arrays
 * (decoded on the main thread: AudioContext / OfflineAudioContext and decodeAudioData do not exist
 * in workers); each answer's data buffer is transferred back.
 */
import * as Comlink from 'comlink';
import type { PeaksView } from '../core/audio/peaks';
import { createAudioPeaksApi } from './audioPeaks';

const inner = createAudioPeaksApi();
const send = (v: PeaksView): PeaksView => Comlink.transfer(v, [v.data.buffer as ArrayBuffer]);

const api = {
  load: inner.load,
  view: (id: string, channel: number, start: number, end: number, width: number): PeaksView => send(inner.view(id, channel, start, end, width)),
  viewSeconds: (id: string, channel: number, t0: number, t1: number, width: number): PeaksView => send(inner.viewSeconds(id, channel, t0, t1, width)),
  release: inner.release,
};

export type AudioWorkerApi = typeof api;

Comlink.expose(api);
