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

/** One camera's projections: camera sample id → object id → the first of the object's items there (chained through `next`). */
interface OnCamera {
  samples: Map<string, Map<string, number>>;
  last?: string;
  lastEntry?: Map<string, number>;
}

/**
 * Which projection each camera box is compared against: `find(box)` is the index in `items` of the
 * projection of the cuboid the box should agree with, or −1 when the object has no cuboid paired
 * with the box's sample: the box's `fromCuboid` when it projects into this sample, else the
 * object's cuboid paired with it — the smallest cuboid id when several are (two LiDARs, or a
 * duplicate), so the answer does not depend on the order of the annotation record.
 * Items are indexed by camera → camera sample → object (no string built, no array per entry: the
 * items of one key are chained through an Int32Array), runs of items on the same camera sample
 * reuse the previous lookup; by cuboid only for the cuboids some box names in `fromCuboid`.
 */
export function projectionFinder(items: readonly CuboidInCamera[], boxes: readonly Box2D[]): (box: Box2D) => number {
  const next = new Int32Array(items.length);
  const cams = new Map<string, OnCamera>();
  for (let i = 0; i < items.length; i++) {
    const p = items[i];
    let c = cams.get(p.camera);
    if (!c) cams.set(p.camera, (c = { samples: new Map() }));
    let objs = c.last === p.sample ? c.lastEntry! : c.samples.get(p.sample);
    if (!objs) c.samples.set(p.sample, (objs = new Map()));
    c.last = p.sample;
    c.lastEntry = objs;
    const head = objs.get(p.object);
    next[i] = head ?? -1;
    objs.set(p.object, i);
  }
  let named: Set<string> | undefined;
  for (const b of boxes) if (b.fromCuboid) (named ??= new Set()).add(b.fromCuboid);
  let byCuboid: Map<string, number[]> | undefined;
  if (named) {
    byCuboid = new Map();
    for (let i = 0; i < items.length; i++) {
      const id = items[i].cuboid;
      if (!named.has(id)) continue;
      const l = byCuboid.get(id);
      if (l) l.push(i);
      else byCuboid.set(id, [i]);
    }
  }
  return (box) => {
    if (box.fromCuboid) {
      const l = byCuboid!.get(box.fromCuboid);
      if (l)
        for (const i of l)
          if (items[i].camera === box.sensor) {
            if (items[i].sample === box.sample) return i;
            break;
          }
    }
    let best = -1;
    for (let i = cams.get(box.sensor)?.samples.get(box.sample)?.get(box.object) ?? -1; i >= 0; i = next[i]) if (best < 0 || items[i].cuboid < items[best].cuboid) best = i;
    return best;
  };
}

export function checkSpatial(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  const { items, errors, cuboidOf } = ctx.projections();
  for (const e of errors)
    out.push(finding({ check: 'spatial.calibration', severity: 'error', object: ctx.index.annotation(e.cuboid)?.object, sensors: [e.camera], key: e.cuboid, message: `cuboid "${e.cuboid}" cannot be projected into camera "${e.camera}": ${e.message}` }));
  const boxes = ctx.index.boxes;
  const find = projectionFinder(items, boxes);
  for (const a of boxes) {
    if (a.source === 'projected') continue;
    const i = find(a);
    if (i < 0) continue;
    const p = items[i], c = cuboidOf[i];
    if (!p.projection) {
      out.push(finding({ check: 'spatial.outside-image', severity: 'error', object: a.object, sensors: [a.sensor, c.sensor], samples: [a.sample, c.sample], key: a.id, message: `box "${a.id}" on "${a.sample}": its cuboid "${p.cuboid}" projects entirely outside the image (or behind the camera)` }));
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
        object: a.object,
        sensors: [a.sensor, c.sensor],
        samples: [a.sample, c.sample],
        key: a.id,
        message: `box "${a.id}" deviates from the projection of cuboid "${p.cuboid}" by up to ${d.maxEdgePx.toFixed(1)} px (IoU ${d.iou.toFixed(2)}; tolerance ${severity === 'error' ? s.maxEdgePxError : s.maxEdgePxWarning} px, IoU ≥ ${s.minIoU})`,
        measured: { name: 'maxEdgePx', value: d.maxEdgePx, unit: 'px', tolerance: severity === 'error' ? s.maxEdgePxError : s.maxEdgePxWarning },
      }),
    );
  }
  const { cuboids, counts } = ctx.cuboidCounts();
  for (let i = 0; i < cuboids.length; i++) {
    const n = counts[i];
    if (n >= s.minLidarPoints) continue;
    const c = cuboids[i];
    out.push(
      finding({
        check: 'spatial.lidar-points',
        severity: 'warning',
        object: c.object,
        sensors: [c.sensor],
        samples: [c.sample],
        key: c.id,
        message: `cuboid "${c.id}" holds ${n} LiDAR point(s) (at least ${s.minLidarPoints} expected)`,
        measured: { name: 'lidarPoints', value: n, unit: 'points', tolerance: s.minLidarPoints },
      }),
    );
  }
  return out;
}
