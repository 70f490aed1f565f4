/**
 * Property: after any sequence of edits (random immer recipes, valid or not: boxes and cuboids
 * moved far or a little, deleted, re-added, moved to another object, linked to another object's
 * cuboid; classes changed to known, deprecated or unknown ones; attributes; objects added and
 * deleted; text spans; notVisible; then undone), IncrementalQa's findings equal a full runChecks
 * of the same scene, deep-equal and in the same order — whether it is told the edit's patches,
 * QaChanges, or nothing (reference diff). Environment edits (stream offset) take the full path.
 * Annotations are partitioned (schema v3): edits also move a box to another sample (another
 * partition), and deletions may empty a partition (patches on the partition itself).
 * Runs every check of TIER1_CHECKS, so a newly registered check is covered too.
 */
import fc from 'fast-check';
import { applyPatches, enablePatches, produceWithPatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { allAnnotations, getAnnotation, hasAnnotation, removeAnnotationFrom, setAnnotation, type Annotation, type Box2D, type Cuboid, type Scene } from '../schema';
import { syntheticSequence } from '../testing/syntheticSequence';
import { changesFromPatches, diffScenes, IncrementalQa } from './live';
import { runChecks } from './run';
import { qaSettings } from './settings';

enablePatches();

const { scene: base, inputs } = syntheticSequence(4, 5);
base.documents = [{ id: 'doc', language: 'en', text: 'A car and two vans pass a bus; a pedestrian waits.' }];
base.taxonomy.classes = base.taxonomy.classes.map((c) => (c.id === 'tram' ? { ...c, deprecated: true } : c));
// a lidar-points threshold that some cuboids of the random sweeps miss
const settings = qaSettings({ minLidarPoints: 9 });

const op = fc.record({
  kind: fc.constantFrom(
    'moveBox', 'nudgeBox', 'moveCuboid', 'deleteAnn', 'readd', 'reassign', 'link', 'setClass', 'attr',
    'deleteObject', 'addObject', 'span', 'notVisible', 'env', 'waive', 'undo', 'link', 'moveLinked', 'classOfLinked', 'deleteLinked', 'resample', 'deleteSample',
  ),
  i: fc.nat(10_000),
  j: fc.nat(10_000),
  d: fc.double({ min: -80, max: 80, noNaN: true }),
  how: fc.constantFrom('patches', 'changes', 'diff'),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const CLASSES = ['car', 'van', 'bus', 'tram', 'pedestrian', 'no-such-class'];

function pick<T>(xs: readonly T[], i: number): T | undefined {
  return xs.length ? xs[i % xs.length] : undefined;
}

/** Apply one op to `draft`; `removed` keeps deleted annotations for later re-adding. */
function edit(d: Scene, o: Op, removed: Annotation[]): void {
  const anns = allAnnotations(d);
  const boxes = anns.filter((a): a is Box2D => a.kind === 'box2d');
  const cuboids = anns.filter((a): a is Cuboid => a.kind === 'cuboid');
  const objects = Object.keys(d.objects);
  switch (o.kind) {
    case 'moveBox':
    case 'nudgeBox': {
      const b = pick(boxes, o.i);
      const s = o.kind === 'nudgeBox' ? o.d / 10 : o.d * 5;
      if (b) Object.assign(b, { x0: b.x0 + s, x1: b.x1 + s });
      break;
    }
    case 'moveCuboid': {
      const c = pick(cuboids, o.i);
      if (c) c.center.x += o.d / 4;
      break;
    }
    case 'deleteAnn': {
      const a = pick(anns, o.i);
      if (a) {
        removed.push(JSON.parse(JSON.stringify(a)) as Annotation);
        removeAnnotationFrom(d, a.id);
      }
      break;
    }
    case 'resample': {
      // a box moved to another sample of its camera: it changes partition
      const b = pick(boxes, o.i);
      const to = b && pick(boxes.filter((x) => x.sensor === b.sensor && x.sample !== b.sample), o.j);
      if (b && to) {
        const moved = { ...(JSON.parse(JSON.stringify(b)) as Box2D), sample: to.sample };
        removeAnnotationFrom(d, b.id);
        setAnnotation(d, moved);
      }
      break;
    }
    case 'deleteSample': {
      // every annotation of one sample deleted: the partition itself goes
      const a = pick(anns.filter((x) => 'sample' in x), o.i);
      if (a && 'sample' in a) {
        for (const id of Object.keys(d.annotations[a.sample] ?? {})) removed.push(JSON.parse(JSON.stringify(getAnnotation(d, id))) as Annotation);
        delete d.annotations[a.sample];
      }
      break;
    }
    case 'readd': {
      const a = pick(removed, o.i);
      if (a && !hasAnnotation(d, a.id)) setAnnotation(d, structuredClone(a));
      break;
    }
    case 'reassign': {
      const a = pick(anns, o.i), ob = pick(objects, o.j);
      if (a && ob) a.object = ob;
      break;
    }
    case 'link': {
      const b = pick(boxes, o.i), c = pick(cuboids, o.j);
      if (b && c) b.fromCuboid = c.id;
      break;
    }
    case 'moveLinked':
    case 'classOfLinked':
    case 'deleteLinked': {
      // the cuboid a box of (usually) another object names in fromCuboid
      const b = pick(boxes.filter((x) => x.fromCuboid && hasAnnotation(d, x.fromCuboid)), o.i);
      const c = b && (getAnnotation(d, b.fromCuboid!) as Cuboid);
      if (!c) break;
      if (o.kind === 'moveLinked') c.center.y += o.d / 4;
      else if (o.kind === 'deleteLinked') removeAnnotationFrom(d, c.id);
      else if (d.objects[c.object]) d.objects[c.object].classId = CLASSES[o.j % CLASSES.length];
      break;
    }
    case 'setClass': {
      const ob = pick(objects, o.i);
      if (ob) d.objects[ob].classId = CLASSES[o.j % CLASSES.length];
      break;
    }
    case 'attr': {
      const a = pick(anns, o.i);
      if (a) a.attributes = o.j % 3 === 0 ? { class: pick(CLASSES, o.j)! } : o.j % 3 === 1 ? { moving: false } : {};
      break;
    }
    case 'deleteObject': {
      const ob = pick(objects, o.i);
      if (ob) delete d.objects[ob];
      break;
    }
    case 'addObject':
      d.objects[`n${o.i}`] = { id: `n${o.i}`, classId: CLASSES[o.j % CLASSES.length], attributes: {} };
      break;
    case 'span': {
      const ob = pick(objects, o.i);
      if (ob) setAnnotation(d, { id: `span${o.j}`, kind: 'textSpan', object: ob, source: 'manual', document: 'doc', start: 2, end: 5, language: 'en' } as Annotation);
      break;
    }
    case 'notVisible': {
      const c = pick(cuboids, o.i), ob = pick(objects, o.j);
      const cam = o.j % 2 ? 'front' : 'left';
      if (c && ob) setAnnotation(d, { id: `nv${o.i}`, kind: 'notVisible', object: ob, source: 'manual', sensor: cam, sample: `${cam}/${c.sample.slice(6)}`, reason: 'occluded' } as Annotation);
      break;
    }
    case 'env':
      d.streams[1].offset = o.d / 1000;
      break;
    case 'waive':
      d.qa.waivers.push({ finding: `f${o.i}`, check: 'x', comment: 'ok', at: '2026-01-01T00:00:00Z', by: 'test' } as Scene['qa']['waivers'][number]);
      break;
  }
}

describe('IncrementalQa', () => {
  it('equals a full run after random edit sequences (patches, QaChanges or a reference diff; undo included)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 16 }), (ops) => {
        const live = new IncrementalQa(base, settings, inputs);
        expect(live.findings).toEqual(runChecks(base, settings, inputs));
        let scene = base;
        const undo: Patch[][] = [];
        const removed: Annotation[] = [];
        for (const o of ops) {
          let next: Scene, patches: Patch[];
          if (o.kind === 'undo') {
            const inv = undo.pop();
            if (!inv) continue;
            next = applyPatches(scene, inv);
            patches = inv;
          } else {
            let inverse: Patch[];
            [next, patches, inverse] = produceWithPatches(scene, (d: Scene) => edit(d, o, removed));
            if (!patches.length) continue;
            undo.push(inverse);
          }
          const got = live.update(next, o.how === 'patches' ? patches : o.how === 'changes' ? changesFromPatches(patches) : undefined);
          expect(got).toEqual(runChecks(next, settings, inputs));
          if (o.kind !== 'env' && o.kind !== 'undo') expect(live.stats.mode).toBe('incremental');
          scene = next;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('re-checks only what an edit touched, keeping the other findings as they were', () => {
    const live = new IncrementalQa(base, settings, inputs);
    const before = live.findings;
    const box = allAnnotations(base).find((a): a is Box2D => a.kind === 'box2d')!;
    const [next, patches] = produceWithPatches(base, (d: Scene) => {
      Object.assign(d.annotations[box.sample][box.id], { x0: box.x0 + 200, x1: box.x1 + 200 });
    });
    const after = live.update(next, patches);
    expect(live.stats).toMatchObject({ mode: 'incremental', objects: 1, samples: 1 });
    const moved = after.filter((f) => f.check === 'spatial.alignment' && f.object === box.object);
    expect(moved.some((f) => f.severity === 'error' && f.message.includes(box.id))).toBe(true);
    // findings of other objects are the very same objects
    const others = new Set(before.filter((f) => f.object !== box.object));
    expect(after.filter((f) => f.object !== box.object).every((f) => others.has(f))).toBe(true);
    expect(after).toEqual(runChecks(next, settings, inputs));
  });

  it('diffScenes names the touched records and flags the environment, not the inert fields', () => {
    const [next] = produceWithPatches(base, (d: Scene) => {
      removeAnnotationFrom(d, 'c0-0');
      d.objects.o1.classId = 'bus';
      d.qa.waivers.push({ finding: 'x', check: 'x', comment: 'c', at: '2026-01-01T00:00:00Z', by: 't' } as Scene['qa']['waivers'][number]);
    });
    const ch = diffScenes(base, next);
    expect({ annotations: ch.annotations, objects: ch.objects, environment: ch.environment }).toEqual({ annotations: new Set(['c0-0']), objects: new Set(['o1']), environment: false });
    expect(ch.where).toEqual(new Map([['c0-0', new Set([(getAnnotation(base, 'c0-0') as Cuboid).sample])]]));
    const [env] = produceWithPatches(base, (d: Scene) => void (d.streams[0].offset = 0.5));
    expect(diffScenes(base, env).environment).toBe(true);
  });
});
