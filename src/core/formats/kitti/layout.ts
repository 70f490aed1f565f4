/**
 * Find the KITTI object-benchmark layout in a list of relative file paths (a dropped folder or a
 * directory walk): `calib/`, `image_2/`, `velodyne/` (and optionally `label_2/`) with files named
 * by frame (`000001.txt`, `.png`, `.bin`), directly, under `training/`, or one folder deeper
 * (the user dropped the parent).
 */
import { KittiFormatError } from './errors';
import { printable } from '../printable';

export interface KittiLayout {
  /** Path prefix of the layout inside the source, '' or ending with '/', e.g. 'training/'. */
  prefix: string;
  /** Frames with calib, image and scan, sorted. */
  frames: string[];
  /** Frames that also have a label file. */
  labelled: Set<string>;
  hasLabels: boolean;
  /** Frames present in some of calib/image_2/velodyne but not all (skipped). */
  incomplete: { frame: string; missing: string[] }[];
}

const PART = /^(.*?)(calib|image_2|velodyne|label_2)\/([^/]+)\.(txt|png|bin)$/;
const EXT: Record<string, string> = { calib: 'txt', image_2: 'png', velodyne: 'bin', label_2: 'txt' };

export class NotKittiError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(printable(`${source}: ${message}`));
    this.name = 'NotKittiError';
  }
}

/** Normalise separators and strip a leading './' or '/'. */
export const normalizePath = (p: string): string => p.replace(/\\/g, '/').replace(/^\.?\/+/, '');

/** Detect the layout; throws {@link NotKittiError} saying what was expected when there is none. */
export function detectKittiLayout(sourceName: string, files: readonly string[]): KittiLayout {
  const byPrefix = new Map<string, Record<string, Set<string>>>();
  for (const f of files) {
    const m = PART.exec(normalizePath(f));
    if (!m || EXT[m[2]] !== m[4]) continue;
    const [, prefix, dir, frame] = m;
    if (prefix.split('/').length > 3) continue; // at most two folders above the layout
    const entry = byPrefix.get(prefix) ?? { calib: new Set(), image_2: new Set(), velodyne: new Set(), label_2: new Set() };
    entry[dir].add(frame);
    byPrefix.set(prefix, entry);
  }
  const complete = [...byPrefix.entries()].filter(([, e]) => e.calib.size && e.image_2.size && e.velodyne.size);
  if (complete.length === 0) {
    const top = [...new Set(files.map((f) => normalizePath(f).split('/')[0]))].slice(0, 8);
    throw new NotKittiError(
      sourceName,
      'not a KITTI object folder: expected calib/*.txt, image_2/*.png and velodyne/*.bin (label_2/*.txt optional), ' +
        `directly or under training/; found ${files.length} file(s)${top.length ? `, top-level entries: ${top.join(', ')}` : ''}`,
    );
  }
  // Prefer a labelled layout, then 'training', then the shallowest prefix.
  const rank = ([p, e]: [string, Record<string, Set<string>>]): number =>
    (e.label_2.size ? 0 : 100) + (/(^|\/)training\/$/.test(p) ? 0 : 10) + p.split('/').length;
  complete.sort((a, b) => rank(a) - rank(b) || a[0].localeCompare(b[0]));
  const [prefix, e] = complete[0];
  const all = new Set([...e.calib, ...e.image_2, ...e.velodyne]);
  const frames: string[] = [];
  const incomplete: KittiLayout['incomplete'] = [];
  for (const frame of [...all].sort()) {
    const missing = (['calib', 'image_2', 'velodyne'] as const).filter((d) => !e[d].has(frame));
    if (missing.length) incomplete.push({ frame, missing });
    else frames.push(frame);
  }
  return { prefix, frames, labelled: e.label_2, hasLabels: e.label_2.size > 0, incomplete };
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian); throws naming the file if it is not a PNG. */
export function pngSize(header: Uint8Array, file: string): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (header.length < 24 || sig.some((b, i) => header[i] !== b) || String.fromCharCode(...header.subarray(12, 16)) !== 'IHDR')
    throw new KittiFormatError(file, 'not a PNG file (no PNG signature and IHDR chunk in the first 24 bytes)');
  const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
