/**
 * Point-cloud inputs found by fuzzing (src/core/formats/fuzz, issue #17), each reproduced: lying
 * headers must give a PointCloudFormatError naming the file, never a RangeError or an allocation the
 * bytes present cannot fill (checked with the fuzz harness's allocation guard, 1 MiB budget).
 */
import { describe, expect, it } from 'vitest';
import { withAllocationGuard } from '../fuzz/guard';
import { readPointCloud } from './index';
import { decompressLzf, LzfError, MAX_EXPANSION } from './lzf';
import { PointCloudFormatError } from './types';

const enc = new TextEncoder();
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Read under a 1 MiB allocation budget; returns the error thrown and the guard's report. */
async function readGuarded(bytes: Uint8Array, name: string) {
  const r = await withAllocationGuard(1 << 20, () => readPointCloud(bytes, name));
  return { error: r.error as Error | undefined, violation: r.report.violation, largest: r.report.largest };
}

const header = (lines: Record<string, string>, data: string) =>
  ['VERSION 0.7', `FIELDS ${lines.FIELDS ?? 'x y z'}`, `SIZE ${lines.SIZE ?? '4 4 4'}`, `TYPE ${lines.TYPE ?? 'F F F'}`, `COUNT ${lines.COUNT ?? '1 1 1'}`, `WIDTH ${lines.WIDTH ?? '2'}`, 'HEIGHT 1', `POINTS ${lines.POINTS ?? '2'}`, `DATA ${data}`, ''].join('\n');

describe('PCD ascii: the header sizes nothing before the data can fill it', () => {
  it('COUNT 4294967295 (issue #17: RangeError: Invalid typed array length) is the first line\'s value count', async () => {
    const file = enc.encode(header({ FIELDS: 'x y z n', SIZE: '4 4 4 4', TYPE: 'F F F F', COUNT: '1 1 1 4294967295' }, 'ascii') + '1 2 3 4\n5 6 7 8\n');
    const r = await readGuarded(file, 'lying/count.pcd');
    expect(r.violation).toBeUndefined();
    expect(r.error).toBeInstanceOf(PointCloudFormatError);
    expect(r.error?.message).toBe('lying/count.pcd: line 10: 4 values, expected 4294967298 (x y z n)');
  });

  it('WIDTH = POINTS = 2147483648 on two lines: truncated, without allocating 3 × 8 GB', async () => {
    const r = await readGuarded(enc.encode(header({ WIDTH: '2147483648', POINTS: '2147483648' }, 'ascii') + '1 2 3\n4 5 6\n'), 'lying/points.pcd');
    expect(r.violation).toBeUndefined();
    expect(r.error?.message).toBe('lying/points.pcd: truncated ascii data: POINTS 2147483648 but only 2 data lines');
  });

  it('POINTS 268435456 (which used to allocate 1 GB per field first) allocates nothing large', async () => {
    const r = await readGuarded(enc.encode(header({ WIDTH: '268435456', POINTS: '268435456' }, 'ascii') + '1 2 3\n'), 'lying/points.pcd');
    expect(r.largest).toBeLessThan(1 << 16);
    expect(r.error?.message).toMatch(/^lying\/points\.pcd: truncated ascii data: POINTS 268435456 but only 1 data lines$/);
  });

  it('a file whose lines are there still reads, with the header\'s point count', () => {
    const cloud = readPointCloud(enc.encode(header({}, 'ascii') + '1 2 3\n4 5 6\n'), 'ok.pcd');
    expect(cloud.count).toBe(2);
    expect(Array.from(cloud.positions)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('PCD binary_compressed / LZF: no allocation beyond what the compressed bytes can expand to', () => {
  it('POINTS × size = 3 GiB declared over 10 compressed bytes is corrupt LZF data, not a 3 GiB buffer', async () => {
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setUint32(0, 10, true);
    new DataView(prefix.buffer).setUint32(4, 268435456 * 12, true); // 0xC0000000, as POINTS × 12 bytes says
    const file = concat(enc.encode(header({ WIDTH: '268435456', POINTS: '268435456' }, 'binary_compressed')), prefix, new Uint8Array(10));
    const r = await readGuarded(file, 'lying/compressed.pcd');
    expect(r.violation).toBeUndefined();
    expect(r.error?.message).toBe('lying/compressed.pcd: corrupt LZF data: declared size 3221225472 is more than 10 compressed bytes can hold (LZF expands at most 88×)');
  });

  /** A literal byte, then `k` longest back references (3 bytes → 264 copies of the previous byte). */
  const maximal = (k: number) => Uint8Array.from([0x00, 0x61, ...Array.from({ length: k }, () => [0xe0, 0xff, 0x00]).flat()]);

  it('the densest stream LZF allows still decodes (the bound is the format\'s, not a guess)', () => {
    const input = maximal(50);
    const out = decompressLzf(input, 1 + 264 * 50);
    expect(out.length).toBe(13_201);
    expect(out.every((b) => b === 0x61)).toBe(true);
    expect(out.length).toBeLessThanOrEqual(MAX_EXPANSION * input.length);
  });

  it('one byte more than 88 × the input is refused before allocating', () => {
    const input = maximal(3);
    expect(() => decompressLzf(input, MAX_EXPANSION * input.length + 1)).toThrow(LzfError);
    expect(() => decompressLzf(input, MAX_EXPANSION * input.length + 1)).toThrow(/more than 11 compressed bytes can hold/);
  });
});

describe('PLY: element counts and list counts from the header', () => {
  const ply = (format: string, count: string) => `ply\nformat ${format} 1.0\nelement vertex ${count}\nproperty float x\nproperty float y\nproperty float z\nend_header\n`;

  it('ascii "element vertex 99999999999999999999" (issue #17: RangeError) is truncated data', async () => {
    const r = await readGuarded(enc.encode(ply('ascii', '99999999999999999999') + '1 2 3\n4 5 6\n'), 'lying/vertex.ply');
    expect(r.violation).toBeUndefined();
    expect(r.error?.message).toBe('lying/vertex.ply: truncated ascii data: "element vertex 100000000000000000000" but only 2 lines follow');
  });

  it('binary "element vertex 268435456" over 24 bytes is truncated, with nothing allocated for it', async () => {
    const r = await readGuarded(concat(enc.encode(ply('binary_little_endian', '268435456')), new Uint8Array(24)), 'lying/vertex.ply');
    expect(r.largest).toBeLessThan(1 << 10);
    expect(r.error?.message).toMatch(/^lying\/vertex\.ply: truncated vertex data: 268435456 vertices × 12 bytes/);
  });

  it('a negative list count (signed char −100) before the vertices is an error, not a jump back into the header', async () => {
    const head = 'ply\nformat binary_little_endian 1.0\nelement face 1\nproperty list char int vertex_indices\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
    const r = await readGuarded(concat(enc.encode(head), Uint8Array.of(0x9c), new Uint8Array(12)), 'lying/faces.ply');
    expect(r.error).toBeInstanceOf(PointCloudFormatError);
    expect(r.error?.message).toBe('lying/faces.ply: element "face" record 0: list property "vertex_indices" has a negative count -100');
  });
});
