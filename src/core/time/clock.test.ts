import { describe, expect, it } from 'vitest';
import type { Stream } from '../schema';
import { indexAtOrBefore, nearestIndex, sampleAt, sceneTime } from './clock';

const stream = (ts: number[], offset = 0, drift = 0): Stream => ({
  id: 's',
  sensor: 'cam',
  offset,
  drift,
  samples: ts.map((t, i) => ({ id: `f${i}`, t })),
});

describe('one clock', () => {
  it('finds the sample at or before t by binary search', () => {
    const s = stream([0, 0.1, 0.2, 0.3]);
    expect(indexAtOrBefore(s, -0.05)).toBe(-1);
    expect(indexAtOrBefore(s, 0)).toBe(0);
    expect(indexAtOrBefore(s, 0.15)).toBe(1);
    expect(indexAtOrBefore(s, 0.2)).toBe(2);
    expect(indexAtOrBefore(s, 9)).toBe(3);
    expect(sampleAt(s, -1)?.id).toBe('f0');
  });

  it('applies a measured offset and drift to every sample', () => {
    const s = stream([10, 11, 12], 0.05, 0.001);
    expect(sceneTime(s, 0)).toBeCloseTo(10.05, 12);
    expect(sceneTime(s, 2)).toBeCloseTo(12.05 + 0.002, 12);
    // a sample at 11 s own-clock appears at 11.051 s on the scene clock
    expect(indexAtOrBefore(s, 11.0505)).toBe(0);
    expect(indexAtOrBefore(s, 11.0515)).toBe(1);
  });

  it('picks the nearest sample, ties to the earlier', () => {
    const s = stream([0, 1, 2]);
    expect(nearestIndex(s, 0.4)).toBe(0);
    expect(nearestIndex(s, 0.5)).toBe(0);
    expect(nearestIndex(s, 0.6)).toBe(1);
    expect(nearestIndex(s, 7)).toBe(2);
    expect(nearestIndex(s, -3)).toBe(0);
  });
});
