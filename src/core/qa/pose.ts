/**
 * Cuboid pose arithmetic of the QA hot paths, bit-identical to the geometry core's (pose.test.ts
 * checks it): the quaternion norm of `quat.normalize` / `cuboidCorners` (Math.hypot of 4 numbers,
 * which costs ~150 ns a call in V8 — a builtin call with an argument array — against a few ns
 * inlined), and `cuboidCorners` split in two so that a cuboid seen by several cameras is normalised
 * once: `cuboidAxes` (per cuboid) then `cornersFromAxes` (per camera transform).
 */
import type { Mat4 } from '../math';
import type { CuboidGeometry } from '../geometry/cuboid';

/**
 * V8's Math.hypot (builtins/math.tq) for 4 arguments, written out: ±Infinity wins over NaN, NaN
 * over the rest, 0 when all are 0; else a Kahan sum of (|v| / max)² and √sum · max, in argument
 * order. Same IEEE operations in the same order, so the same double.
 */
function kahanHypot4(a: number, b: number, c: number, d: number): number {
  const A = Math.abs(a), B = Math.abs(b), C = Math.abs(c), D = Math.abs(d);
  if (A === Infinity || B === Infinity || C === Infinity || D === Infinity) return Infinity;
  if (A !== A || B !== B || C !== C || D !== D) return NaN;
  let max = A;
  if (B > max) max = B;
  if (C > max) max = C;
  if (D > max) max = D;
  if (max === 0) return 0;
  let sum = 0, comp = 0, v: number, s: number, p: number;
  v = A / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  v = B / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  v = C / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  v = D / max; s = v * v - comp; p = sum + s; comp = p - sum - s; sum = p;
  return Math.sqrt(sum) * max;
}

const builtinHypot4 = (a: number, b: number, c: number, d: number): number => Math.hypot(a, b, c, d);

/** True when kahanHypot4 equals this engine's Math.hypot on a fixed set of inputs (V8: yes; another engine's algorithm differs on some of them). */
function sameAsBuiltin(): boolean {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 256; i++) {
    const scale = 10 ** (Math.floor(rnd() * 24) - 12);
    const v = [0, 1, 2, 3].map(() => (rnd() < 0.2 ? 0 : (rnd() - 0.5) * scale));
    if (i % 2) {
      const yaw = rnd() * 7;
      v[0] = v[1] = 0;
      v[2] = Math.sin(yaw / 2);
      v[3] = Math.cos(yaw / 2);
    }
    if (!Object.is(kahanHypot4(v[0], v[1], v[2], v[3]), Math.hypot(v[0], v[1], v[2], v[3]))) return false;
  }
  for (const v of [[NaN, Infinity, 0, 0], [NaN, 1, 0, 0], [0, 0, 0, 0], [-0, 0, -0, 0], [1e308, 1e308, -1e308, 1e308], [5e-324, 0, 0, -5e-324]])
    if (!Object.is(kahanHypot4(v[0], v[1], v[2], v[3]), Math.hypot(v[0], v[1], v[2], v[3]))) return false;
  return true;
}

/** Math.hypot(a, b, c, d), exactly; inlined arithmetic where it is known to give the same double. */
export const hypot4: (a: number, b: number, c: number, d: number) => number = sameAsBuiltin() ? kahanHypot4 : builtinHypot4;

/**
 * The first half of `cuboidCorners(g, m, out)`: the object axes scaled by the half sizes and the
 * centre, into `out` (ax ay az bx by bz cx cy cz ox oy oz). Throws cuboidCorners' error on a zero
 * or non-finite rotation.
 */
export function cuboidAxes(g: CuboidGeometry, out: Float64Array): void {
  const { x: qx0, y: qy0, z: qz0, w: qw0 } = g.rotation;
  const qn = hypot4(qx0, qy0, qz0, qw0);
  if (!(qn > 1e-12) || !Number.isFinite(qn)) throw new Error('cuboid rotation has zero or non-finite norm');
  const x = qx0 / qn, y = qy0 / qn, z = qz0 / qn, w = qw0 / qn;
  const hl = g.size.l / 2, hw = g.size.w / 2, hh = g.size.h / 2;
  out[0] = (1 - 2 * (y * y + z * z)) * hl; out[1] = 2 * (x * y + z * w) * hl; out[2] = 2 * (x * z - y * w) * hl;
  out[3] = 2 * (x * y - z * w) * hw; out[4] = (1 - 2 * (x * x + z * z)) * hw; out[5] = 2 * (y * z + x * w) * hw;
  out[6] = 2 * (x * z + y * w) * hh; out[7] = 2 * (y * z - x * w) * hh; out[8] = (1 - 2 * (x * x + y * y)) * hh;
  out[9] = g.center.x; out[10] = g.center.y; out[11] = g.center.z;
}

const SX = [1, 1, -1, -1, 1, 1, -1, -1];
const SY = [1, -1, -1, 1, 1, -1, -1, 1];
const SZ = [-1, -1, -1, -1, 1, 1, 1, 1];

/** The second half of `cuboidCorners(g, m, out)`: the 8 corners (xyz interleaved) of cuboidAxes' `a`, mapped by `m` when given. */
export function cornersFromAxes(a: Float64Array, m: Mat4 | undefined, out: Float64Array): Float64Array {
  let ax = a[0], ay = a[1], az = a[2], bx = a[3], by = a[4], bz = a[5], cx = a[6], cy = a[7], cz = a[8], ox = a[9], oy = a[10], oz = a[11];
  if (m) {
    const m0 = m[0], m1 = m[1], m2 = m[2], m4 = m[4], m5 = m[5], m6 = m[6], m8 = m[8], m9 = m[9], m10 = m[10];
    let px = ax, py = ay, pz = az;
    ax = m0 * px + m1 * py + m2 * pz; ay = m4 * px + m5 * py + m6 * pz; az = m8 * px + m9 * py + m10 * pz;
    px = bx; py = by; pz = bz;
    bx = m0 * px + m1 * py + m2 * pz; by = m4 * px + m5 * py + m6 * pz; bz = m8 * px + m9 * py + m10 * pz;
    px = cx; py = cy; pz = cz;
    cx = m0 * px + m1 * py + m2 * pz; cy = m4 * px + m5 * py + m6 * pz; cz = m8 * px + m9 * py + m10 * pz;
    px = ox; py = oy; pz = oz;
    ox = m0 * px + m1 * py + m2 * pz + m[3]; oy = m4 * px + m5 * py + m6 * pz + m[7]; oz = m8 * px + m9 * py + m10 * pz + m[11];
  }
  for (let i = 0; i < 8; i++) {
    const sx = SX[i], sy = SY[i], sz = SZ[i];
    out[3 * i] = ox + sx * ax + sy * bx + sz * cx;
    out[3 * i + 1] = oy + sx * ay + sy * by + sz * cy;
    out[3 * i + 2] = oz + sx * az + sy * bz + sz * cz;
  }
  return out;
}
