/**
 * Linking a drawn 2D box to an object: the box belongs to the object whose projected cuboid box
 * (in the same camera sample) overlaps it best, if that IoU reaches the threshold. When the best
 * candidates are within `tieMargin` IoU of each other the choice is ambiguous and the annotator
 * picks (the UI shows the candidates). Boxes are [x0, y0, x1, y1] in pixels.
 */
import { iou, type RectLike } from '../projection/deviation';

export type Rect = RectLike;

export interface LinkCandidate {
  objectId: string;
  /** The projected box of the object's cuboid in this camera sample. */
  box: Rect;
}

export type LinkDecision =
  | { kind: 'link'; objectId: string; iou: number }
  | { kind: 'ambiguous'; candidates: { objectId: string; iou: number }[] }
  | { kind: 'new'; bestIou: number };

export interface LinkOptions {
  /** Minimum IoU for a link (default 0.5). */
  threshold?: number;
  /** Candidates whose IoU is within this of the best are a tie (default 0.05). */
  tieMargin?: number;
}

export function decideLink(drawn: Rect, candidates: LinkCandidate[], options: LinkOptions = {}): LinkDecision {
  const threshold = options.threshold ?? 0.5;
  const tieMargin = options.tieMargin ?? 0.05;
  const scored = candidates.map((c) => ({ objectId: c.objectId, iou: iou(drawn, c.box) })).sort((a, b) => b.iou - a.iou || a.objectId.localeCompare(b.objectId));
  const best = scored[0];
  if (!best || best.iou < threshold) return { kind: 'new', bestIou: best?.iou ?? 0 };
  const tied = scored.filter((s) => s.iou >= threshold && best.iou - s.iou <= tieMargin);
  return tied.length > 1 ? { kind: 'ambiguous', candidates: tied } : { kind: 'link', objectId: best.objectId, iou: best.iou };
}
