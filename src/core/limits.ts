/**
 * File size limits and job timeouts for imports, shared by the browser and the CLI.
 *
 * A file over its kind's limit is refused from its size alone (File.size, fs.stat), before a byte
 * of it is read: a 3 GB file dropped by mistake must not take the tab (or the CLI) down while it is
 * read whole. Defaults, chosen to admit every real file of each kind we have met and refuse what
 * the readers could not hold anyway:
 * - point clouds (.pcd .ply .bin .las): 1 GiB — a 64-beam sweep is 2–30 MB; 1 GiB is a dense map tile;
 * - images (.png .jpg .jpeg .webp .bmp): 256 MiB — a 100-megapixel PNG;
 * - video (.mp4 .webm .mov .mkv .avi): 8 GiB — played from the file, never held whole;
 * - audio (.wav .flac .mp3 .ogg .opus .m4a .aac): 1 GiB — decoded whole for the waveform (≈ 1.5 h of 48 kHz stereo WAV);
 * - label files (.json .txt .csv .rttm .vtt .srt .stm): 256 MiB — a JSON text of more than ~512 M
 *   characters cannot even be held as one string, and parsing expands it several times.
 * Files of any other extension are not limited here (the importers ignore them).
 * Worker jobs give up after `jobTimeoutSeconds` (default 300 s, one file's parse).
 */
import { z } from 'zod';

export const FILE_KINDS = ['pointcloud', 'image', 'video', 'audio', 'labels'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_KIND_LABEL: Record<FileKind, string> = {
  pointcloud: 'point-cloud files',
  image: 'images',
  video: 'video files',
  audio: 'audio files',
  labels: 'label files (JSON, text)',
};

const KIND_EXT: Record<FileKind, RegExp> = {
  pointcloud: /\.(pcd|ply|bin|las|laz)$/i,
  image: /\.(png|jpe?g|webp|bmp|gif)$/i,
  video: /\.(mp4|webm|mov|mkv|avi|m4v)$/i,
  audio: /\.(wav|flac|mp3|ogg|opus|m4a|aac)$/i,
  labels: /\.(json|txt|csv|rttm|vtt|srt|stm)$/i,
};

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const ImportLimits = z.object({
  /** Largest file accepted, in bytes, per kind. */
  maxBytes: z.object({
    pointcloud: z.number().positive(),
    image: z.number().positive(),
    video: z.number().positive(),
    audio: z.number().positive(),
    labels: z.number().positive(),
  }),
  /** A worker job (one file's parse) is stopped after this many seconds. */
  jobTimeoutSeconds: z.number().positive(),
});
export type ImportLimits = z.infer<typeof ImportLimits>;

export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: { pointcloud: 1 * GiB, image: 256 * MiB, video: 8 * GiB, audio: 1 * GiB, labels: 256 * MiB },
  jobTimeoutSeconds: 300,
};

/** The kind whose limit applies to a file name, or null for extensions no importer reads. */
export function fileKindOf(name: string): FileKind | null {
  for (const k of FILE_KINDS) if (KIND_EXT[k].test(name)) return k;
  return null;
}

/** 1536 → "1.5 KB", 268435456 → "256 MB" (binary units, written the way people say them). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${n} byte${n === 1 ? '' : 's'}`;
  return `${v >= 100 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')} ${units[u]}`;
}

/** "256MB", "1.5 GB", "1024" (bytes), "512k" → bytes; null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) return null;
  const scale = { '': 1, k: 1024, m: MiB, g: GiB, t: 1024 * GiB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Number(m[1]) * scale;
  return bytes > 0 && Number.isFinite(bytes) ? Math.round(bytes) : null;
}

/**
 * Limits from a spec such as `512MB` (every kind) or `labels=64MB,pointcloud=2GB,timeout=60`
 * (the CLI's CROSSLABEL_LIMITS), over `base`. Throws an Error naming the bad part.
 */
export function parseLimitsSpec(spec: string, base: ImportLimits = DEFAULT_LIMITS): ImportLimits {
  const out: ImportLimits = { maxBytes: { ...base.maxBytes }, jobTimeoutSeconds: base.jobTimeoutSeconds };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      const all = parseSize(part);
      if (all === null) throw new Error(`"${part}" is not a size (write e.g. 256MB or labels=64MB)`);
      for (const k of FILE_KINDS) out.maxBytes[k] = all;
      continue;
    }
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1);
    if (key === 'timeout') {
      const s = Number(value.replace(/s$/i, ''));
      if (!(s > 0) || !Number.isFinite(s)) throw new Error(`timeout "${value}" is not a number of seconds`);
      out.jobTimeoutSeconds = s;
      continue;
    }
    if (!(FILE_KINDS as readonly string[]).includes(key)) throw new Error(`"${key}" is not a file kind (one of ${FILE_KINDS.join(', ')}, timeout)`);
    const bytes = parseSize(value);
    if (bytes === null) throw new Error(`${key}: "${value}" is not a size (write e.g. 256MB)`);
    out.maxBytes[key as FileKind] = bytes;
  }
  return out;
}

/**
 * Why a file of `size` bytes is refused under `limits`, or null when it is accepted. The message
 * names the file, its size and the limit.
 */
export function oversizeMessage(name: string, size: number, limits: ImportLimits = DEFAULT_LIMITS): string | null {
  const kind = fileKindOf(name);
  if (!kind) return null;
  const max = limits.maxBytes[kind];
  if (size <= max) return null;
  return `${name}: ${formatBytes(size)} is over the ${formatBytes(max)} limit for ${FILE_KIND_LABEL[kind]}; it was not read`;
}

/** The refusal of every oversized file among `files` (one message), or null when all are accepted. */
export function oversizeFiles(files: readonly { name: string; size: number }[], limits: ImportLimits = DEFAULT_LIMITS): string | null {
  const refused = files.map((f) => oversizeMessage(f.name, f.size, limits)).filter((m): m is string => m !== null);
  if (!refused.length) return null;
  return refused.length <= 3 ? refused.join('; ') : `${refused.slice(0, 3).join('; ')}; and ${refused.length - 3} more over their limits`;
}
