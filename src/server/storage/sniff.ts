/**
 * Upload type check: the file name's extension says what the file should be; its first bytes
 * (magic numbers) must agree. A PNG renamed to .wav, an HTML page named .json, a JPEG named .bin:
 * refused before anything is stored, with a message naming the file.
 *
 * `checkUploadHead` runs on the first SNIFF_BYTES (or the whole file when smaller);
 * `trailerCheck` runs on the total size after the last byte (raw point clouds have no header,
 * only a record size).
 */
import { parsePcdHeader, PointCloudFormatError } from '../../core/formats/pointcloud';

export interface MediaType {
  /** Stable id stored in the media table's `type` column along with the MIME type. */
  id: string;
  label: string;
  contentType: string;
  /** Lower-case, with the dot; the longest match wins (`.pcd.bin` before `.bin`). */
  extensions: string[];
  /** The container the first bytes must show, or undefined for headerless formats. */
  magic?: Container;
  /** Headerless binary records: the file size must be a multiple of this many bytes. */
  recordBytes?: number;
}

type Container = 'png' | 'jpeg' | 'ebml' | 'mp4' | 'wav' | 'flac' | 'ogg' | 'pcd' | 'ply' | 'json';

const CONTAINER_LABEL: Record<Container, string> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  ebml: 'a WebM/Matroska file',
  mp4: 'an MP4/QuickTime file',
  wav: 'a WAV file',
  flac: 'a FLAC file',
  ogg: 'an Ogg file',
  pcd: 'a PCD point cloud',
  ply: 'a PLY point cloud',
  json: 'JSON',
};

// Point clouds and raw records are served as octet-stream: no browser renders them, and the app
// fetches them as bytes.
export const MEDIA_TYPES: MediaType[] = [
  { id: 'png', label: 'PNG image', contentType: 'image/png', extensions: ['.png'], magic: 'png' },
  { id: 'jpeg', label: 'JPEG image', contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], magic: 'jpeg' },
  { id: 'webm', label: 'WebM video', contentType: 'video/webm', extensions: ['.webm'], magic: 'ebml' },
  { id: 'matroska', label: 'Matroska video', contentType: 'video/x-matroska', extensions: ['.mkv'], magic: 'ebml' },
  { id: 'mp4', label: 'MP4 video', contentType: 'video/mp4', extensions: ['.mp4', '.m4v'], magic: 'mp4' },
  { id: 'm4a', label: 'MP4 audio', contentType: 'audio/mp4', extensions: ['.m4a'], magic: 'mp4' },
  { id: 'wav', label: 'WAV audio', contentType: 'audio/wav', extensions: ['.wav'], magic: 'wav' },
  { id: 'flac', label: 'FLAC audio', contentType: 'audio/flac', extensions: ['.flac'], magic: 'flac' },
  { id: 'ogg', label: 'Ogg audio', contentType: 'audio/ogg', extensions: ['.ogg', '.oga', '.opus'], magic: 'ogg' },
  { id: 'ogv', label: 'Ogg video', contentType: 'video/ogg', extensions: ['.ogv'], magic: 'ogg' },
  { id: 'pcd', label: 'PCD point cloud', contentType: 'application/octet-stream', extensions: ['.pcd'], magic: 'pcd' },
  { id: 'ply', label: 'PLY point cloud', contentType: 'application/octet-stream', extensions: ['.ply'], magic: 'ply' },
  { id: 'kitti-bin', label: 'KITTI point cloud (float32 x, y, z, reflectance)', contentType: 'application/octet-stream', extensions: ['.bin'], recordBytes: 16 },
  {
    id: 'nuscenes-bin',
    label: 'nuScenes point cloud (float32 x, y, z, intensity, ring)',
    contentType: 'application/octet-stream',
    extensions: ['.pcd.bin'],
    recordBytes: 20,
  },
  { id: 'json', label: 'JSON', contentType: 'application/json', extensions: ['.json'], magic: 'json' },
];

/** Bytes read before the type is decided: enough for a whole PCD header (core reads ≤ 64 KiB). */
export const SNIFF_BYTES = 64 * 1024;

/** A refused upload: `status` 415 (wrong or unknown type) or 400 (empty); the message names the file. */
export class UploadTypeError extends Error {
  constructor(readonly status: 400 | 415, message: string) {
    super(message);
    this.name = 'UploadTypeError';
  }
}

export function mediaTypeForName(name: string): MediaType | undefined {
  const lower = name.toLowerCase();
  let best: { type: MediaType; ext: string } | undefined;
  for (const type of MEDIA_TYPES) {
    for (const ext of type.extensions) {
      if (lower.endsWith(ext) && lower.length > ext.length && (!best || ext.length > best.ext.length)) best = { type, ext };
    }
  }
  return best?.type;
}

const ascii = (h: Uint8Array, a: number, b: number): string => String.fromCharCode(...h.subarray(a, Math.min(b, h.length)));

/** The first non-whitespace byte after an optional UTF-8 BOM. */
function firstSignificant(h: Uint8Array): number | undefined {
  let i = h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf ? 3 : 0;
  while (i < h.length && (h[i] === 0x20 || h[i] === 0x09 || h[i] === 0x0a || h[i] === 0x0d)) i++;
  return h[i];
}

/** What the first bytes are, among the containers above; undefined when none matches. */
export function detectContainer(h: Uint8Array): Container | undefined {
  if (h.length >= 8 && h[0] === 0x89 && ascii(h, 1, 4) === 'PNG' && h[4] === 0x0d && h[5] === 0x0a && h[6] === 0x1a && h[7] === 0x0a) return 'png';
  if (h.length >= 3 && h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff) return 'jpeg';
  if (h.length >= 4 && h[0] === 0x1a && h[1] === 0x45 && h[2] === 0xdf && h[3] === 0xa3) return 'ebml';
  if (h.length >= 12 && ascii(h, 4, 8) === 'ftyp') return 'mp4';
  if (h.length >= 12 && ascii(h, 0, 4) === 'RIFF' && ascii(h, 8, 12) === 'WAVE') return 'wav';
  if (h.length >= 4 && ascii(h, 0, 4) === 'fLaC') return 'flac';
  if (h.length >= 4 && ascii(h, 0, 4) === 'OggS') return 'ogg';
  if (h.length >= 4 && ascii(h, 0, 3) === 'ply' && (h[3] === 0x0a || h[3] === 0x0d)) return 'ply';
  if (/^(# \.PCD|VERSION|FIELDS)/.test(ascii(h, 0, 16))) return 'pcd';
  const first = firstSignificant(h);
  if (first === 0x7b || first === 0x5b) return 'json';
  return undefined;
}

const hexStart = (h: Uint8Array): string =>
  Array.from(h.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') + (h.length > 8 ? ' …' : '');

/**
 * The media type of an upload named `name` whose first bytes are `head` (`complete`: head is the
 * whole file). Throws UploadTypeError naming the file when the name's type is not accepted or the
 * bytes are something else.
 */
export function checkUploadHead(name: string, head: Uint8Array, complete: boolean): MediaType {
  const type = mediaTypeForName(name);
  if (!type) {
    const accepted = MEDIA_TYPES.flatMap((t) => t.extensions).join(', ');
    throw new UploadTypeError(415, `${name}: not an accepted media type (the name must end in one of ${accepted})`);
  }
  if (head.length === 0 && complete) throw new UploadTypeError(400, `${name}: the file is empty`);
  const found = detectContainer(head);
  const says = `${name}: the name says ${type.label} but the content`;
  if (type.magic === undefined) {
    // Headerless records: any known container's magic means it is that file, misnamed.
    if (found && found !== 'json') throw new UploadTypeError(415, `${says} is ${CONTAINER_LABEL[found]}`);
  } else if (type.magic === 'pcd') {
    // Core accepts any leading '#' comment, so the header parser decides; another container's magic is still a mismatch.
    if (found && found !== 'pcd') throw new UploadTypeError(415, `${says} is ${CONTAINER_LABEL[found]}`);
    checkPcdHeader(name, head);
  } else if (found !== type.magic) {
    throw new UploadTypeError(
      415,
      found ? `${says} is ${CONTAINER_LABEL[found]}` : `${says} is not ${CONTAINER_LABEL[type.magic]} (it starts with ${hexStart(head)})`,
    );
  }
  if (type.magic === 'json') checkJsonStart(name, head, complete);
  return type;
}

/** The whole PCD header must parse (core's parser: FIELDS/SIZE/TYPE agree, a DATA line within 64 KiB). */
function checkPcdHeader(name: string, head: Uint8Array): void {
  try {
    parsePcdHeader(head, name);
  } catch (e) {
    const problem = e instanceof PointCloudFormatError ? e.problem : e instanceof Error ? e.message : String(e);
    throw new UploadTypeError(415, `${name}: the name says PCD point cloud but the content is not a valid PCD file: ${problem}`);
  }
}

/** JSON: text in UTF-8 (what browsers and core's readers decode); the whole value is parsed by whoever imports it. */
function checkJsonStart(name: string, head: Uint8Array, complete: boolean): void {
  try {
    // stream: true lets a multi-byte character cut at the end of the window pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
  } catch {
    throw new UploadTypeError(415, `${name}: the name says JSON but the content is not UTF-8 text`);
  }
}

/** After the last byte: the size rule of headerless formats; the message, or undefined when fine. */
export function trailerCheck(name: string, type: MediaType, size: number): UploadTypeError | undefined {
  if (size === 0) return new UploadTypeError(400, `${name}: the file is empty`);
  if (type.recordBytes && size % type.recordBytes !== 0) {
    return new UploadTypeError(
      415,
      `${name}: the name says ${type.label} but its ${size} bytes are not a whole number of ${type.recordBytes}-byte points (${size % type.recordBytes} bytes left over)`,
    );
  }
  return undefined;
}
