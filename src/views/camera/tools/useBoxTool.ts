/**
 * Box tool: idle → dragging (a rectangle from the press to the pointer) → on release, a box of at
 * least 3 × 3 image pixels is handed to `onDrawn` (which links or creates it). `draft` is the
 * rectangle being dragged, for the preview.
 */
import { useState } from 'react';
import type { Rect } from '../../../core/annotate/linkBox';
import { norm, type Pt } from './geometry';

export function useBoxTool(onDrawn: (rect: Rect) => void) {
  const [drag, setDrag] = useState<{ a: Pt; b: Pt } | null>(null);
  return {
    draft: drag ? norm(drag.a, drag.b) : null,
    begin: (p: Pt) => setDrag({ a: p, b: p }),
    /** True while dragging (the pointer is the tool's). */
    move: (p: Pt): boolean => {
      if (!drag) return false;
      setDrag({ ...drag, b: p });
      return true;
    },
    release: (): boolean => {
      if (!drag) return false;
      setDrag(null);
      const rect = norm(drag.a, drag.b);
      if (rect.x1 - rect.x0 >= 3 && rect.y1 - rect.y0 >= 3) onDrawn(rect);
      return true;
    },
  };
}
