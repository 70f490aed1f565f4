/**
 * Reviewer agreement in one call: match two annotators' versions of a scene by geometry, Cohen's
 * kappa on the class ids of the matched objects, and cross-modal (box ↔ projected cuboid) agreement.
 */
import type { Scene } from '../../schema';
import { crossModalAgreement, type CrossModalOptions, type CrossModalResult } from './crossModal';
import { cohensKappa } from './kappa';
import { matchAnnotators, type MatchOptions, type ObjectPair } from './match';

export interface AgreementOptions extends MatchOptions {
  /** Box ↔ projected-cuboid IoU threshold for cross-modal consistency (default 0.5). */
  consistencyIou?: CrossModalOptions['iou'];
}

export interface AgreementReport {
  matched: ObjectPair[];
  unmatchedA: string[];
  unmatchedB: string[];
  /** Cohen's kappa on [classA, classB] of the matched objects (null where undefined, see cohensKappa). */
  kappa: number | null;
  observed: number | null;
  expected: number | null;
  labels: string[];
  confusion: number[][];
  crossModal: CrossModalResult;
}

/** Agreement between annotator A's and annotator B's labels of the same scene. */
export function compareAnnotators(a: Scene, b: Scene, options: AgreementOptions = {}): AgreementReport {
  const m = matchAnnotators(a, b, options);
  const k = cohensKappa(m.pairs.map((p) => [p.classA, p.classB] as const));
  return {
    matched: m.pairs,
    unmatchedA: m.unmatchedA,
    unmatchedB: m.unmatchedB,
    kappa: k.kappa,
    observed: k.observed,
    expected: k.expected,
    labels: k.labels,
    confusion: k.confusion,
    crossModal: crossModalAgreement(a, b, m.pairs, { iou: options.consistencyIou }),
  };
}
