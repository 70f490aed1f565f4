/**
 * An independent reader for the masks Crosslabel exports (tests only): Node's base64 and zlib,
 * then the 1-bit greyscale rows by hand — none of the app's PNG codec. Throws (via the caller's
 * expectations) on anything but a non-interlaced 1-bit greyscale PNG.
 */
import { inflateSync } from 'node:zlib';

export function readOneBitPng(b64: string): { w: number; h: number; mask: Uint8Array } {
  const png = Buffer.from(b64, 'base64');
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  const w = png.readUInt32BE(16);
  const h = png.readUInt32BE(20);
  if (png[24] !== 1 || png[25] !== 0 || png[28] !== 0) throw new Error(`not a non-interlaced 1-bit greyscale PNG (depth ${png[24]}, colour type ${png[25]}, interlace ${png[28]})`);
  const idat: Buffer[] = [];
  for (let p = 8; p < png.length; ) {
    const len = png.readUInt32BE(p);
    if (png.toString('latin1', p + 4, p + 8) === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil(w / 8) + 1; // a filter byte, then the packed row
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    if (raw[y * stride] !== 0) throw new Error(`row ${y}: filter ${raw[y * stride]}, expected 0 (None)`);
    for (let x = 0; x < w; x++) mask[y * w + x] = (raw[y * stride + 1 + (x >> 3)] >> (7 - (x & 7))) & 1;
  }
  return { w, h, mask };
}
