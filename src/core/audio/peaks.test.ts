/**
 * Waveform peaks against a naive reference written separately here: for every pixel, scan its
 * samples one by one with Math.min/Math.max over plain numbers (no typed-array tricks, no pyramid).
 */
import { describe, expect, it } from 'vitest';
import { createAudioPeaksApi } from '../../workers/audioPeaks';
import { BASE_SHIFT, PeakPyramid, computePeaks } from './peaks';

/** Pixel i of a `width`-pixel view of [start, end): samples [start + ⌊i·n/width⌋, start + ⌊(i+1)·n/width⌋). */
function naiveByWidth(ch: Float32Array, start: number, end: number, width: number): number[] {
  const n = end - start;
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    let lo = Infinity, hi = -Infinity;
    for (let j = start + Math.floor((i * n) / width); j < start + Math.floor(((i + 1) * n) / width); j++) {
      lo = Math.min(lo, ch[j]);
      hi = Math.max(hi, ch[j]);
    }
    out.push(lo, hi);
  }
  return out;
}

/** Pixel i at s samples per pixel: [start + ⌊i·s⌋, min(end, start + ⌊(i+1)·s⌋)). */
function naiveBySpp(ch: Float32Array, spp: number, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; start + Math.floor(i * spp) < end; i++) {
    let lo = Infinity, hi = -Infinity;
    for (let j = start + Math.floor(i * spp); j < Math.min(end, start + Math.floor((i + 1) * spp)); j++) {
      lo = Math.min(lo, ch[j]);
      hi = Math.max(hi, ch[j]);
    }
    out.push(lo, hi);
  }
  return out;
}

/** Deterministic noisy signal: a chirp plus LCG noise plus a few spikes. */
function signal(n: number, seed = 7): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = 0.6 * Math.sin(0.0001 * i * i * 0.001 + i * 0.01) + 0.3 * (s / 2 ** 32 - 0.5);
  }
  for (const k of [3, 1000, 12_345, n - 1]) if (k < n) a[k] = k % 2 ? 0.99 : -0.97;
  return a;
}

describe('computePeaks', () => {
  it('equals the naive loop at integer and fractional samples per pixel, on sub-ranges', () => {
    const ch = signal(50_003);
    for (const [spp, start, end] of [
      [1, 0, 500],
      [7, 0, 50_003],
      [33.3, 17, 40_001],
      [1000, 5, 50_003],
      [50_003, 0, 50_003],
      [2.5, 49_990, 50_003],
    ] as const) {
      expect(Array.from(computePeaks(ch, spp, start, end)), `spp ${spp} [${start}, ${end})`).toEqual(naiveBySpp(ch, spp, start, end));
    }
  });

  it('rejects < 1 sample per pixel (draw the samples instead)', () => {
    expect(() => computePeaks(new Float32Array(10), 0.5)).toThrow(/samplesPerPixel must be ≥ 1/);
  });
});

describe('PeakPyramid', () => {
  const ch = signal(200_001);
  const pyr = new PeakPyramid(ch);

  it('answers every zoom exactly like the naive loop (aligned, unaligned, tiny and whole ranges)', () => {
    const cases: [number, number, number][] = [
      [0, 200_001, 1600],
      [0, 200_001, 7],
      [1, 200_000, 1599],
      [12_345, 12_345 + 3200, 1600], // 2 samples per pixel
      [12_345, 12_345 + 1601, 1600], // just above 1
      [99_999, 150_017, 333],
      [64, 64 * 1024, 1], // one pixel spanning aligned buckets
      [63, 64 * 1024 + 1, 3],
      [64 * 3, 64 * 3 + 64 * 2, 1], // exactly two level-0 buckets
      [200_000 - 40, 200_001, 2],
    ];
    for (const [s, e, w] of cases) expect(Array.from(pyr.peaks(s, e, w)), `[${s}, ${e}) at ${w} px`).toEqual(naiveByWidth(ch, s, e, w));
    // many random windows
    let seed = 99;
    const rnd = (m: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % m);
    for (let k = 0; k < 200; k++) {
      const s = rnd(200_000), e = s + 1 + rnd(200_001 - s - 1 + 1);
      const w = 1 + rnd(Math.max(1, Math.min(2000, e - s)));
      if (e - s < w) continue;
      expect(Array.from(pyr.peaks(s, e, w)), `random [${s}, ${e}) at ${w} px`).toEqual(naiveByWidth(ch, s, e, w));
    }
  });

  it('at ≤ 1 sample per pixel returns the samples themselves', () => {
    const v = pyr.view(1000, 1400, 1600);
    expect(v.kind).toBe('samples');
    expect(Array.from(v.data)).toEqual(Array.from(ch.subarray(1000, 1400)));
    const m = pyr.view(1000, 5000, 1600);
    expect(m.kind).toBe('minmax');
    expect(m.samplesPerPixel).toBe(2.5);
  });

  it('is small: about n/16 floats, levels halving from 2^BASE_SHIFT = 64 samples per bucket', () => {
    expect(BASE_SHIFT).toBe(6);
    expect(pyr.levels[0].length).toBe(2 * Math.ceil(200_001 / 64));
    expect(pyr.levels[pyr.levels.length - 1].length).toBe(2);
    expect(pyr.byteLength / 4).toBeLessThan(200_001 / 16 + 64);
    // the top bucket holds the global min and max
    expect(Array.from(pyr.levels[pyr.levels.length - 1])).toEqual(naiveByWidth(ch, 0, ch.length, 1));
  });

  it('handles empty and tiny clips', () => {
    expect(new PeakPyramid(new Float32Array(0)).view(0, 0, 100).data.length).toBe(0);
    const tiny = new Float32Array([0.5, -0.25, 0.75]);
    expect(Array.from(new PeakPyramid(tiny).peaks(0, 3, 1))).toEqual([-0.25, 0.75]);
  });
});

describe('the waveform worker API (createAudioPeaksApi, what audio.worker.ts exposes)', () => {
  it('loads channels, answers per-channel views by seconds, and names a missing clip', () => {
    const api = createAudioPeaksApi();
    const left = signal(48_000 * 2, 1), right = signal(48_000 * 2, 2);
    const info = api.load('clip', [left, right], 48_000);
    expect(info).toMatchObject({ channels: 2, length: 96_000, duration: 2, sampleRate: 48_000 });
    const v = api.viewSeconds('clip', 1, 0.5, 1.5, 800);
    expect(v.kind).toBe('minmax');
    expect(Array.from(v.data)).toEqual(naiveByWidth(right, 24_000, 72_000, 800));
    expect(() => api.view('nope', 0, 0, 10, 10)).toThrow('waveform: no audio loaded under "nope"');
    expect(() => api.view('clip', 2, 0, 10, 10)).toThrow('clip: no channel 2');
  });
});
