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
import type { Scene } from '../../schema';
import type { ProjectedCuboids } from '../adapters';
import type { QaContext } from '../context';
import type { SceneIndex } from '../sceneIndex';
import { finding, type Finding } from '../finding';

/**
 * Which projection each camera box is compared against: `out[j]` is the index of the pair (in the
 * run's ProjectedCuboids) of the cuboid box `index.boxes[j]` should agree with, or −1 when its
 * object has no cuboid paired with the box's sample: the box's `fromCuboid` when it projects into
 * this sample, else the object's cuboid paired with it — the smallest cuboid id when several are
 * (two LiDARs, or a duplicate; among equal ids the last pair), so the answer does not depend on the
 * order of the annotation record.
 * No map per camera sample: the pairs are chained per slot (a cuboid sample's camera sample), and
 * while consecutive boxes share a camera sample (they come grouped by sample) one table by object
 * number holds that sample's best pair per object; by cuboid id only for the cuboids some box names
 * in `fromCuboid`.
 */
export function matchBoxes(P: ProjectedCuboids, index: SceneIndex): Int32Array {
  const { count, cuboid, slot, slots, cuboids } = P;
  const { boxes, boxObject } = index;
  const out = new Int32Array(boxes.length).fill(-1);
  const objectOf = cuboids === index.cuboids ? index.cuboidObject : Int32Array.from(cuboids, (c) => index.objectNumber(c.object));
  // slots by camera, then camera sample; pairs chained per slot
  const cams = new Map<string, Map<string, number[]>>();
  for (let si = 0; si < slots.length; si++) {
    const p = slots[si];
    let c = cams.get(p.camera);
    if (!c) cams.set(p.camera, (c = new Map()));
    const l = c.get(p.sample);
    if (l) l.push(si);
    else c.set(p.sample, [si]);
  }
  const head = new Int32Array(slots.length).fill(-1), next = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    next[i] = head[slot[i]];
    head[slot[i]] = i;
  }
  let named: Set<string> | undefined;
  for (const b of boxes) if (b.fromCuboid) (named ??= new Set()).add(b.fromCuboid);
  let byCuboid: Map<string, number[]> | undefined;
  if (named) {
    byCuboid = new Map();
    for (let i = 0; i < count; i++) {
      const id = cuboids[cuboid[i]].id;
      if (!named.has(id)) continue;
      const l = byCuboid.get(id);
      if (l) l.push(i);
      else byCuboid.set(id, [i]);
    }
  }
  const best = new Int32Array(index.objectIds.length).fill(-1);
  const touched: number[] = [];
  let curSensor: string | undefined, curSample: string | undefined;
  for (let j = 0; j < boxes.length; j++) {
    const box = boxes[j];
    if (box.fromCuboid) {
      const l = byCuboid!.get(box.fromCuboid);
      let found = -1;
      if (l)
        for (const i of l) {
          const p = slots[slot[i]];
          if (p.camera === box.sensor) {
            if (p.sample === box.sample) found = i;
            break;
          }
        }
      if (found >= 0) {
        out[j] = found;
        continue;
      }
    }
    if (box.sensor !== curSensor || box.sample !== curSample) {
      for (const o of touched) best[o] = -1;
      touched.length = 0;
      curSensor = box.sensor;
      curSample = box.sample;
      const ss = cams.get(box.sensor)?.get(box.sample);
      if (ss)
        for (const si of ss)
          for (let i = head[si]; i >= 0; i = next[i]) {
            const o = objectOf[cuboid[i]];
            if (o < 0) continue;
            const b = best[o];
            if (b < 0) {
              best[o] = i;
              touched.push(o);
            } else {
              const id = cuboids[cuboid[i]].id, bid = cuboids[cuboid[b]].id;
              if (id < bid || (id === bid && i > b)) best[o] = i;
            }
          }
    }
    out[j] = best[boxObject[j]];
  }
  return out;
}

export function checkSpatial(scene: Scene, ctx: QaContext): Finding[] {
  const s = ctx.settings;
  const out: Finding[] = [];
  const P = ctx.projections();
  for (const e of P.errors)
    out.push(finding({ check: 'spatial.calibration', severity: 'error', object: ctx.index.annotation(e.cuboid)?.object, sensors: [e.camera], key: e.cuboid, message: `cuboid "${e.cuboid}" cannot be projected into camera "${e.camera}": ${e.message}` }));
  const boxes = ctx.index.boxes;
  const match = matchBoxes(P, ctx.index);
  const { visible, box: pb, cuboid, cuboids } = P;
  for (let j = 0; j < boxes.length; j++) {
    const a = boxes[j];
    if (a.source === 'projected') continue;
    const i = match[j];
    if (i < 0) continue;
    const c = cuboids[cuboid[i]];
    if (!visible[i]) {
      out.push(finding({ check: 'spatial.outside-image', severity: 'error', object: a.object, sensors: [a.sensor, c.sensor], samples: [a.sample, c.sample], key: a.id, message: `box "${a.id}" on "${a.sample}": its cuboid "${c.id}" projects entirely outside the image (or behind the camera)` }));
      continue;
    }
    // projection/deviation's boxDeviation(a, projected), the same operations in the same order, without its objects
    const x0 = pb[4 * i], y0 = pb[4 * i + 1], x1 = pb[4 * i + 2], y1 = pb[4 * i + 3];
    const inter = Math.max(0, Math.min(a.x1, x1) - Math.max(a.x0, x0)) * Math.max(0, Math.min(a.y1, y1) - Math.max(a.y0, y0));
    const union = Math.max(0, a.x1 - a.x0) * Math.max(0, a.y1 - a.y0) + Math.max(0, x1 - x0) * Math.max(0, y1 - y0) - inter;
    const iou = union > 0 ? inter / union : 0;
    const maxEdgePx = Math.max(Math.abs(a.x0 - x0), Math.abs(a.y0 - y0), Math.abs(a.x1 - x1), Math.abs(a.y1 - y1));
    const severity = iou < s.minIoU || maxEdgePx > s.maxEdgePxError ? 'error' : maxEdgePx > s.maxEdgePxWarning ? 'warning' : undefined;
    if (!severity) continue;
    out.push(
      finding({
        check: 'spatial.alignment',
        severity,
        object: a.object,
        sensors: [a.sensor, c.sensor],
        samples: [a.sample, c.sample],
        key: a.id,
        message: `box "${a.id}" deviates from the projection of cuboid "${c.id}" by up to ${maxEdgePx.toFixed(1)} px (IoU ${iou.toFixed(2)}; tolerance ${severity === 'error' ? s.maxEdgePxError : s.maxEdgePxWarning} px, IoU ≥ ${s.minIoU})`,
        measured: { name: 'maxEdgePx', value: maxEdgePx, unit: 'px', tolerance: severity === 'error' ? s.maxEdgePxError : s.maxEdgePxWarning },
      }),
    );
  }
  const counted = ctx.cuboidCounts();
  for (let i = 0; i < counted.cuboids.length; i++) {
    const n = counted.counts[i];
    if (n >= s.minLidarPoints) continue;
    const c = counted.cuboids[i];
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
