/**
 * Real files against an independent parse. Reference numbers come from fixtures/pcd/reference.py
 * (a separate numpy parser, with its own LZF decoder; output committed as reference.json):
 * point count, fields, first/last point, per-field sums and xyz bounds.
 * Files: PCL test clouds (fixtures/pcd), a KITTI velodyne slice and a nuScenes LIDAR_TOP slice
 * (fixtures/pointcloud); see the PROVENANCE.md files there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPointCloud } from './index';

interface Ref {
  encoding: string;
  points: number;
  fields: { name: string; type: string; size: number; count: number }[];
  first: Record<string, (number | null)[]>;
  last: Record<string, (number | null)[]>;
  sums: Record<string, number | number[]>;
  min: number[];
  max: number[];
}
const root = new URL('../../../../fixtures/', import.meta.url);
const refs = JSON.parse(readFileSync(new URL('pcd/reference.json', root), 'utf8')) as Record<string, Ref>;
const load = (name: string) => new Uint8Array(readFileSync(new URL((name.endsWith('.pcd') ? 'pcd/' : 'pointcloud/') + name, root)));

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe.each(Object.keys(refs))('%s', (name) => {
  const ref = refs[name];
  const cloud = readPointCloud(load(name), name);

  it('has the reference count, encoding and fields', () => {
    expect(cloud.count).toBe(ref.points);
    expect(cloud.positions.length).toBe(cloud.stride * ref.points);
    // x y z float32 first in 4-byte-multiple records → a zero-copy view with the record's stride.
    const f = ref.fields;
    const viewable = ref.encoding !== 'ascii' && ref.encoding !== 'binary_compressed' && f.slice(0, 3).every((g, k) => g.name === 'xyz'[k] && g.type === 'F' && g.size === 4) && f.reduce((s, g) => s + g.size * g.count, 0) % 4 === 0;
    expect(cloud.stride).toBe(viewable ? f.reduce((s, g) => s + g.size * g.count, 0) / 4 : 3);
    expect(cloud.encoding).toBe(ref.encoding);
    expect(cloud.fields).toEqual(ref.fields);
    expect(cloud.format).toBe(name.endsWith('.pcd') ? 'pcd' : name.endsWith('.pcd.bin') ? 'nuscenes-bin' : 'kitti-bin');
  });

  it('matches the first and last point, field by field', () => {
    for (const [which, i] of [['first', 0], ['last', ref.points - 1]] as const) {
      for (const [field, values] of Object.entries(ref[which])) {
        const axis = ['x', 'y', 'z'].indexOf(field);
        if (axis >= 0) expect(cloud.positions[cloud.stride * i + axis]).toBe(values[0]);
        else if (field === 'rgb' || field === 'rgba') {
          const packed = values[0]!;
          const c = cloud.attributes[field];
          const ch = field === 'rgb' ? 3 : 4;
          const expected = [(packed >>> 16) & 255, (packed >>> 8) & 255, packed & 255, (packed >>> 24) & 255].slice(0, ch);
          expect(Array.from(c.subarray(ch * i, ch * i + ch) as Uint8Array)).toEqual(expected);
        } else expect(Number(cloud.attributes[field][i])).toBe(values[0]);
      }
    }
  });

  it('matches per-field sums and the xyz bounds', () => {
    const axisSum = (a: number) => {
      let s = 0;
      for (let i = 0; i < cloud.count; i++) s += cloud.positions[cloud.stride * i + a];
      return s;
    };
    for (const [field, sum] of Object.entries(ref.sums)) {
      const axis = ['x', 'y', 'z'].indexOf(field);
      if (axis >= 0) close(axisSum(axis), sum as number);
      else if (field === 'rgb' || field === 'rgba') {
        const c = cloud.attributes[field] as Uint8Array;
        const ch = field === 'rgb' ? 3 : 4;
        const s = [0, 0, 0, 0];
        for (let i = 0; i < c.length; i++) s[i % ch] += c[i];
        expect(s.slice(0, ch)).toEqual((sum as number[]).slice(0, ch));
      } else {
        const a = cloud.attributes[field] as ArrayLike<number>;
        let s = 0;
        for (let i = 0; i < a.length; i++) s += a[i];
        close(s, sum as number);
      }
    }
    expect(cloud.bounds.min).toEqual(ref.min);
    expect(cloud.bounds.max).toEqual(ref.max);
  });
});
