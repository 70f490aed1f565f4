/**
 * The LiDAR view's camera: a perspective orbit camera, or an orthographic bird's-eye view looking
 * down -z with the sensor's +x (forward) up on screen. Switching swaps R3F's default camera; the
 * renderer stays.
 */
import { useThree } from '@react-three/fiber';
import { useLayoutEffect } from 'react';
import * as THREE from 'three';
import { OrbitControls } from './OrbitControls';

export type ViewMode = 'orbit' | 'bev';

export function CameraRig({ mode, focus }: { mode: ViewMode; focus: [number, number, number] }) {
  const set = useThree((s) => s.set);
  const size = useThree((s) => s.size);
  const camera = useThree((s) => s.camera);
  const [fx, fy, fz] = focus;

  useLayoutEffect(() => {
    const aspect = size.width / Math.max(1, size.height);
    let cam: THREE.Camera;
    if (mode === 'bev') {
      const halfH = 25; // metres visible above and below the focus
      const c = new THREE.OrthographicCamera(-halfH * aspect, halfH * aspect, halfH, -halfH, 0.1, 1000);
      c.up.set(1, 0, 0);
      c.position.set(fx, fy, 200);
      c.lookAt(fx, fy, 0);
      c.updateProjectionMatrix();
      // we size the frustum in metres ourselves; R3F must not reset it to pixels on resize
      (c as THREE.OrthographicCamera & { manual?: boolean }).manual = true;
      cam = c;
    } else {
      const c = new THREE.PerspectiveCamera(55, aspect, 0.1, 600);
      c.up.set(0, 0, 1);
      c.position.set(fx - 30, fy, 22);
      c.lookAt(fx, fy, fz);
      cam = c;
    }
    set({ camera: cam as THREE.PerspectiveCamera });
    // aspect is kept up to date by R3F on resize; the mode and focus recreate the camera
  }, [mode, fx, fy, fz, set]);

  useLayoutEffect(() => {
    const aspect = size.width / Math.max(1, size.height);
    if (camera instanceof THREE.OrthographicCamera) {
      const halfH = (camera.top - camera.bottom) / 2;
      camera.left = -halfH * aspect;
      camera.right = halfH * aspect;
      camera.updateProjectionMatrix();
    }
  }, [camera, size]);

  return <OrbitControls target={[fx, fy, mode === 'bev' ? 0 : fz]} bev={mode === 'bev'} />;
}
