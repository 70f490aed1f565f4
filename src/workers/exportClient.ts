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

/** Annotation partitions per message: each post clones a few thousand small records at most. */
const PARTITIONS_PER_POST = 16;

/**
 * The scene goes to the worker in pieces: its annotation partitions a batch per message (each
 * post awaited, so the main thread is free between them), then the rest of the scene. One post
 * of a 17k-annotation scene is a single ~100 ms structured clone on the main thread.
 */
async function sendInPieces(remote: Comlink.Remote<ExportWorkerApi>, scene: Scene): Promise<Scene> {
  const { annotations, ...rest } = scene;
  const keys = Object.keys(annotations);
  for (let i = 0; i < keys.length; i += PARTITIONS_PER_POST) {
    const batch: Scene['annotations'] = {};
    for (const k of keys.slice(i, i + PARTITIONS_PER_POST)) batch[k] = annotations[k];
    await remote.addPartitions(batch);
  }
  return { ...rest, annotations: {} };
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
  const run = sendInPieces(remote, scene).then((frame) => remote.run(frame, format, opts, Comlink.proxy(onProgress), readMedia ? Comlink.proxy(readMedia) : undefined));
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

/** Save `url` (an object URL of an export's Blob) under `fileName` through the browser's download. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
