/**
 * Height is height: real KITTI object labels (public/demo/kitti frames 000000 and 000001: a pedestrian; a truck, a car
 * and a cyclist) written in the conventions of Vicomtech's KITTI converter by an independent script,
 * fixtures/openlabel-vicomtech-convention/write_from_kitti_object.py (numpy, no Crosslabel code): cuboid
 * [x, y − h/2, z, 0, ry, 0, l, h, w] on CAM_LEFT, box2D_left = KITTI's own human-annotated box. Its reference.json
 * holds KITTI's h, w, l and, per object, the IoU of the devkit's projected box (compute_box_3d with P2) with KITTI's box
 * under each size order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cuboidCorners } from '../../geometry/cuboid';
import { allAnnotations, type Scene } from '../../schema';
import { exportKittiTracking } from '../kitti/trackingExport';
import { parseKittiTrackingLabels } from '../kitti/tracking';
import { importOpenLabel } from './import';

const DIR = 'fixtures/openlabel-vicomtech-convention';
type Ref = { uid: string; type: string; h: number; w: number; l: number; box: number[]; iou_lhw: number; iou_lwh: number };
const reference = JSON.parse(readFileSync(`${DIR}/reference.json`, 'utf8')) as Record<string, Ref[]>;
const load = (frame: string) => JSON.parse(readFileSync(`${DIR}/kitti_object_${frame}.json`, 'utf8')) as { openlabel: { coordinate_systems: { CAM_LEFT: { pose_wrt_parent: { matrix4x4: number[] } } } } };
const cuboidOf = (scene: Scene, uid: string) => {
  const a = allAnnotations(scene).find((x) => x.kind === 'cuboid' && x.object === uid);
  if (a?.kind !== 'cuboid') throw new Error(`no cuboid for object ${uid}`);
  return a;
};

describe("OpenLABEL in Vicomtech's KITTI conventions: the size order is read from the file's evidence", () => {
  for (const frame of ['000000', '000001'])
    it(`frame ${frame}: every object's height is KITTI's h, upright in the LiDAR frame, and KITTI tracking export writes KITTI's h w l`, () => {
      const file = `kitti_object_${frame}.json`;
      const json = load(frame);
      const { scene, conventions } = importOpenLabel(json, file);
      // decided on the file's own 2D boxes (KITTI's annotations), with the figures the devkit's projection gives
      expect(conventions).toEqual([expect.objectContaining({ question: 'cuboid size order', chosen: 'axes', basis: 'boxes' })]);
      const refs = reference[frame];
      const meanRef = (k: 'iou_lhw' | 'iou_lwh') => refs.reduce((s, r) => s + r[k], 0) / refs.length;
      expect(conventions[0].readings[0].meanIoU).toBeCloseTo(meanRef('iou_lhw'), 2);
      expect(conventions[0].readings[1].meanIoU).toBeCloseTo(meanRef('iou_lwh'), 2);

      // the camera's "up" (−y of the rectified camera) in the velodyne frame, where the cuboids now live
      const P = json.openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4;
      const up = [-P[1], -P[5], -P[9]];
      for (const r of refs) {
        const c = cuboidOf(scene, r.uid);
        expect(c.sensor).toBe('VELO_TOP');
        expect(c.size, `${r.type} ${r.uid}`).toEqual({ l: r.l, w: r.w, h: r.h });
        // the cuboid's own z axis (its height) points up: R·ẑ · up ≈ 1 (velodyne z is up too, to the calibration's tilt)
        const { x, y, z, w } = c.rotation;
        const zAxis = [2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)];
        expect(zAxis[0] * up[0] + zAxis[1] * up[1] + zAxis[2] * up[2]).toBeCloseTo(1, 6); // the calibration is orthonormal to ~1e-8
        expect(zAxis[2]).toBeGreaterThan(0.99);
        // and the corners span h vertically
        const heights = Array.from({ length: 8 }, (_, i) => cuboidCorners(c).subarray(3 * i, 3 * i + 3)).map((p) => p[0] * up[0] + p[1] * up[1] + p[2] * up[2]);
        expect(Math.max(...heights) - Math.min(...heights)).toBeCloseTo(r.h, 6);
      }
      const pedestrian = refs.find((r) => r.type === 'Pedestrian');
      if (pedestrian) expect(cuboidOf(scene, pedestrian.uid).size.h).toBe(1.89);

      // KITTI tracking export: h w l in KITTI's columns, as in label_2
      const rows = parseKittiTrackingLabels(exportKittiTracking(scene, { camera: 'CAM_LEFT' }).text, 'exported.txt');
      for (const r of refs) {
        const row = rows.find((x) => x.trackId === Number(r.uid));
        expect(row?.dimensions).toEqual({ h: r.h, w: r.w, l: r.l });
        expect(row?.type).toBe(r.type);
      }
    });

  it('forced to KITTI order (l, w, h), the pedestrian lies on its side and the report says the evidence disagrees', () => {
    const { scene, conventions } = importOpenLabel(load('000000'), 'kitti_object_000000.json', { cuboidSizes: 'lwh' });
    expect(cuboidOf(scene, '0').size).toEqual({ l: 1.2, w: 1.89, h: 0.48 });
    expect(conventions[0].message).toMatch(/read as \(l, w, h\), as asked — the file's evidence favours \(l, h, w\)/);
  });

  it('without 2D boxes, physical plausibility decides: a pedestrian 0.48 m tall and 1.89 m wide is implausible', () => {
    const json = load('000000') as unknown as { openlabel: { frames: Record<string, { objects: Record<string, { object_data: Record<string, unknown> }> }> } };
    for (const o of Object.values(json.openlabel.frames['0'].objects)) delete o.object_data.bbox;
    const { scene, conventions } = importOpenLabel(json, 'no-boxes.json');
    expect(conventions[0]).toMatchObject({ chosen: 'axes', basis: 'sizes' });
    expect(conventions[0].message).toMatch(/mean size error against each class's typical size/);
    expect(cuboidOf(scene, '0').size.h).toBe(1.89);
    // the evidence is the reading's, not the spec's: a file written (l, w, h) with no boxes is read (l, w, h)
    const swapped = load('000000') as unknown as { openlabel: { frames: Record<string, { objects: Record<string, { object_data: { bbox?: unknown; cuboid: { val: number[] }[] } }> }> } };
    for (const o of Object.values(swapped.openlabel.frames['0'].objects)) {
      delete o.object_data.bbox;
      const v = o.object_data.cuboid[0].val;
      [v[7], v[8]] = [v[8], v[7]];
    }
    const r = importOpenLabel(swapped, 'lwh-no-boxes.json');
    expect(r.conventions[0]).toMatchObject({ chosen: 'lwh', basis: 'sizes' });
    expect(cuboidOf(r.scene, '0').size).toEqual({ l: 1.2, w: 0.48, h: 1.89 });
  });
});
