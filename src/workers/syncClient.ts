/** Main-thread side of the sync worker: one worker for the page, started on first use. */
import * as Comlink from 'comlink';
import type { Scene } from '../core/schema';
import type { OffsetFlag, SyncWorkerApi } from './sync.worker';

export type { OffsetFlag };

let remote: Comlink.Remote<SyncWorkerApi> | undefined;
let generation = 0;

/** Annotation partitions sent per message: each post clones a few thousand small records at most. */
const PARTITIONS_PER_POST = 16;

/**
 * The camera–LiDAR pairs whose estimated clock offset exceeds the QA tolerance. The scene is
 * copied to the worker in pieces (its frame, then batches of annotation partitions), each post
 * awaited, so the main thread is free between them. Resolves to null when a later call
 * superseded this one.
 */
export async function offsetFlagsInWorker(scene: Scene): Promise<OffsetFlag[] | null> {
  remote ??= Comlink.wrap<SyncWorkerApi>(new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' }));
  const gen = ++generation;
  const { annotations, ...frame } = scene;
  await remote.begin(gen, { ...frame, annotations: {} });
  const keys = Object.keys(annotations);
  for (let i = 0; i < keys.length; i += PARTITIONS_PER_POST) {
    if (gen !== generation) return null;
    const batch: Scene['annotations'] = {};
    for (const k of keys.slice(i, i + PARTITIONS_PER_POST)) batch[k] = annotations[k];
    await remote.add(gen, batch);
  }
  if (gen !== generation) return null;
  return remote.finish(gen);
}
