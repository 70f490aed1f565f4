/**
 * Point-cloud parsing off the main thread. Exposes `parse(bytes, fileName)` via comlink; the
 * result's typed-array buffers are transferred (not copied) back to the caller.
 */
import * as Comlink from 'comlink';
import { readPointCloud, type PointCloud } from '../core/formats/pointcloud';

/** Distinct ArrayBuffers behind a cloud (attributes may share one, e.g. binary_compressed). */
export function cloudBuffers(cloud: PointCloud): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const a of [cloud.positions, ...Object.values(cloud.attributes)]) if (a.buffer instanceof ArrayBuffer) set.add(a.buffer);
  return [...set];
}

const api = {
  parse(bytes: Uint8Array, fileName: string): PointCloud {
    const cloud = readPointCloud(bytes, fileName);
    return Comlink.transfer(cloud, cloudBuffers(cloud));
  },
};

export type PointCloudWorkerApi = typeof api;

Comlink.expose(api);
