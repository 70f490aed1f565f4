import { describe, expect, it } from 'vitest';
import { Scene } from '../schema';
import { applyPatches, execute, type CommandDef } from './command';
import { deleteObject } from './objects';
import { expectRejected, makeTestScene } from './testScene';
import {
  addTimeLabelInterval,
  createTimeLabel,
  deleteTimeLabel,
  removeTimeLabelInterval,
  setObjectIntervals,
  setTimeLabelInterval,
  updateTimeLabel,
} from './timeLabels';

/** Run a command, check the result is a valid scene and that its inverse patches restore the input exactly (undo). */
function run<A>(scene: Scene, cmd: CommandDef<A>, args: A): Scene {
  const { next, patches, inverse } = execute(scene, cmd, args);
  expect(Scene.safeParse(next).success).toBe(true);
  expect(applyPatches(next, inverse)).toEqual(scene);
  expect(applyPatches(scene, patches)).toEqual(next);
  return next;
}

/** The test scene with one action "drinking" by the driver o4 over [1, 5] with per-frame values at 1, 2 and 4.5. */
function withAction(): Scene {
  const s = run(makeTestScene(), createTimeLabel, { id: 'a', kind: 'action', type: 'drinking', intervals: [{ start: 1, end: 5 }], objects: ['o4'], attributes: { hand: 'left' } });
  return execute(s, { type: 't', label: 't', run: (d) => void (d.timeLabels.a.frameAttributes = { '1': { bottle: true }, '2': { bottle: true }, '4.5': { bottle: false } }) }, {}).next;
}

describe('time label commands', () => {
  it('createTimeLabel adds an action, an event and a whole-scene context with defaults and fresh ids', () => {
    const s = makeTestScene();
    const a = run(s, createTimeLabel, { kind: 'action', type: 'drinking', intervals: [{ start: 1, end: 5 }], objects: ['o4'] });
    const [act] = Object.values(a.timeLabels);
    expect(act.id).toMatch(/^act_[0-9a-f]{16}$/);
    expect(act).toEqual({ id: act.id, kind: 'action', type: 'drinking', intervals: [{ start: 1, end: 5 }], objects: ['o4'], attributes: {} });
    const e = run(s, createTimeLabel, { id: 'e1', kind: 'event', type: 'lane_change', name: 'Lane change', intervals: [{ start: 0.5, end: 0.5 }] });
    expect(e.timeLabels.e1).toEqual({ id: 'e1', kind: 'event', type: 'lane_change', name: 'Lane change', intervals: [{ start: 0.5, end: 0.5 }], objects: [], attributes: {} });
    const c = run(s, createTimeLabel, { id: 'c1', kind: 'context', type: 'night', attributes: { lighting: 'street' } });
    expect(c.timeLabels.c1.intervals).toEqual([]);
    expect(c.timeLabels.c1.attributes).toEqual({ lighting: 'street' });
    // Intervals are stored sorted.
    const two = run(s, createTimeLabel, { id: 'x', kind: 'action', type: 'wave', intervals: [{ start: 3, end: 4 }, { start: 0, end: 1 }] });
    expect(two.timeLabels.x.intervals).toEqual([{ start: 0, end: 1 }, { start: 3, end: 4 }]);
  });

  it('createTimeLabel rejects bad kinds, types, intervals, events that last, overlaps, unknown objects and duplicate ids', () => {
    const s = withAction();
    expectRejected(s, createTimeLabel, { kind: 'mood' as 'action', type: 'x' }, /kind must be "action", "event" or "context"/);
    expectRejected(s, createTimeLabel, { kind: 'action', type: '  ' }, /action ".*": type must be a non-empty string/);
    expectRejected(s, createTimeLabel, { kind: 'action', type: 'x', intervals: [{ start: 3, end: 2 }] }, /an interval must end at or after its start/);
    expectRejected(s, createTimeLabel, { kind: 'action', type: 'x', intervals: [{ start: NaN, end: 2 }] }, /\$\.intervals\[0\]\.start: .*NaN/);
    expectRejected(s, createTimeLabel, { kind: 'event', type: 'x', intervals: [{ start: 1, end: 2 }] }, /an event is an instant \(start === end\), got \[1, 2\]/);
    expectRejected(s, createTimeLabel, { kind: 'event', type: 'x' }, /an event needs at least one instant/);
    expectRejected(s, createTimeLabel, { kind: 'action', type: 'x', intervals: [{ start: 0, end: 2 }, { start: 2, end: 3 }] }, /interval \[2, 3\] overlaps \[0, 2\]/);
    expectRejected(s, createTimeLabel, { kind: 'action', type: 'x', objects: ['ghost'] }, /object "ghost" does not exist/);
    expectRejected(s, createTimeLabel, { kind: 'action', type: 'x', objects: ['o1', 'o1'] }, /object "o1" is listed twice/);
    expectRejected(s, createTimeLabel, { id: 'a', kind: 'context', type: 'x' }, /time label "a" already exists/);
  });

  it('updateTimeLabel changes type, name, attributes, objects and intervals; undo restores', () => {
    const s = withAction();
    const u = run(s, updateTimeLabel, { id: 'a', type: 'eating', name: 'Driver eats', attributes: { hand: 'right', hungry: true }, objects: ['o4', 'o1'] });
    expect(u.timeLabels.a).toMatchObject({ type: 'eating', name: 'Driver eats', attributes: { hand: 'right', hungry: true }, objects: ['o4', 'o1'] });
    expect(run(u, updateTimeLabel, { id: 'a', name: null }).timeLabels.a.name).toBeUndefined();
    const whole = run(s, updateTimeLabel, { id: 'a', intervals: [] });
    expect(whole.timeLabels.a.intervals).toEqual([]);
    expect(whole.timeLabels.a.frameAttributes).toEqual(s.timeLabels.a.frameAttributes);
    expectRejected(s, updateTimeLabel, { id: 'zz', type: 'x' }, /time label "zz" does not exist/);
    expectRejected(s, updateTimeLabel, { id: 'a', type: '' }, /action "a": type must be a non-empty string/);
    expectRejected(s, updateTimeLabel, { id: 'a', objects: ['nobody'] }, /action "a": object "nobody" does not exist/);
    expectRejected(s, updateTimeLabel, { id: 'a', attributes: { bad: { x: 1 } as unknown as string } }, /action "a" attributes: \$\.bad/);
  });

  it('setTimeLabelInterval moves and trims, keeps per-frame values inside, re-sorts; rejects bad input', () => {
    const s = withAction();
    const trimmed = run(s, setTimeLabelInterval, { id: 'a', index: 0, interval: { start: 1.5, end: 5 } });
    expect(trimmed.timeLabels.a.intervals).toEqual([{ start: 1.5, end: 5 }]);
    expect(trimmed.timeLabels.a.frameAttributes).toEqual({ '2': { bottle: true }, '4.5': { bottle: false } });
    const moved = run(s, setTimeLabelInterval, { id: 'a', index: 0, interval: { start: 10, end: 14 } });
    expect(moved.timeLabels.a.frameAttributes).toBeUndefined();
    const two = run(moved, addTimeLabelInterval, { id: 'a', interval: { start: 0, end: 1 } });
    expect(two.timeLabels.a.intervals).toEqual([{ start: 0, end: 1 }, { start: 10, end: 14 }]);
    // Moving interval 0 past interval 1 re-sorts: it is now index 1.
    expect(run(two, setTimeLabelInterval, { id: 'a', index: 0, interval: { start: 20, end: 21 } }).timeLabels.a.intervals).toEqual([{ start: 10, end: 14 }, { start: 20, end: 21 }]);
    expectRejected(two, setTimeLabelInterval, { id: 'a', index: 0, interval: { start: 9, end: 11 } }, /action "a": interval \[10, 14\] overlaps \[9, 11\]/);
    expectRejected(s, setTimeLabelInterval, { id: 'a', index: 1, interval: { start: 0, end: 1 } }, /action "a" has no interval 1 \(it has 1\)/);
    expectRejected(s, setTimeLabelInterval, { id: 'a', index: 0, interval: { start: 4, end: 3 } }, /end at or after its start/);
    const ev = run(s, createTimeLabel, { id: 'e', kind: 'event', type: 'honk', intervals: [{ start: 2, end: 2 }] });
    expect(run(ev, setTimeLabelInterval, { id: 'e', index: 0, interval: { start: 3, end: 3 } }).timeLabels.e.intervals).toEqual([{ start: 3, end: 3 }]);
    expectRejected(ev, setTimeLabelInterval, { id: 'e', index: 0, interval: { start: 3, end: 4 } }, /event "e": an event is an instant/);
  });

  it('addTimeLabelInterval / removeTimeLabelInterval; the only interval cannot be removed', () => {
    const s = withAction();
    const two = run(s, addTimeLabelInterval, { id: 'a', interval: { start: 7, end: 8 } });
    expect(two.timeLabels.a.intervals).toEqual([{ start: 1, end: 5 }, { start: 7, end: 8 }]);
    expectRejected(s, addTimeLabelInterval, { id: 'a', interval: { start: 5, end: 6 } }, /overlaps \[1, 5\]/);
    const one = run(two, removeTimeLabelInterval, { id: 'a', index: 0 });
    expect(one.timeLabels.a.intervals).toEqual([{ start: 7, end: 8 }]);
    expect(one.timeLabels.a.frameAttributes).toBeUndefined();
    expectRejected(one, removeTimeLabelInterval, { id: 'a', index: 0 }, /removing its only interval would make it span the whole scene/);
    expectRejected(two, removeTimeLabelInterval, { id: 'a', index: 2 }, /has no interval 2/);
  });

  it('roles: set with the objects, pruned when an object is unlinked or deleted, rejected for objects not linked', () => {
    const s = run(makeTestScene(), createTimeLabel, { id: 'r', kind: 'action', type: 'overtake', objects: ['o1', 'o2'], roles: { o1: 'isSubjectOfAction', o2: 'isObjectOfAction' } });
    expect(s.timeLabels.r.roles).toEqual({ o1: 'isSubjectOfAction', o2: 'isObjectOfAction' });
    expect(run(s, updateTimeLabel, { id: 'r', objects: ['o1'] }).timeLabels.r.roles).toEqual({ o1: 'isSubjectOfAction' });
    expect(run(s, updateTimeLabel, { id: 'r', objects: ['o3'] }).timeLabels.r.roles).toBeUndefined();
    expect(run(s, deleteObject, { objectId: 'o2' }).timeLabels.r).toMatchObject({ objects: ['o1'], roles: { o1: 'isSubjectOfAction' } });
    expect(run(s, updateTimeLabel, { id: 'r', roles: null }).timeLabels.r.roles).toBeUndefined();
    expect(run(s, updateTimeLabel, { id: 'r', roles: { o2: 'isSubjectOfAction' } }).timeLabels.r.roles).toEqual({ o2: 'isSubjectOfAction' });
    expectRejected(s, updateTimeLabel, { id: 'r', roles: { o3: 'isSubjectOfAction' } }, /action "r": object "o3" has a role but is not one of its objects/);
    expectRejected(makeTestScene(), createTimeLabel, { kind: 'action', type: 'x', objects: ['o1'], roles: { o2: 'isSubjectOfAction' } }, /\$\.roles: every object with a role must be one of the label's objects/);
  });

  it('deleteTimeLabel removes the label; deleteObject unlinks a deleted object from labels', () => {
    const s = withAction();
    expect(run(s, deleteTimeLabel, { id: 'a' }).timeLabels).toEqual({});
    expectRejected(s, deleteTimeLabel, { id: 'b' }, /time label "b" does not exist/);
    const linked = run(s, updateTimeLabel, { id: 'a', objects: ['o4', 'o1'] });
    expect(run(linked, deleteObject, { objectId: 'o4' }).timeLabels.a.objects).toEqual(['o1']);
  });

  it('setObjectIntervals sets, sorts and removes an object lifetime', () => {
    const s = makeTestScene();
    const o = run(s, setObjectIntervals, { objectId: 'o4', intervals: [{ start: 3, end: 4 }, { start: 0, end: 2 }] });
    expect(o.objects.o4.intervals).toEqual([{ start: 0, end: 2 }, { start: 3, end: 4 }]);
    expect('intervals' in run(o, setObjectIntervals, { objectId: 'o4', intervals: null }).objects.o4).toBe(false);
    expect('intervals' in run(o, setObjectIntervals, { objectId: 'o4', intervals: [] }).objects.o4).toBe(false);
    expectRejected(s, setObjectIntervals, { objectId: 'o9', intervals: [] }, /object "o9" does not exist/);
    expectRejected(s, setObjectIntervals, { objectId: 'o4', intervals: [{ start: 2, end: 1 }] }, /object "o4" intervals: \$\[0\]\.end: an interval must end at or after its start/);
    expectRejected(s, setObjectIntervals, { objectId: 'o4', intervals: [{ start: 0, end: 2 }, { start: 1, end: 3 }] }, /object "o4": interval \[1, 3\] overlaps \[0, 2\]/);
  });
});
