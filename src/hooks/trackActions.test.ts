/** The track actions through the real store: selection and playhead follow, each is one undo step. */
import { describe, expect, it } from 'vitest';
import { getAnnotation } from '../core/schema';
import { interpolatedId } from '../core/tracks';
import { LIDAR_T, makeTrackScene } from '../core/tracks/testScene';
import { createWorkbenchStore } from '../store/workbench';
import {
  acceptSelectedInterpolated,
  copySelectedToNextFrame,
  deleteSelectedFromHere,
  interpolateSelectedObject,
  propagateSelected,
  seekToTrackEntry,
  splitSelectedHere,
} from './trackActions';

function setup() {
  const store = createWorkbenchStore({ persistence: null, storage: null });
  store.getState().loadScene(makeTrackScene(), 'test');
  return { store, st: () => store.getState() };
}

describe('track actions', () => {
  it('copy to next frame selects the copy and moves the playhead to it; undo removes it', () => {
    const { store, st } = setup();
    expect(copySelectedToNextFrame(store)).toBe(false); // nothing selected
    st().select('car', 'k1');
    expect(copySelectedToNextFrame(store)).toBe(true);
    const sel = st().session.selectedAnnotationId!;
    expect(getAnnotation(st().scene!, sel)).toMatchObject({ sample: 'l2', object: 'car', source: 'manual' });
    expect(st().live.playhead).toBe(LIDAR_T[2]);
    expect(st().history.undo).toEqual(['Copy to next frame']);
    st().undo();
    expect(getAnnotation(st().scene!, sel)).toBeUndefined();
  });

  it('interpolate, accept, propagate, split and delete from here act on the selection', () => {
    const { store, st } = setup();
    st().select('car');
    expect(interpolateSelectedObject(store)).toBe(true);
    const l5 = interpolatedId('car', 'lidar', 'l5', 'cuboid');
    seekToTrackEntry(store, { t: LIDAR_T[5], annotation: { id: l5, object: 'car' } });
    expect(st().session).toMatchObject({ selectedObjectId: 'car', selectedAnnotationId: l5 });
    expect(acceptSelectedInterpolated(store)).toBe(true);
    expect(getAnnotation(st().scene!, l5)!.source).toBe('manual');
    expect(acceptSelectedInterpolated(store)).toBe(false); // now a keyframe
    expect(propagateSelected(store)).toBe(true); // l6 … l9 (interpolated) become copies of l5; l10 stops it
    const l5Center = (getAnnotation(st().scene!, l5) as { center: unknown }).center;
    for (const a of Object.values(st().scene!.annotations.l8)) expect(a).toMatchObject({ source: 'manual', center: l5Center });

    // split at the selected annotation's frame: the new object is selected and owns l5 on
    expect(splitSelectedHere(store)).toBe(true);
    const b = st().session.selectedObjectId!;
    expect(b).not.toBe('car');
    expect(getAnnotation(st().scene!, l5)!.object).toBe(b);
    expect(st().session.selectedAnnotationId).toBe(l5);
    // delete from here on the new object, at l5's time: it loses everything
    expect(deleteSelectedFromHere(store)).toBe(true);
    expect(Object.values(st().scene!.annotations).flatMap((p) => Object.values(p)).filter((a) => a.object === b)).toEqual([]);
    expect(st().session.selectedAnnotationId).toBeNull();
    expect(st().history.undo).toEqual(['Interpolate track', 'Accept interpolated', 'Propagate until changed', 'Split track', 'Delete from here on']);
    for (let i = 0; i < 5; i++) st().undo();
    expect(st().scene).toEqual(makeTrackScene());
  });
});
