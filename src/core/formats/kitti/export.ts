/**
 * Scene → KITTI `label_2` text for one frame, the inverse of importKitti: each object with a
 * box2d on `image_2/<frame>` and/or a cuboid on `velodyne/<frame>` becomes one row; ignore
 * regions on the image sample become DontCare rows (after the objects, as in KITTI's files).
 *
 * - location / dimensions / rotation_y from the cuboid through T_camera_0_rect_from_velodyne of
 *   that frame (the sample's own transforms, else the scene's static ones);
 * - bbox from the box2d, else the cuboid's corners projected with P2; clamped like KITTI's own
 *   files to the pixel indices [0, W−1] × [0, H−1] when the image size is known (DontCare rows too);
 * - alpha from the object's `alpha` attribute, else rotation_y − atan2(x, z);
 * - a row without a cuboid gets KITTI's "no 3D" sentinels (−1 sizes, −1000 location, −10 angle);
 * - rows whose annotations are `source: 'model'` carry their score (results format).
 */
import { mat4, quat, type Mat4 } from '../../math';
import type { Box2D, CameraIntrinsics, Cuboid, ObjectTrack, Sample, Scene, Transform } from '../../schema';
import { KITTI_TYPE_OF_CLASS, OCCLUSION_VALUES } from './classes';
import { FRAMES, kittiCorners, velodyneCuboidToLabelBox } from './geometry';
import { formatKittiLabels, type KittiLabel } from './labels';
import { allAnnotations } from '../../schema';

export const transformMatrix = (t: Transform): Mat4 =>
  t.repr.kind === 'matrix4x4' ? mat4.fromRowMajor(t.repr.rowMajor) : quat.toMat4(t.repr.rotation, t.repr.translation);

function findTransform(scene: Scene, sample: Sample | undefined, from: string, to: string): Mat4 {
  const candidates = [...(sample?.transforms ?? []), ...scene.sensors.flatMap((s) => ('extrinsics' in s && s.extrinsics ? [s.extrinsics] : [])), ...scene.transforms];
  const direct = candidates.find((t) => t.from === from && t.to === to);
  if (direct) return transformMatrix(direct);
  const inverse = candidates.find((t) => t.from === to && t.to === from);
  if (inverse) return mat4.invert(transformMatrix(inverse));
  throw new Error(`scene "${scene.id}": no transform between ${from} and ${to}${sample ? ` for sample ${sample.id}` : ''}`);
}

const wrapAngle = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));

/** The image box of 8 rect-frame corners projected with K (corners behind the camera skipped), clipped to the image; −1s when none is in front. */
export function projectBox(corners: Float64Array, camFromRect: Mat4, K: CameraIntrinsics): KittiLabel['bbox'] {
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  for (let i = 0; i < 8; i++) {
    const p = mat4.applyToPoint(camFromRect, corners[3 * i], corners[3 * i + 1], corners[3 * i + 2]);
    if (p[2] <= 1e-6) continue;
    const u = K.fx * (p[0] / p[2]) + K.skew * (p[1] / p[2]) + K.cx;
    const v = K.fy * (p[1] / p[2]) + K.cy;
    left = Math.min(left, u); right = Math.max(right, u); top = Math.min(top, v); bottom = Math.max(bottom, v);
  }
  if (!Number.isFinite(left)) return { left: -1, top: -1, right: -1, bottom: -1 };
  return clampToKittiImage({ left, top, right, bottom }, K);
}

/**
 * A box clamped like KITTI's own label files: to the pixel indices [0, W−1] × [0, H−1] (a
 * truncated car at the right edge of a 1242×375 image has right = 1241.00, bottom = 374.00), not
 * to the continuous image [0, W] × [0, H] that the projection core (projection/cuboidBox.ts) uses
 * for display. Unchanged when the image size is unknown (no K, or a zero size).
 */
export function clampToKittiImage(bbox: KittiLabel['bbox'], K: Pick<CameraIntrinsics, 'width' | 'height'> | undefined): KittiLabel['bbox'] {
  if (!K || !(K.width > 0) || !(K.height > 0)) return bbox;
  const clip = (x: number, hi: number) => Math.min(Math.max(x, 0), hi - 1);
  return { left: clip(bbox.left, K.width), top: clip(bbox.top, K.height), right: clip(bbox.right, K.width), bottom: clip(bbox.bottom, K.height) };
}

/** KITTI's "no 3D box" sentinels of the object benchmark (−1 sizes, −1000 location, −10 angle). */
export const KITTI_NO_3D: Pick<KittiLabel, 'dimensions' | 'location' | 'rotationY'> = { dimensions: { h: -1, w: -1, l: -1 }, location: { x: -1000, y: -1000, z: -1000 }, rotationY: -10 };

/** What one KITTI row is made of: the object, its box2d on the camera and its cuboid at that frame. */
export interface KittiRowSources {
  object: ObjectTrack;
  box?: Box2D;
  cuboid?: Cuboid;
  /** The cuboid already in KITTI's terms (rectified camera-0 frame); undefined without a cuboid. */
  threeD?: Pick<KittiLabel, 'dimensions' | 'location' | 'rotationY'>;
  /** Intrinsics of the camera sample: the image size the box is clamped to, and the projection of the cuboid when there is no box2d. */
  K?: CameraIntrinsics;
  /** T_camera_from_rect, asked for only when the cuboid has to be projected. */
  camFromRect: () => Mat4;
}

const numberAttr = (name: string, ...sources: (Record<string, unknown> | undefined)[]): number | undefined => {
  for (const a of sources) if (typeof a?.[name] === 'number') return a[name] as number;
  return undefined;
};

/**
 * One KITTI row (object and tracking benchmarks share it), from a scene object at one frame:
 * - type: the imported KITTI type (`metadata.kitti.type`), else the class's KITTI type, else Misc;
 * - location / dimensions / rotation_y from `threeD`, else the no-3D sentinels;
 * - bbox from the box2d, else the cuboid's corners projected with K; either way clamped like
 *   KITTI's files to [0, W−1] × [0, H−1] when K gives the image size (see clampToKittiImage: a
 *   box accepted from the projection core is clamped to [0, W] × [0, H] for display);
 * - truncated / occluded / alpha: the box2d's own fields, else the per-frame attributes of the
 *   box2d then the cuboid, else the object's attributes (occluded may be the taxonomy enum);
 *   alpha falls back to rotation_y − atan2(x, z), truncated to 0, occluded to 3 (unknown);
 * - score when one of the two annotations is `source: 'model'` with a score.
 */
export function kittiRowOf({ object, box, cuboid, threeD, K, camFromRect }: KittiRowSources): KittiLabel {
  const meta = (object.metadata?.kitti ?? {}) as { type?: string };
  const type = meta.type ?? KITTI_TYPE_OF_CLASS[object.classId] ?? 'Misc';
  const attrSources = [box?.attributes, cuboid?.attributes, object.attributes];
  const box3 = threeD ?? KITTI_NO_3D;
  let bbox: KittiLabel['bbox'];
  if (box) bbox = clampToKittiImage({ left: box.x0, top: box.y0, right: box.x1, bottom: box.y1 }, K);
  else bbox = K && threeD ? projectBox(kittiCorners(threeD), camFromRect(), K) : { left: -1, top: -1, right: -1, bottom: -1 };
  const alpha = numberAttr('alpha', ...attrSources) ?? (threeD ? wrapAngle(threeD.rotationY - Math.atan2(threeD.location.x, threeD.location.z)) : -10);
  const truncated = box?.truncated ?? numberAttr('truncated', ...attrSources) ?? 0;
  const occAttr = attrSources.map((a) => a?.occluded).find((v) => v !== undefined);
  const occEnum = typeof occAttr === 'string' ? OCCLUSION_VALUES.indexOf(occAttr as (typeof OCCLUSION_VALUES)[number]) : typeof occAttr === 'number' ? occAttr : -1;
  const occluded = box?.occluded ?? (occEnum >= 0 ? occEnum : 3);
  const scored = [box, cuboid].find((a) => a?.source === 'model' && a.score !== undefined);
  const label: KittiLabel = { type, truncated, occluded, alpha, bbox, ...box3 };
  if (scored) label.score = scored.score;
  return label;
}

/** The KITTI label rows of one frame (e.g. "000001"). Throws when the scene has no sample for that frame. */
export function exportKittiRows(scene: Scene, frame: string): KittiLabel[] {
  const camSensor = scene.sensors.find((s) => s.kind === 'camera' && s.frame === FRAMES.camera2) ?? scene.sensors.find((s) => s.kind === 'camera');
  const lidarSensor = scene.sensors.find((s) => s.kind === 'lidar');
  const sampleOf = (sensorId: string | undefined) =>
    scene.streams.filter((st) => st.sensor === sensorId).flatMap((st) => st.samples).find((s) => s.frame === frame);
  const camSample = sampleOf(camSensor?.id);
  const lidarSample = sampleOf(lidarSensor?.id);
  if (!camSample && !lidarSample) throw new Error(`scene "${scene.id}" has no sample for frame ${frame}`);

  const rows: { order: number; label: KittiLabel }[] = [];
  const byObject = new Map<string, { box?: Box2D; cuboid?: Cuboid }>();
  for (const a of allAnnotations(scene)) {
    if (a.kind === 'box2d' && camSample && a.sensor === camSensor?.id && a.sample === camSample.id) byObject.set(a.object, { ...byObject.get(a.object), box: a });
    if (a.kind === 'cuboid' && lidarSample && a.sensor === lidarSensor?.id && a.sample === lidarSample.id) byObject.set(a.object, { ...byObject.get(a.object), cuboid: a });
  }
  const rectFromVelo = () => mat4.mul(findTransform(scene, lidarSample, FRAMES.camera0, FRAMES.rect), findTransform(scene, lidarSample, FRAMES.velodyne, FRAMES.camera0));
  const K = camSample?.intrinsics ?? (camSensor?.kind === 'camera' ? camSensor.intrinsics : undefined);
  for (const [objectId, { box, cuboid }] of byObject) {
    const obj = scene.objects[objectId];
    const meta = (obj.metadata?.kitti ?? {}) as { row?: number };
    const label = kittiRowOf({
      object: obj,
      box,
      cuboid,
      threeD: cuboid ? velodyneCuboidToLabelBox(cuboid, rectFromVelo()) : undefined,
      K,
      camFromRect: () => findTransform(scene, camSample, FRAMES.rect, FRAMES.camera2),
    });
    rows.push({ order: meta.row ?? Number.MAX_SAFE_INTEGER, label });
  }
  rows.sort((a, b) => a.order - b.order);
  const dontCare: KittiLabel[] = scene.ignoreRegions
    .filter((r) => camSample && r.sample === camSample.id)
    .map((r) => ({ type: 'DontCare', truncated: -1, occluded: -1, alpha: -10, bbox: clampToKittiImage({ left: r.x0, top: r.y0, right: r.x1, bottom: r.y1 }, K), dimensions: { h: -1, w: -1, l: -1 }, location: { x: -1000, y: -1000, z: -1000 }, rotationY: -10 }));
  return [...rows.map((r) => r.label), ...dontCare];
}

/** label_2 text for one frame (see {@link exportKittiRows}). */
export const exportKittiLabels = (scene: Scene, frame: string): string => formatKittiLabels(exportKittiRows(scene, frame));
