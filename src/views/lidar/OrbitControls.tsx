/**
 * three's OrbitControls on the R3F camera, attached to the canvas wrapper so R3F's own pointer
 * handlers (registered first on that element) run first and can switch the controls off for the
 * length of an edit drag. In the bird's-eye view the left button is left to the tools: right-drag
 * pans, the wheel zooms, nothing rotates. Registered as R3F's `controls`. Re-renders on change.
 */
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { OrbitControls as ThreeOrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export function OrbitControls({ target, bev }: { target: [number, number, number]; bev: boolean }) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const set = useThree((s) => s.set);
  const invalidate = useThree((s) => s.invalidate);
  const [tx, ty, tz] = target;
  useEffect(() => {
    const el = gl.domElement.parentElement ?? gl.domElement;
    const controls = new ThreeOrbitControls(camera, el);
    controls.target.set(tx, ty, tz);
    if (bev) {
      controls.enableRotate = false;
      controls.screenSpacePanning = true;
      controls.mouseButtons = { LEFT: null, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.PAN };
    }
    controls.update();
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    set({ controls });
    invalidate();
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
      set({ controls: null });
    };
  }, [camera, gl, invalidate, set, bev, tx, ty, tz]);
  return null;
}
