/** Derived (never stored) projected boxes of every cuboid, memoised on the document. */
import { useMemo } from 'react';
import { deriveProjectedBoxes } from '../core/projection';
import type { Box2D } from '../core/schema';
import { useScene } from './sceneHooks';

export function useProjectedBoxes(): Map<string, Box2D[]> {
  const scene = useScene();
  return useMemo(() => {
    const m = new Map<string, Box2D[]>();
    if (!scene) return m;
    let boxes: Box2D[] = [];
    try {
      boxes = deriveProjectedBoxes(scene);
    } catch {
      return m; // calibration problems surface through QA, not by breaking the view
    }
    for (const b of boxes) {
      const k = `${b.sensor}|${b.sample}`;
      const list = m.get(k);
      if (list) list.push(b);
      else m.set(k, [b]);
    }
    return m;
  }, [scene]);
}
