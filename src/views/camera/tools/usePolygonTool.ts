/**
 * Polygon tool: each click adds a vertex; clicking near the first vertex (with ≥ 3), a double-click
 * or Enter closes it; Backspace removes the last vertex, Esc cancels. Consecutive vertices closer
 * than 1 image pixel are merged; fewer than 3 left is no polygon. `onClosed` gets the vertices.
 */
import { useState } from 'react';
import type { Pt } from './geometry';

export function usePolygonTool(onClosed: (points: Pt[]) => void, closeRadius: number) {
  /** The vertices placed so far (image pixels), and where the pointer is for the rubber band. */
  const [points, setPoints] = useState<Pt[] | null>(null);
  const [cursor, setCursor] = useState<Pt | null>(null);

  const finish = () => {
    if (!points) return;
    const clean = points.filter((p, i) => i === 0 || Math.hypot(p.x - points[i - 1].x, p.y - points[i - 1].y) > 1);
    setPoints(null);
    setCursor(null);
    if (clean.length >= 3) onClosed(clean);
  };

  return {
    points,
    cursor,
    finish,
    click: (p: Pt) => {
      const first = points?.[0];
      if (points && points.length >= 3 && first && Math.hypot(p.x - first.x, p.y - first.y) < closeRadius) finish();
      else setPoints([...(points ?? []), p]);
    },
    hover: (p: Pt) => {
      if (points) setCursor(p);
    },
    /** While drawing, the tool takes every key (true): Enter, Esc, Backspace act, the rest is swallowed. */
    keyDown: (e: React.KeyboardEvent): boolean => {
      if (!points) return false;
      if (e.key === 'Enter') finish();
      else if (e.key === 'Escape') {
        setPoints(null);
        setCursor(null);
      } else if (e.key === 'Backspace') setPoints(points.length > 1 ? points.slice(0, -1) : null);
      e.preventDefault();
      return true;
    },
  };
}
