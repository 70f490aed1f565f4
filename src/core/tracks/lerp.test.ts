/**
 * Slerp on the short path, checked against formulas written separately here:
 * - yaw-only: the rotation matrix of Rz(a + u·Δ), Δ = (b − a) wrapped into (−π, π], built from
 *   cos/sin directly (no quaternion involved);
 * - any axis: q0 · exp(u · log(q0⁻¹ q1)) via axis–angle (acos of the relative rotation's scalar part).
 */
import { describe, expect, it } from 'vitest';
import { fromYaw, multiply, normalize, toMat4, type Quat } from '../math/quaternion';
import { lerp, lerpVec3, slerp, weightAt } from './lerp';

const neg = (q: Quat): Quat => ({ x: -q.x, y: -q.y, z: -q.z, w: -q.w });
const conj = (q: Quat): Quat => ({ x: -q.x, y: -q.y, z: -q.z, w: q.w });
const rot3 = (q: Quat) => { const m = toMat4(q); return [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]]; };
const rz = (a: number) => [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
const expectClose = (a: number[], b: number[], digits = 12) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], digits));
const wrap = (a: number) => { let d = a % (2 * Math.PI); if (d > Math.PI) d -= 2 * Math.PI; if (d <= -Math.PI) d += 2 * Math.PI; return d; };
const deg = Math.PI / 180;

/** q0 · exp(u · log(q0⁻¹ q1)) on the short path, by axis and angle. */
function axisAngleSlerp(q0: Quat, q1: Quat, u: number): Quat {
  let r = multiply(conj(q0), q1);
  if (r.w < 0) r = neg(r);
  const s = Math.hypot(r.x, r.y, r.z);
  if (s < 1e-15) return q0;
  const angle = 2 * Math.atan2(s, r.w);
  const h = (u * angle) / 2;
  const step = { x: (r.x / s) * Math.sin(h), y: (r.y / s) * Math.sin(h), z: (r.z / s) * Math.sin(h), w: Math.cos(h) };
  return multiply(q0, step);
}

describe('slerp', () => {
  it('yaw-only: matches Rz of the linearly interpolated angle on the short path, across ±180°', () => {
    const cases: [number, number][] = [[0, 90], [170, -170], [-170, 170], [10, 350], [45, -120], [179, -179], [0, 179.9]];
    for (const [a, b] of cases)
      for (const u of [0, 0.1, 0.25, 0.5, 0.8, 1]) {
        const q = slerp(fromYaw(a * deg), fromYaw(b * deg), u);
        expectClose(rot3(q), rz(a * deg + u * wrap((b - a) * deg)));
      }
  });

  it('q and −q give the same rotation (the short path is taken either way)', () => {
    const q0 = fromYaw(170 * deg), q1 = fromYaw(-170 * deg);
    for (const u of [0.2, 0.5, 0.9]) {
      const ref = rot3(slerp(q0, q1, u));
      expectClose(rot3(slerp(q0, neg(q1), u)), ref);
      expectClose(rot3(slerp(neg(q0), q1, u)), ref);
      expectClose(rot3(slerp(neg(q0), neg(q1), u)), ref);
      // the long way round would pass through yaw 0 at u = 0.5; the short path passes through 180°
    }
    expectClose(rot3(slerp(q0, neg(q1), 0.5)), rz(Math.PI));
  });

  it('any axis: matches q0 · exp(u · log(q0⁻¹ q1)) and stays unit', () => {
    const q0 = normalize({ x: 0.3, y: -0.2, z: 0.5, w: 0.8 });
    const q1 = normalize({ x: -0.6, y: 0.4, z: 0.1, w: -0.3 }); // q0·q1 < 0: the short path needs −q1
    expect(q0.x * q1.x + q0.y * q1.y + q0.z * q1.z + q0.w * q1.w).toBeLessThan(0);
    for (const u of [0, 0.1, 0.33, 0.5, 0.77, 1]) {
      const q = slerp(q0, q1, u);
      expect(Math.hypot(q.x, q.y, q.z, q.w)).toBeCloseTo(1, 14);
      expectClose(rot3(q), rot3(axisAngleSlerp(q0, q1, u)));
    }
  });

  it('is exact at the keyframes and turns at a constant rate', () => {
    const q0 = normalize({ x: 0.1, y: 0.7, z: -0.2, w: 0.6 }), q1 = normalize({ x: 0.5, y: 0.1, z: 0.3, w: 0.4 });
    const a = slerp(q0, q1, 0), b = slerp(q0, q1, 1);
    expect([a.x, a.y, a.z, a.w]).toEqual([q0.x, q0.y, q0.z, q0.w].map((v) => expect.closeTo(v, 15)));
    expectClose(rot3(b), rot3(q1), 14);
    const angle = (p: Quat, q: Quat) => 2 * Math.acos(Math.min(1, Math.abs(p.x * q.x + p.y * q.y + p.z * q.z + p.w * q.w)));
    const total = angle(q0, q1);
    for (const u of [0.2, 0.5, 0.7]) expect(angle(q0, slerp(q0, q1, u))).toBeCloseTo(u * total, 12);
  });

  it('stays accurate for nearly equal rotations (and equal ones)', () => {
    const q0 = fromYaw(0.3);
    for (const d of [1e-3, 1e-5, 1e-7, 1e-9]) for (const u of [0.25, 0.5]) expectClose(rot3(slerp(q0, fromYaw(0.3 + d), u)), rz(0.3 + u * d), 14);
    expectClose(rot3(slerp(q0, q0, 0.4)), rz(0.3), 14);
  });

  it('normalises non-unit inputs and rejects a zero quaternion', () => {
    const q = slerp({ x: 0, y: 0, z: 0, w: 2 }, { x: 0, y: 0, z: 3 * Math.sin(Math.PI / 4), w: 3 * Math.cos(Math.PI / 4) }, 0.5);
    expectClose(rot3(q), rz(Math.PI / 4));
    expect(() => slerp({ x: 0, y: 0, z: 0, w: 0 }, fromYaw(1), 0.5)).toThrow(/zero/);
  });
});

describe('linear parts', () => {
  it('lerp / lerpVec3 and the time weight (by time, index fallback for equal times)', () => {
    expect(lerp(2, 6, 0.25)).toBe(3);
    expect(lerpVec3({ x: 0, y: 10, z: -2 }, { x: 4, y: 0, z: 2 }, 0.5)).toEqual({ x: 2, y: 5, z: 0 });
    expect(weightAt(0.1, 0.5, 0.2, 1, 3, 2)).toBeCloseTo(0.25, 15); // by time, not by index (which would say 0.5)
    expect(weightAt(1, 1, 1, 2, 6, 3)).toBe(0.25);
  });
});
