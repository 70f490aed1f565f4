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
import type { IndexedSample } from '../sceneIndex';
import { rectArea } from '../../projection/deviation';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

const CAMERA_KINDS = new Set(['box2d', 'polygon', 'mask', 'notVisible']);
const LIDAR_KINDS = new Set(['cuboid', 'notVisible']);


export function checkCompleteness(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  // ignore regions by camera, then sample
  const ignores = new Map<string, Map<string, { x0: number; y0: number; x1: number; y1: number }[]>>();
  for (const r of scene.ignoreRegions) {
    let m = ignores.get(r.sensor);
    if (!m) ignores.set(r.sensor, (m = new Map()));
    const l = m.get(r.sample);
    if (l) l.push(r);
    else m.set(r.sample, [r]);
  }
  const P = ctx.projections();
  const { visible, box, truncated, slot, slots, cuboid, cuboids } = P;
  const objectOf = cuboids === ctx.index.cuboids ? ctx.index.cuboidObject : Int32Array.from(cuboids, (c) => ctx.index.objectNumber(c.object));
  for (let i = 0; i < P.count; i++) {
    if (!visible[i]) continue;
    const x0 = box[4 * i], y0 = box[4 * i + 1], x1 = box[4 * i + 2], y1 = box[4 * i + 3];
    const area = (x1 - x0) * (y1 - y0);
    if (area < s.minVisibleAreaPx || truncated[i] > s.maxVisibleTruncation) continue;
    const c = cuboids[cuboid[i]], p = slots[slot[i]];
    if (ctx.index.hasOn(objectOf[cuboid[i]], p.camera, p.sample, CAMERA_KINDS)) continue;
    const covered = (ignores.get(p.camera)?.get(p.sample) ?? []).some(
      (r) => rectArea({ x0: Math.max(x0, r.x0), y0: Math.max(y0, r.y0), x1: Math.min(x1, r.x1), y1: Math.min(y1, r.y1) }) >= s.ignoreCoverage * area,
    );
    if (covered) continue;
    out.push(
      finding({
        check: 'completeness.missing-box',
        severity: 'warning',
        object: c.object,
        sensors: [p.camera, c.sensor],
        samples: [p.sample, c.sample],
        key: c.id,
        message: `cuboid "${c.id}" projects into camera sample "${p.sample}" (${area.toFixed(0)} px², ${(truncated[i] * 100).toFixed(0)}% truncated) but object "${c.object}" has no box there and is not marked notVisible`,
        measured: { name: 'projectedArea', value: area, unit: 'px²', tolerance: s.minVisibleAreaPx },
      }),
    );
  }
  if (!ctx.inputs.cloudOf) return out;
  const lidars = scene.sensors.filter((x) => x.kind === 'lidar');
  const cameras = new Map(scene.sensors.filter((x): x is CameraSensor => x.kind === 'camera').map((c) => [c.id, c]));
  // per camera, the last camera sample looked up and its paired LiDAR samples (boxes come grouped by sample)
  const last = new Map<string, { sample: string; cs: IndexedSample | undefined; paired: (IndexedSample | undefined)[] }>();
  const { boxes, boxObject } = ctx.index;
  for (let j = 0; j < boxes.length; j++) {
    const a = boxes[j];
    if (a.source === 'projected') continue;
    const cam = cameras.get(a.sensor);
    if (!cam) continue;
    let at = last.get(a.sensor);
    if (!at || at.sample !== a.sample) {
      const cs = ctx.index.sample(a.sensor, a.sample);
      last.set(a.sensor, (at = { sample: a.sample, cs, paired: cs ? lidars.map((l) => ctx.index.pair(cs, l.id)) : [] }));
    }
    const cs = at.cs;
    if (!cs) continue;
    for (let li = 0; li < lidars.length; li++) {
      const l = lidars[li], ls = at.paired[li];
      if (!ls) continue;
      if (ctx.index.hasOn(boxObject[j], l.id, ls.sample.id, LIDAR_KINDS)) continue;
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
