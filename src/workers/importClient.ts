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
import type { Scene } from '../core/schema';
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

/**
 * `fn` behind a function that can let go of it. Comlink keeps a proxied function reachable from
 * the page end of its MessageChannel until the worker sends "release", and a worker terminated
 * mid-job never does (nor can the page close that port: comlink keeps it to itself). So what the
 * page hands to the worker holds only this small forwarder, emptied once the import settles.
 */
function releasable<A extends unknown[], R>(fn: (...args: A) => R, afterRelease: R): { call: (...args: A) => R; release: () => void } {
  let target: ((...args: A) => R) | null = fn;
  return {
    call: (...args) => (target ? target(...args) : afterRelease),
    release: () => {
      target = null;
    },
  };
}

export async function importInWorker(file: Blob, path: string, ctx: ImportContext, opts: ImportJobOptions = {}): Promise<ImportResult> {
  const { onProgress, ...job } = opts;
  // the open scene crosses to the worker only if a merge import asks for it (a proxied call)
  const { getCurrent, current, ...rest } = ctx;
  const ask = releasable<[], Scene | null | Promise<Scene | null>>(getCurrent ?? (() => current ?? null), null);
  const progress = onProgress ? releasable(onProgress, undefined) : undefined;
  try {
    return await jobs.run<ImportResult>(path, (remote) => remote.run(file, path, rest, Comlink.proxy(ask.call), progress ? Comlink.proxy(progress.call) : undefined), job);
  } catch (e) {
    // a worker that died took the scene with it nowhere: say so, as before
    if (e instanceof Error && / worker failed \(/.test(e.message)) throw new Error(`${e.message}; the current scene is untouched`);
    throw e;
  } finally {
    // cancelled, timed out or done: the worker's proxies of these may outlive it, the scene must not
    ask.release();
    progress?.release();
  }
}
