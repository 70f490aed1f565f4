/**
 * The text on a labelled box, at screen size: its object's name and class above it (the "ids and
 * classes" overlay, kept inside the image's top edge), and, when it disagrees with its projected
 * cuboid box, the measured deviation below it.
 */
import type { Box2D } from '../../../core/schema';
import type { Deviation } from '../useCameraFrame';
import { LABEL_PX, ScreenText } from './ScreenText';

/** "name · class" above the box's top-left corner; the baseline stays ≥ 10 screen px below the image top. */
export function BoxLabel({ box, text, color, scale }: { box: Box2D; text: string; color: string; scale: number }) {
  return (
    <ScreenText x={box.x0} y={Math.max(10 / scale, box.y0 - 3 / scale)} dx={2} scale={scale} fill={color} data-testid="box-label">
      {text}
    </ScreenText>
  );
}

/** "Δ max edge px · IoU" under the box's bottom-left corner. */
export function DeviationCaption({ box, deviation, scale }: { box: Box2D; deviation: Deviation; scale: number }) {
  return (
    <ScreenText className="disagree-label" x={box.x0} y={box.y1} dx={2} dy={LABEL_PX + 1} scale={scale} data-testid="disagree-label">
      Δ {deviation.maxEdgePx.toFixed(1)} px · IoU {deviation.iou.toFixed(2)}
    </ScreenText>
  );
}
