import { describe, expect, it } from 'vitest';
import { allAnnotations, getAnnotation, Scene } from '../schema';
import { applyPatches, execute } from './command';
import { addAnnotation, createObjectWithAnnotation, deleteAnnotation, markNotVisible, updateAnnotation } from './annotations';
import { expectRejected, makeTestScene } from './testScene';

const box = { id: 'b9', kind: 'box2d' as const, object: 'o2', sensor: 'cam', sample: 'c1', x0: 10, y0: 20, x1: 30, y1: 60 };

describe('annotation commands', () => {
  it('addAnnotation inserts a validated record with schema defaults', () => {
    const s = makeTestScene();
    const { next } = execute(s, addAnnotation, { annotation: box });
    expect(getAnnotation(next, 'b9')!).toEqual({ ...box, source: 'manual' });
    expect(Scene.safeParse(next).success).toBe(true);
    const seg = { id: 's1', kind: 'timeSegment' as const, object: 'o4', sensor: 'mic', start: 0.2, end: 0.5, text: 'hello' };
    expect(getAnnotation(execute(s, addAnnotation, { annotation: seg }).next, 's1')).toEqual({ ...seg, source: 'manual' });
  });

  it('addAnnotation rejects bad records and dangling references', () => {
    const s = makeTestScene();
    expectRejected(s, addAnnotation, { annotation: { ...box, object: 'ghost' } }, /object "ghost" does not exist/);
    expectRejected(s, addAnnotation, { annotation: { ...box, sensor: 'radar' } }, /sensor "radar" does not exist/);
    expectRejected(s, addAnnotation, { annotation: { ...box, sample: 'l0' } }, /sample "l0" does not exist in sensor "cam"/);
    expectRejected(s, addAnnotation, { annotation: { ...box, sensor: 'lidar', sample: 'l0' } }, /a box2d cannot be drawn on lidar sensor "lidar"/);
    expectRejected(s, addAnnotation, { annotation: { ...box, id: 'a1' } }, /annotation "a1" already exists/);
    expectRejected(s, addAnnotation, { annotation: { ...box, x1: 5 } }, /annotation "b9": a box needs x1 >= x0/);
    expectRejected(
      s,
      addAnnotation,
      { annotation: { id: 'c9', kind: 'cuboid', object: 'o1', sensor: 'lidar', sample: 'l1', center: { x: 0, y: 0, z: 0 }, size: { l: -1, w: 1, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } } },
      /annotation "c9": \$\.size\.l: /,
    );
    expectRejected(s, addAnnotation, { annotation: { id: 't9', kind: 'textSpan', object: 'o2', document: 'd1', start: 40, end: 50, language: 'en' } }, /runs past the end of document "d1"/);
    expectRejected(s, addAnnotation, { annotation: { id: 't9', kind: 'textSpan', object: 'o2', document: 'd1', start: 0, end: 3, language: 'en', text: 'Thx' } }, /does not match the document/);
    // "speaker" may be labelled in audio/video/text only, not as a LiDAR cuboid.
    const sp = execute(s, { type: 't', label: 't', run: (d) => void (d.objects.o3.classId = 'speaker') }, {}).next;
    expectRejected(sp, addAnnotation, { annotation: { id: 'c9', kind: 'cuboid', object: 'o3', sensor: 'lidar', sample: 'l1', center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } } }, /not labelled in lidar/);
  });

  it('updateAnnotation merges a partial, re-validates, removes fields set to undefined', () => {
    const s = makeTestScene();
    const moved = execute(s, updateAnnotation, { id: 'a1', patch: { center: { x: 11, y: 1, z: -0.8 } } }).next;
    expect(getAnnotation(moved, 'a1')!).toEqual({ ...getAnnotation(s, 'a1')!, center: { x: 11, y: 1, z: -0.8 } });
    const withTrunc = execute(s, updateAnnotation, { id: 'a2', patch: { truncated: 0.25 } }).next;
    expect(getAnnotation(withTrunc, 'a2')!).toMatchObject({ truncated: 0.25, x0: 100 });
    const without = execute(withTrunc, updateAnnotation, { id: 'a2', patch: { truncated: undefined } }).next;
    expect(getAnnotation(without, 'a2')!).toEqual(getAnnotation(s, 'a2')!);
    expectRejected(s, updateAnnotation, { id: 'zz', patch: {} }, /annotation "zz" does not exist/);
    expectRejected(s, updateAnnotation, { id: 'a1', patch: { size: { l: 0, w: 1, h: 1 } } }, /annotation "a1": \$\.size\.l/);
    expectRejected(s, updateAnnotation, { id: 'a2', patch: { x1: 50 } }, /x1 >= x0/);
    expectRejected(s, addAnnotation, { annotation: { id: 's9', kind: 'timeSegment', object: 'o2', sensor: 'mic', start: 0, end: 1 } }, /class "pedestrian" is not labelled in audio/);
    expectRejected(s, updateAnnotation, { id: 'a2', patch: { kind: 'cuboid' } as never }, /kind cannot be changed/);
    expectRejected(s, updateAnnotation, { id: 'a2', patch: { object: 'ghost' } }, /object "ghost" does not exist/);
    expectRejected(s, updateAnnotation, { id: 'a2', patch: { sample: 'l1' } }, /sample "l1" does not exist/);
  });

  it('deleteAnnotation removes one annotation', () => {
    const s = makeTestScene();
    expect(allAnnotations(execute(s, deleteAnnotation, { id: 'a2' }).next).map((a) => a.id)).toEqual(['a1', 'a3']);
    expect(Object.keys(execute(s, deleteAnnotation, { id: 'a2' }).next.annotations)).toEqual(['l0', 'document:d1']); // its emptied partition is gone
    expectRejected(s, deleteAnnotation, { id: 'a9' }, /annotation "a9" does not exist/);
  });

  it('markNotVisible replaces the object\'s annotations in that sample with a notVisible record', () => {
    const s = makeTestScene();
    const { next } = execute(s, markNotVisible, { id: 'nv1', object: 'o1', sensor: 'cam', sample: 'c0', reason: 'occluded', comment: 'behind the truck' });
    expect(getAnnotation(next, 'a2')!).toBeUndefined();
    expect(getAnnotation(next, 'a1')!).toEqual(getAnnotation(s, 'a1')!);
    expect(getAnnotation(next, 'nv1')!).toEqual({ id: 'nv1', kind: 'notVisible', object: 'o1', sensor: 'cam', sample: 'c0', reason: 'occluded', comment: 'behind the truck', source: 'manual' });
    expect(Scene.safeParse(next).success).toBe(true);
    expectRejected(s, markNotVisible, { object: 'o1', sensor: 'cam', sample: 'c0', reason: 'hidden' as never }, /\$\.reason/);
    expectRejected(s, markNotVisible, { object: 'o9', sensor: 'cam', sample: 'c0', reason: 'other' }, /object "o9" does not exist/);
    expectRejected(s, markNotVisible, { object: 'o1', sensor: 'cam', sample: 'c7', reason: 'other' }, /sample "c7" does not exist/);
  });

  it('createObjectWithAnnotation creates both in one step, or neither', () => {
    const s = makeTestScene();
    const { next, inverse } = execute(s, createObjectWithAnnotation, { object: { id: 'o9', classId: 'cyclist' }, annotation: { ...box, id: 'b8', object: undefined } });
    expect(next.objects.o9).toEqual({ id: 'o9', classId: 'cyclist', attributes: {} });
    expect(getAnnotation(next, 'b8')!).toMatchObject({ object: 'o9', kind: 'box2d' });
    expect(inverse.length).toBeGreaterThan(0);
    expectRejected(s, createObjectWithAnnotation, { object: { id: 'o9', classId: 'cyclist' }, annotation: { ...box, sample: 'nope' } }, /object "o2" differs from the new object "o9"/);
    expectRejected(s, createObjectWithAnnotation, { object: { id: 'o9', classId: 'cyclist' }, annotation: { ...box, object: 'o9', sample: 'nope' } }, /sample "nope"/);
  });

  it('files annotations by partition: an edit touches only its sample, a sample change moves it, undo moves it back', () => {
    const s = makeTestScene();
    const added = execute(s, addAnnotation, { annotation: box });
    expect(added.patches).toEqual([{ op: 'add', path: ['annotations', 'c1'], value: { b9: { ...box, source: 'manual' } } }]);
    const step = execute(added.next, updateAnnotation, { id: 'b9', patch: { x0: 12, x1: 32 } });
    expect(step.patches.map((p) => p.path)).toEqual([['annotations', 'c1', 'b9']]);
    for (const k of Object.keys(added.next.annotations)) if (k !== 'c1') expect(step.next.annotations[k]).toBe(added.next.annotations[k]); // structurally shared
    const moved = execute(step.next, updateAnnotation, { id: 'b9', patch: { sample: 'c0' } });
    expect(moved.next.annotations.c1).toBeUndefined(); // emptied partition removed
    expect(moved.next.annotations.c0.b9).toMatchObject({ sample: 'c0', x0: 12 });
    expect(Scene.safeParse(moved.next).success).toBe(true);
    const undone = applyPatches(moved.next, moved.inverse);
    expect(undone).toEqual(step.next);
    expect(applyPatches(undone, moved.patches)).toEqual(moved.next);
    expectRejected(step.next, updateAnnotation, { id: 'b9', patch: { sample: 'l0' } }, /sample "l0" does not exist in sensor "cam"/);
  });
});
