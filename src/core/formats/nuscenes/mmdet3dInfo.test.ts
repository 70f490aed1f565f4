import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrameGraph } from '../../calibration';
import { mat4 } from '../../math';
import { iou, projectSceneCuboids } from '../../projection';
import type { Cuboid } from '../../schema';
import { exportNuScenesTables } from './exportTables';
import { importMmdet3dInfo } from './mmdet3dInfo';
import { allAnnotations } from '../../schema';

// plain nested-array matrix arithmetic, independent of src/core/math and the nuScenes pose helpers
type M = number[][];
const mul = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const apply = (m: M, p: number[]): number[] => [0, 1, 2].map((i) => m[i][0] * p[0] + m[i][1] * p[1] + m[i][2] * p[2] + m[i][3]);
/** Rigid inverse [Rᵀ | −Rᵀt]. */
const invRigid = (m: M): M => {
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[j][i]));
  const t = [0, 1, 2].map((i) => -(r[i][0] * m[0][3] + r[i][1] * m[1][3] + r[i][2] * m[2][3]));
  return [...r.map((row, i) => [...row, t[i]]), [0, 0, 0, 1]];
};
/** nuScenes [w, x, y, z] + [x, y, z] → 4x4 (the textbook unit-quaternion rotation matrix). */
const fromRow = (q: number[], t: number[]): M => {
  const n = Math.hypot(...q);
  const [w, x, y, z] = q.map((v) => v / n);
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), t[0]],
    [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), t[1]],
    [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y), t[2]],
    [0, 0, 0, 1],
  ];
};
const maxDiff = (a: M, b: M, rows = 3): number => Math.max(...a.slice(0, rows).flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i][j]))));
/** max |R·Rᵀ − I| of a 4x4's rotation: the file's float32 rotations are orthonormal only to ~5e-8. */
const orthoError = (m: M): number => Math.max(...[0, 1, 2].flatMap((i) => [0, 1, 2].map((k) => Math.abs(m[i][0] * m[k][0] + m[i][1] * m[k][1] + m[i][2] * m[k][2] - (i === k ? 1 : 0)))));

// Python's json.dumps wrote bare NaN (some velocities); as JSON that is null
const json = JSON.parse(readFileSync('fixtures/nuscenes/mmdet3d_info_v1.1.json', 'utf8').replace(/\bNaN\b/g, 'null'));

describe('nuScenes keyframe from an mmdetection3d info record', () => {
  it('imports six cameras, the LiDAR and every 3D box, with the cameras on their own timestamps', () => {
    const { scene, warnings } = importMmdet3dInfo(json, 'info.json', { baseUri: 'demo/nuscenes' });
    expect(warnings).toEqual([]);
    expect(scene.sensors.filter((s) => s.kind === 'camera').map((s) => s.id).sort()).toEqual(['CAM_BACK', 'CAM_BACK_LEFT', 'CAM_BACK_RIGHT', 'CAM_FRONT', 'CAM_FRONT_LEFT', 'CAM_FRONT_RIGHT']);
    expect(Object.keys(scene.objects)).toHaveLength(json.data_list[0].instances.length); // 69
    const front = scene.streams.find((s) => s.sensor === 'CAM_FRONT')!.samples[0];
    // CAM_FRONT fired at ...927.612460 s, the sweep at ...927.647951 s
    expect(front.t).toBeCloseTo(1532402927.61246 - 1532402927.647951, 6);
    expect(front.uri).toBe('demo/nuscenes/n015-2018-07-24-11-22-45+0800__CAM_FRONT__1532402927612460.jpg');
    // the description's lead is the earliest camera: CAM_FRONT_LEFT, 43.11 ms before the sweep (from the file's timestamps)
    expect(scene.documents[0].text).toContain('The cameras fire up to 43 ms before the sweep');
  });

  it("projects its cuboids onto the reference converter's 2D boxes in all six cameras", () => {
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const ours = projectSceneCuboids(scene);
    let refs = 0;
    let good = 0;
    for (const [camera, list] of Object.entries(json.data_list[0].cam_instances as Record<string, { bbox: number[] }[]>)) {
      const mine = ours.filter((p) => p.sensor === camera);
      for (const r of list) {
        refs++;
        const best = Math.max(0, ...mine.map((p) => iou({ x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }, { x0: r.bbox[0], y0: r.bbox[1], x1: r.bbox[2], y1: r.bbox[3] })));
        if (best >= 0.8) good++;
      }
    }
    expect(refs).toBe(84);
    // clip mode differs from mmdet3d's corner-hull rule only for boxes that leave the image or cross the near plane
    expect(good / refs).toBeGreaterThan(0.85);
  });

  // cam_instances were written by mmdet3d's converter with the nuScenes devkit (get_nuscenes_2d_boxes:
  // global box → the camera's own ego pose → calibrated_sensor), not through lidar2cam: an independent chain
  it("matches the converter's camera-frame boxes (cam_instances bbox_3d, nuScenes devkit chain at each camera's ego pose)", () => {
    const rec = json.data_list[0];
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const lidar = scene.streams.find((st) => st.sensor === 'LIDAR_TOP')!.samples[0];
    const cubs = allAnnotations(scene).filter((a): a is Cuboid => a.kind === 'cuboid');
    let worst = 0, n = 0;
    for (const [name, list] of Object.entries(rec.cam_instances as Record<string, { bbox_3d: number[] }[]>)) {
      const cam = scene.streams.find((st) => st.sensor === name)!.samples[0];
      const T = FrameGraph.fromScene(scene, [lidar, cam]).resolve('LIDAR_TOP', name).m;
      const centres = cubs.map((a) => Array.from(mat4.applyToPoint(T, a.center.x, a.center.y, a.center.z)));
      for (const r of list) {
        // bbox_3d = [x, y, z (gravity centre), l, h, w, yaw] in the camera frame
        const d = centres.map((c) => Math.hypot(c[0] - r.bbox_3d[0], c[1] - r.bbox_3d[1], c[2] - r.bbox_3d[2]));
        const k = d.indexOf(Math.min(...d));
        worst = Math.max(worst, d[k]);
        expect([cubs[k].size.l, cubs[k].size.h, cubs[k].size.w], `${name} ${cubs[k].id}`).toEqual(r.bbox_3d.slice(3, 6));
        n++;
      }
    }
    expect(n).toBe(84);
    // measured 1.5e-6 m: the file's float32 matrices
    expect(worst).toBeLessThan(5e-6);
  });

  it("with mode 'mmdet3d', projects exactly the converter's 84 boxes once the category rule is applied (label −1 skipped)", () => {
    const rec = json.data_list[0];
    const { scene } = importMmdet3dInfo(json, 'info.json');
    // generate_record writes no box for a category outside the 10 classes: the importer's `label -1` objects
    const ours = projectSceneCuboids(scene, { mode: 'mmdet3d' }).filter((p) => scene.objects[p.object].attributes.nuscenes_class !== 'label -1');
    expect(ours).toHaveLength(84);
    let worst = 1;
    for (const [camera, list] of Object.entries(rec.cam_instances as Record<string, { bbox: number[] }[]>)) {
      const mine = ours.filter((p) => p.sensor === camera);
      expect(mine, camera).toHaveLength(list.length);
      for (const r of list) worst = Math.min(worst, Math.max(...mine.map((p) => iou({ x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }, { x0: r.bbox[0], y0: r.bbox[1], x1: r.bbox[2], y1: r.bbox[3] }))));
    }
    // the yaw-only boxes of the file lose the ego's pitch and roll (src/core/projection/nuscenes.test.ts): min IoU 0.908
    expect(worst).toBeGreaterThan(0.9);
  });

  it("puts ego2global on the LiDAR sample, and on each camera sample its cam2ego and its own ego pose; keeps the sample and camera sample_data tokens", () => {
    const rec = json.data_list[0];
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const samples = scene.streams.flatMap((st) => st.samples);
    expect(samples).toHaveLength(7);
    const lidar = scene.streams.find((st) => st.sensor === 'LIDAR_TOP')!.samples[0];
    expect(lidar.transforms).toEqual([{ from: 'ego', to: 'global', repr: { kind: 'matrix4x4', rowMajor: rec.ego2global.flat() } }]);
    for (const [name, c] of Object.entries(rec.images as Record<string, { cam2ego: M }>)) {
      const s = scene.streams.find((st) => st.sensor === name)!.samples[0];
      expect(s.transforms?.map((x) => `${x.from}→${x.to}`), name).toEqual([`${name}→ego`, 'ego→global']);
      expect(s.transforms![0].repr, name).toEqual({ kind: 'matrix4x4', rowMajor: c.cam2ego.flat() });
      // its own pose, not the sweep's (checked against the file's numbers in the export tests below)
      expect(s.transforms![1].repr).not.toEqual(lidar.transforms![0].repr);
    }
    for (const s of samples) expect(s.metadata?.nuscenes).toMatchObject({ sample_token: rec.token });
    // the frame lidar2ego points to is the one the ego pose starts from
    expect(scene.sensors.find((s) => s.id === 'LIDAR_TOP')).toMatchObject({ extrinsics: { from: 'LIDAR_TOP', to: 'ego' } });
    const front = scene.streams.find((st) => st.sensor === 'CAM_FRONT')!.samples[0];
    expect(front.metadata?.nuscenes).toMatchObject({ token: 'e3d495d4ac534d54b321f50006683844' });
  });

  it('projects LiDAR → camera with the file\'s lidar2cam, exactly as without the per-sample camera poses', () => {
    const rec = json.data_list[0];
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const lidar = scene.streams.find((st) => st.sensor === 'LIDAR_TOP')!.samples[0];
    let chain = 0;
    for (const [name, c] of Object.entries(rec.images as Record<string, { lidar2cam: M }>)) {
      const cam = scene.streams.find((st) => st.sensor === name)!.samples[0];
      // the graph projection builds (scene + both samples) takes the one-hop scene transform
      expect([...FrameGraph.fromScene(scene, [lidar, cam]).resolve('LIDAR_TOP', name).m], name).toEqual(c.lidar2cam.flat());
      // and the per-sample chain LIDAR_TOP → ego(t_lidar) → global → ego(t_cam) → camera agrees with it
      const globalFromLidar = FrameGraph.fromScene(scene, [lidar]).resolve('LIDAR_TOP', 'global').m;
      const globalFromCam = FrameGraph.fromScene(scene, [cam]).resolve(name, 'global').m;
      const rows = (m: ArrayLike<number>): M => [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => m[4 * i + j]));
      chain = Math.max(chain, maxDiff(mul(invRigid(rows(globalFromCam)), rows(globalFromLidar)), c.lidar2cam));
    }
    expect(chain).toBeLessThan(1e-6);
    // every projected box is what the scene without the camera samples' transforms (commit a8bff6d's cameras) gives
    const bare = structuredClone(scene);
    for (const st of bare.streams) if (st.sensor !== 'LIDAR_TOP') for (const s of st.samples) delete s.transforms;
    const ours = projectSceneCuboids(scene);
    expect(ours.length).toBeGreaterThan(84);
    expect(ours).toEqual(projectSceneCuboids(bare));
  });

  describe('exported to nuScenes tables', () => {
    const rec = json.data_list[0];
    const E: M = rec.ego2global;
    const L: M = rec.lidar_points.lidar2ego;
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const { tables, warnings } = exportNuScenesTables(scene);
    const lidarSd = tables.sample_data.find((r) => /__LIDAR_TOP__/.test(r.filename as string))!;
    const egoOf = (sd: Record<string, unknown>) => tables.ego_pose.find((r) => r.token === sd.ego_pose_token)!;
    const csOf = (sd: Record<string, unknown>) => tables.calibrated_sensor.find((r) => r.token === sd.calibrated_sensor_token)!;

    it('writes the ego pose of the file, not identity, and no identity-ego warning', () => {
      expect(warnings.filter((w) => /ego → global/.test(w))).toEqual([]);
      const row = egoOf(lidarSd);
      expect(row.translation).toEqual([411.3039245605469, 1180.890380859375, 0]);
      expect(row.translation).toEqual([E[0][3], E[1][3], E[2][3]]);
      // the quaternion maps to the file's 3x3 up to the file's own non-orthonormality (3.05e-8):
      // a unit quaternion is a true rotation, the file's float32 3x3 is not quite one
      const rotDiff = maxDiff(fromRow(row.rotation as number[], row.translation as number[]), E);
      expect(orthoError(E)).toBeLessThan(4e-8);
      expect(rotDiff).toBeLessThan(orthoError(E));
    });

    it("writes the LiDAR's calibrated_sensor as lidar2ego", () => {
      const cs = csOf(lidarSd);
      expect(cs.translation).toEqual([L[0][3], L[1][3], L[2][3]]);
      expect(maxDiff(fromRow(cs.rotation as number[], cs.translation as number[]), L)).toBeLessThan(orthoError(L));
    });

    it("reuses the record's sample token and timestamp, and the cameras' sample_data tokens", () => {
      expect(tables.sample).toHaveLength(1);
      expect(tables.sample[0]).toMatchObject({ token: 'ca9a282c9e77460f8360f564131a8af5', timestamp: 1532402927647951 });
      expect(tables.sample[0].token).toBe(rec.token);
      for (const sd of tables.sample_data) expect(sd.sample_token).toBe(rec.token);
      for (const [name, c] of Object.entries(rec.images as Record<string, { sample_data_token: string; img_path: string }>)) {
        expect(tables.sample_data.find((r) => r.filename === c.img_path)?.token, name).toBe(c.sample_data_token);
      }
    });

    it('writes boxes in the global frame: ego2global · lidar2ego · (box centre)', () => {
      const EL = mul(E, L);
      expect(tables.sample_annotation).toHaveLength(rec.instances.length);
      // The export rotates with unit quaternions; the file's float32 rotations are off a true rotation
      // by ε = max|R·Rᵀ − I| (3.1e-8 and 5.0e-8), which moves a point r metres out by about ε·r/2 per
      // rotation: up to ~3e-6 m for the box 80 m out. Each box is held to that bound (1e-6 m + ε·r).
      const eps = orthoError(E) + orthoError(L);
      let worst = 0;
      rec.instances.forEach((inst: { bbox_3d: number[] }, i: number) => {
        // bbox_3d: gravity centre in the LiDAR frame (see mmdet3dInfo.ts)
        const c = inst.bbox_3d.slice(0, 3);
        const want = apply(EL, c);
        const got = tables.sample_annotation[i].translation as number[];
        const err = Math.max(...want.map((v, k) => Math.abs(v - got[k])));
        const r = Math.hypot(...c) + Math.hypot(L[0][3], L[1][3], L[2][3]);
        expect(err, `instance ${i}, ${r.toFixed(1)} m out`).toBeLessThan(1e-6 + eps * r);
        worst = Math.max(worst, err);
      });
      expect(worst).toBeLessThan(5e-6);
      // and far from the ego-frame numbers the export wrote before (the car is ~1250 m from the map origin)
      expect(Math.hypot(...(tables.sample_annotation[0].translation as number[]))).toBeGreaterThan(1000);
    });

    const cams = Object.entries(rec.images as Record<string, { img_path: string; lidar2cam: M; cam2ego: M; timestamp: number }>);
    const camSd = (c: { img_path: string }) => tables.sample_data.find((r) => r.filename === c.img_path)!;
    const rowMatrix = (r: Record<string, unknown>): M => fromRow(r.rotation as number[], r.translation as number[]);
    const translationDiff = (r: Record<string, unknown>, m: M): number => Math.max(...(r.translation as number[]).map((v, i) => Math.abs(v - m[i][3])));

    it("writes each camera's calibrated_sensor as the file's cam2ego", () => {
      for (const [name, c] of cams) {
        const cs = csOf(camSd(c));
        expect(translationDiff(cs, c.cam2ego), name).toBeLessThan(1e-6);
        // quaternion vs the file's float32 3x3: within that matrix's own non-orthonormality
        expect(maxDiff(rowMatrix(cs), c.cam2ego), name).toBeLessThanOrEqual(orthoError(c.cam2ego));
        expect(cs.camera_intrinsic, name).toEqual((rec.images[name] as { cam2img: M }).cam2img);
      }
    });

    it("writes each camera's own ego pose: ego2global · lidar2ego · inv(lidar2cam) · inv(cam2ego)", () => {
      for (const [name, c] of cams) {
        const want = mul(mul(mul(E, L), invRigid(c.lidar2cam)), invRigid(c.cam2ego));
        const e = egoOf(camSd(c));
        expect(translationDiff(e, want), name).toBeLessThan(1e-6);
        // the product of four float32 rotations is off a true rotation by about the sum of their errors
        const eps = orthoError(E) + orthoError(L) + orthoError(c.lidar2cam) + orthoError(c.cam2ego);
        expect(maxDiff(rowMatrix(e), want), name).toBeLessThan(eps);
        expect(e.timestamp, name).toBe(Math.round(c.timestamp * 1e6));
      }
    });

    it('puts the camera ego poses where the car was when each image was taken: behind the sweep, on the ground plane, at one speed', () => {
      const lidarEgo = egoOf(lidarSd);
      const p0 = lidarEgo.translation as number[];
      const heading = [E[0][0], E[1][0], E[2][0]]; // the ego x axis (forward) in global
      const gap: Record<string, number> = {};
      for (const [name, c] of cams) {
        const e = egoOf(camSd(c));
        const d = (e.translation as number[]).map((v, i) => v - p0[i]);
        const dist = Math.hypot(...d);
        gap[name] = Math.round(dist * 1e4) / 1e4;
        const dt = c.timestamp - rec.timestamp; // < 0: every camera fired before the sweep
        expect(dt, name).toBeLessThan(0);
        // nuScenes ego poses lie in the z = 0 plane; nothing in the formula forces that
        expect(Math.abs((e.translation as number[])[2]), name).toBeLessThan(1e-6);
        // straight back along the heading (cos > 0.999), at the speed the other cameras give
        const along = d.reduce((s, v, i) => s + v * heading[i], 0);
        expect(-along / dist, name).toBeGreaterThan(0.999);
        // (CAM_BACK_LEFT's 0.53 ms is too short for its 1 µs timestamps and float32 poses to give a speed)
        if (-dt > 0.005) {
          expect(dist / -dt, name).toBeGreaterThan(9.2);
          expect(dist / -dt, name).toBeLessThan(9.26);
        }
        // and not the sweep's pose: the calibrated_sensor rows no longer absorb this motion
        expect(e.token).not.toBe(lidarEgo.token);
      }
      // measured: 0.5 ms → 5 mm (CAM_BACK_LEFT) … 43 ms → 0.40 m (CAM_FRONT_LEFT)
      expect(gap).toEqual({ CAM_FRONT: 0.328, CAM_FRONT_RIGHT: 0.2549, CAM_FRONT_LEFT: 0.3986, CAM_BACK: 0.0961, CAM_BACK_LEFT: 0.005, CAM_BACK_RIGHT: 0.185 });
    });

    it('keeps LIDAR_TOP → camera through global = lidar2cam, and global ← camera = ego2global · lidar2ego · inv(lidar2cam)', () => {
      let worst = 0;
      let worstChain = 0;
      const globalFromLidar = mul(rowMatrix(egoOf(lidarSd)), rowMatrix(csOf(lidarSd)));
      for (const [, c] of cams) {
        const sd = camSd(c);
        const got = mul(rowMatrix(egoOf(sd)), rowMatrix(csOf(sd)));
        worst = Math.max(worst, maxDiff(got, mul(mul(E, L), invRigid(c.lidar2cam))));
        worstChain = Math.max(worstChain, maxDiff(mul(invRigid(got), globalFromLidar), c.lidar2cam));
      }
      // ~1e-7 measured (rotation entries and metres): the export's quaternions vs the file's float32 matrices
      expect(worst).toBeLessThan(1e-6);
      expect(worstChain).toBeLessThan(1e-6);
    });
  });

  it('without ego2global: no sample gets a transform, a warning names the file and the JSON path, and the export stays consistent', () => {
    const copy = structuredClone(json);
    delete copy.data_list[0].ego2global;
    const { scene, warnings } = importMmdet3dInfo(copy, 'info.json');
    expect(warnings).toEqual([
      'info.json: $.data_list.0.ego2global: missing; the samples have no ego → global transform (a nuScenes export writes identity ego poses, and camera calibrated_sensor rows that fold in the ego motion since the sweep instead of cam2ego)',
    ]);
    expect(scene.streams.flatMap((st) => st.samples).some((s) => s.transforms?.length)).toBe(false);
    const { tables, warnings: out } = exportNuScenesTables(scene);
    expect(out).toContain('7 samples have no ego → global transform: ego_pose written as identity (global = ego)');
    // camera → ego resolves through lidar2cam: calibrated_sensor = lidar2ego · inv(lidar2cam)
    const rec = copy.data_list[0];
    const c = rec.images.CAM_FRONT as { img_path: string; lidar2cam: M };
    const sd = tables.sample_data.find((r) => r.filename === c.img_path)!;
    const cs = tables.calibrated_sensor.find((r) => r.token === sd.calibrated_sensor_token)!;
    expect(maxDiff(fromRow(cs.rotation as number[], cs.translation as number[]), mul(rec.lidar_points.lidar2ego, invRigid(c.lidar2cam)))).toBeLessThan(1e-6);
  });

  it('names the file and the JSON path when the file is not an info record', () => {
    expect(() => importMmdet3dInfo({ metainfo: { categories: {} }, data_list: [{ token: 1 }] }, 'bad.json')).toThrow(/bad\.json: not an mmdetection3d nuScenes info file: \$\.data_list\.0\.token/);
  });
});
