/**
 * Velodyne scans. Reference: numpy, `np.fromfile('velodyne/000000.bin', np.float32).reshape(-1, 4)`
 * → shape (115384, 4), first row [18.324, 0.049, 0.829, 0.0], last row [3.967, -1.474, -1.857, 0.0].
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KittiFormatError } from './errors';
import { readVelodyneBin } from './velodyne';
import { DEMO_DIR, MALFORMED_DIR } from './testing';

const f32 = (v: number) => Math.fround(v);

describe('readVelodyneBin', () => {
  const bytes = new Uint8Array(readFileSync(join(DEMO_DIR, 'velodyne/000000.bin')));

  it('reads a real scan as interleaved x y z reflectance', () => {
    const pts = readVelodyneBin(bytes, 'velodyne/000000.bin');
    expect(pts.length).toBe(115384 * 4);
    expect(Array.from(pts.subarray(0, 4))).toEqual([f32(18.324), f32(0.049), f32(0.829), 0]);
    expect(Array.from(pts.subarray(pts.length - 4))).toEqual([f32(3.967), f32(-1.474), f32(-1.857), 0]);
  });

  it('is a zero-copy view when aligned and copies when not', () => {
    const view = readVelodyneBin(bytes, 'a.bin');
    expect(view.buffer).toBe(bytes.buffer);
    const head = bytes.subarray(0, 16 * 100);
    const shifted = new Uint8Array(head.length + 1);
    shifted.set(head, 1);
    const copy = readVelodyneBin(shifted.subarray(1), 'b.bin');
    expect(copy.buffer).not.toBe(shifted.buffer);
    expect(Array.from(copy)).toEqual(Array.from(view.subarray(0, 400)));
  });

  it('rejects a truncated file, naming it', () => {
    const truncated = new Uint8Array(readFileSync(join(MALFORMED_DIR, 'truncated.bin')));
    const run = () => readVelodyneBin(truncated, 'velodyne/000000.bin');
    expect(run).toThrow(KittiFormatError);
    expect(run).toThrow(/^velodyne\/000000\.bin: 167 bytes is not a multiple of 16 .*truncated/);
  });
});
