/** Run every tier-1 check over a scene: findings sorted errors → warnings → info. */
import type { Scene } from '../schema';
import type { QaInputs, QaMemo } from './adapters';
import { checkAttributes } from './checks/attributes';
import { checkClassConsistency } from './checks/classConsistency';
import { checkCompleteness } from './checks/completeness';
import { checkSpatial } from './checks/spatial';
import { checkTaxonomy } from './checks/taxonomy';
import { checkTemporal } from './checks/temporal';
import { checkText } from './checks/text';
import { createQaContext, type Check } from './context';
import { sortFindings, type Finding, type Severity } from './finding';
import { DEFAULT_QA_SETTINGS, type QaSettings } from './settings';

/** The tier-1 checks by family, in run order. */
export const TIER1_CHECKS: Readonly<Record<string, Check>> = {
  class: checkClassConsistency,
  attribute: checkAttributes,
  spatial: checkSpatial,
  completeness: checkCompleteness,
  temporal: checkTemporal,
  taxonomy: checkTaxonomy,
  text: checkText,
};

/**
 * All tier-1 checks; heavy inputs (sweeps, projections) are computed at most once and shared.
 * `memo` (live.ts) keeps per-cuboid results for later runs over the same environment.
 */
export function runChecks(scene: Scene, settings: QaSettings = DEFAULT_QA_SETTINGS, inputs: QaInputs = {}, memo?: QaMemo): Finding[] {
  const ctx = createQaContext(scene, settings, inputs, memo);
  return sortFindings(Object.values(TIER1_CHECKS).flatMap((c) => c(scene, ctx)));
}

/** Findings per severity. */
export function countBySeverity(fs: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of fs) out[f.severity]++;
  return out;
}
