/**
 * Where sample payloads come from. Demo samples have plain URLs; samples imported from dropped
 * files have `local://<import>/<path>` URIs resolved through this in-memory registry of Files, as
 * are relative URIs of a dropped scene file whose media came in the same drop.
 * Point clouds are fetched and parsed once per URI and cached (an LRU of a few sweeps), kept out
 * of React state and out of the document.
 */
import { oversizeMessage, type ImportLimits } from '../core/limits';
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

/**
 * A sample's bytes, read whole (point clouds, audio, camera colours). The import limits apply here
 * too (a scene may point at a 5 GB file on a server): a file over its kind's limit is refused from
 * its size — the Blob's, or the response's Content-Length — before it is read, and a response that
 * declares no length is read as a stream and given up as soon as it passes the limit.
 */
export async function fetchBytes(uri: string, limits: ImportLimits = loadImportLimits()): Promise<Uint8Array> {
  const name = fileNameOf(uri);
  const refuse = (size: number, partial = false): void => {
    const message = oversizeMessage(name, size, limits);
    if (message) throw new Error(`${uri}: ${message.slice(name.length + 2)}${partial ? ' (it declared no size; reading stopped there)' : ''}`);
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
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared)) {
    try {
      refuse(declared);
    } catch (e) {
      await res.body?.cancel().catch(() => undefined);
      throw e;
    }
    return new Uint8Array(await res.arrayBuffer());
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    try {
      refuse(total, true);
    } catch (e) {
      await reader.cancel().catch(() => undefined);
      throw e;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
