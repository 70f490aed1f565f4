/**
 * Pure geometry of editing time segments on a waveform, in scene seconds: creating by dragging,
 * moving by the body, trimming by an edge, and snapping an edge to the nearest zero crossing of
 * the audio (so a cut lands where the signal crosses zero and plays back without a click).
 */

export type SegmentDrag = 'create' | 'move' | 'start' | 'end';

export interface Span {
  start: number;
  end: number;
}

/** Shortest segment a drag leaves (s). */
export const MIN_SEGMENT = 1e-3;

/**
 * The segment while dragging: `from` is where the press was (scene s), `to` where the pointer is,
 * `orig` the segment before the drag (ignored by `create`), `bounds` the time it must stay in.
 * An edge dragged past the other swaps roles (the segment never turns negative).
 */
export function dragSegment(mode: SegmentDrag, orig: Span, from: number, to: number, bounds: Span): Span {
  const clamp = (t: number) => Math.min(bounds.end, Math.max(bounds.start, t));
  switch (mode) {
    case 'create': {
      const a = clamp(from), b = clamp(to);
      return { start: Math.min(a, b), end: Math.max(a, b) };
    }
    case 'move': {
      const len = orig.end - orig.start;
      let d = to - from;
      d = Math.max(bounds.start - orig.start, Math.min(bounds.end - orig.end, d));
      if (len > bounds.end - bounds.start) d = bounds.start - orig.start;
      return { start: orig.start + d, end: orig.start + d + len };
    }
    case 'start':
    case 'end': {
      const fixed = mode === 'start' ? orig.end : orig.start;
      const moved = clamp((mode === 'start' ? orig.start : orig.end) + (to - from));
      return { start: Math.min(fixed, moved), end: Math.max(fixed, moved) };
    }
  }
}

/**
 * The zero crossing of `samples` nearest to scene time `t`, within `window` seconds, or `t` itself
 * when there is none (silence is all zeros and has no crossing). `origin` is the scene time of
 * sample 0 and `rate` its sample rate (samples per scene second). A crossing is a strict change of
 * sign between two consecutive samples (or a sample exactly 0 between a positive and a negative
 * one); its time is interpolated linearly between the two samples.
 */
export function snapToZeroCrossing(samples: Float32Array, rate: number, origin: number, t: number, window: number): number {
  const n = samples.length;
  if (n < 2 || !(rate > 0)) return t;
  const pos = (t - origin) * rate;
  const lo = Math.max(1, Math.floor(pos - window * rate));
  const hi = Math.min(n - 1, Math.ceil(pos + window * rate));
  let best = NaN;
  let bestD = Infinity;
  for (let i = lo; i <= hi; i++) {
    const a = samples[i - 1], b = samples[i];
    let at: number;
    if ((a < 0 && b > 0) || (a > 0 && b < 0)) at = i - 1 + a / (a - b);
    else if (b === 0 && i + 1 < n && ((a < 0 && samples[i + 1] > 0) || (a > 0 && samples[i + 1] < 0))) at = i;
    else continue;
    const d = Math.abs(at - pos);
    if (d < bestD) {
      bestD = d;
      best = at;
    }
  }
  return Number.isNaN(best) || bestD > window * rate ? t : origin + best / rate;
}
