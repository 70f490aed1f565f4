/**
 * The one in-memory point-cloud shape every reader returns (PCD, KITTI .bin, nuScenes .pcd.bin, PLY).
 *
 * Conventions:
 * - Coordinates are in the sensor frame of the file, in the file's units (metres for LiDAR).
 * - FILE coordinates = `positions` + `origin` (float64, per axis). `origin` is [0, 0, 0] — and
 *   `positions` are the file's coordinates themselves — except for large coordinates stored with more
 *   precision than float32 (map / UTM clouds: x ≈ 500,000 m, y ≈ 4,000,000 m, where float32 steps
 *   0.25–0.5 m): a reader whose x, y or z field is not float32 (F8 / PLY double, integers) and whose
 *   finite values on that axis reach ±ORIGIN_SHIFT_ABOVE_M subtracts, in float64 before the float32
 *   rounding, a local origin on that axis (the finite bounds' centre rounded to a whole unit), so the
 *   float32 `positions` keep sub-millimetre precision (error ≤ half a float32 step of |file − origin|).
 *   Float32 x/y/z are never shifted (origin 0 on that axis: they are exact as stored). So every
 *   consumer that relates points to other geometry (cuboids, camera extrinsics) must add `origin`:
 *   projectSweep takes it (composing T · Translate(origin) once in float64), fitting / counting code is
 *   given cuboids moved by −origin (`toCloudFrame`), and a renderer subtracts a view origin of its own.
 * - `positions` holds float32 x y z at float offsets 0, 1, 2 of every `stride` floats, and its length
 *   is exactly stride·count (point i is positions[stride·i .. stride·i + 2]). Two shapes:
 *   - zero-copy (stride = record bytes / 4, e.g. 4 for KITTI / PCD `x y z intensity`, 5 for nuScenes):
 *     little-endian binary records (binary PCD, KITTI .bin, nuScenes .pcd.bin, binary_little_endian
 *     PLY) whose first three fields are float32 x y z and whose record size is a multiple of 4 bytes.
 *     `positions` is then a view of the file's data block: it shares the input `bytes.buffer` when
 *     the data block starts on a 4-byte boundary, otherwise it is a view of ONE aligned memcpy of the
 *     data block (a Float32Array cannot start at an odd byte). The other floats of each record
 *     (intensity …) sit between the points; never assume stride 3. Such a cloud ALIASES the input:
 *     do not reuse or mutate the input bytes while the cloud is alive (the worker transfers the
 *     file's buffer back with the cloud, so nothing is copied or detached under it).
 *   - dense (stride 3, fresh array): everything else — ascii, binary_compressed, big-endian PLY,
 *     non-float32 x/y/z (F8, integers: converted to float32 after subtracting `origin`, see above), x y z not first or not consecutive,
 *     record sizes that are not a multiple of 4 (e.g. PLY x y z + uchar colours).
 *   Values are bit-exact either way (words are copied, never converted, for float32 input).
 *   Consumers pass `stride` to the core (projectSweep, countPointsInCuboids, nearbyPointsLocal,
 *   fitCuboid's Sweep); anything that needs dense xyz (a GPU attribute) copies with `copyXyz`.
 * - NaN / non-finite points are KEPT at their index (count stays equal to the file's POINTS, so
 *   organized clouds keep their grid and attributes stay aligned); `bounds` ignores them.
 * - `attributes` holds one DENSE typed array per non-xyz field (a fresh copy even when `positions` is
 *   a view), length count·COUNT, element-interleaved
 *   per point when COUNT > 1, in the field's native type (I1→Int8Array … F8→Float64Array,
 *   I8/U8→BigInt64Array/BigUint64Array). Padding fields named `_` are skipped.
 *   Packed colours become bytes: a PCD `rgb` field (F4 or U4, 0x00RRGGBB) → `rgb` Uint8Array
 *   (r,g,b per point); `rgba` (0xAARRGGBB) → `rgba` Uint8Array (r,g,b,a per point). PLY
 *   `red green blue` (uchar) → `rgb`, `alpha` stays `alpha`.
 * - Attributes may be views sharing one ArrayBuffer (always respect byteOffset/length).
 */
import { printable } from '../printable';

/** Element type as in PCD TYPE: I signed int, U unsigned int, F float. */
export type PointFieldType = 'I' | 'U' | 'F';

/** One field as declared by the file (padding `_` fields included). */
export interface PointField {
  name: string;
  type: PointFieldType;
  /** Bytes per element: 1, 2, 4 or 8. */
  size: number;
  /** Elements per point. */
  count: number;
}

export type PointAttributeArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export type PointCloudFormat = 'pcd' | 'kitti-bin' | 'nuscenes-bin' | 'ply';

export interface PointBounds {
  /**
   * Minimum x, y, z over finite points in FILE coordinates (origin added; exact float64 values of the
   * file when the reader shifted an axis); NaN when the cloud has no finite point.
   */
  min: [number, number, number];
  max: [number, number, number];
}

/** Float64 x y z, in the file's units. */
export type Vec3Tuple = [number, number, number];

/**
 * Readers subtract a local origin on a non-float32 axis whose finite values reach this magnitude
 * (2^13 m): below it, float32 keeps every coordinate within 0.25 mm (half a step of 2^-11 m).
 */
export const ORIGIN_SHIFT_ABOVE_M = 8192;

export interface PointCloud {
  /** x y z at float offsets 0..2 of every `stride` floats, RELATIVE TO `origin`; length stride·count; may view the input (see top). */
  positions: Float32Array;
  /** File coordinates = positions + origin (float64). [0, 0, 0] unless a reader shifted large non-float32 coordinates (see top). */
  origin: Vec3Tuple;
  /** Floats per point in `positions`: 3 when dense, record bytes / 4 for a zero-copy view (≥ 3). */
  stride: number;
  count: number;
  attributes: Record<string, PointAttributeArray>;
  fields: PointField[];
  format: PointCloudFormat;
  /** 'ascii' | 'binary' | 'binary_compressed' (PCD), 'binary_little_endian' … (PLY), 'float32' (bins). */
  encoding: string;
  /** In file coordinates. Computed from `positions` + `origin` on first read, then cached (readers attach it lazily; see withLazyBounds), or exact from the float64 values when an axis was shifted. */
  bounds: PointBounds;
}

/** How a reader may treat its input. */
export interface ReadOptions {
  /**
   * The caller hands the bytes over and will not read them again (the worker, which owns the
   * transferred file; the CLI). A zero-copy read whose data block does not start on a 4-byte
   * boundary then moves the block down by 1–3 bytes inside the input (over the end of the header)
   * instead of copying it to fresh memory; the input is no longer a valid file afterwards.
   */
  consumeInput?: boolean;
}

/** A file that is not what it claims to be. The message starts with the file name. */
export class PointCloudFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly problem: string,
  ) {
    super(printable(`${fileName}: ${problem}`));
    this.name = 'PointCloudFormatError';
  }
}

/** Constructor of the typed array for an element type, or undefined for an unknown combination. */
export function arrayTypeFor(type: PointFieldType, size: number): { new (n: number): PointAttributeArray; BYTES_PER_ELEMENT: number } | undefined {
  if (type === 'F') return size === 4 ? Float32Array : size === 8 ? Float64Array : undefined;
  if (type === 'I') return size === 1 ? Int8Array : size === 2 ? Int16Array : size === 4 ? Int32Array : size === 8 ? BigInt64Array : undefined;
  return size === 1 ? Uint8Array : size === 2 ? Uint16Array : size === 4 ? Uint32Array : size === 8 ? BigUint64Array : undefined;
}

/** Bounds of the finite points; x y z at offsets 0..2 of every `stride` floats, plus `origin` when given (file coordinates). */
export function computeBounds(positions: Float32Array, count: number, stride = 3, origin?: Readonly<Vec3Tuple>): PointBounds {
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0, j = 0; i < count; i++, j += stride) {
    const x = positions[j], y = positions[j + 1], z = positions[j + 2];
    // x - x is NaN for NaN and ±Infinity: one test rejects every non-finite point.
    if (x - x + (y - y) + (z - z) !== 0) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  if (minX === Infinity) return { min: [NaN, NaN, NaN], max: [NaN, NaN, NaN] };
  if (origin && !isZeroOrigin(origin)) {
    const [ox, oy, oz] = origin;
    return { min: [minX + ox, minY + oy, minZ + oz], max: [maxX + ox, maxY + oy, maxZ + oz] };
  }
  return { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] };
}

/** True for [0, 0, 0] (or a missing origin): positions are file coordinates. */
export const isZeroOrigin = (o: Readonly<Vec3Tuple> | undefined): boolean => !o || (o[0] === 0 && o[1] === 0 && o[2] === 0);

/** File coordinates of point `i` (float64: positions + origin). */
export function filePoint(cloud: Pick<PointCloud, 'positions' | 'stride' | 'origin'>, i: number): Vec3Tuple {
  const o = cloud.stride * i;
  const p = cloud.positions;
  const g = cloud.origin ?? [0, 0, 0];
  return [p[o] + g[0], p[o + 1] + g[1], p[o + 2] + g[2]];
}

/**
 * A cuboid (anything with a `center`) moved into the cloud's float32 frame (centre − origin, in
 * float64), for the core functions that read `positions` directly (countPointsInCuboids,
 * nearbyPointsLocal, fitCuboid's Sweep). Returns the same object when the origin is zero.
 * Results in that frame go back with `fromCloudFrame`.
 */
export function toCloudFrame<T extends { center: { x: number; y: number; z: number } }>(c: T, origin: Readonly<Vec3Tuple> | undefined): T {
  if (isZeroOrigin(origin)) return c;
  const [ox, oy, oz] = origin!;
  return { ...c, center: { x: c.center.x - ox, y: c.center.y - oy, z: c.center.z - oz } };
}

/** The inverse of `toCloudFrame`: centre + origin. */
export function fromCloudFrame<T extends { center: { x: number; y: number; z: number } }>(c: T, origin: Readonly<Vec3Tuple> | undefined): T {
  if (isZeroOrigin(origin)) return c;
  const [ox, oy, oz] = origin!;
  return { ...c, center: { x: c.center.x + ox, y: c.center.y + oy, z: c.center.z + oz } };
}

/**
 * Dense xyz (stride 3) of the first `count` points of `positions` (x y z at offsets 0..2 of every
 * `stride` floats) into `out` (length ≥ 3·count), e.g. a reused GPU attribute. A plain `set` when
 * already dense; otherwise one pass copying 32-bit words (bit-exact, NaN payloads kept), unrolled
 * for the common stride 4. Returns `out`.
 */
export function copyXyz(positions: Float32Array, stride: number, count: number, out: Float32Array): Float32Array {
  if (stride === 3) {
    out.set(positions.subarray(0, 3 * count));
    return out;
  }
  // Float32Array offsets are always 4-byte aligned, so Int32Array views of the same bytes exist.
  const s = new Int32Array(positions.buffer, positions.byteOffset, positions.length);
  const d = new Int32Array(out.buffer, out.byteOffset, out.length);
  if (stride === 4) copyXyzStride4(s, d, count);
  else for (let i = 0, k = 0, j = 0; i < count; i++, k += stride, j += 3) {
    d[j] = s[k];
    d[j + 1] = s[k + 1];
    d[j + 2] = s[k + 2];
  }
  return out;
}

function copyXyzStride4(s: Int32Array, d: Int32Array, n: number): void {
  let i = 0, k = 0, j = 0;
  for (; i + 4 <= n; i += 4, k += 16, j += 12) {
    d[j] = s[k];
    d[j + 1] = s[k + 1];
    d[j + 2] = s[k + 2];
    d[j + 3] = s[k + 4];
    d[j + 4] = s[k + 5];
    d[j + 5] = s[k + 6];
    d[j + 6] = s[k + 8];
    d[j + 7] = s[k + 9];
    d[j + 8] = s[k + 10];
    d[j + 9] = s[k + 12];
    d[j + 10] = s[k + 13];
    d[j + 11] = s[k + 14];
  }
  for (; i < n; i++, k += 4, j += 3) {
    d[j] = s[k];
    d[j + 1] = s[k + 1];
    d[j + 2] = s[k + 2];
  }
}

/** A dense (stride 3) copy of a cloud's positions; the cloud's own array when already dense. */
export function densePositions(cloud: Pick<PointCloud, 'positions' | 'stride' | 'count'>): Float32Array {
  return cloud.stride === 3 ? cloud.positions : copyXyz(cloud.positions, cloud.stride, cloud.count, new Float32Array(3 * cloud.count));
}

/** True on little-endian hosts (every platform the app targets); readers fall back to DataView otherwise. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
