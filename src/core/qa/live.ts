/**
 * Incremental (live) QA: after an edit, only the objects and camera samples it touched are
 * re-checked, and the findings of everything else are kept as they were (same Finding objects).
 *
 * Scopes. Every finding belongs to one bucket:
 * - `object` findings (they name an object): all of them depend only on that object's record, its
 *   annotations, the cuboids its boxes name in `fromCuboid` (and those cuboids' objects' records),
 *   and the environment (below). They are recomputed by running every check of TIER1_CHECKS on a
 *   sub-scene holding exactly that, and keeping the findings of the dirty objects.
 * - `temporal.pair-dt` (per camera sample; depends on how many annotations the sample carries),
 *   recomputed per touched camera sample.
 * - `text.*` (all text findings, with or without an object): they depend on the documents, the
 *   transcript segments, the spans, the objects and what is visible where (any annotation), so all
 *   of them are recomputed (checks/text.ts `textFindings`, milliseconds) when the documents or
 *   comparisons changed, or when an annotation or object changed in a scene that has text (a
 *   document, a transcript segment or a span, before or after the edit). A document edit (a
 *   keystroke in a caption) is therefore not an environment change.
 * - the environment — everything in the scene but `annotations`, `objects`, `documents`,
 *   `comparisons` and the fields no check reads (`qa`, `metadata`, `name`) — plus settings and
 *   inputs: when it changes, a full run.
 * A check added to TIER1_CHECKS whose findings all name an object needs nothing more; one that
 * reports object-less findings other than the two above makes every update a full run (correct,
 * not incremental) until it gets a scope here. live.property.test.ts checks incremental = full
 * after random edit sequences, for every registered check.
 *
 * Dirty objects of an edit: the old and new object of each touched annotation, each touched object,
 * and the objects of boxes whose `fromCuboid` names a touched cuboid or a cuboid of a touched object.
 * Touched ids come from the immer patches of the edit (paths `annotations/<partition>/<id>/…` —
 * schema v3 partitions annotations, see schema/partitions.ts — or `annotations/<partition>` when a
 * whole partition is added, removed or replaced, and `objects/<id>/…`) or, without them, from
 * comparing the two scenes' records by reference (immer shares unchanged partitions and records).
 * An annotation is found in the previous scene through the partition it was indexed under, and in
 * the next one in that same partition, the partitions the patches name, or else by a scan. Heavy per-cuboid results (projections, LiDAR point counts) are memoised
 * on the cuboid record (QaMemo), so re-checking an object re-projects only the cuboids that changed.
 */
import type { Patch } from 'immer';
import type { Annotation, AnnotationPartitions, Box2D, ObjectTrack, Scene } from '../schema';
import { allAnnotations, findPartition, partitionOf } from '../schema';
import type { QaInputs, QaMemo } from './adapters';
import { createQaContext, createQaMemo } from './context';
import { pairDtFindings } from './checks/temporal';
import { textFindings } from './checks/text';
import { compareFindings, type Finding } from './finding';
import { runChecks, TIER1_CHECKS } from './run';
import { DEFAULT_QA_SETTINGS, type QaSettings } from './settings';

/** What an edit touched: annotation and object ids; `environment` when anything else that checks read changed. */
export interface QaChanges {
  annotations: Set<string>;
  objects: Set<string>;
  environment: boolean;
  /** The documents or comparisons changed (text findings are recomputed). */
  text?: boolean;
  /** Annotation partitions added, removed or replaced as a whole: every annotation in them (before or after) is touched. */
  partitions?: Set<string>;
  /** Partitions the touched annotation ids were seen in (a hint for finding them; optional). */
  where?: Map<string, Set<string>>;
}

/** Top-level scene fields no check reads: changing them never changes findings. */
const INERT = new Set(['qa', 'metadata', 'name']);
/** Top-level scene fields only the text checks read. */
const TEXT = new Set(['documents', 'comparisons']);

/** Touched ids from an edit's immer patches (forward or inverse — paths are the same). */
export function changesFromPatches(patches: readonly Patch[]): QaChanges {
  const out: QaChanges = { annotations: new Set(), objects: new Set(), environment: false };
  for (const p of patches) {
    const [top, key, id] = p.path;
    if (typeof top === 'string' && INERT.has(top)) continue;
    if (typeof top === 'string' && TEXT.has(top)) out.text = true;
    else if (top === 'objects' && key !== undefined) out.objects.add(String(key));
    else if (top === 'annotations' && key !== undefined) {
      const part = String(key);
      if (id === undefined) (out.partitions ??= new Set()).add(part); // a whole partition added, removed or replaced
      else {
        out.annotations.add(String(id));
        addWhere((out.where ??= new Map()), String(id), part);
      }
    } else out.environment = true; // a whole record replaced, or the environment
  }
  return out;
}

/** Touched ids by comparing two scenes' records by reference (immer keeps unchanged records). */
export function diffScenes(prev: Scene, next: Scene): QaChanges {
  const out: QaChanges = { annotations: new Set(), objects: diffRecord(prev.objects, next.objects), environment: false };
  const where = new Map<string, Set<string>>();
  for (const part of diffRecord(prev.annotations, next.annotations))
    for (const id of diffRecord(prev.annotations[part] ?? {}, next.annotations[part] ?? {})) {
      out.annotations.add(id);
      addWhere(where, id, part);
    }
  if (where.size) out.where = where;
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const k of keys)
    if (k !== 'annotations' && k !== 'objects' && !INERT.has(k) && (prev as Record<string, unknown>)[k] !== (next as Record<string, unknown>)[k]) {
      if (TEXT.has(k)) out.text = true;
      else out.environment = true;
    }
  return out;
}

function addWhere(m: Map<string, Set<string>>, id: string, part: string): void {
  const s = m.get(id);
  if (s) s.add(part);
  else m.set(id, new Set([part]));
}

function diffRecord<T>(prev: Record<string, T>, next: Record<string, T>): Set<string> {
  const out = new Set<string>();
  if (prev === next) return out;
  let shared = 0;
  for (const k in next) {
    const p = prev[k];
    if (p === undefined) out.add(k);
    else {
      shared++;
      if (p !== next[k]) out.add(k);
    }
  }
  let n = 0;
  for (const _ in prev) n++;
  if (n !== shared) for (const k in prev) if (next[k] === undefined) out.add(k);
  return out;
}

/** How the last update ran. */
export interface QaUpdateStats {
  mode: 'full' | 'incremental' | 'none';
  /** Objects and camera samples re-checked (incremental). */
  objects: number;
  samples: number;
  ms: number;
}

const OBJECT = 'o';
const sk = (sensor: string, sample: string): string => `${sensor}\u0000${sample}`;

/** The bucket of a finding (see the header); undefined for an object-less finding without a scope. */
function bucketOf(f: Finding): string | undefined {
  if (f.check.startsWith('text.')) return 'text';
  if (f.object !== undefined) return OBJECT;
  if (f.check === 'temporal.pair-dt') return 'pair-dt';
  if (f.check === 'temporal.stream-offset' || f.check === 'temporal.stream-drift' || f.check === 'temporal.desync') return 'env';
  return undefined;
}

/**
 * Live findings of one scene, kept up to date edit by edit: `update(next, patches?)` re-checks what
 * the edit touched and returns the new findings (sorted as runChecks sorts them, and equal to
 * `runChecks(next, settings, inputs)`). Holds indexes of the last scene; not shared across scenes
 * of different environments (it falls back to a full run by itself).
 */
export class IncrementalQa {
  private _scene!: Scene;
  private _findings: Finding[] = [];
  private memo!: QaMemo;
  /** Annotations by object (ids), of the current scene. */
  private byObject = new Map<string, Set<string>>();
  /** Annotation id → its partition, in the current scene. */
  private loc = new Map<string, string>();
  /** Cuboid id → objects of boxes naming it in `fromCuboid` → how many such boxes. */
  private referrers = new Map<string, Map<string, number>>();
  /** Annotations per `sensor\0sample`. */
  private perSample = new Map<string, number>();
  private cameras = new Set<string>();
  /** Text spans and transcript segments (timeSegments with `text`) in the current scene. */
  private textAnnotations = 0;
  private always = false;
  stats: QaUpdateStats = { mode: 'none', objects: 0, samples: 0, ms: 0 };

  constructor(
    scene: Scene,
    readonly settings: QaSettings = DEFAULT_QA_SETTINGS,
    readonly inputs: QaInputs = {},
  ) {
    const t0 = performance.now();
    this.full(scene);
    this.stats = { mode: 'full', objects: 0, samples: 0, ms: performance.now() - t0 };
  }

  get scene(): Scene {
    return this._scene;
  }

  /** Sorted like runChecks. */
  get findings(): Finding[] {
    return this._findings;
  }

  /**
   * Bring the findings to `next`. `changes`: the edit's immer patches (all of them since the last
   * update), or QaChanges; without them the two scenes are compared by reference.
   */
  update(next: Scene, changes?: readonly Patch[] | QaChanges): Finding[] {
    const t0 = performance.now();
    const prev = this._scene;
    if (next === prev) return this._findings;
    const ch = !changes ? diffScenes(prev, next) : Array.isArray(changes) ? changesFromPatches(changes) : (changes as QaChanges);
    if (ch.environment || this.always) {
      this.full(next);
      this.stats = { mode: 'full', objects: 0, samples: 0, ms: performance.now() - t0 };
      return this._findings;
    }
    const dirty = new Set<string>();
    const samples = new Set<string>();
    const refer = (cuboid: string) => {
      const r = this.referrers.get(cuboid);
      if (r) for (const o of r.keys()) dirty.add(o);
    };
    const hadText = this.textAnnotations > 0 || prev.documents.length > 0;
    let touched = false;
    const ids = new Set(ch.annotations);
    const where = new Map(ch.where ?? []);
    for (const part of ch.partitions ?? [])
      for (const rec of [prev.annotations[part], next.annotations[part]])
        for (const id in rec ?? {}) {
          ids.add(id);
          addWhere(where, id, part);
        }
    for (const id of ids) {
      const was = this.loc.get(id);
      const a = was === undefined ? undefined : prev.annotations[was]?.[id];
      const b = findIn(next.annotations, id, was, where.get(id));
      if (a === b) continue;
      touched = true;
      for (const x of [a, b]) {
        if (!x) continue;
        dirty.add(x.object);
        if (x.kind === 'cuboid') refer(x.id);
        if ('sample' in x && this.cameras.has(x.sensor)) samples.add(sk(x.sensor, x.sample));
      }
      if (a) this.unindex(a);
      if (b) this.index(b);
    }
    let objectsChanged = false;
    for (const id of ch.objects) {
      if (prev.objects[id] === next.objects[id]) continue;
      objectsChanged = true;
      dirty.add(id);
      for (const aid of this.byObject.get(id) ?? []) if (this.annotation(next, aid)?.kind === 'cuboid') refer(aid);
    }
    this._scene = next;

    // re-check the dirty objects on their sub-scene
    const fresh: Finding[] = [];
    if (dirty.size) {
      const sub = this.subScene(next, dirty);
      const ctx = createQaContext(sub, this.settings, this.inputs, this.memo);
      for (const [family, check] of Object.entries(TIER1_CHECKS))
        for (const f of family === 'text' ? [] : check(sub, ctx)) {
          if (bucketOf(f) === 'text') continue;
          if (f.object !== undefined) {
            if (dirty.has(f.object)) fresh.push(f);
          } else if (bucketOf(f) === undefined) {
            // an object-less finding without a scope: only a full run is right
            this.always = true;
            this.full(next);
            this.stats = { mode: 'full', objects: 0, samples: 0, ms: performance.now() - t0 };
            return this._findings;
          }
        }
    }
    for (const k of samples) {
      const [camera, sample] = k.split('\u0000');
      for (const f of pairDtFindings(next, this.memo.samples, this.settings, camera, sample, this.perSample.get(k) ?? 0)) fresh.push(f);
    }
    const text = ch.text === true || ((touched || objectsChanged) && (hadText || this.textAnnotations > 0 || next.documents.length > 0));
    if (text) {
      // an unchanged text finding keeps its object (views compare findings by reference)
      const old = new Map<string, Finding>();
      for (const f of this._findings) if (bucketOf(f) === 'text') old.set(f.id, f);
      for (const f of textFindings(next, { samples: this.memo.samples, cache: this.memo.cache })) {
        const o = old.get(f.id);
        fresh.push(o && sameFinding(o, f) ? o : f);
      }
    }
    const stale = (f: Finding): boolean => {
      const b = bucketOf(f);
      return b === 'text' ? text : b === OBJECT ? dirty.has(f.object!) : f.check === 'temporal.pair-dt' && samples.has(sk(f.sensors[0], f.samples[0]));
    };
    this._findings = mergeSorted(this._findings.filter((f) => !stale(f)), fresh.sort(compareFindings));
    this.stats = { mode: 'incremental', objects: dirty.size, samples: samples.size, ms: performance.now() - t0 };
    return this._findings;
  }

  /** A full run over `scene`, rebuilding every index. */
  private full(scene: Scene): void {
    this._scene = scene;
    this.memo = createQaMemo(scene, this.inputs);
    this.byObject = new Map();
    this.loc = new Map();
    this.referrers = new Map();
    this.perSample = new Map();
    this.cameras = new Set(scene.sensors.filter((s) => s.kind === 'camera').map((s) => s.id));
    for (const a of allAnnotations(scene)) this.index(a);
    this.textAnnotations = 0;
    this._findings = runChecks(scene, this.settings, this.inputs, this.memo);
    this.always = this._findings.some((f) => bucketOf(f) === undefined);
  }

  private index(a: Annotation): void {
    let s = this.byObject.get(a.object);
    if (!s) this.byObject.set(a.object, (s = new Set()));
    s.add(a.id);
    this.loc.set(a.id, partitionOf(a));
    if (a.kind === 'box2d' && a.fromCuboid) {
      let r = this.referrers.get(a.fromCuboid);
      if (!r) this.referrers.set(a.fromCuboid, (r = new Map()));
      r.set(a.object, (r.get(a.object) ?? 0) + 1);
    }
    if ('sample' in a) {
      const k = sk(a.sensor, a.sample);
      this.perSample.set(k, (this.perSample.get(k) ?? 0) + 1);
    }
    if (a.kind === 'textSpan' || (a.kind === 'timeSegment' && a.text !== undefined)) this.textAnnotations++;
  }

  private unindex(a: Annotation): void {
    const s = this.byObject.get(a.object);
    s?.delete(a.id);
    if (s && !s.size) this.byObject.delete(a.object);
    if (this.loc.get(a.id) === partitionOf(a)) this.loc.delete(a.id);
    if (a.kind === 'box2d' && a.fromCuboid) {
      const r = this.referrers.get(a.fromCuboid)!;
      const n = r.get(a.object)! - 1;
      if (n) r.set(a.object, n);
      else r.delete(a.object);
      if (!r.size) this.referrers.delete(a.fromCuboid);
    }
    if ('sample' in a) {
      const k = sk(a.sensor, a.sample);
      const n = this.perSample.get(k)! - 1;
      if (n) this.perSample.set(k, n);
      else this.perSample.delete(k);
    }
    if (a.kind === 'textSpan' || (a.kind === 'timeSegment' && a.text !== undefined)) this.textAnnotations--;
  }

  /** The dirty objects with all their annotations, plus the cuboids their boxes name (and those cuboids' objects' records). */
  private subScene(scene: Scene, dirty: Set<string>): Scene {
    const annotations: AnnotationPartitions = {};
    const taken = new Set<string>();
    const put = (a: Annotation) => {
      taken.add(a.id);
      (annotations[partitionOf(a)] ??= {})[a.id] = a;
    };
    const objects: Record<string, ObjectTrack> = {};
    for (const o of dirty) {
      if (scene.objects[o]) objects[o] = scene.objects[o];
      for (const id of this.byObject.get(o) ?? []) {
        const a = this.annotation(scene, id)!;
        if (!taken.has(id)) put(a);
        const c = a.kind === 'box2d' && (a as Box2D).fromCuboid ? this.annotation(scene, (a as Box2D).fromCuboid!) : undefined;
        if (c && !taken.has(c.id)) {
          put(c);
          if (scene.objects[c.object]) objects[c.object] ??= scene.objects[c.object];
        }
      }
    }
    return { ...scene, annotations, objects };
  }

  /** An annotation of the current (indexed) scene by id. */
  private annotation(scene: Scene, id: string): Annotation | undefined {
    const part = this.loc.get(id);
    return part === undefined ? undefined : scene.annotations[part]?.[id];
  }
}

/** Annotation `id` in `parts`: looked up in the partition it was in, then the hinted ones, then by a scan. */
function findIn(parts: AnnotationPartitions, id: string, was: string | undefined, hints: ReadonlySet<string> | undefined): Annotation | undefined {
  if (was !== undefined) {
    const a = parts[was]?.[id];
    if (a) return a;
  }
  if (hints) for (const h of hints) {
    const a = parts[h]?.[id];
    if (a) return a;
  }
  const k = findPartition({ annotations: parts }, id);
  return k === undefined ? undefined : parts[k][id];
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
/** Two findings with equal fields (text findings have no `measured`). */
const sameFinding = (a: Finding, b: Finding): boolean =>
  a.id === b.id && a.check === b.check && a.severity === b.severity && a.object === b.object && a.message === b.message && sameList(a.sensors, b.sensors) && sameList(a.samples, b.samples) && a.measured === b.measured;

/** Merge two lists sorted by compareFindings. */
function mergeSorted(a: Finding[], b: Finding[]): Finding[] {
  if (!b.length) return a;
  const out: Finding[] = new Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) out[k++] = compareFindings(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Functional form: the findings of `next` given the live state of the previous scene (updated in place) and what changed. */
export function updateFindings(live: IncrementalQa, next: Scene, changes?: readonly Patch[] | QaChanges): Finding[] {
  return live.update(next, changes);
}
