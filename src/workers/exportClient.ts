/**
 * Run an export in a dedicated Web Worker so the page never freezes, even for long sequences.
 * One worker per export: cancelling terminates it (the work stops at once) and the next export
 * starts a fresh one. Errors from the exporter reject with the exporter's message.
 */
import * as Comlink from 'comlink';
import type { ExportFormat, ExportProgress } from '../core/formats/exchange';
import type { Scene } from '../core/schema';
import type { ExportWorkerApi, PackedExport } from './export.worker';

export type { PackedExport };

export interface ExportJob {
  done: Promise<PackedExport>;
  cancel(): void;
}

export function exportInWorker(
  scene: Scene,
  format: ExportFormat,
  opts: { sensors?: string[]; stem: string },
  onProgress: (p: ExportProgress) => void,
  readMedia?: (uri: string) => Promise<Uint8Array | null>,
): ExportJob {
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<ExportWorkerApi>(worker);
  let settle: ((e: Error) => void) | undefined;
  const cancelled = new Promise<never>((_, reject) => (settle = reject));
  const run = remote.run(scene, format, opts, Comlink.proxy(onProgress), readMedia ? Comlink.proxy(readMedia) : undefined);
  const done = Promise.race([run, cancelled]).finally(() => {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  });
  return {
    done,
    cancel() {
      settle?.(new Error('export cancelled'));
    },
  };
}
