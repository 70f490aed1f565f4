/** Removing annotations from a draft without leaving links to them behind. */
import type { Scene } from '../schema';
import { dropAnnotation, findAnnotations, locateAnnotation } from './draftAnnotations';
import { removeHostSpans } from './textHosts';

/**
 * Delete an annotation from a draft (and its partition when it was the last one there). A deleted
 * cuboid leaves no dangling links: boxes derived from it (`fromCuboid`) keep their geometry and
 * source but lose the link and the kept projection (`projected`), which described a cuboid that no
 * longer exists. A deleted time segment takes the text spans in its transcript with it.
 */
export function removeAnnotation(draft: Scene, id: string): void {
  const key = locateAnnotation(draft, id);
  if (key === undefined) return;
  const goneKind = draft.annotations[key][id].kind;
  dropAnnotation(draft, key, id);
  if (goneKind === 'timeSegment') removeHostSpans(draft, { segment: id });
  if (goneKind !== 'cuboid') return;
  for (const { partition, annotation } of findAnnotations(draft, (a) => a.kind === 'box2d' && a.fromCuboid === id)) {
    const a = draft.annotations[partition][annotation.id];
    if (a.kind !== 'box2d') continue;
    delete a.fromCuboid;
    delete a.projected;
  }
}
