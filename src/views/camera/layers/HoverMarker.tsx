/**
 * Cross-view cursor in the camera: where the LiDAR point under the pointer (live.hover, hot state)
 * lands in this image. Subscribes to the store and moves an SVG marker imperatively: no React
 * render per pointer move.
 */
import { useEffect, useRef } from 'react';
import { lidarPointToPixel, type CameraLink } from '../../../hooks/crossView';
import { useWorkbenchStore } from '../../../hooks/storeContext';

export function HoverMarker({ link, r }: { link: CameraLink | null; r: number }) {
  const store = useWorkbenchStore();
  const ref = useRef<SVGGElement>(null);
  useEffect(() => {
    const update = () => {
      const g = ref.current;
      if (!g) return;
      const h = store.getState().live.hover;
      const px = h && h.kind === 'point' && link && h.sensor === link.lidar.id ? lidarPointToPixel(link, h.x, h.y, h.z) : null;
      if (!px) {
        g.setAttribute('visibility', 'hidden');
        g.removeAttribute('data-u');
        return;
      }
      g.setAttribute('visibility', 'visible');
      g.setAttribute('transform', `translate(${px.u} ${px.v})`);
      g.setAttribute('data-u', px.u.toFixed(2));
      g.setAttribute('data-v', px.v.toFixed(2));
    };
    update();
    return store.subscribe((s, prev) => {
      if (s.live.hover !== prev.live.hover) update();
    });
  }, [store, link]);
  return (
    <g ref={ref} className="hover-marker" data-testid="hover-marker" visibility="hidden" pointerEvents="none">
      <circle r={r * 2.2} />
      <line x1={-r * 4} x2={r * 4} y1={0} y2={0} />
      <line x1={0} x2={0} y1={-r * 4} y2={r * 4} />
    </g>
  );
}
