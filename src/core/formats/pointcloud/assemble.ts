/**
 * Decoded field arrays → PointCloud: keeps the reader's `positions` (dense, or a zero-copy strided
 * view with its stride) or builds dense stride-3 `positions` from x/y/z when no fast path ran,
 * unpacks packed colours (`rgb`, `rgba`) into bytes, drops padding and attaches lazy bounds.
 */
import { computeBounds, ORIGIN_SHIFT_ABOVE_M, PointCloudFormatError, type PointAttributeArray, type PointBounds, type PointCloud, type PointCloudFormat, type PointField, type Vec3Tuple } from './types';

/** Write one axis (0 = x, 1 = y, 2 = z) of `positions` from any numeric typed array. */
function fillAxis(positions: Float32Array, axis: number, src: PointAttributeArray, n: number): void {
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) positions[3 * i + axis] = Number(src[i]);
  } else {
    for (let i = 0; i < n; i++) positions[3 * i + axis] = src[i];
  }
}

/** p[3i], p[3i+1], p[3i+2] = x[i], y[i], z[i]; unrolled by four points (straight-line stores, one loop test per 48 bytes). */
function interleaveWords(x: Int32Array, y: Int32Array, z: Int32Array, p: Int32Array, n: number): void {
  let i = 0;
  let j = 0;
  for (; i + 4 <= n; i += 4, j += 12) {
    p[j] = x[i];
    p[j + 1] = y[i];
    p[j + 2] = z[i];
    p[j + 3] = x[i + 1];
    p[j + 4] = y[i + 1];
    p[j + 5] = z[i + 1];
    p[j + 6] = x[i + 2];
    p[j + 7] = y[i + 2];
    p[j + 8] = z[i + 2];
    p[j + 9] = x[i + 3];
    p[j + 10] = y[i + 3];
    p[j + 11] = z[i + 3];
  }
  for (; i < n; i++, j += 3) {
    p[j] = x[i];
    p[j + 1] = y[i];
    p[j + 2] = z[i];
  }
}

/** Interleave three per-axis arrays into xyz float32 positions (float32 input: copied as bit-exact words). */
export function interleaveXyz(x: PointAttributeArray, y: PointAttributeArray, z: PointAttributeArray, n: number): Float32Array {
  const positions = new Float32Array(3 * n);
  if (x instanceof Float32Array && y instanceof Float32Array && z instanceof Float32Array) {
    // Integer words: bit-exact (NaN payloads kept) and monomorphic.
    const xi = new Int32Array(x.buffer, x.byteOffset, n), yi = new Int32Array(y.buffer, y.byteOffset, n), zi = new Int32Array(z.buffer, z.byteOffset, n);
    interleaveWords(xi, yi, zi, new Int32Array(positions.buffer), n);
    return positions;
  }
  fillAxis(positions, 0, x, n);
  fillAxis(positions, 1, y, n);
  fillAxis(positions, 2, z, n);
  return positions;
}

/**
 * Unpack a 4-byte packed colour array (little-endian bytes b, g, r, a of 0xAARRGGBB) into
 * `channels` bytes per point: 3 → r,g,b; 4 → r,g,b,a.
 */
export function unpackColor(packed: PointAttributeArray, n: number, channels: 3 | 4): Uint8Array {
  const b = new Uint8Array(packed.buffer, packed.byteOffset, 4 * n);
  const out = new Uint8Array(channels * n);
  for (let i = 0, s = 0, d = 0; i < n; i++, s += 4, d += channels) {
    out[d] = b[s + 2];
    out[d + 1] = b[s + 1];
    out[d + 2] = b[s];
    if (channels === 4) out[d + 3] = b[s + 3];
  }
  return out;
}

/** A numeric array as plain numbers (64-bit integers converted once; every other array as it is). */
function asNumbers(a: PointAttributeArray): ArrayLike<number> {
  return a instanceof BigInt64Array || a instanceof BigUint64Array ? Float64Array.from(a, Number) : a;
}

/**
 * x y z that are not all float32 (F8 / PLY double, integers) → float32 positions relative to a local
 * origin (see types.ts): one float64 pass for the finite-point bounds (exact, in file coordinates),
 * then, per axis whose source is not float32 and whose finite values reach ±ORIGIN_SHIFT_ABOVE_M,
 * origin = the bounds' centre rounded to a whole unit (otherwise 0), and positions = value − origin
 * computed in float64 and rounded once to float32.
 */
export function interleaveXyzWithOrigin(x: PointAttributeArray, y: PointAttributeArray, z: PointAttributeArray, n: number): { positions: Float32Array; origin: Vec3Tuple; bounds: PointBounds } {
  const src = [asNumbers(x), asNumbers(y), asNumbers(z)];
  const [X, Y, Z] = src;
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = X[i], b = Y[i], c = Z[i];
    if (a - a + (b - b) + (c - c) !== 0) continue; // a non-finite coordinate: not in the bounds
    if (a < minX) minX = a;
    if (a > maxX) maxX = a;
    if (b < minY) minY = b;
    if (b > maxY) maxY = b;
    if (c < minZ) minZ = c;
    if (c > maxZ) maxZ = c;
  }
  const finite = minX !== Infinity;
  const lo = [minX, minY, minZ], hi = [maxX, maxY, maxZ];
  const origin: Vec3Tuple = [0, 0, 0];
  const raw = [x, y, z];
  for (let a = 0; a < 3; a++) {
    if (!finite || raw[a] instanceof Float32Array) continue;
    if (Math.max(Math.abs(lo[a]), Math.abs(hi[a])) >= ORIGIN_SHIFT_ABOVE_M) origin[a] = Math.round((lo[a] + hi[a]) / 2);
  }
  const positions = new Float32Array(3 * n);
  for (let a = 0; a < 3; a++) {
    const s = src[a], o = origin[a];
    if (o === 0) for (let i = 0, j = a; i < n; i++, j += 3) positions[j] = s[i];
    else for (let i = 0, j = a; i < n; i++, j += 3) positions[j] = s[i] - o;
  }
  const bounds: PointBounds = finite ? { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] } : { min: [NaN, NaN, NaN], max: [NaN, NaN, NaN] };
  return { positions, origin, bounds };
}

export interface AssembleInput {
  fileName: string;
  format: PointCloudFormat;
  encoding: string;
  fields: PointField[];
  count: number;
  arrays: Map<string, PointAttributeArray>;
  positions?: Float32Array;
  /** Floats per point of `positions` when given (default 3). */
  positionStride?: number;
}

/** Check that x, y, z exist with COUNT 1 (call before decoding so bad headers fail early). */
export function checkXyz(fileName: string, fields: PointField[]): void {
  for (const axis of ['x', 'y', 'z']) {
    const f = fields.filter((g) => g.name === axis);
    if (f.length === 0) throw new PointCloudFormatError(fileName, `no "${axis}" field (fields: ${fields.map((g) => g.name).join(' ')})`);
    if (f.length > 1) throw new PointCloudFormatError(fileName, `field "${axis}" declared twice`);
    if (f[0].count !== 1) throw new PointCloudFormatError(fileName, `field "${axis}" has COUNT ${f[0].count}, expected 1`);
  }
  const seen = new Set<string>();
  for (const f of fields) {
    if (f.name !== '_' && seen.has(f.name)) throw new PointCloudFormatError(fileName, `field "${f.name}" declared twice`);
    seen.add(f.name);
  }
}

export function assemble(input: AssembleInput): PointCloud {
  const { arrays, count: n, fields } = input;
  let positions = input.positions;
  let stride = positions ? (input.positionStride ?? 3) : 3;
  let origin: Vec3Tuple = [0, 0, 0];
  let exactBounds: PointBounds | undefined;
  if (!positions) {
    const x = arrays.get('x')!, y = arrays.get('y')!, z = arrays.get('z')!;
    if (x instanceof Float32Array && y instanceof Float32Array && z instanceof Float32Array) positions = interleaveXyz(x, y, z, n);
    else ({ positions, origin, bounds: exactBounds } = interleaveXyzWithOrigin(x, y, z, n));
    stride = 3;
  }
  const attributes: Record<string, PointAttributeArray> = {};
  for (const f of fields) {
    if (f.name === '_' || f.name === 'x' || f.name === 'y' || f.name === 'z') continue;
    const a = arrays.get(f.name);
    if (!a) continue;
    if ((f.name === 'rgb' || f.name === 'rgba') && f.size === 4 && f.count === 1) {
      attributes[f.name] = unpackColor(a, n, f.name === 'rgb' ? 3 : 4);
    } else attributes[f.name] = a;
  }
  const cloud = withLazyBounds({ positions, stride, count: n, origin, attributes, fields, format: input.format, encoding: input.encoding });
  // Non-float32 x/y/z: the float64 bounds were computed on the way (exact file values, no extra pass).
  if (exactBounds) cloud.bounds = exactBounds;
  return cloud;
}

/** What withLazyBounds accepts: a cloud without `bounds` (or with them already computed), `origin` defaulting to [0, 0, 0]. */
export type CloudWithoutBounds = Omit<PointCloud, 'bounds' | 'origin'> & { origin?: Vec3Tuple; bounds?: PointBounds };

/**
 * Give `cloud` a `bounds` property computed from its `positions` on first read and then cached.
 *
 * Why lazy: exact finite-point bounds are a full extra pass over `positions` (3–5 ms per 1M
 * points, a third of a binary PCD read) and nothing on the load-and-render path reads them;
 * `inspect` and fitting code do. The property is an own, enumerable accessor, so spreading,
 * `JSON.stringify`, `structuredClone` and `postMessage` (the worker) all see it (the clone calls
 * the getter). On first read it replaces itself with a plain writable data property; assigning
 * `bounds` before that just stores the value.
 */
export function withLazyBounds(cloud: CloudWithoutBounds): PointCloud {
  const settle = (target: object, value: PointBounds): PointBounds => {
    Object.defineProperty(target, 'bounds', { value, enumerable: true, writable: true, configurable: true });
    return value;
  };
  if (!cloud.origin) cloud.origin = [0, 0, 0];
  // Bounds that came along (computed before a postMessage, or exact from float64 input) are kept.
  const own = Object.getOwnPropertyDescriptor(cloud, 'bounds');
  if (own && (own.get || own.value !== undefined)) return cloud as PointCloud;
  return Object.defineProperty(cloud, 'bounds', {
    enumerable: true,
    configurable: true,
    get(this: PointCloud) {
      return settle(this, computeBounds(this.positions, this.count, this.stride, this.origin));
    },
    set(this: PointCloud, value: PointBounds) {
      settle(this, value);
    },
  }) as PointCloud;
}

/**
 * A shallow copy of `cloud` without a not-yet-computed `bounds`, made without reading it (so a lazy
 * `bounds` is not computed). For posting a cloud between threads: structured clone reads every own
 * enumerable property, which would run the bounds pass in the sender; the receiver calls
 * `withLazyBounds`. Bounds already computed (e.g. exact ones from float64 input) are kept.
 */
export function withoutBounds(cloud: PointCloud): Omit<PointCloud, 'bounds'> & { bounds?: PointBounds } {
  const { positions, stride, count, origin, attributes, fields, format, encoding } = cloud;
  const d = Object.getOwnPropertyDescriptor(cloud, 'bounds');
  const out: Omit<PointCloud, 'bounds'> & { bounds?: PointBounds } = { positions, stride, count, origin, attributes, fields, format, encoding };
  if (d && 'value' in d && d.value !== undefined) out.bounds = d.value as PointBounds;
  return out;
}
