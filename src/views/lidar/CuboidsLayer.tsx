/**
 * Cuboids of the current LiDAR sample: a wireframe (shared unit-box edges geometry, scaled per
 * cuboid) plus a faint pickable volume. Shared geometries live for the page; nothing per frame.
 */
import type { ThreeEvent } from '@react-three/fiber';
import * as THREE from 'three';
import type { Cuboid } from '../../core/schema';

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitEdges = new THREE.EdgesGeometry(unitBox);
/** A short bar from the centre to the front face, showing heading (+x of the object). */
const headingGeometry = new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute([0, 0, 0, 0.5, 0, 0], 3));

export interface CuboidView {
  cuboid: Cuboid;
  color: string;
  selected: boolean;
}

export function CuboidsLayer({ items, onSelect }: { items: CuboidView[]; onSelect: (objectId: string, annotationId: string) => void }) {
  return (
    <group>
      {items.map(({ cuboid: c, color, selected }) => (
        <group
          key={c.id}
          position={[c.center.x, c.center.y, c.center.z]}
          quaternion={[c.rotation.x, c.rotation.y, c.rotation.z, c.rotation.w]}
          scale={[c.size.l, c.size.w, c.size.h]}
          userData={{ annotationId: c.id, objectId: c.object }}
        >
          <lineSegments geometry={unitEdges}>
            <lineBasicMaterial color={selected ? '#ffffff' : color} />
          </lineSegments>
          <lineSegments geometry={headingGeometry}>
            <lineBasicMaterial color={selected ? '#ffffff' : color} />
          </lineSegments>
          <mesh
            geometry={unitBox}
            onClick={(e: ThreeEvent<MouseEvent>) => {
              e.stopPropagation();
              onSelect(c.object, c.id);
            }}
          >
            <meshBasicMaterial color={color} transparent opacity={selected ? 0.35 : 0.12} depthWrite={false} />
          </mesh>
        </group>
      ))}
    </group>
  );
}
