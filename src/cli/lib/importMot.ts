/**
 * `import mot|bytetrack <tracks.txt> --scene scene.json --out scene.json [--camera ID] [--class car]`:
 * tracker output into an existing scene as pre-annotations (`source: model`, `score` = confidence),
 * one object per track, frame n on the camera's n-th sample. Nothing is written on failure.
 */
import { readFileSync } from 'node:fs';
import { importMotAsPreAnnotations, MotFormatError, parseMot } from '../../core/formats/mot';
import { parseSceneJson, SceneValidationError, serializeScene } from '../../core/schema';
import { CliError, flagString, info, printJson, writeFileAtomic } from '../io';

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read (${(e as Error).message})`);
  }
};

export function importMotFile(format: 'mot' | 'bytetrack', path: string, flags: Record<string, string | true>, out: string): number {
  const scenePath = flagString(flags, 'scene');
  if (!scenePath) throw new CliError('--scene <scene.json> is required: tracks are added to an existing scene', 2);
  try {
    const scene = parseSceneJson(read(scenePath), scenePath);
    const camera = flagString(flags, 'camera') ?? scene.sensors.find((s) => s.kind === 'camera')?.id;
    if (!camera) throw new CliError(`${scenePath}: the scene has no camera to put the tracks on`);
    const rows = parseMot(read(path), path, { format });
    const { scene: next, summary } = importMotAsPreAnnotations(scene, rows, { camera, classId: flagString(flags, 'class') ?? 'car' });
    for (const d of summary.dropped) info(`not imported: ${d.count} × ${d.what} — ${d.reason}`);
    writeFileAtomic(out, serializeScene(next));
    printJson({ out, camera, rows: rows.length, summary });
    return 0;
  } catch (e) {
    if (e instanceof MotFormatError || e instanceof SceneValidationError) throw new CliError(e.message);
    throw e;
  }
}
