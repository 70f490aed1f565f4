import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scene } from '../../schema';
import { importOpenLabel } from '../openlabel';
import { parseKittiCalib } from './calib';
import { exportKittiLabels } from './export';
import { importKitti } from './import';
import { demoFiles, demoText, memorySource, DEMO_FRAMES } from './testing';
import { parseKittiTrackingLabels } from './tracking';
import { exportKittiTracking } from './trackingExport';
import { importKittiTrackingLabels, kittiTrackingScene } from './trackingImport';
import { allAnnotations, removeAnnotationFrom, setAnnotation } from '../../schema';

const OL_FILE = 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json';
const LABELS_FILE = 'fixtures/kitti-tracking/label_02/0003.txt';
const CALIB_FILE = 'fixtures/kitti-tracking/calib/0003.txt';
const olJson = () => JSON.parse(readFileSync(OL_FILE, 'utf8'));
const labelsText = () => readFileSync(LABELS_FILE, 'utf8');

type Vals = number[];
interface OlFrame { objects?: Record<string, { object_data: { bbox?: { name: string; val: Vals }[]; cuboid?: { name: string; val: Vals }[]; num?: { name: string; val: number }[] } }> }

/**
 * Every (frame, track) of the OpenLABEL file with the KITTI values it encodes, read with JSON.parse only (mapping in
 * fixtures/kitti-tracking/PROVENANCE.md). The size order [l, h, w] is not this test's assumption: it is the reading under
 * which the file's cuboids, projected with the KITTI devkit's compute_box_3d and P2 in numpy
 * (fixtures/kitti-tracking/respell_0003.py), agree with the file's own 2D boxes (mean IoU 0.969 against 0.850 for [l, w, h];
 * evidence_0003.json), and the importer decides it the same way (src/core/formats/openlabel/import.test.ts).
 */
function expectedFromOpenLabel() {
  const d = olJson().openlabel as { objects: Record<string, { type: string }>; frames: Record<string, OlFrame> };
  const out: { frame: number; track: number; type: string; h: number; w: number; l: number; x: number; y: number; z: number; ry: number; box: Vals; alpha: number; occluded: number; truncated: number }[] = [];
  for (const [f, fr] of Object.entries(d.frames))
    for (const [uid, o] of Object.entries(fr.objects ?? {})) {
      if (Number(uid) < 0) continue;
      const c = o.object_data.cuboid!.find((g) => g.name === 'box3D')!.val;
      const [cx, cy, bw, bh] = o.object_data.bbox!.find((g) => g.name === 'box2D_left')!.val;
      const num = Object.fromEntries(o.object_data.num!.map((n) => [n.name, n.val]));
      out.push({
        frame: Number(f), track: Number(uid), type: d.objects[uid].type,
        l: c[6], h: c[7], w: c[8], x: c[0], y: c[1] + c[7] / 2, z: c[2], ry: c[4],
        box: [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2],
        alpha: num.alpha, occluded: num.occluded, truncated: num.truncated,
      });
    }
  return out;
}

/** Within the printed precision of %f: half a unit of the 6th decimal (plus float noise). */
const PRINTED = 0.5e-6 + 1e-9;

describe('OpenLABEL (Vicomtech, KITTI tracking 0003) → scene → KITTI tracking text', () => {
  const { scene } = importOpenLabel(olJson(), OL_FILE);
  const result = exportKittiTracking(scene, { camera: 'CAM_LEFT' });
  const rows = parseKittiTrackingLabels(result.text, 'exported.txt');

  it('every (frame, track) is there with its class and the OpenLABEL 3D values to the printed precision', () => {
    const expected = expectedFromOpenLabel();
    expect(expected).toHaveLength(388); // the count src/core/formats/openlabel/import.test.ts took with Python
    const objectRows = rows.filter((r) => r.type !== 'DontCare');
    expect(objectRows).toHaveLength(expected.length);
    let worst = 0;
    for (const e of expected) {
      const r = objectRows.find((x) => x.frame === e.frame && x.trackId === e.track);
      expect(r, `frame ${e.frame} track ${e.track}`).toBeDefined();
      expect(r!.type).toBe(e.type);
      const pairs: [number, number][] = [
        [r!.dimensions.h, e.h], [r!.dimensions.w, e.w], [r!.dimensions.l, e.l],
        [r!.location.x, e.x], [r!.location.y, e.y], [r!.location.z, e.z], [r!.rotationY, e.ry],
        [r!.bbox.left, e.box[0]], [r!.bbox.top, e.box[1]], [r!.bbox.right, e.box[2]], [r!.bbox.bottom, e.box[3]],
        [r!.alpha, e.alpha],
      ];
      for (const [got, want] of pairs) worst = Math.max(worst, Math.abs(got - want));
      expect([r!.occluded, r!.truncated]).toEqual([e.occluded, e.truncated]);
    }
    expect(worst).toBeLessThan(PRINTED);
  });

  it('DontCare: one row per ignore region, with the tracking sentinels', () => {
    const dc = rows.filter((r) => r.type === 'DontCare');
    expect(dc).toHaveLength(473);
    expect(dc.every((r) => r.trackId === -1 && r.dimensions.h === -1000 && r.location.x === -10 && r.rotationY === -1)).toBe(true);
  });

  it("is byte-identical to the independent Python re-spelling (fixtures/kitti-tracking/respell_0003.py)", () => {
    expect(result.text).toBe(labelsText());
  });

  it('track ids are the OpenLABEL uids (= KITTI track ids); frame numbers the frame labels', () => {
    expect(result.trackIds).toMatchObject({ '0': 0, '1': 1, '8': 8 });
    expect(result.notes[0]).toMatch(/integer frame labels/);
  });

  it('reports what tracking labels cannot hold', () => {
    const dropped = Object.fromEntries(result.summary.dropped.map((d) => [d.what, d.count]));
    // 388 right-camera boxes (python: bbox named box2D_right), the Egocar (static cuboid, not imported: no annotation)
    expect(dropped['box2d on CAM_RIGHT']).toBe(388);
    expect(dropped['object without a box2d on the camera or a cuboid in any frame']).toBe(1);
    expect(result.summary.written).toMatchObject({ rows: 861, tracks: 9, dontCare: 473, projectedBoxes: 0 });
  });
});

describe('KITTI tracking text → scene → text', () => {
  const calib = parseKittiCalib(readFileSync(CALIB_FILE, 'utf8'), CALIB_FILE);
  const rows = parseKittiTrackingLabels(labelsText(), LABELS_FILE);
  const base = kittiTrackingScene({ sequence: '0003', calib, frameCount: 144 });

  it('through the LiDAR (label_02 + calib only): byte-identical', () => {
    const { scene, summary } = importKittiTrackingLabels(base, rows, { camera: 'image_02', lidar: 'velodyne', file: LABELS_FILE });
    expect(summary).toMatchObject({ objects: 9, boxes: 388, cuboids: 388, dontCare: 473, warnings: [] });
    expect(allAnnotations(scene).filter((a) => a.kind === 'cuboid').every((a) => a.sensor === 'velodyne')).toBe(true);
    expect(exportKittiTracking(scene).text).toBe(labelsText());
  });

  it('the velodyne cuboid is where the OpenLABEL file puts it (CAM_LEFT pose_wrt_parent · centre)', () => {
    const { scene } = importKittiTrackingLabels(base, rows, { camera: 'image_02', lidar: 'velodyne' });
    const cub = allAnnotations(scene).find((a) => a.kind === 'cuboid' && a.object === 'kitti-track-0' && a.sample === 'velodyne/000000');
    const P = olJson().openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4 as number[];
    const c = [3.4, 0.84, 4.75]; // frame 0, uid 0: box3D val[0..2]
    const want = [0, 1, 2].map((i) => P[4 * i] * c[0] + P[4 * i + 1] * c[1] + P[4 * i + 2] * c[2] + P[4 * i + 3]);
    expect(cub?.kind === 'cuboid' && [cub.center.x, cub.center.y, cub.center.z]).toEqual(want.map((v) => expect.closeTo(v, 9)));
    expect(scene.objects['kitti-track-0']).toMatchObject({ classId: 'car', attributes: { track_id: 0 } });
  });

  it('row order within a frame is kept (rows shuffled in the file come back in the same order)', () => {
    const lines = labelsText().split('\n').filter(Boolean);
    // frame 0 has 6 rows: put the DontCare rows first and the two cars last, reversed
    const shuffled = [lines[2], lines[3], lines[4], lines[5], lines[1], lines[0], ...lines.slice(6)].join('\n') + '\n';
    const { scene } = importKittiTrackingLabels(base, parseKittiTrackingLabels(shuffled, 's.txt'), { camera: 'image_02', lidar: 'velodyne' });
    expect(exportKittiTracking(scene).text).toBe(shuffled);
  });

  it("into the OpenLABEL scene's own calibration (labels stripped), cuboids on VELO_TOP or on the camera: byte-identical", () => {
    const ol = importOpenLabel(olJson(), OL_FILE).scene;
    const empty: Scene = { ...ol, objects: {}, annotations: {}, ignoreRegions: [] };
    for (const lidar of ['VELO_TOP', undefined]) {
      const { scene } = importKittiTrackingLabels(empty, rows, { camera: 'CAM_LEFT', lidar });
      const r = exportKittiTracking(scene, { camera: 'CAM_LEFT' });
      expect(r.text, String(lidar)).toBe(labelsText());
    }
  });

  it('scores (results format) come back; a track changing type and a frame the scene lacks are errors', () => {
    const withScore = labelsText().split('\n').slice(0, 2).map((l) => `${l} 0.750000`).join('\n') + '\n';
    const { scene } = importKittiTrackingLabels(base, parseKittiTrackingLabels(withScore, 's.txt'), { camera: 'image_02', lidar: 'velodyne' });
    expect(allAnnotations(scene).every((a) => a.source === 'model' && a.score === 0.75)).toBe(true);
    expect(exportKittiTracking(scene).text).toBe(withScore);

    const retyped = parseKittiTrackingLabels(labelsText().replace(/^1 0 Car/m, '1 0 Van'), 'seq.txt');
    expect(() => importKittiTrackingLabels(base, retyped, { camera: 'image_02', file: 'seq.txt' })).toThrow(/^seq\.txt:7: type: track 0 is "Car" earlier in the file and "Van" here$/);
    const late = parseKittiTrackingLabels(labelsText().replace(/^143 /gm, '144 '), 'seq.txt');
    expect(() => importKittiTrackingLabels(base, late, { camera: 'image_02', file: 'seq.txt' })).toThrow(/^seq\.txt:\d+: frame: frame 144: camera "image_02" has no such frame \(frames 0\.\.143\)$/);
  });
});

describe('exportKittiTracking on other scenes', () => {
  it('KITTI object frames: the rows of label_2 with frame numbers 0..2, fresh track ids, truncation as a level', async () => {
    const { scene } = await importKitti(memorySource('demo', demoFiles()));
    const r = exportKittiTracking(scene);
    const objectRows = DEMO_FRAMES.flatMap((f) => demoText(`label_2/${f}.txt`).split('\n').filter(Boolean));
    expect(r.rows).toHaveLength(objectRows.length);
    // first appearance order: frame 0's one object, then frame 1's objects by object id
    expect(r.rows.filter((x) => x.frame === 0).map((x) => x.trackId)).toEqual([0]);
    expect(new Set(r.rows.filter((x) => x.type !== 'DontCare').map((x) => x.trackId)).size).toBe(Object.keys(scene.objects).length);
    // frame 0's pedestrian: label_2/000000.txt "Pedestrian 0.00 0 -0.20 712.40 143.00 810.73 307.92 1.89 0.48 1.20 1.84 1.47 8.41 0.01"
    expect(r.rows[0]).toMatchObject({ frame: 0, type: 'Pedestrian', truncated: 0, occluded: 0 });
    expect(r.rows[0].location.z).toBeCloseTo(8.41, 9);
    // every demo object has truncated 0.00 → level 0; fractions 0.3 and 0.6 (set by hand) → levels 1 and 2
    expect(r.rows.filter((x) => x.type !== 'DontCare').map((x) => x.truncated)).toEqual([0, 0, 0, 0, 0, 0]);
    const edited = structuredClone(scene);
    const boxes = allAnnotations(edited).filter((a) => a.kind === 'box2d');
    if (boxes[0].kind === 'box2d') boxes[0].truncated = 0.3;
    if (boxes[1].kind === 'box2d') boxes[1].truncated = 0.6;
    const levels = Object.fromEntries(exportKittiTracking(edited).rows.map((x) => [`${x.frame}/${x.bbox.left}`, x.truncated]));
    expect([boxes[0], boxes[1]].map((b) => b.kind === 'box2d' && levels[`${Number(b.sample.slice(-6))}/${b.x0}`])).toEqual([1, 2]);
    expect(r.summary.dropped.find((d) => d.what === 'text document')?.count).toBe(1);
    // the object export is unchanged by the shared row helper
    for (const f of DEMO_FRAMES) expect(exportKittiLabels(scene, f)).toBe(demoText(`label_2/${f}.txt`));
  });

  it('objects without numeric ids get ids by first appearance; conflicting claims are resolved and noted; polygons and masks are reported', () => {
    const { scene } = importOpenLabel(olJson(), OL_FILE);
    const renamed: Scene = structuredClone(scene);
    // object "1" (first seen at frame 22) renamed "zeta", object "3" (frame 6) renamed "alpha": both lose their numeric claim
    for (const [from, to] of [['1', 'zeta'], ['3', 'alpha']] as const) {
      renamed.objects[to] = { ...renamed.objects[from], id: to };
      delete renamed.objects[from];
      for (const a of allAnnotations(renamed)) if (a.object === from) a.object = to;
    }
    // object "2" claims track 0 through its attribute: "0" (its own id) was claimed first in the frame-0 order
    renamed.objects['2'].attributes.track_id = 0;
    setAnnotation(renamed, { id: 'poly', object: '0', source: 'manual', sensor: 'CAM_LEFT', sample: 'CAM_LEFT/0', kind: 'polygon', closed: true, points: [{ x: 1, y: 1 }, { x: 5, y: 1 }, { x: 5, y: 5 }] });
    const r = exportKittiTracking(renamed, { camera: 'CAM_LEFT' });
    // claimed: 0 (obj 0), 4..8; unclaimed in first-appearance order: "2" (frame 0, lost 0), "alpha" (frame 6), "zeta" (frame 22) → 1, 2, 3
    expect(r.trackIds).toMatchObject({ '0': 0, '2': 1, alpha: 2, zeta: 3, '4': 4, '8': 8 });
    expect(r.notes.join('\n')).toMatch(/object "2" claims track id 0, already used/);
    expect(r.summary.dropped).toContainEqual({ what: 'polygon on CAM_LEFT', count: 1, reason: 'tracking labels hold boxes only' });
  });

  it('without integer frame labels the frame number is the position in time order; no box2d → the projected cuboid', () => {
    const { scene } = importOpenLabel(olJson(), OL_FILE);
    const s: Scene = structuredClone(scene);
    for (const st of s.streams) for (const smp of st.samples) smp.frame = `f${smp.frame}`;
    for (const a of allAnnotations(s)) if (a.kind === 'box2d') removeAnnotationFrom(s, a.id);
    const r = exportKittiTracking(s, { camera: 'CAM_LEFT' });
    expect(r.notes[0]).toMatch(/time order/);
    expect(r.summary.written.projectedBoxes).toBe(388);
    const row = r.rows.find((x) => x.frame === 0 && x.trackId === 2)!;
    // frame 0, uid 2: the labelled box is (292.43, 176.91, 331.77, 197.46); the projected 3D box is close to it
    expect(row.bbox.left).toBeCloseTo(292.43, -1);
    expect(row.bbox.right).toBeCloseTo(331.77, -1);
  });
});
