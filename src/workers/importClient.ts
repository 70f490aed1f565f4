/**
 * Import one label file in a dedicated Web Worker (see import.worker.ts). One worker per file:
 * it is terminated when the import settles, so a large parse never holds memory afterwards.
 */
import * as Comlink from 'comlink';
import type { ImportContext, ImportResult } from '../core/formats/exchange';
import type { ImportWorkerApi } from './import.worker';

export async function importInWorker(file: Blob, path: string, ctx: ImportContext): Promise<ImportResult> {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<ImportWorkerApi>(worker);
  try {
    // the open scene crosses to the worker only if a merge import asks for it (a proxied call)
    const { getCurrent, current, ...rest } = ctx;
    const ask = getCurrent ?? (() => current ?? null);
    return await remote.run(file, path, rest, Comlink.proxy(ask));
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
}
