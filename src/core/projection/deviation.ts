/** Deviation between a 2D box and its projection: IoU and the largest edge offset, in pixels. */
export interface RectLike {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const rectArea = (r: RectLike): number => Math.max(0, r.x1 - r.x0) * Math.max(0, r.y1 - r.y0);

/** Intersection over union of two axis-aligned boxes (0 when both are empty). */
export function iou(a: RectLike, b: RectLike): number {
  const i = rectArea({ x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) });
  const u = rectArea(a) + rectArea(b) - i;
  return u > 0 ? i / u : 0;
}

export interface BoxDeviation {
  iou: number;
  /** max(|Δx0|, |Δy0|, |Δx1|, |Δy1|) in pixels. */
  maxEdgePx: number;
}

export const boxDeviation = (box: RectLike, projected: RectLike): BoxDeviation => ({
  iou: iou(box, projected),
  maxEdgePx: Math.max(Math.abs(box.x0 - projected.x0), Math.abs(box.y0 - projected.y0), Math.abs(box.x1 - projected.x1), Math.abs(box.y1 - projected.y1)),
});
