/**
 * Labelled 2D boxes of the sample (the "labelled boxes" overlay): class-coloured, white when their
 * object is selected, red when they disagree with their projected cuboid box; the selected box has
 * four corner handles (data-handle) for useEditTool. Captions at screen size (BoxCaptions).
 */
import type { Box2D } from '../../../core/schema';
import { useClassColor, useScene } from '../../../hooks/sceneHooks';
import { useWorkbench } from '../../../hooks/storeContext';
import { disagrees } from '../overlays';
import type { Deviation } from '../useCameraFrame';
import { BoxLabel, DeviationCaption } from './BoxCaptions';

const CORNERS = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
] as const;

export function LabelledBoxes({ boxes, deviations, showLabels, handleR, scale }: { boxes: Box2D[]; deviations: Map<string, Deviation>; showLabels: boolean; handleR: number; scale: number }) {
  const scene = useScene();
  const colorOf = useClassColor();
  const selectedObjectId = useWorkbench((s) => s.session.selectedObjectId);
  const selectedAnnotationId = useWorkbench((s) => s.session.selectedAnnotationId);
  return (
    <>
      {boxes.map((b) => {
        const obj = scene?.objects[b.object];
        const color = colorOf(obj?.classId ?? '');
        const selected = b.object === selectedObjectId;
        const dev = deviations.get(b.id);
        const disagree = disagrees(dev);
        const className = scene?.taxonomy.classes.find((c) => c.id === obj?.classId)?.name ?? obj?.classId;
        return (
          <g key={b.id} className={`box2d${selected ? ' selected' : ''}${disagree ? ' disagree' : ''}`} data-object={b.object} data-annotation={b.id} data-testid="box2d">
            <rect x={b.x0} y={b.y0} width={b.x1 - b.x0} height={b.y1 - b.y0} stroke={selected ? '#fff' : disagree ? undefined : color} strokeWidth={selected ? 3 : 2} fill={selected ? `${color}33` : 'rgba(0,0,0,0.001)'} vectorEffect="non-scaling-stroke" />
            {showLabels ? <BoxLabel box={b} text={`${obj?.name ?? b.object} · ${className}`} color={color} scale={scale} /> : null}
            {disagree ? <DeviationCaption box={b} deviation={dev!} scale={scale} /> : null}
            {b.id === selectedAnnotationId ? CORNERS.map(([i, j]) => <circle key={`${i}${j}`} data-handle={`${i}${j}`} className="box-handle" cx={i ? b.x1 : b.x0} cy={j ? b.y1 : b.y0} r={handleR} />) : null}
          </g>
        );
      })}
    </>
  );
}
