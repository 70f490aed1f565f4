/**
 * Keyboard edits of the selected cuboid while the LiDAR pane has focus:
 * arrows nudge 0.1 m (Shift: 1 m) along the sensor's x/y, Q/E rotate ±1° (Shift: 10°),
 * Delete/Backspace removes it, F fits it to the points it contains.
 */
import { useCallback } from 'react';
import { deleteAnnotation } from '../../core/commands/annotations';
import { updateCuboid } from './updateCuboid';
import { shrinkToPoints, type Sweep } from '../../core/annotate/fitCuboid';
import { fromYaw, yawOf } from '../../core/math/quaternion';
import type { Cuboid } from '../../core/schema';
import type { WorkbenchStore } from '../../store';

export function fitSelectedToPoints(store: WorkbenchStore, cuboid: Cuboid, sweep: Sweep | null): void {
  if (!sweep) return;
  const fit = shrinkToPoints(sweep, cuboid);
  if (!fit) {
    store.getState().setError({ message: 'Fit to points: the cuboid contains no points above the ground', source: cuboid.id });
    return;
  }
  updateCuboid(store, cuboid.id, { center: fit.center, size: fit.size, rotation: fit.rotation }, { ownStep: 'Fit cuboid to points' });
}

export function useCuboidKeys(store: WorkbenchStore, cuboid: Cuboid | undefined, sweep: Sweep | null, bev: boolean) {
  return useCallback(
    (e: React.KeyboardEvent) => {
      if (!cuboid) return;
      const st = store.getState();
      const step = e.shiftKey ? 1 : 0.1;
      const rot = ((e.shiftKey ? 10 : 1) * Math.PI) / 180;
      // in the bird's-eye view +x is up on screen and +y is left
      const dirs: Record<string, [number, number]> = bev
        ? { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, 1], ArrowRight: [0, -1] }
        : { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, 1], ArrowRight: [0, -1] };
      const d = dirs[e.key];
      if (d) {
        e.preventDefault();
        updateCuboid(store, cuboid.id, { center: { x: cuboid.center.x + d[0] * step, y: cuboid.center.y + d[1] * step, z: cuboid.center.z } }, { ownStep: 'Nudge cuboid' });
      } else if (e.key === 'q' || e.key === 'Q' || e.key === 'e' || e.key === 'E') {
        e.preventDefault();
        const sign = e.key.toLowerCase() === 'q' ? 1 : -1;
        updateCuboid(store, cuboid.id, { rotation: fromYaw(yawOf(cuboid.rotation) + sign * rot) }, { ownStep: 'Rotate cuboid' });
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        st.dispatch(deleteAnnotation, { id: cuboid.id });
      } else if (e.key === 'f' || e.key === 'F') {
        e.preventDefault();
        fitSelectedToPoints(store, cuboid, sweep);
      }
    },
    [store, cuboid, sweep, bev],
  );
}
