/**
 * Limits and Cancel on the main-thread imports (a KITTI folder: its text files are read here, not
 * in a worker), in Node with real files from the demo folder. The worker-backed label imports are
 * covered by e2e/import-limits.spec.ts and the job layer by src/workers/jobs.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../core/limits';
import { createWorkbenchStore } from '../store';
import { importAnyFiles, type ImportProgress } from './importFiles';

const ROOT = 'public/demo/kitti';

/** The demo KITTI folder as the browser hands over a picked folder: Files with relative paths. */
function kittiFolder(): File[] {
  const out: File[] = [];
  for (const dir of ['calib', 'image_2', 'label_2', 'velodyne'])
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      const file = new File([readFileSync(join(ROOT, dir, name))], name);
      Object.defineProperty(file, 'webkitRelativePath', { value: `kitti/${dir}/${name}` });
      out.push(file);
    }
  return out;
}

describe('importAnyFiles: limits, progress, cancel', () => {
  it('a KITTI folder reports its text files read, k of N, with bytes', async () => {
    const store = createWorkbenchStore({ storage: null });
    const seen: ImportProgress[] = [];
    const outcome = await importAnyFiles(store, kittiFolder(), { onProgress: (p) => seen.push(p), limits: DEFAULT_LIMITS });
    expect(outcome?.message).toMatch(/^Opened KITTI folder kitti: 3 frames/);
    expect(store.getState().scene).not.toBeNull();
    // 3 calib + 3 label files
    expect(seen.at(-1)).toMatchObject({ fileIndex: 6, fileCount: 6, phase: 'reading' });
    expect(seen.at(-1)!.bytesRead).toBe(seen.at(-1)!.totalBytes);
    expect(seen.map((p) => p.fileIndex)).toEqual([...seen.map((p) => p.fileIndex)].sort((a, b) => a - b));
  });

  it('cancelled mid-folder: a notice says so, the scene is the one that was open, no error, nothing undoable added', async () => {
    const store = createWorkbenchStore({ storage: null });
    await importAnyFiles(store, kittiFolder(), { limits: DEFAULT_LIMITS });
    const before = store.getState().scene;
    const history = store.getState().history;
    const ctl = new AbortController();
    const outcome = await importAnyFiles(store, kittiFolder(), {
      signal: ctl.signal,
      limits: DEFAULT_LIMITS,
      onProgress: (p) => p.fileIndex === 2 && ctl.abort(),
    });
    expect(outcome?.message).toBe('Import of kitti cancelled; the scene is unchanged');
    expect(store.getState().scene).toBe(before);
    expect(store.getState().history).toEqual(history);
    expect(store.getState().lastError).toBeNull();
  });

  it('a file over its limit is refused from its size alone: nothing in the drop is read', async () => {
    const store = createWorkbenchStore({ storage: null });
    const untouchable = (name: string, size: number) => {
      const refuse = () => {
        throw new Error(`${name} was read`);
      };
      return { name, size, webkitRelativePath: '', text: refuse, arrayBuffer: refuse, stream: refuse, slice: refuse, bytes: refuse } as unknown as File;
    };
    const files = [untouchable('labels.json', 2048), untouchable('tiny.rttm', 10), untouchable('clip.wav', 5 * 1024 ** 3)];
    const outcome = await importAnyFiles(store, files, { limits: { ...DEFAULT_LIMITS, maxBytes: { ...DEFAULT_LIMITS.maxBytes, labels: 1024 } } });
    expect(outcome).toBeNull();
    const err = store.getState().lastError;
    expect(err?.message).toBe(
      'labels.json: 2 KB is over the 1 KB limit for label files (JSON, text); it was not read; clip.wav: 5 GB is over the 1 GB limit for audio files; it was not read. Nothing was imported; the limits are under "Limits…"',
    );
    expect(err?.source).toBe('3 files');
    expect(store.getState().scene).toBeNull();
  });
});
