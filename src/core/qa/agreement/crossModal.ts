/**
 * Cross-modal agreement between two annotators: do both annotators' 2D boxes correspond to their
 * own cuboids the same way? For each matched object pair and each camera sample where both
 * annotators drew a labelled box of it, each side's box is compared with that side's own cuboid
 * projected into the same camera sample (projectSceneCuboids: pinhole/distortion model, frame
 * graph, box of the projected corners clamped to the image). A side is *consistent* when
 * IoU(box, projection) ≥ `iou` (default 0.5); a side whose object has no cuboid visible in that
 * camera sample scores IoU 0. Samples where neither side has a projection are skipped (there is
 * nothing cross-modal to compare).
 */
import type { Box2D, Scene } from '../../schema';
import { projectSceneCuboids } from '../../projection/scene';
import { iou, type RectLike } from '../../projection/deviation';
import type { ObjectPair } from './match';
import { allAnnotations } from '../../schema';

export interface CrossModalOptions {
  /** IoU between a box and its own projected cuboid at or above which they are consistent (default 0.5). */
  iou?: number;
}

export interface CrossModalItem {
  objectA: string;
  objectB: string;
  /** Camera sensor and sample id (shared by both documents). */
  sensor: string;
  sample: string;
  iouA: number;
  iouB: number;
  consistentA: boolean;
  consistentB: boolean;
}

export interface CrossModalResult {
  threshold: number;
  /** Number of (matched object, camera sample) pairs compared. */
  pairs: number;
  /** Share of pairs where A and B agree on consistency (both consistent or both not); null when pairs = 0. */
  agreement: number | null;
  /** Share of pairs where A's box is consistent with A's projected cuboid; null when pairs = 0. */
  consistencyA: number | null;
  consistencyB: number | null;
  /** Mean |IoU_A − IoU_B| over the pairs; null when pairs = 0. */
  meanAbsIouDiff: number | null;
  items: CrossModalItem[];
}

type Key = string;
const key = (object: string, sensor: string, sample: string): Key => `${object}\u0000${sensor}\u0000${sample}`;

/** Labelled (not projected) boxes by object, sensor and sample; the first by id where several. */
function labelledBoxes(scene: Scene): Map<Key, Box2D> {
  const out = new Map<Key, Box2D>();
  const boxes = allAnnotations(scene).filter((x): x is Box2D => x.kind === 'box2d' && x.source !== 'projected');
  boxes.sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
  for (const b of boxes) {
    const k = key(b.object, b.sensor, b.sample);
    if (!out.has(k)) out.set(k, b);
  }
  return out;
}

/** Projected cuboid boxes by object, camera and camera sample (several cuboids: all kept). */
function projections(scene: Scene): Map<Key, RectLike[]> {
  const out = new Map<Key, RectLike[]>();
  for (const p of projectSceneCuboids(scene)) {
    const k = key(p.object, p.sensor, p.sample);
    const r = { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] };
    const l = out.get(k);
    if (l) l.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Best IoU of `box` with any of the projections (0 when there is none). */
const bestIou = (box: RectLike, projected: RectLike[] | undefined): number => (projected ?? []).reduce((m, p) => Math.max(m, iou(box, p)), 0);

/** Cross-modal agreement of matched object pairs (see the module comment). Throws on broken calibration. */
export function crossModalAgreement(a: Scene, b: Scene, pairs: readonly ObjectPair[], options: CrossModalOptions = {}): CrossModalResult {
  const threshold = options.iou ?? 0.5;
  const boxesA = labelledBoxes(a), boxesB = labelledBoxes(b);
  const projA = projections(a), projB = projections(b);
  const byObjectA = new Map<string, [Key, Box2D][]>();
  for (const [k, box] of boxesA) {
    const l = byObjectA.get(box.object);
    if (l) l.push([k, box]);
    else byObjectA.set(box.object, [[k, box]]);
  }
  const items: CrossModalItem[] = [];
  for (const pair of pairs) {
    for (const [k, boxA] of byObjectA.get(pair.a) ?? []) {
      const boxB = boxesB.get(key(pair.b, boxA.sensor, boxA.sample));
      if (!boxB) continue;
      const pa = projA.get(k), pb = projB.get(key(pair.b, boxA.sensor, boxA.sample));
      if (!pa && !pb) continue;
      const iouA = bestIou(boxA, pa), iouB = bestIou(boxB, pb);
      items.push({ objectA: pair.a, objectB: pair.b, sensor: boxA.sensor, sample: boxA.sample, iouA, iouB, consistentA: iouA >= threshold, consistentB: iouB >= threshold });
    }
  }
  const n = items.length;
  const share = (f: (x: CrossModalItem) => boolean): number | null => (n ? items.filter(f).length / n : null);
  return {
    threshold,
    pairs: n,
    agreement: share((x) => x.consistentA === x.consistentB),
    consistencyA: share((x) => x.consistentA),
    consistencyB: share((x) => x.consistentB),
    meanAbsIouDiff: n ? items.reduce((s, x) => s + Math.abs(x.iouA - x.iouB), 0) / n : null,
    items,
  };
}
