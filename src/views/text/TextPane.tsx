/**
 * Text view: the scene's documents (description, captions, transcripts) with labelled spans
 * highlighted in their object's class colour; clicking a span selects its object everywhere.
 */
import { useMemo } from 'react';
import type { TextSpan } from '../../core/schema';
import { useClassColor, useScene } from '../../hooks/sceneHooks';
import { useWorkbench, useWorkbenchStore } from '../../hooks/storeContext';
import { allAnnotations } from '../../core/schema';

function segments(text: string, spans: TextSpan[]): { start: number; end: number; span?: TextSpan }[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; span?: TextSpan }[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue; // overlapping spans: the first wins in this simple view
    if (s.start > at) out.push({ start: at, end: s.start });
    out.push({ start: s.start, end: Math.min(s.end, text.length), span: s });
    at = Math.min(s.end, text.length);
  }
  if (at < text.length) out.push({ start: at, end: text.length });
  return out;
}

export function TextPane() {
  const scene = useScene();
  const store = useWorkbenchStore();
  const colorOf = useClassColor();
  const selected = useWorkbench((s) => s.session.selectedObjectId);
  const spansByDoc = useMemo(() => {
    const m = new Map<string, TextSpan[]>();
    for (const a of (scene ? allAnnotations(scene) : [])) if (a.kind === 'textSpan') m.set(a.document, [...(m.get(a.document) ?? []), a]);
    return m;
  }, [scene]);
  if (!scene) return <div className="pane-empty">No scene</div>;
  return (
    <div className="text-pane" data-testid="text-pane">
      <div className="pane-toolbar">
        <span className="pane-title">Text</span>
        <span className="muted">{scene.documents.length} document(s)</span>
      </div>
      <div className="text-body">
        {scene.documents.length === 0 ? <p className="muted">This scene has no text.</p> : null}
        {scene.documents.map((d) => (
          <article key={d.id} lang={d.language} data-document={d.id}>
            {d.title ? <h4>{d.title}</h4> : null}
            <p className="doc-text">
              {segments(d.text, spansByDoc.get(d.id) ?? []).map((seg) =>
                seg.span ? (
                  <mark
                    key={seg.start}
                    className={seg.span.object === selected ? 'selected' : ''}
                    style={{ background: `${colorOf(scene.objects[seg.span.object]?.classId ?? '')}55` }}
                    onClick={() => store.getState().select(seg.span!.object, seg.span!.id)}
                  >
                    {d.text.slice(seg.start, seg.end)}
                  </mark>
                ) : (
                  <span key={seg.start}>{d.text.slice(seg.start, seg.end)}</span>
                ),
              )}
            </p>
          </article>
        ))}
      </div>
    </div>
  );
}
