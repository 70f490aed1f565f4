/** Main-thread side of the sync worker: one worker for the page, started on first use. */
import * as Comlink from 'comlink';
import type { Scene } from '../core/schema';
import type { OffsetFlag, SyncWorkerApi } from './sync.worker';

export type { OffsetFlag };

let remote: Comlink.Remote<SyncWorkerApi> | undefined;

/** The camera–LiDAR pairs whose estimated clock offset exceeds the QA tolerance (the scene is copied to the worker). */
export function offsetFlagsInWorker(scene: Scene): Promise<OffsetFlag[]> {
  remote ??= Comlink.wrap<SyncWorkerApi>(new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' }));
  return remote.offsetFlags(scene);
}
