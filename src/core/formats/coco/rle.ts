/**
 * COCO run-length encoding, ported from cocodataset/cocoapi `common/maskApi.c` (rleEncode,
 * rleDecode, rleArea, rleToBbox, rleToString, rleFrString).
 *
 * Conventions:
 * - Masks passed in and returned here are **row-major** `Uint8Array`s of `h*w` bytes (index
 *   `y*w + x`, non-zero = inside), the natural image layout. The RLE itself walks the mask in
 *   **column-major** (Fortran) order, as COCO requires.
 * - Counts alternate and **start with a run of zeros** (possibly empty): `[0 0 1 1 1 0 1] → [2 3 1 1]`.
 * - The compressed string is "LEB128-like": 5 data bits per char + a continuation bit, ASCII 48..111,
 *   and from index 3 on each count is delta-coded against `counts[i-2]`.
 * - Bounding boxes are `[x, y, w, h]` in whole pixels, 0-based: `[0,0,1,1]` covers the first pixel.
 */

/** An uncompressed COCO RLE: `size` is `[height, width]`. */
export interface CocoRle {
  size: [number, number];
  counts: number[];
}

/** Encode a row-major mask (`h*w` bytes) as COCO RLE counts (column-major, starting with zeros). */
export function rleEncode(mask: Uint8Array, h: number, w: number): CocoRle {
  if (mask.length !== h * w) throw new Error(`rleEncode: mask has ${mask.length} bytes, expected h*w = ${h}*${w} = ${h * w}`);
  const counts: number[] = [];
  let current = 0; // value of the run being counted (0 first)
  let run = 0;
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      const v = mask[y * w + x] !== 0 ? 1 : 0;
      if (v !== current) {
        counts.push(run);
        run = 0;
        current = v;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [h, w], counts };
}

/** Decode COCO RLE counts into a row-major mask of `h*w` bytes (0 or 1). Throws when the counts do not sum to h*w. */
export function rleDecode(rle: CocoRle): Uint8Array {
  const [h, w] = rle.size;
  const n = h * w;
  // Check the counts against the size before allocating h*w bytes: a size of [2^31, 2^31] with a
  // one-character counts string would otherwise allocate (or fail to) before any check.
  let sum = 0;
  for (const c of rle.counts) sum += c;
  if (sum !== n) throw new Error(sum > n ? `rleDecode: counts sum past h*w = ${n}` : `rleDecode: counts sum to ${sum}, expected h*w = ${n}`);
  const out = new Uint8Array(n);
  let k = 0; // column-major index
  let v = 0;
  for (const c of rle.counts) {
    if (k + c > n) throw new Error(`rleDecode: counts sum past h*w = ${n}`);
    if (v === 1) {
      for (let j = k; j < k + c; j++) {
        const x = Math.floor(j / h);
        out[(j - x * h) * w + x] = 1;
      }
    }
    k += c;
    v ^= 1;
  }
  if (k !== n) throw new Error(`rleDecode: counts sum to ${k}, expected h*w = ${n}`);
  return out;
}

/** Number of foreground pixels (sum of the odd-index counts). */
export function rleArea(rle: CocoRle): number {
  let a = 0;
  for (let i = 1; i < rle.counts.length; i += 2) a += rle.counts[i];
  return a;
}

/** Tight bounding box `[x, y, w, h]` in whole pixels (maskApi.c rleToBbox); `[0,0,0,0]` for an empty mask. */
export function rleToBbox(rle: CocoRle): [number, number, number, number] {
  const [h, w] = rle.size;
  const m = Math.floor(rle.counts.length / 2) * 2;
  if (m === 0) return [0, 0, 0, 0];
  let xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
  for (let j = 0; j < m; j++) {
    cc += rle.counts[j];
    const t = cc - (j % 2);
    const y = t % h;
    const x = (t - y) / h;
    if (j % 2 === 0) xp = x;
    else if (xp < x) {
      // the run wraps a column: it spans the full height
      ys = 0;
      ye = h - 1;
    }
    xs = Math.min(xs, x);
    xe = Math.max(xe, x);
    ys = Math.min(ys, y);
    ye = Math.max(ye, y);
  }
  if (rleArea(rle) === 0) return [0, 0, 0, 0];
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

/** Compress counts into the COCO string form (maskApi.c rleToString). */
export function rleToString(counts: readonly number[]): string {
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = ((x % 32) + 32) % 32; // x & 0x1f, also for negative x
      x = Math.floor(x / 32); // arithmetic x >> 5
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/** Decompress a COCO counts string (maskApi.c rleFrString). Throws on characters outside ASCII 48..111 or a truncated count. */
export function rleFromString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error(`rleFromString: string ends inside a count (at char ${p})`);
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`rleFromString: character ${JSON.stringify(s[p])} at ${p} is outside the codec's range '0'..'o'`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k); // sign-extend
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    if (x < 0) throw new Error(`rleFromString: count ${counts.length} decodes to a negative run (${x})`);
    counts.push(x);
  }
  return counts;
}
