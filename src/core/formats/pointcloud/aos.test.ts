/**
 * The x y z w stride-16 fast path (KITTI .bin, PCD x y z intensity), unrolled by four points:
 * point counts that leave a tail, data at every alignment (the unaligned case runs in 4096-point
 * chunks, so the copy starts mid-array), and NaN payloads kept bit-exactly; binary_compressed's
 * x, y, z interleave (also unrolled by four) likewise. Expected values are
 * the source words themselves (packed with plain byte copies by testing/pcdWriter.ts).
 */
import { describe, expect, it } from 'vitest';
import { readKittiBin, readPcd, type PointField } from './index';
import { buildPcd } from './testing/pcdWriter';

const F4 = (name: string): PointField => ({ name, type: 'F', size: 4, count: 1 });

/** Four per-field word arrays; a few words are signalling/quiet NaNs with payloads. */
function words(n: number): Uint32Array[] {
  return [0, 1, 2, 3].map((f) =>
    Uint32Array.from({ length: n }, (_, i) => (i % 97 === f ? 0x7f800001 + i : i % 89 === f ? 0xffc00000 + i : Math.imul(i + 1, 2654435761 + f) >>> 0)),
  );
}

function expectWords(positions: Float32Array, stride: number, w: Float32Array, src: Uint32Array[], n: number): void {
  expect(positions.length).toBe(stride * n);
  const p = new Uint32Array(positions.buffer, positions.byteOffset, stride * n);
  const a = new Uint32Array(w.buffer, w.byteOffset, n);
  for (let i = 0, k = 0; i < n; i++, k += stride) {
    if (p[k] !== src[0][i] || p[k + 1] !== src[1][i] || p[k + 2] !== src[2][i] || a[i] !== src[3][i])
      throw new Error(`point ${i}: got ${[p[k], p[k + 1], p[k + 2], a[i]].map((x) => x.toString(16))}, want ${src.map((s) => s[i].toString(16))}`);
  }
}

describe('x y z w records (16-byte stride)', () => {
  it.each([
    [1, 0],
    [3, 1],
    [8199, 0],
    [8199, 1],
    [8199, 2],
    [8199, 3],
    [8200, 3],
  ])('PCD binary, %i points at byte offset %i mod 4: every word bit-exact', (n, shift) => {
    const src = words(n);
    const data = src.map((s) => new Float32Array(s.buffer));
    const bytes = buildPcd({ fields: ['x', 'y', 'z', 'intensity'].map(F4), data, points: n, encoding: 'binary' });
    const holder = new Uint8Array(bytes.length + shift);
    holder.set(bytes, shift);
    const cloud = readPcd(holder.subarray(shift), 'w.pcd');
    expect(cloud.count).toBe(n);
    expectWords(cloud.positions, cloud.stride, cloud.attributes.intensity as Float32Array, src, n);
  });

  it.each([1, 5, 8199])('PCD binary_compressed (field-major, interleaved by assemble), %i points: every word bit-exact', (n) => {
    const src = words(n);
    const data = src.map((s) => new Float32Array(s.buffer));
    const cloud = readPcd(buildPcd({ fields: ['x', 'y', 'z', 'intensity'].map(F4), data, points: n, encoding: 'binary_compressed' }), 'c.pcd');
    expectWords(cloud.positions, cloud.stride, cloud.attributes.intensity as Float32Array, src, n);
  });

  it('KITTI .bin (same layout, no header), 4101 points', () => {
    const n = 4101;
    const src = words(n);
    const rec = new Uint32Array(4 * n);
    for (let i = 0; i < n; i++) for (let f = 0; f < 4; f++) rec[4 * i + f] = src[f][i];
    const cloud = readKittiBin(new Uint8Array(rec.buffer), 'w.bin');
    expectWords(cloud.positions, cloud.stride, cloud.attributes.reflectance as Float32Array, src, n);
  });
});
