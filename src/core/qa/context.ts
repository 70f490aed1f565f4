/**
 * What every check receives: the settings, the scene index and the heavy inputs, the latter
 * computed at most once per run and only when a check asks for them. With a QaMemo (live.ts), the
 * sample index, calibration cache, projected sweeps and per-cuboid projections and point counts are
 * shared across runs over scenes with the same environment; a run without a memo builds everything
 * from the scene, its SampleIndex included. Projections and point counts share what the SceneIndex numbered
 * (each cuboid's sensor sample) and one packed copy of the cuboids' geometry, read once per run.
 */
import type { Scene } from '../schema';
import { SampleIndex, sampleIndexOf } from '../projection/sampleIndex';
import { countCuboidPoints, countsById, FrustumCounter, PairCache, projectCuboids, type CuboidCounts, type ProjectedCuboids, type QaInputs, type QaMemo } from './adapters';
import { SceneIndex } from './sceneIndex';
import { packCuboids, type PackedCuboids } from '../geometry/cuboid';
import { DEFAULT_QA_SETTINGS, type QaSettings } from './settings';
import type { Finding } from './finding';

export interface QaContext {
  settings: QaSettings;
  index: SceneIndex;
  inputs: QaInputs;
  cache: PairCache;
  /** Every cuboid × camera with a paired sample, as columns (cuboid, camera sample, visible, box, truncation; `items` builds objects) (lazy). */
  projections(): ProjectedCuboids;
  /** Cuboid id → points inside; only cuboids whose sweep was supplied (lazy). */
  pointCounts(): Map<string, number>;
  /** The same counts as parallel lists of cuboid records and counts (lazy; what the checks read). */
  cuboidCounts(): CuboidCounts;
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
  // a full run builds its own SampleIndex (not the projection core's per-scene memo): it does all the work every time
  const index = new SceneIndex(scene, memo?.samples ?? new SampleIndex(scene));
  const cache = memo?.cache ?? new PairCache(scene);
  let proj: ProjectedCuboids | undefined;
  let counts: CuboidCounts | undefined;
  let byId: Map<string, number> | undefined;
  // the cuboids' sensor samples as numbers: projections and point counts group cuboids by them
  const samples = { of: index.cuboidSample, count: index.groupSensor.length };
  // and their geometry read once into a typed array, for both
  let packed: PackedCuboids | undefined;
  const pack = (): PackedCuboids => (packed ??= packCuboids(index.cuboids));
  const cuboidCounts = (): CuboidCounts => (counts ??= countCuboidPoints(inputs, index.cuboids, memo?.counts, samples, inputs.cloudOf ? pack() : undefined));
  return {
    settings,
    index,
    inputs,
    cache,
    projections: () => (proj ??= projectCuboids(scene, index.samples, cache, inputs.projections, index.cuboids, memo?.projections, samples, inputs.projections ? undefined : pack())),
    cuboidCounts,
    pointCounts: () => (byId ??= countsById(cuboidCounts())),
    frustum: memo?.frustum ?? new FrustumCounter(scene, cache, inputs),
  };
}
