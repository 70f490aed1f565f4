/**
 * Import one label file in a dedicated Web Worker (see import.worker.ts). One worker per file:
 * it is terminated when the import settles, so a large parse never holds memory afterwards.
 * Cancelling (the AbortSignal) or running past the timeout terminates it at once, mid-parse, and
 * rejects with an AbortError / TimeoutError naming the file (jobs.ts). A worker that cannot start
 * or dies (script missing, out of memory) rejects with an error naming the file instead of
 * leaving the import pending forever.
 */
import * as Comlink from 'comlink';
import type { ImportContext, ImportResult } from '../core/formats/exchange';
import type { ImportWorkerApi, ImportWorkerProgress } from './import.worker';
import { comlinkWorker, WorkerJobs, type JobOptions } from './jobs';

export type { ImportWorkerProgress };

const jobs = new WorkerJobs(
  comlinkWorker<ImportWorkerApi>(() => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' })),
  'import',
  true,
);

export interface ImportJobOptions extends JobOptions {
  onProgress?: (p: ImportWorkerProgress) => void;
}

export async function importInWorker(file: Blob, path: string, ctx: ImportContext, opts: ImportJobOptions = {}): Promise<ImportResult> {
  const { onProgress, ...job } = opts;
  // the open scene crosses to the worker only if a merge import asks for it (a proxied call)
  const { getCurrent, current, ...rest } = ctx;
  const ask = getCurrent ?? (() => current ?? null);
  try {
    return await jobs.run<ImportResult>(path, (remote) => remote.run(file, path, rest, Comlink.proxy(ask), onProgress ? Comlink.proxy(onProgress) : undefined), job);
  } catch (e) {
    // a worker that died took the scene with it nowhere: say so, as before
    if (e instanceof Error && / worker failed \(/.test(e.message)) throw new Error(`${e.message}; the current scene is untouched`);
    throw e;
  }
}
