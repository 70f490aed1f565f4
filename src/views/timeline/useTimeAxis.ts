/**
 * The timeline's visible window and lane width, shared by every lane through TimeAxisContext.
 * Local UI state (not persisted): the whole scene when a scene loads; zoom (Ctrl+wheel, the
 * buttons, +/−), pan (wheel, drag on empty lane), and it follows the playhead when the playhead
 * leaves the window (playback, stepping). The playhead is read by subscription, never rendered here.
 *
 * Lanes position by `x(t)` in px of the lane width (`width`, measured with a ResizeObserver on the
 * ruler's lane); a lane element spans the same width as the ruler's.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Scene } from '../../core/schema';
import { sceneTimeRange } from '../../core/time';
import type { WorkbenchStore } from '../../store';
import { clampView, fitView, followView, panView, spanOf, zoomView, type TimeView } from './axis';

export interface TimeAxis {
  view: TimeView;
  /** The widest window (the scene with its margin). */
  bounds: TimeView;
  /** The scene's first time: the ruler counts from here. */
  origin: number;
  /** Lane width in px (0 before the first measurement). */
  width: number;
  /** Scene time → px from the lane's left edge, and back. */
  x(t: number): number;
  t(px: number): number;
}

export const TimeAxisContext = createContext<TimeAxis | null>(null);

export function useAxis(): TimeAxis {
  const a = useContext(TimeAxisContext);
  if (!a) throw new Error('useAxis outside the timeline');
  return a;
}

export interface TimeAxisControls {
  axis: TimeAxis;
  /** Callback ref for the element whose width is the lane width (the ruler's lane). */
  measure(el: HTMLElement | null): void;
  zoom(factor: number, at?: number): void;
  pan(dt: number): void;
  fit(): void;
  setView(v: TimeView): void;
}

export function useTimeAxis(scene: Scene | null, store: WorkbenchStore): TimeAxisControls {
  const streams = scene?.streams;
  const range = useMemo(() => (streams ? sceneTimeRange({ streams } as Scene) : { start: 0, end: 0 }), [streams]);
  const bounds = useMemo(() => fitView(range), [range]);
  const [view, setViewState] = useState<TimeView>(bounds);
  const [width, setWidth] = useState(0);
  const viewRef = useRef(view);
  viewRef.current = view;

  // a new clock (another scene, streams edited): the whole scene again, or the old window kept inside it
  const sceneId = scene?.id;
  const lastId = useRef(sceneId);
  useEffect(() => {
    const fresh = lastId.current !== sceneId;
    lastId.current = sceneId;
    setViewState((v) => (fresh ? bounds : clampView(v, bounds)));
  }, [bounds, sceneId]);

  const setView = useCallback((v: TimeView) => setViewState(clampView(v, bounds)), [bounds]);

  // follow the playhead when it leaves the window
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.live.playhead === prev.live.playhead) return;
        const v = viewRef.current;
        const next = followView(v, s.live.playhead, bounds);
        if (next !== v) setViewState(next);
      }),
    [store, bounds],
  );

  const observer = useRef<ResizeObserver | null>(null);
  const measure = useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    setWidth(el.clientWidth);
    observer.current = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.current.observe(el);
  }, []);

  const zoom = useCallback(
    (factor: number, at?: number) =>
      setViewState((v) => {
        const p = store.getState().live.playhead;
        const about = at ?? (p >= v.start && p <= v.end ? p : (v.start + v.end) / 2);
        return zoomView(v, factor, about, bounds);
      }),
    [bounds, store],
  );
  const pan = useCallback((dt: number) => setViewState((v) => panView(v, dt, bounds)), [bounds]);
  const fit = useCallback(() => setViewState(bounds), [bounds]);

  const axis = useMemo<TimeAxis>(() => {
    const span = spanOf(view);
    return {
      view,
      bounds,
      origin: range.start,
      width,
      x: (t) => ((t - view.start) / span) * width,
      t: (px) => view.start + (px / Math.max(width, 1)) * span,
    };
  }, [view, bounds, range.start, width]);

  return { axis, measure, zoom, pan, fit, setView };
}
