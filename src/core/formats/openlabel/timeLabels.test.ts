/**
 * OpenLABEL actions / events / contexts / relations and object lifetimes, both ways.
 * Expected values are read from the files themselves in the test (plain JSON walking, not our
 * importer), or written by hand from the scene's own sample times.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execute } from '../../commands/command';
import { createTimeLabel, setObjectIntervals } from '../../commands/timeLabels';
import { Scene, type TimeLabel } from '../../schema';
import { exportOpenLabel } from './export';
import { importOpenLabel } from './import';
import { kittiScene } from './testing/kittiScene';
import type { OpenLabelDoc } from './types';
import { validateOpenLabel } from './validate';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const load = (f: string): Rec => JSON.parse(readFileSync(`fixtures/openlabel/${f}`, 'utf8'));
const ACTION_FILE = 'openlabel100_test_action_properties.json';
const KITTI_FILE = 'openlabel100_test_scene_KITTI_Tracking_3.json';
const KINDS = { actions: 'action', events: 'event', contexts: 'context' } as const;

/** Scalars of a raw `<x>_data` block, read straight from the JSON. */
function scalars(data: Rec | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of ['text', 'num', 'boolean']) for (const item of data?.[t] ?? []) out[item.name] = item.val;
  return out;
}

/** Export, check the document validates, import it back. */
function roundTrip(scene: Scene): { json: OpenLabelDoc; back: Scene; warnings: string[]; dropped: { what: string; count: number; reason: string }[] } {
  const { json, summary } = exportOpenLabel(scene);
  const copy = JSON.parse(JSON.stringify(json));
  expect(validateOpenLabel(copy).errors).toEqual([]);
  const r = importOpenLabel(copy, 'roundtrip.json');
  return { json: copy, back: r.scene, warnings: r.warnings, dropped: summary.dropped };
}

/** Time labels with ids and object ids renamed the way an export → import renames them (uids by order). */
function renamed(scene: Scene, objectId: (id: string) => string): Record<string, TimeLabel> {
  const next = { action: 0, event: 0, context: scene.documents.length };
  const out: Record<string, TimeLabel> = {};
  for (const l of Object.values(scene.timeLabels)) {
    const id = `${l.kind}_${next[l.kind]++}`;
    const { metadata: _m, ...rest } = l;
    out[id] = { ...rest, id, objects: l.objects.map(objectId), ...(l.roles ? { roles: Object.fromEntries(Object.entries(l.roles).map(([o, r]) => [objectId(o), r])) } : {}) };
  }
  return out;
}

describe('OpenLABEL actions, events and contexts: import', () => {
  it(`${ACTION_FILE}: every action and context with its intervals, static and per-frame data, as the file says`, () => {
    const raw = load(ACTION_FILE).openlabel;
    const { scene, warnings } = importOpenLabel(load(ACTION_FILE), ACTION_FILE);
    // The file has no timestamps and no streams: a frame's time is its number (seconds), as for untimed samples.
    expect(Object.values<Rec>(raw.frames).some((f) => f.frame_properties?.timestamp !== undefined)).toBe(false);
    let n = 0;
    let vecs = 0;
    for (const [key, kind] of Object.entries(KINDS)) {
      for (const [uid, el] of Object.entries<Rec>(raw[key] ?? {})) {
        n++;
        const l = scene.timeLabels[`${kind}_${uid}`];
        expect(l, `${key}/${uid}`).toBeDefined();
        expect(l.kind).toBe(kind);
        expect(l.type).toBe(el.type);
        expect(l.name).toBe(el.name || undefined);
        expect(l.intervals).toEqual((el.frame_intervals ?? []).map((fi: Rec) => ({ start: fi.frame_start, end: fi.frame_end })));
        expect(l.attributes).toEqual(scalars(el[`${kind}_data`]));
        const perFrame: Record<string, unknown> = {};
        for (const [fi, f] of Object.entries<Rec>(raw.frames)) {
          const d = f[key]?.[uid]?.[`${kind}_data`];
          vecs += d?.vec?.length ?? 0;
          if (d && Object.keys(scalars(d)).length) perFrame[String(Number(fi))] = scalars(d);
        }
        expect(l.frameAttributes ?? {}).toEqual(perFrame);
      }
    }
    expect(Object.keys(scene.timeLabels)).toHaveLength(n);
    expect(n).toBe(3);
    // the hand check of the same facts: #Running over frames 0–10 with confidence 0.98 at 0, validated at 1
    expect(scene.timeLabels.action_0).toMatchObject({ type: '#Running', intervals: [{ start: 0, end: 10 }], frameAttributes: { '0': { confidence: 0.98, annotation: 'Manual' }, '1': { validated: true } } });
    expect(scene.timeLabels.context_0).toMatchObject({ type: '#Sunny', intervals: [], attributes: { category: '#Weather', annotation: 'Manual' } });
    expect(vecs).toBe(1);
    expect(warnings).toContain('1 × vec data of actions/events/contexts: not imported (attributes hold text, numbers and booleans)');
    // "Marcos" is static (no frame_intervals): no lifetime
    expect(scene.objects['0'].intervals).toBeUndefined();
  });

  it(`${KITTI_FILE}: actions, events, contexts on the cameras' clock, linked to their objects by the file's relations`, () => {
    const raw = load(KITTI_FILE).openlabel;
    const { scene, warnings } = importOpenLabel(load(KITTI_FILE), KITTI_FILE);
    // Cross-modal evidence for the frame → time mapping: the CAM_LEFT sample imported for frame f.
    const cam = scene.streams.find((s) => s.sensor === 'CAM_LEFT')!;
    const camTime = (f: number): number => cam.samples.find((s) => s.frame === String(f))!.t;
    const counts = { actions: 0, events: 0, contexts: 0 };
    for (const [key, kind] of Object.entries(KINDS) as [keyof typeof counts, string][]) {
      for (const [uid, el] of Object.entries<Rec>(raw[key] ?? {})) {
        counts[key]++;
        const l = scene.timeLabels[`${kind}_${uid}`];
        expect(l).toMatchObject({ kind, type: el.type, name: el.name });
        expect(l.intervals).toEqual((el.frame_intervals ?? []).map((fi: Rec) => ({ start: camTime(fi.frame_start), end: camTime(fi.frame_end) })));
      }
    }
    expect(counts).toEqual({ actions: 5, events: 1, contexts: 2 });
    // Relations: object subject → label object links them; the default predicate leaves no role.
    const expected = new Map<string, { objects: Set<string>; roles: Record<string, string> }>();
    let other = 0;
    for (const r of Object.values<Rec>(raw.relations)) {
      const s = r.rdf_subjects[0];
      const o = r.rdf_objects[0];
      if (s.type !== 'object' || !['action', 'event', 'context'].includes(o.type)) {
        other++;
        continue;
      }
      const id = `${o.type}_${o.uid}`;
      const e = expected.get(id) ?? { objects: new Set<string>(), roles: {} };
      e.objects.add(s.uid);
      if (r.type !== { action: 'isSubjectOfAction', event: 'isSubjectOfEvent', context: 'isSubjectOfContext' }[o.type as string]) e.roles[s.uid] = r.type;
      expected.set(id, e);
    }
    expect(other).toBe(4); // isPartOf ×2, causes, meets
    expect(expected.size).toBe(6);
    for (const l of Object.values(scene.timeLabels)) {
      const e = expected.get(l.id);
      expect(new Set(l.objects), l.id).toEqual(e?.objects ?? new Set());
      expect(l.roles ?? {}, l.id).toEqual(e?.roles ?? {});
    }
    expect(scene.timeLabels.action_0).toMatchObject({ objects: ['-2', '9'], roles: { '9': 'isObjectOfAction' } }); // Egocar drives straight in Lane1
    expect(warnings).toContain('4 relations between objects or between actions/events/contexts: not imported (Crosslabel links objects to actions, events and contexts only)');
    // The cars' frame_intervals are exactly their frames with geometry: no separate lifetime.
    expect(Object.values(scene.objects).filter((o) => o.intervals)).toEqual([]);
  });

  it('an object without geometry keeps its frame_intervals as its lifetime; missing frames are interpolated', () => {
    // Frames 0 and 10 at 100 s and 101 s: frame 5 is at 100.5 s, frame 12 at 101.2 s (linear, by hand); 3, 5 and 12 are not listed.
    const doc = {
      openlabel: {
        metadata: { schema_version: '1.0.0' },
        objects: { '0': { name: 'driver', type: 'Person', frame_intervals: [{ frame_start: 5, frame_end: 12 }] } },
        actions: { '0': { name: 'sip', type: 'drinking', frame_intervals: [{ frame_start: 0, frame_end: 5 }, { frame_start: 3, frame_end: 10 }] } },
        relations: { '0': { name: '', type: 'performed_by', rdf_subjects: [{ uid: '0', type: 'action' }], rdf_objects: [{ uid: '0', type: 'object' }] } },
        frames: { '0': { frame_properties: { timestamp: 100 } }, '10': { frame_properties: { timestamp: 101 } } },
      },
    };
    expect(validateOpenLabel(doc).errors).toEqual([]);
    const { scene, warnings } = importOpenLabel(doc, 'small.json');
    expect(scene.objects['0'].intervals).toEqual([{ start: 100.5, end: expect.closeTo(101.2, 12) }]);
    // overlapping frame intervals merge; the reversed relation links the driver without its predicate
    expect(scene.timeLabels.action_0).toMatchObject({ intervals: [{ start: 100, end: 101 }], objects: ['0'] });
    expect(scene.timeLabels.action_0.roles).toBeUndefined();
    expect(warnings.some((w) => /1 relation with an action\/event\/context as subject/.test(w))).toBe(true);
    expect(warnings.some((w) => /3 frame numbers named by frame intervals are not in "frames"/.test(w))).toBe(true);
  });

  it('an action with an empty type is an error naming the file and the path', () => {
    const doc = { openlabel: { metadata: { schema_version: '1.0.0' }, actions: { '3': { name: 'x', type: ' ' } } } };
    expect(() => importOpenLabel(doc, 'bad.json')).toThrow(/bad\.json: 1 OpenLABEL error[\s\S]*\$\.openlabel\.actions\["3"\]\.type: action "3" needs a non-empty type/);
  });
});

describe('OpenLABEL actions, events and contexts: export and round trip', () => {
  /** kittiScene (frames at 0 s and 0.1 s) with an action, an event, a whole-scene context and two object lifetimes. */
  function labelled(): Scene {
    let s = kittiScene();
    const run = <A,>(cmd: Parameters<typeof execute<A>>[1], args: A) => (s = execute(s, cmd, args).next);
    run(createTimeLabel, { id: 'drink', kind: 'action', type: 'drinking', name: 'driver drinks', intervals: [{ start: 0, end: 0.1 }], objects: ['voice'], attributes: { hand: 'left', cups: 1 } });
    s = execute(s, { type: 't', label: 't', run: (d) => void (d.timeLabels.drink.frameAttributes = { '0.1': { bottle: true, level: 0.5 } }) }, {}).next;
    run(createTimeLabel, { id: 'honk', kind: 'event', type: 'honk', intervals: [{ start: 0.1, end: 0.1 }], objects: ['car', 'ped'], roles: { ped: 'isObjectOfEvent' } });
    run(createTimeLabel, { id: 'night', kind: 'context', type: 'night', attributes: { lighting: 'street', dark: true } });
    run(setObjectIntervals, { objectId: 'voice', intervals: [{ start: 0, end: 0.1 }] });
    return s;
  }
  const objectUid = (scene: Scene) => (id: string) => String(Object.keys(scene.objects).indexOf(id));

  it('writes actions/events/contexts with frame intervals, data, pointers, frame listings and relations; the file validates', () => {
    const scene = labelled();
    const { json } = exportOpenLabel(scene);
    expect(validateOpenLabel(JSON.parse(JSON.stringify(json))).errors).toEqual([]);
    const ol = json.openlabel;
    // the frame numbers of the scene's times, found in the written frames themselves
    const frameWithTime = (t: number) => Number(Object.entries(ol.frames!).find(([, f]) => f.frame_properties?.timestamp === t)![0]);
    const [f0, f1] = [frameWithTime(0), frameWithTime(0.1)];
    expect([f0, f1]).toEqual([0, 2]);
    expect(ol.actions!['0']).toEqual({
      name: 'driver drinks',
      type: 'drinking',
      frame_intervals: [{ frame_start: f0, frame_end: f1 }],
      action_data: { text: [{ name: 'hand', val: 'left' }], num: [{ name: 'cups', val: 1 }] },
      action_data_pointers: {
        hand: { type: 'text', frame_intervals: [] },
        cups: { type: 'num', frame_intervals: [] },
        bottle: { type: 'boolean', frame_intervals: [{ frame_start: f1, frame_end: f1 }] },
        level: { type: 'num', frame_intervals: [{ frame_start: f1, frame_end: f1 }] },
      },
    });
    expect(ol.frames![String(f1)].actions!['0']).toEqual({ action_data: { boolean: [{ name: 'bottle', val: true }], num: [{ name: 'level', val: 0.5 }] } });
    for (const f of [0, 1, 2]) expect(ol.frames![String(f)].actions).toHaveProperty('0');
    expect(ol.events!['0']).toEqual({ name: '', type: 'honk', frame_intervals: [{ frame_start: f1, frame_end: f1 }] });
    // the document is context "0"; the night context follows, with no frame_intervals (the whole scene)
    expect(ol.contexts!['1']).toMatchObject({ name: '', type: 'night', context_data: { text: [{ name: 'lighting', val: 'street' }], boolean: [{ name: 'dark', val: true }] } });
    expect(ol.contexts!['1'].frame_intervals).toBeUndefined();
    const uid = objectUid(scene);
    expect(Object.values(ol.relations!)).toEqual([
      { name: '', type: 'isSubjectOfAction', rdf_subjects: [{ uid: uid('voice'), type: 'object' }], rdf_objects: [{ uid: '0', type: 'action' }] },
      { name: '', type: 'isSubjectOfEvent', rdf_subjects: [{ uid: uid('car'), type: 'object' }], rdf_objects: [{ uid: '0', type: 'event' }] },
      { name: '', type: 'isObjectOfEvent', rdf_subjects: [{ uid: uid('ped'), type: 'object' }], rdf_objects: [{ uid: '0', type: 'event' }] },
    ]);
    // the voice has no frame geometry (a time segment only): its lifetime is its frame_intervals
    expect(ol.objects![uid('voice')].frame_intervals).toEqual([{ frame_start: f0, frame_end: f1 }]);
  });

  it('scene → OpenLABEL → scene keeps every action/event/context, interval, attribute, link, role and lifetime', () => {
    const scene = labelled();
    const { back, warnings, dropped } = roundTrip(scene);
    const uid = objectUid(scene);
    expect(back.timeLabels).toEqual(renamed(scene, uid));
    expect(back.objects[uid('voice')].intervals).toEqual([{ start: 0, end: 0.1 }]);
    expect(Object.values(back.objects).filter((o) => o.intervals).length).toBe(1);
    expect(warnings).toEqual([]);
    expect(dropped.find((d) => /time precision/.test(d.what))).toBeUndefined();
  });

  it(`${ACTION_FILE} and ${KITTI_FILE}: import → export → import keeps every action/event/context`, () => {
    for (const f of [ACTION_FILE, KITTI_FILE]) {
      const first = importOpenLabel(load(f), f).scene;
      const { back } = roundTrip(first);
      expect(Object.keys(back.timeLabels).length, f).toBe(Object.keys(first.timeLabels).length);
      expect(back.timeLabels, f).toEqual(renamed(first, objectUid(first)));
    }
  });

  it('a scene with no samples gets frames at the times its labels need, and the times come back exactly', () => {
    let s = Scene.parse({ ...kittiScene(), sensors: [], streams: [], annotations: {}, ignoreRegions: [], documents: [] });
    s = execute(s, createTimeLabel, { id: 'a', kind: 'action', type: 'wave', intervals: [{ start: 0.25, end: 1.75 }, { start: 3, end: 3.5 }], objects: ['ped'] }).next;
    s = execute(s, createTimeLabel, { id: 'e', kind: 'event', type: 'bang', intervals: [{ start: 2.125, end: 2.125 }] }).next;
    s = execute(s, setObjectIntervals, { objectId: 'truck', intervals: [{ start: 0.25, end: 3.5 }] }).next;
    const { json, back } = roundTrip(s);
    expect(Object.values(json.openlabel.frames!).map((f) => f.frame_properties!.timestamp)).toEqual([0.25, 1.75, 2.125, 3, 3.5]);
    expect(json.openlabel.actions!['0'].frame_intervals).toEqual([{ frame_start: 0, frame_end: 1 }, { frame_start: 3, frame_end: 4 }]);
    expect(back.timeLabels).toEqual(renamed(s, objectUid(s)));
    expect(back.objects[objectUid(s)('truck')].intervals).toEqual([{ start: 0.25, end: 3.5 }]);
  });

  it('an endpoint between frames moves to the nearest frame and the summary says so', () => {
    const s = execute(kittiScene(), createTimeLabel, { id: 'a', kind: 'action', type: 'wave', intervals: [{ start: 0.03, end: 0.07 }] }).next;
    const { json, summary } = exportOpenLabel(s);
    // 0.03 is nearer frame 0 (t = 0), 0.07 nearer frame 2 (t = 0.1)
    expect(json.openlabel.actions!['0'].frame_intervals).toEqual([{ frame_start: 0, frame_end: 2 }]);
    expect(summary.dropped).toContainEqual({ what: 'time label / lifetime time precision', count: 2, reason: expect.stringMatching(/nearest frame \(by up to 0\.0300 s\)/) });
  });
});
