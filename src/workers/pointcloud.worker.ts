/**
 * Point-cloud parsing off the main thread. Exposes `parse(bytes, fileName)` via comlink; the
 * result's typed-array buffers are transferred (not copied) back to the caller.
 */
import * as Comlink from 'comlink';
import { readPointCloud, withoutBounds, type PointCloud } from '../core/formats/pointcloud';

/**
 * Distinct ArrayBuffers behind a cloud (attributes may share one, e.g. binary_compressed; a
 * zero-copy `positions` view shares the input file's buffer, which is then transferred back whole
 * with the cloud — the worker keeps no reference to it, so nothing it still uses is detached).
 */
export function cloudBuffers(cloud: PointCloud): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const a of [cloud.positions, ...Object.values(cloud.attributes)]) if (a.buffer instanceof ArrayBuffer) set.add(a.buffer);
  return [...set];
}

const api = {
  /** Bounds are left out (structured clone would compute them); the client re-adds them lazily. */
  parse(bytes: Uint8Array, fileName: string): Omit<PointCloud, 'bounds'> {
    // the transferred bytes are ours: an unaligned data block may be realigned in place
    const cloud = readPointCloud(bytes, fileName, { consumeInput: true });
    return Comlink.transfer(withoutBounds(cloud), cloudBuffers(cloud));
  },
};

export type PointCloudWorkerApi = typeof api;

Comlink.expose(api);
