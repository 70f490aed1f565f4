/** Scene-level projection and derived boxes on a hand-built scene (expected boxes hand computed: u = 500 ± 500·1/8, v = 250 ± 500·0.75/8). */
import { describe, expect, it } from 'vitest';
import { Scene, getAnnotation, setAnnotation } from '../schema';
import { deriveProjectedBoxes, pairedCameraSample, projectSceneCuboids } from './scene';
import { makeProjectionScene, projectionSceneInput } from './testScene';

const EXPECTED = [500 - 62.5, 250 - 46.875, 500 + 62.5, 250 + 46.875];

describe('projectSceneCuboids', () => {
  it('projects through the sensor extrinsics and pairs by frame label', () => {
    const rows = projectSceneCuboids(makeProjectionScene());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object: 'o1', cuboid: 'k1', sensor: 'cam', sample: 'c1', truncated: 0 });
    rows[0].box.forEach((v, i) => expect(v).toBeCloseTo(EXPECTED[i], 9));
  });

  it('pairs by nearest timestamp when no frame label matches', () => {
    const s = makeProjectionScene();
    expect(pairedCameraSample(s, 'cam', s.streams[1].samples[1])!.id).toBe('c0');
    expect(pairedCameraSample(s, 'cam', s.streams[1].samples[0])!.id).toBe('c1');
  });

  it('uses per-sample intrinsics and transforms overrides', () => {
    const input = projectionSceneInput();
    input.streams[0].samples[1].intrinsics = { width: 1000, height: 500, fx: 1000, fy: 1000, cx: 500, cy: 250 };
    input.streams[1].samples[0].transforms = [{ from: 'lidar', to: 'camera', repr: { kind: 'matrix4x4', rowMajor: [0, -1, 0, 1, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 1] } }];
    const r = projectSceneCuboids(Scene.parse(input))[0];
    // x ∈ [0, 2] after the 1 m shift, fx = 1000: u from 500 + 1000·0/8... min at z = 12 for x = 0 → 500; max at z = 8: 500 + 2000/8
    expect(r.box[0]).toBeCloseTo(500, 9);
    expect(r.box[2]).toBeCloseTo(750, 9);
  });

  it('filters by camera and sample, and names an unknown camera', () => {
    const s = makeProjectionScene();
    expect(projectSceneCuboids(s, { sample: 'c0' })).toHaveLength(0);
    expect(projectSceneCuboids(s, { sample: 'l0' })).toHaveLength(1);
    expect(() => projectSceneCuboids(s, { camera: 'nope' })).toThrow(/no camera sensor "nope"/);
  });

  it('a missing chain names both frames', () => {
    const input = projectionSceneInput();
    delete (input.sensors[1] as { extrinsics?: unknown }).extrinsics;
    expect(() => projectSceneCuboids(Scene.parse(input))).toThrow(/no chain of transforms from frame "lidar" to frame "camera"/);
  });

  it('degenerate sample intrinsics are rejected naming the sample', () => {
    const s = makeProjectionScene();
    s.streams[0].samples[1].intrinsics = { width: 1000, height: 500, fx: 1e-20, fy: 1e-20, cx: 0, cy: 0, skew: 0, distortion: { model: 'none' } };
    expect(() => projectSceneCuboids(s)).toThrow(/camera "cam" sample "c1" intrinsics: degenerate calibration: K is singular/);
  });
});

describe('deriveProjectedBoxes', () => {
  it('gives schema-valid projected box2d records that follow the cuboid', () => {
    const s = makeProjectionScene();
    const [b] = deriveProjectedBoxes(s);
    expect(b).toMatchObject({ kind: 'box2d', source: 'projected', fromCuboid: 'k1', sensor: 'cam', sample: 'c1', object: 'o1' });
    setAnnotation(s, b);
    expect(Scene.safeParse(s).success).toBe(true);
    // move the cuboid 2 m to the left (lidar +y = camera -x): the derived box moves with it
    const k1 = getAnnotation(s, 'k1')!;
    if (k1.kind === 'cuboid') k1.center.y = 2;
    const [moved] = deriveProjectedBoxes(s);
    expect(moved.x0).toBeCloseTo(500 + 500 * -3 / 8, 9);
  });
});
