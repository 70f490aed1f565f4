/**
 * One nuScenes keyframe from an mmdetection3d info record (info v1.1: per camera `cam2img`,
 * `cam2ego`, `lidar2cam`; `lidar2ego`; 3D instances as [x, y, z, dx, dy, dz, yaw] in the LiDAR
 * frame) into a scene: six cameras and LIDAR_TOP, cuboids in the LiDAR frame, one shared frame label.
 *
 * Conventions, checked against the reference 2D boxes in src/core/projection/nuscenes.test.ts:
 * - camera ← LiDAR uses the record's own `lidar2cam` (mmdet3d composes it through both ego poses, so
 *   it is NOT inv(cam2ego)·lidar2ego); it is stored as a scene transform T_<camera>_from_LIDAR_TOP,
 *   which is what projection (src/core/projection/scene.ts, the frame graph) uses.
 * - in this file `bbox_3d` z is the box's gravity centre (the converter writes `box.center`); the
 *   cuboid constructor takes a bottom centre, so z − dz/2 is passed.
 * - images are undistorted (nuScenes), 1600×900 unless sizes are given.
 * - ego poses, per sample as transforms (row-major 4x4), the convention of importTables.ts that
 *   exportTables.ts reads; `ego` is the frame lidar2ego points to:
 *   - LiDAR sample: `ego` → `global` = the record's `ego2global` (the ego pose at the sweep);
 *   - camera sample: its own `<camera>` → `ego` = the file's `cam2ego` (the real calibrated_sensor)
 *     and its own `ego` → `global` = ego2global · lidar2ego · inv(lidar2cam) · inv(cam2ego): the ego
 *     pose when that image was taken. mmdet3d built lidar2cam through both ego poses (LiDAR → ego(t_lidar)
 *     → global → ego(t_cam) → camera), so this recovers the camera's own ego pose up to float32
 *     rounding (the cameras fire 0.5–43 ms before the sweep at ~9.2 m/s: 0.005–0.40 m behind the
 *     LiDAR's pose, and every recovered pose has global z = 0 to 1e-7 m, as nuScenes ego poses do).
 *     The chain LIDAR_TOP → ego(t_lidar) → global → ego(t_cam) → camera is then exactly lidar2cam.
 *   The frame graph has a single `ego` node, so a graph built from a LiDAR and a camera sample holds
 *   only one of the two ego → global edges; it would give inv(cam2ego)·lidar2ego for LiDAR → camera,
 *   without the ego motion. So lidar2cam stays as the scene transform: the graph's breadth-first
 *   search takes that one-hop edge over any route through `ego`, and projection is unchanged. Ask a
 *   graph for `global` only with the one sample whose ego pose is meant (as exportTables.ts does).
 *   Without `ego2global` no sample gets a transform (no ego pose to carry the motion, so no cam2ego
 *   override either: camera → ego resolves through lidar2cam, as the export then writes it) and a
 *   warning says so.
 * - tokens for a nuScenes export: every sample's `metadata.nuscenes.sample_token` is the record's
 *   `token` (also the samples' frame label), camera samples keep their `sample_data_token` as
 *   `metadata.nuscenes.token`, and the scene's `metadata.nuscenes.samples` holds the record's token
 *   and its timestamp in µs (the LiDAR sample has no sample_data token in the file: one is derived).
 */
import { z } from 'zod';
import { cuboidFromMmdet3dLidar } from '../../geometry/cuboid';
import { mat4 } from '../../math';
import { DEFAULT_TAXONOMY, Scene, type SceneInput } from '../../schema';
import { printable } from '../printable';

const M4 = z.array(z.array(z.number()).length(4)).length(4);
const Info = z.object({
  metainfo: z.object({ categories: z.record(z.string(), z.number()) }),
  data_list: z
    .array(
      z.object({
        token: z.string(),
        timestamp: z.number(),
        ego2global: M4.optional(),
        lidar_points: z.object({ lidar_path: z.string(), lidar2ego: M4 }),
        images: z.record(z.string(), z.object({ img_path: z.string(), cam2img: z.array(z.array(z.number()).length(3)).length(3), cam2ego: M4, lidar2cam: M4, timestamp: z.number(), sample_data_token: z.string().optional() })),
        instances: z.array(z.object({ bbox_3d: z.array(z.number()).length(7), bbox_label_3d: z.number().int(), num_lidar_pts: z.number().optional() })),
      }),
    )
    .min(1),
});

/** nuScenes detection classes → the default taxonomy (the original name is kept as an attribute). */
const CLASS_MAP: Record<string, string> = {
  car: 'car', truck: 'truck', trailer: 'truck', construction_vehicle: 'truck', bus: 'bus', bicycle: 'bicycle',
  motorcycle: 'motorcycle', pedestrian: 'pedestrian', traffic_cone: 'traffic_cone', barrier: 'barrier',
};

export class NuScenesInfoError extends Error {
  // messages quote the file's tokens: raw control bytes are escaped (printable.ts)
  constructor(message: string) {
    super(printable(message));
  }
}

/** Rigid inverse [Rᵀ | −Rᵀt], as mmdet3d turned sensor2lidar into lidar2cam. */
function invRigid(m: Float64Array): Float64Array {
  const out = mat4.identity();
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) out[4 * i + j] = m[4 * j + i];
    out[4 * i + 3] = -(m[i] * m[3] + m[4 + i] * m[7] + m[8 + i] * m[11]);
  }
  return out;
}

/** A camera's own ego → global (row-major): ego2global · lidar2ego · inv(lidar2cam) · inv(cam2ego). */
function cameraEgoPose(ego2global: number[][], lidar2ego: number[][], lidar2cam: number[][], cam2ego: number[][]): number[] {
  const m = (a: number[][]) => mat4.fromRowMajor(a.flat());
  const globalFromCam = mat4.mul(mat4.mul(m(ego2global), m(lidar2ego)), invRigid(m(lidar2cam)));
  return [...mat4.mul(globalFromCam, invRigid(m(cam2ego)))];
}

export function importMmdet3dInfo(json: unknown, file: string, opts: { baseUri?: string; imageSize?: { width: number; height: number }; record?: number } = {}): { scene: Scene; warnings: string[] } {
  const parsed = Info.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new NuScenesInfoError(`${file}: not an mmdetection3d nuScenes info file: $.${i.path.join('.')}: ${i.message}`);
  }
  const rec = parsed.data.data_list[opts.record ?? 0];
  if (!rec) throw new NuScenesInfoError(`${file}: no record ${opts.record}`);
  const warnings: string[] = [];
  const base = opts.baseUri ? `${opts.baseUri}/` : '';
  const size = opts.imageSize ?? { width: 1600, height: 900 };
  const nameOf = new Map(Object.entries(parsed.data.metainfo.categories).map(([k, v]) => [v, k]));
  const frame = rec.token;
  const rel = (t: number) => t - rec.timestamp; // scene clock: seconds from the LiDAR sweep
  const cams = Object.entries(rec.images);
  // ego → global at the sweep (LiDAR) and at each camera's exposure; a fresh array each: samples share nothing
  const egoPose = rec.ego2global;
  const matrix = (from: string, to: string, rowMajor: number[]) => ({ from, to, repr: { kind: 'matrix4x4' as const, rowMajor } });
  const lidarTransforms = () => (egoPose ? { transforms: [matrix('ego', 'global', egoPose.flat())] } : {});
  // without ego2global there is nothing to carry the camera's ego motion: no cam2ego override either,
  // so camera → ego resolves through lidar2cam and the exported chain stays consistent
  const cameraTransforms = (name: string, c: (typeof cams)[number][1]) =>
    egoPose ? { transforms: [matrix(name, 'ego', c.cam2ego.flat()), matrix('ego', 'global', cameraEgoPose(egoPose, rec.lidar_points.lidar2ego, c.lidar2cam, c.cam2ego))] } : {};
  if (!egoPose)
    warnings.push(
      `${file}: $.data_list.${opts.record ?? 0}.ego2global: missing; the samples have no ego → global transform (a nuScenes export writes identity ego poses, and camera calibrated_sensor rows that fold in the ego motion since the sweep instead of cam2ego)`,
    );
  const nuscenesMeta = (sampleDataToken?: string) => ({ metadata: { nuscenes: { sample_token: rec.token, is_key_frame: true, ...(sampleDataToken ? { token: sampleDataToken } : {}) } } });
  const scene: SceneInput = {
    schemaVersion: 3,
    id: `nuscenes-${rec.token}`,
    name: `nuScenes ${rec.token.slice(0, 8)}`,
    taxonomy: DEFAULT_TAXONOMY,
    sensors: [
      { id: 'LIDAR_TOP', name: 'LIDAR_TOP', kind: 'lidar', frame: 'LIDAR_TOP', extrinsics: { from: 'LIDAR_TOP', to: 'ego', repr: { kind: 'matrix4x4', rowMajor: rec.lidar_points.lidar2ego.flat() } } },
      ...cams.map(([name, c]) => ({
        id: name,
        name,
        kind: 'camera' as const,
        frame: name,
        intrinsics: { ...size, fx: c.cam2img[0][0], fy: c.cam2img[1][1], cx: c.cam2img[0][2], cy: c.cam2img[1][2], skew: c.cam2img[0][1], distortion: { model: 'none' as const } },
      })),
    ],
    transforms: cams.map(([name, c]) => ({ from: 'LIDAR_TOP', to: name, repr: { kind: 'matrix4x4' as const, rowMajor: c.lidar2cam.flat() } })),
    streams: [
      { id: 'LIDAR_TOP', sensor: 'LIDAR_TOP', samples: [{ id: `LIDAR_TOP/${frame}`, t: 0, frame, uri: base + rec.lidar_points.lidar_path, original: { value: rec.timestamp, unit: 's' }, ...lidarTransforms(), ...nuscenesMeta() }] },
      ...cams.map(([name, c]) => ({ id: name, sensor: name, samples: [{ id: `${name}/${frame}`, t: rel(c.timestamp), frame, uri: base + c.img_path, original: { value: c.timestamp, unit: 's' as const }, ...cameraTransforms(name, c), ...nuscenesMeta(c.sample_data_token) }] })),
    ],
    objects: {},
    annotations: {},
    documents: [],
    metadata: {
      source: file,
      importer: 'mmdet3d-info',
      note: 'camera samples keep their own timestamps (they fire before the sweep)',
      // the nuScenes sample (keyframe) this record is: exportTables reuses its token and timestamp (µs)
      nuscenes: { samples: [{ token: rec.token, timestamp: Math.round(rec.timestamp * 1e6) }] },
    },
  };
  const counts = new Map<string, number>();
  rec.instances.forEach((inst, i) => {
    // label -1: a box of a category outside mmdet3d's 10 detection classes; kept as `misc`
    const original = nameOf.get(inst.bbox_label_3d) ?? `label ${inst.bbox_label_3d}`;
    const classId = CLASS_MAP[original] ?? 'misc';
    if (inst.bbox_label_3d !== -1 && !(original in CLASS_MAP)) warnings.push(`instance ${i}: unknown label ${inst.bbox_label_3d}, imported as misc`);
    const [x, y, zc, dx, dy, dz, yaw] = inst.bbox_3d;
    // a box the scene model cannot hold is the file's problem: say where it is (not a schema error about cuboid-N)
    if (!(dx > 0 && dy > 0 && dz > 0)) throw new NuScenesInfoError(`${file}: $.data_list.${opts.record ?? 0}.instances.${i}.bbox_3d: box size dx dy dz must be positive, found ${dx} ${dy} ${dz}`);
    const g = cuboidFromMmdet3dLidar([x, y, zc - dz / 2, dx, dy, dz, yaw]);
    const n = (counts.get(classId) ?? 0) + 1;
    counts.set(classId, n);
    const id = `nus-${i}`;
    const className = DEFAULT_TAXONOMY.classes.find((c) => c.id === classId)!.name;
    scene.objects[id] = { id, classId, name: `${className} ${n}`, attributes: { nuscenes_class: original, ...(inst.num_lidar_pts !== undefined ? { num_lidar_pts: inst.num_lidar_pts } : {}) } };
    (scene.annotations[`LIDAR_TOP/${frame}`] ??= {})[`cuboid-${i}`] = { id: `cuboid-${i}`, kind: 'cuboid', object: id, sensor: 'LIDAR_TOP', sample: `LIDAR_TOP/${frame}`, source: 'imported', center: g.center, size: g.size, rotation: g.rotation };
  });
  const summary = [...counts.entries()].map(([c, n]) => `${n} ${c}`).join(', ');
  // the earliest camera relative to the sweep, measured from the record (43 ms for the demo keyframe)
  const lead = Math.round(Math.max(0, ...cams.map(([, c]) => rec.timestamp - c.timestamp)) * 1000);
  scene.documents = [
    {
      id: 'description',
      title: 'Scene description',
      language: 'en',
      text:
        `One nuScenes keyframe (scene-0061, v1.0-mini, token ${rec.token}): six cameras around the car and a LIDAR_TOP sweep. ` +
        `${rec.instances.length} annotated 3D boxes: ${summary}. The cameras fire up to ${lead} ms before the sweep; each keeps its own timestamp on the scene clock.\n` +
        'Data: nuScenes, CC BY-NC-SA 4.0 — Caesar et al., "nuScenes: A multimodal dataset for autonomous driving", CVPR 2020 (via open-mmlab/mmdetection3d demo data).',
    },
  ];
  // anything else the scene model rejects (e.g. a zero focal length) is still reported against the file
  const built = Scene.safeParse(scene);
  if (!built.success) throw new NuScenesInfoError(`${file}: values the scene model cannot hold: ${built.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { scene: built.data, warnings };
}
