/** readPointCloud's choice of reader, and the .bin readers' length checks. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { colorsOf, PointCloudFormatError, readPointCloud } from './index';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../../../fixtures/${p}`, import.meta.url)));

describe('readPointCloud', () => {
  it('chooses nuScenes for .pcd.bin and KITTI for .bin', () => {
    const nu = fixture('pointcloud/nuscenes_LIDAR_TOP_1532402927647951_first2000.pcd.bin');
    expect(readPointCloud(nu, 'a.pcd.bin').format).toBe('nuscenes-bin');
    expect(Object.keys(readPointCloud(nu, 'a.pcd.bin').attributes)).toEqual(['intensity', 'ring']);
    // The same 40,000 bytes read as KITTI records: 2500 points of 16 bytes.
    expect(readPointCloud(nu, 'a.bin').count).toBe(2500);
    expect(Object.keys(readPointCloud(nu, 'a.bin').attributes)).toEqual(['reflectance']);
  });

  it('falls back to the magic when the extension says nothing', () => {
    expect(readPointCloud(fixture('pcd/bunny.pcd'), 'cloud.dat').format).toBe('pcd');
    expect(readPointCloud(new TextEncoder().encode('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n'), 'x').format).toBe('ply');
  });

  it('rejects unknown files and .bin lengths that are not whole records', () => {
    expect(() => readPointCloud(new Uint8Array(10), 'x.xyz')).toThrow(/^x\.xyz: unknown point-cloud format/);
    expect(() => readPointCloud(new Uint8Array(33), 'k.bin')).toThrow(/^k\.bin: 33 bytes is not a whole number of 16-byte KITTI/);
    expect(() => readPointCloud(new Uint8Array(41), 'n.pcd.bin')).toThrow(PointCloudFormatError);
    expect(() => readPointCloud(fixture('pcd/bunny.pcd').subarray(8), 'bunny.pcd')).toThrow(/^bunny\.pcd: header line 1: unknown keyword/);
  });

  it('colorsOf gives r,g,b from rgba (milk_color.pcd) and undefined without colour', () => {
    const milk = readPointCloud(fixture('pcd/milk_color.pcd'), 'milk_color.pcd');
    const rgba = milk.attributes.rgba as Uint8Array;
    const rgb = colorsOf(milk)!;
    expect(rgb.length).toBe(3 * milk.count);
    expect([rgb[3], rgb[4], rgb[5]]).toEqual([rgba[4], rgba[5], rgba[6]]);
    expect(colorsOf(readPointCloud(fixture('pcd/bunny.pcd'), 'bunny.pcd'))).toBeUndefined();
  });
});
