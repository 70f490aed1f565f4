/**
 * Conventions decided by evidence, not assumed. Where a file leaves a convention ambiguous (the
 * order of a cuboid's sizes, which way a transform points, …), an importer builds each candidate
 * reading and scores it against the file's own cross-modal evidence:
 *
 * 1. `boxes`: cuboids projected through the file's calibration against the file's own 2D boxes of
 *    the same object in the same image (mean IoU; the reading with the higher mean wins when it
 *    leads by at least `MIN_IOU_LEAD`);
 * 2. `sizes`: physical plausibility — each cuboid's width and height against the typical size of
 *    its class (mean |ln(size / typical)|; lower wins when it leads by `MIN_SIZE_LEAD`);
 * 3. `spec`: no evidence decides, so the format specification's reading wins, and the report says so.
 *
 * A caller may force a reading (`forced`): it is applied, the evidence is still computed and
 * reported, and the message says when the evidence disagreed.
 */

/** Evidence for one candidate reading. */
export interface ReadingEvidence {
  /** Machine name of the reading, e.g. "axes". */
  reading: string;
  /** How a person reads it, e.g. "(l, h, w)". */
  label: string;
  /** Mean IoU of projected cuboids with the file's 2D boxes; undefined without pairs. */
  meanIoU?: number;
  /** Cuboid–box pairs behind `meanIoU`. */
  pairs: number;
  /** Mean IoU per class (class id → mean, n). */
  perClass: Record<string, { meanIoU: number; n: number }>;
  /** Mean |ln(size/typical)| over width and height, for cuboids of classes with a typical size. */
  sizeError?: number;
  /** Cuboids behind `sizeError`. */
  sized: number;
}

export type ConventionBasis = 'forced' | 'boxes' | 'sizes' | 'spec';

/** What an importer chose for one ambiguous convention, and why. */
export interface ConventionReport {
  /** What was ambiguous, e.g. "cuboid size order". */
  question: string;
  /** Where in the file, with its count (e.g. "388 cuboids in CAM_LEFT's coordinate system"). */
  scope: string;
  /** Items the choice applies to. */
  items: number;
  chosen: string;
  basis: ConventionBasis;
  readings: ReadingEvidence[];
  /** One sentence for people: what was chosen and how strongly the evidence favoured it. */
  message: string;
}

/** Evidence needs at least this many cuboid–box pairs (or sized cuboids): one clear box already tells a height from a width. */
export const MIN_PAIRS = 1;
/** A reading wins on boxes when its mean IoU leads by this much. */
export const MIN_IOU_LEAD = 0.02;
/** A reading wins on sizes when its mean |ln ratio| is lower by this much. */
export const MIN_SIZE_LEAD = 0.05;

/**
 * Typical (l, w, h) in metres per taxonomy class id: KITTI's training-set means for its classes
 * (car 3.88 × 1.63 × 1.53, van 5.08 × 1.90 × 2.21, truck 10.11 × 2.59 × 3.25, pedestrian 0.84 × 0.66 × 1.76,
 * person sitting 0.80 × 0.60 × 1.27, cyclist 1.76 × 0.60 × 1.74, tram 16.09 × 2.54 × 3.53, as used by
 * the anchor sizes of KITTI detectors), nuScenes' for the others (bus, bicycle, motorcycle, cone, barrier).
 * Only ratios matter: a reading that swaps a 1.8 m height with a 0.6 m width is off by ln 3 ≈ 1.1.
 */
export const TYPICAL_SIZES: Readonly<Record<string, { l: number; w: number; h: number }>> = {
  car: { l: 3.88, w: 1.63, h: 1.53 },
  van: { l: 5.08, w: 1.9, h: 2.21 },
  truck: { l: 10.11, w: 2.59, h: 3.25 },
  bus: { l: 11.1, w: 2.95, h: 3.47 },
  tram: { l: 16.09, w: 2.54, h: 3.53 },
  pedestrian: { l: 0.84, w: 0.66, h: 1.76 },
  person_sitting: { l: 0.8, w: 0.6, h: 1.27 },
  cyclist: { l: 1.76, w: 0.6, h: 1.74 },
  bicycle: { l: 1.7, w: 0.6, h: 1.28 },
  motorcycle: { l: 2.11, w: 0.77, h: 1.47 },
  traffic_cone: { l: 0.41, w: 0.41, h: 1.07 },
  barrier: { l: 0.5, w: 2.53, h: 0.98 },
};

/** Mean |ln(w/w̄)| + |ln(h/h̄)| / 2 of one cuboid against its class; undefined for classes without a typical size. */
export function sizeError(classId: string, size: { w: number; h: number }): number | undefined {
  const t = TYPICAL_SIZES[classId];
  if (!t || !(size.w > 0 && size.h > 0)) return undefined;
  return (Math.abs(Math.log(size.w / t.w)) + Math.abs(Math.log(size.h / t.h))) / 2;
}

/** Accumulates the evidence for one reading. */
export class EvidenceTally {
  private iouSum = 0;
  private pairs = 0;
  private readonly byClass = new Map<string, { sum: number; n: number }>();
  private sizeSum = 0;
  private sized = 0;
  constructor(
    readonly reading: string,
    readonly label: string,
  ) {}

  addIoU(classId: string, iou: number): void {
    this.iouSum += iou;
    this.pairs++;
    const c = this.byClass.get(classId) ?? { sum: 0, n: 0 };
    c.sum += iou;
    c.n++;
    this.byClass.set(classId, c);
  }

  addSize(classId: string, size: { w: number; h: number }): void {
    const e = sizeError(classId, size);
    if (e === undefined) return;
    this.sizeSum += e;
    this.sized++;
  }

  result(): ReadingEvidence {
    return {
      reading: this.reading,
      label: this.label,
      ...(this.pairs ? { meanIoU: this.iouSum / this.pairs } : {}),
      pairs: this.pairs,
      perClass: Object.fromEntries([...this.byClass].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { meanIoU: v.sum / v.n, n: v.n }])),
      ...(this.sized ? { sizeError: this.sizeSum / this.sized } : {}),
      sized: this.sized,
    };
  }
}

const f3 = (x: number): string => x.toFixed(3);

const perClass = (e: ReadingEvidence, counts: boolean): string => {
  const per = Object.entries(e.perClass).map(([k, v]) => `${k} ${f3(v.meanIoU)}${counts ? ` ×${v.n}` : ''}`);
  return per.length > 1 || counts ? ` (${per.join(', ')})` : '';
};

/** "mean IoU … 0.969 (car 0.969 ×363, van 0.968 ×25) against 0.850 (car 0.867, van 0.601) read as (l, w, h), over 388 pairs" */
function versus(best: ReadingEvidence, next: ReadingEvidence, basis: 'boxes' | 'sizes'): string {
  if (basis === 'boxes') return `mean IoU of the projected cuboids with the file's own 2D boxes ${f3(best.meanIoU!)}${perClass(best, true)} against ${f3(next.meanIoU!)}${perClass(next, false)} read as ${next.label}, over ${best.pairs} pairs`;
  return `mean size error against each class's typical size (|ln ratio| of width and height) ${f3(best.sizeError!)} against ${f3(next.sizeError!)} read as ${next.label}, over ${best.sized} cuboids`;
}

/**
 * Pick a reading. `readings[0]` is the specification's reading (the default when nothing decides).
 * `forced` names a reading to apply whatever the evidence says.
 */
export function decideConvention(question: string, scope: string, items: number, readings: ReadingEvidence[], forced?: string): ConventionReport {
  // `scope` says where, with its count: "388 cuboids in CAM_LEFT's coordinate system", "CAM_LEFT's pose_wrt_parent"
  const spec = readings[0];
  const byIoU = readings.filter((r) => r.meanIoU !== undefined && r.pairs >= MIN_PAIRS).sort((a, b) => b.meanIoU! - a.meanIoU!);
  const bySize = readings.filter((r) => r.sizeError !== undefined && r.sized >= MIN_PAIRS).sort((a, b) => a.sizeError! - b.sizeError!);
  let evidence: { best: ReadingEvidence; next: ReadingEvidence; basis: 'boxes' | 'sizes' } | undefined;
  if (byIoU.length >= 2 && byIoU[0].meanIoU! - byIoU[1].meanIoU! >= MIN_IOU_LEAD) evidence = { best: byIoU[0], next: byIoU[1], basis: 'boxes' };
  else if (bySize.length >= 2 && bySize[1].sizeError! - bySize[0].sizeError! >= MIN_SIZE_LEAD) evidence = { best: bySize[0], next: bySize[1], basis: 'sizes' };
  const head = `${question} of ${scope}`;
  if (forced !== undefined) {
    const f = readings.find((r) => r.reading === forced);
    if (!f) throw new Error(`unknown reading "${forced}" for ${question}; one of ${readings.map((r) => r.reading).join(', ')}`);
    const disagree = evidence && evidence.best.reading !== forced ? ` — the file's evidence favours ${evidence.best.label}: ${versus(evidence.best, evidence.next, evidence.basis)}` : evidence ? ` (the evidence agrees: ${versus(evidence.best, evidence.next, evidence.basis)})` : '';
    return { question, scope, items, chosen: forced, basis: 'forced', readings, message: `${head}: read as ${f.label}, as asked${disagree}` };
  }
  if (evidence) return { question, scope, items, chosen: evidence.best.reading, basis: evidence.basis, readings, message: `${head}: read as ${evidence.best.label}${evidence.best === spec ? ", the spec's reading" : ''}: ${versus(evidence.best, evidence.next, evidence.basis)}` };
  return { question, scope, items, chosen: spec.reading, basis: 'spec', readings, message: `${head}: read as ${spec.label}, the spec's reading — no evidence in the file decides (no 2D boxes of the same objects to project onto, and no size that tells)` };
}
