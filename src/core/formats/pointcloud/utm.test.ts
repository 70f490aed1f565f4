/**
 * Large (map / UTM) coordinates: x ≈ 500,000 m, y ≈ 4,000,000 m stored as F8 (PCD) / double (PLY).
 * Independent reference: fixtures/pointcloud-utm/make_utm.py, a numpy script that generates the
 * float64 points, packs the files with numpy structured dtypes / repr() text and writes the same
 * float64 values to reference.json (see PROVENANCE.md there). Float32 at y ≈ 4e6 steps 0.5 m, so a
 * plain float32 conversion is off by up to 0.25 m; our readers subtract a local origin in float64
 * first, so positions + origin must come back within 1 mm (measured: ~1e-6 m).
 * The float32 sensor-frame PLYs from the same script are the PLY reader's bit-exact numpy check.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shrinkToPoints } from '../../annotate/fitCuboid';
import { countPointsInCuboids } from '../../geometry/cuboid';
import { withLazyBounds, withoutBounds } from './assemble';
import { filePoint, fromCloudFrame, ORIGIN_SHIFT_ABOVE_M, readPointCloud, toCloudFrame, type PointCloud, type PointField } from './index';
import { buildPcd } from './testing/pcdWriter';

interface Ref {
  points: (number | null)[][];
  intensity: number[];
  rgb: number[][];
  sensor_f4: { points: (number | null)[][]; intensity: number[]; rgb: number[][] };
}
const dir = new URL('../../../../fixtures/pointcloud-utm/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8')) as Ref;
const load = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const N = ref.points.length;

/** Largest |positions + origin − numpy float64| over the finite points, in metres; NaN points must stay NaN. */
function maxError(cloud: PointCloud): number {
  let worst = 0;
  for (let i = 0; i < N; i++) {
    const want = ref.points[i];
    const got = filePoint(cloud, i);
    for (let a = 0; a < 3; a++) {
      if (want[a] === null) {
        expect(Number.isNaN(got[a])).toBe(true);
        continue;
      }
      worst = Math.max(worst, Math.abs(got[a] - want[a]!));
    }
  }
  return worst;
}

/** What a reader without an origin would keep: each float64 coordinate rounded to float32. */
function naiveFloat32Error(): number {
  let worst = 0;
  for (const p of ref.points) for (const v of p) if (v !== null) worst = Math.max(worst, Math.abs(Math.fround(v) - v));
  return worst;
}

const files = [
  ['utm_f8_binary.pcd', 'pcd', 'binary'],
  ['utm_f8_ascii.pcd', 'pcd', 'ascii'],
  ['utm_double_binary_le.ply', 'ply', 'binary_little_endian'],
  ['utm_double_ascii.ply', 'ply', 'ascii'],
] as const;

describe.each(files)('UTM-scale %s against the numpy float64 reference (make_utm.py)', (name, format, encoding) => {
  const cloud = readPointCloud(load(name), name);

  it('recovers every point to ≤ 1 mm through positions + origin (a naive float32 conversion is off by up to 0.25 m)', () => {
    expect(cloud.format).toBe(format);
    expect(cloud.encoding).toBe(encoding);
    expect(cloud.count).toBe(N);
    expect(cloud.stride).toBe(3);
    const ours = maxError(cloud);
    const naive = naiveFloat32Error();
    expect(ours).toBeLessThanOrEqual(1e-3);
    expect(ours).toBeLessThan(1e-5); // measured ~1e-6 m: float32 steps of |p − origin| ≤ 64 m
    expect(naive).toBeGreaterThan(0.1); // the reference really is beyond float32 (y ≈ 4e6: steps of 0.5 m)
    console.info(`${name}: max error ${(ours * 1e3).toExponential(2)} mm (naive float32: ${(naive * 1e3).toFixed(0)} mm)`);
  });

  it('shifts x and y by a whole-metre origin near the cloud centre, leaves z (≈ 36 m) at 0', () => {
    const [ox, oy, oz] = cloud.origin;
    expect(Number.isInteger(ox) && Number.isInteger(oy)).toBe(true);
    expect(Math.abs(ox - 500123)).toBeLessThan(40);
    expect(Math.abs(oy - 4000156)).toBeLessThan(40);
    expect(oz).toBe(0);
    // the relative positions are small: float32 steps ≤ 2^-18 m there
    for (let i = 0; i < 3 * N; i++) if (Number.isFinite(cloud.positions[i])) expect(Math.abs(cloud.positions[i])).toBeLessThan(64);
  });

  it('reports bounds in file coordinates, equal to the reference min/max exactly', () => {
    const finite = ref.points.filter((p) => p.every((v) => v !== null)) as number[][];
    const min = [0, 1, 2].map((a) => Math.min(...finite.map((p) => p[a])));
    const max = [0, 1, 2].map((a) => Math.max(...finite.map((p) => p[a])));
    expect(cloud.bounds).toEqual({ min, max });
  });

  it('keeps the other fields (intensity, colours) as numpy wrote them', () => {
    expect(Array.from(cloud.attributes.intensity as Float32Array)).toEqual(ref.intensity);
    if (format === 'ply') expect(Array.from(cloud.attributes.rgb as Uint8Array)).toEqual(ref.rgb.flat());
  });
});

describe('UTM-scale origin: other encodings and the worker hand-off', () => {
  const f8: PointField[] = ['x', 'y', 'z'].map((name) => ({ name, type: 'F', size: 8, count: 1 }));
  const data = [0, 1, 2].map((a) => Float64Array.from(ref.points, (p) => p[a] ?? NaN));

  it('binary_compressed PCD with F8 x y z (numpy values, packed by testing/pcdWriter) recovers ≤ 1 mm', () => {
    const cloud = readPointCloud(buildPcd({ fields: f8, data, points: N, encoding: 'binary_compressed' }), 'utm.pcd');
    expect(cloud.origin[1]).not.toBe(0);
    expect(maxError(cloud)).toBeLessThan(1e-5);
  });

  it('float32 x y z are never shifted (exact as stored), and small F8 coordinates keep origin 0', () => {
    const f4: PointField[] = ['x', 'y', 'z'].map((name) => ({ name, type: 'F', size: 4, count: 1 }));
    const c32 = readPointCloud(buildPcd({ fields: f4, data: data.map((a) => Float32Array.from(a)), points: N, encoding: 'binary' }), 'f4.pcd');
    expect(c32.origin).toEqual([0, 0, 0]);
    expect(c32.positions[c32.stride]).toBe(Math.fround(ref.points[1][0]!));
    // x, y below ±8192 m keep origin 0 (float32 within 0.25 mm); z at 10,000 m gets its own whole-metre origin
    const small = [Float64Array.of(-(ORIGIN_SHIFT_ABOVE_M - 0.5), 3.25, 0.1, 8000), Float64Array.of(1, 2, 3, 4), Float64Array.of(10000, 10001.25, 10002.5, 10003.5)];
    const c64 = readPointCloud(buildPcd({ fields: f8, data: small, points: 4, encoding: 'binary' }), 'small.pcd');
    expect(c64.origin).toEqual([0, 0, 10002]); // round((10000 + 10003.5) / 2)
    expect(Array.from(c64.positions)).toEqual(Array.from(Float32Array.from([0, 1, 2, 3].flatMap((i) => [small[0][i], small[1][i], small[2][i] - 10002]))));
    expect(c64.bounds).toEqual({ min: [-8191.5, 1, 10000], max: [8000, 4, 10003.5] });
  });

  it('origin and the exact bounds survive withoutBounds → structuredClone → withLazyBounds (the worker path)', () => {
    const cloud = readPointCloud(load('utm_f8_binary.pcd'), 'utm_f8_binary.pcd');
    const bounds = cloud.bounds;
    const back = withLazyBounds(structuredClone(withoutBounds(cloud)));
    expect(back.origin).toEqual(cloud.origin);
    expect(back.bounds).toEqual(bounds);
    expect(maxError(back)).toBeLessThan(1e-5);
  });
});

describe('PLY reader against numpy (make_utm.py: float32 records packed with numpy dtypes)', () => {
  it.each([
    ['sensor_f4_le.ply', 'binary_little_endian', 4],
    ['sensor_f4_rgb_be.ply', 'binary_big_endian', 3],
  ] as const)('%s: x y z bit-exact to numpy float32, attributes equal', (name, encoding, stride) => {
    const c = readPointCloud(load(name), name);
    const want = ref.sensor_f4;
    expect(c.encoding).toBe(encoding);
    expect(c.count).toBe(want.points.length);
    expect(c.stride).toBe(stride);
    expect(c.origin).toEqual([0, 0, 0]);
    for (let i = 0; i < c.count; i++)
      for (let a = 0; a < 3; a++) {
        const v = want.points[i][a];
        if (v === null) expect(Number.isNaN(c.positions[stride * i + a])).toBe(true);
        else expect(c.positions[stride * i + a]).toBe(v);
      }
    if (name.includes('rgb')) expect(Array.from(c.attributes.rgb as Uint8Array)).toEqual(want.rgb.flat());
    else expect(Array.from(c.attributes.intensity as Float32Array)).toEqual(want.intensity);
  });
});

describe('UTM-scale cloud and cuboids in LiDAR-frame (map) coordinates: toCloudFrame / fromCloudFrame', () => {
  const cloud = readPointCloud(load('utm_f8_binary.pcd'), 'utm_f8_binary.pcd');
  // make_utm.py's box: centre BASE + (2, 15, 0.75), 4.5 × 1.9 × 1.5 m, points on its faces; here 10 cm larger each way
  const box = { center: { x: 500123.456 + 2, y: 4000123.789 + 15, z: 36 + 0.75 }, size: { l: 4.6, w: 2.0, h: 1.6 }, rotation: { x: 0, y: 0, z: 0, w: 1 } };

  it('countPointsInCuboids on the moved cuboid equals a float64 count over the numpy points (reference: make_utm.py values)', () => {
    const want = ref.points.filter((p) => p[0] !== null && Math.abs(p[0] - box.center.x) <= 2.3 && Math.abs(p[1]! - box.center.y) <= 1.0 && Math.abs(p[2]! - box.center.z) <= 0.8).length;
    expect(want).toBeGreaterThanOrEqual(240); // the 240 box points, plus any ground point under it
    expect(countPointsInCuboids([toCloudFrame(box, cloud.origin)], cloud.positions, cloud.stride)[0]).toBe(want);
    // without the origin the cuboid is 4,000 km away from every point
    expect(countPointsInCuboids([box], cloud.positions, cloud.stride)[0]).toBe(0);
  });

  it('shrinkToPoints in the cloud frame and back recovers the box to ~1 cm in map coordinates', () => {
    const fit = shrinkToPoints({ positions: cloud.positions, count: cloud.count, stride: cloud.stride }, toCloudFrame(box, cloud.origin));
    const back = fromCloudFrame(fit!, cloud.origin);
    expect(Math.abs(back.center.x - box.center.x)).toBeLessThan(0.02);
    expect(Math.abs(back.center.y - box.center.y)).toBeLessThan(0.02);
    expect(back.size.l).toBeCloseTo(4.5, 1);
    expect(back.size.w).toBeCloseTo(1.9, 1);
  });
});
