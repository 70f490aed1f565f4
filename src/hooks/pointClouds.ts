/**
 * Point-cloud cache: fetch + parse (in a Web Worker) once per URI, keep the last few sweeps.
 * The typed arrays never enter React state or the document.
 */
import type { PointCloud } from '../core/formats/pointcloud';
import { parsePointCloudInWorker } from '../workers/pointcloudClient';
import { fetchBytes } from './media';

const MAX_CACHED = 6;
const cache = new Map<string, Promise<PointCloud>>();

export function loadPointCloud(uri: string): Promise<PointCloud> {
  const hit = cache.get(uri);
  if (hit) {
    cache.delete(uri);
    cache.set(uri, hit);
    return hit;
  }
  const fileName = uri.split('/').pop() ?? uri;
  const p = fetchBytes(uri).then((bytes) => parsePointCloudInWorker(bytes, fileName));
  p.catch(() => cache.delete(uri));
  cache.set(uri, p);
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return p;
}
