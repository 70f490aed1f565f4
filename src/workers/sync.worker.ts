/**
 * Clock-offset estimates off the main thread (comlink): the camera–LiDAR pairs whose offset,
 * estimated from the labels (core/qa/checks/temporalEstimate.ts → core/time/sync.ts), exceeds the
 * QA tolerance. Hundreds of ms on a long sequence: never on the main thread.
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

const api = {
  offsetFlags(scene: Scene): OffsetFlag[] {
    return checkOffsetEstimates(scene).map((f) => ({ sensor: f.sensors[0], reference: f.sensors[1], offset: f.measured?.value ?? NaN, tolerance: f.measured?.tolerance ?? NaN, message: f.message }));
  },
};

export type SyncWorkerApi = typeof api;

Comlink.expose(api);
