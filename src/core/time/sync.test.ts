/**
 * Camera–LiDAR offset from moving objects. The real sequence is KITTI tracking 0003 (fixtures/
 * kitti-tracking; 9 tracks, 388 boxes and cuboids, 10 Hz): KITTI's cameras are triggered by the
 * Velodyne, so the untouched sequence is synchronised by design (expected ~0), and the offsets the
 * tests inject into the camera's (or the LiDAR's) sample times are the truth the estimate must find.
 * The synthetic case checks the estimator against boxes drawn with a pinhole formula written here.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, partitionAnnotations, Scene, type Annotation } from '../schema';
import { estimateCameraLidarOffset, gridMinimum, SyncEvidenceError } from './sync';
import { kittiTracking0003, shiftSampleTimes } from './testScene';

const MS = 1e-3;

describe('estimateCameraLidarOffset on KITTI tracking 0003', () => {
  const base = estimateCameraLidarOffset(kittiTracking0003(), 'image_02', 'velodyne');

  it('the untouched sequence: ~0 (within 5 ms), a ms-level uncertainty, all 9 tracks used', () => {
    expect(Math.abs(base.offset)).toBeLessThan(5 * MS);
    expect(base.uncertainty).toBeGreaterThan(0.1 * MS);
    expect(base.uncertainty).toBeLessThan(5 * MS);
    expect(base).toMatchObject({ stream: 'image_02', sensor: 'image_02', reference: 'velodyne', referenceSensor: 'velodyne', method: 'motion' });
    expect(base.evidence).toMatch(/ of 9 moving track\(s\)/);
    expect(base.atBound).toBeUndefined();
  });

  it.each([0.05, -0.03, 0.1])('recovers %s s injected into the camera sample times within 5 ms (and within 2 ms of the shift relative to the untouched estimate)', (dt) => {
    const e = estimateCameraLidarOffset(shiftSampleTimes(kittiTracking0003(), 'image_02', dt), 'image_02', 'velodyne');
    expect(Math.abs(e.offset - dt)).toBeLessThan(5 * MS);
    expect(Math.abs(e.offset - base.offset - dt)).toBeLessThan(2 * MS);
    expect(e.uncertainty).toBeLessThan(5 * MS);
  });

  it('a late LiDAR makes the camera early: −50 ms', () => {
    const e = estimateCameraLidarOffset(shiftSampleTimes(kittiTracking0003(), 'velodyne', 0.05), 'image_02', 'velodyne');
    expect(Math.abs(e.offset + 0.05)).toBeLessThan(5 * MS);
  });

  it('measures on the scene clock: a stream offset acts like shifted sample times, and applying the correction (offset −= estimate) brings the estimate back to ~0', () => {
    const s = kittiTracking0003();
    s.streams.find((x) => x.sensor === 'image_02')!.offset = 0.05;
    const e = estimateCameraLidarOffset(s, 'image_02', 'velodyne');
    expect(Math.abs(e.offset - 0.05)).toBeLessThan(5 * MS);
    // scenes are immutable (indexes are memoised per scene object): the corrected scene is a new one
    const corrected = structuredClone(s);
    corrected.streams.find((x) => x.sensor === 'image_02')!.offset -= e.offset;
    const after = estimateCameraLidarOffset(corrected, 'image_02', 'velodyne').offset;
    expect(Math.abs(after)).toBeLessThan(5 * MS);
    // what is left is the 50 ms minus the correction, on top of the untouched sequence's own estimate
    expect(Math.abs(after - (0.05 - e.offset) - base.offset)).toBeLessThan(2 * MS);
  });

  it('is deterministic (seeded bootstrap)', () => {
    expect(estimateCameraLidarOffset(kittiTracking0003(), 'image_02', 'velodyne')).toEqual(base);
  });

  it('no evidence: a clear SyncEvidenceError; unknown sensors: an error naming them', () => {
    const s = kittiTracking0003();
    for (const part of Object.keys(s.annotations)) if (part.startsWith('velodyne')) delete s.annotations[part];
    expect(() => estimateCameraLidarOffset(s, 'image_02', 'velodyne')).toThrow(SyncEvidenceError);
    expect(() => estimateCameraLidarOffset(s, 'image_02', 'velodyne')).toThrow(/no moving object labelled in both \(388 camera boxes: 388 without a LiDAR track/);
    expect(() => estimateCameraLidarOffset(s, 'cam', 'velodyne')).toThrow('no camera sensor "cam" (sensors: image_02, velodyne)');
    expect(() => estimateCameraLidarOffset(s, 'image_02', 'image_02')).toThrow('no LiDAR sensor "image_02"');
  });
});

describe('estimateCameraLidarOffset on a synthetic rig (boxes by an independent pinhole formula)', () => {
  // camera frame = LiDAR frame (identity extrinsics), pinhole f = 1000 px, 1920×1080; a 4×2×1.5 m box at 20 m depth crossing at 8 m/s
  const f = 1000, cx = 960, cy = 540, v = 8, period = 0.1, frames = 40;
  const position = (t: number) => ({ x: -12 + v * t, y: 1, z: 20 + 0.5 * t });
  /** Image box of the axis-aligned box at time t: the bounds of its 8 corners under u = f·x/z + cx, v = f·y/z + cy. */
  const imageBox = (t: number) => {
    const p = position(t);
    const us: number[] = [], vs: number[] = [];
    for (const dx of [-2, 2]) for (const dy of [-1, 1]) for (const dz of [-0.75, 0.75]) {
      us.push((f * (p.x + dx)) / (p.z + dz) + cx);
      vs.push((f * (p.y + dy)) / (p.z + dz) + cy);
    }
    return { x0: Math.min(...us), y0: Math.min(...vs), x1: Math.max(...us), y1: Math.max(...vs) };
  };
  const scene = (cameraLate: number): Scene => {
    const annotations: Annotation[] = [];
    for (let i = 0; i < frames; i++) {
      const t = i * period;
      annotations.push({ id: `c${i}`, kind: 'cuboid', object: 'o', sensor: 'lidar', sample: `l${i}`, source: 'manual', center: position(t), size: { l: 4, w: 2, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } });
      annotations.push({ id: `b${i}`, kind: 'box2d', object: 'o', sensor: 'cam', sample: `c${i}`, source: 'manual', ...imageBox(t) });
    }
    return Scene.parse({
      schemaVersion: 3, id: 'synthetic', name: 'synthetic', taxonomy: DEFAULT_TAXONOMY,
      sensors: [
        { id: 'cam', name: 'cam', kind: 'camera', frame: 'cam', intrinsics: { width: 1920, height: 1080, fx: f, fy: f, cx, cy, distortion: { model: 'none' } }, extrinsics: { from: 'cam', to: 'lidar', repr: { kind: 'matrix4x4', rowMajor: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] } } },
        { id: 'lidar', name: 'lidar', kind: 'lidar', frame: 'lidar' },
      ],
      streams: [
        { id: 'cam', sensor: 'cam', samples: Array.from({ length: frames }, (_, i) => ({ id: `c${i}`, t: i * period + cameraLate })) },
        { id: 'lidar', sensor: 'lidar', samples: Array.from({ length: frames }, (_, i) => ({ id: `l${i}`, t: i * period })) },
      ],
      objects: { o: { id: 'o', classId: 'car' } },
      annotations: partitionAnnotations(annotations),
    });
  };

  it.each([0, 0.037, -0.062])('camera late by %s s: found to 0.5 ms', (late) => {
    const e = estimateCameraLidarOffset(scene(late), 'cam', 'lidar');
    expect(Math.abs(e.offset - late)).toBeLessThan(0.5 * MS);
    expect(e.evidence).toMatch(/ of 1 moving track/);
  });
});

describe('gridMinimum', () => {
  it('refines the grid minimum with the parabola through its neighbours; flags the edges', () => {
    const c = Array.from({ length: 11 }, (_, j) => (j * 0.1 - 0.43) ** 2);
    expect(gridMinimum(c, 0, 0.1).delta).toBeCloseTo(0.43, 12);
    expect(gridMinimum([1, 2, 3], 0, 1)).toEqual({ delta: 0, j: 0, atBound: true });
  });
});
