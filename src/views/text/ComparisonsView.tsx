/**
 * The Compare tab: preference judgements between candidate texts about one image. Each comparison
 * shows the image (the sample's own picture, a click brings it into the views), the prompt, and the
 * candidates side by side — best first once ranked — each in a TextEditor (flags marked in the
 * text) with its grounding beside it: how many of its mentions are possible hallucinations or
 * contradictions, and which words. The annotator ranks them by dragging a candidate onto another's
 * place or with ▲/▼, or, for two, "Pick this one"; the reason box is saved with the judgement
 * (`comparison/rank`, `comparison/pick`: undoable like every edit).
 *
 * "Export preference rows" runs the `preference-jsonl` exporter in the export worker (the same path
 * as the Export dialog) and downloads the file. "New comparison" starts one about the camera's
 * picture at the playhead, with two empty candidates to type or paste.
 */
import { useEffect, useState } from 'react';
import { createComparison, deleteComparison, pickBest, rankComparison } from '../../core/commands';
import { sceneStem } from '../../core/formats/exchange';
import type { Comparison, Scene, TextDocument } from '../../core/schema';
import { findSample, sceneTime } from '../../core/time';
import { resolveMediaUrl } from '../../hooks/media';
import { useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { describedLabel, useCaptionTarget, useTextFlags } from '../../hooks/text';
import { downloadUrl, exportInWorker } from '../../workers/exportClient';
import { candidateName, displayOrder, moveCandidate, ordinal } from './ComparisonModel';
import { TextEditor } from './TextEditor';

export function ComparisonsView() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const target = useCaptionTarget();
  const [exporting, setExporting] = useState<string | null>(null);
  if (!scene) return null;
  const comparisons = Object.values(scene.comparisons);
  const judged = comparisons.filter((c) => c.ranking).length;

  const create = () => {
    if (!target) return;
    store.getState().dispatch(createComparison, {
      sensor: target.sensor,
      sample: target.sample,
      candidates: [
        { text: '', title: 'Candidate A' },
        { text: '', title: 'Candidate B' },
      ],
    });
  };

  const exportRows = () => {
    const st = store.getState();
    const sc = st.scene;
    if (!sc) return;
    setExporting('exporting…');
    // the Export dialog's path: the exporter runs in the export worker, the Blob is made there
    exportInWorker(sc, 'preference-jsonl', { stem: sceneStem(sc) }, () => {}).done.then(
      (r) => {
        const url = URL.createObjectURL(r.blob);
        downloadUrl(url, r.fileName);
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        setExporting(`${r.fileName}: ${r.summary.written.rows ?? 0} row${r.summary.written.rows === 1 ? '' : 's'}${r.summary.dropped.some((d) => d.what === 'comparison') ? ' (comparisons not ranked yet are left out)' : ''}`);
      },
      (e: Error) => {
        setExporting(null);
        st.setError({ message: `Export preference rows: ${e.message}`, source: 'export' });
      },
    );
  };

  return (
    <div className="cmp-view" data-testid="comparisons-view">
      <div className="cmp-bar">
        <button type="button" onClick={create} disabled={!target} title={target ? `Compare candidate texts about ${describedLabel(scene, target.sensor, target.sample)} (the camera's picture now)` : 'No camera picture to compare texts about'} data-testid="new-comparison">
          New comparison
        </button>
        <button type="button" onClick={exportRows} disabled={judged === 0} title={judged ? 'Download the ranked comparisons as preference-tuning rows {image, prompt, chosen, rejected, reasons} (JSON Lines)' : 'Rank a comparison first'} data-testid="export-preference">
          Export preference rows
        </button>
        <span className="muted small">
          {judged}/{comparisons.length} judged
        </span>
        {exporting ? (
          <span className="small" data-testid="export-preference-status">
            {exporting}
          </span>
        ) : null}
      </div>
      {comparisons.length === 0 ? <p className="muted">No comparisons: “New comparison” sets two candidate texts about the picture at the playhead side by side.</p> : null}
      {comparisons.map((c) => (
        <ComparisonCard key={c.id} comparison={c} scene={scene} />
      ))}
    </div>
  );
}

function ComparisonCard({ comparison: c, scene }: { comparison: Comparison; scene: Scene }) {
  const store = useWorkbenchStore();
  const docs = new Map(scene.documents.map((d) => [d.id, d]));
  const prompt = c.prompt !== undefined ? docs.get(c.prompt) : undefined;
  const order = displayOrder(c);
  const shownIndex = new Map(c.candidates.map((id, i) => [id, i]));
  const [reason, setReason] = useState(c.reason ?? '');
  const [dragging, setDragging] = useState<string | null>(null);
  // the recorded reason changed elsewhere (undo, another view): show it
  useEffect(() => setReason(c.reason ?? ''), [c.reason]);

  /** The reason box's text as a judgement field: omitted when it says what is recorded already. */
  const reasonArg = () => (reason !== (c.reason ?? '') ? { reason } : {});
  const rank = (ranking: string[]) => store.getState().dispatch(rankComparison, { id: c.id, ranking, ...reasonArg(), at: new Date().toISOString() });
  const pick = (best: string) => store.getState().dispatch(pickBest, { id: c.id, best, ...reasonArg(), at: new Date().toISOString() });
  const saveReason = () => {
    if (c.ranking && reason !== (c.reason ?? '')) store.getState().dispatch(rankComparison, { id: c.id, ranking: c.ranking, reason });
  };
  const showImage = () => {
    const st = store.getState();
    if (!st.scene || c.sensor === undefined) return;
    if (st.session.activeCamera !== c.sensor) st.setSession({ activeCamera: c.sensor });
    const found = c.sample !== undefined ? findSample(st.scene, c.sensor, c.sample) : undefined;
    if (found) st.setPlayhead(sceneTime(found.stream, found.index));
  };
  const best = c.ranking?.[0];

  return (
    <article className="cmp-card" data-comparison={c.id} data-judged={c.ranking ? 'true' : 'false'}>
      <header className="cmp-head">
        <Thumbnail scene={scene} sensor={c.sensor} sample={c.sample} onClick={showImage} />
        <div className="cmp-prompt">
          <span className="cmp-prompt-head small">
            <button type="button" className="link" onClick={showImage} disabled={c.sensor === undefined} title="Show this picture in the views" data-testid="cmp-image-label">
              {describedLabel(scene, c.sensor, c.sample)}
            </button>
            {prompt ? <span className="muted"> · prompt</span> : null}
          </span>
          {prompt ? (
            <>
              <TextEditor host={{ document: prompt.id }} text={prompt.text} language={prompt.language} label="prompt" rows={1} showFlags={false} />
            </>
          ) : (
            <p className="muted small">No prompt: the candidates are captions of the picture.</p>
          )}
        </div>
        <button
          type="button"
          className="cmp-delete small"
          title="Delete this comparison and its candidate texts (undoable)"
          onClick={() => store.getState().dispatch(deleteComparison, { id: c.id, documents: true })}
          data-testid="cmp-delete"
        >
          Delete
        </button>
      </header>
      <ol className="cmp-candidates" style={{ gridTemplateColumns: `repeat(${Math.min(order.length, 3)}, minmax(0, 1fr))` }}>
        {order.map((id, place) => (
          <Candidate
            key={id}
            doc={docs.get(id)}
            id={id}
            name={candidateName(docs.get(id), shownIndex.get(id) ?? place)}
            place={place}
            count={order.length}
            ranked={!!c.ranking}
            best={best === id}
            dragging={dragging}
            onDrag={setDragging}
            onDropHere={(dragged) => rank(moveCandidate(order, dragged, place))}
            onMove={(to) => rank(moveCandidate(order, id, to))}
            onPick={order.length === 2 ? () => pick(id) : undefined}
          />
        ))}
      </ol>
      <div className="cmp-judgement">
        <label className="cmp-reason">
          <span className="small">Reason</span>
          <textarea
            aria-label="reason"
            value={reason}
            rows={2}
            spellCheck={false}
            placeholder="Why the first is better (saved with the ranking)"
            onChange={(e) => setReason(e.target.value)}
            onBlur={saveReason}
            data-testid="cmp-reason"
          />
        </label>
        <span className="small cmp-status" data-testid="cmp-status">
          {c.ranking ? (
            <>
              Judged: <strong>{candidateName(docs.get(c.ranking[0]), shownIndex.get(c.ranking[0]) ?? 0)}</strong> preferred{c.at ? <span className="muted"> · {new Date(c.at).toLocaleString()}</span> : null}{' '}
              <button type="button" className="link" onClick={() => store.getState().dispatch(rankComparison, { id: c.id, ranking: undefined })} title="Forget the ranking and the reason (undoable)">
                clear
              </button>
            </>
          ) : (
            <span className="muted">Not judged yet: {order.length === 2 ? 'pick the better one' : 'rank the candidates'}.</span>
          )}
        </span>
      </div>
    </article>
  );
}

/** The sample's picture: a camera image, or the video at the sample's time; a note when the file is not in this session. */
function Thumbnail({ scene, sensor, sample, onClick }: { scene: Scene; sensor?: string; sample?: string; onClick(): void }) {
  if (sensor === undefined || sample === undefined) return <div className="cmp-thumb cmp-thumb-none muted small">no image</div>;
  const found = findSample(scene, sensor, sample);
  const url = resolveMediaUrl(found?.sample.uri);
  if (!found || !url) return <div className="cmp-thumb cmp-thumb-none muted small">image not available in this session</div>;
  const isVideo = scene.sensors.find((s) => s.id === sensor)?.kind === 'video';
  return (
    <button type="button" className="cmp-thumb" onClick={onClick} title="Show this picture in the views" data-testid="cmp-thumb">
      {isVideo ? <video src={`${url}#t=${sceneTime(found.stream, found.index)}`} muted preload="metadata" /> : <img src={url} alt={`${sensor} ${sample}`} decoding="async" />}
    </button>
  );
}

interface CandidateProps {
  doc: TextDocument | undefined;
  id: string;
  name: string;
  /** 0-based place in the shown order (the rank once judged). */
  place: number;
  count: number;
  ranked: boolean;
  best: boolean;
  dragging: string | null;
  onDrag(id: string | null): void;
  onDropHere(dragged: string): void;
  onMove(to: number): void;
  onPick?: () => void;
}

const DRAG_TYPE = 'application/x-crosslabel-candidate';

function Candidate({ doc, id, name, place, count, ranked, best, dragging, onDrag, onDropHere, onMove, onPick }: CandidateProps) {
  const flags = useTextFlags({ document: id });
  const selectedObject = useWorkbench((s) => s.session.selectedObjectId);
  const store = useWorkbenchStore();
  const hallucinations = flags.filter((f) => f.kind === 'hallucination');
  const contradictions = flags.filter((f) => f.kind === 'contradiction');
  const [over, setOver] = useState(false);
  if (!doc) return <li className="cmp-cand muted">candidate “{id}” is missing</li>;
  const text = doc.text;
  return (
    <li
      className={`cmp-cand${best ? ' cmp-best' : ''}${over && dragging !== id ? ' cmp-drop' : ''}`}
      data-candidate={id}
      data-rank={ranked ? place + 1 : undefined}
      data-hallucinations={hallucinations.length}
      data-contradictions={contradictions.length}
      onDragOver={(e) => {
        // the drag's own type, not React state: the first dragover may come before a re-render
        if (dragging === id || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dragged = e.dataTransfer.getData(DRAG_TYPE) || dragging;
        if (dragged && dragged !== id) onDropHere(dragged);
        onDrag(null);
      }}
    >
      <div
        className="cmp-cand-head"
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(DRAG_TYPE, id);
          e.dataTransfer.effectAllowed = 'move';
          onDrag(id);
        }}
        onDragEnd={() => onDrag(null)}
        title="Drag onto another candidate to put it in that place"
      >
        <span className="cmp-grip" aria-hidden="true">
          ⠿
        </span>
        {ranked ? <span className={`badge cmp-rank${best ? ' cmp-rank-best' : ''}`}>{best ? 'best' : ordinal(place + 1)}</span> : null}
        <strong className="cmp-name">{name}</strong>
        <span className="spacer" />
        <button type="button" aria-label={`rank ${name} higher`} title="Rank higher" disabled={ranked && place === 0} onClick={() => onMove(ranked ? place - 1 : 0)} data-testid="cmp-up">
          ▲
        </button>
        <button type="button" aria-label={`rank ${name} lower`} title="Rank lower" disabled={ranked && place === count - 1} onClick={() => onMove(ranked ? place + 1 : count - 1)} data-testid="cmp-down">
          ▼
        </button>
      </div>
      <TextEditor host={{ document: id }} text={text} language={doc.language} label={`${name} text`} placeholder="Type or paste the candidate text…" showFlags={false} />
      <div className={`cmp-grounding${flags.length ? ' cmp-grounding-bad' : ''}`} data-testid="cmp-grounding">
        {flags.length === 0 ? (
          <span className="muted small">{text.trim() ? 'Grounded: no hallucinated or contradicted mention.' : 'No text yet.'}</span>
        ) : (
          <>
            <span className="small">
              {hallucinations.length ? (
                <span className="cmp-count cmp-count-hallucination">
                  {hallucinations.length} possible hallucination{hallucinations.length > 1 ? 's' : ''}
                </span>
              ) : null}
              {hallucinations.length && contradictions.length ? ', ' : null}
              {contradictions.length ? (
                <span className="cmp-count cmp-count-contradiction">
                  {contradictions.length} contradiction{contradictions.length > 1 ? 's' : ''}
                </span>
              ) : null}
            </span>
            <ul className="cmp-flags">
              {flags.map((f, i) => (
                <li key={i} className={`cmp-flag cmp-flag-${f.kind}${f.object && f.object === selectedObject ? ' selected' : ''}`} data-kind={f.kind} title={f.message}>
                  {f.object ? (
                    <button type="button" className="link" onClick={() => store.getState().select(f.object!, f.spanId ?? null)} title="Select the object these words are linked to">
                      “{text.slice(f.start, f.end)}”
                    </button>
                  ) : (
                    <strong className="cmp-flag-words">“{text.slice(f.start, f.end)}”</strong>
                  )}{' '}
                  <span className="muted small">{f.message}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {onPick ? (
        <button type="button" className={`cmp-pick${best ? ' primary' : ''}`} aria-pressed={best} onClick={onPick} data-testid="cmp-pick">
          {best ? 'Picked' : 'Pick this one'}
        </button>
      ) : null}
    </li>
  );
}
