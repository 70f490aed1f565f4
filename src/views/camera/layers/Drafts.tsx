/** What a tool is drawing: the polygon so far with its rubber band to the pointer, and the box being dragged. */
import type { Rect } from '../../../core/annotate/linkBox';
import type { Pt } from '../tools/geometry';

export function PolygonDraft({ points, cursor, handleR }: { points: Pt[]; cursor: Pt | null; handleR: number }) {
  return (
    <g className="poly-preview" data-testid="polygon-preview">
      <polyline points={[...points, ...(cursor ? [cursor] : [])].map((q) => `${q.x},${q.y}`).join(' ')} />
      {points.map((q, i) => (
        <circle key={i} cx={q.x} cy={q.y} r={handleR} />
      ))}
    </g>
  );
}

export function BoxDraft({ rect }: { rect: Rect }) {
  return <rect className="draw-preview" x={rect.x0} y={rect.y0} width={rect.x1 - rect.x0} height={rect.y1 - rect.y0} />;
}
