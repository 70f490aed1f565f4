/**
 * KITTI raw recording (one drive of the raw "sync" data plus the day's calibration) → scene
 * document. Pure (no Node APIs): the caller supplies the file list and a text reader, like importKitti.
 *
 * Conventions (the same frames and transforms as the object importer, see geometry.ts):
 * - one camera sensor per `image_0x` folder found (id `image_0x`, frame `camera_x`): rectified pinhole
 *   intrinsics from P_rect_0x (size S_rect_0x unless the caller read the real image size), extrinsics
 *   T_camera_0_rect_from_camera_x = translation(−K⁻¹·P_rect_0x[:,3]) — P_rect's 4th column (the stereo
 *   baseline) is kept this way, so K · (X_rect + t) = P_rect_0x · [X_rect; 1];
 * - a LiDAR sensor `velodyne` (frame `velodyne`) with extrinsics T_camera_0_from_velodyne = [R | T]
 *   from calib_velo_to_cam.txt; `scene.transforms` = [T_camera_0_rect_from_camera_0 = R_rect_00].
 *   Together: pixel = P_rect_0x · R_rect_00 · [R|T]_velo→cam · X_velo, the raw devkit's formula.
 * - time: with `<sensor>/timestamps.txt`, t = seconds since the earliest timestamp of the recording
 *   (original = the line as written, unit iso8601); without it, t = frame number × 0.1 s (KITTI raw is
 *   recorded at 10 Hz with the cameras triggered by the LiDAR), original = frame number, unit frame-index.
 *   Samples of every sensor share the frame label (the 10-digit file stem).
 */
import { DEFAULT_TAXONOMY, Scene, type Sample, type Sensor, type Stream } from '../../schema';
import { mat4 } from '../../math';
import type { Transform } from '../../schema';
import { KittiFormatError } from './errors';
import { cameraOffsetFromP, intrinsicsFromP2, kittiTransforms } from './geometry';
import type { KittiSource } from './import';
import { parseKittiRawCamToCam, parseKittiRawVeloToCam, rawAsObjectCalib } from './rawCalib';
import { detectKittiRawLayout, type KittiRawSensorFiles } from './rawLayout';
import { parseKittiRawTimestamps, secondsSince, type KittiRawTimestamp } from './rawTimestamps';
import { checkVelodyneLength } from './velodyne';

/** Seconds between KITTI raw frames at the nominal 10 Hz. */
export const KITTI_RAW_FRAME_STEP_S = 0.1;

export const KITTI_RAW_ATTRIBUTION =
  'KITTI raw data (CC BY-NC-SA 3.0): A. Geiger, P. Lenz, C. Stiller, R. Urtasun, "Vision meets Robotics: The KITTI Dataset", International Journal of Robotics Research (IJRR), 2013.';

const CAMERA_NAMES: Record<string, string> = {
  image_00: 'KITTI image_00 (left grey camera, rectified)',
  image_01: 'KITTI image_01 (right grey camera, rectified)',
  image_02: 'KITTI image_02 (left colour camera, rectified)',
  image_03: 'KITTI image_03 (right colour camera, rectified)',
};

export interface KittiRawImportOptions {
  /** Prefix for sample URIs: `${baseUri}/<path inside the source>`. Default: the path inside the source. */
  baseUri?: string;
  /** Real image size per camera folder ('image_02'), read from a file header by the caller; default S_rect_0x. */
  imageSizes?: Record<string, { width: number; height: number }>;
  /** A sentence appended to the scene description (e.g. how a bundled copy was reduced). */
  note?: string;
}

export interface KittiRawImportResult {
  scene: Scene;
  warnings: string[];
}

const frameNumber = (stem: string): number => Number.parseInt(stem, 10);

/** Import one KITTI raw drive. Throws KittiFormatError / NotKittiError naming the file on bad input. */
export async function importKittiRaw(source: KittiSource, opts: KittiRawImportOptions = {}): Promise<KittiRawImportResult> {
  const layout = detectKittiRawLayout(source.name, source.files);
  const warnings: string[] = [];
  const cam = parseKittiRawCamToCam(await source.readText(layout.camCalib), layout.camCalib);
  const velo = parseKittiRawVeloToCam(await source.readText(layout.veloCalib), layout.veloCalib);
  const uri = (path: string): string => {
    const p = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
    return opts.baseUri ? `${opts.baseUri.replace(/\/+$/, '')}/${p}` : p;
  };

  // timestamps, when the drive has them
  const stamps = new Map<string, KittiRawTimestamp[]>();
  const all: KittiRawSensorFiles[] = [...layout.cameras, ...(layout.velodyne ? [layout.velodyne] : [])];
  for (const s of all) if (s.timestamps) stamps.set(s.dir, parseKittiRawTimestamps(await source.readText(s.timestamps), s.timestamps));
  const missingStamps = all.filter((s) => !s.timestamps).map((s) => s.dir);
  const timed = stamps.size > 0;
  if (timed && missingStamps.length) warnings.push(`${missingStamps.join(', ')}: no timestamps.txt; their frames use t = frame number × ${KITTI_RAW_FRAME_STEP_S} s after the first timestamp`);
  // the earliest timestamp of the recording is t = 0 (whole seconds and fraction kept apart for precision)
  const firsts = [...stamps.values()].flatMap((l) => (l.length ? [l[0]] : []));
  const origin = firsts.length ? Math.min(...firsts.map((s) => s.whole)) : 0;
  const firstFrac = firsts.length ? Math.min(...firsts.filter((s) => s.whole === origin).map((s) => s.frac)) : 0;

  const timeOf = (s: KittiRawSensorFiles, stem: string): Pick<Sample, 't' | 'original'> => {
    const n = frameNumber(stem);
    const list = stamps.get(s.dir);
    if (list) {
      const st = list[n];
      if (!st) throw new KittiFormatError(s.timestamps!, `has ${list.length} line(s) but ${s.prefix}${s.dir}/data/ has frame ${stem} (line ${n + 1} needed)`);
      return { t: secondsSince(st, origin) - firstFrac, original: { value: st.text, unit: 'iso8601' } };
    }
    return { t: n * KITTI_RAW_FRAME_STEP_S, original: { value: n, unit: 'frame-index' } };
  };

  const sensors: Sensor[] = [];
  const streams: Stream[] = [];
  // R_rect_00 and [R|T] do not depend on the camera: take them through any camera's calibration
  const reference = kittiTransforms(rawAsObjectCalib(cam, velo, cam.cameras[0], layout.camCalib));
  for (const c of layout.cameras) {
    const idx = c.dir.slice(-2);
    const calib = rawAsObjectCalib(cam, velo, idx, layout.camCalib);
    const sRect = cam.values[`S_rect_${idx}`];
    const size = opts.imageSizes?.[c.dir] ?? (sRect ? { width: Math.round(sRect[0]), height: Math.round(sRect[1]) } : undefined);
    if (!size) throw new KittiFormatError(layout.camCalib, `no S_rect_${idx} (rectified image size) for ${c.dir}`, undefined, `S_rect_${idx}`);
    const [tx, ty, tz] = cameraOffsetFromP(calib.P2);
    const frame = `camera_${Number(idx)}`;
    const extrinsics: Transform = { from: frame, to: 'camera_0_rect', repr: { kind: 'matrix4x4', rowMajor: Array.from(mat4.translation(-tx, -ty, -tz)) } };
    sensors.push({ id: c.dir, name: CAMERA_NAMES[c.dir] ?? c.dir, kind: 'camera', frame, intrinsics: intrinsicsFromP2(calib.P2, size), extrinsics });
    streams.push({ id: c.dir, sensor: c.dir, offset: 0, drift: 0, samples: [...c.files].map(([stem, path]) => ({ id: `${c.dir}/${stem}`, frame: stem, uri: uri(path), ...timeOf(c, stem) })) });
  }
  if (layout.velodyne) {
    const v = layout.velodyne;
    if (source.byteLength) for (const path of v.files.values()) checkVelodyneLength(await source.byteLength(path), path);
    sensors.push({ id: 'velodyne', name: 'KITTI Velodyne HDL-64E', kind: 'lidar', frame: 'velodyne', extrinsics: reference.veloToCam0 });
    streams.push({ id: 'velodyne', sensor: 'velodyne', offset: 0, drift: 0, samples: [...v.files].map(([stem, path]) => ({ id: `velodyne/${stem}`, frame: stem, uri: uri(path), ...timeOf(v, stem) })) });
  }
  const cameraSensors = layout.cameras.map((c) => c.dir);
  // frames present in one sensor and not another
  const frameSets = all.map((s) => new Set(s.files.keys()));
  const union = [...new Set(all.flatMap((s) => [...s.files.keys()]))].sort();
  for (const [i, s] of all.entries()) {
    const missing = union.filter((f) => !frameSets[i].has(f));
    if (missing.length) warnings.push(`${s.prefix}${s.dir}/data/: no file for frame(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  }
  for (const st of streams) {
    for (let i = 1; i < st.samples.length; i++)
      if (st.samples[i].t < st.samples[i - 1].t)
        throw new KittiFormatError(source.name, `${st.id}: frame ${st.samples[i].frame} is earlier (t = ${st.samples[i].t} s) than frame ${st.samples[i - 1].frame}: timestamps go backwards`);
  }

  const description = describeKittiRaw(source.name, union, cameraSensors, !!layout.velodyne, timed, opts.note);
  const candidate = {
    schemaVersion: 3,
    id: `kitti-raw-${source.name}`,
    name: `KITTI raw ${source.name}`,
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors,
    transforms: [reference.cam0ToRect],
    streams,
    objects: {},
    annotations: {},
    documents: [{ id: 'description', title: 'Scene description', language: 'en', text: description }],
    metadata: {
      source: { format: 'kitti-raw', name: source.name, calibration: [layout.camCalib, layout.veloCalib], calibTime: cam.calibTime ?? null, frames: union },
      time: timed
        ? 'from <sensor>/timestamps.txt: t = seconds since the earliest timestamp; original = the line as written'
        : `no timestamp files: t = frame number × ${KITTI_RAW_FRAME_STEP_S} s (KITTI raw's nominal 10 Hz, cameras triggered by the LiDAR); original = frame number`,
      attribution: KITTI_RAW_ATTRIBUTION,
    },
  };
  const parsed = Scene.safeParse(candidate);
  if (!parsed.success) throw new Error(`${source.name}: KITTI raw import produced an invalid scene (importer bug): ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { scene: parsed.data, warnings };
}

/** The plain-English scene description (shown in the text pane). */
export function describeKittiRaw(name: string, frames: readonly string[], cameras: readonly string[], lidar: boolean, timed: boolean, note?: string): string {
  const range = frames.length > 1 ? `${frames[0]}–${frames[frames.length - 1]}` : frames[0];
  const parts = [...cameras.map((c) => CAMERA_NAMES[c] ?? c), ...(lidar ? ['the Velodyne HDL-64E LiDAR'] : [])];
  return [
    `KITTI raw recording "${name}": ${frames.length} synced frame${frames.length === 1 ? '' : 's'} (${range}) of ${parts.join(' and ')}, with the recording day's calibration.`,
    'KITTI raw is recorded at 10 Hz, the cameras triggered by the LiDAR; the same frame number is the same instant in every sensor.',
    timed
      ? 'Sample times come from the timestamps.txt files (seconds since the first timestamp).'
      : `This excerpt has no timestamp files (no timestamps.txt): frame i is placed at t = i × ${KITTI_RAW_FRAME_STEP_S} s, the nominal rate, not a measured time.`,
    'No 3D labels are included.',
    note ?? '',
    `Data: ${KITTI_RAW_ATTRIBUTION}`,
  ]
    .filter(Boolean)
    .join('\n');
}
