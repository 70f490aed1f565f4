/** Small derived-data hooks shared by the views (memoised on the document, cheap to call). */
import { useMemo } from 'react';
import { sampleAt, streamOfSensor } from '../core/time';
import type { Annotation, Sample, Scene, Sensor } from '../core/schema';
import { useWorkbench } from './storeContext';

export function useScene(): Scene | null {
  return useWorkbench((s) => s.scene);
}

/**
 * The sample of `sensorId` shown at the playhead (the last at or before it). Selected from the
 * store, so a component re-renders when the sample changes, not at every playhead move (playback
 * moves it every animation frame).
 */
export function useCurrentSample(sensorId: string | undefined): Sample | undefined {
  return useWorkbench((s) => {
    if (!s.scene || !sensorId) return undefined;
    const st = streamOfSensor(s.scene, sensorId);
    return st ? sampleAt(st, s.live.playhead) : undefined;
  });
}

export function useSensors<K extends Sensor['kind']>(kind: K): Extract<Sensor, { kind: K }>[] {
  const scene = useScene();
  return useMemo(() => (scene ? (scene.sensors.filter((s) => s.kind === kind) as Extract<Sensor, { kind: K }>[]) : []), [scene, kind]);
}

/** Annotations grouped by `${sensor}|${sample}`, rebuilt only when the annotation map changes. */
export function useAnnotationsBySample(): Map<string, Annotation[]> {
  const annotations = useWorkbench((s) => s.scene?.annotations);
  return useMemo(() => {
    const m = new Map<string, Annotation[]>();
    if (!annotations) return m;
    for (const part of Object.values(annotations)) for (const a of Object.values(part)) {
      if (!('sample' in a)) continue;
      const k = `${a.sensor}|${a.sample}`;
      const list = m.get(k);
      if (list) list.push(a);
      else m.set(k, [a]);
    }
    return m;
  }, [annotations]);
}

export function useClassColor(): (classId: string) => string {
  const taxonomy = useWorkbench((s) => s.scene?.taxonomy);
  return useMemo(() => {
    const m = new Map(taxonomy?.classes.map((c) => [c.id, c.color]) ?? []);
    return (id: string) => m.get(id) ?? '#9aa0a6';
  }, [taxonomy]);
}
