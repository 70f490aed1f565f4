/**
 * Lazy bounds: computed on first read (hand-computed expectations), cached, and visible to every
 * consumer that copies the cloud (spread, JSON, structuredClone as used by the worker's postMessage).
 */
import { describe, expect, it } from 'vitest';
import { withLazyBounds, withoutBounds } from './assemble';
import { readKittiBin } from './rawBin';

// Three KITTI records x y z reflectance; the NaN point is kept but left out of the bounds.
const records = Float32Array.of(1, -2, 3, 0.5, NaN, 100, 100, 0, -4, 5, 0.25, 1);
const bytes = () => new Uint8Array(records.slice().buffer);

describe('lazy bounds', () => {
  it('is an accessor until first read, then a cached data property with the finite-point bounds', () => {
    const cloud = readKittiBin(bytes(), 'three.bin');
    expect(typeof Object.getOwnPropertyDescriptor(cloud, 'bounds')?.get).toBe('function');
    const b = cloud.bounds;
    expect(b).toEqual({ min: [-4, -2, 0.25], max: [1, 5, 3] });
    const d = Object.getOwnPropertyDescriptor(cloud, 'bounds');
    expect(d?.get).toBeUndefined();
    expect(d?.value).toBe(b);
    expect(cloud.bounds).toBe(b);
  });

  it('reads the positions as they are at first access', () => {
    const cloud = readKittiBin(bytes(), 'three.bin');
    cloud.positions[0] = -10;
    expect(cloud.bounds.min[0]).toBe(-10);
  });

  it('survives spread, JSON and structuredClone (the worker path) without being read first', () => {
    const want = { min: [-4, -2, 0.25], max: [1, 5, 3] };
    expect({ ...readKittiBin(bytes(), 'a.bin') }.bounds).toEqual(want);
    expect(JSON.parse(JSON.stringify(readKittiBin(bytes(), 'a.bin'))).bounds).toEqual(want);
    const clone = structuredClone(readKittiBin(bytes(), 'a.bin'));
    expect(clone.bounds).toEqual(want);
    expect(clone.positions).toBeInstanceOf(Float32Array);
  });

  it('can be assigned before it is read', () => {
    const cloud = withLazyBounds({ positions: Float32Array.of(1, 2, 3), stride: 3, count: 1, attributes: {}, fields: [], format: 'pcd', encoding: 'binary' });
    cloud.bounds = { min: [0, 0, 0], max: [9, 9, 9] };
    expect(cloud.bounds).toEqual({ min: [0, 0, 0], max: [9, 9, 9] });
  });

  it('is NaN for a cloud without a finite point', () => {
    const cloud = withLazyBounds({ positions: Float32Array.of(NaN, 0, 0), stride: 3, count: 1, attributes: {}, fields: [], format: 'pcd', encoding: 'binary' });
    expect(cloud.bounds.min).toEqual([NaN, NaN, NaN]);
  });

  it('withoutBounds copies a cloud for postMessage without running the bounds pass; withLazyBounds restores it', () => {
    const cloud = readKittiBin(bytes(), 'a.bin');
    const sent = structuredClone(withoutBounds(cloud));
    expect(typeof Object.getOwnPropertyDescriptor(cloud, 'bounds')?.get).toBe('function'); // still not computed
    expect('bounds' in sent).toBe(false);
    expect(Array.from(sent.positions)).toEqual(Array.from(cloud.positions));
    expect(withLazyBounds(sent).bounds).toEqual({ min: [-4, -2, 0.25], max: [1, 5, 3] });
  });

  it('a zero-copy cloud survives the worker hand-off: the file buffer is transferred once, view offset and stride kept', () => {
    const holder = new Uint8Array(8 + records.byteLength);
    holder.set(new Uint8Array(records.buffer), 8);
    const input = holder.subarray(8);
    const cloud = readKittiBin(input, 'v.bin');
    expect(cloud.positions.buffer).toBe(holder.buffer);
    const buffers = [...new Set([cloud.positions, ...Object.values(cloud.attributes)].map((a) => a.buffer as ArrayBuffer))];
    expect(buffers).toHaveLength(2); // the file's buffer (positions) + the dense reflectance copy
    const sent = structuredClone(withoutBounds(cloud), { transfer: buffers });
    expect(holder.byteLength).toBe(0); // transferred, not copied
    expect(sent.stride).toBe(4);
    expect(sent.positions.byteOffset).toBe(8);
    expect(Array.from(sent.positions)).toEqual(Array.from(records));
    expect(Array.from(sent.attributes.reflectance as Float32Array)).toEqual([0.5, 0, 1]);
    expect(withLazyBounds(sent).bounds).toEqual({ min: [-4, -2, 0.25], max: [1, 5, 3] });
  });
});
