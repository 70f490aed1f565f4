/**
 * Where sample payloads come from. Demo samples have plain URLs; samples imported from dropped
 * files have `local://<import>/<path>` URIs resolved through this in-memory registry of Files, as
 * are relative URIs of a dropped scene file whose media came in the same drop.
 * Point clouds are fetched and parsed once per URI and cached (an LRU of a few sweeps), kept out
 * of React state and out of the document.
 */
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

export async function fetchBytes(uri: string): Promise<Uint8Array> {
  const blob = files.get(uri);
  if (blob) return new Uint8Array(await blob.arrayBuffer());
  const url = resolveMediaUrl(uri);
  if (!url) throw new Error(`${uri}: the file is not available in this session; open its folder again`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${uri}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
