/** Every cuboid's projected 2D box on this sample (derived, dashed; the "projected boxes" overlay), red when its labelled box disagrees. */
import type { Box2D } from '../../../core/schema';
import { useClassColor, useScene } from '../../../hooks/sceneHooks';

export function ProjectedBoxes({ projected, disagreeing }: { projected: Box2D[]; disagreeing: Set<string> }) {
  const scene = useScene();
  const colorOf = useClassColor();
  return (
    <>
      {projected.map((p) => (
        <rect
          key={p.id}
          className={`projected-box${disagreeing.has(p.id) ? ' disagree' : ''}`}
          data-testid="projected-box"
          data-object={p.object}
          x={p.x0}
          y={p.y0}
          width={p.x1 - p.x0}
          height={p.y1 - p.y0}
          stroke={disagreeing.has(p.id) ? undefined : colorOf(scene?.objects[p.object]?.classId ?? '')}
        />
      ))}
    </>
  );
}
