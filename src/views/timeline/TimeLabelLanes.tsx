/**
 * Lanes for time labels that belong to no geometry (scene.timeLabels): actions (intervals),
 * events (instants, drawn as markers) and contexts (intervals; none = the whole scene). Every edit
 * goes through the time-label commands (src/core/commands/timeLabels.ts), so it is undoable:
 * - create: drag on the empty action or context lane (click on the events lane), then type the
 *   type in the field that opens and press Enter (Esc cancels); "+ whole scene" on the contexts
 *   lane makes a context that holds everywhere; A makes a one-sample action at the playhead;
 * - select: click; Del deletes the selected interval (the whole label when it has one);
 * - move: drag the body; trim: drag an edge; snapped to sample times (Alt: free); one undo step;
 * - rename: double-click.
 * Labels of one kind that overlap in time stack in rows.
 */
import { useMemo, useRef, useState } from 'react';
import { createTimeLabel, setTimeLabelInterval, updateTimeLabel } from '../../core/commands/timeLabels';
import { newId } from '../../core/commands/ids';
import type { Scene, TimeLabel, TimeLabelKind } from '../../core/schema';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { snapTime } from './axis';
import { LABEL_W } from './layout';
import { stackItems, type LabelItem as Item } from './labelLayout';
import { useAxis } from './useTimeAxis';

export interface LabelSelection {
  id: string;
  /** Interval index; -1 for a label that holds over the whole scene. */
  index: number;
}

/** A label being created or renamed: the type field is open. */
export type LabelDraft = { mode: 'create'; kind: TimeLabelKind; start: number; end: number; whole?: boolean } | { mode: 'rename'; id: string; kind: TimeLabelKind; start: number; end: number };

export interface TimeLabelLanesProps {
  scene: Scene;
  /** Sorted sample times: the snap points. */
  times: readonly number[];
  /** The scene's time range, to where its last samples stop showing (a whole-scene context spans it). */
  range: { start: number; end: number };
  selected: LabelSelection | null;
  onSelect(sel: LabelSelection | null): void;
  draft: LabelDraft | null;
  setDraft(d: LabelDraft | null): void;
}

const KINDS: { kind: TimeLabelKind; title: string; hint: string }[] = [
  { kind: 'action', title: 'Actions', hint: 'Drag to add an action' },
  { kind: 'event', title: 'Events', hint: 'Click to add an event' },
  { kind: 'context', title: 'Contexts', hint: 'Drag to add a context' },
];
const PREFIX: Record<TimeLabelKind, string> = { action: 'act', event: 'evt', context: 'ctx' };
const ROW_H = 20;
/** An event marker's width (px) for stacking (its label is drawn beside it). */
const EVENT_W = 70;

type Drag =
  | { mode: 'create'; kind: TimeLabelKind; t0: number; x0: number; moved: boolean }
  | { mode: 'move' | 'start' | 'end'; id: string; kind: TimeLabelKind; index: number; orig: { start: number; end: number }; grab: number; x0: number; moved: boolean; began: boolean; last: { start: number; end: number } };

export function TimeLabelLanes(props: TimeLabelLanesProps) {
  const { scene } = props;
  const byKind = useMemo(() => {
    const m: Record<TimeLabelKind, TimeLabel[]> = { action: [], event: [], context: [] };
    for (const l of Object.values(scene.timeLabels)) m[l.kind].push(l);
    return m;
  }, [scene.timeLabels]);
  return (
    <>
      {KINDS.map((k) => (
        <LabelLane key={k.kind} {...props} kind={k.kind} title={k.title} hint={k.hint} labels={byKind[k.kind]} />
      ))}
    </>
  );
}

function LabelLane({ kind, title, hint, labels, times, range, selected, onSelect, draft, setDraft, scene }: TimeLabelLanesProps & { kind: TimeLabelKind; title: string; hint: string; labels: TimeLabel[] }) {
  const axis = useAxis();
  const store = useWorkbenchStore();
  const laneRef = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const [sketch, setSketch] = useState<{ start: number; end: number } | null>(null);
  const pxPerS = axis.width / (axis.view.end - axis.view.start);
  const items = useMemo(() => stackItems(labels, range, kind === 'event' ? EVENT_W / Math.max(pxPerS, 1e-9) : 0), [labels, range, kind, pxPerS]);
  const rows = Math.max(1, ...items.map((i) => i.row + 1), draft?.kind === kind ? 1 : 0);
  const types = useMemo(() => [...new Set(Object.values(scene.timeLabels).filter((l) => l.kind === kind).map((l) => l.type))].sort(), [scene.timeLabels, kind]);

  const timeAt = (clientX: number, free: boolean) => {
    const r = laneRef.current!.getBoundingClientRect();
    const t = axis.t(clientX - r.left);
    return free ? t : snapTime(times, t);
  };

  const onLaneDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || e.target !== e.currentTarget) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const t0 = timeAt(e.clientX, e.altKey);
    drag.current = { mode: 'create', kind, t0, x0: e.clientX, moved: false };
    if (kind !== 'event') setSketch({ start: t0, end: t0 });
  };
  const onItemDown = (e: React.PointerEvent, it: Item, mode: 'move' | 'start' | 'end') => {
    if (e.button !== 0) return;
    e.stopPropagation();
    laneRef.current?.setPointerCapture(e.pointerId);
    onSelect({ id: it.id, index: it.index });
    if (it.index < 0) return; // a whole-scene context has no interval to move
    const orig = { start: it.start, end: it.end };
    drag.current = { mode, id: it.id, kind, index: it.index, orig, grab: timeAt(e.clientX, true), x0: e.clientX, moved: false, began: false, last: orig };
  };
  const onMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    if (!d.moved && Math.abs(e.clientX - d.x0) < 3) return;
    d.moved = true;
    if (d.mode === 'create') {
      if (kind === 'event') return;
      const t = timeAt(e.clientX, e.altKey);
      setSketch({ start: Math.min(d.t0, t), end: Math.max(d.t0, t) });
      return;
    }
    const free = e.altKey;
    let next: { start: number; end: number };
    if (d.mode === 'move') {
      const dt = timeAt(e.clientX, true) - d.grab;
      const start = free ? d.orig.start + dt : snapTime(times, d.orig.start + dt);
      next = { start, end: start + (d.orig.end - d.orig.start) };
    } else {
      const t = timeAt(e.clientX, free);
      next = d.mode === 'start' ? { start: Math.min(t, d.orig.end), end: d.orig.end } : { start: d.orig.start, end: Math.max(t, d.orig.start) };
    }
    if (next.start === d.last.start && next.end === d.last.end) return;
    const st = store.getState();
    if (!d.began) {
      st.beginGesture(d.mode === 'move' ? `Move ${kind}` : `Trim ${kind}`);
      d.began = true;
    }
    if (!st.dispatch(setTimeLabelInterval, { id: d.id, index: d.index, interval: next })) return;
    d.last = next;
    // intervals are kept sorted: find this one again by its new place
    const label = store.getState().scene?.timeLabels[d.id];
    const index = label?.intervals.findIndex((iv) => iv.start === next.start && iv.end === next.end) ?? -1;
    if (index >= 0 && index !== d.index) {
      d.index = index;
      onSelect({ id: d.id, index });
    }
  };
  const onUp = (e: React.PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    setSketch(null);
    if (!d) return;
    if (d.mode !== 'create') {
      if (d.began) store.getState().endGesture();
      return;
    }
    if (kind === 'event') {
      if (!d.moved) setDraft({ mode: 'create', kind, start: d.t0, end: d.t0 });
      return;
    }
    if (!d.moved) {
      onSelect(null);
      return;
    }
    const t = timeAt(e.clientX, e.altKey);
    setDraft({ mode: 'create', kind, start: Math.min(d.t0, t), end: Math.max(d.t0, t) });
  };

  const commit = (type: string) => {
    const d = draft;
    setDraft(null);
    if (!d || !type.trim()) return;
    const st = store.getState();
    if (d.mode === 'rename') {
      st.dispatch(updateTimeLabel, { id: d.id, type: type.trim() });
      return;
    }
    const id = newId(PREFIX[d.kind]);
    const ok = st.dispatch(createTimeLabel, { id, kind: d.kind, type: type.trim(), intervals: d.whole ? [] : [{ start: d.start, end: d.end }] });
    if (ok) onSelect({ id, index: d.whole ? -1 : 0 });
  };

  const box = (start: number, end: number): React.CSSProperties => {
    const x0 = axis.x(start);
    const x1 = axis.x(end);
    return { left: x0, width: Math.max(kind === 'event' ? 0 : 4, x1 - x0) };
  };
  const inView = (it: { start: number; end: number }) => it.end >= axis.view.start && it.start <= axis.view.end;
  const editing = draft?.kind === kind ? draft : null;

  return (
    <div className={`lane-row label-lane kind-${kind}`} data-kind={kind} style={{ height: rows * ROW_H + 6 }}>
      <div className="timeline-label lane-title" style={{ width: LABEL_W }}>
        <span>{title}</span>
        {labels.length ? <span className="muted"> · {labels.length}</span> : null}
        {kind === 'context' ? (
          <button className="add-whole" title="Add a context that holds over the whole scene (e.g. night)" aria-label="add a whole-scene context" onClick={() => setDraft({ mode: 'create', kind, start: range.start, end: range.end, whole: true })}>
            +
          </button>
        ) : null}
      </div>
      <div
        ref={laneRef}
        className="timeline-track label-track"
        data-testid={`${kind}-lane`}
        title={hint}
        onPointerDown={onLaneDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      >
        {items.filter(inView).map((it) => {
          const isSel = selected?.id === it.id && selected.index === it.index;
          const style = { ...box(it.start, it.end), top: 3 + it.row * ROW_H };
          return (
            <div
              key={`${it.id}#${it.index}`}
              className={`time-label${isSel ? ' selected' : ''}${it.index < 0 ? ' whole' : ''}`}
              data-testid="time-label"
              data-id={it.id}
              data-kind={kind}
              data-start={it.start}
              data-end={it.end}
              style={style}
              title={`${kind} “${it.text}”: ${(it.start - axis.origin).toFixed(3)}–${(it.end - axis.origin).toFixed(3)} s. Drag to move, edges to trim, double-click to rename, Del to delete.`}
              onPointerDown={(e) => onItemDown(e, it, 'move')}
              onDoubleClick={() => setDraft({ mode: 'rename', id: it.id, kind, start: it.start, end: it.end })}
            >
              {kind === 'event' ? <span className="marker" /> : null}
              <span className="text">{it.text}</span>
              {kind !== 'event' && it.index >= 0 ? (
                <>
                  <span className="edge start" data-testid="edge-start" onPointerDown={(e) => onItemDown(e, it, 'start')} />
                  <span className="edge end" data-testid="edge-end" onPointerDown={(e) => onItemDown(e, it, 'end')} />
                </>
              ) : null}
            </div>
          );
        })}
        {sketch ? <div className="time-label sketch" style={{ ...box(sketch.start, sketch.end), top: 3 }} /> : null}
        {editing ? (
          <TypeField
            key={editing.mode === 'rename' ? editing.id : `${editing.start}`}
            kind={kind}
            initial={editing.mode === 'rename' ? (scene.timeLabels[editing.id]?.type ?? '') : ''}
            types={types}
            left={Math.max(0, Math.min(axis.width - 160, editing.mode === 'create' && editing.whole ? 0 : axis.x(editing.start)))}
            onCommit={commit}
            onCancel={() => setDraft(null)}
          />
        ) : null}
      </div>
    </div>
  );
}

function TypeField({ kind, initial, types, left, onCommit, onCancel }: { kind: TimeLabelKind; initial: string; types: string[]; left: number; onCommit(v: string): void; onCancel(): void }) {
  const listId = `timeline-types-${kind}`;
  const done = useRef(false);
  return (
    <>
      <input
        className="type-field"
        data-testid="time-label-type"
        aria-label={`${kind} type`}
        placeholder={kind === 'action' ? 'action type, e.g. drinking' : kind === 'event' ? 'event type, e.g. lane_change' : 'context type, e.g. night'}
        defaultValue={initial}
        list={listId}
        autoFocus
        style={{ left }}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            done.current = true;
            onCommit(e.currentTarget.value);
          } else if (e.key === 'Escape') {
            done.current = true;
            onCancel();
          }
        }}
        onBlur={(e) => {
          if (done.current) return;
          done.current = true;
          if (e.currentTarget.value.trim()) onCommit(e.currentTarget.value);
          else onCancel();
        }}
      />
      <datalist id={listId}>
        {types.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
    </>
  );
}
