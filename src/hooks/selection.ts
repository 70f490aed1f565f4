/** Selecting an object everywhere: select it, and seek the playhead to a sample where it is labelled when it is not labelled at the current time. */
import { findSample, sampleAt, sceneTime, streamOfSensor } from '../core/time';
import type { WorkbenchStore } from '../store';
import { allAnnotations } from '../core/schema';

export function selectObjectEverywhere(store: WorkbenchStore, objectId: string | null): void {
  const st = store.getState();
  st.select(objectId);
  const scene = st.scene;
  if (!scene || !objectId) return;
  const anns = allAnnotations(scene).filter((a) => a.object === objectId && 'sample' in a);
  if (anns.length === 0) return;
  const t = st.live.playhead;
  const visibleNow = anns.some((a) => {
    if (!('sample' in a)) return false;
    const stream = streamOfSensor(scene, a.sensor);
    return stream ? sampleAt(stream, t)?.id === a.sample : false;
  });
  if (visibleNow) return;
  const a = anns[0];
  if (!('sample' in a)) return;
  const found = findSample(scene, a.sensor, a.sample);
  if (found) st.setPlayhead(sceneTime(found.stream, found.index));
}
