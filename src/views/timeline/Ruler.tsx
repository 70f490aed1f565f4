/**
 * The time ruler (sticky at the top of the lanes): round ticks labelled from the scene's start
 * ("1.5 s", "250 ms"), and the scrubber: press and drag on it to move the playhead, snapped to the
 * nearest sample time (hold Alt for no snapping). Scrubbing pauses playback. A plain wheel over
 * the ruler pans. Its corner holds the zoom buttons.
 */
import { useMemo } from 'react';
import { snapTime, rulerTicks } from './axis';
import { useKeyLabel } from '../../keyboard/react';
import { LABEL_W } from './layout';
import { useAxis } from './useTimeAxis';

export interface RulerProps {
  /** Sorted sample times of every stream (the snap points). */
  times: readonly number[];
  measure(el: HTMLElement | null): void;
  seek(t: number): void;
  onScrubStart(): void;
  zoom(factor: number): void;
  fit(): void;
}

export function Ruler({ times, measure, seek, onScrubStart, zoom, fit }: RulerProps) {
  const key = useKeyLabel();
  const hint = (id: string) => (key(id) ? ` (${key(id)})` : '');
  const axis = useAxis();
  const ticks = useMemo(() => rulerTicks(axis.view, axis.width, axis.origin), [axis.view, axis.width, axis.origin]);
  const seekAt = (e: React.PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const t = axis.t(Math.min(r.width, Math.max(0, e.clientX - r.left)));
    seek(e.altKey ? t : snapTime(times, t));
  };
  return (
    <div className="timeline-ruler-row">
      <div className="timeline-label timeline-corner zoom" role="group" aria-label="zoom" style={{ width: LABEL_W }}>
        <button aria-label="zoom out" title={`Zoom out${hint('timeline.zoomOut')}; Ctrl+wheel zooms at the pointer`} onClick={() => zoom(1 / 1.5)}>
          −
        </button>
        <button aria-label="zoom in" title={`Zoom in${hint('timeline.zoomIn')}`} onClick={() => zoom(1.5)}>
          +
        </button>
        <button aria-label="show the whole scene" title={`Whole scene${hint('timeline.zoomFit')}`} onClick={fit}>
          Fit
        </button>
      </div>
      <div
        className="timeline-ruler timeline-scrub"
        data-testid="timeline-scrub"
        data-view-start={axis.view.start}
        data-view-end={axis.view.end}
        ref={measure}
        title="Drag to scrub (snaps to samples; Alt: free). Wheel: pan. Ctrl+wheel: zoom."
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          onScrubStart();
          seekAt(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1 && e.currentTarget.hasPointerCapture(e.pointerId)) seekAt(e);
        }}
      >
        {ticks.map((k) => (
          <div key={k.t.toFixed(9)} className={k.major ? 'ruler-tick major' : 'ruler-tick'} style={{ left: axis.x(k.t) }}>
            {k.label ? <span className={axis.x(k.t) > axis.width - 44 ? 'ruler-label before' : 'ruler-label'}>{k.label}</span> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
