import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS, type ImportLimits } from '../core/limits';
import { fetchBytes, registerLocalFile } from './media';

const limits: ImportLimits = { ...DEFAULT_LIMITS, maxBytes: { ...DEFAULT_LIMITS.maxBytes, pointcloud: 100 } };

/** A response streaming `chunks`, counting how many of them were pulled. */
function streamed(chunks: number[], headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled === chunks.length) return c.close();
      c.enqueue(new Uint8Array(chunks[state.pulled++]).fill(state.pulled));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { res: new Response(body, { headers }), state };
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchBytes applies the import size limits to sample files', () => {
  it('a registered file over its limit is refused by its size; one within it is read', async () => {
    registerLocalFile('local://a/velodyne/big.pcd', new Blob([new Uint8Array(101)]));
    await expect(fetchBytes('local://a/velodyne/big.pcd', { limits })).rejects.toThrow(/^local:\/\/a\/velodyne\/big\.pcd: 101 bytes is over the 100 bytes limit for point-cloud files/);
    registerLocalFile('local://a/velodyne/ok.pcd', new Blob([new Uint8Array(100).fill(7)]));
    const got = await fetchBytes('local://a/velodyne/ok.pcd', { limits });
    expect(got.length).toBe(100);
    expect(got.every((b) => b === 7)).toBe(true);
  });

  it('a response declaring too large a Content-Length is refused before its body is read', async () => {
    const { res, state } = streamed([60, 60], { 'content-length': '120' });
    vi.stubGlobal('fetch', vi.fn(async () => res));
    await expect(fetchBytes('https://media.example/sweeps/000001.pcd?sig=abc', { limits })).rejects.toThrow(/000001\.pcd\?sig=abc: 120 bytes is over the 100 bytes limit/);
    // at most the stream's first read-ahead chunk, never the whole body
    expect(state.pulled).toBeLessThan(2);
  });

  it('a response without a length is read as a stream and given up as soon as it passes the limit', async () => {
    const { res, state } = streamed([40, 40, 40, 40, 40]);
    vi.stubGlobal('fetch', vi.fn(async () => res));
    await expect(fetchBytes('sweeps/000002.pcd', { limits })).rejects.toThrow(/000002\.pcd: 120 bytes arrived, over the 100 bytes limit for point-cloud files; reading stopped there/);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(5);
  });

  it('a streamed response within the limit arrives whole and in order; other kinds go by their own limit', async () => {
    const { res } = streamed([30, 30, 40]);
    vi.stubGlobal('fetch', vi.fn(async () => res));
    const got = await fetchBytes('sweeps/000003.pcd', { limits });
    expect(Array.from(got.slice(0, 30)).every((b) => b === 1)).toBe(true);
    expect(Array.from(got.slice(30, 60)).every((b) => b === 2)).toBe(true);
    expect(Array.from(got.slice(60)).every((b) => b === 3)).toBe(true);
    expect(got.length).toBe(100);
    const wav = streamed([150], { 'content-length': '150' });
    vi.stubGlobal('fetch', vi.fn(async () => wav.res));
    expect((await fetchBytes('audio/clip.wav', { limits })).length).toBe(150);
  });

  it("a URI without an extension goes by the caller's kind (the team server's media are /api/projects/:id/media/<sha256>)", async () => {
    const big = streamed([60, 60], { 'content-length': '120' });
    vi.stubGlobal('fetch', vi.fn(async () => big.res));
    await expect(fetchBytes('/api/projects/p1/media/9f2c', { kind: 'pointcloud', limits })).rejects.toThrow(/media\/9f2c: 120 bytes is over the 100 bytes limit for point-cloud files/);
    // null limits: read whatever it is (the export copies files the user already has)
    const again = streamed([60, 60]);
    vi.stubGlobal('fetch', vi.fn(async () => again.res));
    expect((await fetchBytes('/api/projects/p1/media/9f2c', { kind: 'pointcloud', limits: null })).length).toBe(120);
  });

  it('a Content-Length within the limit does not let a longer body through (a gzip-encoded response declares its compressed size)', async () => {
    const { res, state } = streamed([50, 50, 50, 50], { 'content-length': '50' });
    vi.stubGlobal('fetch', vi.fn(async () => res));
    await expect(fetchBytes('sweeps/000004.pcd', { limits })).rejects.toThrow(/000004\.pcd: 150 bytes arrived, over the 100 bytes limit/);
    expect(state.cancelled).toBe(true);
  });
});
