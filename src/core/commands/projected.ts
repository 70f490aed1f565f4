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
import { current } from 'immer';
import { dropAnnotation, findAnnotations, locateAnnotation, putAnnotation, replaceAnnotation } from './draftAnnotations';

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

/** Store a projected box: `box.id` must be free or hold a box derived from a cuboid, which it replaces (in its partition, or moved to the box's). */
function storeBox(draft: Scene, box: Box2D): void {
  const key = locateAnnotation(draft, box.id);
  if (key === undefined) return putAnnotation(draft, box);
  const old = draft.annotations[key][box.id];
  if (!(old.kind === 'box2d' && old.fromCuboid !== undefined)) throw new CommandError(`annotation "${box.id}" already exists and is not a projected box`);
  replaceAnnotation(draft, key, box);
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
    storeBox(draft, box);
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
    // an accepted box being overridden keeps what annotators recorded on it (per-frame attributes)
    const oldKey = locateAnnotation(draft, boxId);
    const old = oldKey === undefined ? undefined : draft.annotations[oldKey][boxId];
    const box: Box2D = {
      id: boxId, kind: 'box2d', object: p.object, sensor: p.sensor, sample: p.sample, source: 'manual', fromCuboid: cuboid,
      x0, y0, x1, y1, projected: { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }, truncated: p.truncated,
      ...(old?.attributes ? { attributes: { ...old.attributes } } : {}),
    };
    storeBox(draft, box);
  },
});

export const refreshProjectedBoxes = defineCommand<{ cuboid: string }>({
  type: 'projected/refresh',
  label: 'Refresh projected boxes',
  run(draft, { cuboid }) {
    const c = requireCuboid(draft, cuboid);
    for (const { partition, annotation } of findAnnotations(draft, (a): a is Box2D => a.kind === 'box2d' && a.fromCuboid === cuboid)) {
      const cam = draft.sensors.find((s): s is CameraSensor => s.kind === 'camera' && s.id === annotation.sensor);
      if (!cam) continue;
      const p = project(draft, c, cam);
      const a = draft.annotations[partition][annotation.id] as Box2D;
      if (a.source === 'projected') {
        if (!p) {
          dropAnnotation(draft, partition, a.id);
          continue;
        }
        [a.x0, a.y0, a.x1, a.y1] = p.box;
        a.truncated = p.truncated;
        if (a.sample !== p.sample) {
          a.sample = p.sample; // another camera sample: the box moves to that sample's partition
          replaceAnnotation(draft, partition, current(a));
        }
      } else if (p) a.projected = { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] };
      else delete a.projected;
    }
  },
});
