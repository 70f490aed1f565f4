/**
 * The Crosslabel bundle: the lossless exchange format. One JSON document holding the scene (the
 * schema-validated document, unchanged) and a manifest of the media its samples reference, each
 * with a SHA-256 content hash (hex, of the raw bytes) and byte size when the media could be read.
 * Versioned by `bundleVersion`; validated with zod on load (the scene with its own migrations).
 */
import { z } from 'zod';
import { safeParseIssues, type Scene, type SchemaIssue, validateScene } from '../../schema';
import { printable } from '../printable';

export const BUNDLE_VERSION = 1 as const;
export const BUNDLE_FORMAT = 'crosslabel-bundle' as const;

export const MediaEntry = z.object({
  /** The URI exactly as samples reference it. */
  uri: z.string().min(1),
  /** SHA-256 of the bytes, lowercase hex; null when the media was not available at write time. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits').nullable(),
  /** Size in bytes; null when not available. */
  bytes: z.number().int().nonnegative().nullable(),
  /** Sample ids ("<sensor>:<sample>") that reference this URI. */
  usedBy: z.array(z.string()),
});
export type MediaEntry = z.infer<typeof MediaEntry>;

export const BundleEnvelope = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.number().int().positive(),
  createdAt: z.string().optional(),
  media: z.array(MediaEntry),
  /** Validated separately (with migrations) by validateScene. */
  scene: z.unknown(),
});
export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  bundleVersion: typeof BUNDLE_VERSION;
  createdAt?: string;
  media: MediaEntry[];
  scene: Scene;
}

export class BundleError extends Error {
  constructor(
    readonly file: string,
    readonly issues: SchemaIssue[],
  ) {
    super(printable(`${file}: ${issues.length} bundle error${issues.length === 1 ? '' : 's'}\n` + issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`).join('\n')));
    this.name = 'BundleError';
  }
}

/** SHA-256 of bytes as lowercase hex, via WebCrypto (Node ≥ 20 and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every media URI the scene references, with the samples that use it, in first-use order. */
export function mediaOf(scene: Scene): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const st of scene.streams) for (const s of st.samples) if (s.uri) out.set(s.uri, [...(out.get(s.uri) ?? []), `${st.sensor}:${s.id}`]);
  return out;
}

/**
 * Build a bundle. `readMedia(uri)` returns the bytes or null when unavailable (the entry then
 * has null hash and size); without it no media is hashed.
 */
export async function writeBundle(scene: Scene, readMedia?: (uri: string) => Promise<Uint8Array | null>, createdAt?: string): Promise<Bundle> {
  const media: MediaEntry[] = [];
  for (const [uri, usedBy] of mediaOf(scene)) {
    const bytes = readMedia ? await readMedia(uri) : null;
    media.push({ uri, sha256: bytes ? await sha256Hex(bytes) : null, bytes: bytes ? bytes.byteLength : null, usedBy });
  }
  return { format: BUNDLE_FORMAT, bundleVersion: BUNDLE_VERSION, ...(createdAt ? { createdAt } : {}), media, scene };
}

/** Validate a parsed bundle; throws BundleError naming `file` and the JSON paths of every problem. */
export function readBundle(json: unknown, file: string): Bundle {
  const env = safeParseIssues(BundleEnvelope, json);
  if (!env.ok) throw new BundleError(file, env.issues);
  const { bundleVersion, media, scene, createdAt } = env.data;
  if (bundleVersion > BUNDLE_VERSION) throw new BundleError(file, [{ path: '$.bundleVersion', message: `bundleVersion ${bundleVersion} is newer than this Crosslabel (${BUNDLE_VERSION}); update the app` }]);
  const r = validateScene(scene);
  if (!r.ok) throw new BundleError(file, r.issues.map((i) => ({ path: i.path.replace(/^\$/, '$.scene'), message: i.message })));
  const known = mediaOf(r.scene);
  const issues: SchemaIssue[] = [];
  const listed = new Set<string>();
  media.forEach((m, i) => {
    if (listed.has(m.uri)) issues.push({ path: `$.media[${i}].uri`, message: `duplicate media entry "${m.uri}"` });
    listed.add(m.uri);
    if (!known.has(m.uri)) issues.push({ path: `$.media[${i}].uri`, message: `no sample references "${m.uri}"` });
  });
  for (const uri of known.keys()) if (!listed.has(uri)) issues.push({ path: '$.media', message: `the scene references "${uri}" but the manifest does not list it` });
  if (issues.length) throw new BundleError(file, issues);
  return { format: BUNDLE_FORMAT, bundleVersion: BUNDLE_VERSION, ...(createdAt ? { createdAt } : {}), media, scene: r.scene };
}

/** Parse bundle JSON text; invalid JSON is a BundleError at `$`. */
export function readBundleText(text: string, file: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BundleError(file, [{ path: '$', message: `invalid JSON: ${(e as Error).message}` }]);
  }
  return readBundle(json, file);
}

/** Re-hash the media and list entries whose bytes are missing or changed since the bundle was written. */
export async function verifyBundleMedia(bundle: Bundle, readMedia: (uri: string) => Promise<Uint8Array | null>): Promise<{ uri: string; problem: 'missing' | 'changed' }[]> {
  const out: { uri: string; problem: 'missing' | 'changed' }[] = [];
  for (const m of bundle.media) {
    if (m.sha256 === null) continue;
    const bytes = await readMedia(m.uri);
    if (!bytes) out.push({ uri: m.uri, problem: 'missing' });
    else if ((await sha256Hex(bytes)) !== m.sha256) out.push({ uri: m.uri, problem: 'changed' });
  }
  return out;
}
