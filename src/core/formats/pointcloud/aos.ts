/**
 * Array-of-structs → one typed array per field ("deinterleave"), the hot path of binary PCD,
 * binary PLY and the KITTI / nuScenes .bin readers.
 *
 * Zero-copy positions (the common LiDAR case): when the record starts with float32 x y z and its
 * size is a multiple of 4 bytes (little-endian data on a little-endian host), `positions` is a
 * Float32Array view of the data block itself with `positionStride` = record bytes / 4 (see
 * types.ts). If the block does not start on a 4-byte boundary it is first copied once (one memcpy)
 * into a fresh aligned buffer, which the view and the attribute copies then read — or, when the
 * caller gives its input up (ReadOptions.consumeInput), moved down 1–3 bytes in place. Only the other
 * fields (intensity …) are deinterleaved, into dense arrays. 1M x y z intensity points (16 MB,
 * `npm run bench -- pointcloud`, medians of 3 runs): ~3.6 ms aligned (0.32× a warm memcpy; nearly
 * all of it the dense intensity copy: a strided read of 16 MB plus first-touch of the fresh 4 MB),
 * ~6 ms unaligned (the extra 16 MB memcpy into fresh memory), against ~6–7 ms for the dense
 * deinterleave below.
 *
 * Dense path (everything else: x y z not first, odd record sizes):
 * Speed: records are read as 32-bit (or 16/8-bit) words through typed-array views, never per-point
 * objects (DataView only for big-endian data and unaligned x y z w). When the data does not start on a
 * 4-byte boundary, 64 KiB chunks are first copied (memcpy) into an aligned scratch buffer that
 * stays in cache (the x y z w stride-16 layout instead reads unaligned data through a DataView).
 * Words are copied as integers, so NaN payloads survive bit-exactly.
 * When x, y, z are three consecutive float32 fields, they go straight into `positions`.
 *
 * Where the time goes (1M points of x y z intensity, 16 MB, Node 20, measured by
 * `npm run bench -- pointcloud`): ~7 ms, the same as a plain JS loop that copies the 4M words in
 * order into one fresh Int32Array (no shuffling at all), i.e. this is the pure-JS floor. Of that,
 * ~1.2–1.6 ms is first-touch page faults of the fresh 16 MB output (the caller must own fresh
 * arrays) and the rest is one load and one store per word. A warm native memcpy of the same bytes
 * takes ~1.2 ms, so "within 4× of memcpy" is not reachable from JS loops (see the bench rows).
 * Unrolling the x y z w stride-16 case by four points gave ~15–20%; per-field passes, cache-sized
 * chunks, a single shared output buffer and Float32Array (instead of Int32Array) copies did not
 * help measurably (and float copies could quiet signalling-NaN payloads).
 */
import { arrayTypeFor, HOST_LITTLE_ENDIAN, type PointAttributeArray, type PointField } from './types';

/** A field with its byte offset inside one record. */
export interface FieldLayout extends PointField {
  offset: number;
}

/** Byte offsets of `fields` packed back to back; returns the record stride in bytes. */
export function layoutFields(fields: PointField[]): { layouts: FieldLayout[]; stride: number } {
  let offset = 0;
  const layouts = fields.map((f) => {
    const l = { ...f, offset };
    offset += f.size * f.count;
    return l;
  });
  return { layouts, stride: offset };
}

/** Decoded AoS data: native-typed arrays per field; `positions` set when an xyz fast path ran. */
export interface DecodedFields {
  arrays: Map<string, PointAttributeArray>;
  positions?: Float32Array;
  /** Floats per point in `positions` (3 when absent; record bytes / 4 for the zero-copy view). */
  positionStride?: number;
}

const CHUNK_BYTES = 1 << 16;

/** Byte offset of x when x, y, z are consecutive float32 fields (the fast path), else -1. */
function xyzFastOffset(layouts: FieldLayout[], stride: number): number {
  const find = (n: string) => layouts.find((l) => l.name === n);
  const x = find('x'), y = find('y'), z = find('z');
  if (!x || !y || !z) return -1;
  const f4 = (l: FieldLayout) => l.type === 'F' && l.size === 4 && l.count === 1;
  if (!f4(x) || !f4(y) || !f4(z) || y.offset !== x.offset + 4 || z.offset !== x.offset + 8) return -1;
  return x.offset % 4 === 0 && stride % 4 === 0 ? x.offset : -1;
}

/** True when the records start with float32 x y z and are a whole number of 4-byte words (zero-copy view). */
function xyzViewable(layouts: FieldLayout[], stride: number): boolean {
  return stride % 4 === 0 && xyzFastOffset(layouts, stride) === 0;
}

/** Largest word size (4, 2, 1) that divides the stride, the field offset and its byte length. */
function wordSize(stride: number, l: FieldLayout): 4 | 2 | 1 {
  const bytes = l.size * l.count;
  if (stride % 4 === 0 && l.offset % 4 === 0 && bytes % 4 === 0) return 4;
  if (stride % 2 === 0 && l.offset % 2 === 0 && bytes % 2 === 0) return 2;
  return 1;
}

type WordArray = Int32Array | Uint16Array | Uint8Array;
const wordView = (w: 4 | 2 | 1, buf: ArrayBufferLike, byteOffset: number, length: number): WordArray =>
  w === 4 ? new Int32Array(buf, byteOffset, length) : w === 2 ? new Uint16Array(buf, byteOffset, length) : new Uint8Array(buf, byteOffset, length);

/**
 * Deinterleave `n` records of `stride` bytes starting at `bytes[start]`.
 * Fields named `_` are skipped; with `xyzFast`, consecutive float32 x y z go to `positions` and are
 * not returned as arrays. The caller has checked that `start + n·stride <= bytes.length`.
 */
export function readAos(bytes: Uint8Array, start: number, n: number, layouts: FieldLayout[], stride: number, littleEndian: boolean, xyzFast = true, consumeInput = false): DecodedFields {
  if (!littleEndian || !HOST_LITTLE_ENDIAN) return readAosDataView(bytes, start, n, layouts, stride, littleEndian);
  if (xyzFast && xyzViewable(layouts, stride)) {
    const rest = layouts.filter((l) => l.name !== 'x' && l.name !== 'y' && l.name !== 'z');
    if ((bytes.byteOffset + start) % 4 === 0) {
      const { arrays } = deinterleave(bytes, start, n, rest, stride, false);
      return { arrays, positions: new Float32Array(bytes.buffer, bytes.byteOffset + start, (n * stride) / 4), positionStride: stride / 4 };
    }
    const shift = (bytes.byteOffset + start) % 4;
    if (consumeInput && start >= shift) {
      // The caller gave the bytes up (ReadOptions.consumeInput): move the block down onto a 4-byte
      // boundary inside the input (a memmove over the header's last bytes, no fresh memory).
      bytes.copyWithin(start - shift, start, start + n * stride);
      const { arrays } = deinterleave(bytes, start - shift, n, rest, stride, false);
      return { arrays, positions: new Float32Array(bytes.buffer, bytes.byteOffset + start - shift, (n * stride) / 4), positionStride: stride / 4 };
    }
    // A Float32Array cannot start at an odd byte: one memcpy of the data block into an aligned
    // buffer, then the other fields are copied out of that (copying chunk by chunk into it, to read
    // each chunk while in cache, measured slower: ~4–7 ms against ~4 ms per 1M points).
    const block = new Uint8Array(n * stride);
    block.set(bytes.subarray(start, start + n * stride));
    const { arrays } = deinterleave(block, 0, n, rest, stride, false);
    return { arrays, positions: new Float32Array(block.buffer, 0, (n * stride) / 4), positionStride: stride / 4 };
  }
  return deinterleave(bytes, start, n, layouts, stride, xyzFast);
}

/** The little-endian deinterleave (dense positions when `xyzFast` finds consecutive float32 x y z). */
function deinterleave(bytes: Uint8Array, start: number, n: number, layouts: FieldLayout[], stride: number, xyzFast: boolean): DecodedFields {
  const fastX = xyzFast ? xyzFastOffset(layouts, stride) : -1;
  const positions = fastX >= 0 ? new Float32Array(3 * n) : undefined;
  const wanted = layouts.filter((l) => l.name !== '_' && !(fastX >= 0 && (l.name === 'x' || l.name === 'y' || l.name === 'z')));
  const arrays = new Map<string, PointAttributeArray>();
  const jobs = wanted.map((l) => {
    const Ctor = arrayTypeFor(l.type, l.size)!;
    const out = new Ctor(n * l.count);
    arrays.set(l.name, out);
    const w = wordSize(stride, l);
    return { l, w, dst: wordView(w, out.buffer, 0, (n * l.size * l.count) / w), perPoint: (l.size * l.count) / w };
  });
  const posWords = positions ? new Int32Array(positions.buffer) : undefined;
  const fusedJob = jobs.find((j) => j.w === 4 && j.perPoint === 1);

  const absStart = bytes.byteOffset + start;
  const aligned = absStart % 4 === 0;
  const xyzw16 = posWords !== undefined && fusedJob !== undefined && stride === 16 && fastX === 0 && fusedJob.l.offset === 12;
  if (xyzw16 && !aligned) {
    // Unaligned x y z w (3 in 4 real PCD headers): unaligned DataView reads beat the scratch-chunk
    // copy below (measured ~6.5 ms vs ~7.5 ms per 1M points; aligned Int32Array reads ~6.0 ms).
    copyXyzw16Unaligned(new DataView(bytes.buffer, absStart, n * 16), posWords, fusedJob.dst as Int32Array, n);
    return { arrays, positions };
  }
  const chunkPoints = aligned ? n : Math.max(1, Math.floor(CHUNK_BYTES / stride));
  const scratch = aligned ? undefined : new ArrayBuffer(chunkPoints * stride + 4);
  const scratchBytes = scratch ? new Uint8Array(scratch) : undefined;

  for (let p0 = 0; p0 < n; p0 += chunkPoints) {
    const m = Math.min(chunkPoints, n - p0);
    let buf: ArrayBufferLike, base: number;
    if (scratchBytes) {
      scratchBytes.set(bytes.subarray(start + p0 * stride, start + (p0 + m) * stride));
      buf = scratch!;
      base = 0;
    } else {
      buf = bytes.buffer;
      base = absStart + p0 * stride;
    }
    // Fused fast path: xyz plus (when present) one 4-byte attribute, one pass over the chunk.
    const fused = posWords && fusedJob ? fusedJob : undefined;
    if (posWords) {
      const s = new Int32Array(buf, base, (m * stride) >> 2);
      if (fused && xyzw16) copyXyzw16(s, posWords, 3 * p0, fused.dst as Int32Array, p0, m);
      else if (fused) copyXyzPlusOne(s, stride >> 2, fastX >> 2, posWords, 3 * p0, fused.dst as Int32Array, fused.l.offset >> 2, p0, m);
      else copyXyz(s, stride >> 2, fastX >> 2, posWords, 3 * p0, m);
    }
    for (const job of jobs) {
      if (job === fused) continue;
      const { l, w, dst, perPoint } = job;
      const s = wordView(w, buf, base, (m * stride) / w);
      if (w === 4) copyWords32(s as Int32Array, stride / w, l.offset / w, dst as Int32Array, p0 * perPoint, perPoint, m);
      else if (w === 2) copyWords16(s as Uint16Array, stride / w, l.offset / w, dst as Uint16Array, p0 * perPoint, perPoint, m);
      else copyWords8(s as Uint8Array, stride, l.offset, dst as Uint8Array, p0 * perPoint, perPoint, m);
    }
  }
  return { arrays, positions };
}

function copyXyz(s: Int32Array, sw: number, k: number, p: Int32Array, j: number, m: number): void {
  for (let i = 0; i < m; i++, k += sw, j += 3) {
    p[j] = s[k];
    p[j + 1] = s[k + 1];
    p[j + 2] = s[k + 2];
  }
}

function copyXyzPlusOne(s: Int32Array, sw: number, k: number, p: Int32Array, j: number, d: Int32Array, ko: number, di: number, m: number): void {
  ko -= k;
  for (let i = 0; i < m; i++, k += sw, j += 3) {
    p[j] = s[k];
    p[j + 1] = s[k + 1];
    p[j + 2] = s[k + 2];
    d[di + i] = s[k + ko];
  }
}

/**
 * The commonest LiDAR layout, `x y z w` in 16-byte records (KITTI .bin, PCD x y z intensity):
 * constant offsets, unrolled by four points so the JIT emits straight-line loads and stores with
 * one loop test per 64 bytes (measured ~20–30% faster than the generic-stride loop above).
 */
function copyXyzw16(s: Int32Array, p: Int32Array, j: number, d: Int32Array, di: number, m: number): void {
  let i = 0;
  let k = 0;
  for (; i + 4 <= m; i += 4, k += 16, j += 12) {
    p[j] = s[k];
    p[j + 1] = s[k + 1];
    p[j + 2] = s[k + 2];
    d[di + i] = s[k + 3];
    p[j + 3] = s[k + 4];
    p[j + 4] = s[k + 5];
    p[j + 5] = s[k + 6];
    d[di + i + 1] = s[k + 7];
    p[j + 6] = s[k + 8];
    p[j + 7] = s[k + 9];
    p[j + 8] = s[k + 10];
    d[di + i + 2] = s[k + 11];
    p[j + 9] = s[k + 12];
    p[j + 10] = s[k + 13];
    p[j + 11] = s[k + 14];
    d[di + i + 3] = s[k + 15];
  }
  for (; i < m; i++, k += 4, j += 3) {
    p[j] = s[k];
    p[j + 1] = s[k + 1];
    p[j + 2] = s[k + 2];
    d[di + i] = s[k + 3];
  }
}

/** copyXyzw16 for data at any byte alignment: little-endian DataView reads (inlined by the JIT). */
function copyXyzw16Unaligned(dv: DataView, p: Int32Array, d: Int32Array, n: number): void {
  let i = 0;
  let o = 0;
  let j = 0;
  for (; i + 4 <= n; i += 4, o += 64, j += 12) {
    p[j] = dv.getInt32(o, true);
    p[j + 1] = dv.getInt32(o + 4, true);
    p[j + 2] = dv.getInt32(o + 8, true);
    d[i] = dv.getInt32(o + 12, true);
    p[j + 3] = dv.getInt32(o + 16, true);
    p[j + 4] = dv.getInt32(o + 20, true);
    p[j + 5] = dv.getInt32(o + 24, true);
    d[i + 1] = dv.getInt32(o + 28, true);
    p[j + 6] = dv.getInt32(o + 32, true);
    p[j + 7] = dv.getInt32(o + 36, true);
    p[j + 8] = dv.getInt32(o + 40, true);
    d[i + 2] = dv.getInt32(o + 44, true);
    p[j + 9] = dv.getInt32(o + 48, true);
    p[j + 10] = dv.getInt32(o + 52, true);
    p[j + 11] = dv.getInt32(o + 56, true);
    d[i + 3] = dv.getInt32(o + 60, true);
  }
  for (; i < n; i++, o += 16, j += 3) {
    p[j] = dv.getInt32(o, true);
    p[j + 1] = dv.getInt32(o + 4, true);
    p[j + 2] = dv.getInt32(o + 8, true);
    d[i] = dv.getInt32(o + 12, true);
  }
}

// One monomorphic copy loop per word type (the JIT keeps each one specialised).
function copyWords32(s: Int32Array, sw: number, k: number, d: Int32Array, j: number, per: number, m: number): void {
  if (per === 1) for (let i = 0; i < m; i++, k += sw) d[j++] = s[k];
  else for (let i = 0; i < m; i++, k += sw) for (let e = 0; e < per; e++) d[j++] = s[k + e];
}
function copyWords16(s: Uint16Array, sw: number, k: number, d: Uint16Array, j: number, per: number, m: number): void {
  if (per === 1) for (let i = 0; i < m; i++, k += sw) d[j++] = s[k];
  else for (let i = 0; i < m; i++, k += sw) for (let e = 0; e < per; e++) d[j++] = s[k + e];
}
function copyWords8(s: Uint8Array, sw: number, k: number, d: Uint8Array, j: number, per: number, m: number): void {
  if (per === 1) for (let i = 0; i < m; i++, k += sw) d[j++] = s[k];
  else for (let i = 0; i < m; i++, k += sw) for (let e = 0; e < per; e++) d[j++] = s[k + e];
}

/** Portable (and big-endian) path: one DataView read per element. */
function readAosDataView(bytes: Uint8Array, start: number, n: number, layouts: FieldLayout[], stride: number, le: boolean): DecodedFields {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + start, n * stride);
  const arrays = new Map<string, PointAttributeArray>();
  for (const l of layouts) {
    if (l.name === '_') continue;
    const Ctor = arrayTypeFor(l.type, l.size)!;
    const out = new Ctor(n * l.count);
    const get = getter(dv, l.type, l.size, le);
    let j = 0;
    for (let i = 0; i < n; i++) for (let e = 0; e < l.count; e++) out[j++] = get(i * stride + l.offset + e * l.size) as never;
    arrays.set(l.name, out);
  }
  return { arrays };
}

/** A DataView element reader for one PCD/PLY element type. */
export function getter(dv: DataView, type: PointField['type'], size: number, le: boolean): (o: number) => number | bigint {
  if (type === 'F') return size === 8 ? (o) => dv.getFloat64(o, le) : (o) => dv.getFloat32(o, le);
  if (type === 'I') {
    if (size === 1) return (o) => dv.getInt8(o);
    if (size === 2) return (o) => dv.getInt16(o, le);
    if (size === 4) return (o) => dv.getInt32(o, le);
    return (o) => dv.getBigInt64(o, le);
  }
  if (size === 1) return (o) => dv.getUint8(o);
  if (size === 2) return (o) => dv.getUint16(o, le);
  if (size === 4) return (o) => dv.getUint32(o, le);
  return (o) => dv.getBigUint64(o, le);
}
