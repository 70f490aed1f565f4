/**
 * Waveform peaks for one decoded file, answered off the main thread by the audio worker
 * (src/workers/audioClient.ts): the mono samples are copied and transferred to it once; it builds
 * the min/max pyramid (core/audio/peaks.ts) and answers each view (a range of samples at a width in
 * pixels) in O(pixels · log n), or the samples themselves at ≤ 1 sample per pixel.
 */
import type { PeaksView } from '../../core/audio/peaks';
import { loadWaveform, releaseWaveform, waveformView } from '../../workers/audioClient';

export interface PeaksSource {
  /** Min/max per pixel of samples [start, end) at `width` pixels, or the samples themselves at ≤ 1 sample per pixel. */
  view(start: number, end: number, width: number): Promise<PeaksView>;
  release(): void;
}

export async function createPeaksSource(id: string, mono: Float32Array, sampleRate: number): Promise<PeaksSource> {
  const buffer = new AudioBuffer({ length: Math.max(1, mono.length), sampleRate, numberOfChannels: 1 });
  buffer.copyToChannel(mono as Float32Array<ArrayBuffer>, 0);
  await loadWaveform(id, buffer);
  return {
    // whole samples in, whole samples out: the worker takes seconds and rounds them back to these samples
    view: (start, end, width) => waveformView(id, 0, (start + 0.25) / sampleRate, (end - 0.25) / sampleRate, width),
    release: () => void releaseWaveform(id),
  };
}
