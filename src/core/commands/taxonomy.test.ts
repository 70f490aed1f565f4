import { describe, expect, it } from 'vitest';
import { Scene } from '../schema';
import { execute } from './command';
import { addClass, adoptTaxonomy, deprecateClass, mergeClasses, migrateObjectsToTaxonomy, renameClass } from './taxonomy';
import { expectRejected, makeTestScene } from './testScene';

const run = <A>(s: Scene, cmd: Parameters<typeof execute<A>>[1], args: A): Scene => execute(s, cmd, args).next;

describe('taxonomy commands', () => {
  it('addClass appends a validated class and records version 1 -> 2', () => {
    const s = makeTestScene();
    const next = run(s, addClass, { cls: { id: 'wheelchair', name: 'Wheelchair', color: '#123456', modalities: ['camera', 'lidar'] } });
    expect(next.taxonomy.version).toBe(2);
    expect(next.taxonomy.classes.at(-1)).toEqual({ id: 'wheelchair', name: 'Wheelchair', color: '#123456', modalities: ['camera', 'lidar'], synonyms: [], attributes: [], deprecated: false });
    expect(next.taxonomy.history).toEqual([{ fromVersion: 1, toVersion: 2, change: { op: 'add', classId: 'wheelchair' }, remap: {} }]);
    expectRejected(s, addClass, { cls: { id: 'car', name: 'Car', color: '#000000', modalities: ['camera'] } }, /class "car" already exists/);
    expectRejected(s, addClass, { cls: { id: 'Bad Id', name: 'x', color: '#000000', modalities: ['camera'] } }, /\$\.id: class ids are lower_snake_case/);
  });

  it('renameClass changes the name only; objects keep their class id', () => {
    const s = makeTestScene();
    const next = run(s, renameClass, { classId: 'car', name: 'Passenger car' });
    expect(next.taxonomy.classes.find((c) => c.id === 'car')?.name).toBe('Passenger car');
    expect(next.taxonomy.version).toBe(2);
    expect(next.taxonomy.history[0]).toEqual({ fromVersion: 1, toVersion: 2, change: { op: 'rename', classId: 'car', from: 'Car', to: 'Passenger car' }, remap: {} });
    expect(next.objects).toEqual(s.objects);
    expectRejected(s, renameClass, { classId: 'boat', name: 'Boat' }, /class "boat" is not in taxonomy/);
    expectRejected(s, renameClass, { classId: 'car', name: '' }, /class name must be a non-empty string/);
  });

  it('mergeClasses re-maps every object of the merged classes and removes them', () => {
    const s = makeTestScene(); // o1 car, o2 pedestrian, o3 van
    const next = run(s, mergeClasses, { from: ['van', 'truck'], into: 'car' });
    expect(next.objects.o3.classId).toBe('car');
    expect(next.objects.o1.classId).toBe('car');
    expect(next.objects.o2.classId).toBe('pedestrian');
    expect(next.taxonomy.classes.map((c) => c.id)).not.toContain('van');
    expect(next.taxonomy.classes.find((c) => c.id === 'car')?.synonyms).toEqual(expect.arrayContaining(['Van', 'minivan', 'Truck', 'lorry']));
    expect(next.taxonomy.history).toEqual([{ fromVersion: 1, toVersion: 2, change: { op: 'merge', from: ['van', 'truck'], into: 'car' }, remap: { van: 'car', truck: 'car' } }]);
    expect(Scene.safeParse(next).success).toBe(true);
    expectRejected(s, mergeClasses, { from: ['car'], into: 'car' }, /into itself/);
    expectRejected(s, mergeClasses, { from: [], into: 'car' }, /at least one class/);
    expectRejected(s, mergeClasses, { from: ['van', 'boat'], into: 'car' }, /class "boat"/);
  });

  it('deprecateClass keeps the class, blocks new use, re-maps objects only with replacedBy', () => {
    const s = makeTestScene();
    const kept = run(s, deprecateClass, { classId: 'van' });
    expect(kept.objects.o3.classId).toBe('van');
    expect(kept.taxonomy.classes.find((c) => c.id === 'van')).toMatchObject({ deprecated: true });
    expect(kept.taxonomy.history[0]).toEqual({ fromVersion: 1, toVersion: 2, change: { op: 'deprecate', classId: 'van' }, remap: {} });
    const replaced = run(s, deprecateClass, { classId: 'van', replacedBy: 'car' });
    expect(replaced.objects.o3.classId).toBe('car');
    expect(replaced.taxonomy.history[0].remap).toEqual({ van: 'car' });
    expectRejected(kept, deprecateClass, { classId: 'van' }, /already deprecated/);
    expectRejected(kept, deprecateClass, { classId: 'truck', replacedBy: 'van' }, /replacement class "van" is deprecated/);
    expectRejected(s, deprecateClass, { classId: 'van', replacedBy: 'van' }, /cannot replace itself/);
  });

  it('migrateObjectsToTaxonomy re-maps a document labelled against an older version', () => {
    const old = makeTestScene(); // v1: o1 car, o2 pedestrian, o3 van
    // Evolve the taxonomy in another document: v1->2 merge van into truck, v2->3 rename, v3->4 deprecate truck in favour of bus.
    let evolved = run(old, mergeClasses, { from: ['van'], into: 'truck' });
    evolved = run(evolved, renameClass, { classId: 'bus', name: 'Coach' });
    evolved = run(evolved, deprecateClass, { classId: 'truck', replacedBy: 'bus' });
    expect(evolved.taxonomy.version).toBe(4);
    const migrated = migrateObjectsToTaxonomy(old, evolved.taxonomy.history);
    // By hand: van -> truck (step 1) -> bus (step 3); car and pedestrian untouched.
    expect(Object.fromEntries(Object.values(migrated.objects).map((o) => [o.id, o.classId]))).toEqual({ o1: 'car', o2: 'pedestrian', o3: 'bus', o4: 'speaker' });
    expect(old.objects.o3.classId).toBe('van'); // pure
    // A document already at v3 only takes step 3 -> 4.
    const atV3 = { ...old, taxonomy: { ...old.taxonomy, version: 3 } };
    expect(migrateObjectsToTaxonomy(atV3, evolved.taxonomy.history).objects.o3.classId).toBe('van');
    expect(() => migrateObjectsToTaxonomy(old, evolved.taxonomy.history.slice(1))).toThrow(/no step from version 1/);
    // adoptTaxonomy does both: re-map and replace the taxonomy, leaving a valid document.
    const adopted = run(old, adoptTaxonomy, { taxonomy: evolved.taxonomy });
    expect(adopted.objects.o3.classId).toBe('bus');
    expect(adopted.taxonomy).toEqual(evolved.taxonomy);
    expect(Scene.safeParse(adopted).success).toBe(true);
    expectRejected(evolved, adoptTaxonomy, { taxonomy: old.taxonomy }, /older than/);
  });
});
