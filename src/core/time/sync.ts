/**
 * Measured synchronisation: the clock offset of one stream against a reference stream, estimated
 * from the labels themselves, with its uncertainty. Sign convention (the CLI's `offset`): positive
 * when `stream` is late — its timestamps are later than the moment its data shows — so the clock
 * correction is `stream.offset −= estimate` (Stream.offset is added to every sample time; the
 * estimate is measured on the scene clock, so it already includes the stream's current offset and
 * is ~0 once the correction is applied).
 *
 * Camera vs LiDAR (`estimateCameraLidarOffset`): for every object with cuboids on the LiDAR and
 * boxes in the camera, a camera box at scene time t shows the object as it was at t − δ. The
 * cuboid at t − δ is interpolated linearly between the object's two LiDAR cuboids around it
 * (centre and size linearly, rotation by normalised linear interpolation of the quaternions), its
 * box projected into the camera (core/projection, the camera sample's calibration) and the
 * squared distance between that box's centre and the labelled box's centre averaged over every
 * usable box: the cost C(δ). δ is searched on a grid over [−range, range] (default ±0.25 s, 1 ms
 * steps), refined by golden-section search on the exact cost around the best grid point.
 * A box is usable when its object's cuboids bracket the whole window [t − range, t + range] with no
 * gap longer than `maxGapFactor` LiDAR periods (so the set of boxes does not change with δ) and the
 * projection exists at every δ; a track is used when its projected centre moves in the image
 * (median speed ≥ `minSpeedPx` px/s) — a still object says nothing about time.
 * Uncertainty (1σ, seconds): the larger of a bootstrap over tracks (tracks resampled with
 * replacement, the grid minimum re-found; the spread includes per-track annotation bias) and the
 * curvature of the cost (Gauss–Newton: σ² = C_min / (N · C″)).
 *
 * Audio vs video: see onset.ts (`estimateAudioVideoOffset`).
 */
import { mulberry32 } from '../math/random';
import type { CameraSensor, Cuboid, Scene, Stream } from '../schema';
import { allAnnotations } from '../schema';
import type { Mat4 } from '../math';
import { createCameraModel, type CameraModel } from '../calibration/camera';
import { FrameGraph } from '../calibration/frameGraph';
import { cuboidCorners, type CuboidGeometry } from '../geometry/cuboid';
import { cuboidBoxInto } from '../projection/cuboidBox';
import { sampleIndexOf, type IndexedSample } from '../projection/sampleIndex';

/** One stream's measured offset against a reference stream. */
export interface OffsetEstimate {
  /** The stream whose offset is measured, and its sensor. */
  stream: string;
  sensor: string;
  /** The reference stream (and its sensor) the offset is measured against. */
  reference: string;
  referenceSensor: string;
  /** Seconds, positive when `stream` is late. */
  offset: number;
  /** One standard deviation, seconds. */
  uncertainty: number;
  method: 'motion' | 'onset';
  /** What the estimate rests on, one line. */
  evidence: string;
  /** True when the cost is lowest at the edge of the search range: the true offset may lie beyond it. */
  atBound?: boolean;
}

/** The labels hold no evidence for an estimate (no moving object seen by both sensors, no onset): the reason. */
export class SyncEvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncEvidenceError';
  }
}

export interface CameraLidarOptions {
  /** Search range ±range seconds (default 0.25). */
  range?: number;
  /** Grid step in seconds (default 0.001). */
  step?: number;
  /** A track is used when its projected centre moves at least this fast in the image, px/s (default 10). */
  minSpeedPx?: number;
  /** Bootstrap resamples over tracks (default 200; 0 uses the curvature alone). */
  bootstrap?: number;
  /** PRNG seed of the bootstrap (default 1): estimates are deterministic. */
  seed?: number;
  /** Longest gap between an object's cuboids an interpolation may bridge, in LiDAR periods (default 2.5). */
  maxGapFactor?: number;
}

/** One cuboid of a track: scene time and geometry in the LiDAR frame. */
interface Key {
  t: number;
  c: Cuboid;
}

/** One labelled camera box with what it takes to project its track at any time. */
interface Obs {
  object: string;
  t: number;
  cx: number;
  cy: number;
  cam: CameraModel;
  m: Mat4;
  keys: Key[];
}

const corners = new Float64Array(24);
const boxOut = new Float64Array(5);
const geom: CuboidGeometry = { center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } };

/** Index of the last key at or before t (keys sorted, t inside [keys[0].t, keys[n−1].t]). */
function segment(keys: Key[], t: number): number {
  let lo = 0, hi = keys.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keys[mid].t <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The track's cuboid at time t, linearly interpolated, written into `geom`. */
function interpolate(keys: Key[], t: number): void {
  const i = segment(keys, t);
  const a = keys[i].c, b = keys[i + 1].c;
  const u = Math.min(1, Math.max(0, (t - keys[i].t) / (keys[i + 1].t - keys[i].t)));
  const v = 1 - u;
  geom.center.x = v * a.center.x + u * b.center.x;
  geom.center.y = v * a.center.y + u * b.center.y;
  geom.center.z = v * a.center.z + u * b.center.z;
  geom.size.l = v * a.size.l + u * b.size.l;
  geom.size.w = v * a.size.w + u * b.size.w;
  geom.size.h = v * a.size.h + u * b.size.h;
  const qa = a.rotation, qb = b.rotation;
  const s = qa.x * qb.x + qa.y * qb.y + qa.z * qb.z + qa.w * qb.w < 0 ? -u : u; // the shorter arc
  // nlerp: cuboidCorners normalises the quaternion
  geom.rotation.x = v * qa.x + s * qb.x;
  geom.rotation.y = v * qa.y + s * qb.y;
  geom.rotation.z = v * qa.z + s * qb.z;
  geom.rotation.w = v * qa.w + s * qb.w;
}

/** Centre of the projected box of the observation's track at scene time t into out[0..1]; false when not visible. */
function projectedCentre(o: Obs, t: number, out: Float64Array): boolean {
  interpolate(o.keys, t);
  cuboidCorners(geom, o.m, corners);
  if (!cuboidBoxInto(corners, o.cam, boxOut, 0.1, 16)) return false;
  out[0] = (boxOut[0] + boxOut[2]) / 2;
  out[1] = (boxOut[1] + boxOut[3]) / 2;
  return true;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN;
};

/** Grid minimum refined by the parabola through it and its neighbours; `j` the grid index. */
export function gridMinimum(cost: ArrayLike<number>, start: number, step: number): { delta: number; j: number; atBound: boolean } {
  let j = 0;
  for (let i = 1; i < cost.length; i++) if (cost[i] < cost[j]) j = i;
  const atBound = j === 0 || j === cost.length - 1;
  let d = 0;
  if (!atBound) {
    const a = cost[j - 1], b = cost[j], c = cost[j + 1];
    const den = a - 2 * b + c;
    if (den > 0) d = Math.max(-1, Math.min(1, (a - c) / (2 * den)));
  }
  return { delta: start + (j + d) * step, j, atBound };
}

/** The first stream of a sensor (the one the estimate is reported for). */
const streamOf = (scene: Scene, sensor: string): Stream | undefined => scene.streams.find((s) => s.sensor === sensor && s.samples.length > 0) ?? scene.streams.find((s) => s.sensor === sensor);

/** Typical sample period of a sensor on the scene clock (median spacing), or NaN with fewer than 2 samples. */
function period(list: IndexedSample[]): number {
  const ts = list.map((s) => s.t).sort((a, b) => a - b);
  const d: number[] = [];
  for (let i = 1; i < ts.length; i++) if (ts[i] > ts[i - 1]) d.push(ts[i] - ts[i - 1]);
  return median(d);
}

/**
 * The offset of camera `cameraSensor`'s stream against LiDAR `lidarSensor`'s stream from moving
 * objects labelled in both (see the header). Throws SyncEvidenceError when no box can be used,
 * naming why; throws on unknown sensors and broken calibration.
 */
export function estimateCameraLidarOffset(scene: Scene, cameraSensor: string, lidarSensor: string, opts: CameraLidarOptions = {}): OffsetEstimate {
  const range = opts.range ?? 0.25, step = opts.step ?? 0.001, minSpeed = opts.minSpeedPx ?? 10, nBoot = opts.bootstrap ?? 200, gapFactor = opts.maxGapFactor ?? 2.5;
  if (!(range > 0 && step > 0 && step <= range)) throw new Error(`sync: range (${range} s) and step (${step} s) must be positive, step ≤ range`);
  const camera = scene.sensors.find((s) => s.id === cameraSensor);
  if (camera?.kind !== 'camera') throw new Error(`scene "${scene.id}": no camera sensor "${cameraSensor}" (sensors: ${scene.sensors.map((s) => s.id).join(', ')})`);
  const lidar = scene.sensors.find((s) => s.id === lidarSensor);
  if (lidar?.kind !== 'lidar') throw new Error(`scene "${scene.id}": no LiDAR sensor "${lidarSensor}" (sensors: ${scene.sensors.map((s) => s.id).join(', ')})`);
  const camStream = streamOf(scene, camera.id), lidarStream = streamOf(scene, lidar.id);
  if (!camStream || !lidarStream) throw new SyncEvidenceError(`${!camStream ? `camera "${camera.id}"` : `LiDAR "${lidar.id}"`} has no stream`);
  const index = sampleIndexOf(scene);
  const base = { stream: camStream.id, sensor: camera.id, reference: lidarStream.id, referenceSensor: lidar.id, method: 'motion' as const };

  // tracks: every object's cuboids on the LiDAR, by scene time (one per time)
  const tracks = new Map<string, Key[]>();
  const lidarSamples: IndexedSample[] = [];
  for (const st of scene.streams) if (st.sensor === lidar.id) st.samples.forEach((s) => lidarSamples.push(index.sample(lidar.id, s.id)!));
  const lidarPeriod = period(lidarSamples);
  const boxes: { object: string; sample: string; cx: number; cy: number }[] = [];
  for (const a of allAnnotations(scene)) {
    if (a.kind === 'cuboid' && a.sensor === lidar.id && a.source !== 'interpolated') {
      const s = index.sample(lidar.id, a.sample);
      if (!s) continue;
      let list = tracks.get(a.object);
      if (!list) tracks.set(a.object, (list = []));
      list.push({ t: s.t, c: a });
    } else if (a.kind === 'box2d' && a.sensor === camera.id && a.source !== 'projected' && a.source !== 'interpolated' && a.fromCuboid === undefined)
      boxes.push({ object: a.object, sample: a.sample, cx: (a.x0 + a.x1) / 2, cy: (a.y0 + a.y1) / 2 });
  }
  for (const [k, list] of tracks) {
    list.sort((a, b) => a.t - b.t);
    tracks.set(k, list.filter((x, i) => i === 0 || x.t > list[i - 1].t));
  }
  const maxGap = Number.isFinite(lidarPeriod) ? gapFactor * lidarPeriod : Infinity;

  const cams = new Map<string, CameraModel>();
  const transforms = new Map<string, Mat4>();
  const skipped = { noTrack: 0, window: 0, hidden: 0 };
  const obs: Obs[] = [];
  for (const b of boxes) {
    const keys = tracks.get(b.object);
    const cs = index.sample(camera.id, b.sample);
    if (!keys || keys.length < 2 || !cs) {
      skipped.noTrack++;
      continue;
    }
    // the cuboids must bracket [t − range, t + range] without a long gap
    const lo = cs.t - range, hi = cs.t + range;
    if (keys[0].t > lo + 1e-9 || keys[keys.length - 1].t < hi - 1e-9) {
      skipped.window++;
      continue;
    }
    const i0 = segment(keys, lo), i1 = Math.min(keys.length - 1, segment(keys, hi) + 1);
    let gapOk = true;
    for (let i = i0; i < i1; i++) if (keys[i + 1].t - keys[i].t > maxGap) gapOk = false;
    if (!gapOk) {
      skipped.window++;
      continue;
    }
    // samples without their own calibration share the sensor's camera model and transform
    const camKey = cs.sample.intrinsics ? cs.sample.id : '';
    let cam = cams.get(camKey);
    if (!cam) {
      const intr = cs.sample.intrinsics ?? camera.intrinsics;
      cams.set(camKey, (cam = createCameraModel(intr, cs.sample.intrinsics ? `camera "${camera.id}" sample "${cs.sample.id}" intrinsics` : `camera "${camera.id}" intrinsics`)));
    }
    const ls = index.pair(cs, lidar.id)!;
    const tk = `${cs.sample.transforms?.length ? cs.sample.id : ''}\u0000${ls.sample.transforms?.length ? ls.sample.id : ''}`;
    let m = transforms.get(tk);
    if (!m) transforms.set(tk, (m = FrameGraph.fromScene(scene, [ls.sample, cs.sample]).resolve(lidar.frame, (camera as CameraSensor).frame).m));
    obs.push({ object: b.object, t: cs.t, cx: b.cx, cy: b.cy, cam, m, keys });
  }

  // two grids: a coarse one over the whole range (5 steps apart), then a fine one (`step`) of
  // ±FINE steps around the coarse minimum; squared residuals per box on both, and its image speed
  const coarseStep = Math.min(range, 5 * step);
  const Gc = Math.round((2 * range) / coarseStep) + 1;
  const coarse = Float64Array.from({ length: Gc }, (_, j) => -range + j * coarseStep);
  const p = new Float64Array(2), q = new Float64Array(2);
  const residuals = (o: Obs, deltas: Float64Array): Float64Array | undefined => {
    const e = new Float64Array(deltas.length);
    for (let j = 0; j < deltas.length; j++) {
      if (!projectedCentre(o, o.t - deltas[j], p)) return undefined;
      e[j] = (p[0] - o.cx) ** 2 + (p[1] - o.cy) ** 2;
    }
    return e;
  };
  const used: { o: Obs; e: Float64Array; speed: number }[] = [];
  const hSpeed = Math.min(0.01, range / 2);
  for (const o of obs) {
    const e = residuals(o, coarse);
    if (!e || !projectedCentre(o, o.t - hSpeed, p) || !projectedCentre(o, o.t + hSpeed, q)) {
      skipped.hidden++;
      continue;
    }
    used.push({ o, e, speed: Math.hypot(q[0] - p[0], q[1] - p[1]) / (2 * hSpeed) });
  }
  const byTrack = new Map<string, typeof used>();
  for (const u of used) {
    const l = byTrack.get(u.o.object);
    if (l) l.push(u);
    else byTrack.set(u.o.object, [u]);
  }
  const moving = [...byTrack.values()].filter((l) => median(l.map((u) => u.speed)) >= minSpeed);
  const still = byTrack.size - moving.length;
  if (!moving.length) {
    throw new SyncEvidenceError(
      `camera "${camera.id}" vs LiDAR "${lidar.id}": no moving object labelled in both (${boxes.length} camera boxes: ${skipped.noTrack} without a LiDAR track, ${skipped.window} too near a track's end or a gap (±${range} s), ${skipped.hidden} not projectable; ${still} track(s) slower than ${minSpeed} px/s)`,
    );
  }
  const K = moving.length;
  const N = moving.reduce((a, l) => a + l.length, 0);
  /** Per-track sums of the boxes' squared residuals on a grid. */
  const trackSums = (perBox: (u: (typeof used)[number]) => Float64Array, G: number): Float64Array[] =>
    moving.map((l) => {
      const s = new Float64Array(G);
      for (const u of l) {
        const e = perBox(u);
        for (let j = 0; j < G; j++) s[j] += e[j];
      }
      return s;
    });
  const Sc = trackSums((u) => u.e, Gc);
  const sumOf = (S: Float64Array[], w?: Float64Array): Float64Array => {
    const out = new Float64Array(S[0].length);
    S.forEach((s, k) => {
      const wk = w ? w[k] : 1;
      if (wk) for (let j = 0; j < s.length; j++) out[j] += wk * s[j];
    });
    return out;
  };
  const coarseMin = gridMinimum(sumOf(Sc), -range, coarseStep);
  const FINE = 20;
  const centre = Math.max(-range + FINE * step, Math.min(range - FINE * step, coarse[coarseMin.j]));
  const fine = Float64Array.from({ length: 2 * FINE + 1 }, (_, j) => centre + (j - FINE) * step);
  const fineOf = new Map<Obs, Float64Array>();
  for (const l of moving) for (const u of l) fineOf.set(u.o, residuals(u.o, fine) ?? new Float64Array(fine.length).fill(Infinity));
  const Sf = trackSums((u) => fineOf.get(u.o)!, fine.length);
  const grid = gridMinimum(sumOf(Sf), fine[0], step);
  const atBound = coarseMin.atBound;

  // exact refinement around the grid minimum (golden section on the cost itself)
  const usedObs = moving.flatMap((l) => l.map((u) => u.o));
  const cost = (d: number): number => {
    let sum = 0;
    for (const o of usedObs) {
      if (!projectedCentre(o, o.t - d, p)) return Infinity;
      sum += (p[0] - o.cx) ** 2 + (p[1] - o.cy) ** 2;
    }
    return sum / N;
  };
  let offset = grid.delta;
  if (!grid.atBound) {
    let a = fine[grid.j - 1], b = fine[grid.j + 1];
    const gr = (Math.sqrt(5) - 1) / 2;
    let c = b - gr * (b - a), d = a + gr * (b - a), fc = cost(c), fd = cost(d);
    for (let it = 0; it < 30 && b - a > 1e-6; it++) {
      if (fc < fd) {
        b = d; d = c; fd = fc; c = b - gr * (b - a); fc = cost(c);
      } else {
        a = c; c = d; fc = fd; d = a + gr * (b - a); fd = cost(d);
      }
    }
    offset = (a + b) / 2;
  }
  const cMin = cost(offset);

  // uncertainty: curvature (Gauss–Newton) and bootstrap over tracks (on the fine grid; a resample
  // whose minimum falls on the fine grid's edge is re-solved on the coarse grid)
  const h = Math.max(5 * step, 0.005);
  const curv = (cost(offset + h) - 2 * cMin + cost(offset - h)) / (h * h);
  const sigmaCurv = curv > 0 ? Math.sqrt(cMin / (N * curv)) : Infinity;
  let sigmaBoot = 0;
  if (K >= 2 && nBoot > 0) {
    const rnd = mulberry32(opts.seed ?? 1);
    const w = new Float64Array(K), est: number[] = [];
    for (let r = 0; r < nBoot; r++) {
      w.fill(0);
      for (let i = 0; i < K; i++) w[Math.floor(rnd() * K)]++;
      const f = gridMinimum(sumOf(Sf, w), fine[0], step);
      est.push(f.atBound ? gridMinimum(sumOf(Sc, w), -range, coarseStep).delta : f.delta);
    }
    const mean = est.reduce((a, b) => a + b, 0) / est.length;
    sigmaBoot = Math.sqrt(est.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, est.length - 1));
  }
  const uncertainty = Math.max(sigmaBoot, sigmaCurv);
  const skippedNote = [skipped.noTrack && `${skipped.noTrack} without a LiDAR track`, skipped.window && `${skipped.window} within ${range} s of a track's end or gap`, skipped.hidden && `${skipped.hidden} not projectable`, still && `${still} still track(s)`].filter(Boolean).join(', ');
  return {
    ...base,
    offset,
    uncertainty,
    evidence: `${N} boxes of ${K} moving track(s)${skippedNote ? ` (skipped: ${skippedNote})` : ''}; rms ${Math.sqrt(cMin).toFixed(2)} px at the estimate; σ bootstrap ${(sigmaBoot * 1e3).toFixed(2)} ms, curvature ${(sigmaCurv * 1e3).toFixed(2)} ms`,
    ...(atBound ? { atBound: true } : {}),
  };
}
