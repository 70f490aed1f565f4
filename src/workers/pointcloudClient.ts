/**
 * Parse a point-cloud file in a Web Worker. The input bytes are transferred to the worker (the
 * caller's `bytes` become detached) and the cloud's buffers are transferred back.
 * Errors thrown by the reader (PointCloudFormatError) reject the promise with the same message.
 * A parse can be cancelled (AbortSignal) and gives up after a timeout (default 60 s, counted from
 * when the worker starts it, not while it waits behind other clouds): the worker is
 * then terminated and restarted for the next cloud (jobs.ts), since a parse cannot be interrupted.
 */
import * as Comlink from 'comlink';
import { withLazyBounds, type PointCloud } from '../core/formats/pointcloud';
import type { PointCloudWorkerApi } from './pointcloud.worker';
import { comlinkWorker, WorkerJobs, type JobOptions } from './jobs';

/** Longer than any real sweep takes (a 1.3 M-point binary PCD parses in well under a second). */
export const POINT_CLOUD_TIMEOUT_MS = 60_000;

const jobs = new WorkerJobs(
  comlinkWorker<PointCloudWorkerApi>(() => new Worker(new URL('./pointcloud.worker.ts', import.meta.url), { type: 'module' })),
  'point-cloud parse',
);

export function parsePointCloudInWorker(bytes: Uint8Array, fileName: string, opts: JobOptions = {}): Promise<PointCloud> {
  // Transfer only when the view covers its whole buffer; otherwise copy the slice first.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
  return jobs
    .run(fileName, (remote) => remote.parse(Comlink.transfer(own, [own.buffer as ArrayBuffer]), fileName), { timeoutMs: POINT_CLOUD_TIMEOUT_MS, ...opts })
    .then((c) => withLazyBounds(c as Omit<PointCloud, 'bounds'>));
}
