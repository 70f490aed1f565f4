/**
 * Editing labels with the mouse: a corner handle of the selected box resizes it (in every tool);
 * with the select tool, a press on a polygon selects it and a press on a box selects and moves it.
 * idle → moving | resizing → release; each drag is one undo step (begin/endGesture). The elements
 * carry `data-annotation` (the label's group) and `data-handle` ("00".."11": which corner).
 */
import { useRef } from 'react';
import type { Rect } from '../../../core/annotate/linkBox';
import { updateAnnotation } from '../../../core/commands/annotations';
import { overrideProjectedBox } from '../../../core/commands/projected';
import type { Box2D, Polygon } from '../../../core/schema';
import { useWorkbenchStore } from '../../../hooks/storeContext';
import { norm, type Pt } from './geometry';

type Drag = { kind: 'move'; id: string; start: Pt; orig: Rect } | { kind: 'resize'; id: string; corner: [0 | 1, 0 | 1]; orig: Rect };

const rectOf = (b: Box2D): Rect => ({ x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 });

export function useEditTool(boxes: Box2D[], polygons: Polygon[], width: number, height: number) {
  const store = useWorkbenchStore();
  const drag = useRef<Drag | null>(null);

  /**
   * Editing an accepted projected box turns it into an override through the core command, which
   * re-projects the cuboid (the stored rect may be stale) and keeps that projection alongside.
   * False when it refused (e.g. the cuboid no longer projects into this camera): no edit starts.
   */
  const toOverride = (b: Box2D): boolean => {
    if (b.source !== 'projected' || !b.fromCuboid) return true;
    return store.getState().dispatch(overrideProjectedBox, { cuboid: b.fromCuboid, camera: b.sensor, id: b.id, rect: rectOf(b) });
  };
  const begin = (b: Box2D, label: string, d: Drag) => {
    store.getState().beginGesture(label);
    if (!toOverride(b)) return void store.getState().endGesture();
    drag.current = d;
  };
  const labelOf = (target: Element) => target.closest('[data-annotation]')?.getAttribute('data-annotation');

  return {
    /** A press on a corner handle: starts a resize. True when the press was on a label's handle. */
    grabHandle: (target: Element): boolean => {
      const handle = target.closest('[data-handle]');
      const id = labelOf(target);
      if (!handle || !id) return false;
      const b = boxes.find((x) => x.id === id);
      if (!b) return true;
      const h = handle.getAttribute('data-handle')!;
      begin(b, 'Resize box', { kind: 'resize', id: b.id, corner: [h[0] === '1' ? 1 : 0, h[1] === '1' ? 1 : 0], orig: rectOf(b) });
      return true;
    },
    /** A press on a label's body: selects it, and starts moving a box. True when the press was on a label. */
    grabLabel: (target: Element, p: Pt): boolean => {
      const id = labelOf(target);
      if (!id) return false;
      const pg = polygons.find((x) => x.id === id);
      if (pg) {
        store.getState().select(pg.object, pg.id);
        return true;
      }
      const b = boxes.find((x) => x.id === id);
      if (!b) return true;
      store.getState().select(b.object, b.id);
      begin(b, 'Move box', { kind: 'move', id: b.id, start: p, orig: rectOf(b) });
      return true;
    },
    /** True while a move or resize owns the pointer. */
    move: (p: Pt): boolean => {
      const d = drag.current;
      if (!d) return false;
      const o = d.orig;
      if (d.kind === 'move') {
        const dx = p.x - d.start.x;
        const dy = p.y - d.start.y;
        store.getState().dispatch(updateAnnotation, { id: d.id, patch: { x0: o.x0 + dx, y0: o.y0 + dy, x1: o.x1 + dx, y1: o.y1 + dy } });
      } else {
        const fixed = { x: d.corner[0] ? o.x0 : o.x1, y: d.corner[1] ? o.y0 : o.y1 };
        store.getState().dispatch(updateAnnotation, { id: d.id, patch: norm(fixed, { x: Math.min(width, Math.max(0, p.x)), y: Math.min(height, Math.max(0, p.y)) }) });
      }
      return true;
    },
    release: (): boolean => {
      if (!drag.current) return false;
      drag.current = null;
      store.getState().endGesture();
      return true;
    },
  };
}
