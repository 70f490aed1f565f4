/** Tier-1 cross-modal QA: pure checks over a scene, each `(scene, ctx) => Finding[]`. */
export * from './finding';
export * from './settings';
export { SceneIndex, type IndexedSample } from './sceneIndex';
export { projectCuboids, cuboidPointCounts, countPointsInCuboidsGrid, FrustumCounter, PairCache, type CuboidInCamera, type PointsInput, type QaInputs } from './adapters';
export { createQaContext, type Check, type QaContext } from './context';
export { classTerms, findClassMentions, resolveClass, type ClassTerm } from './classes';
export { checkClassConsistency } from './checks/classConsistency';
export { checkSpatial } from './checks/spatial';
export { checkCompleteness } from './checks/completeness';
export { checkTemporal } from './checks/temporal';
export { checkTaxonomy } from './checks/taxonomy';
export { checkText } from './checks/text';
export { runChecks, countBySeverity, TIER1_CHECKS } from './run';
