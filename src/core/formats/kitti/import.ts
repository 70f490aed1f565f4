/**
 * KITTI object benchmark folder → scene document. Pure (no Node APIs): the caller supplies the
 * file list and a text reader, so the same code imports a dropped folder in the browser and a
 * directory in the CLI.
 *
 * Conventions (see geometry.ts for frames and the cuboid convention):
 * - sensors `image_2` (camera, frame `camera_2`, intrinsics from P2) and `velodyne` (lidar);
 *   `image_2.extrinsics` = T_camera_0_rect_from_camera_2, `velodyne.extrinsics` =
 *   T_camera_0_from_velodyne, `scene.transforms` = [T_camera_0_rect_from_camera_0], all from the
 *   first frame. Every sample also carries its own frame's three transforms (and the camera
 *   sample its intrinsics), because KITTI object frames come from different drives.
 * - time: KITTI object frames have no timestamps; t = index × 0.1 s, `original` = frame index.
 * - one ObjectTrack per label row (KITTI object frames are not tracked), with a cuboid on
 *   `velodyne/<frame>` and a box2d on `image_2/<frame>`; DontCare rows become ignore regions.
 */
import { DEFAULT_TAXONOMY, Scene, type Annotation, type IgnoreRegion, type ObjectTrack, type Sample, type Transform, partitionAnnotations } from '../../schema';
import { mat4 } from '../../math';
import { parseKittiCalib, type KittiCalib } from './calib';
import { KITTI_CLASS_MAP, OCCLUSION_VALUES } from './classes';
import { describeKittiScene } from './describe';
import { KittiFormatError } from './errors';
import { intrinsicsFromP2, kittiTransforms, labelToVelodyneCuboid, rectFromVelodyne, KITTI_DEFAULT_SIZE } from './geometry';
import { parseKittiLabels, type KittiLabel } from './labels';
import { detectKittiLayout, normalizePath } from './layout';
import { checkVelodyneLength } from './velodyne';

export interface KittiSource {
  /** Display name of the folder (used in messages and the scene name). */
  name: string;
  /** Relative paths like "calib/000000.txt" ('/' or '\\' separators). */
  files: string[];
  readText(path: string): Promise<string>;
  /**
   * Size of a file in bytes, when the caller can tell cheaply (fs.stat, File.size). With it the
   * importer rejects a truncated velodyne scan (length not a multiple of 16) before writing anything.
   */
  byteLength?(path: string): Promise<number>;
}

export interface KittiImportOptions {
  /** Frames to import, e.g. ['000001']; default all complete frames. */
  frames?: string[];
  /**
   * Prefix for sample URIs: `${baseUri}/<path inside the source>`, e.g. `${baseUri}/image_2/000001.png`
   * (or `${baseUri}/training/image_2/000001.png` when the layout is under training/). Without it the
   * URI is the path inside the source, i.e. relative to the source folder.
   */
  baseUri?: string;
  /** Real image size of every frame (read from a PNG header by the caller). */
  imageSize?: { width: number; height: number };
  /** Real image sizes by frame (PNG headers); wins over `imageSize`. Default 1242×375 (KITTI's usual size). */
  imageSizes?: Record<string, { width: number; height: number }>;
}

export interface KittiImportResult {
  scene: Scene;
  warnings: string[];
}

/** Seconds between consecutive KITTI object frames on the synthetic scene clock. */
export const KITTI_FRAME_STEP_S = 0.1;

interface FrameData {
  frame: string;
  calib: KittiCalib;
  labels: KittiLabel[];
  labelFile?: string;
}

/** Import a KITTI object folder. Throws KittiFormatError / NotKittiError naming the file on bad input. */
export async function importKitti(source: KittiSource, opts: KittiImportOptions = {}): Promise<KittiImportResult> {
  const layout = detectKittiLayout(source.name, source.files);
  const warnings: string[] = [];
  const pathOf = new Map(source.files.map((f) => [normalizePath(f), f]));
  const rel = (dir: string, frame: string, ext: string): string => `${layout.prefix}${dir}/${frame}.${ext}`;
  const read = (p: string): Promise<string> => source.readText(pathOf.get(p) ?? p);
  for (const { frame, missing } of layout.incomplete) warnings.push(`frame ${frame} skipped: no ${missing.map((d) => `${layout.prefix}${d}/`).join(', ')} file`);

  let frames = layout.frames;
  if (opts.frames) {
    const unknown = opts.frames.filter((f) => !layout.frames.includes(f));
    if (unknown.length) throw new KittiFormatError(source.name, `frame(s) ${unknown.join(', ')} not found (available: ${layout.frames.join(', ')})`);
    frames = [...new Set(opts.frames)].sort();
  }
  if (frames.length === 0) throw new KittiFormatError(source.name, 'no frames to import');

  const data: FrameData[] = [];
  for (const frame of frames) {
    const calibFile = rel('calib', frame, 'txt');
    const calib = parseKittiCalib(await read(calibFile), calibFile);
    let labels: KittiLabel[] = [];
    let labelFile: string | undefined;
    if (layout.labelled.has(frame)) {
      labelFile = rel('label_2', frame, 'txt');
      labels = parseKittiLabels(await read(labelFile), labelFile);
    } else if (layout.hasLabels) warnings.push(`frame ${frame}: no ${layout.prefix}label_2/${frame}.txt, imported without labels`);
    if (source.byteLength) {
      const binFile = rel('velodyne', frame, 'bin');
      checkVelodyneLength(await source.byteLength(pathOf.get(binFile) ?? binFile), binFile);
    }
    data.push({ frame, calib, labels, labelFile });
  }
  const sizeOf = (frame: string) => opts.imageSizes?.[frame] ?? opts.imageSize ?? KITTI_DEFAULT_SIZE;
  const sizeKnown = (frame: string) => !!(opts.imageSizes?.[frame] ?? opts.imageSize);
  if (!frames.every(sizeKnown))
    warnings.push(`image size not read from the PNG header for some frames; assumed ${KITTI_DEFAULT_SIZE.width}x${KITTI_DEFAULT_SIZE.height}`);

  const uri = (dir: string, frame: string, ext: string): string =>
    opts.baseUri !== undefined && opts.baseUri !== '' ? `${opts.baseUri.replace(/\/+$/, '')}/${rel(dir, frame, ext)}` : rel(dir, frame, ext);

  const camSamples: Sample[] = [];
  const lidarSamples: Sample[] = [];
  const objects: Record<string, ObjectTrack> = {};
  const annotations: Record<string, Annotation> = {};
  const ignoreRegions: IgnoreRegion[] = [];
  const classCount = new Map<string, number>();

  data.forEach(({ frame, calib, labels, labelFile }, index) => {
    const T = kittiTransforms(calib);
    const transforms: Transform[] = [T.veloToCam0, T.cam0ToRect, T.cam2ToRect];
    const time = { t: index * KITTI_FRAME_STEP_S, frame, original: { value: index, unit: 'frame-index' as const } };
    const camSample = `image_2/${frame}`;
    const lidarSample = `velodyne/${frame}`;
    camSamples.push({ id: camSample, ...time, uri: uri('image_2', frame, 'png'), intrinsics: intrinsicsFromP2(calib.P2, sizeOf(frame)), transforms });
    lidarSamples.push({ id: lidarSample, ...time, uri: uri('velodyne', frame, 'bin'), transforms });
    let veloFromRect: ReturnType<typeof mat4.invert>;
    try {
      veloFromRect = mat4.invert(rectFromVelodyne(calib));
    } catch (e) {
      // a singular R0_rect or Tr_velo_to_cam (e.g. scaled to 1e-320) is the calibration file's problem, not a bare math error
      throw new KittiFormatError(rel('calib', frame, 'txt'), `R0_rect · Tr_velo_to_cam cannot be inverted (${(e as Error).message}); the calibration is not a rigid transform`);
    }

    labels.forEach((row, r) => {
      const key = `${frame}-${r}`;
      if (row.type === 'DontCare') {
        ignoreRegions.push({ id: `dontcare-${key}`, sensor: 'image_2', sample: camSample, x0: row.bbox.left, y0: row.bbox.top, x1: row.bbox.right, y1: row.bbox.bottom, label: 'DontCare' });
        return;
      }
      let classId = KITTI_CLASS_MAP[row.type];
      if (!classId) {
        warnings.push(`${labelFile}:${r + 1}: unknown KITTI type "${row.type}", imported as misc`);
        classId = 'misc';
      }
      const n = (classCount.get(classId) ?? 0) + 1;
      classCount.set(classId, n);
      const className = DEFAULT_TAXONOMY.classes.find((c) => c.id === classId)?.name ?? classId;
      const hasOcclusionAttr = DEFAULT_TAXONOMY.classes.find((c) => c.id === classId)?.attributes.some((a) => a.name === 'occluded');
      const occluded = Math.min(3, Math.max(0, Math.round(row.occluded)));
      const id = `kitti-${key}`;
      objects[id] = {
        id,
        classId,
        name: `${className} ${n}`,
        attributes: { ...(hasOcclusionAttr ? { occluded: OCCLUSION_VALUES[occluded] } : {}), truncated: row.truncated, alpha: row.alpha },
        metadata: { kitti: { type: row.type, frame, row: r + 1, file: labelFile } },
      };
      const prov = row.score !== undefined ? { source: 'model' as const, score: row.score } : { source: 'imported' as const };
      const cuboid = labelToVelodyneCuboid(row, veloFromRect);
      if (row.dimensions.h > 0 && row.dimensions.w > 0 && row.dimensions.l > 0) {
        annotations[`cuboid-${key}`] = { id: `cuboid-${key}`, object: id, ...prov, sensor: 'velodyne', sample: lidarSample, kind: 'cuboid', ...cuboid };
      } else warnings.push(`${labelFile}:${r + 1}: ${row.type} has no 3D size (h w l = ${row.dimensions.h} ${row.dimensions.w} ${row.dimensions.l}); 2D box only`);
      annotations[`box2d-${key}`] = {
        id: `box2d-${key}`,
        object: id,
        ...prov,
        sensor: 'image_2',
        sample: camSample,
        kind: 'box2d',
        x0: row.bbox.left,
        y0: row.bbox.top,
        x1: row.bbox.right,
        y1: row.bbox.bottom,
        truncated: Math.min(1, Math.max(0, row.truncated)),
        occluded,
      };
    });
  });

  const first = kittiTransforms(data[0].calib);
  const candidate = {
    schemaVersion: 3,
    id: `kitti-${source.name}`,
    name: `KITTI ${source.name}`,
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'image_2', name: 'KITTI image_2 (left colour camera)', kind: 'camera', frame: 'camera_2', intrinsics: intrinsicsFromP2(data[0].calib.P2, sizeOf(frames[0])), extrinsics: first.cam2ToRect },
      { id: 'velodyne', name: 'KITTI Velodyne HDL-64E', kind: 'lidar', frame: 'velodyne', extrinsics: first.veloToCam0 },
    ],
    transforms: [first.cam0ToRect],
    streams: [
      { id: 'image_2', sensor: 'image_2', samples: camSamples, offset: 0, drift: 0 },
      { id: 'velodyne', sensor: 'velodyne', samples: lidarSamples, offset: 0, drift: 0 },
    ],
    objects,
    annotations: partitionAnnotations(annotations),
    ignoreRegions,
    documents: [{ id: 'description', title: 'Scene description', language: 'en', text: describeKittiScene(source.name, frames, classCount, ignoreRegions.length) }],
    metadata: {
      source: { format: 'kitti-object', name: source.name, layoutPrefix: layout.prefix, frames },
      time: `KITTI object frames have no timestamps: t = frame index × ${KITTI_FRAME_STEP_S} s; samples keep original = {value: index, unit: 'frame-index'}`,
      calibration: 'each frame has its own calib file: per-sample intrinsics/transforms override the static calibration (taken from the first frame)',
      imageSize: frames.every(sizeKnown) ? 'read from the PNG headers' : `assumed ${KITTI_DEFAULT_SIZE.width}x${KITTI_DEFAULT_SIZE.height} (not read from the images)`,
      attribution: KITTI_ATTRIBUTION,
    },
  };
  const parsed = Scene.safeParse(candidate);
  if (!parsed.success) throw new Error(`${source.name}: KITTI import produced an invalid scene (importer bug): ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { scene: parsed.data, warnings };
}

export const KITTI_ATTRIBUTION =
  'KITTI Vision Benchmark Suite (CC BY-NC-SA 3.0): A. Geiger, P. Lenz, R. Urtasun, "Are we ready for Autonomous Driving? The KITTI Vision Benchmark Suite", CVPR 2012.';
