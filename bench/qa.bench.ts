/**
 * Tier-1 QA benchmark: runChecks (every check, LiDAR point counts and projections included) over a
 * synthetic sequence — F frames × N objects × 2 cameras (front, left; pinhole 1600×900) + one LiDAR
 * with a 10k-point sweep per frame — beside a baseline that only iterates the same annotations.
 * Also 100/400 frames and 25/100 objects, printed as growth against linear extrapolation from the
 * 200 × 50 run (ratio ≈ 1 means linear). And the projection core's `projectSceneCuboids` at 100 and
 * 200 frames against twice its time at half the frames (linear extrapolation; ratio ≈ 1 means
 * linear, < 1 superlinear), and the QA adapter (a wrapper over the same core) beside it.
 * Medians over repeated runs (timeMs).
 */
import { projectSceneCuboids } from '../src/core/projection';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import { createQaContext, DEFAULT_QA_SETTINGS, runChecks } from '../src/core/qa';
import type { Scene } from '../src/core/schema';
import { timeMs, type Harness } from './harness';
import { allAnnotations, annotationCount } from '../src/core/schema';

const synthetic = syntheticSequence;

function iterate(scene: Scene): number {
  let acc = 0;
  for (const a of allAnnotations(scene)) if (a.kind === 'box2d') acc += a.x1 - a.x0;
  else if (a.kind === 'cuboid') acc += a.center.x;
  return acc;
}

export default async function qaBench(h: Harness): Promise<void> {
  const measure = (frames: number, objects: number, runs: number) => {
    const { scene, inputs } = synthetic(frames, objects);
    let n = 0;
    const ours = timeMs(() => void (n = runChecks(scene, DEFAULT_QA_SETTINGS, inputs).length), runs, 3);
    const base = timeMs(() => void iterate(scene), runs, 1);
    return { scene, ours, base, n, annotations: annotationCount(scene) };
  };
  const ref = measure(200, 50, 7);
  h.time(`runChecks 200 frames × 50 objects × 2 cams (${ref.annotations} ann., ${ref.n} findings)`, ref.ours, ref.base, 'iterate annotations');
  for (const [f, o] of [[100, 50], [400, 50], [200, 25], [200, 100]] as const) {
    const r = measure(f, o, 5);
    const scale = (f * o) / (200 * 50);
    h.time(`runChecks ${f} × ${o}: growth vs linear from 200 × 50 (×${scale})`, r.ours, ref.ours * scale, `200×50 time × ${scale}`, `raw ${r.ours.toFixed(0)} ms, iterate ${r.base.toFixed(2)} ms`);
  }
  const core = new Map<number, number>();
  for (const f of [50, 100, 200]) {
    const { scene } = synthetic(f, 50);
    core.set(f, timeMs(() => void projectSceneCuboids(scene), 15, 3));
    const ours = timeMs(() => void createQaContext(scene).projections(), 15, 3);
    h.time(`QA projection adapter, ${f} frames × 50 objects × 2 cams`, ours, core.get(f)!, 'projectSceneCuboids');
  }
  for (const f of [100, 200])
    h.time(`projectSceneCuboids ${f} frames × 50 objects × 2 cams: growth vs linear`, core.get(f)!, 2 * core.get(f / 2)!, `2 × time at ${f / 2} frames`, `raw ${core.get(f)!.toFixed(1)} ms`);
}
