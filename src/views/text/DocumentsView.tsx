/**
 * The Documents tab: every text document of the scene (scene description, frame captions, notes,
 * prompts, responses) with its kind, title, what it describes (a sample, "image_2 · 000001", or
 * the whole scene) and language, each edited in place in a TextEditor. "New caption" describes
 * the camera pane's sample at the playhead; "New note" is free text about the scene. Working in a
 * caption brings its sample into the views (playhead and camera), so the link picker's "visible
 * now" and the flags refer to the picture the words describe. Deleting is undoable.
 */
import { useEffect, useRef, useState } from 'react';
import { createDocument, deleteDocument, newId, updateDocument } from '../../core/commands';
import { documentKind, type DocumentKind, type TextDocument } from '../../core/schema';
import { findSample, sampleAt, sceneTime, streamOfSensor } from '../../core/time';
import { useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { describedLabel, useCaptionTarget, useTextFlags } from '../../hooks/text';
import { TextEditor } from './TextEditor';

const KIND_LABEL: Record<DocumentKind, string> = { description: 'description', caption: 'caption', note: 'note', prompt: 'prompt', response: 'response' };

export function DocumentsView() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const target = useCaptionTarget();
  const [focusId, setFocusId] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<{ id: string; label: string } | null>(null);
  const history = useWorkbench((s) => s.history.undo);
  if (!scene) return null;

  const create = (kind: 'caption' | 'note') => {
    const id = newId('doc');
    const doc = kind === 'caption' && target ? { id, kind, sensor: target.sensor, sample: target.sample, language: 'en', text: '' } : { id, kind, language: 'en', text: '' };
    if (store.getState().dispatch(createDocument, { document: doc })) setFocusId(id);
  };
  const remove = (d: TextDocument) => {
    if (store.getState().dispatch(deleteDocument, { documentId: d.id })) setDeleted({ id: d.id, label: `${KIND_LABEL[documentKind(d)]}${d.title ? ` “${d.title}”` : ''}` });
  };
  // the Undo offer holds only while the deletion is the last step
  const canUndoDelete = deleted && history[history.length - 1] === deleteDocument.label && !scene.documents.some((d) => d.id === deleted.id);

  return (
    <div className="text-docs" data-testid="documents-view">
      <div className="text-docs-bar">
        <button type="button" onClick={() => create('caption')} disabled={!target} title={target ? `A caption of ${describedLabel(scene, target.sensor, target.sample)} (the camera's picture now)` : 'No camera picture to describe'} data-testid="new-caption">
          New caption
        </button>
        <button type="button" onClick={() => create('note')} title="A free note about the scene (not checked against it)" data-testid="new-note">
          New note
        </button>
        {target ? <span className="muted small">captions describe {describedLabel(scene, target.sensor, target.sample)}</span> : null}
        {canUndoDelete ? (
          <span className="text-notice small" data-testid="deleted-notice">
            Deleted {deleted.label}.{' '}
            <button type="button" className="link" onClick={() => (store.getState().undo(), setDeleted(null))}>
              Undo
            </button>
          </span>
        ) : null}
      </div>
      {scene.documents.length === 0 ? <p className="muted">This scene has no text yet.</p> : null}
      {scene.documents.map((d) => (
        <DocumentCard key={d.id} doc={d} autoFocus={d.id === focusId} onFocused={() => setFocusId(null)} onDelete={() => remove(d)} />
      ))}
    </div>
  );
}

function DocumentCard({ doc, autoFocus, onFocused, onDelete }: { doc: TextDocument; autoFocus: boolean; onFocused(): void; onDelete(): void }) {
  const store = useWorkbenchStore();
  const scene = useScene();
  const kind = documentKind(doc);
  const flags = useTextFlags({ document: doc.id });
  const hallucinations = flags.filter((f) => f.kind === 'hallucination').length;
  const contradictions = flags.length - hallucinations;
  const card = useRef<HTMLElement>(null);
  const shown = useWorkbench((s) => {
    if (!s.scene || doc.sensor === undefined || doc.sample === undefined) return true;
    const st = streamOfSensor(s.scene, doc.sensor);
    return st ? sampleAt(st, s.live.playhead)?.id === doc.sample : true;
  });

  useEffect(() => {
    if (!autoFocus) return;
    const ta = card.current?.querySelector('textarea');
    ta?.focus();
    card.current?.scrollIntoView({ block: 'nearest' });
    onFocused();
  }, [autoFocus, onFocused]);

  /** Bring the sample this text describes into the views: its time, its camera. */
  const show = () => {
    const st = store.getState();
    if (!st.scene || doc.sensor === undefined) return;
    const sensor = st.scene.sensors.find((s) => s.id === doc.sensor);
    if ((sensor?.kind === 'camera' || sensor?.kind === 'video') && st.session.activeCamera !== doc.sensor) st.setSession({ activeCamera: doc.sensor });
    if (doc.sample === undefined || shown) return;
    const found = findSample(st.scene, doc.sensor, doc.sample);
    if (found) st.setPlayhead(sceneTime(found.stream, found.index));
  };

  return (
    <article ref={card} className={`text-doc${shown ? '' : ' text-doc-elsewhere'}`} data-document={doc.id} data-kind={kind} lang={doc.language} onFocus={show}>
      <header className="text-doc-head">
        <span className={`badge text-kind text-kind-${kind}`}>{KIND_LABEL[kind]}</span>
        <CommitField className="text-doc-title" value={doc.title ?? ''} placeholder="Untitled" label="Title" onCommit={(v) => store.getState().dispatch(updateDocument, { documentId: doc.id, patch: { title: v === '' ? undefined : v } })} />
        <button type="button" className="link small text-doc-about" onClick={show} title={doc.sample ? 'Show this sample in the views' : undefined} data-testid="doc-about">
          {scene ? describedLabel(scene, doc.sensor, doc.sample) : ''}
        </button>
        <CommitField
          className="text-doc-lang"
          value={doc.language}
          label="Language (BCP-47)"
          size={5}
          onCommit={(v) => (v.trim().length >= 2 ? store.getState().dispatch(updateDocument, { documentId: doc.id, patch: { language: v.trim() } }) : false)}
        />
        {hallucinations ? (
          <span className="badge text-badge-hallucination" title="Words naming a class with no labelled object in what the text describes" data-testid="hallucination-badge">
            {hallucinations} possible hallucination{hallucinations > 1 ? 's' : ''}
          </span>
        ) : null}
        {contradictions ? (
          <span className="badge text-badge-contradiction" title="Words asserting something the linked object's labels disagree with" data-testid="contradiction-badge">
            {contradictions} contradiction{contradictions > 1 ? 's' : ''}
          </span>
        ) : null}
        <span className="spacer" />
        <button type="button" className="text-doc-delete" onClick={onDelete} title="Delete this document (undoable)" aria-label={`Delete ${KIND_LABEL[kind]}`} data-testid="delete-document">
          Delete
        </button>
      </header>
      <TextEditor host={{ document: doc.id }} text={doc.text} language={doc.language} label={`${KIND_LABEL[kind]} text${doc.title ? `: ${doc.title}` : ''}`} placeholder={kind === 'caption' ? 'Describe what the picture shows…' : 'Write…'} />
    </article>
  );
}

/** A one-line field edited locally and committed (one undo step) on Enter or leaving it; Esc reverts. */
function CommitField({ value, onCommit, className, placeholder, label, size }: { value: string; onCommit(v: string): boolean | void; className?: string; placeholder?: string; label: string; size?: number }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value && onCommit(draft) === false) {
      setDraft(null);
      return;
    }
    setDraft(null);
  };
  return (
    <input
      className={className}
      value={draft ?? value}
      placeholder={placeholder}
      aria-label={label}
      title={label}
      size={size}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          setDraft(null);
        }
      }}
    />
  );
}
