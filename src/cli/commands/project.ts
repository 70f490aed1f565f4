/**
 * `project <scene.json> [--camera ID] [--sample ID]`: project every cuboid into every camera where
 * it is visible and print [{object, sensor, sample, box: [x0, y0, x1, y1], truncated}] as JSON
 * (pixels, top-left corner origin; see src/core/projection/README.md). Bad input: message on stderr, exit 1.
 */
import { readFileSync } from 'node:fs';
import { Scene } from '../../core/schema';
import { jsonPath } from '../../core/schema';
import { projectSceneCuboids } from '../../core/projection';
import { CliError, flagString, parseArgs, printJson, type CliCommand } from '../io';

export function loadScene(path: string): Scene {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const r = Scene.safeParse(json);
  if (!r.success) throw new CliError(`${path}: not a valid scene: ${r.error.issues.slice(0, 5).map((i) => `${jsonPath(i.path)}: ${i.message}`).join('; ')}`);
  return r.data;
}

export const command: CliCommand = {
  summary: 'Project every cuboid into the cameras: 2D boxes as JSON',
  usage: 'crosslabel project <scene.json> [--camera ID] [--sample ID]\n  prints [{object, sensor, sample, box: [x0, y0, x1, y1], truncated}]',
  async run(args) {
    const { positionals, flags } = parseArgs(args);
    if (positionals.length !== 1) throw new CliError(`usage: ${this.usage}`, 2);
    const path = positionals[0];
    const scene = loadScene(path);
    let rows;
    try {
      rows = projectSceneCuboids(scene, { camera: flagString(flags, 'camera'), sample: flagString(flags, 'sample') });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${path}: ${(e as Error).message}`);
    }
    printJson(rows.map(({ object, sensor, sample, box, truncated }) => ({ object, sensor, sample, box, truncated })));
    return 0;
  },
};
