/**
 * Parse a point-cloud file in a Web Worker. The input bytes are transferred to the worker (the
 * caller's `bytes` become detached) and the cloud's buffers are transferred back.
 * Errors thrown by the reader (PointCloudFormatError) reject the promise with the same message.
 */
import * as Comlink from 'comlink';
import { withLazyBounds, type PointCloud } from '../core/formats/pointcloud';
import type { PointCloudWorkerApi } from './pointcloud.worker';

let remote: Comlink.Remote<PointCloudWorkerApi> | undefined;

function worker(): Comlink.Remote<PointCloudWorkerApi> {
  remote ??= Comlink.wrap<PointCloudWorkerApi>(new Worker(new URL('./pointcloud.worker.ts', import.meta.url), { type: 'module' }));
  return remote;
}

export function parsePointCloudInWorker(bytes: Uint8Array, fileName: string): Promise<PointCloud> {
  // Transfer only when the view covers its whole buffer; otherwise copy the slice first.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
  return worker()
    .parse(Comlink.transfer(own, [own.buffer as ArrayBuffer]), fileName)
    .then((c) => withLazyBounds(c as Omit<PointCloud, 'bounds'>));
}
