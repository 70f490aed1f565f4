/**
 * Completeness across modalities.
 * - `completeness.missing-box` (warning): a cuboid that projects into a camera sample with at least
 *   `minVisibleAreaPx` px² and at most `maxVisibleTruncation` truncation, outside ignore regions,
 *   while its object has neither a box2d/polygon/mask nor a notVisible on that camera sample.
 * - `completeness.missing-cuboid` (warning): a camera box whose frustum holds at least
 *   `minFrustumPoints` points of a paired LiDAR sweep (supplied in the inputs) while its object has
 *   no cuboid (and no notVisible) on that LiDAR sample.
 */
import type { CameraSensor, Scene } from '../../schema';
import { rectArea } from '../../projection/deviation';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

const CAMERA_KINDS = new Set(['box2d', 'polygon', 'mask', 'notVisible']);

export function checkCompleteness(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  const ignores = new Map<string, { x0: number; y0: number; x1: number; y1: number }[]>();
  for (const r of scene.ignoreRegions) {
    const k = `${r.sensor}\u0000${r.sample}`;
    ignores.set(k, [...(ignores.get(k) ?? []), r]);
  }
  for (const p of ctx.projections().items) {
    if (!p.projection) continue;
    const [x0, y0, x1, y1] = p.projection.box;
    const area = (x1 - x0) * (y1 - y0);
    if (area < s.minVisibleAreaPx || p.projection.truncated > s.maxVisibleTruncation) continue;
    if (ctx.index.annotationsOfOn(p.object, p.camera, p.sample).some((a) => CAMERA_KINDS.has(a.kind))) continue;
    const covered = (ignores.get(`${p.camera}\u0000${p.sample}`) ?? []).some(
      (r) => rectArea({ x0: Math.max(x0, r.x0), y0: Math.max(y0, r.y0), x1: Math.min(x1, r.x1), y1: Math.min(y1, r.y1) }) >= s.ignoreCoverage * area,
    );
    if (covered) continue;
    const c = ctx.index.annotation(p.cuboid) as { sensor: string; sample: string };
    out.push(
      finding({
        check: 'completeness.missing-box',
        severity: 'warning',
        object: p.object,
        sensors: [p.camera, c.sensor],
        samples: [p.sample, c.sample],
        key: p.cuboid,
        message: `cuboid "${p.cuboid}" projects into camera sample "${p.sample}" (${area.toFixed(0)} px², ${(p.projection.truncated * 100).toFixed(0)}% truncated) but object "${p.object}" has no box there and is not marked notVisible`,
        measured: { name: 'projectedArea', value: area, unit: 'px²', tolerance: s.minVisibleAreaPx },
      }),
    );
  }
  if (!ctx.inputs.cloudOf) return out;
  const lidars = scene.sensors.filter((x) => x.kind === 'lidar');
  const cameras = new Map(scene.sensors.filter((x): x is CameraSensor => x.kind === 'camera').map((c) => [c.id, c]));
  for (const a of ctx.index.boxes) {
    if (a.source === 'projected') continue;
    const cam = cameras.get(a.sensor);
    const cs = ctx.index.sample(a.sensor, a.sample);
    if (!cam || !cs) continue;
    for (const l of lidars) {
      const ls = ctx.index.pair(cs, l.id);
      if (!ls) continue;
      if (ctx.index.annotationsOfOn(a.object, l.id, ls.sample.id).some((x) => x.kind === 'cuboid' || x.kind === 'notVisible')) continue;
      const n = ctx.frustum.count(a, cam, cs, ls);
      if (n === undefined || n < s.minFrustumPoints) continue;
      out.push(
        finding({
          check: 'completeness.missing-cuboid',
          severity: 'warning',
          object: a.object,
          sensors: [a.sensor, l.id],
          samples: [a.sample, ls.sample.id],
          key: a.id,
          message: `box "${a.id}" covers ${n} LiDAR points of "${ls.sample.id}" but object "${a.object}" has no cuboid there and is not marked notVisible`,
          measured: { name: 'frustumPoints', value: n, unit: 'points', tolerance: s.minFrustumPoints },
        }),
      );
    }
  }
  return out;
}
