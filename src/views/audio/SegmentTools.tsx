/**
 * The tools row under an audio lane: snap to zero crossings, play the selected segment (looped or
 * once), and for the selected segment its class, the object it belongs to, its text, delete.
 *
 * The class is the object's (one object, one class): changing it is "Change class" on the object.
 * Linking to another object (the speaker boxed in the video) moves the segment to that object; an
 * object left with nothing (the one the segment was drawn with) is deleted in the same undo step.
 * Only objects whose class is labelled in audio can be picked; the others say why.
 */
import { deleteAnnotation, updateAnnotation } from '../../core/commands/annotations';
import { deleteObject, setObjectClass } from '../../core/commands/objects';
import { allAnnotations, type Scene, type TaxonomyClass, type TimeSegment } from '../../core/schema';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { LABEL_W } from '../timeline/layout';

export interface SegmentToolsProps {
  scene: Scene;
  segment: TimeSegment | null;
  /** Classes labelled in audio. */
  classes: TaxonomyClass[];
  /** Class of new segments. */
  laneClass: string | undefined;
  onLaneClass(classId: string): void;
  snap: boolean;
  onSnap(on: boolean): void;
  loop: boolean;
  onLoop(on: boolean): void;
  playing: boolean;
  canPlay: boolean;
  onPlay(): void;
}

export function SegmentTools(p: SegmentToolsProps) {
  const store = useWorkbenchStore();
  const { scene, segment } = p;
  const obj = segment ? scene.objects[segment.object] : undefined;

  const link = (target: string) => {
    if (!segment || target === segment.object) return;
    const st = store.getState();
    const old = segment.object;
    st.beginGesture('Link segment');
    const ok = st.dispatch(updateAnnotation, { id: segment.id, patch: { object: target } });
    const after = store.getState().scene;
    if (ok && after && !allAnnotations(after).some((a) => a.object === old) && !Object.values(after.timeLabels).some((l) => l.objects.includes(old)))
      st.dispatch(deleteObject, { objectId: old });
    st.endGesture();
    if (ok) st.select(target, segment.id);
  };
  const objects = Object.values(scene.objects).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
  const audioOk = new Set(p.classes.map((c) => c.id));
  const className = (id: string) => scene.taxonomy.classes.find((c) => c.id === id)?.name ?? id;

  return (
    <div className="lane-row audio-tools" data-testid="audio-tools">
      <div style={{ width: LABEL_W }} />
      <div className="audio-tools-body">
        <label title="Dragged edges snap to the nearest zero crossing of the audio">
          <input type="checkbox" checked={p.snap} onChange={(e) => p.onSnap(e.target.checked)} /> snap to zero
        </label>
        {/* named "listen", not "play": the timeline's own play button keeps the name "play" */}
        <button onClick={p.onPlay} disabled={!p.canPlay && !p.playing} aria-pressed={p.playing} aria-label={p.playing ? 'stop listening' : 'listen to the selected segment'} data-testid="play-selection" title="Play the selected segment (once, or looped)">
          {p.playing ? '■ Stop' : '▶ Selection'}
        </button>
        <label title="Play the selection in a loop">
          <input type="checkbox" checked={p.loop} onChange={(e) => p.onLoop(e.target.checked)} /> loop
        </label>
        <span className="sep" />
        {segment && obj ? (
          <>
            <span className="muted" data-testid="segment-times">
              {segment.start.toFixed(3)}–{segment.end.toFixed(3)} s
            </span>
            <select aria-label="segment class" value={obj.classId} onChange={(e) => store.getState().dispatch(setObjectClass, { objectId: obj.id, classId: e.target.value })}>
              {!audioOk.has(obj.classId) ? <option value={obj.classId}>{className(obj.classId)}</option> : null}
              {p.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <select aria-label="segment object" value={obj.id} onChange={(e) => link(e.target.value)} title="The object this segment belongs to: pick the speaker boxed in the video to make them one identity">
              {objects.map((o) => (
                <option key={o.id} value={o.id} disabled={!audioOk.has(o.classId)} title={audioOk.has(o.classId) ? undefined : `class ${className(o.classId)} is not labelled in audio`}>
                  {o.name ?? o.id} ({className(o.classId)})
                </option>
              ))}
            </select>
            <input
              key={segment.id}
              aria-label="segment text"
              placeholder="text…"
              defaultValue={segment.text ?? ''}
              onKeyDown={(e) => {
                e.stopPropagation();
                if (e.key === 'Enter') e.currentTarget.blur();
              }}
              onBlur={(e) => {
                const text = e.target.value.trim();
                if (text !== (segment.text ?? '')) store.getState().dispatch(updateAnnotation, { id: segment.id, patch: { text: text || undefined } });
              }}
            />
            <button onClick={() => store.getState().dispatch(deleteAnnotation, { id: segment.id })} title="Delete this segment (Del)">
              Delete
            </button>
          </>
        ) : (
          <label className="muted">
            new segments:{' '}
            <select aria-label="class of new segments" value={p.laneClass ?? ''} onChange={(e) => p.onLaneClass(e.target.value)} disabled={!p.classes.length}>
              {p.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>{' '}
            — drag on the waveform
          </label>
        )}
      </div>
    </div>
  );
}
