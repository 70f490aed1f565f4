/**
 * `import openlabel <file.json> --out scene.json [--cuboid-sizes auto|axes|lwh] [--extrinsics auto|pose|transform|pose-opengl|transform-opengl]`: an ASAM OpenLABEL 1.0
 * file into a scene document. `--cuboid-sizes` forces the size order of camera-frame cuboids (see
 * core/formats/openlabel/cuboidSizeOrder.ts), `--extrinsics` the direction of cameras'
 * pose_wrt_parent (extrinsicsDirection.ts); by default the file's own evidence decides, and the
 * JSON on stdout says what was chosen and why (`conventions`).
 * Malformed input: `<file>: <JSON path or line>: <problem>` lines on stderr, exit 2, nothing written.
 */
import { CUBOID_SIZE_READINGS, EXTRINSICS_READINGS, importOpenLabel, OpenLabelImportError, type CuboidSizeReading, type ExtrinsicsReading } from '../../core/formats/openlabel';
import { serializeScene, annotationCount } from '../../core/schema';
import { info, printJson, usageError, writeFileAtomic } from '../io';
import { readerError } from '../errors';
import { readJsonFile } from './textInput';

export function importOpenLabelFile(path: string, out: string, cuboidSizes: string | undefined, extrinsics?: string): number {
  if (cuboidSizes !== undefined && !(CUBOID_SIZE_READINGS as readonly string[]).includes(cuboidSizes)) throw usageError(`--cuboid-sizes must be ${CUBOID_SIZE_READINGS.join(', ')}, got "${cuboidSizes}"`);
  if (extrinsics !== undefined && !(EXTRINSICS_READINGS as readonly string[]).includes(extrinsics)) throw usageError(`--extrinsics must be ${EXTRINSICS_READINGS.join(', ')}, got "${extrinsics}"`);
  const json = readJsonFile(path);
  try {
    const { scene, warnings, conventions } = importOpenLabel(json, path, { cuboidSizes: cuboidSizes as CuboidSizeReading | undefined, extrinsics: extrinsics as ExtrinsicsReading | undefined });
    writeFileAtomic(out, serializeScene(scene));
    for (const w of warnings) info(`warning: ${w}`);
    printJson({ out, objects: Object.keys(scene.objects).length, annotations: annotationCount(scene), ignoreRegions: scene.ignoreRegions.length, conventions, warnings });
    return 0;
  } catch (e) {
    if (e instanceof OpenLabelImportError) throw readerError(e)!;
    throw e;
  }
}
