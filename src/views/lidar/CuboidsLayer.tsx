/**
 * Cuboids of the current LiDAR sample: a wireframe (shared unit-box edges geometry, scaled per
 * cuboid) plus a faint pickable volume. Shared geometries and materials (one per colour) live for
 * the page; nothing per frame. (Materials created per cuboid were disposed with their sample's
 * cuboids at every frame change, and three then deleted and recompiled the shader programs: ~90 ms
 * per frame during playback in software GL.)
 */
import type { ThreeEvent } from '@react-three/fiber';
import * as THREE from 'three';
import type { Cuboid } from '../../core/schema';

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitEdges = new THREE.EdgesGeometry(unitBox);
/** A short bar from the centre to the front face, showing heading (+x of the object). */
const headingGeometry = new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute([0, 0, 0, 0.5, 0, 0], 3));

const materials = new Map<string, THREE.Material>();
function shared<M extends THREE.Material>(key: string, make: () => M): M {
  let m = materials.get(key) as M | undefined;
  if (!m) materials.set(key, (m = make()));
  return m;
}
const lineMaterial = (color: string) => shared(`line|${color}`, () => new THREE.LineBasicMaterial({ color }));
const volumeMaterial = (color: string, selected: boolean) =>
  shared(`volume|${color}|${selected}`, () => new THREE.MeshBasicMaterial({ color, transparent: true, opacity: selected ? 0.35 : 0.12, depthWrite: false }));

export interface CuboidView {
  cuboid: Cuboid;
  color: string;
  selected: boolean;
}

/**
 * React keys by object, not by annotation: stepping to the next frame gives an object a new cuboid
 * annotation, and keying by object lets React move the existing group instead of rebuilding it.
 */
function objectKeys(items: CuboidView[]): string[] {
  const seen = new Map<string, number>();
  return items.map(({ cuboid: c }) => {
    const n = seen.get(c.object) ?? 0;
    seen.set(c.object, n + 1);
    return n ? `${c.object}#${n}` : c.object;
  });
}

export function CuboidsLayer({ items, onSelect }: { items: CuboidView[]; onSelect: (objectId: string, annotationId: string) => void }) {
  const keys = objectKeys(items);
  return (
    <group>
      {items.map(({ cuboid: c, color, selected }, i) => (
        <group
          key={keys[i]}
          position={[c.center.x, c.center.y, c.center.z]}
          quaternion={[c.rotation.x, c.rotation.y, c.rotation.z, c.rotation.w]}
          scale={[c.size.l, c.size.w, c.size.h]}
          userData={{ annotationId: c.id, objectId: c.object }}
        >
          <lineSegments geometry={unitEdges} material={lineMaterial(selected ? '#ffffff' : color)} dispose={null} />
          <lineSegments geometry={headingGeometry} material={lineMaterial(selected ? '#ffffff' : color)} dispose={null} />
          <mesh
            geometry={unitBox}
            material={volumeMaterial(color, selected)}
            dispose={null}
            onClick={(e: ThreeEvent<MouseEvent>) => {
              e.stopPropagation();
              onSelect(c.object, c.id);
            }}
          />
        </group>
      ))}
    </group>
  );
}
