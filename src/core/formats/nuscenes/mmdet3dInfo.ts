/**
 * One nuScenes keyframe from an mmdetection3d info record (info v1.1: per camera `cam2img`,
 * `cam2ego`, `lidar2cam`; `lidar2ego`; 3D instances as [x, y, z, dx, dy, dz, yaw] in the LiDAR
 * frame) into a scene: six cameras and LIDAR_TOP, cuboids in the LiDAR frame, one shared frame label.
 *
 * Conventions, checked against the reference 2D boxes in src/core/projection/nuscenes.test.ts:
 * - camera ← LiDAR uses the record's own `lidar2cam` (mmdet3d composes it through both ego poses, so
 *   it is NOT inv(cam2ego)·lidar2ego); it is stored as a scene transform T_<camera>_from_LIDAR_TOP.
 * - in this file `bbox_3d` z is the box's gravity centre (the converter writes `box.center`); the
 *   cuboid constructor takes a bottom centre, so z − dz/2 is passed.
 * - images are undistorted (nuScenes), 1600×900 unless sizes are given.
 * - ego pose: the record's `ego2global` (the ego pose at the LiDAR sweep) is put on every sample of
 *   the record, LiDAR and cameras, as a per-sample transform `ego` → `global` (row-major 4x4), the
 *   convention of importTables.ts that exportTables.ts reads; `ego` is the frame lidar2ego points to.
 *   Cameras have no cam2ego edge: camera → ego resolves through lidar2cam and lidar2ego, so
 *   global ← camera = ego2global · lidar2ego · inv(lidar2cam) holds exactly (the info file has no
 *   per-camera ego pose; lidar2cam already folds the ego motion between the two timestamps in).
 *   So a nuScenes export's camera calibrated_sensor rows carry that motion (up to 0.40 m in the demo
 *   record, where the car drives ~9 m/s and CAM_FRONT_LEFT fires 43 ms early), not cam2ego.
 *   Without `ego2global` the samples get no ego pose and a warning says so.
 * - tokens for a nuScenes export: every sample's `metadata.nuscenes.sample_token` is the record's
 *   `token` (also the samples' frame label), camera samples keep their `sample_data_token` as
 *   `metadata.nuscenes.token`, and the scene's `metadata.nuscenes.samples` holds the record's token
 *   and its timestamp in µs (the LiDAR sample has no sample_data token in the file: one is derived).
 */
import { z } from 'zod';
import { cuboidFromMmdet3dLidar } from '../../geometry/cuboid';
import { DEFAULT_TAXONOMY, Scene, type SceneInput } from '../../schema';

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

export class NuScenesInfoError extends Error {}

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
  // ego → global at the sweep, on every sample of the record (a fresh array each: samples share nothing)
  const egoPose = rec.ego2global;
  const egoTransforms = () => (egoPose ? { transforms: [{ from: 'ego', to: 'global', repr: { kind: 'matrix4x4' as const, rowMajor: egoPose.flat() } }] } : {});
  if (!egoPose) warnings.push(`${file}: $.data_list.${opts.record ?? 0}.ego2global: missing; the samples have no ego → global transform (a nuScenes export writes identity ego poses)`);
  const nuscenesMeta = (sampleDataToken?: string) => ({ metadata: { nuscenes: { sample_token: rec.token, is_key_frame: true, ...(sampleDataToken ? { token: sampleDataToken } : {}) } } });
  const scene: SceneInput = {
    schemaVersion: 2,
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
      { id: 'LIDAR_TOP', sensor: 'LIDAR_TOP', samples: [{ id: `LIDAR_TOP/${frame}`, t: 0, frame, uri: base + rec.lidar_points.lidar_path, original: { value: rec.timestamp, unit: 's' }, ...egoTransforms(), ...nuscenesMeta() }] },
      ...cams.map(([name, c]) => ({ id: name, sensor: name, samples: [{ id: `${name}/${frame}`, t: rel(c.timestamp), frame, uri: base + c.img_path, original: { value: c.timestamp, unit: 's' as const }, ...egoTransforms(), ...nuscenesMeta(c.sample_data_token) }] })),
    ],
    objects: {},
    annotations: {},
    documents: [],
    metadata: {
      source: file,
      importer: 'mmdet3d-info',
      note: 'camera samples keep their own timestamps (up to ~40 ms before the sweep)',
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
    const g = cuboidFromMmdet3dLidar([x, y, zc - dz / 2, dx, dy, dz, yaw]);
    const n = (counts.get(classId) ?? 0) + 1;
    counts.set(classId, n);
    const id = `nus-${i}`;
    const className = DEFAULT_TAXONOMY.classes.find((c) => c.id === classId)!.name;
    scene.objects[id] = { id, classId, name: `${className} ${n}`, attributes: { nuscenes_class: original, ...(inst.num_lidar_pts !== undefined ? { num_lidar_pts: inst.num_lidar_pts } : {}) } };
    scene.annotations[`cuboid-${i}`] = { id: `cuboid-${i}`, kind: 'cuboid', object: id, sensor: 'LIDAR_TOP', sample: `LIDAR_TOP/${frame}`, source: 'imported', center: g.center, size: g.size, rotation: g.rotation };
  });
  const summary = [...counts.entries()].map(([c, n]) => `${n} ${c}`).join(', ');
  scene.documents = [
    {
      id: 'description',
      title: 'Scene description',
      language: 'en',
      text:
        `One nuScenes keyframe (scene-0061, v1.0-mini, token ${rec.token}): six cameras around the car and a LIDAR_TOP sweep. ` +
        `${rec.instances.length} annotated 3D boxes: ${summary}. The cameras fire up to 40 ms before the sweep; each keeps its own timestamp on the scene clock.\n` +
        'Data: nuScenes, CC BY-NC-SA 4.0 — Caesar et al., "nuScenes: A multimodal dataset for autonomous driving", CVPR 2020 (via open-mmlab/mmdetection3d demo data).',
    },
  ];
  return { scene: Scene.parse(scene), warnings };
}
