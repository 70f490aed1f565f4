/**
 * Timeline: every stream on the one scene clock, one row each with a tick per sample, and a
 * scrubber. Dragging snaps to sample times; ←/→ step to the previous/next sample time.
 */
import { useCallback, useMemo, useRef } from 'react';
import { allSampleTimes, sceneTime, sceneTimeRange } from '../../core/time';
import { useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';

const LABEL_W = 110;

export function TimelinePane() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const playhead = useWorkbench((s) => s.live.playhead);
  const trackRef = useRef<HTMLDivElement>(null);
  const range = useMemo(() => (scene ? sceneTimeRange(scene) : { start: 0, end: 0 }), [scene]);
  const times = useMemo(() => (scene ? allSampleTimes(scene) : []), [scene]);
  const span = Math.max(range.end - range.start, 1e-6);
  // leave a margin so the first and last ticks are not on the edge
  const pad = span * 0.04 + 1e-3;
  const x = (t: number) => ((t - range.start + pad) / (span + 2 * pad)) * 100;

  const snap = useCallback(
    (t: number) => {
      let best = times[0] ?? 0;
      for (const s of times) if (Math.abs(s - t) < Math.abs(best - t)) best = s;
      return best;
    },
    [times],
  );
  const seekToClientX = useCallback(
    (clientX: number) => {
      const el = trackRef.current;
      if (!el) return;
      const r = el.getBoundingClientRect();
      const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
      const t = range.start - pad + f * (span + 2 * pad);
      store.getState().setPlayhead(snap(t));
    },
    [range.start, pad, span, snap, store],
  );
  const step = useCallback(
    (dir: 1 | -1) => {
      const t = store.getState().live.playhead;
      const next = dir > 0 ? times.find((s) => s > t + 1e-9) : [...times].reverse().find((s) => s < t - 1e-9);
      if (next !== undefined) store.getState().setPlayhead(next);
    },
    [times, store],
  );

  if (!scene) return <div className="pane-empty">No scene</div>;
  const frameIndex = times.findIndex((t) => Math.abs(t - playhead) < 1e-9);

  return (
    <div
      className="timeline-pane"
      data-testid="timeline-pane"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          step(e.key === 'ArrowRight' ? 1 : -1);
        }
      }}
    >
      <div className="pane-toolbar">
        <span className="pane-title">Timeline</span>
        <button aria-label="previous frame" onClick={() => step(-1)}>
          ◀
        </button>
        <button aria-label="next frame" onClick={() => step(1)}>
          ▶
        </button>
        <span data-testid="playhead-readout">
          t = {playhead.toFixed(3)} s{frameIndex >= 0 ? ` · frame ${frameIndex + 1}/${times.length}` : ''}
        </span>
      </div>
      <div className="timeline-body">
        {scene.streams.map((st) => {
          const sensor = scene.sensors.find((s) => s.id === st.sensor);
          return (
            <div className="timeline-row" key={st.id} data-stream={st.id}>
              <div className="timeline-label" style={{ width: LABEL_W }} title={`${sensor?.kind ?? ''} ${st.sensor}${st.offset ? `, offset ${st.offset * 1000} ms` : ''}`}>
                {sensor?.name ?? st.sensor}
              </div>
              <div className="timeline-track">
                {st.samples.map((s, i) => (
                  <div key={s.id} className="tick" style={{ left: `${x(sceneTime(st, i))}%` }} title={`${s.id} @ ${sceneTime(st, i).toFixed(3)} s`} />
                ))}
              </div>
            </div>
          );
        })}
        <div
          className="timeline-scrub"
          data-testid="timeline-scrub"
          ref={trackRef}
          style={{ left: LABEL_W }}
          onPointerDown={(e) => {
            (e.target as HTMLElement).setPointerCapture(e.pointerId);
            seekToClientX(e.clientX);
          }}
          onPointerMove={(e) => {
            if (e.buttons & 1) seekToClientX(e.clientX);
          }}
        >
          <div className="playhead" style={{ left: `${x(playhead)}%` }} />
        </div>
      </div>
    </div>
  );
}
