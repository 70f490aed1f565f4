/**
 * Linking a drawn 2D box to an object: the box belongs to the object whose projected cuboid box
 * (in the same camera sample) overlaps it best, if that IoU reaches the threshold. When the best
 * candidates are within `tieMargin` IoU of each other the choice is ambiguous and the annotator
 * picks (the UI shows the candidates). Boxes are [x0, y0, x1, y1] in pixels.
 */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

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

export const area = (r: Rect): number => Math.max(0, r.x1 - r.x0) * Math.max(0, r.y1 - r.y0);

export function iou(a: Rect, b: Rect): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
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

/** Largest absolute edge difference between two boxes, in pixels. */
export const maxEdgeDeviation = (a: Rect, b: Rect): number => Math.max(Math.abs(a.x0 - b.x0), Math.abs(a.y0 - b.y0), Math.abs(a.x1 - b.x1), Math.abs(a.y1 - b.y1));
