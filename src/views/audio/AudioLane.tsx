/**
 * One audio sensor's lane on the timeline: its waveform (Waveform.tsx) and its time segments
 * (`timeSegment` annotations on the sensor, scene seconds) as regions, imported ones (RTTM, WebVTT)
 * included. On the waveform:
 * - drag on empty waveform: a new segment (a new object of the lane's class, e.g. "Speaker 2");
 *   a click without a drag seeks there;
 * - drag a segment: move it; drag its edge: trim it; a click selects it (and its object, in every view);
 * - with "snap" on, the dragged edges snap to the nearest zero crossing of the audio.
 * Each gesture is one command (one undo step) through the annotation commands. The tools row below
 * (SegmentTools) plays the selection (looped or not), labels it with a class, links it to an object
 * (the speaker boxed in the video) and edits its text.
 * A file that cannot be used (a sample rate the sensor does not expect, undecodable) shows its
 * message in the lane; segments stay editable and other lanes and views keep working.
 */
import { useMemo, useRef, useState } from 'react';
import { createObjectWithAnnotation, updateAnnotation } from '../../core/commands/annotations';
import { newId } from '../../core/commands/ids';
import { segmentsOfSensor, type Scene, type TimeSegment } from '../../core/schema';
import { sceneTimeRange } from '../../core/time';
import { useClassColor } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { LABEL_W } from '../timeline/layout';
import { dragSegment, MIN_SEGMENT, snapToZeroCrossing, type SegmentDrag, type Span } from './segmentEdit';
import { SegmentTools } from './SegmentTools';
import { clipAt, clipSceneTime, useAudioClips, type AudioClip, type AudioSensor } from './useAudioClips';
import { useSelectionPlayer } from './useSelectionPlayer';
import { Waveform } from './Waveform';
import './audio.css';

export interface AudioLaneProps {
  scene: Scene;
  sensor: AudioSensor;
  /** The timeline's visible window (scene s) and its lane width (px). */
  viewStart: number;
  viewEnd: number;
  width: number;
}

const LANE_H = 56;
/** A press that moves less than this (px) is a click. */
const CLICK_PX = 3;

interface Drag {
  mode: SegmentDrag;
  id?: string;
  orig: Span;
  from: number;
  fromX: number;
  cur: Span;
  moved: boolean;
}

/** Classes that may label a segment: not deprecated, labelled in audio. */
export const audioClasses = (scene: Scene) => scene.taxonomy.classes.filter((c) => !c.deprecated && c.modalities.includes('audio'));

export function AudioLane({ scene, sensor, viewStart, viewEnd, width }: AudioLaneProps) {
  const store = useWorkbenchStore();
  const clips = useAudioClips(scene, sensor);
  const selectedId = useWorkbench((s) => s.session.selectedAnnotationId);
  const colorOf = useClassColor();
  const player = useSelectionPlayer();
  const [snap, setSnap] = useState(false);
  const [loop, setLoop] = useState(false);
  const classes = audioClasses(scene);
  const [newClass, setNewClass] = useState<string | undefined>(undefined);
  const laneClass = classes.find((c) => c.id === newClass) ?? classes.find((c) => c.id === 'speaker') ?? classes[0];
  const [drag, setDrag] = useState<Drag | null>(null);
  const trackRef = useRef<HTMLDivElement>(null);

  const segments = useMemo(() => segmentsOfSensor(scene, sensor.id).filter((a): a is TimeSegment => a.kind === 'timeSegment'), [scene, sensor.id]);
  const selected = segments.find((s) => s.id === selectedId) ?? null;
  const bounds = useMemo<Span>(() => {
    const ready = clips.filter((c) => c.audio);
    if (!ready.length) return sceneTimeRange(scene);
    return { start: Math.min(...ready.map((c) => c.origin)), end: Math.max(...ready.map((c) => clipSceneTime(c, c.audio!.duration))) };
  }, [clips, scene]);
  const error = clips.find((c) => c.error)?.error;

  const span = Math.max(viewEnd - viewStart, 1e-9);
  const x = (t: number) => ((t - viewStart) / span) * width;
  const tAt = (clientX: number) => viewStart + ((clientX - trackRef.current!.getBoundingClientRect().left) / Math.max(width, 1)) * span;

  /** Snap `t` to the nearest zero crossing (within 6 px, at most 20 ms) when snapping is on. */
  const snapT = (t: number): number => {
    if (!snap) return t;
    const c: AudioClip | undefined = clipAt(clips, t);
    if (!c?.audio) return t;
    const window = Math.min(0.02, Math.max((6 / Math.max(width, 1)) * span, 2 / c.audio.sampleRate));
    return snapToZeroCrossing(c.audio.mono, c.audio.sampleRate / c.scale, c.origin, t, window);
  };
  const shape = (d: Drag, t: number): Span => {
    const s = dragSegment(d.mode, d.orig, d.from, t, bounds);
    if (!snap) return s;
    if (d.mode === 'create') return { start: snapT(s.start), end: snapT(s.end) };
    if (d.mode === 'move') {
      const start = snapT(s.start);
      return { start, end: start + (s.end - s.start) };
    }
    const moved = d.mode === 'start' ? s.start : s.end;
    const snapped = snapT(moved);
    return d.mode === 'start' ? { start: Math.min(snapped, s.end), end: s.end } : { start: s.start, end: Math.max(snapped, s.start) };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    // no text selection: a drag over selected text would start the browser's drag-and-drop (pointercancel)
    e.preventDefault();
    // …which also keeps the focus where it was: give it to the timeline, whose keys (K, J/L, Del) apply here
    e.currentTarget.closest<HTMLElement>('[tabindex]')?.focus({ preventScroll: true });
    const target = e.target as HTMLElement;
    const el = target.closest<HTMLElement>('[data-segment]');
    const seg = el ? segments.find((s) => s.id === el.dataset.segment) : undefined;
    const t = tAt(e.clientX);
    trackRef.current?.setPointerCapture(e.pointerId);
    if (seg) {
      store.getState().select(seg.object, seg.id);
      const mode: SegmentDrag = target.classList.contains('start') ? 'start' : target.classList.contains('end') ? 'end' : 'move';
      const orig = { start: seg.start, end: seg.end };
      setDrag({ mode, id: seg.id, orig, from: t, fromX: e.clientX, cur: orig, moved: false });
      return;
    }
    setDrag({ mode: 'create', orig: { start: t, end: t }, from: t, fromX: e.clientX, cur: { start: t, end: t }, moved: false });
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const moved = drag.moved || Math.abs(e.clientX - drag.fromX) >= CLICK_PX;
    if (!moved) return;
    setDrag({ ...drag, moved, cur: shape(drag, tAt(e.clientX)) });
  };
  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag;
    setDrag(null);
    if (!d) return;
    const st = store.getState();
    if (!d.moved) {
      if (d.mode === 'create') {
        st.select(null);
        st.setPlayhead(d.from);
      }
      return;
    }
    const cur = shape(d, tAt(e.clientX));
    if (cur.end - cur.start < MIN_SEGMENT) return;
    if (d.mode === 'create') {
      if (!laneClass) {
        st.setError({ message: `no class of taxonomy "${scene.taxonomy.name}" is labelled in audio: add the audio modality to a class (Taxonomy…) first`, source: sensor.name });
        return;
      }
      const n = Object.values(st.scene?.objects ?? {}).filter((o) => o.classId === laneClass.id).length + 1;
      const objectId = newId('obj');
      const annotationId = newId('seg');
      const ok = st.dispatch(createObjectWithAnnotation, {
        object: { id: objectId, classId: laneClass.id, name: `${laneClass.name} ${n}`, attributes: {} },
        annotation: { id: annotationId, kind: 'timeSegment', sensor: sensor.id, start: cur.start, end: cur.end, source: 'manual' },
      });
      if (ok) st.select(objectId, annotationId);
    } else if (d.id && (cur.start !== d.orig.start || cur.end !== d.orig.end)) {
      st.dispatch(updateAnnotation, { id: d.id, patch: { start: cur.start, end: cur.end } });
    }
  };

  const shown = (s: TimeSegment): Span => (drag?.id === s.id && drag.moved ? drag.cur : s);
  const playSelected = () => {
    if (player.playing) return player.stop();
    const s = selected;
    const c = s && clipAt(clips, Math.max(s.start, bounds.start));
    if (s && c) player.play(c, Math.max(s.start, c.origin), Math.min(s.end, clipSceneTime(c, c.audio!.duration)), loop);
  };

  return (
    <div className="audio-lane" data-testid="audio-lane" data-sensor={sensor.id}>
      <div className="timeline-row audio-row" style={{ height: LANE_H }}>
        <div className="timeline-label audio-label" style={{ width: LABEL_W }} title={`audio ${sensor.id}${sensor.sampleRate ? `, ${sensor.sampleRate} Hz` : ''}: ${clips.map((c) => c.file).join(', ')}`}>
          <span className="kind-glyph" aria-hidden>
            ♪
          </span>
          <span className="stream-name">{sensor.name}</span>
          <span className="muted small">{clips.some((c) => c.status === 'loading') ? '…' : ''}</span>
        </div>
        <div
          ref={trackRef}
          className="timeline-track audio-track"
          data-testid="audio-track"
          data-view-start={viewStart}
          data-view-end={viewEnd}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
        >
          <Waveform clips={clips} viewStart={viewStart} viewEnd={viewEnd} width={width} height={LANE_H} />
          {segments.map((s) => {
            const sp = shown(s);
            const left = x(sp.start), right = x(sp.end);
            if (right < -4 || left > width + 4) return null;
            const obj = scene.objects[s.object];
            const color = obj ? colorOf(obj.classId) : '#9aa0a6';
            return (
              <div
                key={s.id}
                className={`audio-segment${s.id === selectedId ? ' selected' : ''}`}
                data-segment={s.id}
                data-start={sp.start.toFixed(6)}
                data-end={sp.end.toFixed(6)}
                data-object={s.object}
                style={{ left, width: Math.max(2, right - left), background: `${color}55`, borderColor: color }}
                title={`${obj?.name ?? s.object}: ${sp.start.toFixed(3)}–${sp.end.toFixed(3)} s${s.speaker ? ` (${s.speaker})` : ''}${s.text ? ` — ${s.text}` : ''}`}
              >
                <span className="edge start" />
                <span className="text">{obj?.name ?? s.speaker ?? s.object}</span>
                <span className="edge end" />
              </div>
            );
          })}
          {drag?.mode === 'create' && drag.moved ? <div className="audio-segment sketch" style={{ left: x(drag.cur.start), width: Math.max(1, x(drag.cur.end) - x(drag.cur.start)) }} /> : null}
          {error ? (
            <div className="audio-error" role="alert" data-testid="audio-error">
              {error}
            </div>
          ) : null}
        </div>
      </div>
      <SegmentTools
        scene={scene}
        segment={selected}
        classes={classes}
        laneClass={laneClass?.id}
        onLaneClass={setNewClass}
        snap={snap}
        onSnap={setSnap}
        loop={loop}
        onLoop={setLoop}
        playing={player.playing}
        canPlay={!!selected && !!clipAt(clips, Math.max(selected.start, bounds.start))}
        onPlay={playSelected}
      />
    </div>
  );
}
