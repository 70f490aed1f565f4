/** Image-pixel points and rectangles shared by the camera tools. */
import type { Rect } from '../../../core/annotate/linkBox';

export interface Pt {
  x: number;
  y: number;
}

/** The rectangle spanned by two corners, whichever way they were dragged. */
export const norm = (a: Pt, b: Pt): Rect => ({ x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) });

/** The bounding rectangle of a set of points. */
export const bounds = (pts: Pt[]): Rect => ({ x0: Math.min(...pts.map((p) => p.x)), y0: Math.min(...pts.map((p) => p.y)), x1: Math.max(...pts.map((p) => p.x)), y1: Math.max(...pts.map((p) => p.y)) });
