/**
 * Base64 (RFC 4648 §4, standard alphabet `A–Z a–z 0–9 + /`, `=` padding) without Buffer, btoa or
 * atob, so it runs the same in Node, browsers and workers.
 *
 * - `bytesToBase64` always writes padding and no line breaks.
 * - `base64ToBytes` ignores ASCII whitespace (line-wrapped MIME base64), accepts missing padding,
 *   and throws Base64Error naming the position of the first character outside the alphabet, a
 *   misplaced `=`, or an impossible length (one stray character in the last quantum).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export class Base64Error extends Error {
  constructor(message: string) {
    super(`invalid base64: ${message}`);
    this.name = 'Base64Error';
  }
}

/** Encode bytes as standard padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096; // build the string in pieces so huge inputs do not build one char at a time
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + ALPHABET[n & 63];
    }
    const rest = end - i;
    if (rest === 1) {
      const n = bytes[i] << 16;
      s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + '==';
    } else if (rest === 2) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** Decode standard base64 (see the module comment for what is tolerated). */
export function base64ToBytes(text: string): Uint8Array {
  const sextets = new Uint8Array(text.length);
  let n = 0;
  let padAt = -1;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 61 /* = */) {
      if (padAt < 0) padAt = i;
      pads++;
      continue;
    }
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) throw new Base64Error(`character ${JSON.stringify(text[i])} at position ${i} is not in the base64 alphabet`);
    if (padAt >= 0) throw new Base64Error(`data after the '=' padding at position ${padAt}`);
    sextets[n++] = v;
  }
  if (n % 4 === 1) throw new Base64Error(`${n} base64 characters (a multiple of 4, or 2 or 3 more, is needed)`);
  if (pads > 2 || (pads > 0 && (n + pads) % 4 !== 0)) throw new Base64Error(`${pads} '=' padding characters do not fit ${n} data characters`);
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v = (sextets[i] << 18) | (sextets[i + 1] << 12) | (sextets[i + 2] << 6) | sextets[i + 3];
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (n - i === 2) out[o++] = ((sextets[i] << 2) | (sextets[i + 1] >>> 4)) & 255;
  else if (n - i === 3) {
    const v = (sextets[i] << 10) | (sextets[i + 1] << 4) | (sextets[i + 2] >>> 2);
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  return out;
}
