/**
 * Track reading and interpolation on the track test scene (irregular sample times). Expected
 * values are computed here from the scene's constants by the plain formulas: centre/size/box
 * edges a + (b − a)·(t − t_a)/(t_b − t_a) with scene times; rotation = Rz of the yaw moved
 * linearly along the short way (170° → −170° passes through 180°, not 0°).
 */
import { describe, expect, it } from 'vitest';
import { setAnnotation, type Box2D, type Cuboid } from '../schema';
import { fromYaw, toMat4 } from '../math/quaternion';
import { B1, B10, CAMERA_T, K1, K10, LIDAR_T, makeTrackScene } from './testScene';
import { interpolateTrack, interpolatedId, sameAnnotation } from './interpolate';
import { trackOf } from './track';
import { trackBars } from './bars';
import { allocatePoses, interpolatePoses, POSE_STRIDE } from './batch';

const deg = Math.PI / 180;
const rz = (a: number) => [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
const rot3 = (q: { x: number; y: number; z: number; w: number }) => { const m = toMat4(q); return [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]]; };
const lin = (a: number, b: number, ta: number, tb: number, t: number) => a + ((b - a) * (t - ta)) / (tb - ta);

describe('trackOf', () => {
  it('lists the object\'s annotations on a sensor in stream order with keyframe flags and gaps', () => {
    const s = makeTrackScene();
    const tr = trackOf(s, 'car', 'lidar');
    expect(tr.entries.map((e) => [e.index, e.annotation.id, e.keyframe, e.t])).toEqual([[1, 'k1', true, 0.1], [10, 'k10', true, 1.0]]);
    expect(tr.gaps).toEqual([{ from: 2, to: 9, start: 0.15, end: 0.9 }]);
    expect(trackOf(s, 'car', 'nope').entries).toEqual([]);
    expect(trackOf(s, 'van', 'lidar').entries).toEqual([]);
  });
});

describe('interpolateTrack', () => {
  it('cuboids: centre and size linear by scene time, yaw along the short path, nothing outside the keyframes', () => {
    const s = makeTrackScene();
    const out = interpolateTrack(trackOf(s, 'car', 'lidar'));
    expect(out.map((a) => a.sample)).toEqual(['l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9']);
    for (const a of out) {
      if (a.kind !== 'cuboid') throw new Error('cuboid expected');
      const t = LIDAR_T[Number(a.sample.slice(1))], t1 = LIDAR_T[1], t10 = LIDAR_T[10];
      expect(a).toMatchObject({ object: 'car', sensor: 'lidar', source: 'interpolated', id: interpolatedId('car', 'lidar', a.sample, 'cuboid'), attributes: { moving: true } });
      for (const k of ['x', 'y', 'z'] as const) expect(a.center[k]).toBeCloseTo(lin(K1.center[k], K10.center[k], t1, t10, t), 12);
      for (const k of ['l', 'w', 'h'] as const) expect(a.size[k]).toBeCloseTo(lin(K1.size[k], K10.size[k], t1, t10, t), 12);
      const yaw = 170 * deg + ((t - t1) / (t10 - t1)) * 20 * deg;
      rot3(a.rotation).forEach((v, i) => expect(v).toBeCloseTo(rz(yaw)[i], 12));
    }
    // frame 5 (t = 0.42 s) is 0.32 / 0.9 of the way, not 4/9 as by index
    const f5 = out.find((a) => a.sample === 'l5') as Cuboid;
    expect(f5.center.x).toBeCloseTo(10 + 9 * (0.32 / 0.9), 12);
  });

  it('boxes: every edge linear by time; keyframes are not recomputed (exact at keyframes)', () => {
    const s = makeTrackScene();
    const out = interpolateTrack(trackOf(s, 'car', 'cam')) as Box2D[];
    expect(out.map((a) => a.sample)).toEqual(['c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
    for (const a of out) {
      const t = CAMERA_T[Number(a.sample.slice(1))];
      for (const k of ['x0', 'y0', 'x1', 'y1'] as const) expect(a[k]).toBeCloseTo(lin(B1[k], B10[k], CAMERA_T[1], CAMERA_T[10], t), 10);
    }
    expect(out.some((a) => a.sample === 'c1' || a.sample === 'c10')).toBe(false);
  });

  it('skips samples marked not visible, keeps existing ids, and in "interpolated" mode fills only gaps that were interpolated', () => {
    const s = makeTrackScene();
    setAnnotation(s, { id: 'nv5', kind: 'notVisible', object: 'car', sensor: 'lidar', sample: 'l5', reason: 'occluded', source: 'manual' });
    const out = interpolateTrack(trackOf(s, 'car', 'lidar'));
    expect(out.map((a) => a.sample)).toEqual(['l2', 'l3', 'l4', 'l6', 'l7', 'l8', 'l9']);
    expect(interpolateTrack(trackOf(s, 'car', 'lidar'), { gaps: 'interpolated' })).toEqual([]);
    const old = { ...(out[2] as Cuboid), id: 'mine' };
    setAnnotation(s, old);
    const again = interpolateTrack(trackOf(s, 'car', 'lidar'), { gaps: 'interpolated' });
    expect(again.length).toBe(7);
    expect(again.find((a) => a.sample === 'l4')!.id).toBe('mine');
    expect(sameAnnotation(again.find((a) => a.sample === 'l4')!, old)).toBe(true);
  });

  it('three keyframes: each pair interpolates on its own', () => {
    const s = makeTrackScene();
    setAnnotation(s, { id: 'k4', kind: 'cuboid', object: 'car', sensor: 'lidar', sample: 'l4', center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 }, rotation: fromYaw(0), source: 'manual' });
    const out = interpolateTrack(trackOf(s, 'car', 'lidar'), { kinds: ['cuboid'] }) as Cuboid[];
    const l3 = out.find((a) => a.sample === 'l3')!, l7 = out.find((a) => a.sample === 'l7')!;
    expect(l3.center.x).toBeCloseTo(lin(10, 0, 0.1, 0.4, 0.3), 12);
    expect(l7.center.x).toBeCloseTo(lin(0, 19, 0.4, 1.0, 0.7), 12);
    expect(out.length).toBe(7);
  });
});

describe('trackBars', () => {
  it('one bar per annotated sensor with runs (gaps between), keyframes and interpolated times', () => {
    const s = makeTrackScene();
    for (const a of interpolateTrack(trackOf(s, 'car', 'lidar'))) setAnnotation(s, a);
    setAnnotation(s, { id: 'k0', kind: 'cuboid', object: 'car', sensor: 'lidar', sample: 'l0', center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 }, rotation: fromYaw(0), source: 'manual' });
    const bars = trackBars(s, 'car');
    expect(bars.map((b) => b.sensor)).toEqual(['cam', 'lidar']);
    const [cam, lidar] = bars;
    expect(cam.runs).toEqual([{ from: 1, to: 1, start: 0.11, end: 0.11 }, { from: 10, to: 10, start: 1.01, end: 1.01 }]);
    expect(lidar.runs).toEqual([{ from: 0, to: 10, start: 0, end: 1 }]);
    expect(lidar.keyframes).toEqual([0, 0.1, 1]);
    expect(lidar.interpolated).toEqual(LIDAR_T.slice(2, 10));
  });
});

describe('interpolatePoses (typed-array batch)', () => {
  it('agrees with interpolateTrack at the sample times, is exact at keyframes and NaN outside', () => {
    const s = makeTrackScene();
    const q1 = fromYaw(K1.yaw), q10 = fromYaw(K10.yaw);
    const pose = (k: typeof K1, q: typeof q1) => [k.center.x, k.center.y, k.center.z, k.size.l, k.size.w, k.size.h, q.x, q.y, q.z, q.w];
    const tracks = { offsets: Uint32Array.from([0, 2]), times: Float64Array.from([LIDAR_T[1], LIDAR_T[10]]), poses: Float64Array.from([...pose(K1, q1), ...pose(K10, q10)]) };
    const times = Float64Array.from(LIDAR_T);
    const out = allocatePoses(1, times.length);
    expect(interpolatePoses(tracks, times, out)).toBe(10);
    expect(Number.isNaN(out[0])).toBe(true);
    for (let c = 0; c < POSE_STRIDE; c++) {
      expect(out[POSE_STRIDE + c]).toBeCloseTo(tracks.poses[c], 15);
      expect(out[10 * POSE_STRIDE + c]).toBeCloseTo(tracks.poses[POSE_STRIDE + c], 15);
    }
    for (const a of interpolateTrack(trackOf(s, 'car', 'lidar')) as Cuboid[]) {
      const o = Number(a.sample.slice(1)) * POSE_STRIDE;
      const want = [a.center.x, a.center.y, a.center.z, a.size.l, a.size.w, a.size.h, a.rotation.x, a.rotation.y, a.rotation.z, a.rotation.w];
      want.forEach((v, c) => expect(out[o + c]).toBeCloseTo(v, 12));
    }
  });

  it('several tracks of different lengths, including one keyframe and none', () => {
    const q = fromYaw(0.5);
    const p = (x: number) => [x, 0, 0, 1, 1, 1, q.x, q.y, q.z, q.w];
    const tracks = { offsets: Uint32Array.from([0, 3, 4, 4]), times: Float64Array.from([0, 1, 3, 2]), poses: Float64Array.from([...p(0), ...p(10), ...p(30), ...p(7)]) };
    const times = Float64Array.from([0, 0.5, 1, 2, 2.5, 3, 4]);
    const out = allocatePoses(3, times.length);
    expect(interpolatePoses(tracks, times, out)).toBe(6 + 1);
    const x = (k: number, j: number) => out[(k * times.length + j) * POSE_STRIDE];
    expect([0, 1, 2, 3, 4, 5].map((j) => x(0, j))).toEqual([0, 5, 10, 20, 25, 30]);
    expect(Number.isNaN(x(0, 6))).toBe(true);
    expect([0, 1, 2, 3, 4, 5, 6].map((j) => x(1, j))).toEqual([NaN, NaN, NaN, 7, NaN, NaN, NaN]);
    expect(Array.from({ length: 7 }, (_, j) => x(2, j)).every(Number.isNaN)).toBe(true);
    expect(() => interpolatePoses(tracks, times, new Float64Array(10))).toThrow(/needs 210/);
  });
});
