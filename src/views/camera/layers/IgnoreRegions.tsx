/** DontCare / ignore regions of the sample: grey dashed rectangles. */
import type { Scene } from '../../../core/schema';

export function IgnoreRegions({ regions }: { regions: Scene['ignoreRegions'] }) {
  return (
    <>
      {regions.map((r) => (
        <rect key={r.id} className="ignore-region" x={r.x0} y={r.y0} width={r.x1 - r.x0} height={r.y1 - r.y0} />
      ))}
    </>
  );
}
