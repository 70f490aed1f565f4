/**
 * A small scene for text tests, on the projection test scene (projection/testScene.ts: camera `cam`
 * with samples c0 at 0.04 s and c1 at 0.5 s (frame "A"); LiDAR `lidar` with l0 at 0 s (frame "A")
 * and l1 at 0.06 s; car o1's cuboid k1 on l0, 10 m ahead, 4 × 2 × 1.5 m; car o2's cuboid k2 on l1,
 * behind the sensor). Added here:
 * - o3, a pedestrian with a box on c0; o4, a van with a box on c1; o5, a white truck (object
 *   attribute) with a box on c1 and no cuboid;
 * - an audio sensor `mic` (one sample m0, 0–1 s) and a speaker o6 with transcript segments;
 * - an X-ray camera `xray` (no LiDAR pairs with it) whose `metadata.pixelSpacing` is 0.5 mm/px,
 *   sample x0 at 2 s, with a box of o7 (misc) 40 × 20 px.
 * What each sample holds (by hand from the above and the projection scene's comment):
 *   c0: o3 (box); k2 pairs with c0 by time but lies behind the camera, so o2 is not visible there.
 *   c1: o4, o5 (boxes) and o1 (k1 on l0 pairs with c1 by frame label "A" and projects into it).
 *   l0: o1; l1: o2; x0: o7.
 */
import { partitionAnnotations, Scene, type SceneInput } from '../schema';
import { projectionSceneInput } from '../projection/testScene';

export function textSceneInput(): SceneInput {
  const base = projectionSceneInput();
  const annotations = base.annotations as Record<string, Record<string, unknown>>;
  const flat = Object.values(annotations).flatMap((p) => Object.values(p));
  return {
    ...base,
    id: 'text',
    name: 'Text test scene',
    sensors: [
      ...base.sensors,
      { id: 'mic', name: 'MIC', kind: 'audio', sampleRate: 16000 },
      { id: 'xray', name: 'XRAY', kind: 'camera', frame: 'xray', intrinsics: { width: 512, height: 512, fx: 500, fy: 500, cx: 256, cy: 256 }, metadata: { pixelSpacing: 0.5 } },
    ],
    streams: [...base.streams, { id: 'mic', sensor: 'mic', samples: [{ id: 'm0', t: 0, duration: 1 }] }, { id: 'xray', sensor: 'xray', samples: [{ id: 'x0', t: 2 }] }],
    objects: {
      ...base.objects,
      o3: { id: 'o3', classId: 'pedestrian', attributes: {} },
      o4: { id: 'o4', classId: 'van', attributes: {} },
      o5: { id: 'o5', classId: 'truck', name: 'Truck 5', attributes: { color: 'white' } },
      o6: { id: 'o6', classId: 'speaker', name: 'Driver', attributes: {} },
      o7: { id: 'o7', classId: 'misc', name: 'Nodule', attributes: {} },
    },
    annotations: partitionAnnotations([
      ...(flat as never[]),
      { id: 'b3', kind: 'box2d', object: 'o3', sensor: 'cam', sample: 'c0', x0: 100, y0: 100, x1: 150, y1: 220 },
      { id: 'b4', kind: 'box2d', object: 'o4', sensor: 'cam', sample: 'c1', x0: 600, y0: 200, x1: 800, y1: 300 },
      { id: 'b5', kind: 'box2d', object: 'o5', sensor: 'cam', sample: 'c1', x0: 50, y0: 150, x1: 300, y1: 320 },
      { id: 'bx', kind: 'box2d', object: 'o7', sensor: 'xray', sample: 'x0', x0: 100, y0: 100, x1: 140, y1: 120 },
    ]),
    documents: [],
  };
}

export const makeTextScene = (): Scene => Scene.parse(textSceneInput());
