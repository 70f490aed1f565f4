/**
 * `import mot|bytetrack <tracks.txt> --scene scene.json --out scene.json [--camera ID] [--class car]`:
 * tracker output into an existing scene as pre-annotations (`source: model`, `score` = confidence),
 * one object per track, frame n on the camera's n-th sample. Errors name the file and line (exit 2
 * for an unreadable or malformed input); nothing is written on failure.
 */
import { importMotAsPreAnnotations, MotFormatError, parseMot } from '../../core/formats/mot';
import { serializeScene } from '../../core/schema';
import { CliError, fileError, flagString, info, printJson, readSceneFile, usageError, writeFileAtomic } from '../io';
import { readerError } from '../errors';
import { readTextFile } from './textInput';

export function importMotFile(format: 'mot' | 'bytetrack', path: string, flags: Record<string, string | true>, out: string): number {
  const scenePath = flagString(flags, 'scene');
  if (!scenePath) throw usageError('--scene <scene.json> is required: tracks are added to an existing scene');
  try {
    const scene = readSceneFile(scenePath);
    const camera = flagString(flags, 'camera') ?? scene.sensors.find((s) => s.kind === 'camera')?.id;
    if (!camera) throw fileError(scenePath, 'the scene has no camera to put the tracks on');
    const rows = parseMot(readTextFile(path), path, { format });
    const { scene: next, summary } = importMotAsPreAnnotations(scene, rows, { camera, classId: flagString(flags, 'class') ?? 'car' });
    for (const d of summary.dropped) info(`not imported: ${d.count} × ${d.what} — ${d.reason}`);
    writeFileAtomic(out, serializeScene(next));
    printJson({ out, camera, rows: rows.length, summary });
    return 0;
  } catch (e) {
    if (e instanceof MotFormatError) throw readerError(e) as CliError;
    if (e instanceof CliError) throw e;
    // the scene cannot take these tracks: --camera not a camera, --class not in its taxonomy
    throw fileError(scenePath, (e as Error).message);
  }
}
