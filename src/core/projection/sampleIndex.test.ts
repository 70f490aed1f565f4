/**
 * SampleIndex pairing against a brute-force reference (every sample of the sensor, scene time from
 * t + offset + drift·(t − t0) written out here), on a sensor with two streams of different offset
 * and drift; frame labels win over time; and the per-pair cache of the projection core keys samples
 * by sensor as well as id (two LiDARs may both have a sample "s0").
 */
import { describe, expect, it } from 'vitest';
import { partitionAnnotations, Scene, type SceneInput } from '../schema';
import { projectSceneCuboids } from './scene';
import { SampleIndex, sampleIndexOf } from './sampleIndex';
import { projectionSceneInput } from './testScene';

function twoStreamScene(): Scene {
  const input = projectionSceneInput();
  input.streams = [
    { id: 'cam-a', sensor: 'cam', offset: 0.01, drift: 1e-3, samples: [0, 0.1, 0.2, 0.3, 0.4].map((t, i) => ({ id: `a${i}`, t, ...(i === 2 ? { frame: 'F' } : {}) })) },
    { id: 'cam-b', sensor: 'cam', offset: -0.02, drift: -2e-3, samples: [0.05, 0.15, 0.35].map((t, i) => ({ id: `b${i}`, t })) },
    { id: 'lidar', sensor: 'lidar', samples: [{ id: 'l0', t: 0, frame: 'F' }, { id: 'l1', t: 0.06 }] },
  ];
  return Scene.parse(input);
}

/** Nearest sample of `sensor` to scene time `t` by exhaustive search; ties go to the earlier time. */
function bruteNearest(scene: Scene, sensor: string, t: number): string {
  let best: { id: string; t: number } | undefined;
  for (const st of scene.streams) {
    if (st.sensor !== sensor) continue;
    const t0 = st.samples[0].t;
    for (const s of st.samples) {
      const ts = s.t + st.offset + st.drift * (s.t - t0);
      const d = Math.abs(ts - t), bd = best ? Math.abs(best.t - t) : Infinity;
      if (d < bd || (d === bd && best && ts < best.t)) best = { id: s.id, t: ts };
    }
  }
  return best!.id;
}

describe('SampleIndex', () => {
  it('pairs by nearest scene time over all streams of the sensor (offset and drift applied), like an exhaustive search', () => {
    const scene = twoStreamScene();
    const idx = new SampleIndex(scene);
    expect(idx.sample('cam', 'b1')!.t).toBeCloseTo(0.15 - 0.02 - 2e-3 * 0.1, 15);
    for (let q = -0.2; q <= 0.6; q += 0.0037) expect(idx.pairAt('cam', undefined, q)!.sample.id).toBe(bruteNearest(scene, 'cam', q));
  });

  it('breaks an exact tie towards the earlier sample, and a shared frame label wins over time', () => {
    const input = projectionSceneInput();
    input.streams[0].samples = [{ id: 'c0', t: 0.25 }, { id: 'c1', t: 0.75 }, { id: 'c2', t: 1, frame: 'Z' }];
    const idx = new SampleIndex(Scene.parse(input));
    expect(idx.pairAt('cam', undefined, 0.5)!.sample.id).toBe('c0');
    expect(idx.pairAt('cam', 'Z', 0.25)!.sample.id).toBe('c2');
    expect(idx.pairAt('cam', 'unknown label', 0.7)!.sample.id).toBe('c1');
    expect(idx.pairAt('nope', undefined, 0)).toBeUndefined();
    const l0 = idx.sample('lidar', 'l0')!;
    expect(idx.pair(l0, 'cam')!.sample.id).toBe('c0');
  });

  it('is memoised per scene object', () => {
    const s = twoStreamScene();
    expect(sampleIndexOf(s)).toBe(sampleIndexOf(s));
    expect(sampleIndexOf({ ...s })).not.toBe(sampleIndexOf(s));
  });
});

describe('projectSceneCuboids with equal sample ids on two LiDARs', () => {
  it('applies each LiDAR sample\'s own per-sample transform (cache keyed by sensor and sample)', () => {
    const input: SceneInput = projectionSceneInput();
    const ext = { from: 'lidar2', to: 'camera', repr: { kind: 'matrix4x4' as const, rowMajor: [0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 1] } };
    input.sensors.push({ id: 'lidar2', name: 'LIDAR 2', kind: 'lidar', frame: 'lidar2', extrinsics: ext });
    // lidar/s0 carries a per-sample lidar → camera transform shifted 1 m along camera x; lidar2/s0 none
    input.streams[1].samples = [{ id: 's0', t: 0, frame: 'A', transforms: [{ from: 'lidar', to: 'camera', repr: { kind: 'matrix4x4', rowMajor: [0, -1, 0, 1, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 1] } }] }];
    input.streams.push({ id: 'lidar2', sensor: 'lidar2', samples: [{ id: 's0', t: 0, frame: 'A' }] });
    const cuboid = { kind: 'cuboid' as const, center: { x: 10, y: 0, z: 0 }, size: { l: 4, w: 2, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } };
    // lidar2's cuboid first, so a cache keyed by sample id alone would hand lidar's cuboid lidar2's transforms
    // both sensors name their sample 's0': one partition holds both cuboids (a partition is a bucket; the order is kept)
    input.annotations = partitionAnnotations([{ ...cuboid, id: 'k2', object: 'o2', sensor: 'lidar2', sample: 's0' }, { ...cuboid, id: 'k1', object: 'o1', sensor: 'lidar', sample: 's0' }]);
    const rows = projectSceneCuboids(Scene.parse(input));
    expect(rows.map((r) => r.cuboid)).toEqual(['k2', 'k1']);
    // hand computed (fx = 500, cx = 500): unshifted x ∈ [-1, 1], u ∈ 500 ± 500·1/8; shifted x ∈ [0, 2], u ∈ [500, 500 + 500·2/8]
    expect(rows[0].box[0]).toBeCloseTo(437.5, 9);
    expect(rows[0].box[2]).toBeCloseTo(562.5, 9);
    expect(rows[1].box[0]).toBeCloseTo(500, 9);
    expect(rows[1].box[2]).toBeCloseTo(625, 9);
  });
});
