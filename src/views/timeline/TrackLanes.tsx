/**
 * Track bars: one row per object (ordered by first appearance), a thin bar per modality (camera,
 * video, LiDAR, audio) where the object is labelled (trackLanes.ts): solid where a keyframe's
 * sample is shown, lighter and striped where the frames are interpolated, nothing in a gap;
 * keyframes as diamonds (left out where samples are closer than 5 px), not-visible marks as ×, an
 * object's lifetime without geometry as a dashed outline. Clicking a bar seeks to the labelled
 * sample under the pointer and selects the object and that annotation; clicking the name selects
 * the object everywhere. Pressing an empty part of a row and dragging pans.
 */
import { memo, useEffect, useRef } from 'react';
import type { Scene } from '../../core/schema';
import { selectObjectEverywhere } from '../../hooks/selection';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { LABEL_W } from './layout';
import { cellAt, type ModalityBar, type ObjectBars } from './trackLanes';
import { useAxis, type TimeAxis } from './useTimeAxis';

const KIND_SHORT: Record<string, string> = { camera: 'C', video: 'V', lidar: 'L', audio: 'A', text: 'T' };

export interface TrackLanesProps {
  scene: Scene;
  bars: readonly ObjectBars[];
  colorOf(classId: string): string;
  onPanStart(e: React.PointerEvent): void;
}

export function TrackLanes({ scene, bars, colorOf, onPanStart }: TrackLanesProps) {
  const axis = useAxis();
  const selected = useWorkbench((s) => s.session.selectedObjectId);
  if (!bars.length) return null;
  return (
    <>
      <div className="lane-heading">Tracks · {bars.length}</div>
      {bars.map((b) => {
        const o = scene.objects[b.object];
        if (!o) return null;
        const cls = scene.taxonomy.classes.find((c) => c.id === o.classId);
        return <TrackRow key={b.object} bars={b} name={o.name ?? `${cls?.name ?? o.classId} ${shortId(o.id)}`} color={colorOf(o.classId)} axis={axis} selected={selected === b.object} onPanStart={onPanStart} />;
      })}
    </>
  );
}

const shortId = (id: string) => (id.length > 8 ? id.slice(-4) : id);

interface RowProps {
  bars: ObjectBars;
  name: string;
  color: string;
  axis: TimeAxis;
  selected: boolean;
  onPanStart(e: React.PointerEvent): void;
}

const TrackRow = memo(function TrackRow({ bars, name, color, axis, selected, onPanStart }: RowProps) {
  const store = useWorkbenchStore();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  /** A press on a bar: the labelled sample under it (within 4 px) is sought and selected; elsewhere it pans. */
  const seekCell = (bar: ModalityBar, e: React.PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const cell = cellAt(bar, axis.t(px));
    if (!cell || px < axis.x(cell.start) - 4 || px > axis.x(cell.end) + 4) return onPanStart(e);
    const st = store.getState();
    st.setPlayhead(cell.start);
    st.select(bars.object, cell.annotation);
  };
  return (
    <div ref={ref} className={`lane-row track-row${selected ? ' selected' : ''}`} data-object={bars.object}>
      <button className="timeline-label track-label" style={{ width: LABEL_W }} aria-pressed={selected} onClick={() => selectObjectEverywhere(store, bars.object)} title={`${name}: select everywhere`}>
        <span className="dot" style={{ background: color }} />
        <span className="track-name">{name}</span>
        <span className="kinds">
          {bars.bars.map((b) => (
            <span key={b.kind} className={`kind-tag kind-${b.kind}`}>
              {KIND_SHORT[b.kind] ?? b.kind}
            </span>
          ))}
        </span>
      </button>
      <div className="timeline-track track-lanes" onPointerDown={(e) => e.target === e.currentTarget && onPanStart(e)}>
        {bars.lifetime.map((l, i) => (
          <div key={`life${i}`} className="lifetime" style={spanStyle(axis, l.start, l.end)} title="lifetime (no geometry)" />
        ))}
        {bars.bars.map((bar) => (
          <Bar key={bar.kind} bar={bar} color={color} axis={axis} onSeek={seekCell} />
        ))}
      </div>
    </div>
  );
});

function spanStyle(axis: TimeAxis, start: number, end: number): React.CSSProperties {
  const x0 = Math.max(-2, axis.x(start));
  const x1 = Math.min(axis.width + 2, axis.x(end));
  return { left: x0, width: Math.max(3, x1 - x0) };
}

function Bar({ bar, color, axis, onSeek }: { bar: ModalityBar; color: string; axis: TimeAxis; onSeek(bar: ModalityBar, e: React.PointerEvent<HTMLDivElement>): void }) {
  const { start, end } = axis.view;
  const visible = (a: number, b: number) => b >= start && a <= end;
  // diamonds only where keyframes are far enough apart to tell apart
  const pxPerS = axis.width / (end - start);
  let minGap = Infinity;
  for (let i = 1; i < bar.keyframes.length; i++) minGap = Math.min(minGap, (bar.keyframes[i] - bar.keyframes[i - 1]) * pxPerS);
  const diamonds = minGap >= 5;
  return (
    <div
      className="track-bar"
      data-kind={bar.kind}
      data-testid="track-bar"
      title={`${bar.kind} (${bar.sensors.join(', ')}): click to seek and select`}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.stopPropagation();
        onSeek(bar, e);
      }}
    >
      {bar.runs.map((r) =>
        visible(r.start, r.end) ? <div key={`${r.start}|${r.interpolated}`} className={r.interpolated ? 'run interpolated' : 'run'} style={{ ...spanStyle(axis, r.start, r.end), background: color }} data-start={r.start} data-end={r.end} /> : null,
      )}
      {diamonds
        ? bar.keyframes.map((t) => (visible(t, t) ? <div key={t} className="keyframe" data-testid="keyframe" data-t={t} style={{ left: axis.x(t), borderColor: color }} /> : null))
        : null}
      {bar.notVisible.map((t) => (visible(t, t) ? <div key={`nv${t}`} className="not-visible" style={{ left: axis.x(t) }} title="marked not visible" /> : null))}
    </div>
  );
}
