import { describe, expect, it } from 'vitest';
import { Scene, allAnnotations } from '../schema';
import { execute } from './command';
import { createObject, deleteObject, setObjectAttribute, setObjectClass } from './objects';
import { expectRejected, makeTestScene } from './testScene';

describe('object commands', () => {
  it('createObject adds a valid object with a generated or given id', () => {
    const s = makeTestScene();
    const { next } = execute(s, createObject, { classId: 'truck', name: 'Truck 1' });
    const added = Object.values(next.objects).filter((o) => !s.objects[o.id]);
    expect(added).toHaveLength(1);
    expect(added[0]).toEqual({ id: added[0].id, classId: 'truck', name: 'Truck 1', attributes: {} });
    expect(added[0].id).toMatch(/^obj_[0-9a-f]{16}$/);
    expect(Scene.safeParse(next).success).toBe(true);
    const { next: n2 } = execute(s, createObject, { id: 'x9', classId: 'car', attributes: { moving: true } });
    expect(n2.objects.x9).toEqual({ id: 'x9', classId: 'car', attributes: { moving: true } });
  });

  it('createObject rejects unknown, deprecated or duplicate ids and bad attributes', () => {
    const s = makeTestScene();
    expectRejected(s, createObject, { classId: 'spaceship' }, /class "spaceship" is not in taxonomy/);
    expectRejected(s, createObject, { id: 'o1', classId: 'car' }, /object "o1" already exists/);
    expectRejected(s, createObject, { classId: 'car', attributes: { occluded: 'totally' } }, /must be one of/);
    expectRejected(s, createObject, { classId: 'car', attributes: { moving: 'yes' } }, /must be true or false/);
    const dep = execute(s, { type: 't', label: 't', run: (d) => void (d.taxonomy.classes[1].deprecated = true) }, {}).next;
    expectRejected(dep, createObject, { classId: 'van' }, /class "van" is deprecated/);
  });

  it('setObjectClass changes the class; rejects unknown object or class', () => {
    const s = makeTestScene();
    expect(execute(s, setObjectClass, { objectId: 'o3', classId: 'truck' }).next.objects.o3.classId).toBe('truck');
    expectRejected(s, setObjectClass, { objectId: 'nope', classId: 'truck' }, /object "nope" does not exist/);
    expectRejected(s, setObjectClass, { objectId: 'o3', classId: 'ufo' }, /class "ufo"/);
    // o1 carries occluded: "none", which the speaker class does not define -> allowed; but a class with a conflicting definition is checked.
    expect(execute(s, setObjectClass, { objectId: 'o1', classId: 'speaker' }).next.objects.o1.classId).toBe('speaker');
  });

  it('setObjectAttribute sets, checks against the class definition, and removes with null', () => {
    const s = makeTestScene();
    const set = execute(s, setObjectAttribute, { objectId: 'o1', name: 'moving', value: true }).next;
    expect(set.objects.o1.attributes).toEqual({ occluded: 'none', moving: true });
    const removed = execute(set, setObjectAttribute, { objectId: 'o1', name: 'occluded', value: null }).next;
    expect(removed.objects.o1.attributes).toEqual({ moving: true });
    expect(execute(s, setObjectAttribute, { objectId: 'o1', name: 'note', value: 'free text' }).next.objects.o1.attributes.note).toBe('free text');
    expectRejected(s, setObjectAttribute, { objectId: 'o1', name: 'occluded', value: 3 }, /must be one of "none", "partly"/);
    expectRejected(s, setObjectAttribute, { objectId: 'o1', name: '', value: 3 }, /attribute name must be a non-empty string/);
    expectRejected(s, setObjectAttribute, { objectId: 'o1', name: 'x', value: null }, /has no attribute "x"/);
    expectRejected(s, setObjectAttribute, { objectId: 'o1', name: 'x', value: { a: 1 } as unknown as string }, /attribute "x" of object "o1"/);
  });

  it('deleteObject removes the object and all its annotations, keeps the rest', () => {
    const s = makeTestScene();
    const { next } = execute(s, deleteObject, { objectId: 'o1' });
    expect(Object.keys(next.objects).sort()).toEqual(['o2', 'o3', 'o4']);
    expect(allAnnotations(next).map((a) => a.id)).toEqual(['a3']);
    expect(Scene.safeParse(next).success).toBe(true);
    expectRejected(s, deleteObject, { objectId: 'o7' }, /object "o7" does not exist/);
  });
});
