/**
 * The one in-memory point-cloud shape every reader returns (PCD, KITTI .bin, nuScenes .pcd.bin, PLY).
 *
 * Conventions:
 * - Coordinates are in the sensor frame of the file, in the file's units (metres for LiDAR).
 * - `positions` is xyz interleaved float32, length 3·count. Non-float32 x/y/z (F8, integers) are
 *   converted to float32.
 * - NaN / non-finite points are KEPT at their index (count stays equal to the file's POINTS, so
 *   organized clouds keep their grid and attributes stay aligned); `bounds` ignores them.
 * - `attributes` holds one typed array per non-xyz field, length count·COUNT, element-interleaved
 *   per point when COUNT > 1, in the field's native type (I1→Int8Array … F8→Float64Array,
 *   I8/U8→BigInt64Array/BigUint64Array). Padding fields named `_` are skipped.
 *   Packed colours become bytes: a PCD `rgb` field (F4 or U4, 0x00RRGGBB) → `rgb` Uint8Array
 *   (r,g,b per point); `rgba` (0xAARRGGBB) → `rgba` Uint8Array (r,g,b,a per point). PLY
 *   `red green blue` (uchar) → `rgb`, `alpha` stays `alpha`.
 * - Attributes may be views sharing one ArrayBuffer (always respect byteOffset/length).
 */

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
  /** Minimum x, y, z over finite points; NaN when the cloud has no finite point. */
  min: [number, number, number];
  max: [number, number, number];
}

export interface PointCloud {
  /** xyz interleaved, float32, length 3·count. */
  positions: Float32Array;
  count: number;
  attributes: Record<string, PointAttributeArray>;
  fields: PointField[];
  format: PointCloudFormat;
  /** 'ascii' | 'binary' | 'binary_compressed' (PCD), 'binary_little_endian' … (PLY), 'float32' (bins). */
  encoding: string;
  /** Computed from `positions` on first read, then cached (readers attach it lazily; see withLazyBounds). */
  bounds: PointBounds;
}

/** A file that is not what it claims to be. The message starts with the file name. */
export class PointCloudFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly problem: string,
  ) {
    super(`${fileName}: ${problem}`);
    this.name = 'PointCloudFormatError';
  }
}

/** Constructor of the typed array for an element type, or undefined for an unknown combination. */
export function arrayTypeFor(type: PointFieldType, size: number): { new (n: number): PointAttributeArray; BYTES_PER_ELEMENT: number } | undefined {
  if (type === 'F') return size === 4 ? Float32Array : size === 8 ? Float64Array : undefined;
  if (type === 'I') return size === 1 ? Int8Array : size === 2 ? Int16Array : size === 4 ? Int32Array : size === 8 ? BigInt64Array : undefined;
  return size === 1 ? Uint8Array : size === 2 ? Uint16Array : size === 4 ? Uint32Array : size === 8 ? BigUint64Array : undefined;
}

/** Bounds of the finite points of an xyz-interleaved array. */
export function computeBounds(positions: Float32Array, count: number): PointBounds {
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0, j = 0; i < count; i++, j += 3) {
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
  return { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] };
}

/** True on little-endian hosts (every platform the app targets); readers fall back to DataView otherwise. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
