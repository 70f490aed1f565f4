/**
 * Cuboid editing in the LiDAR view (state machine per gesture: idle → dragging → commit):
 * - the cuboid tool: drag a rectangle on the ground; on release a cuboid is created whose height
 *   and z are fitted to the non-ground points inside its footprint (a new object of the chosen class);
 * - on the selected cuboid: drag its body to move, a corner to resize (opposite corner fixed),
 *   the heading knob to rotate about z.
 * Every drag is one gesture, so one undo step. Pointer rays are intersected with a horizontal
 * plane ourselves, so a drag keeps working when the pointer leaves the handle.
 */
import type { ThreeEvent } from '@react-three/fiber';
import { useThree } from '@react-three/fiber';
import { useRef, useState } from 'react';
import * as THREE from 'three';
import { createObjectWithAnnotation } from '../../core/commands/annotations';
import { newId } from '../../core/commands/ids';
import { fitCuboidToFootprint, footprintFromDrag } from '../../core/annotate/fitCuboid';
import { fromCloudFrame } from '../../core/formats/pointcloud';
import { fromYaw, yawOf } from '../../core/math/quaternion';
import type { Cuboid } from '../../core/schema';
import { useWorkbenchStore } from '../../hooks/storeContext';
import { updateCuboid } from './updateCuboid';
import type { LidarSweep } from './sweep';
import type { Vec3 } from './viewOrigin';

const handleGeometry = new THREE.SphereGeometry(0.35, 12, 8);
const groundGeometry = new THREE.PlaneGeometry(400, 400);

type Ctl = { enabled: boolean } | null;

/**
 * Where the pointer ray (R3F gives it in view coordinates) meets the horizontal plane at LiDAR-frame
 * height `z`, in LiDAR-frame (scene) coordinates: view + V, in float64 (see viewOrigin.ts).
 */
function planeHit(ray: THREE.Ray, z: number, viewOrigin: Vec3): THREE.Vector3 | null {
  const [vx, vy, vz] = viewOrigin;
  const p = ray.intersectPlane(new THREE.Plane(new THREE.Vector3(0, 0, 1), -(z - vz)), new THREE.Vector3());
  return p ? p.set(p.x + vx, p.y + vy, p.z + vz) : null;
}

/** `groundZ` and everything drawn here are LiDAR-frame (scene) coordinates, inside the view's −V group. */
export function DrawCuboidTool({ groundZ, sweep, sensor, sample, classId, viewOrigin }: { groundZ: number; sweep: LidarSweep | null; sensor: string; sample: string; classId: string; viewOrigin: Vec3 }) {
  const store = useWorkbenchStore();
  const controls = useThree((s) => s.controls) as unknown as Ctl;
  const invalidate = useThree((s) => s.invalidate);
  const [rect, setRect] = useState<{ a: THREE.Vector3; b: THREE.Vector3 } | null>(null);
  const start = useRef<THREE.Vector3 | null>(null);

  const finish = (b: THREE.Vector3) => {
    const a = start.current;
    start.current = null;
    setRect(null);
    if (controls) controls.enabled = true;
    if (!a || Math.hypot(b.x - a.x, b.y - a.y) < 0.3) return; // a click, not a drag
    const fp = footprintFromDrag(a, b);
    // fitted in the cloud's frame (positions are relative to its origin), then back to the LiDAR frame
    const fit = sweep
      ? fromCloudFrame(fitCuboidToFootprint(sweep, { ...fp, cx: fp.cx - sweep.origin[0], cy: fp.cy - sweep.origin[1] }), sweep.origin)
      : { center: { x: fp.cx, y: fp.cy, z: groundZ + 0.75 }, size: { l: fp.l, w: fp.w, h: 1.5 }, rotation: fromYaw(0) };
    const st = store.getState();
    const n = Object.values(st.scene?.objects ?? {}).filter((o) => o.classId === classId).length + 1;
    const className = st.scene?.taxonomy.classes.find((c) => c.id === classId)?.name ?? classId;
    const objectId = newId('obj');
    const annotationId = newId('cub');
    const ok = st.dispatch(createObjectWithAnnotation, {
      object: { id: objectId, classId, name: `${className} ${n}`, attributes: {} },
      annotation: { id: annotationId, kind: 'cuboid', object: objectId, sensor, sample, source: 'manual', center: fit.center, size: fit.size, rotation: fit.rotation },
    });
    if (ok) st.select(objectId, annotationId);
  };

  return (
    <group>
      <mesh
        geometry={groundGeometry}
        position={[viewOrigin[0], viewOrigin[1], groundZ]}
        visible={false}
        onPointerDown={(e: ThreeEvent<PointerEvent>) => {
          if (e.button !== 0) return;
          e.stopPropagation();
          if (controls) controls.enabled = false;
          (e.target as unknown as Element).setPointerCapture?.(e.pointerId);
          const p = planeHit(e.ray, groundZ, viewOrigin);
          if (!p) return;
          start.current = p;
          setRect({ a: p, b: p.clone() });
        }}
        onPointerMove={(e: ThreeEvent<PointerEvent>) => {
          if (!start.current) return;
          const p = planeHit(e.ray, groundZ, viewOrigin);
          if (p) {
            setRect({ a: start.current, b: p });
            invalidate();
          }
        }}
        onPointerUp={(e: ThreeEvent<PointerEvent>) => {
          if (!start.current) return;
          e.stopPropagation();
          finish(planeHit(e.ray, groundZ, viewOrigin) ?? start.current);
        }}
      />
      {rect ? (
        // vertices relative to the first corner (small float32 values), the corner itself as the float64 position
        <lineLoop position={[rect.a.x, rect.a.y, groundZ + 0.05]}>
          <bufferGeometry>
            <bufferAttribute
              attach="attributes-position"
              args={[new Float32Array([0, 0, 0, rect.b.x - rect.a.x, 0, 0, rect.b.x - rect.a.x, rect.b.y - rect.a.y, 0, 0, rect.b.y - rect.a.y, 0]), 3]}
            />
          </bufferGeometry>
          <lineBasicMaterial color="#ffd166" />
        </lineLoop>
      ) : null}
    </group>
  );
}

type Drag =
  | { kind: 'move'; start: THREE.Vector3; center: Cuboid['center'] }
  | { kind: 'resize'; corner: [number, number]; anchor: { x: number; y: number }; yaw: number }
  | { kind: 'rotate'; yaw0: number; angle0: number };

/** Handles on the selected cuboid: body (move), 4 corners (resize), heading knob (rotate); LiDAR-frame coordinates inside the view's −V group. */
export function CuboidHandles({ cuboid, viewOrigin }: { cuboid: Cuboid; viewOrigin: Vec3 }) {
  const store = useWorkbenchStore();
  const controls = useThree((s) => s.controls) as unknown as Ctl;
  const drag = useRef<Drag | null>(null);
  const yaw = yawOf(cuboid.rotation);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const { center: ctr, size } = cuboid;
  const toWorld = (u: number, v: number) => ({ x: ctr.x + c * u - s * v, y: ctr.y + s * u + c * v });
  const z = ctr.z;

  const begin = (e: ThreeEvent<PointerEvent>, d: Drag, label: string) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    if (controls) controls.enabled = false;
    (e.target as unknown as Element).setPointerCapture?.(e.pointerId);
    drag.current = d;
    store.getState().beginGesture(label);
  };
  const move = (e: ThreeEvent<PointerEvent>) => {
    const d = drag.current;
    if (!d) return;
    e.stopPropagation();
    const p = planeHit(e.ray, z, viewOrigin);
    if (!p) return;
    if (d.kind === 'move') {
      updateCuboid(store, cuboid.id, { center: { x: d.center.x + p.x - d.start.x, y: d.center.y + p.y - d.start.y, z: d.center.z } });
    } else if (d.kind === 'resize') {
      // keep the opposite corner fixed; size and centre follow the pointer in the cuboid's own axes
      const cy = Math.cos(d.yaw);
      const sy = Math.sin(d.yaw);
      const dx = p.x - d.anchor.x;
      const dy = p.y - d.anchor.y;
      const u = cy * dx + sy * dy;
      const v = -sy * dx + cy * dy;
      const l = Math.max(0.2, u * d.corner[0]);
      const w = Math.max(0.2, v * d.corner[1]);
      const mu = (l / 2) * d.corner[0];
      const mv = (w / 2) * d.corner[1];
      updateCuboid(store, cuboid.id, { size: { l, w, h: size.h }, center: { x: d.anchor.x + cy * mu - sy * mv, y: d.anchor.y + sy * mu + cy * mv, z } });
    } else {
      const angle = Math.atan2(p.y - ctr.y, p.x - ctr.x);
      updateCuboid(store, cuboid.id, { rotation: fromYaw(d.yaw0 + angle - d.angle0) });
    }
  };
  const end = (e: ThreeEvent<PointerEvent>) => {
    if (!drag.current) return;
    e.stopPropagation();
    drag.current = null;
    if (controls) controls.enabled = true;
    store.getState().endGesture();
  };

  const corners: [number, number][] = [
    [1, 1],
    [1, -1],
    [-1, -1],
    [-1, 1],
  ];
  const knob = toWorld(size.l / 2 + 1.2, 0);
  return (
    <group>
      <mesh
        position={[ctr.x, ctr.y, ctr.z]}
        quaternion={[cuboid.rotation.x, cuboid.rotation.y, cuboid.rotation.z, cuboid.rotation.w]}
        scale={[size.l, size.w, size.h]}
        userData={{ handle: 'body' }}
        onPointerDown={(e) => begin(e, { kind: 'move', start: planeHit(e.ray, z, viewOrigin) ?? new THREE.Vector3(ctr.x, ctr.y, z), center: ctr }, 'Move cuboid')}
        onPointerMove={move}
        onPointerUp={end}
      >
        <boxGeometry args={[1, 1, 1]} />
        <meshBasicMaterial transparent opacity={0} depthWrite={false} />
      </mesh>
      {corners.map(([su, sv]) => {
        const p = toWorld((su * size.l) / 2, (sv * size.w) / 2);
        const anchor = toWorld((-su * size.l) / 2, (-sv * size.w) / 2);
        return (
          <mesh
            key={`${su}${sv}`}
            geometry={handleGeometry}
            position={[p.x, p.y, z + size.h / 2]}
            userData={{ handle: `corner${su}${sv}` }}
            onPointerDown={(e) => begin(e, { kind: 'resize', corner: [su, sv], anchor, yaw }, 'Resize cuboid')}
            onPointerMove={move}
            onPointerUp={end}
          >
            <meshBasicMaterial color="#ffd166" />
          </mesh>
        );
      })}
      <mesh
        geometry={handleGeometry}
        position={[knob.x, knob.y, z + size.h / 2]}
        userData={{ handle: 'rotate' }}
        onPointerDown={(e) => {
          const p = planeHit(e.ray, z, viewOrigin);
          begin(e, { kind: 'rotate', yaw0: yaw, angle0: p ? Math.atan2(p.y - ctr.y, p.x - ctr.x) : yaw }, 'Rotate cuboid');
        }}
        onPointerMove={move}
        onPointerUp={end}
      >
        <meshBasicMaterial color="#f72585" />
      </mesh>
    </group>
  );
}
