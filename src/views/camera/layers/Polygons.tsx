/** Labelled polygons of the sample (drawn with the "labelled boxes" overlay): class-coloured, white when their object is selected. */
import type { Polygon } from '../../../core/schema';
import { useClassColor, useScene } from '../../../hooks/sceneHooks';
import { useWorkbench } from '../../../hooks/storeContext';

export function Polygons({ polygons }: { polygons: Polygon[] }) {
  const scene = useScene();
  const colorOf = useClassColor();
  const selectedObjectId = useWorkbench((s) => s.session.selectedObjectId);
  return (
    <>
      {polygons.map((pg) => {
        const color = colorOf(scene?.objects[pg.object]?.classId ?? '');
        const selected = pg.object === selectedObjectId;
        return (
          <g key={pg.id} className={`polygon2d${selected ? ' selected' : ''}`} data-object={pg.object} data-annotation={pg.id} data-testid="polygon2d">
            <polygon points={pg.points.map((q) => `${q.x},${q.y}`).join(' ')} stroke={selected ? '#fff' : color} fill={`${color}${selected ? '44' : '22'}`} />
          </g>
        );
      })}
    </>
  );
}
