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
import { allAnnotations } from '../../schema';

const k2 = (a: string, b: string): string => `${a}\u0000${b}`;

/** The projection of the cuboid a camera box should agree with, or undefined when the object has no cuboid paired with this sample. */
export function cuboidFor(box: Box2D, ctx: QaContext, byCuboidCam: Map<string, CuboidInCamera>, byObjectSample: Map<string, CuboidInCamera[]>): CuboidInCamera | undefined {
  if (box.fromCuboid) {
    const p = byCuboidCam.get(k2(box.fromCuboid, box.sensor));
    if (p && p.sample === box.sample) return p;
  }
  return byObjectSample.get(k2(box.object, box.sample))?.find((p) => p.camera === box.sensor && ctx.index.annotation(p.cuboid)?.object === box.object);
}

export function projectionMaps(items: readonly CuboidInCamera[]): { byCuboidCam: Map<string, CuboidInCamera>; byObjectSample: Map<string, CuboidInCamera[]> } {
  const byCuboidCam = new Map<string, CuboidInCamera>();
  const byObjectSample = new Map<string, CuboidInCamera[]>();
  for (const p of items) {
    byCuboidCam.set(k2(p.cuboid, p.camera), p);
    const k = k2(p.object, p.sample);
    const l = byObjectSample.get(k);
    if (l) l.push(p);
    else byObjectSample.set(k, [p]);
  }
  return { byCuboidCam, byObjectSample };
}

export function checkSpatial(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  const { items, errors } = ctx.projections();
  for (const e of errors)
    out.push(finding({ check: 'spatial.calibration', severity: 'error', object: ctx.index.annotation(e.cuboid)?.object, sensors: [e.camera], key: e.cuboid, message: `cuboid "${e.cuboid}" cannot be projected into camera "${e.camera}": ${e.message}` }));
  const maps = projectionMaps(items);
  for (const a of allAnnotations(scene)) {
    if (a.kind !== 'box2d' || a.source === 'projected') continue;
    const p = cuboidFor(a, ctx, maps.byCuboidCam, maps.byObjectSample);
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
