/**
 * Row-major 4x4 matrices as Float64Array(16): element (r, c) is m[4*r + c].
 * Points are column vectors: p' = M · p. Composition `mul(A, B)` applies B first, then A.
 */
export type Mat4 = Float64Array;
export type Mat3 = Float64Array; // row-major 3x3

export const identity = (): Mat4 => {
  const m = new Float64Array(16);
  m[0] = m[5] = m[10] = m[15] = 1;
  return m;
};

export function fromRowMajor(values: ArrayLike<number>): Mat4 {
  if (values.length !== 16 && values.length !== 12) throw new Error(`a row-major matrix needs 12 or 16 numbers, got ${values.length}`);
  const m = identity();
  for (let i = 0; i < values.length; i++) m[i] = values[i];
  return m;
}

/** Embed a row-major 3x3 rotation (e.g. KITTI R0_rect) in a 4x4 with no translation. */
export function fromMat3(r: ArrayLike<number>): Mat4 {
  if (r.length !== 9) throw new Error(`a 3x3 matrix needs 9 numbers, got ${r.length}`);
  const m = identity();
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[4 * i + j] = r[3 * i + j];
  return m;
}

export function mul(a: Mat4, b: Mat4, out: Mat4 = new Float64Array(16)): Mat4 {
  const t = out === a || out === b ? new Float64Array(16) : out;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      t[4 * i + j] = a[4 * i] * b[j] + a[4 * i + 1] * b[4 + j] + a[4 * i + 2] * b[8 + j] + a[4 * i + 3] * b[12 + j];
    }
  }
  if (t !== out) out.set(t);
  return out;
}

/** General 4x4 inverse (cofactor expansion). Throws on a singular or non-finite matrix. */
export function invert(m: Mat4): Mat4 {
  const [a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33] = m;
  const b00 = a00 * a11 - a01 * a10, b01 = a00 * a12 - a02 * a10, b02 = a00 * a13 - a03 * a10;
  const b03 = a01 * a12 - a02 * a11, b04 = a01 * a13 - a03 * a11, b05 = a02 * a13 - a03 * a12;
  const b06 = a20 * a31 - a21 * a30, b07 = a20 * a32 - a22 * a30, b08 = a20 * a33 - a23 * a30;
  const b09 = a21 * a32 - a22 * a31, b10 = a21 * a33 - a23 * a31, b11 = a22 * a33 - a23 * a32;
  const det = b00 * b11 - b01 * b10 + b02 * b09 + b03 * b08 - b04 * b07 + b05 * b06;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new Error(`matrix is singular or not finite (det=${det})`);
  const d = 1 / det;
  return new Float64Array([
    (a11 * b11 - a12 * b10 + a13 * b09) * d, (a02 * b10 - a01 * b11 - a03 * b09) * d, (a31 * b05 - a32 * b04 + a33 * b03) * d, (a22 * b04 - a21 * b05 - a23 * b03) * d,
    (a12 * b08 - a10 * b11 - a13 * b07) * d, (a00 * b11 - a02 * b08 + a03 * b07) * d, (a32 * b02 - a30 * b05 - a33 * b01) * d, (a20 * b05 - a22 * b02 + a23 * b01) * d,
    (a10 * b10 - a11 * b08 + a13 * b06) * d, (a01 * b08 - a00 * b10 - a03 * b06) * d, (a30 * b04 - a31 * b02 + a33 * b00) * d, (a21 * b02 - a20 * b04 - a23 * b00) * d,
    (a11 * b07 - a10 * b09 - a12 * b06) * d, (a00 * b09 - a01 * b07 + a02 * b06) * d, (a31 * b01 - a30 * b03 - a32 * b00) * d, (a20 * b03 - a21 * b01 + a22 * b00) * d,
  ]);
}

/** Apply to a point (w = 1); writes into `out` (length >= 3). */
export function applyToPoint(m: Mat4, x: number, y: number, z: number, out: number[] | Float64Array = [0, 0, 0]): number[] | Float64Array {
  out[0] = m[0] * x + m[1] * y + m[2] * z + m[3];
  out[1] = m[4] * x + m[5] * y + m[6] * z + m[7];
  out[2] = m[8] * x + m[9] * y + m[10] * z + m[11];
  return out;
}

export const translation = (x: number, y: number, z: number): Mat4 => {
  const m = identity();
  m[3] = x;
  m[7] = y;
  m[11] = z;
  return m;
};

export const isFiniteMatrix = (m: ArrayLike<number>): boolean => {
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i])) return false;
  return true;
};
