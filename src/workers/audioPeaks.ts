/**
 * The waveform worker's API as a plain object (testable without a Worker): holds each clip's
 * channels with a PeakPyramid per channel and answers min/max peaks (or raw samples when zoomed to
 * sample level) for a range and a pixel width in O(pixels), whatever the zoom.
 */
import { PeakPyramid, type PeaksView } from '../core/audio/peaks';

export interface LoadedClip {
  id: string;
  sampleRate: number;
  channels: number;
  /** Samples per channel. */
  length: number;
  duration: number;
  /** Bytes held by the pyramids (not counting the samples). */
  pyramidBytes: number;
  buildMs: number;
}

export function createAudioPeaksApi() {
  const clips = new Map<string, { sampleRate: number; pyramids: PeakPyramid[] }>();
  const clip = (id: string) => {
    const c = clips.get(id);
    if (!c) throw new Error(`waveform: no audio loaded under "${id}"`);
    return c;
  };
  /** Peaks of channel `channel` for samples [start, end) at `width` pixels (see PeakPyramid.view). */
  const view = (id: string, channel: number, start: number, end: number, width: number): PeaksView => {
    const p = clip(id).pyramids[channel];
    if (!p) throw new Error(`${id}: no channel ${channel}`);
    return p.view(start, end, width);
  };
  return {
    /** Keep the channels (their buffers now belong to the worker) and build one pyramid per channel. */
    load(id: string, channels: Float32Array[], sampleRate: number): LoadedClip {
      if (channels.length === 0) throw new Error(`${id}: no audio channels`);
      const t0 = performance.now();
      const pyramids = channels.map((ch) => new PeakPyramid(ch));
      const buildMs = performance.now() - t0;
      clips.set(id, { sampleRate, pyramids });
      const length = channels[0].length;
      return { id, sampleRate, channels: channels.length, length, duration: length / sampleRate, pyramidBytes: pyramids.reduce((s, p) => s + p.byteLength, 0), buildMs };
    },
    view,
    /** Same, with the range in seconds. */
    viewSeconds(id: string, channel: number, t0: number, t1: number, width: number): PeaksView {
      const { sampleRate } = clip(id);
      return view(id, channel, Math.floor(t0 * sampleRate), Math.ceil(t1 * sampleRate), width);
    },
    release(id: string): void {
      clips.delete(id);
    },
  };
}

export type AudioPeaksApi = ReturnType<typeof createAudioPeaksApi>;
