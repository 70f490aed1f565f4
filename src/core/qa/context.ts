/**
 * What every check receives: the settings, the scene index and the heavy inputs, the latter
 * computed at most once per run and only when a check asks for them.
 */
import type { Scene } from '../schema';
import { cuboidPointCounts, FrustumCounter, PairCache, projectCuboids, type CuboidInCamera, type QaInputs } from './adapters';
import { SceneIndex } from './sceneIndex';
import { DEFAULT_QA_SETTINGS, type QaSettings } from './settings';
import type { Finding } from './finding';

export interface QaContext {
  settings: QaSettings;
  index: SceneIndex;
  inputs: QaInputs;
  cache: PairCache;
  /** Every cuboid × camera with a paired sample (lazy). */
  projections(): { items: CuboidInCamera[]; errors: { cuboid: string; camera: string; message: string }[] };
  /** Cuboid id → points inside; only cuboids whose sweep was supplied (lazy). */
  pointCounts(): Map<string, number>;
  frustum: FrustumCounter;
}

/** A check: pure, deterministic, reads the scene and the context, returns its findings. */
export type Check = (scene: Scene, ctx: QaContext) => Finding[];

export function createQaContext(scene: Scene, settings: QaSettings = DEFAULT_QA_SETTINGS, inputs: QaInputs = {}): QaContext {
  const index = new SceneIndex(scene);
  const cache = new PairCache(scene);
  let proj: ReturnType<QaContext['projections']> | undefined;
  let counts: Map<string, number> | undefined;
  return {
    settings,
    index,
    inputs,
    cache,
    projections: () => (proj ??= projectCuboids(scene, index, cache, inputs.projections)),
    pointCounts: () => (counts ??= cuboidPointCounts(scene, inputs)),
    frustum: new FrustumCounter(scene, cache, inputs),
  };
}
