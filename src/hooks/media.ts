/**
 * Where sample payloads come from. Demo samples have plain URLs; samples imported from dropped
 * files have `local://<import>/<path>` URIs resolved through this in-memory registry of Files, as
 * are relative URIs of a dropped scene file whose media came in the same drop.
 * Point clouds are fetched and parsed once per URI and cached (an LRU of a few sweeps), kept out
 * of React state and out of the document.
 */
import { FILE_KIND_LABEL, fileKindOf, formatBytes, type FileKind, type ImportLimits } from '../core/limits';
import { loadImportLimits } from '../store/importLimits';

const files = new Map<string, Blob>();
const objectUrls = new Map<string, string>();

export const LOCAL_PREFIX = 'local://';

export function registerLocalFile(uri: string, blob: Blob): void {
  files.set(uri, blob);
  const old = objectUrls.get(uri);
  if (old) URL.revokeObjectURL(old);
  objectUrls.delete(uri);
}

/** The registered file behind a URI, if any. */
export function localFileOf(uri: string): Blob | undefined {
  return files.get(uri);
}

/** A URL the browser can load for a sample URI, or null when a local file is no longer available (after a reload). */
export function resolveMediaUrl(uri: string | undefined): string | null {
  if (!uri) return null;
  // a registered file wins: local:// URIs, and relative URIs whose file came with a dropped scene
  if (!uri.startsWith(LOCAL_PREFIX) && !files.has(uri)) return uri;
  const cached = objectUrls.get(uri);
  if (cached) return cached;
  const blob = files.get(uri);
  if (!blob) return null;
  const url = URL.createObjectURL(blob);
  objectUrls.set(uri, url);
  return url;
}

/** The file name a URI's limit goes by: its last path segment, without query or fragment. */
function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

export interface FetchOptions {
  /**
   * Whose limit applies. Callers know what they fetch; a URI may have no extension at all (the team
   * server's media are /api/projects/:id/media/<sha256>), so the name is only the fallback.
   */
  kind?: FileKind;
  /** The limits to apply; null reads without a limit (export copies files the user already has). */
  limits?: ImportLimits | null;
}

/**
 * A sample's bytes, read whole (point clouds, audio, camera colours). The import limits apply here
 * too (a scene may point at a 5 GB file on a server): a file over its kind's limit is refused from
 * its size — the Blob's, or a declared Content-Length — before it is read, and every response is read
 * as a stream given up as soon as it passes the limit (a Content-Length may be the compressed size,
 * or missing).
 */
export async function fetchBytes(uri: string, opts: FetchOptions = {}): Promise<Uint8Array> {
  const limits = opts.limits === undefined ? loadImportLimits() : opts.limits;
  const kind = opts.kind ?? fileKindOf(fileNameOf(uri));
  const max = limits && kind ? limits.maxBytes[kind] : Infinity;
  const refuse = (size: number, streamed = false): void => {
    if (size <= max || !kind) return;
    const limit = `the ${formatBytes(max)} limit for ${FILE_KIND_LABEL[kind]}`;
    throw new Error(streamed ? `${uri}: ${formatBytes(size)} arrived, over ${limit}; reading stopped there` : `${uri}: ${formatBytes(size)} is over ${limit}; it was not read`);
  };
  const blob = files.get(uri);
  if (blob) {
    refuse(blob.size);
    return new Uint8Array(await blob.arrayBuffer());
  }
  const url = resolveMediaUrl(uri);
  if (!url) throw new Error(`${uri}: the file is not available in this session; open its folder again`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${uri}: HTTP ${res.status}`);
  const header = res.headers.get('content-length');
  const declared = header ? Number(header) : NaN;
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    refuse(declared);
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      refuse(total, true);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
