/**
 * Transforms and the frame graph. Reference values are hand computed (stated per case) or come from
 * the KITTI 000000 calib file (public/demo/kitti/calib/000000.txt) through the devkit formula.
 */
import { describe, expect, it } from 'vitest';
import { mat4 } from '../math';
import type { Transform } from '../schema';
import { FrameGraph } from './frameGraph';
import {
  compose, fromEulerZYX, fromQuaternionWXYZ, fromQuaternionXYZW, fromRowMajor, fromSchemaTransform, frameTransform, invertTransform, nameOf, toSchemaTransform, transformPoint,
} from './transform';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-12) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], -Math.log10(eps) - 1));

describe('FrameTransform', () => {
  it('names both frames', () => {
    expect(nameOf(fromRowMajor('lidar', 'camera', [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]))).toBe('T_camera_from_lidar');
  });

  it('quaternion xyzw and wxyz give the same rotation, normalised at the boundary', () => {
    // 90° about z, scaled by 2: maps (1,0,0) → (0,1,0); translation added after rotation
    const s = Math.SQRT1_2 * 2;
    const a = fromQuaternionXYZW('a', 'b', [0, 0, s, s], [1, 2, 3]);
    const b = fromQuaternionWXYZ('a', 'b', [s, 0, 0, s], [1, 2, 3]);
    close(a.m, b.m);
    close(transformPoint(a, 1, 0, 0), [1, 3, 3]);
  });

  it('Euler ZYX: yaw 90° then pitch 90° maps x to -z (by hand: R = Rz·Ry, Ry(90°)·x = -z, Rz leaves z)', () => {
    close(transformPoint(fromEulerZYX('a', 'b', Math.PI / 2, Math.PI / 2, 0), 1, 0, 0), [0, 0, -1]);
    // roll 90° about x maps y to z
    close(transformPoint(fromEulerZYX('a', 'b', 0, 0, Math.PI / 2), 0, 1, 0), [0, 0, 1]);
  });

  it('compose and invert', () => {
    const ab = fromEulerZYX('a', 'b', 0.3, -0.2, 0.1, [1, 2, 3]);
    const bc = fromQuaternionXYZW('b', 'c', [0.1, 0.2, 0.3, 0.9], [-1, 0.5, 2]);
    const ac = compose(bc, ab);
    expect([ac.from, ac.to]).toEqual(['a', 'c']);
    const p = transformPoint(ac, 0.4, -0.7, 5);
    close(transformPoint(bc, ...(transformPoint(ab, 0.4, -0.7, 5) as [number, number, number])), p);
    const back = compose(invertTransform(ab), invertTransform(bc));
    close(transformPoint(back, p[0], p[1], p[2]), [0.4, -0.7, 5], 1e-10);
    expect(() => compose(ab, bc)).toThrow(/cannot compose T_b_from_a with T_c_from_b/);
  });

  it('round trips through the schema Transform (both representations)', () => {
    const t = fromEulerZYX('velodyne', 'camera_0', 1.1, 0.2, -0.4, [0.3, -0.1, 2]);
    close(fromSchemaTransform(toSchemaTransform(t)).m, t.m);
    close(fromSchemaTransform(toSchemaTransform(t, 'quaternion')).m, t.m, 1e-10);
  });

  it('rejects NaN and singular matrices with the transform name', () => {
    expect(() => fromRowMajor('a', 'b', [NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0])).toThrow(/T_b_from_a: matrix has NaN/);
    expect(() => invertTransform(frameTransform('a', 'b', [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]))).toThrow(/T_b_from_a cannot be inverted: matrix is singular/);
  });
});

describe('FrameGraph', () => {
  // KITTI 000000 calib
  const Tr = [6.927964e-3, -9.999722e-1, -2.757829e-3, -2.457729e-2, -1.162982e-3, 2.749836e-3, -9.999955e-1, -6.127237e-2, 9.999753e-1, 6.931141e-3, -1.143899e-3, -3.321029e-1];
  const R0 = [9.999128e-1, 1.009263e-2, -8.511932e-3, -1.012729e-2, 9.999406e-1, -4.037671e-3, 8.470675e-3, 4.123522e-3, 9.999556e-1];
  const mat = (from: string, to: string, m: ArrayLike<number>): Transform => ({ from, to, repr: { kind: 'matrix4x4', rowMajor: Array.from(mat4.fromRowMajor(m)) } });

  it('resolves velodyne → camera_0_rect through R0_rect, and the inverse direction', () => {
    const g = FrameGraph.fromScene({ sensors: [{ id: 'v', name: 'V', kind: 'lidar', frame: 'velodyne', extrinsics: mat('velodyne', 'camera_0', Tr) }], transforms: [{ from: 'camera_0', to: 'camera_0_rect', repr: { kind: 'matrix4x4', rowMajor: Array.from(mat4.fromMat3(R0)) } }] });
    const T = g.resolve('velodyne', 'camera_0_rect');
    const X = [10, 2, -1];
    // devkit: R0_rect · (Tr · X)
    const a = [0, 1, 2].map((i) => Tr[4 * i] * X[0] + Tr[4 * i + 1] * X[1] + Tr[4 * i + 2] * X[2] + Tr[4 * i + 3]);
    const b = [0, 1, 2].map((i) => R0[3 * i] * a[0] + R0[3 * i + 1] * a[1] + R0[3 * i + 2] * a[2]);
    close(transformPoint(T, X[0], X[1], X[2]), b, 1e-12);
    const back = g.resolve('camera_0_rect', 'velodyne');
    close(transformPoint(back, b[0], b[1], b[2]), X, 1e-9);
  });

  it('per-sample transforms override the static edge between the same frames', () => {
    const scene = { sensors: [], transforms: [mat('lidar', 'ego', mat4.translation(1, 0, 0))] };
    expect(FrameGraph.fromScene(scene).resolve('lidar', 'ego').m[3]).toBe(1);
    // override given in the opposite direction still replaces the edge
    const g = FrameGraph.fromScene(scene, [{ transforms: [mat('ego', 'lidar', mat4.translation(0, 5, 0))] }]);
    close(transformPoint(g.resolve('lidar', 'ego'), 0, 0, 0), [0, -5, 0]);
  });

  it('a missing link throws naming both frames', () => {
    const g = new FrameGraph([fromRowMajor('lidar', 'ego', mat4.identity()), fromRowMajor('camera', 'camera_rect', mat4.identity())]);
    expect(() => g.resolve('lidar', 'camera')).toThrow(/no chain of transforms from frame "lidar" to frame "camera"/);
    expect(() => g.resolve('lidar', 'nowhere')).toThrow(/"nowhere"/);
    expect(g.has('lidar', 'camera')).toBe(false);
  });
});
