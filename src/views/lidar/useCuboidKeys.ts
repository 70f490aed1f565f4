/**
 * Keyboard edits of the selected cuboid while the LiDAR pane has focus:
 * arrows nudge 0.1 m (Shift: 1 m) along the sensor's x/y, Q/E rotate ±1° (Shift: 10°),
 * Delete/Backspace removes it, F fits it to the points it contains.
 */
import { deleteAnnotation } from '../../core/commands/annotations';
import { updateCuboid } from './updateCuboid';
import { shrinkToPoints } from '../../core/annotate/fitCuboid';
import { fromCloudFrame, toCloudFrame } from '../../core/formats/pointcloud';
import type { LidarSweep } from './sweep';
import { fromYaw, yawOf } from '../../core/math/quaternion';
import type { Cuboid } from '../../core/schema';
import type { WorkbenchStore } from '../../store';
import { classHotkeyHandlers } from '../../keyboard/classHotkeys';
import { usePaneCommands } from '../../keyboard/react';

export function fitSelectedToPoints(store: WorkbenchStore, cuboid: Cuboid, sweep: LidarSweep | null): void {
  if (!sweep) return;
  // fitted in the cloud's frame (positions are relative to its origin), then back to the LiDAR frame
  const local = shrinkToPoints(sweep, toCloudFrame(cuboid, sweep.origin));
  const fit = local && fromCloudFrame(local, sweep.origin);
  if (!fit) {
    store.getState().setError({ message: 'Fit to points: the cuboid contains no points above the ground', source: cuboid.id });
    return;
  }
  updateCuboid(store, cuboid.id, { center: fit.center, size: fit.size, rotation: fit.rotation }, { ownStep: 'Fit cuboid to points' });
}

/** What the LiDAR pane adds to its keys: the class hotkeys' "next label" choice, switching to the cuboid tool. */
export interface LidarKeyOptions {
  pickClass?: (classId: string) => void;
  cuboidTool?: () => void;
}

/**
 * The LiDAR pane's onKeyDown: every key goes through the command registry (src/keyboard), so the
 * nudges, rotations, fit, delete and class hotkeys 1–9 (LiDAR classes) can be rebound.
 */
export function useCuboidKeys(store: WorkbenchStore, cuboid: Cuboid | undefined, sweep: LidarSweep | null, _bev: boolean, opts: LidarKeyOptions = {}) {
  // in the bird's-eye view +x is up on screen and +y is left: ↑ is +x, ← is +y (the same in orbit)
  const nudge = (dx: number, dy: number) => ({
    enabled: () => !!cuboid,
    run: () => cuboid && updateCuboid(store, cuboid.id, { center: { x: cuboid.center.x + dx, y: cuboid.center.y + dy, z: cuboid.center.z } }, { ownStep: 'Nudge cuboid' }),
  });
  const rotate = (deg: number) => ({
    enabled: () => !!cuboid,
    run: () => cuboid && updateCuboid(store, cuboid.id, { rotation: fromYaw(yawOf(cuboid.rotation) + (deg * Math.PI) / 180) }, { ownStep: 'Rotate cuboid' }),
  });
  return usePaneCommands('lidar', {
    'lidar.nudge.forward': nudge(0.1, 0),
    'lidar.nudge.back': nudge(-0.1, 0),
    'lidar.nudge.left': nudge(0, 0.1),
    'lidar.nudge.right': nudge(0, -0.1),
    'lidar.nudge.forward10': nudge(1, 0),
    'lidar.nudge.back10': nudge(-1, 0),
    'lidar.nudge.left10': nudge(0, 1),
    'lidar.nudge.right10': nudge(0, -1),
    'lidar.rotate.left': rotate(1),
    'lidar.rotate.right': rotate(-1),
    'lidar.rotate.left10': rotate(10),
    'lidar.rotate.right10': rotate(-10),
    'lidar.fit': { enabled: () => !!cuboid, run: () => cuboid && fitSelectedToPoints(store, cuboid, sweep) },
    // in this pane Delete removes the selected object's cuboid of this sample
    'edit.delete': { enabled: () => !!cuboid, run: () => cuboid && store.getState().dispatch(deleteAnnotation, { id: cuboid.id }) },
    ...classHotkeyHandlers(store, 'lidar', opts.pickClass),
    ...(opts.cuboidTool ? { 'tool.cuboid': opts.cuboidTool } : {}),
  });
}
