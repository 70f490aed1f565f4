import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { makeTestScene } from '../../commands/testScene';
import { runChecks } from '../run';
import { createQaContext } from '../context';
import { checkAttributes } from './attributes';
import { kittiScene } from '../testing';
import { getAnnotation } from '../../schema';

/** The test scene with typed attributes on "car": a required enum (object), a number with unit and range (frame, required). */
const scene = () =>
  produce(makeTestScene(), (d) => {
    const car = d.taxonomy.classes.find((c) => c.id === 'car')!;
    car.attributes = [
      { name: 'occluded', type: 'enum', values: ['none', 'partly'], required: true },
      { name: 'moving', type: 'boolean' },
      { name: 'speed', type: 'number', unit: 'km/h', min: 0, max: 250, scope: 'frame', required: true },
    ];
    getAnnotation(d, 'a1')!.attributes = { speed: 12 };
    getAnnotation(d, 'a2')!.attributes = { speed: 14 };
  });

describe('QA: attribute.type / attribute.missing', () => {
  it('a consistent scene has no attribute findings', () => {
    const s = scene();
    expect(checkAttributes(s, createQaContext(s))).toEqual([]);
  });

  it('reports a value that does not fit the declared type, on the object and per frame', () => {
    const s = produce(scene(), (d) => {
      d.objects.o1.attributes = { occluded: 'half', moving: 'yes' };
      getAnnotation(d, 'a2')!.attributes = { speed: 300 };
    });
    const fs = checkAttributes(s, createQaContext(s));
    expect(fs.map((f) => [f.check, f.severity, f.object, f.samples])).toEqual([
      ['attribute.type', 'error', 'o1', []],
      ['attribute.type', 'error', 'o1', []],
      ['attribute.type', 'error', 'o1', ['c0']],
    ]);
    expect(fs[0].message).toBe('object "o1" (car): attribute "occluded" must be one of "none", "partly", got "half"');
    expect(fs[2].message).toContain('attribute "speed" must be at most 250 km/h, got 300 km/h');
    expect(fs[2].sensors).toEqual(['cam']);
  });

  it('reports a required attribute that is missing: on the object (static) and on each annotation (per frame)', () => {
    const s = produce(scene(), (d) => {
      d.objects.o1.attributes = {};
      delete getAnnotation(d, 'a1')!.attributes;
    });
    const fs = checkAttributes(s, createQaContext(s));
    expect(fs.map((f) => [f.check, f.severity, f.sensors])).toEqual([
      ['attribute.missing', 'warning', []],
      ['attribute.missing', 'warning', ['lidar']],
    ]);
    expect(fs[0].message).toContain('required attribute "occluded"');
    expect(fs[1].message).toContain('required per-frame attribute "speed"');
    // registered with the tier-1 checks; ids are stable across runs
    const all = runChecks(s).filter((f) => f.check.startsWith('attribute.'));
    expect(all.map((f) => f.id).sort()).toEqual(fs.map((f) => f.id).sort());
  });

  it('finds nothing on the real KITTI demo labels (their occlusion values fit the taxonomy)', async () => {
    const s = await kittiScene(['000000', '000001']);
    expect(checkAttributes(s, createQaContext(s))).toEqual([]);
  });
});
