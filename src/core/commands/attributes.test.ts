import { describe, expect, it } from 'vitest';
import { getAnnotation, Scene, type AttributeDef } from '../schema';
import { attributeDefProblems, attributeProblem, describeAttributeDef, parseAttributeInput, setAnnotationAttribute } from './attributes';
import { execute } from './command';
import { updateClass } from './taxonomy';
import { expectRejected, makeTestScene } from './testScene';

const speed: AttributeDef = { name: 'speed', type: 'number', unit: 'km/h', min: 0, max: 250 };
const occluded: AttributeDef = { name: 'occluded', type: 'enum', values: ['none', 'partly', 'largely'] };
const moving: AttributeDef = { name: 'moving', type: 'boolean' };
const note: AttributeDef = { name: 'note', type: 'text' };

describe('attribute values against typed definitions', () => {
  it('attributeProblem accepts fitting values and names the rule a misfit breaks', () => {
    expect(attributeProblem(speed, 50)).toBeNull();
    expect(attributeProblem(speed, 300)).toBe('must be at most 250 km/h, got 300 km/h');
    expect(attributeProblem(speed, -1)).toBe('must be at least 0 km/h, got -1 km/h');
    expect(attributeProblem(speed, 'fast')).toMatch(/must be a number \(km\/h\)/);
    expect(attributeProblem(occluded, 'partly')).toBeNull();
    expect(attributeProblem(occluded, 'half')).toBe('must be one of "none", "partly", "largely", got "half"');
    expect(attributeProblem(moving, 'yes')).toMatch(/true or false/);
    expect(attributeProblem(note, 3)).toMatch(/must be text/);
  });

  it('parseAttributeInput reads what an annotator types: units, yes/no, enum spelling, empty = no value', () => {
    expect(parseAttributeInput(speed, ' 42.5 km/h ')).toEqual({ ok: true, value: 42.5 });
    expect(parseAttributeInput(speed, '1e2')).toEqual({ ok: true, value: 100 });
    expect(parseAttributeInput(speed, '12abc')).toEqual({ ok: false, message: 'speed must be a number in km/h, got "12abc"' });
    expect(parseAttributeInput(speed, '999')).toEqual({ ok: false, message: 'speed must be at most 250 km/h, got 999 km/h' });
    expect(parseAttributeInput(moving, 'Yes')).toEqual({ ok: true, value: true });
    expect(parseAttributeInput(moving, '0')).toEqual({ ok: true, value: false });
    expect(parseAttributeInput(moving, 'maybe').ok).toBe(false);
    expect(parseAttributeInput(occluded, 'PARTLY')).toEqual({ ok: true, value: 'partly' });
    expect(parseAttributeInput(occluded, 'half')).toEqual({ ok: false, message: 'occluded must be one of none, partly, largely, got "half"' });
    expect(parseAttributeInput(note, '  ')).toEqual({ ok: true, value: null });
    expect(describeAttributeDef(speed)).toBe('number in km/h, 0–250');
  });

  it('attributeDefProblems flags unsound definitions', () => {
    expect(attributeDefProblems([speed, occluded, moving, note])).toEqual([]);
    expect(attributeDefProblems([{ name: 'x', type: 'enum', values: [] }])).toEqual(['enum attribute "x" needs at least one value']);
    expect(attributeDefProblems([{ name: 'x', type: 'number', min: 5, max: 1 }, { name: 'x', type: 'text' }])).toEqual(['attribute "x": min 5 is above max 1', 'attribute "x" is defined twice']);
    expect(attributeDefProblems([{ name: 'x', type: 'number', max: 3, default: 9 }])).toEqual(['attribute "x": default must be at most 3, got 9']);
  });
});

describe('setAnnotationAttribute (per-frame attributes)', () => {
  const withSpeed = (): Scene => {
    const s = makeTestScene();
    const car = s.taxonomy.classes.find((c) => c.id === 'car')!;
    return execute(s, updateClass, { classId: 'car', patch: { attributes: [...car.attributes, { ...speed, scope: 'frame' }] } }).next;
  };

  it('sets a value that fits, removes it with null, and undo patches restore the annotation', () => {
    const s = withSpeed();
    const r = execute(s, setAnnotationAttribute, { annotationId: 'a2', name: 'speed', value: 30 });
    expect(getAnnotation(r.next, 'a2')!.attributes).toEqual({ speed: 30 });
    const cleared = execute(r.next, setAnnotationAttribute, { annotationId: 'a2', name: 'speed', value: null }).next;
    expect(getAnnotation(cleared, 'a2')!.attributes).toBeUndefined();
    expect(Scene.safeParse(r.next).success).toBe(true);
  });

  it('rejects a value that does not fit the class definition and leaves the scene untouched', () => {
    const s = withSpeed();
    expectRejected(s, setAnnotationAttribute, { annotationId: 'a2', name: 'speed', value: 300 }, /attribute "speed" of class "car" must be at most 250 km\/h/);
    expectRejected(s, setAnnotationAttribute, { annotationId: 'a2', name: 'occluded', value: 'half' }, /must be one of/);
    expectRejected(s, setAnnotationAttribute, { annotationId: 'nope', name: 'speed', value: 1 }, /annotation "nope" does not exist/);
    expectRejected(s, setAnnotationAttribute, { annotationId: 'a2', name: 'speed', value: null }, /has no attribute "speed"/);
    expectRejected(s, setAnnotationAttribute, { annotationId: 'a2', name: '', value: 1 }, /attribute name must be a non-empty string/);
  });
});

describe('overriding a projected box (the camera view routes edits of accepted boxes here)', () => {
  it('re-projects the cuboid instead of trusting the stored rect, and keeps per-frame attributes', async () => {
    const { makeProjectionScene } = await import('../projection/testScene');
    const { projectedBoxId } = await import('../projection/scene');
    const { acceptProjectedBox, overrideProjectedBox } = await import('./projected');
    let s = makeProjectionScene();
    s = execute(s, acceptProjectedBox, { cuboid: 'k1', camera: 'cam' }).next;
    const id = projectedBoxId('k1', 'cam');
    const fresh = getAnnotation(s, id)!;
    if (fresh.kind !== 'box2d') throw new Error('not a box');
    // a stale stored rect (e.g. the cuboid moved without a refresh) plus a per-frame attribute
    const stale = { ...fresh, x0: fresh.x0 + 40, x1: fresh.x1 + 40, attributes: { note: 'kept' } };
    s = { ...s, annotations: { ...s.annotations, [fresh.sample]: { ...s.annotations[fresh.sample], [id]: stale } } };
    const next = execute(s, overrideProjectedBox, { cuboid: 'k1', camera: 'cam', id, rect: { x0: stale.x0, y0: stale.y0, x1: stale.x1, y1: stale.y1 } }).next;
    const b = getAnnotation(next, id)!;
    if (b.kind !== 'box2d') throw new Error('not a box');
    expect(b.source).toBe('manual');
    expect(b.x0).toBe(stale.x0);
    expect(b.projected!.x0).toBeCloseTo(fresh.x0, 9); // the real projection, not the stale copy
    expect(b.attributes).toEqual({ note: 'kept' });
  });
});
