/**
 * What every check receives: the settings, the scene index and the heavy inputs, the latter
 * computed at most once per run and only when a check asks for them. With a QaMemo (live.ts), the
 * sample index, calibration cache, projected sweeps and per-cuboid projections and point counts are
 * shared across runs over scenes with the same environment.
 */
import type { Scene } from '../schema';
import { sampleIndexOf } from '../projection/sampleIndex';
import { cuboidPointCounts, FrustumCounter, PairCache, projectCuboids, type CuboidInCamera, type QaInputs, type QaMemo } from './adapters';
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

/** A memo for runs over scenes that share `scene`'s sensors, transforms, streams and the inputs. */
export function createQaMemo(scene: Scene, inputs: QaInputs = {}): QaMemo {
  const cache = new PairCache(scene);
  return { samples: sampleIndexOf(scene), cache, frustum: new FrustumCounter(scene, cache, inputs), projections: new WeakMap(), counts: new WeakMap() };
}

export function createQaContext(scene: Scene, settings: QaSettings = DEFAULT_QA_SETTINGS, inputs: QaInputs = {}, memo?: QaMemo): QaContext {
  const index = new SceneIndex(scene, memo?.samples);
  const cache = memo?.cache ?? new PairCache(scene);
  let proj: ReturnType<QaContext['projections']> | undefined;
  let counts: Map<string, number> | undefined;
  return {
    settings,
    index,
    inputs,
    cache,
    projections: () => (proj ??= projectCuboids(scene, index.samples, cache, inputs.projections, index.cuboids, memo?.projections)),
    pointCounts: () => (counts ??= cuboidPointCounts(scene, inputs, index.cuboids, memo?.counts)),
    frustum: memo?.frustum ?? new FrustumCounter(scene, cache, inputs),
  };
}
