/**
 * The point cloud: one THREE.Points, one draw call. GPU attributes are reused in place when the
 * next sweep fits the allocated capacity (upload only when data changes); when it does not, the
 * old geometry is disposed and a larger one allocated. Disposed on unmount.
 * The cloud's `positions` may be a strided zero-copy view of the file (x y z intensity …, see
 * PointCloud.stride); the staging copy into the dense GPU attribute (`copyXyz`, once per cloud)
 * drops the other floats, and hover picking indexes with the stride.
 * Large coordinates (viewOrigin.ts): the buffer holds positions relative to the cloud's `origin`
 * (minus a whole-metre `gpuAnchor` when float32 input stores map coordinates as they are) and the
 * object sits at origin + anchor in scene coordinates, inside the view's −V group; hover reports the
 * point in scene (file) coordinates, float64.
 * GPU memory: one geometry per layer, so frame switches never add buffers. Its capacity grows by
 * doubling; after a cloud larger than the `gpuBuffers` budget (src/hooks/frameCaches.ts) it shrinks
 * back to fit the next smaller cloud, so one huge sweep does not hold its VRAM for the session.
 * A cloud over the budget is still drawn: showing the frame wins. Figures: `gpuBuffers` in
 * `window.__crosslabel.caches()`.
 */
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { copyXyz, filePoint, type PointCloud } from '../../core/formats/pointcloud';
import { budgetOf, reportCache } from '../../hooks/frameCaches';
import { colorize, type ColorMode } from './colorize';
import { copyXyzMinus, finiteBoundingSphere, gpuAnchor, isZero, type Vec3 } from './viewOrigin';

/** position + colour, float32 xyz each. */
const BYTES_PER_POINT = 2 * 3 * 4;
const MIN_CAPACITY = 1024;
const live = new Set<THREE.BufferGeometry>();
let reallocations = 0;
const capacityOf = (g: THREE.BufferGeometry) => (g.getAttribute('position') as THREE.BufferAttribute).count;
reportCache('gpuBuffers', () => {
  let bytes = 0;
  for (const g of live) bytes += capacityOf(g) * BYTES_PER_POINT;
  // every live geometry is on screen: all pinned, none evictable; "evictions" counts reallocations
  return { entries: live.size, bytes, budget: budgetOf('gpuBuffers'), pinned: live.size, pinnedBytes: bytes, evictions: reallocations };
});

/** The capacity for `n` points: a power of two ≥ n (from 1024), so growth is amortised. */
function capacityFor(n: number): number {
  let cap = MIN_CAPACITY;
  while (cap < n) cap *= 2;
  return cap;
}

function disposeGeometry(g: THREE.BufferGeometry): void {
  g.dispose();
  live.delete(g);
}

function makeGeometry(capacity: number): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  live.add(g);
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
  colorFrame = [0, 0, 0],
}: {
  cloud: PointCloud | null;
  colorMode: ColorMode;
  pointSize: number;
  onHover?: (p: { x: number; y: number; z: number } | null) => void;
  /** Precomputed RGB per point (e.g. from the camera images); overrides `colorMode`. */
  colors?: Float32Array | null;
  /** Scene coordinates of the point that height / distance colours are measured from (the sensor: [0, 0, 0]). */
  colorFrame?: Vec3;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const pointsRef = useRef<THREE.Points>(null);
  const geometryRef = useRef<THREE.BufferGeometry | null>(null);
  geometryRef.current ??= makeGeometry(MIN_CAPACITY);
  const material = useMemo(() => new THREE.PointsMaterial({ size: pointSize, sizeAttenuation: false, vertexColors: true }), []);
  const anchor = useMemo(() => (cloud ? gpuAnchor(cloud) : ([0, 0, 0] as Vec3)), [cloud]);
  // scene coordinates of the buffer's (0, 0, 0): float64, composed with the −V group by three on the CPU
  const base: Vec3 = cloud ? [cloud.origin[0] + anchor[0], cloud.origin[1] + anchor[1], cloud.origin[2] + anchor[2]] : [0, 0, 0];
  const [bx, by, bz] = base;
  const [fx, fy, fz] = colorFrame;

  useEffect(() => {
    material.size = pointSize;
    invalidate();
  }, [material, pointSize, invalidate]);

  useEffect(() => {
    const points = pointsRef.current;
    if (!points) return;
    let g = geometryRef.current!;
    const n = cloud?.count ?? 0;
    live.add(g);
    const capacity = capacityOf(g);
    const fit = capacityFor(n);
    if (n > capacity || (fit < capacity && capacity * BYTES_PER_POINT > budgetOf('gpuBuffers'))) {
      disposeGeometry(g);
      reallocations++;
      g = makeGeometry(fit);
      geometryRef.current = g;
      points.geometry = g;
    }
    if (cloud && n > 0) {
      const pos = g.getAttribute('position') as THREE.BufferAttribute;
      const col = g.getAttribute('color') as THREE.BufferAttribute;
      if (isZero(anchor)) copyXyz(cloud.positions, cloud.stride, n, pos.array as Float32Array);
      else copyXyzMinus(cloud.positions, cloud.stride, n, anchor, pos.array as Float32Array);
      const intensity = (cloud.attributes.intensity ?? cloud.attributes.reflectance) as ArrayLike<number> | undefined;
      if (colors && colors.length >= 3 * n) (col.array as Float32Array).set(colors.subarray(0, 3 * n));
      else colorize(cloud.positions, cloud.stride, n, colorMode, intensity, col.array as Float32Array, [cloud.origin[0] - fx, cloud.origin[1] - fy, cloud.origin[2] - fz]);
      pos.clearUpdateRanges();
      pos.addUpdateRange(0, n * 3);
      col.clearUpdateRanges();
      col.addUpdateRange(0, n * 3);
      pos.needsUpdate = true;
      col.needsUpdate = true;
      // raycasting (hover) tests this sphere first: only the finite live points, or it is NaN for a cloud with one NaN point
      const sphere = finiteBoundingSphere(pos.array as Float32Array, n);
      g.boundingSphere = sphere ? new THREE.Sphere(new THREE.Vector3(...sphere.center), sphere.radius) : new THREE.Sphere(new THREE.Vector3(), 0);
    }
    g.setDrawRange(0, n);
    invalidate();
  }, [cloud, anchor, colorMode, colors, fx, fy, fz, invalidate]);

  useEffect(
    () => () => {
      // (StrictMode runs this and then the effects again on the same geometry: three re-uploads a disposed one on use)
      if (geometryRef.current) disposeGeometry(geometryRef.current);
      material.dispose();
    },
    [material],
  );

  return (
    <points
      ref={pointsRef}
      geometry={geometryRef.current ?? undefined}
      material={material}
      frustumCulled={false}
      position={[bx, by, bz]}
      onPointerMove={
        onHover &&
        ((e: ThreeEvent<PointerEvent>) => {
          const i = e.index;
          if (i === undefined || !cloud || i >= cloud.count) return;
          const [x, y, z] = filePoint(cloud, i);
          onHover({ x, y, z });
        })
      }
      onPointerOut={onHover && (() => onHover(null))}
    />
  );
}
