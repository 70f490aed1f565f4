/**
 * Track commands on the track test scene (core/tracks/testScene.ts: 11 irregular LiDAR and camera
 * frames, car keyframes at frames 1 and 10). Expected geometry is computed here by the plain
 * formula a + (b − a)·(t − t_a)/(t_b − t_a) from the scene's times; every command is checked to
 * undo exactly (inverse patches give back the scene it started from).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scene, allAnnotations, getAnnotation, type Cuboid } from '../schema';
import { fromYaw } from '../math/quaternion';
import { projectCuboidInCamera, projectedBoxId, toProjectedBox2D } from '../projection/scene';
import { interpolatedId } from '../tracks';
import { B1, B10, CAMERA_T, K1, K10, LIDAR_T, makeTrackScene } from '../tracks/testScene';
import { applyPatches, execute, type CommandDef } from './command';
import { deleteAnnotation, markNotVisible, updateAnnotation } from './annotations';
import { acceptProjectedBox } from './projected';
import { expectRejected } from './testScene';
import {
  acceptInterpolated,
  copyToNextFrame,
  deleteFromHere,
  interpolateObject,
  mergeTracks,
  propagateUntilChanged,
  splitTrack,
} from './tracks';

const lin = (a: number, b: number, ta: number, tb: number, t: number) => a + ((b - a) * (t - ta)) / (tb - ta);
const ip = (sample: string, kind: 'cuboid' | 'box2d' = 'cuboid') => interpolatedId('car', kind === 'cuboid' ? 'lidar' : 'cam', sample, kind);
const cuboid = (s: Scene, id: string): Cuboid => {
  const a = getAnnotation(s, id);
  if (a?.kind !== 'cuboid') throw new Error(`${id} is not a cuboid`);
  return a;
};
const ofObject = (s: Scene, object: string, sensor?: string) =>
  allAnnotations(s)
    .filter((a) => a.object === object && (sensor === undefined || ('sensor' in a && a.sensor === sensor)))
    .map((a) => ('sample' in a ? `${a.sample}:${a.source}` : `${a.kind}:${a.id}`))
    .sort((p, q) => p.localeCompare(q, 'en', { numeric: true }));

/** Run a command, check the result is schema-valid and that its inverse patches restore the input. */
function run<A>(s: Scene, cmd: CommandDef<A>, args: A): Scene {
  const { next, inverse, patches } = execute(s, cmd, args);
  const valid = Scene.safeParse(next);
  if (!valid.success) throw new Error(`${cmd.type} left an invalid scene: ${valid.error.issues[0]?.message}`);
  expect(applyPatches(next, inverse)).toEqual(s);
  expect(applyPatches(s, patches)).toEqual(next);
  return next;
}

const interpolated = () => run(makeTrackScene(), interpolateObject, { object: 'car' });

describe('interpolateObject', () => {
  it('fills every sample between keyframes on each sensor, and is idempotent', () => {
    const s = interpolated();
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual', ...[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `l${i}:interpolated`), 'l10:manual']);
    expect(ofObject(s, 'car', 'cam')).toEqual(['c1:manual', ...[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `c${i}:interpolated`), 'c10:manual']);
    // frame 5 in both views
    expect(cuboid(s, ip('l5')).center.x).toBeCloseTo(lin(K1.center.x, K10.center.x, LIDAR_T[1], LIDAR_T[10], LIDAR_T[5]), 12);
    const b5 = getAnnotation(s, ip('c5', 'box2d'))!;
    if (b5.kind !== 'box2d') throw new Error('box expected');
    expect(b5.x1).toBeCloseTo(lin(B1.x1, B10.x1, CAMERA_T[1], CAMERA_T[10], CAMERA_T[5]), 10);
    expect(execute(s, interpolateObject, { object: 'car' }).patches).toEqual([]);
  });

  it('one sensor only; refuses objects with no two keyframes and unknown sensors', () => {
    const s = run(makeTrackScene(), interpolateObject, { object: 'car', sensor: 'cam' });
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual', 'l10:manual']);
    expectRejected(s, interpolateObject, { object: 'van' }, /object "van" has no two keyframes/);
    expectRejected(s, interpolateObject, { object: 'car', sensor: 'radar' }, /sensor "radar" does not exist/);
    expectRejected(s, interpolateObject, { object: 'ghost' }, /object "ghost" does not exist/);
  });

  it('removes interpolated annotations no longer between two keyframes', () => {
    let s = interpolated();
    s = run(s, { type: 't', label: 't', run: (d: Scene) => void delete d.annotations.l10 }, undefined); // the keyframe vanishes without the hook
    s = run(s, interpolateObject, { object: 'car', sensor: 'cam' });
    expect(() => execute(s, interpolateObject, { object: 'car', sensor: 'lidar' })).toThrow(/no two keyframes/);
  });
});

describe('edits keep interpolation current (one undo step)', () => {
  it('moving a keyframe recomputes the interpolated frames between its neighbours', () => {
    const s0 = interpolated();
    const s = run(s0, updateAnnotation, { id: 'k10', patch: { center: { x: 28, y: -7, z: -0.1 } } });
    for (const i of [2, 5, 9]) expect(cuboid(s, ip(`l${i}`)).center.x).toBeCloseTo(lin(10, 28, LIDAR_T[1], LIDAR_T[10], LIDAR_T[i]), 12);
    // the camera track is another sensor: untouched
    for (const k of Object.keys(s0.annotations)) if (k.startsWith('c')) expect(s.annotations[k]).toBe(s0.annotations[k]);
  });

  it('editing an interpolated frame makes it a keyframe and splits the stretch in two', () => {
    const s0 = interpolated();
    const s = run(s0, updateAnnotation, { id: ip('l5'), patch: { center: { x: 0, y: 0, z: 0 } } });
    expect(getAnnotation(s, ip('l5'))!.source).toBe('manual');
    expect(cuboid(s, ip('l3')).center.x).toBeCloseTo(lin(10, 0, LIDAR_T[1], LIDAR_T[5], LIDAR_T[3]), 12);
    expect(cuboid(s, ip('l7')).center.x).toBeCloseTo(lin(0, 19, LIDAR_T[5], LIDAR_T[10], LIDAR_T[7]), 12);
    expect(getAnnotation(s, ip('l3'))!.source).toBe('interpolated');
  });

  it('a gap the annotator never interpolated stays open', () => {
    const s = run(makeTrackScene(), updateAnnotation, { id: 'k10', patch: { center: { x: 28, y: -7, z: -0.1 } } });
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual', 'l10:manual']);
  });

  it('deleting a keyframe drops the frames that were interpolated towards it; deleting an interpolated frame leaves a hole', () => {
    const s0 = interpolated();
    const s = run(s0, deleteAnnotation, { id: 'k10' });
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual']);
    const hole = run(s0, deleteAnnotation, { id: ip('l5') });
    expect(getAnnotation(hole, ip('l5'))).toBeUndefined();
    expect(ofObject(hole, 'car', 'lidar').length).toBe(9);
  });

  it('deleting a middle keyframe re-interpolates across it', () => {
    let s = run(interpolated(), updateAnnotation, { id: ip('l5'), patch: { center: { x: 0, y: 0, z: 0 } } });
    s = run(s, deleteAnnotation, { id: ip('l5') });
    expect(cuboid(s, ip('l5')).center.x).toBeCloseTo(lin(10, 19, LIDAR_T[1], LIDAR_T[10], LIDAR_T[5]), 12);
    expect(getAnnotation(s, ip('l5'))!.source).toBe('interpolated');
  });

  it('marking a frame not visible keeps the rest of the stretch', () => {
    const s0 = interpolated();
    const s = run(s0, markNotVisible, { object: 'car', sensor: 'lidar', sample: 'l5', reason: 'occluded', id: 'nv5' });
    expect(ofObject(s, 'car', 'lidar').filter((x) => x.endsWith('interpolated')).length).toBe(7);
    expect(cuboid(s, ip('l6'))).toEqual(cuboid(s0, ip('l6')));
    // and a moved keyframe still reaches past the mark
    const moved = run(s, updateAnnotation, { id: 'k1', patch: { center: { x: 0, y: 2, z: -1 } } });
    expect(cuboid(moved, ip('l7')).center.x).toBeCloseTo(lin(0, 19, LIDAR_T[1], LIDAR_T[10], LIDAR_T[7]), 12);
    expect(getAnnotation(moved, ip('l5'))).toBeUndefined();
  });

  it('2D boxes stored from a recomputed interpolated cuboid follow it', () => {
    let s = run(makeTrackScene(), interpolateObject, { object: 'car', sensor: 'lidar' });
    s = run(s, acceptProjectedBox, { cuboid: ip('l5'), camera: 'cam' });
    s = run(s, updateAnnotation, { id: 'k10', patch: { center: { x: 12, y: 3, z: -0.1 } } });
    const cam = s.sensors.find((x) => x.id === 'cam');
    if (cam?.kind !== 'camera') throw new Error('camera expected');
    const want = toProjectedBox2D(projectCuboidInCamera(s, cuboid(s, ip('l5')), cam)!);
    expect(getAnnotation(s, projectedBoxId(ip('l5'), 'cam'))).toEqual(want);
  });
});

describe('acceptInterpolated', () => {
  it('by id or for a whole object; geometry unchanged; refuses keyframes', () => {
    const s0 = interpolated();
    const one = run(s0, acceptInterpolated, { id: ip('l4') });
    expect(getAnnotation(one, ip('l4'))).toEqual({ ...getAnnotation(s0, ip('l4'))!, source: 'manual' });
    const all = run(s0, acceptInterpolated, { object: 'car', sensor: 'cam' });
    expect(ofObject(all, 'car', 'cam').every((x) => x.endsWith(':manual'))).toBe(true);
    expect(ofObject(all, 'car', 'lidar').some((x) => x.endsWith(':interpolated'))).toBe(true);
    expectRejected(s0, acceptInterpolated, { id: 'k1' }, /annotation "k1" is not interpolated/);
    expectRejected(makeTrackScene(), acceptInterpolated, { object: 'car' }, /has no interpolated annotations/);
  });
});

describe('copyToNextFrame and propagateUntilChanged', () => {
  it('copies to the next sample as a keyframe, replacing an interpolated frame and re-interpolating after it', () => {
    const s0 = interpolated();
    const s = run(s0, copyToNextFrame, { id: 'k1', newId: 'k2' });
    expect(cuboid(s, 'k2')).toMatchObject({ sample: 'l2', source: 'manual', center: K1.center, size: K1.size, attributes: { moving: true } });
    expect(getAnnotation(s, ip('l2'))).toBeUndefined();
    expect(cuboid(s, ip('l6')).center.x).toBeCloseTo(lin(10, 19, LIDAR_T[2], LIDAR_T[10], LIDAR_T[6]), 12);
    expectRejected(s0, copyToNextFrame, { id: 'k10' }, /last sample of sensor "lidar"/);
    expectRejected(s, copyToNextFrame, { id: 'k1' }, /already has a cuboid in sample "l2"/);
    expectRejected(s0, copyToNextFrame, { id: 'k1', newId: 'k10' }, /annotation "k10" already exists/);
  });

  it('propagates until the next keyframe or not-visible mark', () => {
    const s = run(makeTrackScene(), propagateUntilChanged, { id: 'k1' });
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual', ...[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `l${i}:manual`), 'l10:manual']);
    for (const a of allAnnotations(s)) if (a.kind === 'cuboid' && a.id !== 'k10') expect(a.center).toEqual(K1.center);
    let m = run(makeTrackScene(), markNotVisible, { object: 'car', sensor: 'cam', sample: 'c4', reason: 'occluded' });
    m = run(m, propagateUntilChanged, { id: 'b1' });
    expect(ofObject(m, 'car', 'cam')).toEqual(['c1:manual', 'c2:manual', 'c3:manual', 'c4:manual', 'c10:manual']); // c4 is the not-visible mark
    expect(getAnnotation(m, 'b1')!.kind).toBe('box2d');
    expectRejected(makeTrackScene(), propagateUntilChanged, { id: 'k10' }, /nothing to propagate .* last sample/);
  });
});

describe('deleteFromHere', () => {
  it('removes the object\'s annotations at and after t on every sensor without changing earlier frames', () => {
    let s0 = interpolated();
    s0 = run(s0, { type: 't', label: 't', run: (d: Scene) => {
      d.annotations['sensor:mic'] = { seg: { id: 'seg', kind: 'timeSegment', object: 'car', sensor: 'mic', source: 'manual', start: 0.2, end: 0.8 } };
      d.objects.car.intervals = [{ start: 0, end: 1 }];
    } }, undefined);
    const s = run(s0, deleteFromHere, { object: 'car', t: 0.42 });
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual', 'l2:interpolated', 'l3:interpolated', 'l4:manual']);
    expect(ofObject(s, 'car', 'cam')).toEqual(['c1:manual', 'c2:interpolated', 'c3:interpolated', 'c4:manual']); // c5 is at 0.48 s
    expect({ ...cuboid(s, ip('l4')), source: 'x' }).toEqual({ ...cuboid(s0, ip('l4')), source: 'x' });
    expect(getAnnotation(s, 'seg')).toMatchObject({ start: 0.2, end: 0.42 });
    expect(s.objects.car.intervals).toEqual([{ start: 0, end: 0.42 }]);
    expectRejected(s, deleteFromHere, { object: 'car', t: 0.95 }, /no annotations at or after 0.95 s/);
    expectRejected(s, deleteFromHere, { object: 'car', t: NaN }, /finite number/);
  });
});

describe('splitTrack and mergeTracks', () => {
  it('split moves what is at and after t to a new object of the same class; merge puts it back', () => {
    const s0 = interpolated();
    const s = run(s0, splitTrack, { object: 'car', t: 0.42, newObject: 'car_b' });
    expect(s.objects.car_b).toEqual({ id: 'car_b', classId: 'car', name: 'Car 1 (split)', attributes: { occluded: 'none' } });
    expect(ofObject(s, 'car', 'lidar')).toEqual(['l1:manual', 'l2:interpolated', 'l3:interpolated', 'l4:manual']);
    expect(ofObject(s, 'car_b', 'lidar')).toEqual(['l5:manual', 'l6:interpolated', 'l7:interpolated', 'l8:interpolated', 'l9:interpolated', 'l10:manual']);
    expect(ofObject(s, 'car_b', 'cam')[0]).toBe('c5:manual');
    // no frame's geometry changed
    for (const a of allAnnotations(s0)) expect({ ...getAnnotation(s, a.id)!, object: '', source: '' }).toEqual({ ...a, object: '', source: '' });
    // and the two halves still interpolate on their own: moving car_b's last keyframe moves only car_b's frames
    const moved = run(s, updateAnnotation, { id: 'k10', patch: { center: { x: 30, y: -7, z: -0.1 } } });
    expect(cuboid(moved, ip('l3'))).toEqual(cuboid(s, ip('l3')));
    expect(cuboid(moved, ip('l7')).center.x).toBeCloseTo(lin(cuboid(s, ip('l5')).center.x, 30, LIDAR_T[5], LIDAR_T[10], LIDAR_T[7]), 12);

    const back = run(s, mergeTracks, { into: 'car', from: 'car_b' });
    expect(back.objects.car_b).toBeUndefined();
    expect(allAnnotations(back).filter((a) => a.object === 'car').length).toBe(allAnnotations(s0).filter((a) => a.object === 'car').length);
  });

  it('split cuts a time segment and the lifetime intervals that cross t', () => {
    const s0 = run(makeTrackScene(), { type: 't', label: 't', run: (d: Scene) => {
      d.annotations['sensor:mic'] = { seg: { id: 'seg', kind: 'timeSegment', object: 'car', sensor: 'mic', source: 'manual', start: 0.2, end: 0.8, text: 'engine' } };
      d.objects.car.intervals = [{ start: 0, end: 1 }];
    } }, undefined);
    const s = run(s0, splitTrack, { object: 'car', t: 0.5, newObject: 'car_b', name: 'Car 1b' });
    expect(getAnnotation(s, 'seg')).toMatchObject({ object: 'car', start: 0.2, end: 0.5 });
    const rest = allAnnotations(s).filter((a) => a.kind === 'timeSegment' && a.object === 'car_b');
    expect(rest).toMatchObject([{ start: 0.5, end: 0.8, text: 'engine', sensor: 'mic' }]);
    expect(s.objects.car.intervals).toEqual([{ start: 0, end: 0.5 }]);
    expect(s.objects.car_b).toMatchObject({ name: 'Car 1b', intervals: [{ start: 0.5, end: 1 }] });
  });

  it('split refuses a time that would leave either object empty', () => {
    const s = makeTrackScene();
    expectRejected(s, splitTrack, { object: 'car', t: 0.05 }, /no annotations before 0.05 s/);
    expectRejected(s, splitTrack, { object: 'car', t: 1.5 }, /no annotations at or after 1.5 s/);
    expectRejected(s, splitTrack, { object: 'car', t: 0.5, newObject: 'van' }, /object "van" already exists/);
  });

  it('merge refuses overlapping tracks, different classes and self-merges, with a clear message', () => {
    const s = run(makeTrackScene(), { type: 't', label: 't', run: (d: Scene) => {
      d.annotations.l5 = { x5: { id: 'x5', kind: 'cuboid', object: 'car2', sensor: 'lidar', sample: 'l5', source: 'manual', center: { x: 1, y: 1, z: 0 }, size: { l: 4, w: 2, h: 1.5 }, rotation: fromYaw(0) } };
    } }, undefined);
    expectRejected(s, mergeTracks, { into: 'car', from: 'car2' }, /both are annotated on sensor "lidar" between 0.42 s and 0.42 s/);
    expectRejected(s, mergeTracks, { into: 'car', from: 'van' }, /the classes differ/);
    expectRejected(s, mergeTracks, { into: 'car', from: 'car' }, /into itself/);
    // on another sensor only: allowed
    const ok = run(makeTrackScene(), { type: 't', label: 't', run: (d: Scene) => {
      d.annotations.c0 = { x0: { id: 'x0', kind: 'box2d', object: 'car2', sensor: 'cam', sample: 'c0', source: 'manual', x0: 1, y0: 1, x1: 5, y1: 5 } };
    } }, undefined);
    const merged = run(ok, mergeTracks, { into: 'car', from: 'car2' });
    expect(getAnnotation(merged, 'x0')!.object).toBe('car');
  });
});

describe('property: interpolate, edit a keyframe, undo', () => {
  it('restores the scene exactly, and the edit recomputes the frames between the neighbouring keyframes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 5 }),
        fc.nat(4),
        fc.record({ dx: fc.double({ min: -20, max: 20, noNaN: true }), dyaw: fc.double({ min: -3, max: 3, noNaN: true }), dl: fc.double({ min: 0.1, max: 3, noNaN: true }) }),
        (frames, which, { dx, dyaw, dl }) => {
          frames.sort((a, b) => a - b);
          const start = run(makeTrackScene(), { type: 't', label: 't', run: (d: Scene) => {
            delete d.annotations.l1;
            delete d.annotations.l10;
            for (const f of frames)
              (d.annotations[`l${f}`] ??= {})[`k${f}`] = { id: `k${f}`, kind: 'cuboid', object: 'car', sensor: 'lidar', sample: `l${f}`, source: 'manual', center: { x: f, y: 0, z: 0 }, size: { l: 4, w: 2, h: 1.5 }, rotation: fromYaw(f / 3) };
          } }, undefined);
          const a = execute(start, interpolateObject, { object: 'car', sensor: 'lidar' });
          const k = frames[which % frames.length];
          const edit = { center: { x: k + dx, y: 1, z: 0 }, size: { l: dl, w: 2, h: 1.5 }, rotation: fromYaw(k / 3 + dyaw) };
          const b = execute(a.next, updateAnnotation, { id: `k${k}`, patch: edit });
          expect(Scene.safeParse(b.next).success).toBe(true);
          // frames between the edited keyframe and its neighbours follow the edit
          const idx = frames.indexOf(k);
          for (const [lo, hi] of [[frames[idx - 1], k], [k, frames[idx + 1]]]) {
            if (lo === undefined || hi === undefined) continue;
            const x = (f: number) => (f === k ? k + dx : f);
            for (let f = lo + 1; f < hi; f++) expect(cuboid(b.next, ip(`l${f}`)).center.x).toBeCloseTo(lin(x(lo), x(hi), LIDAR_T[lo], LIDAR_T[hi], LIDAR_T[f]), 9);
          }
          const undone = applyPatches(b.next, b.inverse);
          expect(undone).toEqual(a.next);
          expect(applyPatches(undone, a.inverse)).toEqual(start);
        },
      ),
      { numRuns: 60 },
    );
  });
});
