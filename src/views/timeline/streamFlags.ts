/**
 * Streams whose clock offset, estimated from the labels, exceeds the sync tolerance: a warning
 * badge on their timeline row. The estimate (camera vs LiDAR from moving objects, core/time/sync.ts
 * through the QA check temporal.offset-estimate) runs in a worker (src/workers/sync.worker.ts), a
 * moment after the document stops changing, and only when the streams or annotations changed.
 */
import { useEffect, useState } from 'react';
import type { Scene } from '../../core/schema';
import { offsetFlagsInWorker, type OffsetFlag } from '../../workers/syncClient';

export interface StreamFlag {
  /** Estimated offset (s), positive when the stream is late, and the tolerance it exceeds (s). */
  offset: number;
  tolerance: number;
  /** The sensor it was measured against. */
  reference: string;
  /** The finding's message, for the badge's tooltip. */
  message: string;
}

const EMPTY: ReadonlyMap<string, StreamFlag> = new Map();
/** Quiet time (ms) after the last change before estimating. */
const SETTLE_MS = 800;

/** Stream id → flag, from the worker's answer (a sensor's first stream carries the flag). */
export function flagsByStream(scene: Pick<Scene, 'streams'>, flags: readonly OffsetFlag[]): Map<string, StreamFlag> {
  const out = new Map<string, StreamFlag>();
  for (const f of flags) {
    const st = scene.streams.find((s) => s.sensor === f.sensor);
    const prev = st && out.get(st.id);
    if (st && (!prev || Math.abs(f.offset) > Math.abs(prev.offset))) out.set(st.id, { offset: f.offset, tolerance: f.tolerance, reference: f.reference, message: f.message });
  }
  return out;
}

/** The flags of the current document. */
export function useStreamFlags(scene: Scene | null): ReadonlyMap<string, StreamFlag> {
  const [flags, setFlags] = useState<ReadonlyMap<string, StreamFlag>>(EMPTY);
  const streams = scene?.streams;
  const annotations = scene?.annotations;
  const hasPair = !!scene?.sensors.some((s) => s.kind === 'camera') && !!scene?.sensors.some((s) => s.kind === 'lidar');
  useEffect(() => {
    if (!scene || !hasPair) {
      setFlags(EMPTY);
      return;
    }
    let live = true;
    const id = setTimeout(() => {
      offsetFlagsInWorker(scene).then(
        (f) => {
          if (live && f) setFlags(f.length ? flagsByStream(scene, f) : EMPTY);
        },
        () => live && setFlags(EMPTY),
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(id);
    };
    // the estimate depends on the streams (offsets) and the labels, not on other edits
  }, [streams, annotations, hasPair]);
  return flags;
}
