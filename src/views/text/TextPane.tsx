/**
 * Text view: three tabs over the scene's words.
 * - Documents: captions, descriptions, notes, prompts and responses, edited in place; spans linked to
 *   objects, detected mentions offered for linking, hallucinations and contradictions marked.
 * - Transcript: the timed segments of the audio/video streams, following the playhead; each
 *   segment's speaker is an object.
 * - Compare: candidate captions/responses about one image, ranked with a reason.
 * The tab opens on the first one with content; the choice is per session (not in the document).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { allAnnotations } from '../../core/schema';
import { useScene } from '../../hooks/sceneHooks';
import { DocumentsView } from './DocumentsView';

const TranscriptView = lazy(() => import('./TranscriptView').then((m) => ({ default: m.TranscriptView })));
const ComparisonsView = lazy(() => import('./ComparisonsView').then((m) => ({ default: m.ComparisonsView })));

type Tab = 'documents' | 'transcript' | 'compare';

export function TextPane() {
  const scene = useScene();
  const counts = useMemo(() => {
    if (!scene) return { documents: 0, transcript: 0, compare: 0 };
    let transcript = 0;
    for (const a of allAnnotations(scene)) if (a.kind === 'timeSegment' && a.text !== undefined) transcript++;
    return { documents: scene.documents.length, transcript, compare: Object.keys(scene.comparisons).length };
  }, [scene]);
  const [chosen, setChosen] = useState<Tab | null>(null);
  if (!scene) return <div className="pane-empty">No scene</div>;
  const tab: Tab = chosen ?? (counts.transcript > 0 && counts.documents <= 1 ? 'transcript' : 'documents');
  const tabs: [Tab, string, number][] = [
    ['documents', 'Documents', counts.documents],
    ['transcript', 'Transcript', counts.transcript],
    ['compare', 'Compare', counts.compare],
  ];
  return (
    <div className="text-pane" data-testid="text-pane">
      <div className="pane-toolbar" role="tablist" aria-label="Text views">
        <span className="pane-title">Text</span>
        {tabs.map(([id, label, n]) => (
          <button key={id} role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => setChosen(id)} data-testid={`text-tab-${id}`}>
            {label} <span className="muted">{n}</span>
          </button>
        ))}
      </div>
      <div className="text-body" role="tabpanel">
        {tab === 'documents' ? (
          <DocumentsView />
        ) : (
          <Suspense fallback={<p className="muted">Loading…</p>}>{tab === 'transcript' ? <TranscriptView /> : <ComparisonsView />}</Suspense>
        )}
      </div>
    </div>
  );
}
