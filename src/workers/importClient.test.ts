import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scene } from '../core/schema';
import type { ImportResult } from '../core/formats/exchange';
import type { ImportWorkerProgress } from './import.worker';

/**
 * importInWorker against a fake worker: comlink's `wrap` hands back a remote whose `run` records
 * what the page passed it (the proxied functions are the page's own, as comlink exposes them on
 * the page end of a port) and settles only when the test says so; `Worker` records `terminate`.
 */
const fake = vi.hoisted(() => ({
  runs: [] as {
    getCurrent: () => unknown;
    onProgress?: (p: unknown) => void;
    resolve: (r: unknown) => void;
  }[],
  workers: [] as { terminated: boolean }[],
}));

vi.mock('comlink', async (importOriginal) => {
  const actual = await importOriginal<typeof import('comlink')>();
  return {
    ...actual,
    wrap: () => ({
      run: (_file: Blob, _path: string, _ctx: unknown, getCurrent: () => unknown, onProgress?: (p: unknown) => void) =>
        new Promise((resolve) => fake.runs.push({ getCurrent, onProgress, resolve })),
    }),
  };
});

class FakeWorker {
  terminated = false;
  constructor() {
    fake.workers.push(this);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(): void {}
}
vi.stubGlobal('Worker', FakeWorker);
afterAll(() => {
  vi.unstubAllGlobals();
});

const { importInWorker } = await import('./importClient');

const openScene = { name: 'the open scene, 200 frames' } as unknown as Scene;
const reading: ImportWorkerProgress = { phase: 'reading', bytesRead: 10, totalBytes: 100 };

beforeEach(() => {
  fake.runs.length = 0;
  fake.workers.length = 0;
});

describe('importInWorker', () => {
  it('hands the worker the open scene and progress while the import runs', async () => {
    const seen: ImportWorkerProgress[] = [];
    const job = importInWorker(new Blob(['x']), 'tracks.txt', { current: openScene }, { onProgress: (p) => seen.push(p) });
    await vi.waitFor(() => expect(fake.runs).toHaveLength(1));
    expect(fake.runs[0].getCurrent()).toBe(openScene);
    fake.runs[0].onProgress?.(reading);
    expect(seen).toEqual([reading]);
    const result = { mode: 'merge' } as unknown as ImportResult;
    fake.runs[0].resolve(result);
    expect(await job).toBe(result);
    expect(fake.workers[0].terminated).toBe(true);
  });

  it('a cancelled import lets go of the open scene and the progress callback, though the killed worker never released its proxies', async () => {
    const ctl = new AbortController();
    const seen: ImportWorkerProgress[] = [];
    const job = importInWorker(new Blob(['x']), 'big.json', { getCurrent: () => openScene }, { signal: ctl.signal, onProgress: (p) => seen.push(p) });
    await vi.waitFor(() => expect(fake.runs).toHaveLength(1));
    const { getCurrent, onProgress } = fake.runs[0];
    ctl.abort();
    await expect(job).rejects.toThrow('big.json: import cancelled');
    expect(fake.workers[0].terminated).toBe(true);
    // what the page exposed to the dead worker reaches neither the scene nor the caller's callback
    expect(getCurrent()).toBeNull();
    onProgress?.(reading);
    expect(seen).toEqual([]);
  });
});
