/**
 * Placing a new 2D label (box or polygon) on the camera sample: it links to the object whose
 * projected cuboid box overlaps it best (core decideLink, IoU ≥ 0.5), or makes a new object of the
 * chosen class; when candidates tie, `choice` asks (LinkChoice) and `resolve` finishes. One command.
 */
import { useState } from 'react';
import { decideLink, type LinkDecision, type Rect } from '../../core/annotate/linkBox';
import { addAnnotation, createObjectWithAnnotation } from '../../core/commands/annotations';
import { newId } from '../../core/commands/ids';
import type { Box2D } from '../../core/schema';
import { useWorkbenchStore } from '../../hooks/storeContext';

export type NewShape = { kind: 'box2d'; x0: number; y0: number; x1: number; y1: number } | { kind: 'polygon'; points: { x: number; y: number }[]; closed: true };
export interface LinkChoiceState {
  make: (objectId: string | null) => void;
  decision: Extract<LinkDecision, { kind: 'ambiguous' }>;
}

export function useLinkedLabel(target: { camera: string; sample: string } | null, projected: Box2D[], newClass: string) {
  const store = useWorkbenchStore();
  const [choice, setChoice] = useState<LinkChoiceState | null>(null);

  /** A new 2D label on this camera sample, on `objectId` or on a new object of the chosen class. */
  const create = (shape: NewShape, objectId: string | null) => {
    if (!target) return;
    const st = store.getState();
    const annotationId = newId(shape.kind === 'box2d' ? 'box' : 'poly');
    const base = { id: annotationId, sensor: target.camera, sample: target.sample, source: 'manual' as const, ...shape };
    if (objectId) {
      if (st.dispatch(addAnnotation, { annotation: { ...base, object: objectId } })) st.select(objectId, annotationId);
      return;
    }
    const n = Object.values(st.scene?.objects ?? {}).filter((o) => o.classId === newClass).length + 1;
    const className = st.scene?.taxonomy.classes.find((c) => c.id === newClass)?.name ?? newClass;
    const id = newId('obj');
    if (st.dispatch(createObjectWithAnnotation, { object: { id, classId: newClass, name: `${className} ${n}`, attributes: {} }, annotation: { ...base, object: id } })) st.select(id, annotationId);
  };

  /** Link `shape` through its bounding `rect`: to the best-overlapping projected cuboid, a new object, or ask. */
  const place = (shape: NewShape, rect: Rect) => {
    const decision = decideLink(
      rect,
      projected.map((p) => ({ objectId: p.object, box: p })),
    );
    if (decision.kind === 'link') create(shape, decision.objectId);
    else if (decision.kind === 'new') create(shape, null);
    else setChoice({ make: (objectId) => create(shape, objectId), decision });
  };

  return {
    place,
    choice,
    /** Answer the question: an object id, null for a new object. */
    resolve: (objectId: string | null) => {
      choice?.make(objectId);
      setChoice(null);
    },
    cancel: () => setChoice(null),
  };
}
