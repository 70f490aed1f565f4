/**
 * `import kitti-tracking <label_02/NNNN.txt> --calib <calib/NNNN.txt> --out scene.json` — one KITTI
 * tracking sequence into a new scene (camera image_02 + velodyne from the sequence's calib, one
 * sample per frame up to the last labelled frame, media URIs `image_02/NNNN/…` and
 * `velodyne/NNNN/…` relative to the output unless --base-uri is given); or, with
 * `--scene scene.json [--camera ID] [--lidar ID]`, the tracks added to an existing scene.
 * One object per track (attribute track_id), boxes on the camera, cuboids in the LiDAR (camera
 * rect → LiDAR through the calibration), DontCare rows as ignore regions.
 *
 * The new scene's length comes from the label file, so it is bounded: by the sequence's frames on
 * disk when its image_02/NNNN (or velodyne/NNNN) folder is there, else by MAX_FRAMES_WITHOUT_MEDIA;
 * a row past the bound is an error naming its line (a frame of 999999999 must not build a
 * billion-sample scene). Errors name the file and line; nothing is written on failure.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { importKittiTrackingLabels, kittiTrackingScene, parseKittiCalib, parseKittiTrackingLabels, type KittiTrackingLabel } from '../../core/formats/kitti';
import { serializeScene } from '../../core/schema';
import { CliError, EXIT, fileError, flagString, info, printJson, readSceneFile, usageError, writeFileAtomic } from '../io';
import { readerError } from '../errors';
import { readTextFile } from './textInput';

/** Frames a new scene may have when no media folder says how long the sequence is (KITTI's longest is ~1,100). */
export const MAX_FRAMES_WITHOUT_MEDIA = 20_000;

/** Frame indices on disk in `<root>/<dir>/<sequence>/NNNNNN.<ext>`, or undefined when the folder is absent. */
function framesOnDisk(root: string, dir: string, sequence: string, ext: string): { folder: string; count: number } | undefined {
  const folder = join(root, dir, sequence);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return undefined;
  }
  const indices = names.map((n) => new RegExp(`^(\\d+)\\.${ext}$`).exec(n)).filter((m) => m !== null).map((m) => Number(m[1]));
  return indices.length ? { folder, count: Math.max(...indices) + 1 } : undefined;
}

/** 1-based line of the first row in `text` whose frame column is `frame`. */
const lineOfFrame = (text: string, frame: number): number | undefined => {
  const i = text.split('\n').findIndex((l) => Number(l.trim().split(/\s+/)[0]) === frame);
  return i < 0 ? undefined : i + 1;
};

/** How many frames the new scene gets: through the last labelled frame, within the bound. */
function frameCountOf(rows: KittiTrackingLabel[], text: string, path: string, root: string, sequence: string): number {
  if (!rows.length) return 0;
  const last = rows.reduce((m, r) => Math.max(m, r.frame), 0);
  const media = framesOnDisk(root, 'image_02', sequence, 'png') ?? framesOnDisk(root, 'velodyne', sequence, 'bin');
  const bound = media?.count ?? MAX_FRAMES_WITHOUT_MEDIA;
  if (last >= bound) {
    const line = lineOfFrame(text, last);
    const why = media
      ? `the sequence has frames 0..${media.count - 1} in ${media.folder}`
      : `no image_02/${sequence} or velodyne/${sequence} folder beside label_02/ says how long the sequence is, and a new scene is limited to ${MAX_FRAMES_WITHOUT_MEDIA} frames without one`;
    throw fileError(path, `frame ${last} is beyond the sequence: ${why}`, EXIT.input, line ? `line ${line}` : undefined);
  }
  return last + 1;
}

export function importKittiTrackingFile(path: string, flags: Record<string, string | true>, out: string): number {
  try {
    const text = readTextFile(path);
    const rows = parseKittiTrackingLabels(text, path);
    const scenePath = flagString(flags, 'scene');
    const calibPath = flagString(flags, 'calib');
    let scene;
    if (scenePath) scene = readSceneFile(scenePath);
    else {
      if (!calibPath) throw usageError('--calib <calib/NNNN.txt> is required to build a new scene (or add the tracks to one with --scene scene.json)');
      const sequence = /(\d+)\.txt$/.exec(basename(path))?.[1] ?? '0000';
      // the KITTI tracking layout: <root>/label_02/NNNN.txt beside <root>/image_02/NNNN/…
      const root = dirname(dirname(resolve(path)));
      const baseUri = flagString(flags, 'base-uri') ?? relative(dirname(resolve(out)), root).split(sep).join('/');
      const frameCount = frameCountOf(rows, text, path, root, sequence);
      scene = kittiTrackingScene({ sequence, calib: parseKittiCalib(readTextFile(calibPath), calibPath), frameCount, baseUri });
    }
    const camera = flagString(flags, 'camera') ?? scene.sensors.find((s) => s.kind === 'camera')?.id;
    if (!camera) throw fileError(scenePath ?? path, 'the scene has no camera for the tracking boxes');
    const lidar = flagString(flags, 'lidar') ?? scene.sensors.find((s) => s.kind === 'lidar')?.id;
    // the name (not the path) goes into the scene's metadata; errors are re-anchored at the path below
    const r = importKittiTrackingLabels(scene, rows, { camera, lidar, file: basename(path) });
    for (const w of r.summary.warnings) info(`warning: ${w}`);
    writeFileAtomic(out, serializeScene(r.scene));
    printJson({ out, camera, lidar, ...r.summary });
    return 0;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw readerError(e, EXIT.input, (f) => (f === basename(path) ? path : f)) ?? new CliError(`${path}: ${(e as Error).message}`, EXIT.failed);
  }
}
