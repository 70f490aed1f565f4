/**
 * The point cloud: one THREE.Points, one draw call. GPU attributes are reused in place when the
 * next sweep fits the allocated capacity (upload only when data changes); when it does not, the
 * old geometry is disposed and a larger one allocated. Disposed on unmount.
 * The cloud's `positions` may be a strided zero-copy view of the file (x y z intensity …, see
 * PointCloud.stride); the staging copy into the dense GPU attribute (`copyXyz`, once per cloud)
 * drops the other floats, and hover picking indexes with the stride.
 */
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { copyXyz, type PointCloud } from '../../core/formats/pointcloud';
import { colorize, type ColorMode } from './colorize';

function makeGeometry(capacity: number): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(capacity * 3), 3).setUsage(THREE.DynamicDrawUsage));
  g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(capacity * 3), 3).setUsage(THREE.DynamicDrawUsage));
  g.setDrawRange(0, 0);
  return g;
}

export function PointsLayer({
  cloud,
  colorMode,
  pointSize,
  onHover,
  colors,
}: {
  cloud: PointCloud | null;
  colorMode: ColorMode;
  pointSize: number;
  onHover?: (p: { x: number; y: number; z: number } | null) => void;
  /** Precomputed RGB per point (e.g. from the camera images); overrides `colorMode`. */
  colors?: Float32Array | null;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const pointsRef = useRef<THREE.Points>(null);
  const geometryRef = useRef<THREE.BufferGeometry>(makeGeometry(1024));
  const material = useMemo(() => new THREE.PointsMaterial({ size: pointSize, sizeAttenuation: false, vertexColors: true }), []);

  useEffect(() => {
    material.size = pointSize;
    invalidate();
  }, [material, pointSize, invalidate]);

  useEffect(() => {
    const points = pointsRef.current;
    if (!points) return;
    let g = geometryRef.current;
    const n = cloud?.count ?? 0;
    const capacity = (g.getAttribute('position') as THREE.BufferAttribute).count;
    if (n > capacity) {
      g.dispose();
      let cap = capacity;
      while (cap < n) cap *= 2;
      g = makeGeometry(cap);
      geometryRef.current = g;
      points.geometry = g;
    }
    if (cloud && n > 0) {
      const pos = g.getAttribute('position') as THREE.BufferAttribute;
      const col = g.getAttribute('color') as THREE.BufferAttribute;
      copyXyz(cloud.positions, cloud.stride, n, pos.array as Float32Array);
      const intensity = (cloud.attributes.intensity ?? cloud.attributes.reflectance) as ArrayLike<number> | undefined;
      if (colors && colors.length >= 3 * n) (col.array as Float32Array).set(colors.subarray(0, 3 * n));
      else colorize(cloud.positions, cloud.stride, n, colorMode, intensity, col.array as Float32Array);
      pos.clearUpdateRanges();
      pos.addUpdateRange(0, n * 3);
      col.clearUpdateRanges();
      col.addUpdateRange(0, n * 3);
      pos.needsUpdate = true;
      col.needsUpdate = true;
      g.computeBoundingSphere();
    }
    g.setDrawRange(0, n);
    invalidate();
  }, [cloud, colorMode, colors, invalidate]);

  useEffect(
    () => () => {
      geometryRef.current.dispose();
      material.dispose();
    },
    [material],
  );

  return (
    <points
      ref={pointsRef}
      geometry={geometryRef.current}
      material={material}
      frustumCulled={false}
      onPointerMove={
        onHover &&
        ((e: ThreeEvent<PointerEvent>) => {
          const i = e.index;
          if (i === undefined || !cloud || i >= cloud.count) return;
          const p = cloud.positions;
          const o = cloud.stride * i;
          onHover({ x: p[o], y: p[o + 1], z: p[o + 2] });
        })
      }
      onPointerOut={onHover && (() => onHover(null))}
    />
  );
}
