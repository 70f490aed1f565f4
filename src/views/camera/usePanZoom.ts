/**
 * Pan and zoom of the camera image as one pointer "tool" that runs before the others: the wheel
 * zooms about the cursor (useViewBox), middle- or right-drag or Space + drag pans, `fit` shows the
 * whole image. Also says how many screen pixels one image pixel takes (`scale`), for overlays
 * drawn at screen size.
 */
import { useRef } from 'react';
import { useScreenScale, useViewBox } from './useViewBox';

export function usePanZoom(width: number, height: number, svgRef: React.RefObject<SVGSVGElement | null>) {
  const { vb, fit, startPan, movePan, endPan } = useViewBox(width, height, svgRef);
  const scale = useScreenScale(svgRef, vb);
  const space = useRef(false);
  const panning = useRef(false);

  return {
    vb,
    /** Screen pixels per image pixel. */
    scale,
    fit,
    /** Space held: a left-drag pans. */
    keyDown: (e: React.KeyboardEvent) => {
      if (e.key === ' ') space.current = true;
    },
    keyUp: (e: React.KeyboardEvent) => {
      if (e.key === ' ') space.current = false;
    },
    /** Starts a pan (middle/right button, or Space + left); true when it took the pointer. */
    pointerDown: (e: React.PointerEvent): boolean => {
      if (e.button !== 1 && e.button !== 2 && !space.current) return false;
      e.preventDefault();
      startPan(e);
      panning.current = true;
      return true;
    },
    /** True while a pan owns the pointer. */
    pointerMove: (e: React.PointerEvent): boolean => {
      if (!panning.current) return false;
      movePan(e);
      return true;
    },
    pointerUp: (): boolean => {
      if (!panning.current) return false;
      panning.current = false;
      endPan();
      return true;
    },
  };
}
