/**
 * The "cuboid wireframes" overlay: the 12 edges of every cuboid of the linked LiDAR that projects
 * into this camera, through the camera model (curved under distortion: core cuboidWireframe).
 */
import { useMemo } from 'react';
import { cuboidCorners } from '../../../core/geometry';
import { cuboidWireframe } from '../../../core/projection';
import { getAnnotation, type Box2D } from '../../../core/schema';
import type { CameraLink } from '../../../hooks/crossView';
import { useClassColor, useScene } from '../../../hooks/sceneHooks';

export function Wireframes({ projected, link }: { projected: Box2D[]; link: CameraLink }) {
  const scene = useScene();
  const colorOf = useClassColor();
  const wireframes = useMemo(() => {
    if (!scene) return [];
    const out: { id: string; object: string; lines: number[][] }[] = [];
    for (const p of projected) {
      const c = p.fromCuboid ? getAnnotation(scene, p.fromCuboid) : undefined;
      if (!c || c.kind !== 'cuboid' || c.sensor !== link.lidar.id) continue;
      out.push({ id: p.id, object: p.object, lines: cuboidWireframe(cuboidCorners(c, link.camFromLidar), link.model) });
    }
    return out;
  }, [scene, link, projected]);
  return (
    <>
      {wireframes.map((w) => (
        <g key={w.id} className="wireframe" data-testid="wireframe" data-object={w.object} stroke={colorOf(scene?.objects[w.object]?.classId ?? '')}>
          {w.lines.map((l, i) => (
            <polyline key={i} points={l.join(' ')} />
          ))}
        </g>
      ))}
    </>
  );
}
