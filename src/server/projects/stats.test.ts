/**
 * The manager's project page (GET /api/projects/:id/stats). Expected figures are worked out by hand
 * in the comments (confusion matrices, rates), never by calling the code under test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../../core/commands/testScene';
import { allAnnotations, partitionAnnotations, Scene, type Annotation } from '../../core/schema';
import { testServer, type TestClient, type TestServer } from '../http/testing';
import type { Db } from '../db/db';
import { projectStats, STATS_CACHE_LIMITS, type ProjectStats } from './stats';

let t: TestServer;
let mgr: TestClient;
const ann: Record<'a' | 'b' | 'c', TestClient> = {} as never;

beforeAll(async () => {
  t = await testServer();
  mgr = await t.signIn('st-mgr');
  for (const k of ['a', 'b', 'c'] as const) ann[k] = await t.signIn(`st-ann-${k}`);
});
afterAll(() => t.close());

/**
 * The test scene plus cuboids for o2 and o3 and a fifth object o5 (a car), all in LiDAR sample l0
 * and ≥ 10 m apart, so matching pairs them one to one: 4 objects with geometry — o1 car,
 * o2 pedestrian, o3 van, o5 car (o4, the speaker, has none and is never matched).
 */
function fourObjectScene(): Scene {
  const s = makeTestScene();
  const cuboid = (id: string, object: string, x: number): Annotation =>
    ({ id, kind: 'cuboid', object, sensor: 'lidar', sample: 'l0', center: { x, y: 1, z: -0.8 }, size: { l: 4, w: 1.8, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } }) as Annotation;
  const anns = [...allAnnotations(s), cuboid('a5', 'o2', 20), cuboid('a6', 'o3', 30), cuboid('a7', 'o5', 40)];
  return Scene.parse({ ...s, objects: { ...s.objects, o5: { id: 'o5', classId: 'car', attributes: {} } }, annotations: partitionAnnotations(anns) });
}

async function setup(name: string, scene: Scene = fourObjectScene()) {
  const project = (await mgr.json<{ project: { id: string } }>(mgr.post('/api/projects', { name }), 201)).project.id;
  for (const k of ['a', 'b', 'c'] as const) await mgr.json(mgr.post(`/api/projects/${project}/members`, { name: `st-ann-${k}`, role: 'annotator' }), 201);
  const source = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, { scene, name: 'street' }), 201)).id;
  return { project, source };
}

const stats = (project: string) => mgr.json<ProjectStats>(mgr.get(`/api/projects/${project}/stats`));
const setClass = (c: TestClient, scene: string, object: string, classId: string, baseRevision = 0) =>
  c.json(c.post(`/api/scenes/${scene}/edits`, { editId: randomUUID(), clientId: 'test', baseRevision, patches: [{ op: 'replace', path: ['objects', object, 'classId'], value: classId }] }));
const move = (c: TestClient, task: string, to: string) => c.json(c.post(`/api/tasks/${task}/transition`, { to }));

async function consensus(project: string, source: string, who: ('a' | 'b' | 'c')[]) {
  const res = await mgr.json<{ copies: { sceneId: string; task: { id: string } }[] }>(
    mgr.post(`/api/projects/${project}/consensus`, { sceneId: source, assignees: who.map((k) => ann[k].user!.id) }),
    201,
  );
  return Object.fromEntries(who.map((k, i) => [k, { scene: res.copies[i].sceneId, task: res.copies[i].task.id }])) as Record<'a' | 'b' | 'c', { scene: string; task: string }>;
}

async function submit(k: 'a' | 'b' | 'c', task: string) {
  await move(ann[k], task, 'in_progress');
  await move(ann[k], task, 'submitted');
}

describe('agreement between consensus copies', () => {
  it('two copies differing in one object’s class: kappa 2/3 from the hand-built confusion matrix; counted only once both are submitted', async () => {
    const { project, source } = await setup('Two annotators');
    const c = await consensus(project, source, ['a', 'b']);
    await setClass(ann.b, c.b.scene, 'o1', 'truck');

    // nothing submitted yet: no counted pair, both copies pending
    let s = await stats(project);
    expect(s.agreement).toMatchObject({ pairs: 0, pendingCopies: 2, kappa: { n: 0, mean: null } });
    await submit('a', c.a.task);
    expect((await stats(project)).agreement).toMatchObject({ pairs: 0, pendingCopies: 1 });
    await submit('b', c.b.task);
    s = await stats(project);

    // Matched objects (by geometry) and their classes, A vs B:
    //   o1 car/truck, o2 pedestrian/pedestrian, o3 van/van, o5 car/car  → n = 4, p_o = 3/4
    // Marginals A: car 2/4, pedestrian 1/4, van 1/4; B: truck 1/4, car 1/4, pedestrian 1/4, van 1/4
    // p_e = car 2/4·1/4 + pedestrian 1/4·1/4 + van 1/4·1/4 + truck 0·1/4 = 2/16 + 1/16 + 1/16 = 1/4
    // κ = (3/4 − 1/4) / (1 − 1/4) = 2/3
    expect(s.agreement.pairs).toBe(1);
    expect(s.agreement.pendingCopies).toBe(0);
    const [pair] = s.agreement.sources[0].pairs;
    expect(pair).toMatchObject({ matched: 4, unmatchedA: 0, unmatchedB: 0, observed: 0.75, expected: 0.25 });
    expect(pair.kappa).toBeCloseTo(2 / 3, 12);
    expect(s.agreement.kappa.mean).toBeCloseTo(2 / 3, 12);
    // Pooled (symmetric): the 4 matched objects in both orientations, n = 8, p_o = 6/8 = 3/4; both
    // marginals car 3, pedestrian 2, van 2, truck 1 (of 8): p_e = (9 + 4 + 4 + 1)/64 = 9/32;
    // κ = (24/32 − 9/32) / (23/32) = 15/23 — not the pair's 2/3, whose marginals differ per rater
    expect(s.agreement.pooledKappa).toBeCloseTo(15 / 23, 12);
    expect(s.agreement.sources[0]).toMatchObject({ sourceId: source, name: 'street' });
    expect(s.agreement.sources[0].copies.map((x) => x.assigneeName).sort()).toEqual(['st-ann-a', 'st-ann-b']);
    // the test scene has no camera ↔ LiDAR calibration: cuboids cannot be projected, so cross-modal
    // agreement is not computed — said, not a failed page
    expect(pair.crossModalPairs).toBe(0);
    expect(pair.crossModalError).toMatch(/cross-modal agreement not computed: no chain of transforms from frame "velodyne" to frame "camera_2"/);
    expect(s.agreement.crossModal).toEqual({ n: 0, mean: null, median: null });
    expect(s.agreement.annotators.map((x) => [x.name, x.pairs])).toEqual([
      ['st-ann-a', 1],
      ['st-ann-b', 1],
    ]);
    for (const x of s.agreement.annotators) expect(x.kappa.median).toBeCloseTo(2 / 3, 12);
  });

  it('three copies: per-annotator mean and median over their pairs, per-project over all pairs, pooled over all matched objects', async () => {
    const { project, source } = await setup('Three annotators');
    const c = await consensus(project, source, ['a', 'b', 'c']);
    await setClass(ann.b, c.b.scene, 'o1', 'truck');
    await setClass(ann.c, c.c.scene, 'o1', 'truck');
    await setClass(ann.c, c.c.scene, 'o2', 'cyclist', 1);
    for (const k of ['a', 'b', 'c'] as const) await submit(k, c[k].task);
    const s = await stats(project);

    // A = [car, pedestrian, van, car], B = [truck, pedestrian, van, car], C = [truck, cyclist, van, car] (o1, o2, o3, o5)
    // A–B: 2/3 (previous test).
    // A–C: p_o = 2/4; p_e = car 2/4·1/4 + van 1/4·1/4 = 3/16; κ = (8/16 − 3/16)/(13/16) = 5/13
    // B–C: p_o = 3/4; p_e = truck 1/16 + van 1/16 + car 1/16 = 3/16; κ = (12/16 − 3/16)/(13/16) = 9/13
    const AB = 2 / 3, AC = 5 / 13, BC = 9 / 13;
    expect(s.agreement.pairs).toBe(3);
    const kappas = s.agreement.sources[0].pairs.map((p) => p.kappa!).sort((x, y) => x - y);
    expect(kappas[0]).toBeCloseTo(AC, 12);
    expect(kappas[1]).toBeCloseTo(AB, 12);
    expect(kappas[2]).toBeCloseTo(BC, 12);
    const per = Object.fromEntries(s.agreement.annotators.map((x) => [x.name, x]));
    expect(per['st-ann-a'].kappa.mean).toBeCloseTo((AB + AC) / 2, 12);
    expect(per['st-ann-b'].kappa.mean).toBeCloseTo((AB + BC) / 2, 12);
    expect(per['st-ann-c'].kappa.mean).toBeCloseTo((AC + BC) / 2, 12);
    expect(per['st-ann-c'].kappa.median).toBeCloseTo((AC + BC) / 2, 12); // two values: their mean
    expect(s.agreement.kappa.mean).toBeCloseTo((AB + AC + BC) / 3, 12);
    expect(s.agreement.kappa.median).toBeCloseTo(AB, 12); // 5/13 ≈ 0.385 < 2/3 < 9/13 ≈ 0.692
    expect(s.agreement.pooledKappa).toBeCloseTo(POOLED_ABC, 12);
  });

  // Pooled (symmetric): the 12 class pairs of the three comparisons, each in both orientations (24):
  //   A–B: car/truck, ped/ped, van/van, car/car; A–C: car/truck, ped/cyc, van/van, car/car;
  //   B–C: truck/truck, ped/cyc, van/van, car/car → agreeing (3 + 2 + 3)·2 = 16 of 24, p_o = 2/3
  //   both marginals = every class mention of the 12 pairs: car 5+3 = 8, ped 3+1 = 4, van 3+3 = 6,
  //   truck 1+3 = 4, cyc 0+2 = 2 (of 24); p_e = (64 + 16 + 36 + 16 + 4)/576 = 136/576 = 17/72
  //   κ = (48/72 − 17/72) / (55/72) = 31/55
  // (One orientation only gave 11/19 with the copies in A, B, C name order and 4/7 in B, C, A order.)
  const POOLED_ABC = 31 / 55;

  it('the pooled kappa does not depend on the annotators’ names: the same three copies held by other people give 31/55', async () => {
    const { project, source } = await setup('Three annotators renamed');
    const c = await consensus(project, source, ['a', 'b', 'c']);
    // copy contents rotated against name order: st-ann-a holds B, st-ann-b holds C, st-ann-c holds A,
    // so the copies sort B, C, A (the order that gave 4/7 before)
    await setClass(ann.a, c.a.scene, 'o1', 'truck');
    await setClass(ann.b, c.b.scene, 'o1', 'truck');
    await setClass(ann.b, c.b.scene, 'o2', 'cyclist', 1);
    for (const k of ['a', 'b', 'c'] as const) await submit(k, c[k].task);
    const s = await stats(project);
    expect(s.agreement.pairs).toBe(3);
    expect(s.agreement.sources[0].copies.map((x) => x.assigneeName)).toEqual(['st-ann-a', 'st-ann-b', 'st-ann-c']);
    expect(s.agreement.pooledKappa).toBeCloseTo(POOLED_ABC, 12);
  });

  it('a copy whose task was deleted is not pending (it will never be finished) and not counted', async () => {
    const { project, source } = await setup('Deleted copy task');
    const c = await consensus(project, source, ['a', 'b']);
    expect((await mgr.delete(`/api/tasks/${c.b.task}`)).status).toBe(204);
    expect((await stats(project)).agreement).toMatchObject({ pairs: 0, pendingCopies: 1 }); // only A's, still todo
    await submit('a', c.a.task);
    const s = await stats(project);
    expect(s.agreement).toMatchObject({ pairs: 0, pendingCopies: 0 });
    expect(s.agreement.sources[0].copies.find((x) => x.sceneId === c.b.scene)).toMatchObject({ taskId: null, state: null });
  });

  it('figures follow the copies’ revisions: an edit after submission changes them; an unchanged project recomputes nothing', async () => {
    const { project, source } = await setup('Cache');
    const c = await consensus(project, source, ['a', 'b']);
    for (const k of ['a', 'b'] as const) await submit(k, c[k].task);
    const first = await stats(project);
    expect(first.agreement.sources[0].pairs[0].kappa).toBeCloseTo(1, 12); // identical copies: o1 car, o2 pedestrian, o3 van, o5 car on both sides
    const again = await stats(project);
    expect(again.cache).toEqual({ qa: { hits: 3, misses: 0 }, agreement: { hits: 1, misses: 0 } });
    await setClass(mgr, c.a.scene, 'o1', 'truck'); // the manager corrects copy A (still submitted)
    const after = await stats(project);
    expect(after.cache).toEqual({ qa: { hits: 2, misses: 1 }, agreement: { hits: 0, misses: 1 } });
    expect(after.agreement.sources[0].pairs[0].kappa).toBeCloseTo(2 / 3, 12); // the same table as the first test, rater roles swapped
  });
});

describe('the rest of the project page', () => {
  it('progress: tasks per state and per assignee', async () => {
    const { project, source } = await setup('Progress');
    const c = await consensus(project, source, ['a', 'b', 'c']);
    await submit('a', c.a.task);
    await move(ann.b, c.b.task, 'in_progress');
    const s = await stats(project);
    expect(s.progress.total).toBe(3);
    expect(s.progress.byState).toMatchObject({ todo: 1, in_progress: 1, submitted: 1, in_review: 0, accepted: 0, rejected: 0 });
    expect(s.progress.byAssignee.map((x) => [x.name, x.total, x.byState.todo, x.byState.in_progress, x.byState.submitted])).toEqual([
      ['st-ann-a', 1, 0, 0, 1],
      ['st-ann-b', 1, 0, 1, 0],
      ['st-ann-c', 1, 1, 0, 0],
    ]);
  });

  it('QA finding rates per scene, per 100 objects and by check, on each scene’s current revision', async () => {
    const { project, source } = await setup('QA', makeTestScene());
    // makeTestScene's known problems (see its comment: no calibration, a text span on an object without geometry):
    //   spatial.calibration — cuboid a1 (velodyne) cannot be projected into camera cam (camera_2): no transform chain
    //   text.ungrounded-span — span a3 refers to o2, which has no cuboid, box, polygon, mask or segment
    //   text.hallucination — the text says "pedestrian" but no pedestrian has any geometry
    // → 3 findings over 4 objects = 75 per 100 objects
    let s = await stats(project);
    expect(s.qa.scenes).toHaveLength(1);
    expect(s.qa.scenes[0]).toMatchObject({ sceneId: source, revision: 0, objects: 4, findings: 3, per100Objects: 75 });
    expect(s.qa.scenes[0].byCheck).toEqual({ 'spatial.calibration': 1, 'text.ungrounded-span': 1, 'text.hallucination': 1 });
    expect(s.qa.scenes[0].bySeverity).toEqual({ error: 1, warning: 2, info: 0 });
    // a second scene (the four-object one): o2, o3, o5 now have cuboids too → 4 calibration errors, and
    // o2 (the pedestrian) has geometry, so neither text finding: 4 findings over 5 objects = 80 per 100
    await mgr.json(mgr.post(`/api/projects/${project}/scenes`, { scene: fourObjectScene(), name: 'four' }), 201);
    s = await stats(project);
    expect(s.qa.scenes[1]).toMatchObject({ name: 'four', objects: 5, findings: 4, per100Objects: 80, byCheck: { 'spatial.calibration': 4 } });
    expect(s.qa.total).toEqual({ scenes: 2, objects: 9, findings: 7, per100Objects: (7 / 9) * 100, byCheck: { 'spatial.calibration': 5, 'text.ungrounded-span': 1, 'text.hallucination': 1 } });
    // an edit to the first scene is checked at its new revision
    await setClass(mgr, source, 'o1', 'truck');
    s = await stats(project);
    expect(s.qa.scenes[0].revision).toBe(1);
    expect(s.cache.qa).toEqual({ hits: 1, misses: 1 });
  });

  it('throughput: edits and objects touched per active hour, tasks submitted and accepted, median time to submit', async () => {
    const { project, source } = await setup('Throughput');
    const first = await consensus(project, source, ['a', 'b']);
    const second = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, { scene: fourObjectScene(), name: 'second' }), 201)).id;
    const more = await consensus(project, second, ['a', 'c']);
    // A: three edits on two objects of copy 1, one edit on o1 of copy 2
    await setClass(ann.a, first.a.scene, 'o1', 'truck');
    await setClass(ann.a, first.a.scene, 'o1', 'bus', 1);
    await setClass(ann.a, first.a.scene, 'o2', 'cyclist', 2);
    await setClass(ann.a, more.a.scene, 'o1', 'van');
    await submit('a', first.a.task);
    await submit('a', more.a.task);
    await move(mgr, first.a.task, 'in_review');
    await move(mgr, first.a.task, 'accepted');
    // Pin the clock: edits at 10:05, 10:40, 12:10 on copy 1 and 12:50 on copy 2 → 2 active hours (10 h, 12 h)
    const at = (hm: string) => `2026-03-02T${hm}:00Z`;
    for (const [scene, rev, hm] of [[first.a.scene, 1, '10:05'], [first.a.scene, 2, '10:40'], [first.a.scene, 3, '12:10'], [more.a.scene, 1, '12:50']] as const)
      await t.db.query('update scene_edits set at = $3 where scene_id = $1 and revision = $2', [scene, rev, at(hm)]);
    // task 1: in progress 10:00 → submitted 10:30 (1800 s); task 2: 11:00 → 12:00 (3600 s)
    for (const [task, start, end] of [[first.a.task, '10:00', '10:30'], [more.a.task, '11:00', '12:00']] as const) {
      await t.db.query(`update task_events set at = $2 where task_id = $1 and to_state = 'in_progress'`, [task, at(start)]);
      await t.db.query(`update task_events set at = $2 where task_id = $1 and to_state = 'submitted'`, [task, at(end)]);
    }
    const s = await stats(project);
    const a = s.throughput.find((x) => x.name === 'st-ann-a')!;
    // 4 edits / 2 h = 2 per hour; objects touched: o1 and o2 of copy 1, o1 of copy 2 = 3 → 1.5 per hour
    expect(a).toMatchObject({ edits: 4, activeHours: 2, editsPerHour: 2, objectsTouched: 3, objectsPerHour: 1.5, tasksSubmitted: 2, tasksAccepted: 1 });
    expect(a.medianSecondsToSubmit).toBe((1800 + 3600) / 2);
    const b = s.throughput.find((x) => x.name === 'st-ann-b')!;
    expect(b).toMatchObject({ edits: 0, activeHours: 0, editsPerHour: null, tasksSubmitted: 0, tasksAccepted: 0, medianSecondsToSubmit: null });
    // the manager's own edits count for the manager, not for anyone else
    expect(s.throughput.find((x) => x.name === 'st-mgr')).toMatchObject({ edits: 0 });
  });

  it('is for managers: annotators and reviewers get 403', async () => {
    const { project } = await setup('Private');
    expect((await ann.a.get(`/api/projects/${project}/stats`)).status).toBe(403);
    await t.user('st-rev');
    await mgr.json(mgr.post(`/api/projects/${project}/members`, { name: 'st-rev', role: 'reviewer' }), 201);
    const rev = await t.logIn('st-rev');
    expect((await rev.get(`/api/projects/${project}/stats`)).status).toBe(403);
  });
});

describe('scale', () => {
  it('two requests for one project while its page is computed share one computation; the next one computes afresh', async () => {
    const { project, source } = await setup('Shared computation');
    await consensus(project, source, ['a', 'b']);
    // the same database, counting the page's first query (tasks with their assignees' names)
    let passes = 0;
    const counting: Db = {
      kind: t.db.kind,
      query: (sql, params) => {
        if (/from tasks t left join users u/.test(sql)) passes++;
        return t.db.query(sql, params);
      },
      transaction: (fn) => t.db.transaction(fn),
      listen: (ch, fn, o) => t.db.listen(ch, fn, o),
      notify: (ch, p) => t.db.notify(ch, p),
      close: () => Promise.resolve(),
    };
    const [x, y] = await Promise.all([projectStats(counting, project), projectStats(counting, project)]);
    expect(passes).toBe(1);
    expect(y).toEqual(x);
    expect(x.qa.total.scenes).toBe(3);
    await projectStats(counting, project);
    expect(passes).toBe(2);
  });

  it('the QA cache holds a whole project (no LRU thrash); a project larger than its limit is not cached and evicts nothing', async () => {
    const saved = { ...STATS_CACHE_LIMITS };
    Object.assign(STATS_CACHE_LIMITS, { qaMin: 2, qaMax: 4 });
    try {
      // 3 scenes: the source and two copies. Grown from 2 to hold them, the second page hits all 3
      // (an LRU of 2 walked over 3 scenes would have missed all 3 again).
      const small = await setup('Small');
      await consensus(small.project, small.source, ['a', 'b']);
      expect((await stats(small.project)).cache.qa).toEqual({ hits: 0, misses: 3 });
      expect((await stats(small.project)).cache.qa).toEqual({ hits: 3, misses: 0 });
      // 5 scenes: the source, three copies and one more upload: more than qaMax 4
      const big = await setup('Big');
      await consensus(big.project, big.source, ['a', 'b', 'c']);
      await mgr.json(mgr.post(`/api/projects/${big.project}/scenes`, { scene: fourObjectScene(), name: 'second' }), 201);
      expect((await stats(big.project)).cache.qa).toEqual({ hits: 0, misses: 5 });
      expect((await stats(big.project)).cache.qa).toEqual({ hits: 0, misses: 5 });
      // and walking it did not push the small project's results out
      expect((await stats(small.project)).cache.qa).toEqual({ hits: 3, misses: 0 });
    } finally {
      Object.assign(STATS_CACHE_LIMITS, saved);
    }
  });
});
