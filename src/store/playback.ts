/**
 * Playback: the scene clock advancing on its own. A small store beside the workbench store (one
 * per workbench store, `playbackOf(store)`): `playing`, `rate` (speed magnitude, 0.25×–4×) and
 * `direction` (+1 forward, −1 reverse). While playing, every animation frame moves the workbench
 * playhead to `anchor + direction × rate × (wall time since the anchor)`, so playback follows wall
 * time, not the frame count: a late frame jumps ahead instead of slowing the clock. The views
 * already follow the playhead ("the sample at or before t"), so this module only moves time.
 *
 * Seeking while playing (a click on the timeline, a step) re-anchors at the new playhead. Playback
 * stops at the end of the scene (or its start, in reverse); play at the end starts over.
 *
 * Shuttle (J/K/L, as in video editors): `shuttle(+1)` plays forward at 1×, and each further press
 * while playing forward doubles the speed up to 4×; `shuttle(−1)` the same backwards.
 *
 * Dropped frames: for every stream, each animation frame notes which sample the clock shows
 * (indexAtOrBefore). A sample whose time the playhead passed but that was never the one shown at
 * an animation frame (the next one came first) is dropped. `stats()` reports per stream and for
 * the slowest stream (the longest median sample period), plus the animation frame intervals; it
 * covers the last play run (from play to pause or end), seeks inside it included.
 *
 * The frame scheduler is injected (requestAnimationFrame in the browser, a fake clock in tests).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Scene } from '../core/schema';
import { indexAtOrBefore, sceneTime, sceneTimeRange } from '../core/time';
import type { WorkbenchStore } from './workbench';

export const PLAYBACK_RATES = [0.25, 0.5, 1, 2, 4] as const;
export const MIN_RATE = PLAYBACK_RATES[0];
export const MAX_RATE = PLAYBACK_RATES[PLAYBACK_RATES.length - 1];

export interface FrameScheduler {
  /** Milliseconds, monotonic. */
  now(): number;
  request(cb: () => void): number;
  cancel(id: number): void;
}

export interface StreamPlaybackStats {
  stream: string;
  sensor: string;
  /** Median time between consecutive samples (s); 0 for a single sample. */
  period: number;
  /** Samples whose time the playhead reached during the run (the one shown at the start included). */
  expected: number;
  /** Of those, the ones shown at some animation frame. */
  reached: number;
  /** expected − reached. */
  dropped: number;
}

export interface PlaybackStats {
  /** Animation frames that moved the playhead. */
  ticks: number;
  /** Wall time of the run (ms) and scene time it covered (s, absolute). */
  wallMs: number;
  sceneSeconds: number;
  /** Intervals between animation frames (ms). */
  tickMs: { median: number; p95: number; max: number };
  streams: StreamPlaybackStats[];
  /** The stream with the longest median period (the slowest), null when no stream has two samples. */
  slowest: string | null;
  /** Dropped samples of the slowest stream. */
  dropped: number;
}

export interface PlaybackState {
  playing: boolean;
  /** Speed magnitude, MIN_RATE..MAX_RATE. */
  rate: number;
  direction: 1 | -1;
  /** Start playing (at the current rate, forward unless told). At the end (start, in reverse) it starts over. */
  play(opts?: { direction?: 1 | -1; rate?: number }): void;
  pause(): void;
  toggle(): void;
  /** Set the speed (clamped to 0.25–4); while playing the playhead keeps its place. */
  setRate(rate: number): void;
  /** J / L: play in `direction` at 1×, or, already doing so, twice as fast (up to 4×). */
  shuttle(direction: 1 | -1): void;
  /** Figures of the current or last play run. */
  stats(): PlaybackStats;
}
export type PlaybackStore = StoreApi<PlaybackState>;

export const clampRate = (r: number): number => (Number.isFinite(r) ? Math.min(MAX_RATE, Math.max(MIN_RATE, r)) : 1);

export function browserScheduler(): FrameScheduler {
  return {
    now: () => performance.now(),
    request: (cb) => requestAnimationFrame(() => cb()),
    cancel: (id) => cancelAnimationFrame(id),
  };
}

const median = (xs: number[]): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs: number[], q: number): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** Per stream: which samples were shown at an animation frame, and the index ranges the playhead swept. */
interface StreamTrace {
  stream: string;
  sensor: string;
  period: number;
  shown: Uint8Array;
  swept: Uint8Array;
  last: number;
}

function streamPeriod(scene: Scene, k: number): number {
  const st = scene.streams[k];
  const n = st.samples.length;
  if (n < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < n; i++) d.push(sceneTime(st, i) - sceneTime(st, i - 1));
  return median(d);
}

class Run {
  readonly traces: StreamTrace[];
  readonly tickMs: number[] = [];
  ticks = 0;
  wallMs = 0;
  sceneSeconds = 0;
  private lastWall: number | null = null;

  constructor(
    readonly scene: Scene,
    t: number,
  ) {
    this.traces = scene.streams.map((st, k) => {
      const n = st.samples.length;
      return { stream: st.id, sensor: st.sensor, period: streamPeriod(scene, k), shown: new Uint8Array(n), swept: new Uint8Array(n), last: -2 };
    });
    this.restart(t);
  }

  /** A new segment at `t` (play start, or a seek while playing): the sample shown now counts as shown. */
  restart(t: number): void {
    this.scene.streams.forEach((st, k) => {
      const tr = this.traces[k];
      const i = indexAtOrBefore(st, t);
      tr.last = i;
      if (i >= 0) {
        tr.shown[i] = 1;
        tr.swept[i] = 1;
      }
    });
  }

  tick(t: number, prevT: number, wall: number): void {
    this.ticks++;
    if (this.lastWall !== null) {
      const dt = wall - this.lastWall;
      this.tickMs.push(dt);
      this.wallMs += dt;
    }
    this.lastWall = wall;
    this.sceneSeconds += Math.abs(t - prevT);
    this.scene.streams.forEach((st, k) => {
      const tr = this.traces[k];
      const i = indexAtOrBefore(st, t);
      if (i === tr.last) return;
      // every sample between the last one shown and this one was passed by the playhead
      const lo = Math.max(0, Math.min(i, tr.last));
      const hi = Math.max(i, tr.last);
      for (let j = lo; j <= hi; j++) tr.swept[j] = 1;
      if (i >= 0) tr.shown[i] = 1;
      tr.last = i;
    });
  }

  stats(): PlaybackStats {
    const streams: StreamPlaybackStats[] = this.traces.map((tr) => {
      let expected = 0;
      let reached = 0;
      for (let j = 0; j < tr.swept.length; j++) {
        if (!tr.swept[j]) continue;
        expected++;
        if (tr.shown[j]) reached++;
      }
      return { stream: tr.stream, sensor: tr.sensor, period: tr.period, expected, reached, dropped: expected - reached };
    });
    let slowest: StreamPlaybackStats | null = null;
    for (const s of streams) if (s.period > 0 && (!slowest || s.period > slowest.period)) slowest = s;
    return {
      ticks: this.ticks,
      wallMs: this.wallMs,
      sceneSeconds: this.sceneSeconds,
      tickMs: { median: median(this.tickMs), p95: quantile(this.tickMs, 0.95), max: this.tickMs.length ? Math.max(...this.tickMs) : 0 },
      streams,
      slowest: slowest?.stream ?? null,
      dropped: slowest?.dropped ?? 0,
    };
  }
}

const EMPTY_STATS: PlaybackStats = { ticks: 0, wallMs: 0, sceneSeconds: 0, tickMs: { median: 0, p95: 0, max: 0 }, streams: [], slowest: null, dropped: 0 };

export function createPlayback(store: WorkbenchStore, scheduler: FrameScheduler = browserScheduler()): PlaybackStore {
  /** Wall time and playhead the clock counts from; the playhead this module last set. */
  let anchor = { wall: 0, t: 0 };
  let lastSet = NaN;
  let frame: number | null = null;
  let run: Run | null = null;

  const range = () => {
    const scene = store.getState().scene;
    return scene ? sceneTimeRange(scene) : { start: 0, end: 0 };
  };

  const playback = createStore<PlaybackState>()((set, get) => {
    const stop = () => {
      if (frame !== null) scheduler.cancel(frame);
      frame = null;
      if (get().playing) set({ playing: false });
    };
    const reanchor = () => {
      anchor = { wall: scheduler.now(), t: store.getState().live.playhead };
    };
    const tick = () => {
      frame = null;
      const st = store.getState();
      if (!get().playing || !st.scene) return stop();
      const wall = scheduler.now();
      const prev = st.live.playhead;
      // someone else moved the playhead (a seek): count on from there
      if (Math.abs(prev - lastSet) > 1e-12) {
        anchor = { wall, t: prev };
        run?.restart(prev);
        lastSet = prev;
      }
      const { start, end } = range();
      const { rate, direction } = get();
      let t = anchor.t + (direction * rate * (wall - anchor.wall)) / 1000;
      const done = direction > 0 ? t >= end : t <= start;
      if (done) t = direction > 0 ? end : start;
      lastSet = t;
      st.setPlayhead(t);
      run?.tick(t, prev, wall);
      if (done) stop();
      else frame = scheduler.request(tick);
    };

    return {
      playing: false,
      rate: 1,
      direction: 1,
      play(opts) {
        const st = store.getState();
        if (!st.scene) return;
        const direction = opts?.direction ?? get().direction;
        const rate = opts?.rate !== undefined ? clampRate(opts.rate) : get().rate;
        const { start, end } = range();
        // at the end there is nothing left to play: start over
        if (direction > 0 && st.live.playhead >= end - 1e-9) st.setPlayhead(start);
        if (direction < 0 && st.live.playhead <= start + 1e-9) st.setPlayhead(end);
        reanchor();
        lastSet = store.getState().live.playhead;
        if (!get().playing) run = new Run(st.scene, lastSet);
        set({ playing: true, direction, rate });
        if (frame === null) frame = scheduler.request(tick);
      },
      pause: stop,
      toggle() {
        if (get().playing) stop();
        else get().play();
      },
      setRate(r) {
        const rate = clampRate(r);
        if (rate === get().rate) return;
        reanchor();
        lastSet = anchor.t;
        set({ rate });
      },
      shuttle(direction) {
        const s = get();
        if (s.playing && s.direction === direction) {
          if (s.rate < 1) s.play({ direction, rate: 1 });
          else s.setRate(Math.min(MAX_RATE, s.rate * 2));
        } else s.play({ direction, rate: 1 });
      },
      stats: () => run?.stats() ?? EMPTY_STATS,
    };
  });

  // a new document stops playback (its clock is another one)
  store.subscribe((s, prev) => {
    if (s.loads !== prev.loads || !s.scene) playback.getState().pause();
  });
  return playback;
}

const controllers = new WeakMap<WorkbenchStore, PlaybackStore>();

/** The one playback controller of a workbench store (created with requestAnimationFrame on first use). */
export function playbackOf(store: WorkbenchStore): PlaybackStore {
  let p = controllers.get(store);
  if (!p) controllers.set(store, (p = createPlayback(store)));
  return p;
}
