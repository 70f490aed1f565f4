/**
 * Cross-view cursor in the LiDAR view: the viewing ray of the camera pixel under the pointer
 * (live.hover, hot state), from the camera centre out to 80 m. Updated imperatively from a store
 * subscription; one preallocated line, re-rendered on demand. LiDAR-frame coordinates (inside the
 * view's −V group): the camera centre is the line's float64 position and the buffer holds only the
 * small offset along the ray, so a camera at map / UTM coordinates draws without float32 rounding.
 */
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { pixelToLidarRay, type CameraLink } from '../../hooks/crossView';
import { useWorkbenchStore } from '../../hooks/storeContext';

const RAY_LENGTH_M = 80;

export function HoverRay({ link }: { link: CameraLink | null }) {
  const store = useWorkbenchStore();
  const invalidate = useThree((s) => s.invalidate);
  const line = useMemo(() => {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(6), 3));
    const l = new THREE.Line(g, new THREE.LineBasicMaterial({ color: '#ffd166' }));
    l.visible = false;
    l.frustumCulled = false;
    return l;
  }, []);
  useEffect(() => () => {
    line.geometry.dispose();
    (line.material as THREE.Material).dispose();
  }, [line]);
  useEffect(() => {
    const update = () => {
      const h = store.getState().live.hover;
      const ray = h && h.kind === 'pixel' && link && h.sensor === link.camera.id ? pixelToLidarRay(link, h.u, h.v) : null;
      const w = window as unknown as { __crosslabel?: Record<string, unknown> };
      if (w.__crosslabel) w.__crosslabel.hoverRay = ray;
      if (!ray) {
        if (line.visible) {
          line.visible = false;
          invalidate();
        }
        return;
      }
      const a = line.geometry.getAttribute('position') as THREE.BufferAttribute;
      line.position.set(ray.origin[0], ray.origin[1], ray.origin[2]);
      a.setXYZ(0, 0, 0, 0);
      a.setXYZ(1, RAY_LENGTH_M * ray.dir[0], RAY_LENGTH_M * ray.dir[1], RAY_LENGTH_M * ray.dir[2]);
      a.needsUpdate = true;
      line.visible = true;
      invalidate();
    };
    update();
    return store.subscribe((s, prev) => {
      if (s.live.hover !== prev.live.hover) update();
    });
  }, [store, link, line, invalidate]);
  return <primitive object={line} />;
}
