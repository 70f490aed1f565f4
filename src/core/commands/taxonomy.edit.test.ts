import { describe, expect, it } from 'vitest';
import { applyPatches } from 'immer';
import { Scene, Taxonomy } from '../schema';
import { execute } from './command';
import { adoptForeignTaxonomy, mergeClasses, previewTaxonomyEdit, renameClass, suggestClassMapping, taxonomyEditCommand, updateClass } from './taxonomy';
import { expectRejected, makeTestScene } from './testScene';

describe('updateClass', () => {
  it('edits colour, modalities, synonyms and typed attributes, recording an "edit" step', () => {
    const s = makeTestScene();
    const r = execute(s, updateClass, { classId: 'car', patch: { color: '#112233', synonyms: ['auto'], attributes: [{ name: 'speed', type: 'number', unit: 'km/h', min: 0, scope: 'frame' }] } });
    const car = r.next.taxonomy.classes.find((c) => c.id === 'car')!;
    expect(car).toMatchObject({ color: '#112233', synonyms: ['auto'], attributes: [{ name: 'speed', type: 'number', unit: 'km/h', min: 0, scope: 'frame' }] });
    expect(r.next.taxonomy.version).toBe(2);
    expect(r.next.taxonomy.history).toEqual([{ fromVersion: 1, toVersion: 2, change: { op: 'edit', classId: 'car', fields: ['color', 'synonyms', 'attributes'] }, remap: {} }]);
    expect(r.next.objects).toEqual(s.objects);
    expect(Scene.safeParse(r.next).success).toBe(true);
    // undo is the inverse patches
    expect(applyPatches(r.next, r.inverse)).toEqual(s);
  });

  it('rejects unsound or empty edits', () => {
    const s = makeTestScene();
    expectRejected(s, updateClass, { classId: 'car', patch: { color: 'red' } }, /\$\.color/);
    expectRejected(s, updateClass, { classId: 'car', patch: { modalities: [] } }, /\$\.modalities/);
    expectRejected(s, updateClass, { classId: 'car', patch: { attributes: [{ name: 'k', type: 'enum', values: [] }] } }, /needs at least one value/);
    expectRejected(s, updateClass, { classId: 'car', patch: { color: '#4cc9f0' } }, /nothing changed/);
    expectRejected(s, updateClass, { classId: 'car', patch: { id: 'auto' } as never }, /"id" cannot be edited here/);
    expectRejected(s, updateClass, { classId: 'boat', patch: { color: '#000000' } }, /class "boat" is not in taxonomy/);
  });
});

describe('previewTaxonomyEdit', () => {
  it('counts the objects (and their annotations) a merge re-maps, before applying it', () => {
    const s = makeTestScene(); // o1 car (2 annotations), o2 pedestrian, o3 van
    const p = previewTaxonomyEdit(s, { op: 'merge', from: ['van', 'car'], into: 'truck' });
    expect(p).toEqual({ byClass: { van: 1, car: 1 }, objects: 2, remapped: 2, annotations: 2, toVersion: 2 });
    const [cmd, args] = taxonomyEditCommand({ op: 'merge', from: ['van', 'car'], into: 'truck' });
    const next = execute(s, cmd, args).next;
    expect(Object.values(next.objects).filter((o) => o.classId === 'truck')).toHaveLength(p.remapped);
    expect(s.taxonomy.version).toBe(1); // the preview did not change the scene
  });

  it('a rename changes no class id but every object of the class shows the new name', () => {
    const s = makeTestScene();
    expect(previewTaxonomyEdit(s, { op: 'rename', classId: 'car', name: 'Automobile' })).toEqual({ byClass: { car: 1 }, objects: 1, remapped: 0, annotations: 2, toVersion: 2 });
    expect(previewTaxonomyEdit(s, { op: 'deprecate', classId: 'van', replacedBy: 'car' })).toMatchObject({ objects: 1, remapped: 1 });
    expect(previewTaxonomyEdit(s, { op: 'deprecate', classId: 'van' })).toMatchObject({ objects: 1, remapped: 0 });
  });

  it('reports the command error for an edit that cannot apply', () => {
    const s = makeTestScene();
    expect(previewTaxonomyEdit(s, { op: 'merge', from: ['car'], into: 'car' }).error).toMatch(/into itself/);
    expect(previewTaxonomyEdit(s, { op: 'rename', classId: 'car', name: 'Car' }).error).toMatch(/already named/);
  });
});

describe('adopting a taxonomy from another project', () => {
  const other = (): Taxonomy =>
    Taxonomy.parse({
      id: 'acme-road',
      name: 'ACME road',
      version: 7,
      classes: [
        { id: 'vehicle', name: 'Vehicle', color: '#ff0000', synonyms: ['car', 'van', 'Truck'], modalities: ['camera', 'lidar'] },
        { id: 'person', name: 'Pedestrian', color: '#00ff00', modalities: ['camera', 'lidar', 'text'] },
        { id: 'speaker', name: 'Talker', color: '#0000ff', modalities: ['audio', 'text'] },
      ],
    });

  it('suggestClassMapping matches by id, then name, then synonym; history for a newer version of the same taxonomy', () => {
    const s = makeTestScene();
    const m = suggestClassMapping(s.taxonomy, other());
    expect(m.car).toEqual({ to: 'vehicle', reason: 'synonym' });
    expect(m.truck).toEqual({ to: 'vehicle', reason: 'synonym' });
    expect(m.pedestrian).toEqual({ to: 'person', reason: 'name' });
    expect(m.speaker).toEqual({ to: 'speaker', reason: 'id' });
    expect(m.animal).toEqual({ reason: 'none' });
    const newer = execute(execute(s, renameClass, { classId: 'car', name: 'Auto' }).next, mergeClasses, { from: ['van'], into: 'car' }).next.taxonomy;
    const h = suggestClassMapping(s.taxonomy, newer);
    expect(h.van).toEqual({ to: 'car', reason: 'history' });
    expect(h.car).toEqual({ to: 'car', reason: 'id' });
  });

  it('adoptForeignTaxonomy re-maps every object and replaces the taxonomy; undo restores it', () => {
    const s = makeTestScene();
    const mapping = { car: 'vehicle', van: 'vehicle', pedestrian: 'person' };
    const r = execute(s, adoptForeignTaxonomy, { taxonomy: other(), mapping });
    expect(r.next.taxonomy.id).toBe('acme-road');
    expect(r.next.taxonomy.version).toBe(7);
    expect(Object.fromEntries(Object.values(r.next.objects).map((o) => [o.id, o.classId]))).toEqual({ o1: 'vehicle', o2: 'person', o3: 'vehicle', o4: 'speaker' });
    expect(Scene.safeParse(r.next).success).toBe(true);
    expect(applyPatches(r.next, r.inverse)).toEqual(s);
  });

  it('rejects a mapping that leaves an object without a class or names a class the taxonomy lacks', () => {
    const s = makeTestScene();
    expectRejected(s, adoptForeignTaxonomy, { taxonomy: other(), mapping: { car: 'vehicle', pedestrian: 'person' } }, /object "o3" has class "van", which is not mapped/);
    expectRejected(s, adoptForeignTaxonomy, { taxonomy: other(), mapping: { car: 'boat', van: 'vehicle', pedestrian: 'person' } }, /sends "car" to "boat"/);
    expectRejected(s, adoptForeignTaxonomy, { taxonomy: { id: 'x' } as never, mapping: {} }, /taxonomy: /);
  });
});
