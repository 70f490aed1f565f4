/**
 * `import openlabel <file.json> --out scene.json [--cuboid-sizes auto|axes]`: an ASAM OpenLABEL 1.0
 * file into a scene document (`--cuboid-sizes`: see CuboidSizeReading in core/formats/openlabel).
 * Malformed input: the file, JSON paths and problems on stderr, exit 1, nothing written.
 */
import { readFileSync } from 'node:fs';
import { importOpenLabelText, OpenLabelImportError, type CuboidSizeReading } from '../../core/formats/openlabel';
import { serializeScene } from '../../core/schema';
import { CliError, info, printJson, writeFileAtomic } from '../io';

export function importOpenLabelFile(path: string, out: string, cuboidSizes: string | undefined): number {
  if (cuboidSizes !== undefined && cuboidSizes !== 'auto' && cuboidSizes !== 'axes') throw new CliError(`--cuboid-sizes must be auto or axes, got "${cuboidSizes}"`, 2);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read (${(e as Error).message})`);
  }
  try {
    const { scene, warnings } = importOpenLabelText(text, path, { cuboidSizes: cuboidSizes as CuboidSizeReading | undefined });
    writeFileAtomic(out, serializeScene(scene));
    for (const w of warnings) info(`warning: ${w}`);
    printJson({ out, objects: Object.keys(scene.objects).length, annotations: Object.keys(scene.annotations).length, ignoreRegions: scene.ignoreRegions.length, warnings });
    return 0;
  } catch (e) {
    if (e instanceof OpenLabelImportError) throw new CliError(e.message);
    throw e;
  }
}
