/**
 * Read a PNG as a binary mask. Supports non-interlaced PNGs of every colour type and legal bit
 * depth (0 grey: 1/2/4/8/16; 2 RGB: 8/16; 3 palette: 1/2/4/8; 4 grey+alpha: 8/16; 6 RGBA: 8/16),
 * all five row filters (None, Sub, Up, Average, Paeth) and a zlib stream split over any number
 * of IDAT chunks. Every chunk's CRC-32 is checked; ancillary chunks are otherwise ignored.
 *
 * Inside/outside rule (`mask[y*w + x]` = 1 inside, 0 outside):
 * - grey (0) and palette (3): the grey value / palette index is non-zero (the palette's colours
 *   are not looked at, and tRNS is ignored);
 * - RGB (2): any of R, G, B is non-zero;
 * - grey+alpha (4) and RGBA (6): alpha is ignored and the colour decides as above — unless the
 *   colour channels are zero in *every* pixel and the alpha channel is not the same everywhere,
 *   in which case the mask is taken to live in the alpha channel and inside = alpha non-zero (a
 *   black image with a transparency mask); an all-black image with uniform alpha is empty;
 * - 16-bit samples are non-zero when either byte is.
 *
 * Problems throw PngError: bad signature, truncated chunk, CRC mismatch, missing/misplaced IHDR,
 * illegal colour type / bit depth, interlaced, missing IDAT/IEND/PLTE, an IDAT stream that is not
 * zlib or inflates to the wrong size, an unknown filter type.
 */
import { unzlibSync } from 'fflate';
import { crc32 } from './crc32';
import { PngError } from './errors';
import { PNG_SIGNATURE } from './encode';

/** Legal bit depths per colour type (PNG spec table 11.1). */
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Refuse images whose mask alone would exceed this many pixels (a hostile IHDR must not allocate gigabytes). */
const MAX_PIXELS = 1 << 28;
/** Refuse images whose unfiltered data would exceed this many bytes (16-bit RGBA at MAX_PIXELS would be 2 GiB). */
const MAX_RAW_BYTES = 1 << 28;

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

/** A decoded PNG before the mask rule: unfiltered scanlines without their filter bytes. */
export interface PngSamples extends PngHeader {
  channels: number;
  /** Bytes per unfiltered row: ceil(width * channels * bitDepth / 8). */
  stride: number;
  /** `height * stride` bytes, samples packed as in the file (big-endian 16-bit, MSB-first sub-byte). */
  data: Uint8Array;
}

const u32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/** Parse, check and unfilter a PNG into packed samples. */
export function decodePngSamples(bytes: Uint8Array): PngSamples {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError('bad signature: not a PNG file (the first 8 bytes must be 89 50 4E 47 0D 0A 1A 0A)');
  let header: PngHeader | null = null;
  let hasPalette = false;
  let sawIend = false;
  const idat: Uint8Array[] = [];
  let p = 8;
  while (p < bytes.length) {
    if (p + 12 > bytes.length) throw new PngError(`truncated: a chunk header at byte ${p} needs 12 bytes, only ${bytes.length - p} left`);
    const len = u32(bytes, p);
    const type = String.fromCharCode(bytes[p + 4], bytes[p + 5], bytes[p + 6], bytes[p + 7]);
    if (len > 0x7fffffff || p + 12 + len > bytes.length) throw new PngError(`truncated: chunk ${type} at byte ${p} declares ${len} data bytes, only ${Math.max(0, bytes.length - p - 12)} left`);
    const stored = u32(bytes, p + 8 + len);
    const actual = crc32(bytes, p + 4, p + 8 + len);
    if (stored !== actual) throw new PngError(`CRC mismatch in chunk ${type} at byte ${p}: stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}`);
    const data = bytes.subarray(p + 8, p + 8 + len);
    if (!header && type !== 'IHDR') throw new PngError(`the first chunk must be IHDR, found ${type}`);
    if (type === 'IHDR') {
      if (header) throw new PngError('more than one IHDR chunk');
      if (len !== 13) throw new PngError(`IHDR has ${len} bytes, expected 13`);
      header = { width: u32(data, 0), height: u32(data, 4), bitDepth: data[8], colorType: data[9] };
      const { width, height, bitDepth, colorType } = header;
      if (width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) throw new PngError(`IHDR size ${width}x${height} is not allowed (1..2^31-1 each way)`);
      if (!(colorType in DEPTHS)) throw new PngError(`unsupported colour type ${colorType} (PNG defines 0, 2, 3, 4, 6)`);
      if (!DEPTHS[colorType].includes(bitDepth)) throw new PngError(`unsupported bit depth ${bitDepth} for colour type ${colorType} (allowed: ${DEPTHS[colorType].join(', ')})`);
      if (data[10] !== 0) throw new PngError(`unknown compression method ${data[10]} (only 0, deflate)`);
      if (data[11] !== 0) throw new PngError(`unknown filter method ${data[11]} (only 0)`);
      if (data[12] === 1) throw new PngError('interlaced (Adam7) PNGs are not supported; save the mask without interlacing');
      if (data[12] !== 0) throw new PngError(`unknown interlace method ${data[12]}`);
      if (width * height > MAX_PIXELS) throw new PngError(`${width}x${height} is too large for a mask (more than ${MAX_PIXELS} pixels)`);
    } else if (type === 'PLTE') hasPalette = true;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      sawIend = true;
      break;
    }
    p += 12 + len;
  }
  if (!header) throw new PngError('truncated: no IHDR chunk');
  if (!idat.length) throw new PngError('no IDAT chunk (no image data)');
  if (!sawIend) throw new PngError('truncated: the file ends before the IEND chunk');
  if (header.colorType === 3 && !hasPalette) throw new PngError('colour type 3 (palette) without a PLTE chunk');

  const z = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of idat) {
    z.set(c, o);
    o += c.length;
  }
  const { width, height, bitDepth, colorType } = header;
  const channels = CHANNELS[colorType];
  const bitsPerPixel = channels * bitDepth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const expected = height * (stride + 1);
  if (expected > MAX_RAW_BYTES) throw new PngError(`${width}x${height} at ${bitsPerPixel} bits per pixel is too large for a mask (${expected} bytes of image data, at most ${MAX_RAW_BYTES})`);
  // inflate into exactly the size the header promises, plus one byte to notice a longer stream:
  // a small hostile payload cannot make the decoder allocate more than that
  let raw: Uint8Array;
  try {
    raw = unzlibSync(z, { out: new Uint8Array(expected + 1) });
  } catch (e) {
    throw new PngError(`IDAT data is not a valid zlib stream (${e instanceof Error ? e.message : String(e)})`);
  }
  if (raw.length !== expected) {
    const got = raw.length > expected ? `more than ${expected}` : String(raw.length);
    throw new PngError(`IDAT size mismatch: the image data inflates to ${got} bytes, expected ${expected} (${height} rows of 1 filter byte + ${stride} bytes)`);
  }
  return { ...header, channels, stride, data: unfilter(raw, height, stride, Math.max(1, bitsPerPixel >> 3)) };
}

/** Undo the per-row filters (PNG spec §9.2); `bpp` = bytes per complete pixel, at least 1. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const ft = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride; // only read when y > 0
    switch (ft) {
      case 0:
        out.set(raw.subarray(src, src + stride), row);
        break;
      case 1:
        for (let i = 0; i < stride; i++) out[row + i] = (raw[src + i] + (i >= bpp ? out[row + i - bpp] : 0)) & 255;
        break;
      case 2:
        for (let i = 0; i < stride; i++) out[row + i] = (raw[src + i] + (y > 0 ? out[prev + i] : 0)) & 255;
        break;
      case 3:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[row + i - bpp] : 0;
          const b = y > 0 ? out[prev + i] : 0;
          out[row + i] = (raw[src + i] + ((a + b) >> 1)) & 255;
        }
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[row + i - bpp] : 0;
          const b = y > 0 ? out[prev + i] : 0;
          const c = i >= bpp && y > 0 ? out[prev + i - bpp] : 0;
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          out[row + i] = (raw[src + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        }
        break;
      default:
        throw new PngError(`unknown filter type ${ft} on row ${y} (PNG defines 0-4)`);
    }
  }
  return out;
}

/** Decode a PNG into a row-major mask (1 inside, 0 outside) by the rule in the module comment. */
export function decodeMaskPng(bytes: Uint8Array): { width: number; height: number; mask: Uint8Array } {
  const s = decodePngSamples(bytes);
  const { width, height, bitDepth, colorType, stride, data } = s;
  const mask = new Uint8Array(width * height);
  if (bitDepth < 8) {
    // one channel (grey or palette index), several pixels per byte, MSB first
    const perByte = 8 / bitDepth;
    const max = (1 << bitDepth) - 1;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const byte = data[y * stride + Math.floor(x / perByte)];
        const shift = 8 - bitDepth * ((x % perByte) + 1);
        mask[y * width + x] = (byte >> shift) & max ? 1 : 0;
      }
    return { width, height, mask };
  }
  const bytesPerSample = bitDepth / 8;
  const colour = colorType === 2 || colorType === 6 ? 3 : 1; // colour samples per pixel before any alpha
  const hasAlpha = colorType === 4 || colorType === 6;
  const pixelBytes = s.channels * bytesPerSample;
  const colourBytes = colour * bytesPerSample;
  let anyColour = false;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = y * stride + x * pixelBytes;
      let v = 0;
      for (let k = 0; k < colourBytes; k++) v |= data[at + k];
      if (v) {
        mask[y * width + x] = 1;
        anyColour = true;
      }
    }
  let alphaVaries = false;
  if (hasAlpha && !anyColour) {
    const first = data.subarray(colourBytes, colourBytes + bytesPerSample).join(',');
    for (let y = 0; y < height && !alphaVaries; y++)
      for (let x = 0; x < width && !alphaVaries; x++) {
        const at = y * stride + x * pixelBytes + colourBytes;
        alphaVaries = data.subarray(at, at + bytesPerSample).join(',') !== first;
      }
  }
  if (alphaVaries)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const at = y * stride + x * pixelBytes + colourBytes;
        let v = 0;
        for (let k = 0; k < bytesPerSample; k++) v |= data[at + k];
        mask[y * width + x] = v ? 1 : 0;
      }
  return { width, height, mask };
}
