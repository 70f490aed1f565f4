/**
 * Object keys: the only names a MediaStore accepts. A key is `/`-separated segments of
 * [A-Za-z0-9._-], none empty, none starting with a dot (so no `.`/`..` and no hidden files: the
 * folder store keeps its own bookkeeping under dot-folders), at most 1024 bytes. This is stricter
 * than S3 needs on purpose: the same key must be a safe relative path in the folder store, so a key
 * built from request input can never climb out of the media folder.
 */

export class MediaKeyError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`invalid media key ${JSON.stringify(key.length > 120 ? `${key.slice(0, 120)}…` : key)}: ${problem}`);
    this.name = 'MediaKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
export const MAX_KEY_LENGTH = 1024;

function checkSegments(key: string, segments: string[]): void {
  for (const s of segments) {
    if (s === '') throw new MediaKeyError(key, 'empty path segment (leading, trailing or doubled "/")');
    if (s === '.' || s === '..') throw new MediaKeyError(key, `"${s}" segments are not allowed`);
    if (s.startsWith('.')) throw new MediaKeyError(key, `segment "${s}" starts with a dot`);
    if (!SEGMENT.test(s)) throw new MediaKeyError(key, `segment "${s}" has characters other than letters, digits, ".", "_" and "-"`);
  }
}

/** The key itself when it is valid; throws MediaKeyError naming the problem otherwise. */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw new MediaKeyError(String(key), 'empty');
  if (key.length > MAX_KEY_LENGTH) throw new MediaKeyError(key, `longer than ${MAX_KEY_LENGTH} characters`);
  checkSegments(key, key.split('/'));
  return key;
}

/**
 * A list prefix: '' (everything), whole segments ending in '/', or segments followed by the start
 * of a last segment (`projects/7/media/ab`). Same character rules as keys.
 */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  if (prefix.length > MAX_KEY_LENGTH) throw new MediaKeyError(prefix, `longer than ${MAX_KEY_LENGTH} characters`);
  const segments = prefix.split('/');
  if (segments[segments.length - 1] === '') segments.pop();
  checkSegments(prefix, segments);
  return prefix;
}
