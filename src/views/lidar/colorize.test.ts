/**
 * colorize honours the cloud's stride: on a real KITTI sweep read as a zero-copy stride-4 view it
 * writes exactly the colours it writes for a dense stride-3 copy of the same points (every mode),
 * and height colours follow z (hand-checked ordering on a three-point cloud).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { densePositions, readKittiBin } from '../../core/formats/pointcloud';
import { colorize, type ColorMode } from './colorize';

describe('colorize', () => {
  const file = new URL('../../../fixtures/pointcloud/kitti_000000_first2000.bin', import.meta.url);
  const cloud = readKittiBin(new Uint8Array(readFileSync(file)), 'kitti.bin');
  const dense = densePositions(cloud);
  const intensity = cloud.attributes.reflectance as Float32Array;

  it.each(['height', 'distance', 'intensity'] as ColorMode[])('%s: strided view and dense copy give identical colours', (mode) => {
    expect(cloud.stride).toBe(4);
    const a = new Float32Array(3 * cloud.count), b = new Float32Array(3 * cloud.count);
    colorize(cloud.positions, cloud.stride, cloud.count, mode, intensity, a);
    colorize(dense, 3, cloud.count, mode, intensity, b);
    expect(new Set(a).size).toBeGreaterThan(100); // really varies over the sweep
    expect(a).toEqual(b);
  });

  it('height reads z at offset 2 of each stride-4 record, not the intensity', () => {
    // x y z w records: z = -2, 0, 1; w is large and reversed, so reading it would invert the order.
    const p = Float32Array.of(0, 0, -2, 900, 0, 0, 0, 500, 0, 0, 1, 100);
    const out = new Float32Array(9);
    colorize(p, 4, 3, 'height', undefined, out);
    expect(out[1]).toBeLessThan(out[4]);
    expect(out[4]).toBeLessThan(out[7]);
  });
});
