/** Placeholder (being rewritten for #15): the scene's documents with their spans. */
import { useScene } from '../../hooks/sceneHooks';

export function DocumentsView() {
  const scene = useScene();
  if (!scene) return null;
  return (
    <>
      {scene.documents.length === 0 ? <p className="muted">This scene has no text.</p> : null}
      {scene.documents.map((d) => (
        <article key={d.id} lang={d.language} data-document={d.id}>
          {d.title ? <h4>{d.title}</h4> : null}
          <p className="doc-text">{d.text}</p>
        </article>
      ))}
    </>
  );
}
