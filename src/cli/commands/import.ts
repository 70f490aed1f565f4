/**
 * `import kitti <dir> --out scene.json [--frames 000001,000002]`: read a KITTI object folder
 * (calib/, image_2/, velodyne/, label_2/; directly, under training/, or one level deeper), write a
 * validated scene document and print {out, frames, objects, annotations, warnings} as JSON.
 *
 * - Image sizes come from each PNG's IHDR (bytes 16..23); scans are checked for whole records.
 * - Sample URIs are written relative to the output file's folder (e.g. `../kitti/image_2/000001.png`),
 *   so the scene opens wherever the pair is moved together; `--base-uri` overrides the prefix.
 * - Errors name the file (and line or JSON path): exit 2 for bad usage or an unreadable / malformed
 *   input, 1 when the imported scene fails validation; the output is written only after the whole
 *   import succeeded, atomically (temp file + rename).
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { detectKittiLayout, importKitti, KittiFormatError, NotKittiError, pngSize, type KittiSource } from '../../core/formats/kitti';
import { serializeScene, validateScene, annotationCount } from '../../core/schema';
import { CliError, EXIT, fileError, flagString, info, parseArgs, printJson, usageError, writeFileAtomic, type CliCommand } from '../io';
import { readerError } from '../errors';
import { importOpenLabelFile } from '../lib/importOpenLabel';
import { importMotFile } from '../lib/importMot';
import { importKittiTrackingFile } from '../lib/importKittiTracking';
import { importNuScenesDir } from '../lib/importNuScenes';
import { importTimedFile } from '../lib/importTimed';
import { TIMED_TEXT_FORMATS, type TimedTextFormat } from '../../core/formats/timedText';
import { listFiles } from '../lib/listFiles';


function readHead(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Re-anchor a core error's file (relative to the KITTI folder) at the folder as given on the command line. */
function cliErrorOf(e: unknown, dir: string): unknown {
  if (e instanceof KittiFormatError) return readerError(e, EXIT.input, (f) => (f === dir ? f : join(dir, f)));
  if (e instanceof NotKittiError) return new CliError(e.message, EXIT.input);
  return e;
}

/** The options each import format takes (anything else is a usage error). */
const FORMAT_FLAGS: Record<string, string[]> = {
  kitti: ['frames', 'base-uri'],
  openlabel: ['cuboid-sizes', 'extrinsics'],
  'kitti-tracking': ['calib', 'base-uri', 'scene', 'camera', 'lidar'],
  nuscenes: ['scene', 'version', 'base-uri'],
  mot: ['scene', 'camera', 'class'],
  bytetrack: ['scene', 'camera', 'class'],
};
const TIMED_FLAGS = ['scene', 'sensor', 'offset'];

async function importKittiDir(dir: string, out: string, frames: string[] | undefined, baseUriFlag: string | undefined) {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw fileError(dir, 'no such folder');
  }
  if (!st.isDirectory()) throw fileError(dir, 'not a folder (expected a KITTI object folder with calib/, image_2/, velodyne/)');
  const files = listFiles(dir);
  const source: KittiSource = {
    name: dir,
    files,
    readText: async (p) => readFileSync(join(dir, p), 'utf8'),
    byteLength: async (p) => statSync(join(dir, p)).size,
  };
  const layout = detectKittiLayout(dir, files);
  const imageSizes: Record<string, { width: number; height: number }> = {};
  for (const frame of frames ?? layout.frames) {
    const rel = `${layout.prefix}image_2/${frame}.png`;
    if (files.includes(rel)) imageSizes[frame] = pngSize(readHead(join(dir, rel), 24), rel);
  }
  const baseUri = baseUriFlag ?? relative(dirname(resolve(out)), resolve(dir)).split(sep).join('/');
  const { scene, warnings } = await importKitti(source, { frames, baseUri, imageSizes });
  const text = serializeScene(scene);
  const check = validateScene(JSON.parse(text));
  if (!check.ok) throw new CliError(`${out}: the imported scene does not validate (importer bug): ${check.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, EXIT.failed);
  writeFileAtomic(out, text);
  return { scene, warnings };
}

export const command: CliCommand = {
  summary: 'Import a KITTI object folder, nuScenes tables or an ASAM OpenLABEL file into a scene document; add tracks, speaker turns or transcripts to one',
  usage:
    'crosslabel import kitti <dir> --out scene.json [--frames 000001,000002] [--base-uri <prefix>]\n' +
    'crosslabel import openlabel <file.json> --out scene.json [--cuboid-sizes auto|axes|lwh] [--extrinsics auto|pose|transform|pose-opengl|transform-opengl]\n' +
    '  (conventions a file leaves open are decided by its own evidence — cuboids projected against its 2D boxes,\n' +
    '   class sizes — else by the spec, and reported in {conventions}; the flags force a reading: --cuboid-sizes for\n' +
    '   camera-frame cuboids turning about the camera y axis, axes = (l, h, w) by the spec, lwh = KITTI (l, w, h);\n' +
    '   --extrinsics for cameras\' pose_wrt_parent: pose by the spec, transform = inverted, -opengl = a camera looking down -z;\n' +
    '   a matrix4x4 whose last row holds the translation is read column-major, with a warning)\n' +
    'crosslabel import kitti-tracking <label_02/NNNN.txt> --calib <calib/NNNN.txt> --out scene.json [--base-uri P]  (or --scene scene.json [--camera ID] [--lidar ID])\n' +
    'crosslabel import nuscenes <dir> --out scene.json [--scene NAME|TOKEN] [--version v1.0-mini] [--base-uri <prefix>]\n' +
    '  (nuScenes/Lyft JSON tables under <dir>; prints {out, objects, annotations, samples, warnings})\n' +
    'crosslabel import mot|bytetrack <tracks.txt> --scene scene.json --out scene.json [--camera ID] [--class car]\n' +
    '  (tracker output as pre-annotations with source: model and scores, added to an existing scene)\n' +
    'crosslabel import rttm|vtt|stm|whisper|srt <file> --scene scene.json --out scene.json [--sensor ID] [--offset SECONDS]\n' +
    '  (speaker turns / transcripts / subtitles as time segments on an audio or video sensor — default the first audio\n' +
    '   sensor — one speaker object per label, reused when the scene has it; scene time = the sensor\'s first sample\n' +
    '   time + --offset + file time; whisper word timings kept in each segment\'s metadata.words; text kept as written)\n' +
    '  writes a validated scene (URIs relative to the output folder unless --base-uri) and prints\n' +
    '  {out, frames, objects, annotations, warnings}',
  async run(args) {
    const [format] = parseArgs(args).positionals;
    const timed = (TIMED_TEXT_FORMATS as readonly string[]).includes(format);
    if (format && !timed && !FORMAT_FLAGS[format]) throw usageError(`unknown import format "${format}" (supported: ${Object.keys(FORMAT_FLAGS).join(', ')}, ${TIMED_TEXT_FORMATS.join(', ')})`);
    const { positionals, flags } = parseArgs(args, [], ['out', ...(format ? (timed ? TIMED_FLAGS : FORMAT_FLAGS[format]) : [])]);
    const [, dir, ...extra] = positionals;
    if (!format || !dir || extra.length) throw usageError(`usage: ${this.usage}`);
    const out = flagString(flags, 'out');
    if (!out) throw usageError('--out <scene.json> is required');
    if (format === 'openlabel') return importOpenLabelFile(dir, out, flagString(flags, 'cuboid-sizes'), flagString(flags, 'extrinsics'));
    if (format === 'kitti-tracking') return importKittiTrackingFile(dir, flags, out);
    if (format === 'nuscenes') return importNuScenesDir(dir, flags, out);
    if (format === 'mot' || format === 'bytetrack') return importMotFile(format, dir, flags, out);
    if (timed) return importTimedFile(format as TimedTextFormat, dir, flags, out);
    const framesFlag = flagString(flags, 'frames');
    const frames = framesFlag ? framesFlag.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
    try {
      const { scene, warnings } = await importKittiDir(dir, out, frames, flagString(flags, 'base-uri'));
      for (const w of warnings) info(`warning: ${w}`);
      printJson({
        out,
        frames: scene.streams[0]?.samples.map((s) => s.frame) ?? [],
        objects: Object.keys(scene.objects).length,
        annotations: annotationCount(scene),
        warnings,
      });
      return 0;
    } catch (e) {
      throw cliErrorOf(e, dir);
    }
  },
};
