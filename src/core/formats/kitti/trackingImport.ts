/**
 * KITTI tracking labels → scene objects, into a scene that already has the sequence's camera (and
 * LiDAR) with their calibration: KITTI tracking label files carry no calibration, so the labels
 * need a scene to land in. `kittiTrackingScene` builds that scene from the sequence's
 * `calib/<seq>.txt` (either key spelling) when there is no other (e.g. an OpenLABEL import of the
 * same drive). Frame numbering and the label frame: trackingFrames.ts.
 *
 * - one ObjectTrack per track id (id `kitti-track-<id>`, attribute `track_id`, `metadata.kitti =
 *   {type, trackId, file}`), class from KITTI_CLASS_MAP (unknown types → misc, type kept);
 * - per row: a box2d on the camera's sample of that frame (with `occluded`, and the per-frame
 *   attributes truncated (the 0/1/2 level), occluded, alpha) and, when the row has a 3D size, a
 *   cuboid carried from the label frame into the LiDAR's frame (`opts.lidar`) at that frame, or
 *   into the camera's frame without one; `metadata.kitti.line` keeps the row's line so the export
 *   writes the rows back in the same order;
 * - DontCare rows → ignore regions on the camera sample (their lines in
 *   `scene.metadata.kittiTracking.dontCareLines`);
 * - rows with a score (results format) → `source: 'model'` with the score.
 * The input scene is not modified; the result is validated against the scene schema.
 */
import { DEFAULT_TAXONOMY, Scene, type Annotation, type IgnoreRegion, type ObjectTrack, type Sample, allAnnotations, partitionAnnotations } from '../../schema';
import { uniqueId } from '../common';
import type { KittiCalib } from './calib';
import { KITTI_CLASS_MAP } from './classes';
import { KittiFormatError } from './errors';
import { intrinsicsFromP2, kittiTransforms, labelToVelodyneCuboid, KITTI_DEFAULT_SIZE } from './geometry';
import { KITTI_ATTRIBUTION, KITTI_FRAME_STEP_S } from './import';
import type { KittiTrackingLabel } from './tracking';
import { graphAt, pickCamera, sequenceFrames } from './trackingFrames';

export interface KittiTrackingImportOptions {
  /** Camera sensor the boxes belong to (KITTI: image_02). */
  camera: string;
  /** LiDAR sensor the cuboids go to; without it they go to the camera. */
  lidar?: string;
  /** The label file's name, for messages and metadata (default "label_02"). */
  file?: string;
}

export interface KittiTrackingImportResult {
  scene: Scene;
  summary: { objects: number; boxes: number; cuboids: number; dontCare: number; warnings: string[] };
}

export function importKittiTrackingLabels(scene: Scene, rows: readonly KittiTrackingLabel[], opts: KittiTrackingImportOptions): KittiTrackingImportResult {
  const file = opts.file ?? 'label_02';
  const camera = pickCamera(scene, opts.camera);
  const lidar = opts.lidar !== undefined ? scene.sensors.find((s) => s.id === opts.lidar) : undefined;
  if (opts.lidar !== undefined && lidar?.kind !== 'lidar' && lidar?.kind !== 'camera')
    throw new Error(`scene "${scene.id}": no LiDAR or camera "${opts.lidar}" for the cuboids (sensors: ${scene.sensors.map((s) => s.id).join(', ')})`);
  const seq = sequenceFrames(scene, camera);
  const target = lidar?.kind === 'lidar' || lidar?.kind === 'camera' ? lidar : camera;
  const targetSamples = new Map<number, Sample>();
  for (const st of scene.streams)
    if (st.sensor === target.id)
      for (const s of st.samples) {
        const f = seq.frameOfSample.get(s.id);
        if (f !== undefined && !targetSamples.has(f)) targetSamples.set(f, s);
      }

  const objects: Record<string, ObjectTrack> = {};
  const annotations: Record<string, Annotation> = {};
  const ignoreRegions: IgnoreRegion[] = [];
  const dontCareLines: Record<string, number> = {};
  const warnings: string[] = [];
  const objectOfTrack = new Map<number, string>();
  const taken: Record<string, unknown> = { ...scene.objects };
  const takenAnn: Record<string, unknown> = Object.fromEntries(allAnnotations(scene).map((a) => [a.id, a]));
  const takenIgnore: Record<string, unknown> = Object.fromEntries(scene.ignoreRegions.map((r) => [r.id, r]));
  const counts = { boxes: 0, cuboids: 0, dontCare: 0 };
  const known = () => `frames ${seq.frames[0].index}..${seq.frames[seq.frames.length - 1].index}`;

  rows.forEach((row, r) => {
    const line = r + 1;
    const camSample = seq.byIndex.get(row.frame);
    if (!camSample) throw new KittiFormatError(file, `frame ${row.frame}: camera "${camera.id}" has no such frame (${known()})`, line, 'frame');
    if (row.type === 'DontCare') {
      const id = uniqueId(`kitti-dontcare-${row.frame}-${line}`, takenIgnore);
      takenIgnore[id] = true;
      ignoreRegions.push({ id, sensor: camera.id, sample: camSample.id, x0: row.bbox.left, y0: row.bbox.top, x1: row.bbox.right, y1: row.bbox.bottom, label: 'DontCare' });
      dontCareLines[id] = line;
      counts.dontCare++;
      return;
    }
    let objectId = objectOfTrack.get(row.trackId);
    if (objectId === undefined) {
      let classId = KITTI_CLASS_MAP[row.type];
      if (!classId) {
        warnings.push(`${file}:${line}: unknown KITTI type "${row.type}", imported as misc`);
        classId = 'misc';
      }
      objectId = uniqueId(`kitti-track-${row.trackId}`, taken);
      taken[objectId] = true;
      objectOfTrack.set(row.trackId, objectId);
      const className = scene.taxonomy.classes.find((c) => c.id === classId)?.name ?? DEFAULT_TAXONOMY.classes.find((c) => c.id === classId)?.name ?? classId;
      objects[objectId] = { id: objectId, classId, name: `${className} ${row.trackId}`, attributes: { track_id: row.trackId }, metadata: { kitti: { type: row.type, trackId: row.trackId, file } } };
    } else if ((objects[objectId].metadata?.kitti as { type: string }).type !== row.type)
      throw new KittiFormatError(file, `track ${row.trackId} is "${(objects[objectId].metadata?.kitti as { type: string }).type}" earlier in the file and "${row.type}" here`, line, 'type');
    const prov = row.score !== undefined ? { source: 'model' as const, score: row.score } : { source: 'imported' as const };
    const attributes = { truncated: row.truncated, occluded: row.occluded, alpha: row.alpha };
    const metadata = { kitti: { line } };
    const key = `${objectId}/${row.frame}`;
    const boxId = uniqueId(`box2d-${key}`, takenAnn);
    takenAnn[boxId] = true;
    const occluded = Math.min(3, Math.max(0, Math.round(row.occluded)));
    annotations[boxId] = { id: boxId, object: objectId, ...prov, attributes, metadata, sensor: camera.id, sample: camSample.id, kind: 'box2d', x0: row.bbox.left, y0: row.bbox.top, x1: row.bbox.right, y1: row.bbox.bottom, occluded };
    counts.boxes++;
    if (row.dimensions.h > 0 && row.dimensions.w > 0 && row.dimensions.l > 0) {
      const sample = targetSamples.get(row.frame);
      if (!sample) throw new KittiFormatError(file, `frame ${row.frame}: sensor "${target.id}" has no sample in that frame for the cuboid`, line, 'frame');
      const fromLabel = graphAt(scene, camSample, sample).resolve(seq.labelFrame, target.frame).m;
      const cubId = uniqueId(`cuboid-${key}`, takenAnn);
      takenAnn[cubId] = true;
      annotations[cubId] = { id: cubId, object: objectId, ...prov, attributes, metadata, sensor: target.id, sample: sample.id, kind: 'cuboid', ...labelToVelodyneCuboid(row, fromLabel) };
      counts.cuboids++;
    } else warnings.push(`${file}:${line}: track ${row.trackId} has no 3D size (h w l = ${row.dimensions.h} ${row.dimensions.w} ${row.dimensions.l}); 2D box only`);
  });

  const prevTracking = (scene.metadata.kittiTracking ?? {}) as { dontCareLines?: Record<string, number> };
  const candidate = {
    ...scene,
    objects: { ...scene.objects, ...objects },
    annotations: partitionAnnotations([...allAnnotations(scene), ...Object.values(annotations)]),
    ignoreRegions: [...scene.ignoreRegions, ...ignoreRegions],
    metadata: { ...scene.metadata, kittiTracking: { ...prevTracking, file, camera: camera.id, dontCareLines: { ...prevTracking.dontCareLines, ...dontCareLines } } },
  };
  const parsed = Scene.safeParse(candidate);
  if (!parsed.success) throw new Error(`${file}: KITTI tracking import produced an invalid scene: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { scene: parsed.data, summary: { objects: Object.keys(objects).length, ...counts, warnings } };
}

export interface KittiTrackingSceneOptions {
  /** Sequence name, e.g. "0003". */
  sequence: string;
  calib: KittiCalib;
  /** Number of frames (0 … frameCount − 1). */
  frameCount: number;
  /** Colour image size (default 1242×375). */
  imageSize?: { width: number; height: number };
  /** Prefix for sample URIs (`${baseUri}/image_02/<seq>/<frame>.png`, `${baseUri}/velodyne/<seq>/<frame>.bin`); default relative. */
  baseUri?: string;
}

/**
 * An empty scene for one KITTI tracking sequence: sensors `image_02` (camera_2, intrinsics from
 * P2) and `velodyne`, the sequence's one calibration (as importKitti records it: camera_2 →
 * camera_0_rect, velodyne → camera_0, camera_0 → camera_0_rect), and `frameCount` samples per
 * sensor with frame labels "000000"… and t = index × 0.1 s (KITTI's 10 Hz).
 */
export function kittiTrackingScene(opts: KittiTrackingSceneOptions): Scene {
  const T = kittiTransforms(opts.calib);
  const size = opts.imageSize ?? KITTI_DEFAULT_SIZE;
  const base = opts.baseUri ? `${opts.baseUri.replace(/\/+$/, '')}/` : '';
  const frames = Array.from({ length: opts.frameCount }, (_, i) => String(i).padStart(6, '0'));
  const sample = (dir: string, ext: string) => (frame: string, i: number) => ({
    id: `${dir}/${frame}`,
    t: i * KITTI_FRAME_STEP_S,
    frame,
    original: { value: i, unit: 'frame-index' as const },
    uri: `${base}${dir}/${opts.sequence}/${frame}.${ext}`,
  });
  return Scene.parse({
    schemaVersion: 3,
    id: `kitti-tracking-${opts.sequence}`,
    name: `KITTI tracking ${opts.sequence}`,
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'image_02', name: 'KITTI image_02 (left colour camera)', kind: 'camera', frame: 'camera_2', intrinsics: intrinsicsFromP2(opts.calib.P2, size), extrinsics: T.cam2ToRect },
      { id: 'velodyne', name: 'KITTI Velodyne HDL-64E', kind: 'lidar', frame: 'velodyne', extrinsics: T.veloToCam0 },
    ],
    transforms: [T.cam0ToRect],
    streams: [
      { id: 'image_02', sensor: 'image_02', samples: frames.map(sample('image_02', 'png')), offset: 0, drift: 0 },
      { id: 'velodyne', sensor: 'velodyne', samples: frames.map(sample('velodyne', 'bin')), offset: 0, drift: 0 },
    ],
    objects: {},
    annotations: {},
    metadata: {
      source: { format: 'kitti-tracking', sequence: opts.sequence },
      time: `KITTI tracking frames at 10 Hz: t = frame index × ${KITTI_FRAME_STEP_S} s`,
      attribution: KITTI_ATTRIBUTION,
    },
  });
}
