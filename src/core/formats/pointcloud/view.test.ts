/**
 * The zero-copy position contract (types.ts): little-endian records that start with float32 x y z
 * and are a multiple of 4 bytes give `positions` = a Float32Array view of the data block with
 * `stride` = record bytes / 4 — sharing the input buffer when the block is 4-byte aligned, else a
 * view of one aligned copy. Everything else stays dense stride 3. Expected values come from an
 * independent DataView parse of the same bytes (bit-exact words, NaN payloads included), and the
 * core consumers must give identical results on the strided view and on a densified copy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateGroundZ } from '../../annotate/fitCuboid';
import { nearbyPointsLocal } from '../../annotate/cuboidFrame';
import { createCameraModel } from '../../calibration/camera';
import { countPointsInCuboids, type CuboidGeometry } from '../../geometry/cuboid';
import { quat } from '../../math';
import { allocateSweepProjection, projectSweep } from '../../projection/sweep';
import { computeBounds, copyXyz, densePositions, readKittiBin, readNuscenesBin, readPointCloud, type PointCloud, type PointField } from './index';
import { buildPcd } from './testing/pcdWriter';

const F4 = (name: string): PointField => ({ name, type: 'F', size: 4, count: 1 });

/** Word (uint32) of float `k` of record `i`, read with a DataView: the independent reference. */
function wordAt(bytes: Uint8Array, dataStart: number, recordBytes: number, i: number, k: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(dataStart + i * recordBytes + 4 * k, true);
}

/** Every x y z word of the cloud equals the file's word (bit-exact, NaN payloads too). */
function expectXyzWords(cloud: PointCloud, bytes: Uint8Array, dataStart: number, recordBytes: number): void {
  const p = new Uint32Array(cloud.positions.buffer, cloud.positions.byteOffset, cloud.positions.length);
  for (let i = 0; i < cloud.count; i++)
    for (let k = 0; k < 3; k++) {
      const want = wordAt(bytes, dataStart, recordBytes, i, k);
      if (p[cloud.stride * i + k] !== want) throw new Error(`point ${i} axis ${k}: ${p[cloud.stride * i + k].toString(16)} != ${want.toString(16)}`);
    }
}

/** n records of `floats` words; some words are NaNs with payloads, the rest spread-out floats. */
function records(n: number, floats: number): Uint8Array {
  const f = Float32Array.from({ length: n * floats }, (_, i) => Math.sin(i * 0.37) * 60);
  const w = new Uint32Array(f.buffer);
  for (let i = 0; i < w.length; i++) if (i % 101 === 7) w[i] = 0x7f800001 + i; else if (i % 103 === 5) w[i] = 0xffc00000 + i;
  return new Uint8Array(w.buffer);
}

/** Place `bytes` at byte offset `shift` of a larger buffer (shift 0: its own fresh buffer). */
function at(bytes: Uint8Array, shift: number): Uint8Array {
  const holder = new Uint8Array(bytes.length + shift + 3);
  holder.set(bytes, shift);
  return holder.subarray(shift, shift + bytes.length);
}

describe('zero-copy positions', () => {
  it('KITTI .bin: a stride-4 view of the input buffer itself, bit-exact, reflectance a dense copy', () => {
    const raw = records(1001, 4);
    const input = at(raw, 4);
    const cloud = readKittiBin(input, 'k.bin');
    expect(cloud.stride).toBe(4);
    expect(cloud.positions.buffer).toBe(input.buffer);
    expect(cloud.positions.byteOffset).toBe(input.byteOffset);
    expect(cloud.positions.length).toBe(4 * 1001);
    expectXyzWords(cloud, input, 0, 16);
    const r = cloud.attributes.reflectance as Float32Array;
    expect(r.buffer).not.toBe(input.buffer);
    const rw = new Uint32Array(r.buffer, r.byteOffset, r.length);
    for (let i = 0; i < 1001; i++) expect(rw[i]).toBe(wordAt(input, 0, 16, i, 3));
  });

  it('nuScenes .pcd.bin: stride 5 view', () => {
    const input = at(records(333, 5), 0);
    const cloud = readNuscenesBin(input, 'n.pcd.bin');
    expect(cloud.stride).toBe(5);
    expect(cloud.positions.buffer).toBe(input.buffer);
    expectXyzWords(cloud, input, 0, 20);
    expect(Array.from(cloud.attributes.ring as Float32Array)).toEqual(Array.from({ length: 333 }, (_, i) => new DataView(input.buffer).getFloat32(20 * i + 16, true)));
  });

  it.each([0, 1, 2, 3])('binary PCD x y z intensity, data at byte offset %i mod 4: a view (of the input when aligned, else of one aligned copy)', (mis) => {
    const n = 4099;
    const src = records(n, 4);
    const w = new Float32Array(src.buffer);
    const data = [0, 1, 2, 3].map((k) => Float32Array.from({ length: n }, (_, i) => w[4 * i + k]));
    // Copy the NaN words bit-exactly (Float32Array.from may canonicalise them).
    data.forEach((d, k) => {
      const dw = new Uint32Array(d.buffer);
      for (let i = 0; i < n; i++) dw[i] = wordAt(src, 0, 16, i, k);
    });
    const file = buildPcd({ fields: ['x', 'y', 'z', 'intensity'].map(F4), data, points: n, encoding: 'binary' });
    const dataOffset = file.length - 16 * n;
    const shift = (4 + mis - (dataOffset % 4)) % 4;
    const input = at(file, shift);
    expect((input.byteOffset + dataOffset) % 4).toBe(mis);
    const cloud = readPointCloud(input, 's.pcd');
    expect(cloud.stride).toBe(4);
    expect(cloud.positions.length).toBe(4 * n);
    if (mis === 0) {
      expect(cloud.positions.buffer).toBe(input.buffer);
      expect(cloud.positions.byteOffset).toBe(input.byteOffset + dataOffset);
    } else expect(cloud.positions.buffer).not.toBe(input.buffer);
    expectXyzWords(cloud, input, dataOffset, 16);
    const iw = new Uint32Array((cloud.attributes.intensity as Float32Array).buffer, (cloud.attributes.intensity as Float32Array).byteOffset, n);
    for (let i = 0; i < n; i++) if (iw[i] !== wordAt(input, dataOffset, 16, i, 3)) throw new Error(`intensity ${i}`);
  });

  it.each([1, 2, 3])('consumeInput: an unaligned block (offset %i mod 4) is moved down in the input itself, values bit-exact; without it the input is untouched', (mis) => {
    const n = 2053;
    const src = records(n, 4);
    const data = [0, 1, 2, 3].map((k) => {
      const d = new Float32Array(n);
      const dw = new Uint32Array(d.buffer);
      for (let i = 0; i < n; i++) dw[i] = wordAt(src, 0, 16, i, k);
      return d;
    });
    const file = buildPcd({ fields: ['x', 'y', 'z', 'intensity'].map(F4), data, points: n, encoding: 'binary' });
    const dataOffset = file.length - 16 * n;
    const input = at(file, (4 + mis - (dataOffset % 4)) % 4);
    expect((input.byteOffset + dataOffset) % 4).toBe(mis);
    const pristine = input.slice();
    const copied = readPointCloud(input, 's.pcd');
    expect(input).toEqual(pristine); // the default never writes to its input
    const consumed = readPointCloud(input, 's.pcd', { consumeInput: true });
    expect(consumed.stride).toBe(4);
    expect(consumed.positions.buffer).toBe(input.buffer); // no fresh 16 MB: the input's own memory
    expect((consumed.positions.byteOffset) % 4).toBe(0);
    expect(consumed.positions.byteOffset).toBe(input.byteOffset + dataOffset - mis);
    expectXyzWords(consumed, pristine, dataOffset, 16);
    expect(new Uint32Array(consumed.positions.buffer, consumed.positions.byteOffset, 4 * n)).toEqual(new Uint32Array(copied.positions.buffer, copied.positions.byteOffset, 4 * n));
    const iw = (c: PointCloud) => new Uint32Array((c.attributes.intensity as Float32Array).buffer, (c.attributes.intensity as Float32Array).byteOffset, n);
    expect(iw(consumed)).toEqual(iw(copied));
  });

  it.each([
    ['ascii', 'ascii'],
    ['binary_compressed', 'binary_compressed'],
  ] as const)('PCD %s stays dense stride 3', (_, encoding) => {
    const data = [0, 1, 2, 3].map((k) => Float32Array.from({ length: 50 }, (_, i) => i * (k + 1) * 0.5));
    const cloud = readPointCloud(buildPcd({ fields: ['x', 'y', 'z', 'intensity'].map(F4), data, points: 50, encoding }), 'd.pcd');
    expect(cloud.stride).toBe(3);
    expect(cloud.positions.length).toBe(150);
    for (let i = 0; i < 50; i++) expect([cloud.positions[3 * i], cloud.positions[3 * i + 1], cloud.positions[3 * i + 2]]).toEqual([data[0][i], data[1][i], data[2][i]]);
  });

  it('binary PCD whose x y z are not first, or not float32, stays dense', () => {
    const n = 40;
    const it4 = Float32Array.from({ length: n }, (_, i) => i / 3);
    const xyz = [1, 2, 3].map((k) => Float32Array.from({ length: n }, (_, i) => i * k - 7.5));
    const notFirst = readPointCloud(buildPcd({ fields: ['intensity', 'x', 'y', 'z'].map(F4), data: [it4, ...xyz], points: n, encoding: 'binary' }), 'a.pcd');
    expect(notFirst.stride).toBe(3);
    expect(Array.from(notFirst.positions.subarray(3, 6))).toEqual([xyz[0][1], xyz[1][1], xyz[2][1]]);
    const f8 = (name: string): PointField => ({ name, type: 'F', size: 8, count: 1 });
    const doubles = xyz.map((a) => Float64Array.from(a));
    const wide = readPointCloud(buildPcd({ fields: [f8('x'), f8('y'), f8('z')], data: doubles, points: n, encoding: 'binary' }), 'b.pcd');
    expect(wide.stride).toBe(3);
    expect(Array.from(wide.positions.subarray(3 * 5, 3 * 6))).toEqual([xyz[0][5], xyz[1][5], xyz[2][5]]);
  });
});

/** A PLY file: x y z intensity float32 vertices (or x y z + uchar red), any endianness. */
function ply(le: boolean, withColour: boolean, pts: number[][]): Uint8Array {
  const props = withColour ? 'property float x\nproperty float y\nproperty float z\nproperty uchar red\n' : 'property float x\nproperty float y\nproperty float z\nproperty float intensity\n';
  const head = new TextEncoder().encode(`ply\nformat binary_${le ? 'little' : 'big'}_endian 1.0\nelement vertex ${pts.length}\n${props}end_header\n`);
  const rec = withColour ? 13 : 16;
  const out = new Uint8Array(head.length + rec * pts.length);
  out.set(head);
  const dv = new DataView(out.buffer);
  pts.forEach((p, i) => {
    const o = head.length + rec * i;
    for (let k = 0; k < 3; k++) dv.setFloat32(o + 4 * k, p[k], le);
    if (withColour) dv.setUint8(o + 12, p[3]);
    else dv.setFloat32(o + 12, p[3], le);
  });
  return out;
}

describe('PLY', () => {
  const pts = [
    [1.5, -2, 3, 0.25],
    [-4, 5.5, -6, 7],
    [8, 9, -10.25, 200],
  ];
  it('binary_little_endian x y z intensity: a stride-4 view, values as written', () => {
    const file = ply(true, false, pts);
    const dataOffset = file.length - 48;
    const input = at(file, (4 - (dataOffset % 4)) % 4);
    const c = readPointCloud(input, 'v.ply');
    expect(c.stride).toBe(4);
    expect(c.positions.buffer).toBe(input.buffer);
    expect(Array.from(densePositions(c))).toEqual(pts.flatMap((p) => p.slice(0, 3)));
    expect(Array.from(c.attributes.intensity as Float32Array)).toEqual(pts.map((p) => p[3]));
  });

  it('binary_big_endian stays dense stride 3 (bytes must be swapped)', () => {
    const input = ply(false, false, pts);
    const c = readPointCloud(input, 'b.ply');
    expect(c.stride).toBe(3);
    expect(c.positions.buffer).not.toBe(input.buffer);
    expect(Array.from(c.positions)).toEqual(pts.flatMap((p) => p.slice(0, 3)));
  });

  it('13-byte records (x y z + uchar) stay dense stride 3', () => {
    const c = readPointCloud(ply(true, true, pts), 'c.ply');
    expect(c.stride).toBe(3);
    expect(Array.from(c.positions)).toEqual(pts.flatMap((p) => p.slice(0, 3)));
  });
});

describe('copyXyz / densePositions', () => {
  it.each([3, 4, 5, 7])('stride %i → dense xyz, bit-exact words (NaN payloads kept), tail points included', (stride) => {
    const n = 1003;
    const src = new Float32Array(records(n, stride).buffer);
    const out = new Float32Array(3 * n + 6).fill(42);
    copyXyz(src, stride, n, out);
    const sw = new Uint32Array(src.buffer), ow = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) if (ow[3 * i + k] !== sw[stride * i + k]) throw new Error(`stride ${stride} point ${i}`);
    expect(Array.from(out.subarray(3 * n))).toEqual([42, 42, 42, 42, 42, 42]); // nothing written past 3·n
  });
});

describe('consumers give identical results on the strided view and a dense copy', () => {
  const file = new URL('../../../../fixtures/pointcloud/kitti_000000_first2000.bin', import.meta.url);
  const cloud = readKittiBin(new Uint8Array(readFileSync(file)), 'kitti.bin');
  const dense = densePositions(cloud);

  it('the fixture is read as a view', () => {
    expect(cloud.stride).toBe(4);
    expect(dense.length).toBe(3 * cloud.count);
  });

  it('computeBounds and the lazy bounds', () => {
    expect(cloud.bounds).toEqual(computeBounds(dense, cloud.count, 3));
  });

  it('countPointsInCuboids', () => {
    // Centred on every 50th point (so they hold points), rotated and sized variously.
    const cuboids: CuboidGeometry[] = Array.from({ length: 40 }, (_, i) => ({
      center: { x: dense[150 * i], y: dense[150 * i + 1], z: dense[150 * i + 2] },
      size: { l: 4 + (i % 3), w: 2 + (i % 2), h: 2 },
      rotation: quat.fromYaw(i * 0.3),
    }));
    const a = countPointsInCuboids(cuboids, cloud.positions, cloud.stride);
    expect(a.reduce((s, x) => s + x, 0)).toBeGreaterThan(200);
    expect(a).toEqual(countPointsInCuboids(cuboids, dense, 3));
  });

  it('projectSweep', () => {
    const cam = createCameraModel({ width: 1242, height: 375, fx: 721.5, fy: 721.5, cx: 609.6, cy: 172.9, skew: 0, distortion: { model: 'none' } }, 'cam');
    // LiDAR (x fwd, y left, z up) → camera (x right, y down, z fwd).
    const m = Float64Array.of(0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 1);
    const a = allocateSweepProjection(cloud.count), b = allocateSweepProjection(cloud.count);
    const na = projectSweep(cloud.positions, cloud.stride, m, cam, a);
    const nb = projectSweep(dense, 3, m, cam, b);
    expect(na).toBeGreaterThan(100);
    expect(na).toBe(nb);
    expect(a).toEqual(b);
  });

  it('nearbyPointsLocal and estimateGroundZ', () => {
    const [x, y, z] = dense.subarray(3 * 700, 3 * 700 + 3);
    const g: CuboidGeometry = { center: { x, y, z }, size: { l: 8, w: 6, h: 3 }, rotation: quat.fromYaw(0.4) };
    const a = nearbyPointsLocal(cloud.positions, cloud.count, cloud.stride, g, 1);
    expect(a.length).toBeGreaterThan(30);
    expect(a).toEqual(nearbyPointsLocal(dense, cloud.count, 3, g, 1));
    const ground = estimateGroundZ({ positions: cloud.positions, count: cloud.count, stride: cloud.stride }, x, y, 20);
    expect(ground).toBeTypeOf('number');
    expect(ground).toBe(estimateGroundZ({ positions: dense, count: cloud.count, stride: 3 }, x, y, 20));
  });
});
