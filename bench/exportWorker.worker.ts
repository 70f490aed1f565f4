/** bench/exportWorker.bench.ts's worker: the same exporter the browser's export.worker runs, in a Node worker thread. */
import { parentPort } from 'node:worker_threads';
import { exportScene, type ExportFormat } from '../src/core/formats/exchange';
import type { Scene } from '../src/core/schema';

parentPort!.on('message', async ({ scene, format }: { scene: Scene; format: ExportFormat }) => {
  const r = await exportScene(scene, format, { createdAt: '2026-01-01T00:00:00Z' });
  parentPort!.postMessage({ bytes: r.files.reduce((n, f) => n + f.text.length, 0) });
});
