/**
 * Conversions between OpenLABEL geometry encodings and Crosslabel's named records.
 *
 * - transform_data: `matrix4x4` row-major with `X_dst = M · X_src`; `quaternion` xyzw + `translation`;
 *   `euler_angles` + `translation` + `sequence` (default "ZYX"): angle i belongs to axis `sequence[i]`
 *   and R = R_seq[0] · R_seq[1] · R_seq[2] (for ZYX: R = Rz(a0) · Ry(a1) · Rx(a2), intrinsic yaw-pitch-roll).
 * - cuboid: 10 values `[x,y,z, qx,qy,qz,qw, sx,sy,sz]` or 9 values `[x,y,z, rx,ry,rz, sx,sy,sz]`
 *   (Euler applied ZYX: R = Rz(rz) · Ry(ry) · Rx(rx)); metres, sizes along the object's own x,y,z,
 *   which are Crosslabel's l, w, h.
 * - bbox: `[cx, cy, w, h]`, centre and size in pixels.
 */
import type { Transform } from '../../schema';
import { fromRowMajor, invert } from '../../math/mat4';
import { fromMat4, multiply, normalize, toMat4, type Quat } from '../../math/quaternion';
import type { OlTransformData } from './types';

/** A problem found at a JSON path; importers collect these. */
export class OpenLabelPathError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'OpenLabelPathError';
  }
}

export type Repr = Transform['repr'];

const isNums = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

const axisQuat = (axis: string, a: number): Quat => {
  const s = Math.sin(a / 2);
  const c = Math.cos(a / 2);
  if (axis === 'X') return { x: s, y: 0, z: 0, w: c };
  if (axis === 'Y') return { x: 0, y: s, z: 0, w: c };
  return { x: 0, y: 0, z: s, w: c };
};

/** Quaternion of Euler angles applied in `sequence` order (angle i about axis sequence[i], R = R0·R1·R2). */
export function eulerToQuat(angles: readonly number[], sequence = 'ZYX'): Quat {
  if (!/^[XYZ]{3}$/.test(sequence)) throw new Error(`unsupported Euler sequence "${sequence}"`);
  const q = multiply(multiply(axisQuat(sequence[0], angles[0]), axisQuat(sequence[1], angles[1])), axisQuat(sequence[2], angles[2]));
  return normalize(q);
}

/** Crosslabel transform representation → OpenLABEL transform_data (same direction). */
export function reprToTransformData(repr: Repr): OlTransformData {
  if (repr.kind === 'matrix4x4') return { matrix4x4: [...repr.rowMajor] };
  const { rotation: q, translation: t } = repr;
  return { quaternion: [q.x, q.y, q.z, q.w], translation: [t.x, t.y, t.z] };
}

/** The inverse of a representation, kept in the same kind. */
export function invertRepr(repr: Repr): Repr {
  if (repr.kind === 'matrix4x4') return { kind: 'matrix4x4', rowMajor: Array.from(invert(fromRowMajor(repr.rowMajor))) };
  const m = invert(toMat4(repr.rotation, repr.translation));
  return { kind: 'quaternion', rotation: fromMat4(m), translation: { x: m[3], y: m[7], z: m[11] } };
}

/**
 * Row- or column-major, decided by the matrix itself: the spec writes `matrix4x4` row-major, so a
 * rigid transform ends in the row [0, 0, 0, 1] with its translation in the last column. A matrix
 * whose last ROW holds the translation and whose last COLUMN is [0, 0, 0, 1] was written
 * column-major (Eigen's and OpenGL's default order): it is transposed and `transposed` is true.
 * (A pure rotation reads the same both ways up to its inverse: that case is the extrinsics
 * direction question, which the file's 2D boxes decide — see extrinsicsDirection.ts.)
 */
export function matrixOrder(m: readonly number[]): { rowMajor: number[]; transposed: boolean } {
  const tol = 1e-9;
  const lastRowIsUnit = Math.abs(m[12]) <= tol && Math.abs(m[13]) <= tol && Math.abs(m[14]) <= tol && Math.abs(m[15] - 1) <= tol;
  const lastColIsUnit = Math.abs(m[3]) <= tol && Math.abs(m[7]) <= tol && Math.abs(m[11]) <= tol && Math.abs(m[15] - 1) <= tol;
  if (!lastRowIsUnit && lastColIsUnit) return { rowMajor: [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15].map((i) => m[i]), transposed: true };
  return { rowMajor: [...m], transposed: false };
}

/**
 * OpenLABEL transform_data → Crosslabel representation; throws OpenLabelPathError naming `path`.
 * A matrix4x4 written column-major is transposed (see matrixOrder) and `warn` says so.
 */
export function transformDataToRepr(data: unknown, path: string, warn?: (m: string) => void): Repr {
  if (typeof data !== 'object' || data === null) throw new OpenLabelPathError(path, 'transform data must be an object');
  const d = data as Record<string, unknown>;
  if ('matrix4x4' in d) {
    if (!isNums(d.matrix4x4, 16)) throw new OpenLabelPathError(`${path}.matrix4x4`, 'needs 16 finite numbers (row-major 4x4)');
    const { rowMajor, transposed } = matrixOrder(d.matrix4x4);
    if (transposed) warn?.(`${path}.matrix4x4 was read column-major: its last row holds the translation and its last column is [0, 0, 0, 1], the transpose of the spec's row-major layout`);
    return { kind: 'matrix4x4', rowMajor };
  }
  if (!isNums(d.translation, 3)) throw new OpenLabelPathError(`${path}.translation`, 'needs 3 finite numbers');
  const [tx, ty, tz] = d.translation;
  const translation = { x: tx, y: ty, z: tz };
  if ('quaternion' in d) {
    if (!isNums(d.quaternion, 4)) throw new OpenLabelPathError(`${path}.quaternion`, 'needs 4 finite numbers (x, y, z, w)');
    const [x, y, z, w] = d.quaternion;
    return { kind: 'quaternion', rotation: { x, y, z, w }, translation };
  }
  if ('euler_angles' in d) {
    if (!isNums(d.euler_angles, 3)) throw new OpenLabelPathError(`${path}.euler_angles`, 'needs 3 finite numbers (radians)');
    const seq = typeof d.sequence === 'string' ? d.sequence.toUpperCase() : 'ZYX';
    if (!/^[XYZ]{3}$/.test(seq)) throw new OpenLabelPathError(`${path}.sequence`, `unsupported Euler sequence "${String(d.sequence)}"`);
    return { kind: 'quaternion', rotation: eulerToQuat(d.euler_angles, seq), translation };
  }
  throw new OpenLabelPathError(path, 'transform data needs matrix4x4, quaternion+translation or euler_angles+translation');
}

export interface CuboidParts {
  center: { x: number; y: number; z: number };
  rotation: Quat;
  size: { l: number; w: number; h: number };
}

/** Crosslabel cuboid → OpenLABEL 10-value val (quaternion xyzw). */
export const cuboidToVal = (c: CuboidParts): number[] => [c.center.x, c.center.y, c.center.z, c.rotation.x, c.rotation.y, c.rotation.z, c.rotation.w, c.size.l, c.size.w, c.size.h];

/**
 * OpenLABEL cuboid item → parts. Accepts `val` with 9 or 10 numbers, or `val: null` with the
 * library's alternative keys `quaternion` + `translation` (or the misspelt `traslation`) + `size`.
 * The quaternion is kept as written (not normalised) so exports round-trip exactly; zero norm is an error.
 */
export function cuboidFromItem(item: Record<string, unknown>, path: string): CuboidParts {
  const v = item.val;
  let center: number[];
  let rotation: Quat;
  let size: number[];
  if (v === null || v === undefined) {
    const t = item.translation ?? item.traslation;
    if (!isNums(item.quaternion, 4) || !isNums(t, 3) || !isNums(item.size, 3)) throw new OpenLabelPathError(`${path}.val`, 'a cuboid with val null needs quaternion[4], translation[3] and size[3]');
    center = t;
    rotation = { x: item.quaternion[0], y: item.quaternion[1], z: item.quaternion[2], w: item.quaternion[3] };
    size = item.size;
  } else if (isNums(v, 10)) {
    center = v.slice(0, 3);
    rotation = { x: v[3], y: v[4], z: v[5], w: v[6] };
    size = v.slice(7, 10);
  } else if (isNums(v, 9)) {
    center = v.slice(0, 3);
    rotation = eulerToQuat([v[5], v[4], v[3]], 'ZYX');
    size = v.slice(6, 9);
  } else {
    throw new OpenLabelPathError(`${path}.val`, `a cuboid needs 9 (Euler) or 10 (quaternion) finite numbers, got ${Array.isArray(v) ? v.length : typeof v}`);
  }
  if (Math.hypot(rotation.x, rotation.y, rotation.z, rotation.w) < 1e-12) throw new OpenLabelPathError(`${path}.val`, 'the cuboid quaternion has zero norm');
  return { center: { x: center[0], y: center[1], z: center[2] }, rotation, size: { l: size[0], w: size[1], h: size[2] } };
}

/** Corners (x0,y0,x1,y1) → OpenLABEL bbox centre form [cx, cy, w, h]. */
export const rectToBbox = (r: { x0: number; y0: number; x1: number; y1: number }): number[] => [(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2, r.x1 - r.x0, r.y1 - r.y0];

/** OpenLABEL bbox [cx, cy, w, h] → corners; negative sizes are an error at `path`. */
export function bboxToRect(v: unknown, path: string): { x0: number; y0: number; x1: number; y1: number } {
  if (!isNums(v, 4)) throw new OpenLabelPathError(`${path}.val`, `a bbox needs 4 finite numbers [cx, cy, w, h], got ${Array.isArray(v) ? v.length : typeof v}`);
  const [cx, cy, w, h] = v;
  if (w < 0 || h < 0) throw new OpenLabelPathError(`${path}.val`, `a bbox needs non-negative width and height, got ${w} x ${h}`);
  return { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
}
