/**
 * Zoom and pan of the camera image as an SVG viewBox in image pixels: the wheel zooms about the
 * cursor, middle- or right-drag (or Space + drag) pans, `fit` shows the whole image.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Client (screen) point → image pixel through the SVG's current transform. */
export function clientToImage(svg: SVGSVGElement, clientX: number, clientY: number): { x: number; y: number } {
  const m = svg.getScreenCTM();
  if (!m) return { x: 0, y: 0 };
  const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}

export function useViewBox(width: number, height: number, svgRef: React.RefObject<SVGSVGElement | null>) {
  const [vb, setVb] = useState<ViewBox>({ x: 0, y: 0, w: width, h: height });
  const pan = useRef<{ x: number; y: number; vb: ViewBox } | null>(null);
  const fit = useCallback(() => setVb({ x: 0, y: 0, w: width, h: height }), [width, height]);
  useEffect(fit, [fit]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = clientToImage(svg, e.clientX, e.clientY);
      const k = Math.exp(Math.sign(e.deltaY) * 0.15);
      setVb((v) => {
        const w = Math.min(width * 4, Math.max(width / 40, v.w * k));
        const s = w / v.w;
        return { x: p.x - (p.x - v.x) * s, y: p.y - (p.y - v.y) * s, w, h: v.h * s };
      });
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [svgRef, width]);

  const startPan = useCallback(
    (e: React.PointerEvent) => {
      const svg = svgRef.current;
      if (!svg) return;
      svg.setPointerCapture(e.pointerId);
      pan.current = { x: e.clientX, y: e.clientY, vb };
    },
    [svgRef, vb],
  );
  const movePan = useCallback(
    (e: React.PointerEvent): boolean => {
      const p = pan.current;
      const svg = svgRef.current;
      if (!p || !svg) return false;
      const r = svg.getBoundingClientRect();
      // preserveAspectRatio "meet": one screen pixel = max(vb.w / r.width, vb.h / r.height) image pixels
      const scale = Math.max(p.vb.w / r.width, p.vb.h / r.height);
      setVb({ ...p.vb, x: p.vb.x - (e.clientX - p.x) * scale, y: p.vb.y - (e.clientY - p.y) * scale });
      return true;
    },
    [svgRef],
  );
  const endPan = useCallback(() => {
    const was = !!pan.current;
    pan.current = null;
    return was;
  }, []);

  return { vb, fit, startPan, movePan, endPan };
}

/**
 * Screen pixels per image pixel of the SVG as drawn: with preserveAspectRatio "meet" the viewBox
 * is fitted inside the element, so min(element width / vb.w, element height / vb.h). Follows the
 * element's size (pane resizes, layout presets) through a ResizeObserver; 1 until it is measured.
 * Overlay text divides by it to keep a fixed size on screen at any zoom.
 */
export function useScreenScale(svgRef: React.RefObject<SVGSVGElement | null>, vb: ViewBox): number {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const observed = useRef<{ svg: SVGSVGElement; ro: ResizeObserver | null } | null>(null);
  // every render: the SVG mounts only once the pane has a camera, and may be replaced
  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (observed.current?.svg === svg) return;
    observed.current?.ro?.disconnect();
    observed.current = null;
    if (!svg) return;
    const measure = () => {
      const r = svg.getBoundingClientRect();
      setSize((s) => (s && s.w === r.width && s.h === r.height ? s : { w: r.width, h: r.height }));
    };
    measure();
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    ro?.observe(svg);
    observed.current = { svg, ro };
  });
  useEffect(
    () => () => {
      observed.current?.ro?.disconnect();
      observed.current = null;
    },
    [],
  );
  const k = size ? Math.min(size.w / vb.w, size.h / vb.h) : 0;
  return Number.isFinite(k) && k > 0 ? k : 1;
}
