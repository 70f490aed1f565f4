/**
 * Import one label file in a dedicated Web Worker (see import.worker.ts). One worker per file:
 * it is terminated when the import settles, so a large parse never holds memory afterwards.
 * A worker that cannot start or dies (script missing, out of memory) rejects with an error naming
 * the file instead of leaving the import pending forever (comlink itself never hears of it).
 */
import * as Comlink from 'comlink';
import type { ImportContext, ImportResult } from '../core/formats/exchange';
import type { ImportWorkerApi } from './import.worker';

export async function importInWorker(file: Blob, path: string, ctx: ImportContext): Promise<ImportResult> {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<ImportWorkerApi>(worker);
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`${path}: the import worker failed${e.message ? ` (${e.message})` : ''}; the current scene is untouched`)));
    worker.addEventListener('messageerror', () => reject(new Error(`${path}: the import worker's result could not be read; the current scene is untouched`)));
  });
  try {
    // the open scene crosses to the worker only if a merge import asks for it (a proxied call)
    const { getCurrent, current, ...rest } = ctx;
    const ask = getCurrent ?? (() => current ?? null);
    return await Promise.race([remote.run(file, path, rest, Comlink.proxy(ask)), died]);
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
}
