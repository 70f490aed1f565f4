import { describe, expect, it } from 'vitest';
import { dragSegment, snapToZeroCrossing } from './segmentEdit';

const bounds = { start: 0, end: 10 };

describe('dragSegment', () => {
  it('creates from the press to the pointer in either direction, inside the bounds', () => {
    expect(dragSegment('create', { start: 0, end: 0 }, 2, 3.5, bounds)).toEqual({ start: 2, end: 3.5 });
    expect(dragSegment('create', { start: 0, end: 0 }, 2, 1, bounds)).toEqual({ start: 1, end: 2 });
    expect(dragSegment('create', { start: 0, end: 0 }, 9, 12, bounds)).toEqual({ start: 9, end: 10 });
  });
  it('moves keeping the length, stopping at the bounds', () => {
    expect(dragSegment('move', { start: 2, end: 3 }, 2.5, 4, bounds)).toEqual({ start: 3.5, end: 4.5 });
    expect(dragSegment('move', { start: 2, end: 3 }, 2.5, 20, bounds)).toEqual({ start: 9, end: 10 });
    expect(dragSegment('move', { start: 2, end: 3 }, 2.5, -20, bounds)).toEqual({ start: 0, end: 1 });
  });
  it('trims one edge; past the other edge the roles swap', () => {
    expect(dragSegment('end', { start: 2, end: 3 }, 3, 3.25, bounds)).toEqual({ start: 2, end: 3.25 });
    expect(dragSegment('start', { start: 2, end: 3 }, 2, 2.5, bounds)).toEqual({ start: 2.5, end: 3 });
    expect(dragSegment('start', { start: 2, end: 3 }, 2, 4, bounds)).toEqual({ start: 3, end: 4 });
  });
});

describe('snapToZeroCrossing', () => {
  // reference: a 220 Hz sine at 16 kHz starting at phase 0 at 0.5 s crosses zero at 0.5 + k / 440 s
  const rate = 16000;
  const x = new Float32Array(2 * rate);
  for (let i = 0; i < x.length; i++) {
    const t = i / rate;
    x[i] = t >= 0.5 && t < 1.5 ? 0.5 * Math.sin(2 * Math.PI * 220 * (t - 0.5)) : 0;
  }
  it('lands on the nearest crossing of the sine, to a fraction of a sample', () => {
    for (const t of [0.6, 0.7123, 1.0, 1.2345]) {
      const k = Math.round((t - 0.5) * 440);
      // the nearest crossing is at most half a period (1/880 s) away
      expect(Math.abs(snapToZeroCrossing(x, rate, 0, t, 0.005) - (0.5 + k / 440))).toBeLessThan(0.05 / rate);
    }
  });
  it('respects the scene origin of the file', () => {
    expect(snapToZeroCrossing(x, rate, 3, 3.7123, 0.005)).toBeCloseTo(3 + 0.5 + 93 / 440, 5);
  });
  it('leaves the time alone in silence or beyond the window', () => {
    expect(snapToZeroCrossing(x, rate, 0, 0.2, 0.005)).toBe(0.2);
    expect(snapToZeroCrossing(x, rate, 0, 1.8, 0.005)).toBe(1.8);
    // 0.5 + 0.25/440: a quarter period from a crossing, a window of 0.1 ms finds none
    expect(snapToZeroCrossing(x, rate, 0, 0.5 + 0.25 / 440 + 1e-4 + 1 / 440, 1e-4)).toBe(0.5 + 0.25 / 440 + 1e-4 + 1 / 440);
  });
});
