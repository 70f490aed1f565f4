/**
 * `import openlabel <file.json> --out scene.json [--cuboid-sizes auto|axes|lwh] [--extrinsics auto|pose|transform|pose-opengl|transform-opengl]`: an ASAM OpenLABEL 1.0
 * file into a scene document. `--cuboid-sizes` forces the size order of camera-frame cuboids (see
 * core/formats/openlabel/cuboidSizeOrder.ts), `--extrinsics` the direction of cameras'
 * pose_wrt_parent (extrinsicsDirection.ts); by default the file's own evidence decides, and the
 * JSON on stdout says what was chosen and why (`conventions`).
 * Malformed input: the file, JSON paths and problems on stderr, exit 1, nothing written.
 */
import { readFileSync } from 'node:fs';
import { CUBOID_SIZE_READINGS, EXTRINSICS_READINGS, importOpenLabelText, OpenLabelImportError, type CuboidSizeReading, type ExtrinsicsReading } from '../../core/formats/openlabel';
import { serializeScene, annotationCount } from '../../core/schema';
import { CliError, info, printJson, writeFileAtomic } from '../io';

export function importOpenLabelFile(path: string, out: string, cuboidSizes: string | undefined, extrinsics?: string): number {
  if (cuboidSizes !== undefined && !(CUBOID_SIZE_READINGS as readonly string[]).includes(cuboidSizes)) throw new CliError(`--cuboid-sizes must be ${CUBOID_SIZE_READINGS.join(', ')}, got "${cuboidSizes}"`, 2);
  if (extrinsics !== undefined && !(EXTRINSICS_READINGS as readonly string[]).includes(extrinsics)) throw new CliError(`--extrinsics must be ${EXTRINSICS_READINGS.join(', ')}, got "${extrinsics}"`, 2);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read (${(e as Error).message})`);
  }
  try {
    const { scene, warnings, conventions } = importOpenLabelText(text, path, { cuboidSizes: cuboidSizes as CuboidSizeReading | undefined, extrinsics: extrinsics as ExtrinsicsReading | undefined });
    writeFileAtomic(out, serializeScene(scene));
    for (const w of warnings) info(`warning: ${w}`);
    printJson({ out, objects: Object.keys(scene.objects).length, annotations: annotationCount(scene), ignoreRegions: scene.ignoreRegions.length, conventions, warnings });
    return 0;
  } catch (e) {
    if (e instanceof OpenLabelImportError) throw new CliError(e.message);
    throw e;
  }
}
