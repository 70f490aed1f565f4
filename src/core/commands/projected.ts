/**
 * Commands on projected 2D boxes (boxes derived from a cuboid through the calibration):
 * - `projected/accept`: store the current projection as a box2d with source 'projected' + fromCuboid;
 * - `projected/override`: store an annotator's rect as source 'manual', keeping the projection in
 *   `projected` so the deviation is always known (see boxDeviation);
 * - `projected/refresh`: recompute the stored boxes of a cuboid after it moved (projected boxes
 *   take the new rect; overrides keep their rect and get the new `projected`).
 */
import type { Box2D, CameraSensor, Cuboid, Scene } from '../schema';
import { projectCuboidInCamera, projectedBoxId, toProjectedBox2D, type SceneProjection } from '../projection/scene';
import { CommandError, defineCommand } from './command';
import { requireAnnotation } from './guard';

export { boxDeviation, iou, type BoxDeviation } from '../projection/deviation';

function requireCuboid(scene: Scene, id: string): Cuboid {
  const a = requireAnnotation(scene, id);
  if (a.kind !== 'cuboid') throw new CommandError(`annotation "${id}" is a ${a.kind}, not a cuboid`);
  return a;
}

function requireCamera(scene: Scene, id: string): CameraSensor {
  const s = scene.sensors.find((x) => x.id === id);
  if (!s) throw new CommandError(`sensor "${id}" does not exist`);
  if (s.kind !== 'camera') throw new CommandError(`sensor "${id}" is a ${s.kind}, not a camera`);
  return s;
}

function project(scene: Scene, cuboid: Cuboid, camera: CameraSensor): SceneProjection | undefined {
  try {
    return projectCuboidInCamera(scene, cuboid, camera);
  } catch (e) {
    throw new CommandError(`cannot project cuboid "${cuboid.id}" into camera "${camera.id}": ${(e as Error).message}`);
  }
}

function mustProject(scene: Scene, cuboid: Cuboid, camera: CameraSensor): SceneProjection {
  const p = project(scene, cuboid, camera);
  if (!p) throw new CommandError(`cuboid "${cuboid.id}" is not visible in camera "${camera.id}"`);
  return p;
}

function checkFreeId(scene: Scene, id: string): void {
  const old = scene.annotations[id];
  if (old && !(old.kind === 'box2d' && old.fromCuboid !== undefined)) throw new CommandError(`annotation "${id}" already exists and is not a projected box`);
}

export interface AcceptProjectedArgs {
  cuboid: string;
  camera: string;
  /** Default: projectedBoxId(cuboid, camera). */
  id?: string;
}

export const acceptProjectedBox = defineCommand<AcceptProjectedArgs>({
  type: 'projected/accept',
  label: 'Accept projected box',
  run(draft, { cuboid, camera, id }) {
    const c = requireCuboid(draft, cuboid);
    const p = mustProject(draft, c, requireCamera(draft, camera));
    const box = toProjectedBox2D(p, id ?? projectedBoxId(cuboid, camera));
    checkFreeId(draft, box.id);
    draft.annotations[box.id] = box;
  },
});

export interface OverrideProjectedArgs extends AcceptProjectedArgs {
  rect: { x0: number; y0: number; x1: number; y1: number };
}

export const overrideProjectedBox = defineCommand<OverrideProjectedArgs>({
  type: 'projected/override',
  label: 'Override projected box',
  run(draft, { cuboid, camera, id, rect }) {
    const { x0, y0, x1, y1 } = rect;
    if (![x0, y0, x1, y1].every(Number.isFinite) || x1 < x0 || y1 < y0) throw new CommandError(`override rect must be finite with x1 >= x0 and y1 >= y0, got ${JSON.stringify(rect)}`);
    const c = requireCuboid(draft, cuboid);
    const p = mustProject(draft, c, requireCamera(draft, camera));
    const boxId = id ?? projectedBoxId(cuboid, camera);
    checkFreeId(draft, boxId);
    // an accepted box being overridden keeps what annotators recorded on it (per-frame attributes)
    const old = draft.annotations[boxId];
    const box: Box2D = {
      id: boxId, kind: 'box2d', object: p.object, sensor: p.sensor, sample: p.sample, source: 'manual', fromCuboid: cuboid,
      x0, y0, x1, y1, projected: { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }, truncated: p.truncated,
      ...(old?.attributes ? { attributes: { ...old.attributes } } : {}),
    };
    draft.annotations[boxId] = box;
  },
});

export const refreshProjectedBoxes = defineCommand<{ cuboid: string }>({
  type: 'projected/refresh',
  label: 'Refresh projected boxes',
  run(draft, { cuboid }) {
    const c = requireCuboid(draft, cuboid);
    for (const a of Object.values(draft.annotations)) {
      if (a.kind !== 'box2d' || a.fromCuboid !== cuboid) continue;
      const cam = draft.sensors.find((s): s is CameraSensor => s.kind === 'camera' && s.id === a.sensor);
      if (!cam) continue;
      const p = project(draft, c, cam);
      if (a.source === 'projected') {
        if (!p) {
          delete draft.annotations[a.id];
          continue;
        }
        [a.x0, a.y0, a.x1, a.y1] = p.box;
        a.sample = p.sample;
        a.truncated = p.truncated;
      } else if (p) a.projected = { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] };
      else delete a.projected;
    }
  },
});
