/**
 * The Transcript tab: the timed segments with text of one audio/video sensor (a picker when there
 * are several), in time order. Each row: its time range (a click seeks the playhead there), its
 * speaker (an object, named in its class colour; a dropdown moves the segment to another object
 * of a class allowed on audio/video — the same person as in the video), and its text with linked
 * spans highlighted as in the documents and, during playback, the timed word under the playhead
 * (whisper `metadata.words`). ✎ (or a double-click on the text) edits it in a TextEditor: the same
 * `text/edit` command stream, undo, links and flags as documents.
 *
 * Following the playhead costs one binary search per playhead move: the list selects the *key*
 * of the active segments (a string), so React re-renders only when it changes, and only the rows
 * whose `active` flag flips (rows are memoised). The word highlight lives in the active row alone.
 * The active row is scrolled into view (`block: 'nearest'`) when the active segment changes, never
 * otherwise: a user scrolling the list while paused is left alone.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { addTranscriptSegment, createObject, newId, setSegmentSpeaker } from '../../core/commands';
import { SEGMENT_PARTITION_PREFIX, type Annotation, type TextSpan } from '../../core/schema';
import { sceneTimeRange } from '../../core/time';
import { useClassColor, useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { runsOf, type Mark } from './highlight';
import { TextEditor } from './TextEditor';
import { formatClock, newSegmentRange, segmentWords, speakerChoices, TranscriptTimeIndex, transcriptSegments, transcriptSensors, wordAt, wordOffsets, withWord, type TimedWord, type TranscriptSegment } from './TranscriptModel';

/** Select value of "a new speaker object" in the speaker pickers. */
const NEW_SPEAKER = '\u0000new';

export function TranscriptView() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const colorOf = useClassColor();
  const sensors = useMemo(() => (scene ? transcriptSensors(scene) : []), [scene]);
  const [chosenSensor, setChosenSensor] = useState<string | null>(null);
  const sensor = sensors.find((s) => s.id === chosenSensor) ?? sensors.find((s) => s.segments > 0) ?? sensors[0];
  const annotations = scene?.annotations;
  const sensorId = sensor?.id;
  const segments = useMemo(() => (annotations && sensorId ? transcriptSegments({ annotations }, sensorId) : []), [annotations, sensorId]);
  const index = useMemo(() => new TranscriptTimeIndex(segments), [segments]);
  const activeKey = useWorkbench((s) => index.activeKey(s.live.playhead));
  const active = useMemo(() => new Set(activeKey ? activeKey.split(' ') : []), [activeKey]);
  const speakers = useMemo(() => (scene ? speakerChoices(scene) : []), [scene]);
  const speakerClass = useMemo(() => scene?.taxonomy.classes.find((c) => c.id === 'speaker' && !c.deprecated) ?? scene?.taxonomy.classes.find((c) => c.modalities.includes('audio') && !c.deprecated), [scene?.taxonomy]);
  const objects = scene?.objects;
  // one colour lookup per document, handed to the rows (rows subscribe to nothing in the document)
  const objectColor = useCallback((id: string) => colorOf(objects?.[id]?.classId ?? ''), [objects, colorOf]);
  const [editing, setEditing] = useState<string | null>(null);
  const [newSpeaker, setNewSpeaker] = useState<string>('');
  const list = useRef<HTMLOListElement>(null);

  // the active segment into view when it changes (not when the user scrolls, not on edits)
  useEffect(() => {
    const first = activeKey.split(' ')[0];
    if (!first || !list.current) return;
    const row = list.current.querySelector<HTMLElement>(`[data-segment="${CSS.escape(first)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [activeKey]);

  const seek = useCallback((t: number) => store.getState().setPlayhead(t), [store]);
  const speakerOf = useCallback(
    (segId: string, object: string) => {
      if (object === NEW_SPEAKER) {
        const id = createSpeaker(store, speakerClass?.id, speakers.length);
        if (id) store.getState().dispatch(setSegmentSpeaker, { segmentId: segId, object: id });
        return;
      }
      store.getState().dispatch(setSegmentSpeaker, { segmentId: segId, object });
    },
    [store, speakerClass?.id, speakers.length],
  );

  if (!scene) return null;
  if (!sensor) return <p className="muted">This scene has no audio or video sensor: a transcript needs one.</p>;
  const origin = sceneTimeRange(scene).start;
  // the speaker for "Add segment": the one picked, else who speaks now, else the first who may
  const addAs = speakers.some((o) => o.id === newSpeaker) ? newSpeaker : (segments.find((s) => active.has(s.id))?.object ?? speakers[0]?.id ?? (speakerClass ? NEW_SPEAKER : ''));

  const add = () => {
    const st = store.getState();
    const t = st.live.playhead;
    st.beginGesture(addTranscriptSegment.label);
    try {
      const object = addAs === NEW_SPEAKER ? createSpeaker(store, speakerClass?.id, speakers.length) : addAs;
      if (!object) return;
      const range = newSegmentRange(segments, object, t, sceneTimeRange(scene).end);
      if (!range) {
        st.setError({ message: `Add segment: no room at ${formatClock(t - origin)} (the scene ends, or this speaker's next segment starts, within 0.1 s)`, source: addTranscriptSegment.type });
        st.cancelGesture();
        return;
      }
      const id = newId('seg');
      if (st.dispatch(addTranscriptSegment, { id, sensor: sensor.id, start: range.start, end: range.end, object, text: '' })) setEditing(id);
    } finally {
      st.endGesture();
    }
  };

  return (
    <div className="tx-view" data-testid="transcript-view">
      <div className="tx-bar">
        {sensors.length > 1 ? (
          <label>
            Stream{' '}
            <select aria-label="transcript sensor" value={sensor.id} onChange={(e) => setChosenSensor(e.target.value)} data-testid="transcript-sensor">
              {sensors.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.kind}, {s.segments})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted small">
            {sensor.name} · {segments.length} segment{segments.length === 1 ? '' : 's'}
          </span>
        )}
        <span className="spacer" />
        <label className="small">
          as{' '}
          <select aria-label="speaker of a new segment" value={addAs} onChange={(e) => setNewSpeaker(e.target.value)} data-testid="transcript-new-speaker">
            {speakers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
            {speakerClass ? <option value={NEW_SPEAKER}>New {speakerClass.name.toLowerCase()}</option> : null}
          </select>
        </label>
        <button type="button" onClick={add} disabled={!addAs} title="A new segment starting at the playhead (2 s, or up to this speaker's next segment), then type what is said" data-testid="transcript-add">
          Add segment at playhead
        </button>
      </div>
      {segments.length === 0 ? <p className="muted">No transcript on {sensor.name} yet: move the playhead to where someone speaks and add a segment.</p> : null}
      <ol className="tx-list" ref={list} data-testid="transcript-list">
        {segments.map((s) => {
          const speaker = scene.objects[s.object];
          return (
            <TranscriptRow
              key={s.id}
              segment={s}
              origin={origin}
              active={active.has(s.id)}
              editing={editing === s.id}
              partition={scene.annotations[SEGMENT_PARTITION_PREFIX + s.id]}
              speakerName={speaker?.name ?? s.object}
              speakerColor={colorOf(speaker?.classId ?? '')}
              objectColor={objectColor}
              speakers={speakers}
              canCreateSpeaker={!!speakerClass}
              onSeek={seek}
              onSpeaker={speakerOf}
              onEdit={setEditing}
            />
          );
        })}
      </ol>
    </div>
  );
}

/** A new speaker object ("Speaker 3") of `classId`; its id, or null when refused (the message line says why). */
function createSpeaker(store: ReturnType<typeof useWorkbenchStore>, classId: string | undefined, existing: number): string | null {
  if (!classId) return null;
  const id = newId('obj');
  return store.getState().dispatch(createObject, { id, classId, name: `Speaker ${existing + 1}` }) ? id : null;
}

interface RowProps {
  segment: TranscriptSegment;
  origin: number;
  active: boolean;
  editing: boolean;
  /** The segment's span partition (`segment:<id>`): same object while its spans are unchanged. */
  partition: Record<string, Annotation> | undefined;
  speakerName: string;
  speakerColor: string;
  /** A span's colour: its object's class colour. */
  objectColor(object: string): string;
  speakers: { id: string; name: string }[];
  canCreateSpeaker: boolean;
  onSeek(t: number): void;
  onSpeaker(segment: string, object: string): void;
  onEdit(id: string | null): void;
}

const TranscriptRow = memo(function TranscriptRow({ segment: s, origin, active, editing, partition, speakerName, speakerColor, objectColor, speakers, canCreateSpeaker, onSeek, onSpeaker, onEdit }: RowProps) {
  const store = useWorkbenchStore();
  const words = useMemo(() => segmentWords(s), [s]);
  const spans = useMemo(() => (partition ? (Object.values(partition).filter((a) => a.kind === 'textSpan' && a.segment === s.id) as TextSpan[]) : []), [partition, s.id]);
  const marks: Mark[] = useMemo(
    () => spans.map((sp) => ({ kind: 'span' as const, start: sp.start, end: sp.end, key: sp.id, spanId: sp.id, object: sp.object, color: objectColor(sp.object) })),
    [spans, objectColor],
  );
  const known = speakers.some((o) => o.id === s.object);
  const select = useCallback((object: string, span: string) => store.getState().select(object, span), [store]);
  const row = useRef<HTMLLIElement>(null);
  return (
    <li
      ref={row}
      className={`tx-seg${active ? ' tx-active' : ''}`}
      data-segment={s.id}
      data-start={s.start}
      data-end={s.end}
      data-active={active ? 'true' : undefined}
      aria-current={active ? 'true' : undefined}
      onBlur={(e) => {
        // leave editing when the focus goes outside the row (the link picker is inside it)
        if (editing && !row.current?.contains(e.relatedTarget as Node | null)) onEdit(null);
      }}
    >
      <button type="button" className="tx-time" onClick={() => onSeek(s.start)} title={`Seek to ${formatClock(s.start - origin)}`} data-testid="transcript-time">
        {formatClock(s.start - origin)}–{formatClock(s.end - origin)}
      </button>
      <span className="tx-speaker">
        <span className="swatch" style={{ background: speakerColor }} />
        <select
          aria-label="speaker"
          value={s.object}
          style={{ color: speakerColor }}
          onChange={(e) => onSpeaker(s.id, e.target.value)}
          title="Who speaks: the same object as in the video and the audio"
          data-testid="transcript-speaker"
        >
          {known ? null : <option value={s.object}>{speakerName}</option>}
          {speakers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
          {canCreateSpeaker ? <option value={NEW_SPEAKER}>New speaker</option> : null}
        </select>
      </span>
      <div className="tx-text" onDoubleClick={() => onEdit(s.id)}>
        {editing ? (
          <AutoFocus>
            <TextEditor host={{ segment: s.id }} text={s.text} label={`text of the segment at ${formatClock(s.start - origin)}`} placeholder="Type what is said…" rows={1} />
          </AutoFocus>
        ) : active && words.length ? (
          <TimedText text={s.text} marks={marks} words={words} select={select} />
        ) : (
          <ReadOnlyText text={s.text} marks={marks} word={null} select={select} />
        )}
      </div>
      <button type="button" className="tx-edit" aria-label={editing ? 'done editing' : 'edit text'} aria-pressed={editing} title={editing ? 'Done (Esc leaves the text)' : 'Edit the text, link words to objects'} onClick={() => onEdit(editing ? null : s.id)}>
        {editing ? '✓' : '✎'}
      </button>
    </li>
  );
});


/** Focus the editor's field once, when editing starts. */
function AutoFocus({ children }: { children: React.ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current?.querySelector('textarea');
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return <div ref={box}>{children}</div>;
}

/**
 * The text of the active row that has word timings: it selects the index of the word under the
 * playhead, so it re-renders once per word, not per frame; only the active row mounts it.
 */
function TimedText({ text, marks, words, select }: { text: string; marks: Mark[]; words: TimedWord[]; select(object: string, span: string): void }) {
  const offsets = useMemo(() => wordOffsets(text, words), [text, words]);
  const word = useWorkbench((st) => wordAt(words, st.live.playhead));
  return <ReadOnlyText text={text} marks={marks} word={word >= 0 ? offsets[word] : null} select={select} />;
}

/** The text with its linked spans (the editor's highlight classes and colours) and the current word, if any. */
function ReadOnlyText({ text, marks, word, select }: { text: string; marks: Mark[]; word: { start: number; end: number } | null; select(object: string, span: string): void }) {
  const runs = useMemo(() => withWord(runsOf(text, marks), word), [text, marks, word]);
  if (!text) return <span className="muted tx-empty">(no text yet)</span>;
  return (
    <span className="tx-words" dir="auto">
      {runs.map((r) => {
        const piece = text.slice(r.start, r.end);
        const span = r.marks[0];
        if (!span && !r.inWord) return <span key={r.start}>{piece}</span>;
        const style: React.CSSProperties = span ? { backgroundColor: `color-mix(in srgb, ${span.color} 30%, transparent)`, boxShadow: r.marks.map((m, j) => `inset 0 -${2 * (j + 1)}px 0 ${m.color}`).join(', ') } : {};
        return (
          <span
            key={r.start}
            className={`${span ? 'text-hl text-hl-span' : ''}${r.inWord ? ' tx-word' : ''}`}
            style={style}
            data-objects={span ? r.marks.map((m) => m.object).join(' ') : undefined}
            data-testid={r.inWord ? 'transcript-word' : undefined}
            onClick={span ? () => select(span.object!, span.spanId!) : undefined}
          >
            {piece}
          </span>
        );
      })}
    </span>
  );
}
