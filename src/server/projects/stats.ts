/**
 * The manager's project page, computed on the server from the database (GET /api/projects/:id/stats):
 *
 * - progress: tasks per state, overall and per assignee;
 * - QA finding rates: core's tier-1 checks (core/qa/run.ts, default settings, no point clouds: the
 *   server has the documents, not the sensor files) on each scene's current document — findings per
 *   scene, per 100 objects, by check and by severity;
 * - agreement between the copies of consensus assignments (tasks/consensus.ts) with core's
 *   compareAnnotators (geometry matching, Cohen's kappa on the matched objects' classes, cross-modal
 *   agreement). **Counted pairs**: both copies' tasks are submitted, in review or accepted — work
 *   an annotator called finished; copies still being labelled (todo, in progress, rejected) are
 *   listed as pending and left out, so a half-labelled copy does not drag the figures down.
 *   Per pair: kappa; per annotator: mean and median of the kappas of the pairs their copy is in;
 *   per source scene and per project: mean and median over its pairs, plus the project's pooled
 *   kappa over every matched object of every counted pair, *symmetric*: each matched object enters
 *   the table in both orientations (a, b) and (b, a), so the two raters' marginals are the same
 *   pooled distribution (as in Scott's pi) and renaming annotators cannot change the figure; for a
 *   single pair it can therefore differ from that pair's Cohen's kappa. A pair whose kappa is undefined (no
 *   matched objects, or one class everywhere: see cohensKappa) counts as a pair but not in the means;
 * - throughput per person: edits and distinct objects touched in the project's scenes
 *   (scene_edits, scene_edit_objects), per *active hour* (the clock hours with at least one of their
 *   edits, so nights and weekends do not dilute the rate), tasks submitted and accepted, and the
 *   median time from "in progress" to "submitted" (task_events; a resubmission after a rejection
 *   is timed from its own resume).
 *
 * QA results are cached per (scene, revision) and pair comparisons per (copy, revision, copy,
 * revision), in this instance's memory: an unchanged scene is never checked twice (the QA cache is
 * sized to the projects' scene counts: STATS_CACHE_LIMITS). Concurrent requests for one project
 * share one computation. A cache is only
 * ever keyed by revisions read from the database, so instances sharing one database stay correct.
 */
import { ByteLru } from '../../core/cache/lru';
import { compareAnnotators, cohensKappa, matchAnnotators } from '../../core/qa/agreement';
import { runChecks } from '../../core/qa/run';
import type { Scene } from '../../core/schema/scene';
import { TaskState } from '../../core/tasks/workflow';
import type { Db } from '../db/db';
import { copiesOf } from '../tasks/consensus';
import { currentScene } from './sceneReads';

/** Task states whose copies count in agreement figures. */
export const COUNTED_STATES: readonly TaskState[] = ['submitted', 'in_review', 'accepted'];

type ByState = Record<TaskState, number>;

export interface SceneQa {
  sceneId: string;
  name: string;
  revision: number;
  objects: number;
  findings: number;
  /** findings / objects × 100; null for a scene without objects. */
  per100Objects: number | null;
  byCheck: Record<string, number>;
  bySeverity: Record<'error' | 'warning' | 'info', number>;
  /** Set when the checks could not run on this document (its findings then read 0). */
  error?: string;
}

export interface Summary {
  /** Pairs with a defined value. */
  n: number;
  mean: number | null;
  median: number | null;
}

export interface CopyRef {
  sceneId: string;
  taskId: string | null;
  assignee: string | null;
  assigneeName: string | null;
  state: TaskState | null;
  revision: number;
  sourceRevision: number;
}

export interface PairAgreement {
  a: CopyRef;
  b: CopyRef;
  kappa: number | null;
  observed: number | null;
  expected: number | null;
  /** Objects matched by geometry (the items kappa is computed over). */
  matched: number;
  unmatchedA: number;
  unmatchedB: number;
  /** Cross-modal agreement (share of compared camera samples where both sides agree on box ↔ cuboid consistency). */
  crossModal: number | null;
  crossModalPairs: number;
  /** Why cross-modal agreement could not be computed (e.g. a cuboid's sensor has no transform to a camera). */
  crossModalError?: string;
}

export interface SourceAgreement {
  sourceId: string;
  name: string;
  copies: CopyRef[];
  pairs: PairAgreement[];
  kappa: Summary;
  crossModal: Summary;
}

export interface AnnotatorAgreement {
  userId: string;
  name: string;
  pairs: number;
  kappa: Summary;
  crossModal: Summary;
}

export interface Throughput {
  userId: string;
  name: string;
  edits: number;
  objectsTouched: number;
  activeHours: number;
  editsPerHour: number | null;
  objectsPerHour: number | null;
  tasksSubmitted: number;
  tasksAccepted: number;
  /** Median seconds from "in progress" to "submitted"; null before a first submission. */
  medianSecondsToSubmit: number | null;
}

export interface ProjectStats {
  projectId: string;
  generatedAt: string;
  progress: {
    total: number;
    byState: ByState;
    byAssignee: { userId: string | null; name: string | null; total: number; byState: ByState }[];
  };
  qa: {
    scenes: SceneQa[];
    total: { scenes: number; objects: number; findings: number; per100Objects: number | null; byCheck: Record<string, number> };
  };
  agreement: {
    counted: string;
    countedStates: readonly TaskState[];
    pairs: number;
    pendingCopies: number;
    kappa: Summary;
    /** Kappa over the matched objects of all counted pairs together, each pair entered in both orientations (symmetric). */
    pooledKappa: number | null;
    crossModal: Summary;
    annotators: AnnotatorAgreement[];
    sources: SourceAgreement[];
  };
  throughput: Throughput[];
  cache: { qa: { hits: number; misses: number }; agreement: { hits: number; misses: number } };
}

/** A least-recently-used map bounded by its number of entries (each entry costs 1 of the budget). */
class Bounded<V> {
  private readonly lru: ByteLru<string, V>;
  constructor(max: number) {
    this.lru = new ByteLru(max);
  }
  get max(): number {
    return this.lru.budget;
  }
  resize(max: number): void {
    this.lru.budget = max;
  }
  get(k: string): V | undefined {
    return this.lru.get(k);
  }
  set(k: string, v: V): void {
    this.lru.set(k, v, 1);
  }
}

type PairResult = Omit<PairAgreement, 'a' | 'b'> & { classPairs: [string, string][] };

/**
 * Sizes of the in-memory caches. The QA cache holds every scene of the projects this instance has
 * paged (at least `qaMin`, at most `qaMax` entries): a page walks all of a project's scenes in
 * order, and an LRU smaller than that walk evicts each entry just before it is needed again, so it
 * would miss every time. A project with more scenes than `qaMax` is checked without caching, which
 * also leaves the other projects' entries in place.
 */
export const STATS_CACHE_LIMITS = { qaMin: 2000, qaMax: 50_000, pairs: 5000 };

interface Caches {
  qa: Bounded<Omit<SceneQa, 'sceneId' | 'name' | 'revision'>>;
  pairs: Bounded<PairResult>;
  /** Scene count per project at its last page, to size `qa`. */
  sceneCounts: Map<string, number>;
}

const cachesByDb = new WeakMap<Db, Caches>();
const cachesOf = (db: Db): Caches => {
  let c = cachesByDb.get(db);
  if (!c) cachesByDb.set(db, (c = { qa: new Bounded(STATS_CACHE_LIMITS.qaMin), pairs: new Bounded(STATS_CACHE_LIMITS.pairs), sceneCounts: new Map() }));
  return c;
};

/** Resizes the QA cache for the projects seen so far; false when this project's scenes cannot all fit. */
function sizeQaCache(caches: Caches, projectId: string, scenes: number): boolean {
  caches.sceneCounts.set(projectId, scenes);
  let all = 0;
  for (const n of caches.sceneCounts.values()) all += n;
  caches.qa.resize(Math.min(STATS_CACHE_LIMITS.qaMax, Math.max(STATS_CACHE_LIMITS.qaMin, all)));
  return scenes <= caches.qa.max;
}

const inFlight = new WeakMap<Db, Map<string, Promise<ProjectStats>>>();

/**
 * The project page. Requests for a project while its page is being computed share that computation
 * (two managers refreshing at once cost one pass over the scenes); the next request after it
 * finishes computes afresh.
 */
export function projectStats(db: Db, projectId: string): Promise<ProjectStats> {
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map()));
  let p = running.get(projectId);
  if (!p) {
    const map = running;
    p = computeProjectStats(db, projectId).finally(() => map.delete(projectId));
    running.set(projectId, p);
  }
  return p;
}

const emptyByState = (): ByState => Object.fromEntries(TaskState.options.map((s) => [s, 0])) as ByState;

export function summarize(values: readonly (number | null)[]): Summary {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { n: 0, mean: null, median: null };
  const mid = v.length >> 1;
  return { n: v.length, mean: v.reduce((s, x) => s + x, 0) / v.length, median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2 };
}

const ms = (t: Date | string): number => (t instanceof Date ? t.getTime() : new Date(t).getTime());

async function computeProjectStats(db: Db, projectId: string): Promise<ProjectStats> {
  const caches = cachesOf(db);
  const counters = { qa: { hits: 0, misses: 0 }, agreement: { hits: 0, misses: 0 } };
  const { rows: tasks } = await db.query<{ id: string; scene_id: string; state: TaskState; assignee: string | null; name: string | null; created_at: Date }>(
    `select t.id, t.scene_id, t.state, t.assignee, u.name, t.created_at from tasks t left join users u on u.id = t.assignee
     where t.project_id = $1 order by t.created_at, t.id`,
    [projectId],
  );
  const { rows: scenes } = await db.query<{ id: string; name: string; revision: number }>(
    'select id, name, revision from scenes where project_id = $1 order by created_at, id',
    [projectId],
  );

  // Documents read once per request, only for what the caches lack.
  const docs = new Map<string, Promise<{ scene: Scene; revision: number } | undefined>>();
  const doc = (id: string) => {
    let d = docs.get(id);
    if (!d) docs.set(id, (d = currentScene(db, id)));
    return d;
  };

  // — progress
  const byState = emptyByState();
  const byAssignee = new Map<string | null, { userId: string | null; name: string | null; total: number; byState: ByState }>();
  for (const t of tasks) {
    byState[t.state]++;
    let a = byAssignee.get(t.assignee);
    if (!a) byAssignee.set(t.assignee, (a = { userId: t.assignee, name: t.name, total: 0, byState: emptyByState() }));
    a.total++;
    a.byState[t.state]++;
  }

  // — QA finding rates
  const cacheQa = sizeQaCache(caches, projectId, scenes.length);
  const qaScenes: SceneQa[] = [];
  const revisionOf = new Map<string, number>();
  for (const s of scenes) {
    let revision = s.revision;
    let hit = caches.qa.get(`${s.id}@${revision}`);
    if (hit) counters.qa.hits++;
    else {
      counters.qa.misses++;
      const d = await doc(s.id);
      if (!d) continue; // deleted meanwhile
      revision = d.revision;
      let findings: ReturnType<typeof runChecks> = [];
      let error: string | undefined;
      try {
        findings = runChecks(d.scene);
      } catch (e) {
        // a check that cannot run on this document must not take the whole page down
        error = `the QA checks failed on this scene: ${(e as Error).message}`;
      }
      const objects = Object.keys(d.scene.objects).length;
      const byCheck: Record<string, number> = {};
      const bySeverity = { error: 0, warning: 0, info: 0 };
      for (const f of findings) {
        byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
        bySeverity[f.severity]++;
      }
      hit = { objects, findings: findings.length, per100Objects: objects ? (findings.length / objects) * 100 : null, byCheck, bySeverity, ...(error ? { error } : {}) };
      if (cacheQa) caches.qa.set(`${s.id}@${revision}`, hit);
    }
    revisionOf.set(s.id, revision);
    qaScenes.push({ sceneId: s.id, name: s.name, revision, ...hit });
  }
  const totalByCheck: Record<string, number> = {};
  for (const q of qaScenes) for (const [k, n] of Object.entries(q.byCheck)) totalByCheck[k] = (totalByCheck[k] ?? 0) + n;
  const totalObjects = qaScenes.reduce((s, q) => s + q.objects, 0);
  const totalFindings = qaScenes.reduce((s, q) => s + q.findings, 0);

  // — agreement between consensus copies
  const copies = await copiesOf(db, projectId);
  const taskOfScene = new Map<string, (typeof tasks)[number]>();
  for (const t of tasks) taskOfScene.set(t.scene_id, t); // the newest task on a copy (tasks are ordered by creation)
  const sceneName = new Map(scenes.map((s) => [s.id, s.name]));
  const bySource = new Map<string, CopyRef[]>();
  for (const c of copies) {
    if (!revisionOf.has(c.sceneId)) continue;
    const t = taskOfScene.get(c.sceneId);
    const ref: CopyRef = {
      sceneId: c.sceneId,
      taskId: t?.id ?? null,
      assignee: t?.assignee ?? null,
      assigneeName: t?.name ?? null,
      state: t?.state ?? null,
      revision: revisionOf.get(c.sceneId)!,
      sourceRevision: c.sourceRevision,
    };
    (bySource.get(c.sourceId) ?? bySource.set(c.sourceId, []).get(c.sourceId)!).push(ref);
  }
  const counted = (c: CopyRef) => c.state !== null && COUNTED_STATES.includes(c.state);
  const sources: SourceAgreement[] = [];
  const perAnnotator = new Map<string, { name: string; kappas: (number | null)[]; crossModal: (number | null)[] }>();
  const allPairs: PairAgreement[] = [];
  const pooled: [string, string][] = [];
  let pending = 0;
  for (const [sourceId, refs] of bySource) {
    // copies made together share created_at: list them by annotator, for a stable page
    refs.sort((x, y) => (x.assigneeName ?? '\uffff').localeCompare(y.assigneeName ?? '\uffff') || (x.sceneId < y.sceneId ? -1 : 1));
    // a copy whose task was deleted will never be finished: not pending, just not counted
    pending += refs.filter((r) => r.taskId !== null && !counted(r)).length;
    const ready = refs.filter(counted);
    const pairs: PairAgreement[] = [];
    for (let i = 0; i < ready.length; i++)
      for (let j = i + 1; j < ready.length; j++) {
        const [a, b] = [ready[i], ready[j]];
        const key = `${a.sceneId}@${a.revision}|${b.sceneId}@${b.revision}`;
        let r = caches.pairs.get(key);
        if (r) counters.agreement.hits++;
        else {
          counters.agreement.misses++;
          const [da, dbb] = await Promise.all([doc(a.sceneId), doc(b.sceneId)]);
          if (!da || !dbb) continue;
          r = comparePair(da.scene, dbb.scene);
          // keyed by the revisions the documents were actually read at
          caches.pairs.set(`${a.sceneId}@${da.revision}|${b.sceneId}@${dbb.revision}`, r);
        }
        const { classPairs, ...figures } = r;
        // both orientations: which copy is "rater 1" is an accident of name order, and must not move the marginals
        for (const [x, y] of classPairs) pooled.push([x, y], [y, x]);
        const pair: PairAgreement = { a, b, ...figures };
        pairs.push(pair);
        for (const side of [a, b]) {
          if (!side.assignee) continue;
          let p = perAnnotator.get(side.assignee);
          if (!p) perAnnotator.set(side.assignee, (p = { name: side.assigneeName ?? side.assignee, kappas: [], crossModal: [] }));
          p.kappas.push(r.kappa);
          p.crossModal.push(r.crossModal);
        }
      }
    allPairs.push(...pairs);
    sources.push({
      sourceId,
      name: sceneName.get(sourceId) ?? sourceId,
      copies: refs,
      pairs,
      kappa: summarize(pairs.map((p) => p.kappa)),
      crossModal: summarize(pairs.map((p) => p.crossModal)),
    });
  }
  const annotators: AnnotatorAgreement[] = [...perAnnotator]
    .map(([userId, p]) => ({ userId, name: p.name, pairs: p.kappas.length, kappa: summarize(p.kappas), crossModal: summarize(p.crossModal) }))
    .sort((x, y) => x.name.localeCompare(y.name));

  return {
    projectId,
    generatedAt: new Date().toISOString(),
    progress: { total: tasks.length, byState, byAssignee: [...byAssignee.values()].sort((x, y) => (x.name ?? '\uffff').localeCompare(y.name ?? '\uffff')) },
    qa: {
      scenes: qaScenes,
      total: { scenes: qaScenes.length, objects: totalObjects, findings: totalFindings, per100Objects: totalObjects ? (totalFindings / totalObjects) * 100 : null, byCheck: totalByCheck },
    },
    agreement: {
      counted: `pairs of consensus copies of one source scene whose tasks are both ${COUNTED_STATES.join(', ')}`,
      countedStates: COUNTED_STATES,
      pairs: allPairs.length,
      pendingCopies: pending,
      kappa: summarize(allPairs.map((p) => p.kappa)),
      pooledKappa: cohensKappa(pooled).kappa,
      crossModal: summarize(allPairs.map((p) => p.crossModal)),
      annotators,
      sources,
    },
    throughput: await throughput(db, projectId),
    cache: counters,
  };
}

/**
 * core's compareAnnotators; when its cross-modal part cannot run (it projects cuboids into cameras
 * and throws on a scene without the transforms), kappa still comes from core's matching and
 * cohensKappa — the same two steps compareAnnotators takes — and the reason is reported.
 */
function comparePair(a: Scene, b: Scene): PairResult {
  try {
    const rep = compareAnnotators(a, b);
    return {
      kappa: rep.kappa,
      observed: rep.observed,
      expected: rep.expected,
      matched: rep.matched.length,
      unmatchedA: rep.unmatchedA.length,
      unmatchedB: rep.unmatchedB.length,
      crossModal: rep.crossModal.agreement,
      crossModalPairs: rep.crossModal.pairs,
      classPairs: rep.matched.map((p) => [p.classA, p.classB]),
    };
  } catch (e) {
    const m = matchAnnotators(a, b);
    const classPairs = m.pairs.map((p): [string, string] => [p.classA, p.classB]);
    const k = cohensKappa(classPairs);
    return {
      kappa: k.kappa,
      observed: k.observed,
      expected: k.expected,
      matched: m.pairs.length,
      unmatchedA: m.unmatchedA.length,
      unmatchedB: m.unmatchedB.length,
      crossModal: null,
      crossModalPairs: 0,
      crossModalError: `cross-modal agreement not computed: ${(e as Error).message}`,
      classPairs,
    };
  }
}

async function throughput(db: Db, projectId: string): Promise<Throughput[]> {
  const { rows: edits } = await db.query<{ user_id: string; edits: number; hours: number }>(
    `select e.user_id, count(*)::int as edits, count(distinct date_trunc('hour', e.at))::int as hours
     from scene_edits e join scenes s on s.id = e.scene_id where s.project_id = $1 and e.user_id is not null group by e.user_id`,
    [projectId],
  );
  const { rows: objects } = await db.query<{ user_id: string; n: number }>(
    `select user_id, count(*)::int as n from (
       select distinct e.user_id, o.scene_id, o.object_id from scene_edit_objects o
       join scene_edits e on e.scene_id = o.scene_id and e.revision = o.revision
       join scenes s on s.id = o.scene_id where s.project_id = $1 and e.user_id is not null) d group by user_id`,
    [projectId],
  );
  const { rows: events } = await db.query<{ task_id: string; to_state: TaskState; by_user: string | null; at: Date; assignee: string | null }>(
    `select e.task_id, e.to_state, e.by_user, e.at, t.assignee from task_events e join tasks t on t.id = e.task_id
     where t.project_id = $1 order by e.task_id, e.id`,
    [projectId],
  );
  const { rows: people } = await db.query<{ id: string; name: string }>(
    `select u.id, u.name from members m join users u on u.id = m.user_id where m.project_id = $1 and m.role in ('annotator', 'manager')`,
    [projectId],
  );

  const submitted = new Map<string, Set<string>>();
  const accepted = new Map<string, Set<string>>();
  const durations = new Map<string, number[]>();
  const setOf = (m: Map<string, Set<string>>, k: string) => m.get(k) ?? m.set(k, new Set()).get(k)!;
  let started: number | undefined;
  let task = '';
  for (const e of events) {
    if (e.task_id !== task) [task, started] = [e.task_id, undefined];
    if (e.to_state === 'in_progress') started = ms(e.at);
    if (e.to_state === 'submitted' && e.by_user) {
      setOf(submitted, e.by_user).add(e.task_id);
      if (started !== undefined) (durations.get(e.by_user) ?? durations.set(e.by_user, []).get(e.by_user)!).push((ms(e.at) - started) / 1000);
      started = undefined;
    }
    if (e.to_state === 'accepted' && e.assignee) setOf(accepted, e.assignee).add(e.task_id);
  }

  const ids = new Set([...people.map((p) => p.id), ...edits.map((e) => e.user_id), ...submitted.keys(), ...accepted.keys()]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const missing = [...ids].filter((id) => !names.has(id));
  if (missing.length) {
    const { rows } = await db.query<{ id: string; name: string }>('select id, name from users where id = any($1::text[])', [missing]);
    for (const r of rows) names.set(r.id, r.name);
  }
  const editsOf = new Map(edits.map((e) => [e.user_id, e]));
  const objectsOf = new Map(objects.map((o) => [o.user_id, o.n]));
  return [...ids]
    .map((userId): Throughput => {
      const e = editsOf.get(userId);
      const hours = e?.hours ?? 0;
      const touched = objectsOf.get(userId) ?? 0;
      return {
        userId,
        name: names.get(userId) ?? userId,
        edits: e?.edits ?? 0,
        objectsTouched: touched,
        activeHours: hours,
        editsPerHour: hours ? (e?.edits ?? 0) / hours : null,
        objectsPerHour: hours ? touched / hours : null,
        tasksSubmitted: submitted.get(userId)?.size ?? 0,
        tasksAccepted: accepted.get(userId)?.size ?? 0,
        medianSecondsToSubmit: summarize(durations.get(userId) ?? []).median,
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name));
}
