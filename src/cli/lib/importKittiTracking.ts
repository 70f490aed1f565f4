/**
 * `import kitti-tracking <label_02/NNNN.txt> --calib <calib/NNNN.txt> --out scene.json` — one KITTI
 * tracking sequence into a new scene (camera image_02 + velodyne from the sequence's calib, one
 * sample per frame up to the last labelled frame, media URIs `image_02/NNNN/…` and
 * `velodyne/NNNN/…` relative to the output unless --base-uri is given); or, with
 * `--scene scene.json [--camera ID] [--lidar ID]`, the tracks added to an existing scene.
 * One object per track (attribute track_id), boxes on the camera, cuboids in the LiDAR (camera
 * rect → LiDAR through the calibration), DontCare rows as ignore regions.
 * Errors name the file and line; nothing is written on failure.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { importKittiTrackingLabels, KittiFormatError, kittiTrackingScene, parseKittiCalib, parseKittiTrackingLabels } from '../../core/formats/kitti';
import { parseSceneJson, SceneValidationError, serializeScene } from '../../core/schema';
import { CliError, flagString, info, printJson, writeFileAtomic } from '../io';

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read (${(e as Error).message})`);
  }
};

export function importKittiTrackingFile(path: string, flags: Record<string, string | true>, out: string): number {
  try {
    const rows = parseKittiTrackingLabels(read(path), path);
    const scenePath = flagString(flags, 'scene');
    const calibPath = flagString(flags, 'calib');
    let scene;
    if (scenePath) scene = parseSceneJson(read(scenePath), scenePath);
    else {
      if (!calibPath) throw new CliError('--calib <calib/NNNN.txt> is required to build a new scene (or add the tracks to one with --scene scene.json)', 2);
      const sequence = /(\d+)\.txt$/.exec(basename(path))?.[1] ?? '0000';
      // the KITTI tracking layout: <root>/label_02/NNNN.txt beside <root>/image_02/NNNN/…
      const root = dirname(dirname(resolve(path)));
      const baseUri = flagString(flags, 'base-uri') ?? relative(dirname(resolve(out)), root).split(sep).join('/');
      const frameCount = rows.reduce((m, r) => Math.max(m, r.frame + 1), 0);
      scene = kittiTrackingScene({ sequence, calib: parseKittiCalib(read(calibPath), calibPath), frameCount, baseUri });
    }
    const camera = flagString(flags, 'camera') ?? scene.sensors.find((s) => s.kind === 'camera')?.id;
    if (!camera) throw new CliError(`${scenePath}: the scene has no camera for the tracking boxes`);
    const lidar = flagString(flags, 'lidar') ?? scene.sensors.find((s) => s.kind === 'lidar')?.id;
    const r = importKittiTrackingLabels(scene, rows, { camera, lidar, file: basename(path) });
    for (const w of r.summary.warnings) info(`warning: ${w}`);
    writeFileAtomic(out, serializeScene(r.scene));
    printJson({ out, camera, lidar, ...r.summary });
    return 0;
  } catch (e) {
    if (e instanceof KittiFormatError || e instanceof SceneValidationError) throw new CliError(e.message);
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}
