/** Removing annotations from a draft without leaving links to them behind. */
import type { Scene } from '../schema';

/**
 * Delete an annotation from a draft. A deleted cuboid leaves no dangling links: boxes derived from
 * it (`fromCuboid`) keep their geometry and source but lose the link and the kept projection
 * (`projected`), which described a cuboid that no longer exists.
 */
export function removeAnnotation(draft: Scene, id: string): void {
  const gone = draft.annotations[id];
  delete draft.annotations[id];
  if (gone?.kind !== 'cuboid') return;
  for (const a of Object.values(draft.annotations))
    if (a.kind === 'box2d' && a.fromCuboid === id) {
      delete a.fromCuboid;
      delete a.projected;
    }
}
