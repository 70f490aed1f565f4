/**
 * Matching two annotators' labels of the same scene (same sensors and sample ids) by geometry,
 * never by object id (two annotators' ids are unrelated):
 *
 * 1. Per (sensor, sample), labelled 2D boxes (`box2d` whose source is not `projected`) are paired
 *    greedily by descending IoU, a pair needing IoU ≥ `boxIou` (default 0.5, the PASCAL VOC / KITTI
 *    2D criterion); cuboids are paired greedily by ascending centre distance in the sensor frame
 *    (3D Euclidean, metres), a pair needing ≤ `cuboidCentreM` (default 2 m, the loosest nuScenes
 *    detection centre-distance threshold — well under one car length, so neighbours do not swap).
 *    Greedy rather than Hungarian: each accepted pair is the best remaining one, ties broken by
 *    annotation ids, so the result is deterministic (it can differ from the Hungarian optimum only
 *    where one label overlaps two of the other annotator's labels above the threshold).
 * 2. Objects are paired by these per-sample geometry matches: each match is one vote for
 *    (object in A, object in B); object pairs are taken greedily by most votes (then ids), each
 *    object at most once.
 * Objects with at least one box or cuboid that end up unpaired are reported unmatched.
 */
import type { Annotation, Box2D, Cuboid, Scene } from '../../schema';
import { iou } from '../../projection/deviation';
import { allAnnotations } from '../../schema';

export interface MatchOptions {
  /** Minimum 2D IoU for two labelled boxes in one camera sample to match (default 0.5). */
  boxIou?: number;
  /** Maximum centre distance in metres for two cuboids in one sample to match (default 2). */
  cuboidCentreM?: number;
}

export const DEFAULT_MATCH_OPTIONS: Required<MatchOptions> = { boxIou: 0.5, cuboidCentreM: 2 };

/** One annotation of A paired with one of B in the same sensor sample. */
export interface GeometryMatch {
  kind: 'box2d' | 'cuboid';
  sensor: string;
  sample: string;
  a: string;
  b: string;
  objectA: string;
  objectB: string;
  /** IoU for boxes (higher is better), centre distance in metres for cuboids (lower is better). */
  score: number;
}

/** One physical object as identified in both documents. */
export interface ObjectPair {
  a: string;
  b: string;
  classA: string;
  classB: string;
  /** Number of per-sample geometry matches supporting the pair. */
  votes: number;
}

export interface MatchResult {
  pairs: ObjectPair[];
  /** Object ids of A (with geometry) paired with nothing in B, sorted. */
  unmatchedA: string[];
  unmatchedB: string[];
  /** Every accepted per-sample geometry match. */
  geometry: GeometryMatch[];
  options: Required<MatchOptions>;
}

const isLabelledBox = (x: Annotation): x is Box2D => x.kind === 'box2d' && x.source !== 'projected';
const hasGeometry = (x: Annotation): x is Box2D | Cuboid => isLabelledBox(x) || x.kind === 'cuboid';
const byId = (p: { id: string }, q: { id: string }): number => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0);

/** Annotations with geometry grouped by kind, sensor and sample, each group sorted by id. */
function groups(scene: Scene): Map<string, (Box2D | Cuboid)[]> {
  const out = new Map<string, (Box2D | Cuboid)[]>();
  for (const x of allAnnotations(scene)) {
    if (!hasGeometry(x)) continue;
    const k = `${x.kind}\u0000${x.sensor}\u0000${x.sample}`;
    let g = out.get(k);
    if (!g) out.set(k, (g = []));
    g.push(x);
  }
  for (const g of out.values()) g.sort(byId);
  return out;
}

const centreDistance = (p: Cuboid, q: Cuboid): number => Math.hypot(p.center.x - q.center.x, p.center.y - q.center.y, p.center.z - q.center.z);

/** Greedy one-to-one pairing of two id-sorted lists; `score` undefined = not allowed. */
function greedy<T extends { id: string }>(as: T[], bs: T[], score: (a: T, b: T) => number | undefined, higherIsBetter: boolean): [T, T, number][] {
  const cands: [number, number, number][] = [];
  as.forEach((a, i) => bs.forEach((b, j) => {
    const s = score(a, b);
    if (s !== undefined) cands.push([i, j, s]);
  }));
  cands.sort((p, q) => (higherIsBetter ? q[2] - p[2] : p[2] - q[2]) || p[0] - q[0] || p[1] - q[1]);
  const usedA = new Set<number>(), usedB = new Set<number>();
  const out: [T, T, number][] = [];
  for (const [i, j, s] of cands) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    out.push([as[i], bs[j], s]);
  }
  return out;
}

/** Match the objects of two annotators' versions of one scene (see the module comment). */
export function matchAnnotators(a: Scene, b: Scene, options: MatchOptions = {}): MatchResult {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const ga = groups(a), gb = groups(b);
  const geometry: GeometryMatch[] = [];
  for (const [k, as] of [...ga].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) {
    const bs = gb.get(k);
    if (!bs) continue;
    const [kind, sensor, sample] = k.split('\u0000') as ['box2d' | 'cuboid', string, string];
    const found =
      kind === 'box2d'
        ? greedy(as as Box2D[], bs as Box2D[], (p, q) => { const v = iou(p, q); return v >= opts.boxIou && v > 0 ? v : undefined; }, true)
        : greedy(as as Cuboid[], bs as Cuboid[], (p, q) => { const d = centreDistance(p, q); return d <= opts.cuboidCentreM ? d : undefined; }, false);
    for (const [p, q, score] of found) geometry.push({ kind, sensor, sample, a: p.id, b: q.id, objectA: p.object, objectB: q.object, score });
  }
  const votes = new Map<string, { a: string; b: string; n: number }>();
  for (const m of geometry) {
    const k = `${m.objectA}\u0000${m.objectB}`;
    const v = votes.get(k);
    if (v) v.n++;
    else votes.set(k, { a: m.objectA, b: m.objectB, n: 1 });
  }
  const ranked = [...votes.values()].sort((p, q) => q.n - p.n || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
  const usedA = new Set<string>(), usedB = new Set<string>();
  const pairs: ObjectPair[] = [];
  for (const v of ranked) {
    if (usedA.has(v.a) || usedB.has(v.b)) continue;
    usedA.add(v.a);
    usedB.add(v.b);
    pairs.push({ a: v.a, b: v.b, classA: a.objects[v.a]?.classId ?? '?', classB: b.objects[v.b]?.classId ?? '?', votes: v.n });
  }
  pairs.sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : 0));
  const withGeometry = (s: Scene): string[] => [...new Set(allAnnotations(s).filter(hasGeometry).map((x) => x.object))].sort();
  return {
    pairs,
    unmatchedA: withGeometry(a).filter((o) => !usedA.has(o)),
    unmatchedB: withGeometry(b).filter((o) => !usedB.has(o)),
    geometry,
    options: opts,
  };
}
