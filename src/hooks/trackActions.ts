/**
 * Track commands as store actions for keys, menus and the timeline (framework-free: functions of
 * the store). The target is the selected annotation when it lives in a sample; "here" is its
 * sample's time, else the playhead. Each returns whether the command ran (false: nothing to act
 * on, or the command refused; the store's `lastError` then says why).
 */
import { acceptInterpolated, copyToNextFrame, deleteFromHere, interpolateObject, newId, propagateUntilChanged, splitTrack } from '../core/commands';
import { getAnnotation, type Annotation } from '../core/schema';
import { findSample, sceneTime } from '../core/time';
import type { SampleAnnotation } from '../core/tracks';
import type { WorkbenchStore } from '../store';

/** The selected annotation when it is bound to a sample (cuboid, box, polygon, mask, not-visible mark). */
export function selectedSampleAnnotation(store: WorkbenchStore): SampleAnnotation | undefined {
  const st = store.getState();
  const id = st.session.selectedAnnotationId;
  const a: Annotation | undefined = id && st.scene ? getAnnotation(st.scene, id) : undefined;
  return a && 'sample' in a ? a : undefined;
}

/** The selected object (or the selected annotation's object). */
export function selectedObject(store: WorkbenchStore): string | undefined {
  const st = store.getState();
  return selectedSampleAnnotation(store)?.object ?? st.session.selectedObjectId ?? undefined;
}

/** Scene time of an annotation's sample, or undefined. */
function timeOf(store: WorkbenchStore, a: SampleAnnotation): number | undefined {
  const scene = store.getState().scene;
  const f = scene ? findSample(scene, a.sensor, a.sample) : undefined;
  return f ? sceneTime(f.stream, f.index) : undefined;
}

/** "Here": the selected annotation's sample time, else the playhead. */
export function hereTime(store: WorkbenchStore): number {
  const a = selectedSampleAnnotation(store);
  return (a && timeOf(store, a)) ?? store.getState().live.playhead;
}

/** Copy the selected annotation to the next frame, select the copy and move the playhead to it. */
export function copySelectedToNextFrame(store: WorkbenchStore): boolean {
  const a = selectedSampleAnnotation(store);
  if (!a) return false;
  const id = newId(a.kind === 'cuboid' ? 'cub' : a.kind === 'box2d' ? 'box' : a.kind === 'polygon' ? 'poly' : a.kind === 'mask' ? 'mask' : 'nv');
  if (!store.getState().dispatch(copyToNextFrame, { id: a.id, newId: id })) return false;
  const copy = getAnnotation(store.getState().scene!, id);
  if (copy && 'sample' in copy) {
    store.getState().select(copy.object, copy.id);
    const t = timeOf(store, copy);
    if (t !== undefined) store.getState().setPlayhead(t);
  }
  return true;
}

export function propagateSelected(store: WorkbenchStore): boolean {
  const a = selectedSampleAnnotation(store);
  return a ? store.getState().dispatch(propagateUntilChanged, { id: a.id }) : false;
}

/** Interpolate the selected object's track on every sensor (or on `sensor`). */
export function interpolateSelectedObject(store: WorkbenchStore, sensor?: string): boolean {
  const object = selectedObject(store);
  return object ? store.getState().dispatch(interpolateObject, sensor ? { object, sensor } : { object }) : false;
}

/** Accept the selected interpolated annotation as a keyframe. */
export function acceptSelectedInterpolated(store: WorkbenchStore): boolean {
  const a = selectedSampleAnnotation(store);
  return a?.source === 'interpolated' ? store.getState().dispatch(acceptInterpolated, { id: a.id }) : false;
}

/** Accept every interpolated annotation of the selected object. */
export function acceptAllInterpolatedOfSelected(store: WorkbenchStore): boolean {
  const object = selectedObject(store);
  return object ? store.getState().dispatch(acceptInterpolated, { object }) : false;
}

export function deleteSelectedFromHere(store: WorkbenchStore): boolean {
  const object = selectedObject(store);
  if (!object) return false;
  const ok = store.getState().dispatch(deleteFromHere, { object, t: hereTime(store) });
  if (ok && store.getState().session.selectedAnnotationId && !selectedSampleAnnotation(store)) store.getState().select(object);
  return ok;
}

/** Split the selected object's track here; the new object (what is at and after here) is selected. */
export function splitSelectedHere(store: WorkbenchStore): boolean {
  const object = selectedObject(store);
  if (!object) return false;
  const a = selectedSampleAnnotation(store);
  const id = newId('obj');
  if (!store.getState().dispatch(splitTrack, { object, t: hereTime(store), newObject: id })) return false;
  store.getState().select(id, a && getAnnotation(store.getState().scene!, a.id)?.object === id ? a.id : null);
  return true;
}

/** A click on a track bar: seek to the entry's time and select its object and annotation. */
export function seekToTrackEntry(store: WorkbenchStore, entry: { t: number; annotation: { id: string; object: string } }): void {
  store.getState().setPlayhead(entry.t);
  store.getState().select(entry.annotation.object, entry.annotation.id);
}
