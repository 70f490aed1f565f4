/**
 * Clock-offset estimates off the main thread (comlink): the camera–LiDAR pairs whose offset,
 * estimated from the labels (core/qa/checks/temporalEstimate.ts → core/time/sync.ts), exceeds the
 * QA tolerance. Hundreds of ms on a long sequence: never on the main thread.
 *
 * The scene arrives in pieces (its frame, then its annotation partitions a batch at a time; see
 * syncClient.ts) so that structured-cloning a 17k-annotation scene never blocks the main thread
 * in one go (one post of the whole scene was a ~100 ms stall, enough to jank an export running
 * at the same moment). A run is identified by its generation; a newer `begin` drops an older run.
 */
import * as Comlink from 'comlink';
import { checkOffsetEstimates } from '../core/qa/checks/temporalEstimate';
import type { Scene } from '../core/schema';

export interface OffsetFlag {
  /** The late or early camera sensor and the LiDAR sensor it was measured against. */
  sensor: string;
  reference: string;
  /** Seconds, positive when `sensor`'s stream is late. */
  offset: number;
  tolerance: number;
  message: string;
}

let pending: { generation: number; scene: Scene } | null = null;

const flagsOf = (scene: Scene): OffsetFlag[] =>
  checkOffsetEstimates(scene).map((f) => ({ sensor: f.sensors[0], reference: f.sensors[1], offset: f.measured?.value ?? NaN, tolerance: f.measured?.tolerance ?? NaN, message: f.message }));

const api = {
  /** The whole scene in one message (tests and small scenes). */
  offsetFlags(scene: Scene): OffsetFlag[] {
    return flagsOf(scene);
  },
  /** Start run `generation` with the scene's frame (everything but its annotations). */
  begin(generation: number, frame: Scene): void {
    pending = { generation, scene: { ...frame, annotations: {} } };
  },
  /** Add a batch of annotation partitions to run `generation` (ignored when a newer run began). */
  add(generation: number, partitions: Scene['annotations']): void {
    if (pending?.generation === generation) Object.assign(pending.scene.annotations, partitions);
  },
  /** Estimate for run `generation`; null when a newer run replaced it. */
  finish(generation: number): OffsetFlag[] | null {
    if (pending?.generation !== generation) return null;
    const { scene } = pending;
    pending = null;
    return flagsOf(scene);
  },
};

export type SyncWorkerApi = typeof api;

Comlink.expose(api);
