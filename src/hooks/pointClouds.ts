/**
 * Point-cloud cache: fetch + parse (in a Web Worker) once per URI, kept in a byte-bounded LRU
 * (frameCaches.ts, budget `pointClouds`). A cloud's bytes are known once parsed: it is held at 0
 * bytes while loading and resized then. The typed arrays never enter React state or the document;
 * an evicted cloud is only dropped here (garbage collected once no view shows it).
 */
import type { PointCloud } from '../core/formats/pointcloud';
import { parsePointCloudInWorker } from '../workers/pointcloudClient';
import { frameCache } from './frameCaches';
import { fetchBytes } from './media';

const cache = frameCache<string, Promise<PointCloud>>('pointClouds');

/** Bytes behind a cloud: its distinct buffers (attributes may share one with the positions). */
export function pointCloudBytes(cloud: PointCloud): number {
  const buffers = new Set<ArrayBufferLike>();
  for (const a of [cloud.positions, ...Object.values(cloud.attributes)]) buffers.add(a.buffer);
  let n = 0;
  for (const b of buffers) n += b.byteLength;
  return n;
}

export function loadPointCloud(uri: string): Promise<PointCloud> {
  const hit = cache.get(uri);
  if (hit) return hit;
  // the reader picks the format by extension: leave out a query or fragment (signed URLs, cache busters)
  const fileName = uri.split(/[?#]/)[0].split('/').pop() || uri;
  const p = fetchBytes(uri, { kind: 'pointcloud' }).then((bytes) => parsePointCloudInWorker(bytes, fileName));
  cache.set(uri, p, 0);
  p.then(
    (cloud) => cache.peek(uri) === p && cache.resize(uri, pointCloudBytes(cloud)),
    () => cache.peek(uri) === p && cache.delete(uri),
  );
  return p;
}

/** Keep `uri`'s cloud cached while it is on screen; call the result to release it. */
export function pinPointCloud(uri: string): () => void {
  return cache.pin(uri);
}
