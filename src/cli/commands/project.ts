/**
 * `project <scene.json> [--camera ID] [--sample ID]`: project every cuboid into every camera where
 * it is visible and print [{object, sensor, sample, box: [x0, y0, x1, y1], truncated}] as JSON
 * (pixels, top-left corner origin; see src/core/projection/README.md). Exit 0 projected; 1 the projection
 * failed (e.g. --camera names no camera); 2 bad usage or an unreadable / invalid scene.
 */
import { projectSceneCuboids } from '../../core/projection';
import { CliError, EXIT, flagString, parseArgs, printJson, readSceneFile, usageError, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Project every cuboid into the cameras: 2D boxes as JSON',
  usage: 'crosslabel project <scene.json> [--camera ID] [--sample ID]\n  prints [{object, sensor, sample, box: [x0, y0, x1, y1], truncated}]',
  async run(args) {
    const { positionals, flags } = parseArgs(args, [], ['camera', 'sample']);
    if (positionals.length !== 1) throw usageError(`usage: ${this.usage}`);
    const path = positionals[0];
    const scene = readSceneFile(path);
    let rows;
    try {
      rows = projectSceneCuboids(scene, { camera: flagString(flags, 'camera'), sample: flagString(flags, 'sample') });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${path}: ${(e as Error).message}`, EXIT.failed);
    }
    printJson(rows.map(({ object, sensor, sample, box, truncated }) => ({ object, sensor, sample, box, truncated })));
    return 0;
  },
};
