/**
 * Track interpolation (issue 14).
 *
 * 1. 1,000 cuboid tracks × 1,000 frames: keyframes every 10 frames, sample times jittered (irregular),
 *    every frame between the first and last keyframe interpolated (centre and size linear by time,
 *    rotation slerp on the short path). Ours: `interpolatePoses` (core/tracks/batch.ts) writing a
 *    preallocated Float64Array, slerp angle and 1/sin θ once per keyframe pair. Baselines measured
 *    in the same run on the same keyframes and times: (a) the naive per-frame-object loop with
 *    three.js — `new Vector3().lerpVectors`, `new Quaternion().slerpQuaternions` per frame; (b) the
 *    same loop with our object functions (lerp.ts `slerp`, `lerpVec3`); each once with the result
 *    consumed at once and once with a result object per frame kept in an array (as per-frame
 *    records in a document would be; GC-bound, so only 3 runs). Medians after warm-up; the kept
 *    outputs are checked against ours.
 * 2. A drag step on a keyframe with interpolated frames on both sides (the recompute post-step of
 *    updateAnnotation, store dispatch as CameraPane/CuboidEditor do it) against the same drag on a
 *    keyframe whose neighbouring gaps are not interpolated: the cost of keeping interpolation current.
 *    Scene: the synthetic 200 frames × 50 objects sequence with the LiDAR cuboids thinned to every
 *    10th frame, then interpolated (18 frames recomputed per step).
 */
import { Quaternion, Vector3 } from 'three';
import { interpolateObject, updateAnnotation } from '../src/core/commands';
import { allAnnotations, type Scene } from '../src/core/schema';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import { allocatePoses, interpolatePoses, lerpVec3, POSE_STRIDE, slerp, type PoseTracks } from '../src/core/tracks';
import { fromYaw } from '../src/core/math/quaternion';
import { createWorkbenchStore } from '../src/store/workbench';
import { median, timeMs, type Harness } from './harness';

const TRACKS = 1000, FRAMES = 1000, EVERY = 10;

function makeTracks(): { tracks: PoseTracks; times: Float64Array } {
  let seed = 11;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const times = new Float64Array(FRAMES);
  for (let i = 0; i < FRAMES; i++) times[i] = i * 0.1 + (rnd() - 0.5) * 0.04; // 10 Hz ± 20 ms
  const perTrack = Math.floor((FRAMES - 1) / EVERY) + 1;
  const offsets = new Uint32Array(TRACKS + 1);
  const keyTimes = new Float64Array(TRACKS * perTrack);
  const poses = new Float64Array(TRACKS * perTrack * POSE_STRIDE);
  for (let k = 0; k < TRACKS; k++) {
    offsets[k + 1] = offsets[k] + perTrack;
    let yaw = rnd() * 6.28;
    for (let j = 0; j < perTrack; j++) {
      const s = offsets[k] + j, o = s * POSE_STRIDE;
      keyTimes[s] = times[j * EVERY];
      yaw += (rnd() - 0.5) * 1.2; // some pairs cross ±180°
      const q = fromYaw(yaw);
      poses.set([50 * rnd(), 50 * rnd(), -1 + rnd(), 3.5 + rnd(), 1.7 + 0.3 * rnd(), 1.4 + 0.4 * rnd(), q.x, q.y, q.z, q.w], o);
    }
  }
  return { tracks: { offsets, times: keyTimes, poses }, times };
}

interface PoseObject {
  center: { x: number; y: number; z: number };
  size: { x: number; y: number; z: number };
  rotation: { x: number; y: number; z: number; w: number };
}

/** The per-frame-object loop, generic over the lerp/slerp used. */
function objectLoop(tracks: PoseTracks, times: Float64Array, step: (a: number, b: number, u: number) => PoseObject, keep: boolean): PoseObject[] {
  const out: PoseObject[] = [];
  const { offsets, times: kt } = tracks;
  for (let k = 0; k < offsets.length - 1; k++) {
    let s = offsets[k];
    const last = offsets[k + 1] - 1;
    for (let j = 0; j < times.length; j++) {
      const t = times[j];
      if (t < kt[offsets[k]] || t > kt[last]) continue;
      while (s < last - 1 && t >= kt[s + 1]) s++;
      const u = s === last ? 0 : (t - kt[s]) / (kt[s + 1] - kt[s]);
      const p = step(s, Math.min(s + 1, last), u);
      if (keep) out.push(p);
    }
  }
  return out;
}

function threeStep(p: Float64Array) {
  return (a: number, b: number, u: number): PoseObject => {
    const A = a * POSE_STRIDE, B = b * POSE_STRIDE;
    const center = new Vector3().lerpVectors(new Vector3(p[A], p[A + 1], p[A + 2]), new Vector3(p[B], p[B + 1], p[B + 2]), u);
    const size = new Vector3().lerpVectors(new Vector3(p[A + 3], p[A + 4], p[A + 5]), new Vector3(p[B + 3], p[B + 4], p[B + 5]), u);
    const rotation = new Quaternion().slerpQuaternions(new Quaternion(p[A + 6], p[A + 7], p[A + 8], p[A + 9]), new Quaternion(p[B + 6], p[B + 7], p[B + 8], p[B + 9]), u);
    return { center, size, rotation };
  };
}

function ourObjectStep(p: Float64Array) {
  return (a: number, b: number, u: number): PoseObject => {
    const A = a * POSE_STRIDE, B = b * POSE_STRIDE;
    const v = (o: number) => ({ x: p[o], y: p[o + 1], z: p[o + 2] });
    const q = (o: number) => ({ x: p[o + 6], y: p[o + 7], z: p[o + 8], w: p[o + 9] });
    return { center: lerpVec3(v(A), v(B), u), size: lerpVec3(v(A + 3), v(B + 3), u), rotation: slerp(q(A), q(B), u) };
  };
}

/** Largest difference between the batch output and the object loop's (same order: track-major, in-span frames). */
function maxDiff(out: Float64Array, objs: PoseObject[]): number {
  let i = 0, worst = 0;
  for (let o = 0; o < out.length; o += POSE_STRIDE) {
    if (Number.isNaN(out[o])) continue;
    const p = objs[i++];
    const r = p.rotation, sign = r.x * out[o + 6] + r.y * out[o + 7] + r.z * out[o + 8] + r.w * out[o + 9] < 0 ? -1 : 1;
    const ref = [p.center.x, p.center.y, p.center.z, p.size.x, p.size.y, p.size.z, sign * r.x, sign * r.y, sign * r.z, sign * r.w];
    for (let c = 0; c < POSE_STRIDE; c++) worst = Math.max(worst, Math.abs(out[o + c] - ref[c]));
  }
  if (i !== objs.length) throw new Error(`pose counts differ: ${i} vs ${objs.length}`);
  return worst;
}

function dragBench(h: Harness): void {
  const { scene } = syntheticSequence(200, 50);
  // thin the LiDAR cuboids to keyframes every 10th frame
  const thin: Scene = { ...scene, annotations: { ...scene.annotations } };
  for (const [key, part] of Object.entries(scene.annotations)) {
    if (!key.startsWith('lidar/') || Number(key.slice(6)) % 10 === 0) continue;
    const kept = Object.fromEntries(Object.entries(part).filter(([, a]) => a.kind !== 'cuboid'));
    if (Object.keys(kept).length) thin.annotations[key] = kept;
    else delete thin.annotations[key];
  }
  const steps = 50;
  const measure = (interpolate: boolean): number => {
    const store = createWorkbenchStore({ persistence: null, storage: null });
    store.getState().loadScene(thin, 'bench');
    const st = () => store.getState();
    if (interpolate) for (const o of Object.keys(thin.objects)) if (!st().dispatch(interpolateObject, { object: o, sensor: 'lidar' })) throw new Error(String(st().lastError?.message));
    const k = allAnnotations(st().scene!).find((a) => a.kind === 'cuboid' && a.sample === 'lidar/000100' && a.source === 'manual')!;
    if (k.kind !== 'cuboid') throw new Error('no keyframe at frame 100');
    const ts: number[] = [];
    st().beginGesture('Move cuboid');
    for (let i = -5; i < steps; i++) {
      const t0 = performance.now();
      if (!st().dispatch(updateAnnotation, { id: k.id, patch: { center: { ...k.center, x: k.center.x + (i + 6) / 10 } } })) throw new Error('drag failed');
      if (i >= 0) ts.push(performance.now() - t0);
    }
    st().endGesture();
    if (interpolate) {
      // the step really recomputed the frames beside the keyframe: frame 105 lies halfway (by time) between keyframes 100 and 110
      const at = (frame: string) => allAnnotations(st().scene!).find((a) => a.kind === 'cuboid' && a.object === k.object && a.sample === `lidar/${frame}`);
      const [k100, k105, k110] = ['000100', '000105', '000110'].map(at);
      if (k100?.kind !== 'cuboid' || k105?.kind !== 'cuboid' || k110?.kind !== 'cuboid' || k105.source !== 'interpolated') throw new Error('interpolated neighbours missing');
      if (Math.abs(k105.center.x - (k100.center.x + k110.center.x) / 2) > 1e-9) throw new Error('frame 105 was not recomputed by the drag');
    }
    return median(ts);
  };
  const withInterp = measure(true), without = measure(false);
  const n = allAnnotations(thin).length;
  h.time(`drag step: move a cuboid keyframe between interpolated stretches (${n} annotations + interpolated)`, withInterp, without, 'same drag, gaps not interpolated', `median of ${steps} steps; 18 interpolated frames recomputed per step`);
}

export default function interpolateBench(h: Harness): void {
  const { tracks, times } = makeTracks();
  const out = allocatePoses(TRACKS, FRAMES);
  let written = 0;
  const tOurs = timeMs(() => void (written = interpolatePoses(tracks, times, out)), 15, 5);
  // per-frame objects, consumed at once (V8 may elide some of the short-lived allocations)
  let sink = 0;
  const consume = (step: (a: number, b: number, u: number) => PoseObject) => (a: number, b: number, u: number): PoseObject => {
    const p = step(a, b, u);
    sink += p.center.x + p.rotation.w;
    return p;
  };
  const tThree = timeMs(() => void objectLoop(tracks, times, consume(threeStep(tracks.poses)), false), 7, 2);
  const tObj = timeMs(() => void objectLoop(tracks, times, consume(ourObjectStep(tracks.poses)), false), 7, 2);
  // per-frame objects kept (what a document of per-frame records holds): few runs, these are slow
  let objsThree: PoseObject[] = [], objsOurs: PoseObject[] = [];
  const tThreeKept = timeMs(() => void (objsThree = objectLoop(tracks, times, threeStep(tracks.poses), true)), 3, 1);
  const tObjKept = timeMs(() => void (objsOurs = objectLoop(tracks, times, ourObjectStep(tracks.poses), true)), 3, 1);
  if (!Number.isFinite(sink)) throw new Error('baseline produced non-finite poses');
  const dThree = maxDiff(out, objsThree), dOurs = maxDiff(out, objsOurs);
  // three.js switches to normalised lerp below a 1.8° half-angle (|Δq| up to ~1e-7 there); ours keeps slerp down to 1e-6 rad
  if (dThree > 1e-6 || dOurs > 1e-9) throw new Error(`batch and object loops disagree: ${dThree} (three), ${dOurs} (ours)`);
  const name = `interpolate ${TRACKS} tracks × ${FRAMES} frames (typed-array batch)`;
  const note = `${written} poses, keyframes every ${EVERY}, irregular times`;
  h.time(name, tOurs, tThree, 'three.js lerpVectors/slerpQuaternions per frame, consumed', `${note}; max |Δ| ${dThree.toExponential(1)} (three's nlerp below 1.8°)`);
  h.time(name, tOurs, tObj, 'our lerpVec3/slerp per frame, consumed', `${note}; max |Δ| ${dOurs.toExponential(1)}`);
  h.time(name, tOurs, tThreeKept, 'three.js per frame, result objects kept', `${note}; 3 runs`);
  h.time(name, tOurs, tObjKept, 'our lerpVec3/slerp per frame, result objects kept', `${note}; 3 runs`);
  const mps = (ms: number) => written / 1e6 / (ms / 1e3);
  h.throughput(`interpolate ${TRACKS} tracks × ${FRAMES} frames: throughput`, mps(tOurs), mps(tThree), 'M poses/s', 'three.js per frame, consumed');
  dragBench(h);
}
