/**
 * A small valid scene for command and store tests: a camera and a LiDAR, each with two samples,
 * an audio sensor, a text document, four objects with a cuboid, a 2D box, a text span, and the
 * default taxonomy. Built by hand (the intrinsics are KITTI 000000's P2 values, rounded).
 */
import { DEFAULT_TAXONOMY, partitionAnnotations, Scene } from '../schema';
import { CommandError, execute, type CommandDef } from './command';

export function makeTestScene(): Scene {
  return Scene.parse({
    schemaVersion: 3,
    id: 'test',
    name: 'Test scene',
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'cam', name: 'CAM', kind: 'camera', frame: 'camera_2', intrinsics: { width: 1242, height: 375, fx: 721.5, fy: 721.5, cx: 609.6, cy: 172.9 } },
      { id: 'lidar', name: 'LIDAR', kind: 'lidar', frame: 'velodyne' },
      { id: 'mic', name: 'MIC', kind: 'audio', sampleRate: 16000 },
    ],
    streams: [
      { id: 'cam', sensor: 'cam', samples: [{ id: 'c0', t: 0 }, { id: 'c1', t: 0.1 }] },
      { id: 'lidar', sensor: 'lidar', samples: [{ id: 'l0', t: 0.01 }, { id: 'l1', t: 0.11 }] },
      { id: 'mic', sensor: 'mic', samples: [{ id: 'm0', t: 0, duration: 1 }] },
    ],
    objects: {
      o1: { id: 'o1', classId: 'car', name: 'Car 1', attributes: { occluded: 'none' } },
      o2: { id: 'o2', classId: 'pedestrian', attributes: {} },
      o3: { id: 'o3', classId: 'van', attributes: {} },
      o4: { id: 'o4', classId: 'speaker', name: 'Driver', attributes: {} },
    },
    annotations: partitionAnnotations({
      a1: { id: 'a1', kind: 'cuboid', object: 'o1', sensor: 'lidar', sample: 'l0', center: { x: 10, y: 1, z: -0.8 }, size: { l: 4, w: 1.8, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      a2: { id: 'a2', kind: 'box2d', object: 'o1', sensor: 'cam', sample: 'c0', x0: 100, y0: 150, x1: 200, y1: 220 },
      a3: { id: 'a3', kind: 'textSpan', object: 'o2', document: 'd1', start: 4, end: 14, language: 'en', text: 'pedestrian' },
    }),
    documents: [{ id: 'd1', text: 'The pedestrian crosses in front of the car.' }],
  });
}

/**
 * Assert that a command fails: it throws a CommandError whose message matches `message`, and the
 * input scene is left exactly as it was (compared as JSON, which a scene is). Throws otherwise.
 * Plain code, no test-runner import, so benches and scripts can use this module too.
 */
export function expectRejected<A>(scene: Scene, cmd: CommandDef<A>, args: A, message: RegExp): void {
  const before = JSON.stringify(scene);
  let error: unknown = null;
  try {
    execute(scene, cmd, args);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof CommandError)) throw new Error(`${cmd.type}: expected a CommandError, got ${error === null ? 'success' : String(error)}`);
  if (!message.test(error.message)) throw new Error(`${cmd.type}: error ${JSON.stringify(error.message)} does not match ${message}`);
  if (JSON.stringify(scene) !== before) throw new Error(`${cmd.type}: the rejected command changed the input scene`);
}
