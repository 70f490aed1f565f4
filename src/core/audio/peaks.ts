/**
 * Waveform peaks: the min and max sample of each pixel column, on typed arrays.
 *
 * Pixel convention (one for every function here): a view of samples [start, end) drawn `width`
 * pixels wide gives pixel i the samples [start + ⌊i·n/width⌋, start + ⌊(i+1)·n/width⌋), n = end − start;
 * with samplesPerPixel s instead of a width, pixel i is [start + ⌊i·s⌋, min(end, start + ⌊(i+1)·s⌋)) and
 * there are ⌈n/s⌉ pixels. Results are interleaved [min0, max0, min1, max1, …].
 *
 * {@link PeakPyramid} answers any zoom in O(pixels · log) instead of O(samples): level 0 holds the
 * min/max of buckets of 2^BASE_SHIFT samples, level k of 2^(BASE_SHIFT+k) samples (each bucket
 * combines two of the level below). A pixel's range is covered exactly like a segment-tree query:
 * the unaligned samples at both ends read directly (< 2·2^BASE_SHIFT), the aligned middle from the
 * largest buckets that fit (≤ 2 per level). The result equals the per-sample loop exactly.
 */

/**
 * log2 of the samples in a level-0 bucket: 64, so the pyramid holds about n/16 floats (n/32 at level 0,
 * halving upwards): 7.2 MB per channel for 10 min at 48 kHz; a pixel reads at most 2 × 64 raw samples.
 */
export const BASE_SHIFT = 6;
const BASE = 1 << BASE_SHIFT;

/** Min/max per pixel of `channel[start, end)` at `samplesPerPixel` (≥ 1, may be fractional); ⌈n/spp⌉ pixels. */
export function computePeaks(channel: Float32Array, samplesPerPixel: number, start = 0, end = channel.length): Float32Array {
  if (!(samplesPerPixel >= 1)) throw new RangeError(`samplesPerPixel must be ≥ 1 (got ${samplesPerPixel}); below 1 sample per pixel draw the samples themselves`);
  start = Math.max(0, Math.floor(start));
  end = Math.min(channel.length, Math.floor(end));
  const n = Math.max(0, end - start);
  const width = Math.ceil(n / samplesPerPixel);
  const out = new Float32Array(2 * width);
  for (let i = 0; i < width; i++) {
    const a = start + Math.floor(i * samplesPerPixel);
    const b = Math.min(end, start + Math.floor((i + 1) * samplesPerPixel));
    let lo = channel[a], hi = lo;
    for (let j = a + 1; j < b; j++) {
      const v = channel[j];
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    out[2 * i] = lo;
    out[2 * i + 1] = hi;
  }
  return out;
}

/** What a zoom level draws: min/max pairs per pixel, or (at ≤ 1 sample per pixel) the samples themselves. */
export type PeaksView =
  | { kind: 'minmax'; start: number; end: number; width: number; samplesPerPixel: number; data: Float32Array }
  | { kind: 'samples'; start: number; end: number; width: number; samplesPerPixel: number; data: Float32Array };

export class PeakPyramid {
  /** levels[k]: interleaved min/max of buckets of 2^(BASE_SHIFT + k) samples. */
  readonly levels: Float32Array[];
  readonly length: number;

  constructor(readonly channel: Float32Array) {
    this.length = channel.length;
    this.levels = buildLevels(channel);
  }

  /** Bytes held by the pyramid (not counting the channel). */
  get byteLength(): number {
    return this.levels.reduce((s, l) => s + l.byteLength, 0);
  }

  /**
   * The view of samples [start, end) at `width` pixels: min/max pairs (exact), or the samples
   * themselves when there are no more samples than pixels (zoomed to sample level).
   */
  view(start: number, end: number, width: number): PeaksView {
    start = Math.max(0, Math.floor(start));
    end = Math.min(this.length, Math.floor(end));
    width = Math.max(1, Math.floor(width));
    const n = Math.max(0, end - start);
    const samplesPerPixel = n / width;
    if (n <= width) return { kind: 'samples', start, end, width, samplesPerPixel, data: this.channel.slice(start, end) };
    return { kind: 'minmax', start, end, width, samplesPerPixel, data: this.peaks(start, end, width) };
  }

  /** Exact min/max per pixel of [start, end) at `width` pixels (requires end − start ≥ width). */
  peaks(start: number, end: number, width: number, out = new Float32Array(2 * width)): Float32Array {
    const n = end - start;
    const tmp = [0, 0];
    for (let i = 0; i < width; i++) {
      this.rangeMinMax(start + Math.floor((i * n) / width), start + Math.floor(((i + 1) * n) / width), tmp);
      out[2 * i] = tmp[0];
      out[2 * i + 1] = tmp[1];
    }
    return out;
  }

  /** Min and max of samples [a, b) (b > a) into out[0], out[1]. */
  rangeMinMax(a: number, b: number, out: number[] | Float32Array): void {
    const ch = this.channel;
    let lo = Infinity, hi = -Infinity;
    // unaligned head and tail: raw samples
    const headEnd = Math.min(b, Math.ceil(a / BASE) * BASE);
    for (let j = a; j < headEnd; j++) {
      const v = ch[j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (headEnd < b) {
      const tailStart = Math.max(headEnd, Math.floor(b / BASE) * BASE);
      for (let j = tailStart; j < b; j++) {
        const v = ch[j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // aligned middle [headEnd, tailStart): bottom-up segment-tree walk over the levels
      let l = headEnd >> BASE_SHIFT, r = tailStart >> BASE_SHIFT;
      for (let k = 0; l < r; k++) {
        const lev = this.levels[k];
        if (l & 1) {
          if (lev[2 * l] < lo) lo = lev[2 * l];
          if (lev[2 * l + 1] > hi) hi = lev[2 * l + 1];
          l++;
        }
        if (r & 1) {
          r--;
          if (lev[2 * r] < lo) lo = lev[2 * r];
          if (lev[2 * r + 1] > hi) hi = lev[2 * r + 1];
        }
        l >>= 1;
        r >>= 1;
      }
    }
    out[0] = lo;
    out[1] = hi;
  }
}

/** Level 0 from the samples (buckets of BASE), then halve until one bucket is left. */
function buildLevels(ch: Float32Array): Float32Array[] {
  const levels: Float32Array[] = [];
  const n0 = Math.ceil(ch.length / BASE);
  if (n0 === 0) return levels;
  const l0 = new Float32Array(2 * n0);
  for (let i = 0; i < n0; i++) {
    const a = i * BASE, b = Math.min(ch.length, a + BASE);
    let lo = ch[a], hi = lo;
    for (let j = a + 1; j < b; j++) {
      const v = ch[j];
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    l0[2 * i] = lo;
    l0[2 * i + 1] = hi;
  }
  levels.push(l0);
  let prev = l0;
  while (prev.length > 2) {
    const m = prev.length >> 1; // buckets below
    const n = (m + 1) >> 1;
    const next = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const a = 4 * i;
      let lo = prev[a], hi = prev[a + 1];
      if (2 * i + 1 < m) {
        if (prev[a + 2] < lo) lo = prev[a + 2];
        if (prev[a + 3] > hi) hi = prev[a + 3];
      }
      next[2 * i] = lo;
      next[2 * i + 1] = hi;
    }
    levels.push(next);
    prev = next;
  }
  return levels;
}
