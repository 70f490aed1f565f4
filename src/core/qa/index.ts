/** Tier-1 cross-modal QA: pure checks over a scene, each `(scene, ctx) => Finding[]`. */
export * from './finding';
export * from './settings';
export { SceneIndex, type IndexedSample } from './sceneIndex';
export { projectCuboids, ProjectedCuboids, cuboidPointCounts, countCuboidPoints, countPointsInCuboidsGrid, FrustumCounter, PairCache, type CuboidInCamera, type CuboidCounts, type CuboidProjectionMemo, type PairSlot, type ProjectionError, type QaMemo, type PointsInput, type QaInputs } from './adapters';
export { createQaContext, createQaMemo, type Check, type QaContext } from './context';
export { IncrementalQa, updateFindings, changesFromPatches, diffScenes, type QaChanges, type QaUpdateStats } from './live';
export { classTerms, resolveClass, type ClassTerm } from './classes';
export { checkClassConsistency } from './checks/classConsistency';
export { checkSpatial } from './checks/spatial';
export { checkCompleteness } from './checks/completeness';
export { checkTemporal, pairDtFindings, desyncFindings } from './checks/temporal';
export { checkOffsetEstimates } from './checks/temporalEstimate';
export { checkTaxonomy } from './checks/taxonomy';
export { checkText, textFindings, textHosts } from './checks/text';
export { runChecks, countBySeverity, TIER1_CHECKS } from './run';
