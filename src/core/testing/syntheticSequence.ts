/**
 * A synthetic driving sequence for benchmarks and large-scene tests: F frames × N objects moving
 * in straight lines, one LiDAR (a 10k-point random sweep per frame when `clouds` is asked for) and
 * two pinhole cameras (front, left; 1600×900) with a box per visible cuboid, 1–3 px off its
 * projection. Deterministic (seeded), pure (no I/O), so Node benches and browser tests build the
 * same scene.
 */
import { createQaContext, type QaInputs } from '../qa';
import { quat } from '../math';
import { DEFAULT_TAXONOMY, partitionAnnotations, type Annotation, type ObjectTrack, type Sample, type Scene } from '../schema';

const CLASSES = ['car', 'van', 'truck', 'pedestrian', 'cyclist'];
const intr = { width: 1600, height: 900, fx: 1200, fy: 1200, cx: 800, cy: 450, skew: 0, distortion: { model: 'none' as const } };
const mat = (rows: number[]) => ({ kind: 'matrix4x4' as const, rowMajor: rows });

export function syntheticSequence(frames: number, objects: number): { scene: Scene; inputs: QaInputs } {
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const annotations: Record<string, Annotation> = {};
  const objs: Record<string, ObjectTrack> = {};
  const lidar: Sample[] = [], front: Sample[] = [], left: Sample[] = [];
  const clouds = new Map<string, Float32Array>();
  const start = Array.from({ length: objects }, () => ({ x: 6 + 40 * rnd(), y: -15 + 30 * rnd(), yaw: rnd() * 6.28, v: 5 * rnd() }));
  start.forEach((_, k) => (objs[`o${k}`] = { id: `o${k}`, classId: CLASSES[k % CLASSES.length], attributes: { moving: true } }));
  for (let f = 0; f < frames; f++) {
    const frame = String(f).padStart(6, '0'), t = f * 0.1;
    lidar.push({ id: `lidar/${frame}`, t, frame });
    front.push({ id: `front/${frame}`, t: t + 0.004, frame });
    left.push({ id: `left/${frame}`, t: t + 0.006, frame });
    const pts = new Float32Array(3 * 10_000);
    for (let i = 0; i < pts.length; i += 3) {
      pts[i] = 60 * rnd() - 10;
      pts[i + 1] = 60 * rnd() - 30;
      pts[i + 2] = 3 * rnd() - 1.7;
    }
    clouds.set(`lidar/${frame}`, pts);
    start.forEach((o, k) => {
      const x = o.x + o.v * t * Math.cos(o.yaw), y = o.y + o.v * t * Math.sin(o.yaw);
      annotations[`c${k}-${f}`] = { id: `c${k}-${f}`, kind: 'cuboid', object: `o${k}`, source: 'manual', sensor: 'lidar', sample: `lidar/${frame}`, center: { x, y, z: -0.9 }, size: { l: 4, w: 1.8, h: 1.6 }, rotation: quat.fromYaw(o.yaw) };
    });
  }
  const scene: Scene = {
    schemaVersion: 3, id: 'bench', name: 'QA bench', taxonomy: structuredClone(DEFAULT_TAXONOMY), qa: { waivers: [], reviews: [] }, comparisons: {},
    sensors: [
      { id: 'lidar', name: 'LiDAR', kind: 'lidar', frame: 'lidar' },
      { id: 'front', name: 'CAM_FRONT', kind: 'camera', frame: 'cam_front', intrinsics: intr, extrinsics: { from: 'cam_front', to: 'lidar', repr: mat([0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1]) } },
      { id: 'left', name: 'CAM_LEFT', kind: 'camera', frame: 'cam_left', intrinsics: intr, extrinsics: { from: 'cam_left', to: 'lidar', repr: mat([1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1]) } },
    ],
    transforms: [],
    streams: [
      { id: 'lidar', sensor: 'lidar', samples: lidar, offset: 0, drift: 0 },
      { id: 'front', sensor: 'front', samples: front, offset: 0, drift: 0 },
      { id: 'left', sensor: 'left', samples: left, offset: 0, drift: 0 },
    ],
    objects: objs, annotations: partitionAnnotations(annotations), ignoreRegions: [], timeLabels: {},
    documents: [{ id: 'caption', language: 'en', text: 'Cars, vans and a truck drive past pedestrians and a cyclist; one bus in the distance.' }],
    metadata: {},
  };
  // Camera boxes: the projected box, 1–3 px off, where the cuboid is visible.
  for (const p of createQaContext(scene).projections().items) {
    if (!p.projection) continue;
    const [x0, y0, x1, y1] = p.projection.box, j = 1 + 2 * rnd();
    annotations[`b-${p.cuboid}-${p.camera}`] = { id: `b-${p.cuboid}-${p.camera}`, kind: 'box2d', object: p.object, source: 'manual', sensor: p.camera, sample: p.sample, x0: x0 + j, y0, x1: x1 + j, y1 };
  }
  scene.annotations = partitionAnnotations(annotations);
  return { scene, inputs: { cloudOf: (_s, id) => ({ positions: clouds.get(id)! }) } };
}
