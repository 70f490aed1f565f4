import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iou, projectSceneCuboids } from '../../projection';
import { exportNuScenesTables } from './exportTables';
import { importMmdet3dInfo } from './mmdet3dInfo';

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

  it("puts the record's ego2global on every sample as ego → global, and keeps the sample and camera sample_data tokens", () => {
    const rec = json.data_list[0];
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const samples = scene.streams.flatMap((st) => st.samples);
    expect(samples).toHaveLength(7);
    for (const s of samples) {
      const ego = s.transforms?.filter((x) => x.from === 'ego' && x.to === 'global');
      expect(ego, s.id).toHaveLength(1);
      expect(ego![0].repr).toEqual({ kind: 'matrix4x4', rowMajor: rec.ego2global.flat() });
      expect(s.metadata?.nuscenes).toMatchObject({ sample_token: rec.token });
    }
    // the frame lidar2ego points to is the one the ego pose starts from
    expect(scene.sensors.find((s) => s.id === 'LIDAR_TOP')).toMatchObject({ extrinsics: { from: 'LIDAR_TOP', to: 'ego' } });
    const front = scene.streams.find((st) => st.sensor === 'CAM_FRONT')!.samples[0];
    expect(front.metadata?.nuscenes).toMatchObject({ token: 'e3d495d4ac534d54b321f50006683844' });
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
      // every sample of the record has that pose
      for (const sd of tables.sample_data) expect(egoOf(sd).translation).toEqual(row.translation);
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

    it('keeps global ← camera = ego2global · lidar2ego · inv(lidar2cam) for every camera', () => {
      let worst = 0;
      for (const c of Object.values(rec.images as Record<string, { img_path: string; lidar2cam: M }>)) {
        const sd = tables.sample_data.find((r) => r.filename === c.img_path)!;
        const e = egoOf(sd), cs = csOf(sd);
        const got = mul(fromRow(e.rotation as number[], e.translation as number[]), fromRow(cs.rotation as number[], cs.translation as number[]));
        const want = mul(mul(E, L), invRigid(c.lidar2cam));
        worst = Math.max(worst, maxDiff(got, want));
      }
      // 6.8e-8 measured (rotation entries and metres): the export's quaternions vs the file's float32 matrices
      expect(worst).toBeLessThan(1e-6);
    });
  });

  it('without ego2global: the samples get no ego pose and a warning naming the file and the JSON path', () => {
    const copy = structuredClone(json);
    delete copy.data_list[0].ego2global;
    const { scene, warnings } = importMmdet3dInfo(copy, 'info.json');
    expect(warnings).toEqual(['info.json: $.data_list.0.ego2global: missing; the samples have no ego → global transform (a nuScenes export writes identity ego poses)']);
    expect(scene.streams.flatMap((st) => st.samples).some((s) => s.transforms?.length)).toBe(false);
    expect(exportNuScenesTables(scene).warnings).toContain('7 samples have no ego → global transform: ego_pose written as identity (global = ego)');
  });

  it('names the file and the JSON path when the file is not an info record', () => {
    expect(() => importMmdet3dInfo({ metainfo: { categories: {} }, data_list: [{ token: 1 }] }, 'bad.json')).toThrow(/bad\.json: not an mmdetection3d nuScenes info file: \$\.data_list\.0\.token/);
  });
});
