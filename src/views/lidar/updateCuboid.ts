/**
 * Editing a cuboid's geometry also refreshes the 2D boxes stored from it (accepted projections
 * follow it; overrides keep their rect and get the new projection), in the same undo step.
 */
import { updateAnnotation, type AnnotationPatch } from '../../core/commands/annotations';
import { refreshProjectedBoxes } from '../../core/commands/projected';
import type { WorkbenchStore } from '../../store';
import { allAnnotations } from '../../core/schema';

export function updateCuboid(store: WorkbenchStore, id: string, patch: AnnotationPatch, opts: { ownStep?: string } = {}): boolean {
  const st = store.getState();
  const hasDerived = (st.scene ? allAnnotations(st.scene) : []).some((a) => a.kind === 'box2d' && a.fromCuboid === id);
  if (opts.ownStep && hasDerived) st.beginGesture(opts.ownStep);
  const ok = st.dispatch(updateAnnotation, { id, patch });
  if (ok && hasDerived) st.dispatch(refreshProjectedBoxes, { cuboid: id });
  if (opts.ownStep && hasDerived) st.endGesture();
  return ok;
}
