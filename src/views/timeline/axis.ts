/**
 * The timeline's time axis, pure: the visible window `[start, end]` in scene seconds, zoom about a
 * time, pan, keeping the window inside the scene, the ruler's ticks and their labels, and snapping
 * to sample times. Pixels only enter as the lane width passed in.
 */

export interface TimeView {
  start: number;
  end: number;
}

/** The narrowest window (s): 1 ms across the lane. */
export const MIN_SPAN = 1e-3;

export const spanOf = (v: TimeView): number => v.end - v.start;

/** The whole scene with a margin so its first and last samples sit off the edges. */
export function fitView(range: TimeView): TimeView {
  const span = range.end - range.start;
  if (!(span > MIN_SPAN)) {
    const mid = (range.start + range.end) / 2;
    return { start: mid - 0.5, end: mid + 0.5 };
  }
  const pad = span * 0.04;
  return { start: range.start - pad, end: range.end + pad };
}

/** `v` moved (not resized) into `bounds`; a window wider than the bounds becomes the bounds. */
export function clampView(v: TimeView, bounds: TimeView): TimeView {
  const span = spanOf(v);
  if (span >= spanOf(bounds)) return { ...bounds };
  if (v.start < bounds.start) return { start: bounds.start, end: bounds.start + span };
  if (v.end > bounds.end) return { start: bounds.end - span, end: bounds.end };
  return v;
}

/** Zoom by `factor` (> 1 zooms in) keeping scene time `at` where it is on screen. */
export function zoomView(v: TimeView, factor: number, at: number, bounds: TimeView): TimeView {
  const span = spanOf(v);
  const next = Math.min(spanOf(bounds), Math.max(MIN_SPAN, span / factor));
  const f = span > 0 ? (at - v.start) / span : 0.5;
  const start = at - f * next;
  return clampView({ start, end: start + next }, bounds);
}

export const panView = (v: TimeView, dt: number, bounds: TimeView): TimeView => clampView({ start: v.start + dt, end: v.end + dt }, bounds);

/** Keep `t` in view while it moves (playback): a `t` that left the window turns the page to put it near the left edge. */
export function followView(v: TimeView, t: number, bounds: TimeView): TimeView {
  if (t >= v.start && t <= v.end) return v;
  const span = spanOf(v);
  return clampView({ start: t - span * 0.1, end: t + span * 0.9 }, bounds);
}

/** Fraction of the lane width at which scene time `t` lies (may be outside 0..1). */
export const fractionOf = (v: TimeView, t: number): number => (t - v.start) / spanOf(v);
/** Scene time at a fraction of the lane width. */
export const timeAt = (v: TimeView, f: number): number => v.start + f * spanOf(v);

/** The smallest of 1, 2, 5 × 10^k that is at least `min` (s). */
export function niceStep(min: number): number {
  if (!(min > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(min)));
  for (const m of [1, 2, 5, 10]) if (m * p >= min * (1 - 1e-9)) return m * p;
  return 10 * p;
}

export interface RulerTick {
  /** Scene time (s). */
  t: number;
  major: boolean;
  /** For major ticks: the time since the scene's start, e.g. "1.5 s", "250 ms". */
  label?: string;
}

/**
 * Ruler ticks for a lane `width` px wide: major (labelled) ticks at least `minPx` apart on a round
 * step counted from `origin` (the scene's start), 5 minor ticks per major step when they fit.
 */
export function rulerTicks(v: TimeView, width: number, origin: number, minPx = 70): RulerTick[] {
  const span = spanOf(v);
  if (!(width > 0) || !(span > 0)) return [];
  const step = niceStep((span * minPx) / width);
  const minor = (step / 5) * (width / span) >= 8 ? step / 5 : step / 2;
  const out: RulerTick[] = [];
  const first = Math.ceil((v.start - origin) / minor - 1e-9);
  const last = Math.floor((v.end - origin) / minor + 1e-9);
  const perMajor = Math.round(step / minor);
  for (let k = first; k <= last && out.length < 2000; k++) {
    const rel = k * minor;
    const major = ((k % perMajor) + perMajor) % perMajor === 0;
    out.push(major ? { t: origin + rel, major, label: formatTick(rel, step) } : { t: origin + rel, major });
  }
  return out;
}

/** A ruler label: seconds when the step is 10 ms or more ("12 s", "1.5 s", "0.25 s"), else milliseconds ("1235 ms", "12.5 ms"). */
export function formatTick(rel: number, step: number): string {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  if (decimals <= 2) {
    const s = rel.toFixed(decimals);
    return `${s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s} s`;
  }
  const ms = (rel * 1000).toFixed(Math.max(0, decimals - 3));
  return `${/^-0(\.0*)?$/.test(ms) ? ms.slice(1) : ms} ms`;
}

/** Index in the sorted `times` of the one nearest `t` (ties: the earlier); -1 for an empty list. */
export function nearestTimeIndex(times: readonly number[], t: number): number {
  const n = times.length;
  if (!n) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  // lo: first >= t
  if (lo > 0 && t - times[lo - 1] <= times[lo] - t) return lo - 1;
  return lo;
}

/** `t` snapped to the nearest of the sorted `times` (or `t` itself when there are none). */
export function snapTime(times: readonly number[], t: number): number {
  const i = nearestTimeIndex(times, t);
  return i < 0 ? t : times[i];
}

/** The first of the sorted `times` after `t` (dir 1) or the last before it (dir −1), or undefined. */
export function stepTime(times: readonly number[], t: number, dir: 1 | -1): number | undefined {
  let lo = 0;
  let hi = times.length;
  // first index with times[i] > t + eps
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] > t + 1e-9) hi = mid;
    else lo = mid + 1;
  }
  if (dir > 0) return times[lo];
  // last index with times[i] < t - eps
  let j = lo - 1;
  while (j >= 0 && times[j] >= t - 1e-9) j--;
  return j >= 0 ? times[j] : undefined;
}
