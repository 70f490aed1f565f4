import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PointCloud } from '../core/formats/pointcloud';

const parse = vi.fn();
const fetchBytes = vi.fn();
vi.mock('../workers/pointcloudClient', () => ({ parsePointCloudInWorker: (...a: unknown[]) => parse(...a) }));
vi.mock('./media', () => ({ fetchBytes: (...a: unknown[]) => fetchBytes(...a) }));

const { loadPointCloud, pointCloudBytes } = await import('./pointClouds');

const cloud = (n: number): PointCloud => {
  const buf = new Float32Array(n * 4);
  return { count: n, stride: 4, positions: buf, attributes: { intensity: buf.subarray(3) }, origin: [0, 0, 0] } as unknown as PointCloud;
};

describe('point-cloud cache', () => {
  beforeEach(() => {
    parse.mockReset();
    fetchBytes.mockReset();
    fetchBytes.mockResolvedValue(new Uint8Array(8));
  });

  it('counts a buffer shared by positions and attributes once', () => {
    expect(pointCloudBytes(cloud(100))).toBe(100 * 4 * 4);
  });

  it('parses once per URI, naming the file without its query string (the reader goes by extension)', async () => {
    parse.mockResolvedValue(cloud(10));
    const a = loadPointCloud('/demo/x/0001.bin?r=3');
    expect(loadPointCloud('/demo/x/0001.bin?r=3')).toBe(a);
    await a;
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0][1]).toBe('0001.bin');
  });

  it('does not keep a failed load: the next request tries again', async () => {
    parse.mockRejectedValueOnce(new Error('0002.bin: truncated'));
    await expect(loadPointCloud('/demo/x/0002.bin')).rejects.toThrow('0002.bin: truncated');
    await Promise.resolve();
    parse.mockResolvedValue(cloud(4));
    await expect(loadPointCloud('/demo/x/0002.bin')).resolves.toMatchObject({ count: 4 });
    expect(parse).toHaveBeenCalledTimes(2);
  });
});
