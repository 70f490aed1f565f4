import { describe, expect, it } from 'vitest';
import { clampView, fitView, followView, formatTick, MIN_SPAN, nearestTimeIndex, niceStep, panView, rulerTicks, snapTime, stepTime, zoomView } from './axis';

describe('timeline axis', () => {
  const bounds = fitView({ start: 0, end: 10 });

  it('fits the scene with a 4% margin; a single instant gets a 1 s window', () => {
    expect(bounds).toEqual({ start: -0.4, end: 10.4 });
    expect(fitView({ start: 5, end: 5 })).toEqual({ start: 4.5, end: 5.5 });
  });

  it('zooming keeps the time under the cursor in place, and stays within the scene and 1 ms', () => {
    const v = zoomView(bounds, 4, 2, bounds);
    expect(v.end - v.start).toBeCloseTo(10.8 / 4, 12);
    // 2 s was at (2 + 0.4) / 10.8 of the width before and after
    expect((2 - v.start) / (v.end - v.start)).toBeCloseTo(2.4 / 10.8, 12);
    expect(zoomView(bounds, 1e9, 3, bounds).end - zoomView(bounds, 1e9, 3, bounds).start).toBeCloseTo(MIN_SPAN, 12);
    expect(zoomView(v, 0.001, 2, bounds)).toEqual(bounds);
  });

  it('pans within the scene', () => {
    const v = { start: 2, end: 4 };
    expect(panView(v, 1, bounds)).toEqual({ start: 3, end: 5 });
    expect(panView(v, -100, bounds)).toEqual({ start: -0.4, end: 1.6 });
    expect(clampView({ start: 9, end: 12 }, bounds)).toEqual({ start: 7.4, end: 10.4 });
  });

  it('follows a moving time by turning the page', () => {
    const v = { start: 2, end: 4 };
    expect(followView(v, 3, bounds)).toBe(v);
    const next = followView(v, 4.5, bounds);
    expect(next.start).toBeCloseTo(4.3, 12);
    expect(next.end).toBeCloseTo(6.3, 12);
  });

  it('picks round steps of 1, 2, 5 × 10^k', () => {
    expect(niceStep(0.13)).toBeCloseTo(0.2, 12);
    expect(niceStep(0.2)).toBeCloseTo(0.2, 12);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(0.0004)).toBeCloseTo(0.0005, 12);
  });

  it('labels ticks in seconds, or milliseconds below 10 ms steps', () => {
    expect(formatTick(12, 5)).toBe('12 s');
    expect(formatTick(1.5, 0.5)).toBe('1.5 s');
    expect(formatTick(0.25, 0.05)).toBe('0.25 s');
    expect(formatTick(1.235, 0.005)).toBe('1235 ms');
    expect(formatTick(0.0125, 0.0005)).toBe('12.5 ms');
    expect(formatTick(-0, 0.1)).toBe('0.0 s');
  });

  it('puts labelled ticks at least minPx apart on round times from the origin', () => {
    // 10 s over 1000 px, ≥ 70 px apart: 1 s steps (100 px), minor ticks every 0.2 s (20 px)
    const ticks = rulerTicks({ start: 0, end: 10 }, 1000, 0);
    const major = ticks.filter((t) => t.major);
    expect(major.map((t) => t.label)).toEqual(['0 s', '1 s', '2 s', '3 s', '4 s', '5 s', '6 s', '7 s', '8 s', '9 s', '10 s']);
    expect(ticks.length).toBe(51);
    // counted from the scene's start: times 100.05 … 100.15 read 0.05 … 0.15 s
    const rel = rulerTicks({ start: 100.05, end: 100.15 }, 400, 100).filter((t) => t.major);
    expect(rel.map((t) => t.label)).toEqual(['0.06 s', '0.08 s', '0.10 s', '0.12 s', '0.14 s']);
  });

  it('snaps and steps over sorted sample times', () => {
    const ts = [0, 0.1, 0.2, 0.35];
    expect(nearestTimeIndex(ts, 0.14)).toBe(1);
    expect(nearestTimeIndex(ts, 0.15)).toBe(1); // tie → the earlier
    expect(nearestTimeIndex(ts, 9)).toBe(3);
    expect(nearestTimeIndex([], 1)).toBe(-1);
    expect(snapTime(ts, -1)).toBe(0);
    expect(stepTime(ts, 0.1, 1)).toBe(0.2);
    expect(stepTime(ts, 0.1, -1)).toBe(0);
    expect(stepTime(ts, 0.12, -1)).toBe(0.1);
    expect(stepTime(ts, 0.35, 1)).toBeUndefined();
    expect(stepTime(ts, 0, -1)).toBeUndefined();
  });
});
