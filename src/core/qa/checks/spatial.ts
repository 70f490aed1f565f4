/**
 * Spatial alignment between modalities.
 * - `spatial.alignment`: a camera box against its cuboid's projected box in the same camera sample
 *   (the cuboid named by `fromCuboid`, else the object's cuboid on the paired LiDAR sample). Error
 *   when IoU < `minIoU` or the largest edge deviation > `maxEdgePxError` px; warning above `maxEdgePxWarning` px.
 * - `spatial.outside-image` (error): a camera box whose cuboid, in the paired sample, projects
 *   entirely outside the image or behind the camera.
 * - `spatial.lidar-points` (warning): a cuboid with fewer than `minLidarPoints` points inside, when its sweep was supplied.
 * - `spatial.calibration` (error): a cuboid that cannot be projected (broken or missing calibration).
 * Boxes with `source: 'projected'` are the projection itself and are skipped.
 */
import type { Box2D, Scene } from '../../schema';
import { boxDeviation } from '../../projection/deviation';
import type { CuboidInCamera } from '../adapters';
import type { QaContext } from '../context';
import { finding, type Finding } from '../finding';

export interface ProjectionMaps {
  /** Cuboid id → its projections (one per camera with a paired sample). */
  byCuboid: Map<string, CuboidInCamera[]>;
  /** Object id → camera sample id → projections of the object's cuboids into that sample. */
  byObjectSample: Map<string, Map<string, CuboidInCamera[]>>;
}

/**
 * The projection of the cuboid a camera box should agree with, or undefined when the object has no
 * cuboid paired with this sample: the box's `fromCuboid` when it projects into this sample, else the
 * object's cuboid paired with it — the smallest cuboid id when several are (two LiDARs, or a
 * duplicate), so the answer does not depend on the order of the annotation record.
 */
export function cuboidFor(box: Box2D, maps: ProjectionMaps): CuboidInCamera | undefined {
  if (box.fromCuboid) {
    const p = maps.byCuboid.get(box.fromCuboid)?.find((q) => q.camera === box.sensor);
    if (p && p.sample === box.sample) return p;
  }
  let best: CuboidInCamera | undefined;
  for (const p of maps.byObjectSample.get(box.object)?.get(box.sample) ?? []) if (p.camera === box.sensor && (!best || p.cuboid < best.cuboid)) best = p;
  return best;
}

export function projectionMaps(items: readonly CuboidInCamera[]): ProjectionMaps {
  const byCuboid = new Map<string, CuboidInCamera[]>();
  const byObjectSample = new Map<string, Map<string, CuboidInCamera[]>>();
  for (const p of items) {
    push(byCuboid, p.cuboid, p);
    let m = byObjectSample.get(p.object);
    if (!m) byObjectSample.set(p.object, (m = new Map()));
    push(m, p.sample, p);
  }
  return { byCuboid, byObjectSample };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function checkSpatial(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  const { items, errors } = ctx.projections();
  for (const e of errors)
    out.push(finding({ check: 'spatial.calibration', severity: 'error', object: ctx.index.annotation(e.cuboid)?.object, sensors: [e.camera], key: e.cuboid, message: `cuboid "${e.cuboid}" cannot be projected into camera "${e.camera}": ${e.message}` }));
  const maps = projectionMaps(items);
  for (const a of ctx.index.boxes) {
    if (a.source === 'projected') continue;
    const p = cuboidFor(a, maps);
    if (!p) continue;
    const c = ctx.index.annotation(p.cuboid) as { sensor: string; sample: string };
    const where = { object: a.object, sensors: [a.sensor, c.sensor], samples: [a.sample, c.sample], key: a.id };
    if (!p.projection) {
      out.push(finding({ check: 'spatial.outside-image', severity: 'error', ...where, message: `box "${a.id}" on "${a.sample}": its cuboid "${p.cuboid}" projects entirely outside the image (or behind the camera)` }));
      continue;
    }
    const [x0, y0, x1, y1] = p.projection.box;
    const d = boxDeviation(a, { x0, y0, x1, y1 });
    const severity = d.iou < s.minIoU || d.maxEdgePx > s.maxEdgePxError ? 'error' : d.maxEdgePx > s.maxEdgePxWarning ? 'warning' : undefined;
    if (!severity) continue;
    out.push(
      finding({
        check: 'spatial.alignment',
        severity,
        ...where,
        message: `box "${a.id}" deviates from the projection of cuboid "${p.cuboid}" by up to ${d.maxEdgePx.toFixed(1)} px (IoU ${d.iou.toFixed(2)}; tolerance ${severity === 'error' ? s.maxEdgePxError : s.maxEdgePxWarning} px, IoU ≥ ${s.minIoU})`,
        measured: { name: 'maxEdgePx', value: d.maxEdgePx, unit: 'px', tolerance: severity === 'error' ? s.maxEdgePxError : s.maxEdgePxWarning },
      }),
    );
  }
  for (const [id, n] of ctx.pointCounts()) {
    if (n >= s.minLidarPoints) continue;
    const c = ctx.index.annotation(id) as { object: string; sensor: string; sample: string };
    out.push(
      finding({
        check: 'spatial.lidar-points',
        severity: 'warning',
        object: c.object,
        sensors: [c.sensor],
        samples: [c.sample],
        key: id,
        message: `cuboid "${id}" holds ${n} LiDAR point(s) (at least ${s.minLidarPoints} expected)`,
        measured: { name: 'lidarPoints', value: n, unit: 'points', tolerance: s.minLidarPoints },
      }),
    );
  }
  return out;
}
