/**
 * validateEdit (only what an edit touched) must agree with a full Scene parse. Random edits — one
 * to three mutations of a scene with every kind of cross-reference (annotations → objects, spans →
 * transcript segments, time labels → objects, comparisons → documents, classes → taxonomy) — are
 * judged both ways: the verdicts must agree, and every problem the full parse names must be named.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enablePatches, produceWithPatches, type Draft } from 'immer';
import { makeTestScene } from '../commands/testScene';
import { Scene, issuesOf } from '../schema';
import { validateEdit } from './validate';

enablePatches();

function baseScene(): Scene {
  const s = JSON.parse(JSON.stringify(makeTestScene()));
  s.annotations['sensor:mic'] = { seg1: { id: 'seg1', kind: 'timeSegment', object: 'o4', source: 'manual', sensor: 'mic', start: 0, end: 1, text: 'hello there' } };
  s.annotations['segment:seg1'] = { sp1: { id: 'sp1', kind: 'textSpan', object: 'o4', source: 'manual', segment: 'seg1', start: 0, end: 5 } };
  s.timeLabels = { tl1: { id: 'tl1', kind: 'action', type: 'talking', intervals: [], objects: ['o4'], attributes: {} } };
  s.documents.push({ id: 'd2', text: 'A van.' }, { id: 'd3', text: 'A car.' });
  s.comparisons = { c1: { id: 'c1', candidates: ['d2', 'd3'] } };
  return Scene.parse(s);
}

type Mut = (d: Draft<Scene>) => void;
type Json = Record<string, unknown>;
const objectIds = ['o1', 'o2', 'o3', 'o4', 'ox'];
const annIds = ['a1', 'a2', 'a3', 'seg1', 'sp1', 'anew'];
const parts = ['l0', 'l1', 'c0', 'c1', 'zz', 'sensor:mic', 'segment:seg1', 'document:d1'];
const find = (d: Draft<Scene>, id: string): [string, Json] | undefined => {
  for (const [p, as] of Object.entries(d.annotations)) if (as[id]) return [p, as[id] as unknown as Json];
  return undefined;
};

const mutation: fc.Arbitrary<Mut> = fc.oneof(
  fc.tuple(fc.constantFrom(...objectIds), fc.constantFrom('car', 'van', 'unicorn')).map(([o, c]): Mut => (d) => void (d.objects[o] && (d.objects[o].classId = c))),
  fc.constantFrom(...objectIds).map((o): Mut => (d) => void delete d.objects[o]),
  fc.tuple(fc.constantFrom('o9', 'o1', ''), fc.constantFrom('car', 'unicorn')).map(([o, c]): Mut => (d) => void (d.objects[o] = { id: o === 'o1' ? 'o9' : o, classId: c, attributes: {} })),
  fc.tuple(fc.constantFrom(...annIds), fc.constantFrom(...objectIds)).map(([a, o]): Mut => (d) => {
    const f = find(d, a);
    if (f) f[1].object = o;
  }),
  fc.tuple(fc.constantFrom(...annIds), fc.constantFrom(...parts), fc.boolean()).map(([a, p, copy]): Mut => (d) => {
    const f = find(d, a);
    if (!f) return;
    const rec = JSON.parse(JSON.stringify(f[1]));
    if (!copy) delete d.annotations[f[0]][a];
    (d.annotations[p] ??= {})[a] = rec;
  }),
  fc.constantFrom(...parts).map((p): Mut => (d) => void delete d.annotations[p]),
  fc.tuple(fc.constantFrom('a1', 'a2'), fc.constantFrom('l0', 'l1', 'c0', 'c1', 'zz')).map(([a, sample]): Mut => (d) => {
    const f = find(d, a);
    if (f) f[1].sample = sample;
  }),
  fc.constantFrom(...annIds).map((a): Mut => (d) => {
    const f = find(d, a);
    if (f) delete d.annotations[f[0]][a];
  }),
  fc.tuple(fc.constantFrom('tl1', 'tl2'), fc.subarray(objectIds)).map(([id, objects]): Mut => (d) => void (d.timeLabels[id] = { id, kind: 'event', type: 'stop', intervals: [], objects, attributes: {} })),
  fc.constantFrom('tl1').map((id): Mut => (d) => void delete d.timeLabels[id]),
  fc.constantFrom(-1, 2).map((l): Mut => (d) => {
    const f = find(d, 'a1');
    if (f) (f[1].size as Json).l = l;
  }),
  fc.tuple(fc.constantFrom('c1', 'c2'), fc.constantFrom(['d2', 'd3'], ['d2', 'dx'], ['d2'])).map(([id, candidates]): Mut => (d) => void (d.comparisons[id] = { id, candidates: [...candidates] })),
  fc.constantFrom('seg1', 'a1', 'nope').map((seg): Mut => (d) => {
    const f = find(d, 'sp1');
    if (f) f[1].segment = seg;
  }),
  fc.constantFrom('cuboid', 'timeSegment').map((kind): Mut => (d) => {
    const f = find(d, 'seg1');
    if (f) f[1].kind = kind;
  }),
  fc.constantFrom('2026-01-01T00:00:00Z', 'yesterday').map((at): Mut => (d) => void d.qa.reviews.push({ item: 'a1', object: 'o1', decision: 'accept', reviewer: 'r', at })),
  fc.constantFrom('car', 'speaker').map((c): Mut => (d) => void (d.taxonomy.classes = d.taxonomy.classes.filter((x) => x.id !== c))),
  fc.constantFrom('d1', 'd2').map((doc): Mut => (d) => void (d.documents = d.documents.filter((x) => x.id !== doc))),
  fc.constant<Mut>((d) => void (d.name = 'Renamed')),
);

describe('validateEdit', () => {
  const base = baseScene();
  it('agrees with a full parse on random edits: the same verdict, every path the full parse names', () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (muts) => {
        const [after, patches] = produceWithPatches(base, (d) => muts.forEach((m) => m(d)));
        if (!patches.length) return;
        const incremental = validateEdit(base, after, patches);
        const full = Scene.safeParse(after);
        const fullIssues = full.success ? [] : issuesOf(full.error);
        if (fullIssues.length) invalid++;
        expect(incremental.length === 0).toBe(full.success);
        // Every problem the full parse names is named. (The full parse skips its reference checks
        // once a record has the wrong shape; the incremental one may then name a dangling reference too.)
        const named = new Set(incremental.map((i) => i.path));
        for (const i of fullIssues) expect(named, i.path).toContain(i.path);
      }),
      { numRuns: 600, seed: 16 },
    );
    // the generator reaches both verdicts often
    expect(invalid).toBeGreaterThan(100);
  });

  it('names a removed object still used by an untouched annotation', () => {
    const [after, patches] = produceWithPatches(base, (d) => void delete d.objects.o4);
    expect(validateEdit(base, after, patches).map((i) => i.path).sort()).toEqual(['$.annotations["segment:seg1"].sp1.object', '$.annotations["sensor:mic"].seg1.object', '$.timeLabels.tl1.objects[0]']);
  });
});
