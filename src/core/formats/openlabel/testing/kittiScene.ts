/**
 * Test fixture: a multi-sensor scene built by hand from the real KITTI object frames 000000/000001
 * (public/demo/kitti: calib P2, R0_rect, Tr_velo_to_cam of 000000; label_2 boxes of 000000), plus
 * what KITTI lacks: a distorted camera, a fisheye camera, audio, a document, a mask.
 */
import { DEFAULT_TAXONOMY, partitionAnnotations, Scene, type SceneInput } from '../../../schema';
import { rleEncode, rleToString } from '../../coco/rle';

// calib/000000.txt
const P2 = { fx: 707.0493, fy: 707.0493, cx: 604.0814, cy: 180.5066 };
const TR_VELO_TO_CAM = [6.927964e-3, -9.999722e-1, -2.757829e-3, -2.457729e-2, -1.162982e-3, 2.749836e-3, -9.999955e-1, -6.127237e-2, 9.999753e-1, 6.931141e-3, -1.143899e-3, -3.321029e-1, 0, 0, 0, 1];
const R0 = [9.999128e-1, 1.009263e-2, -8.511932e-3, 0, -1.012729e-2, 9.999406e-1, -4.037671e-3, 0, 8.470675e-3, 4.123522e-3, 9.999556e-1, 0, 0, 0, 0, 1];
// camera_2 → camera_0_rect: the ~6 cm baseline of P2's 4th column (rounded, illustrative; only round-tripped here)
const CAM2_TO_RECT = [1, 0, 0, -0.06471865, 0, 1, 0, -0.00046348, 0, 0, 1, 0.0027, 0, 0, 0, 1];

export function kittiScene(): Scene {
  const input: SceneInput = {
    schemaVersion: 3,
    id: 'kitti-000000',
    name: 'KITTI object 000000-000001',
    taxonomy: DEFAULT_TAXONOMY,
    metadata: { source: 'KITTI object benchmark', licence: 'CC BY-NC-SA 3.0' },
    sensors: [
      { id: 'cam2', name: 'KITTI camera 2', kind: 'camera', frame: 'camera_2', intrinsics: { width: 1242, height: 375, ...P2, distortion: { model: 'opencv', k1: -0.05, k2: 0.01, p1: 0.001, p2: -0.0005, k3: 0.002, maxRadius: 1.2 } }, extrinsics: { from: 'camera_2', to: 'camera_0_rect', repr: { kind: 'matrix4x4', rowMajor: CAM2_TO_RECT } } },
      { id: 'fish', name: 'side fisheye', kind: 'camera', frame: 'fisheye_left', intrinsics: { width: 1280, height: 960, fx: 330.5, fy: 331.25, cx: 640.5, cy: 480.25, distortion: { model: 'fisheye', k1: 0.05, k2: -0.01, k3: 0.002, k4: -0.0004 } }, extrinsics: { from: 'fisheye_left', to: 'velodyne', repr: { kind: 'quaternion', rotation: { x: 0.5, y: -0.5, z: 0.5, w: -0.5 }, translation: { x: 0.2, y: 0.9, z: -0.4 } } } },
      { id: 'velo', name: 'Velodyne HDL-64E', kind: 'lidar', frame: 'velodyne', extrinsics: { from: 'velodyne', to: 'camera_0', repr: { kind: 'matrix4x4', rowMajor: TR_VELO_TO_CAM } }, metadata: { rings: 64 } },
      { id: 'mic', name: 'cabin microphone', kind: 'audio', sampleRate: 16000, channels: 1 },
    ],
    transforms: [{ from: 'camera_0', to: 'camera_0_rect', repr: { kind: 'matrix4x4', rowMajor: R0 } }],
    streams: [
      {
        id: 'cam2',
        sensor: 'cam2',
        samples: [
          { id: 'cam2/000000', t: 0, frame: '000000', uri: 'image_2/000000.png', original: { value: 0, unit: 'frame-index' }, intrinsics: { width: 1242, height: 375, fx: 707.0493, fy: 707.0493, cx: 604.0814, cy: 180.5066 }, transforms: [{ from: 'camera_2', to: 'camera_0_rect', repr: { kind: 'matrix4x4', rowMajor: CAM2_TO_RECT } }] },
          { id: 'cam2/000001', t: 0.1, frame: '000001', uri: 'image_2/000001.png', metadata: { exposure_ms: 2 } },
        ],
      },
      { id: 'fish', sensor: 'fish', samples: [{ id: 'fish/0', t: 0.004, frame: '000000', uri: 'fish/0.jpg' }] },
      { id: 'velo', sensor: 'velo', offset: 0.0125, drift: 1e-6, samples: [{ id: 'velo/000000', t: 0.002, frame: '000000', uri: 'velodyne/000000.bin' }, { id: 'velo/000001', t: 0.102, frame: '000001', uri: 'velodyne/000001.bin' }] },
      { id: 'mic', sensor: 'mic', samples: [{ id: 'mic/0', t: 0, duration: 30, uri: 'audio.wav' }] },
    ],
    objects: {
      ped: { id: 'ped', classId: 'pedestrian', name: 'Pedestrian 1', attributes: { occluded: 'none', moving: true, height_m: 1.89 } },
      truck: { id: 'truck', classId: 'truck', attributes: {} },
      car: { id: 'car', classId: 'car', name: 'Car 1', attributes: { moving: false } },
      voice: { id: 'voice', classId: 'speaker', name: 'driver', attributes: {} },
    },
    annotations: partitionAnnotations({
      // label_2/000000.txt: Pedestrian bbox 712.40 143.00 810.73 307.92, dims 1.89 0.48 1.20, location (1.84, 1.47, 8.41) in camera_0_rect
      c_ped: { id: 'c_ped', kind: 'cuboid', object: 'ped', sensor: 'velo', sample: 'velo/000000', center: { x: 8.66, y: -1.8, z: -0.76 }, size: { l: 1.2, w: 0.48, h: 1.89 }, rotation: { x: 0, y: 0, z: 0.0998, w: 0.995 }, source: 'manual', attributes: { difficulty: 'easy' } },
      b_ped: { id: 'b_ped', kind: 'box2d', object: 'ped', sensor: 'cam2', sample: 'cam2/000000', x0: 712.4, y0: 143, x1: 810.73, y1: 307.92, truncated: 0, occluded: 0, source: 'imported' },
      p_ped: { id: 'p_ped', kind: 'box2d', object: 'ped', sensor: 'cam2', sample: 'cam2/000000', x0: 710.1, y0: 141.5, x1: 812.9, y1: 309.25, source: 'projected', fromCuboid: 'c_ped', projected: { x0: 709, y0: 140, x1: 813, y1: 310 } },
      c_truck: { id: 'c_truck', kind: 'cuboid', object: 'truck', sensor: 'velo', sample: 'velo/000001', center: { x: 69.8, y: -0.43, z: -0.3 }, size: { l: 12.34, w: 2.63, h: 2.85 }, rotation: { x: 0, y: 0, z: 0.00707, w: 0.99998 }, score: 0.87, source: 'model' },
      b_truck: { id: 'b_truck', kind: 'box2d', object: 'truck', sensor: 'cam2', sample: 'cam2/000001', x0: 599.41, y0: 156.4, x1: 629.75, y1: 189.25, attributes: { occluded: 'partly', 'attr:x': 1 } },
      poly_car: { id: 'poly_car', kind: 'polygon', object: 'car', sensor: 'cam2', sample: 'cam2/000000', points: [{ x: 387.63, y: 181.54 }, { x: 423.81, y: 181.54 }, { x: 423.81, y: 203.12 }, { x: 387.63, y: 203.12 }], closed: true },
      nv_car: { id: 'nv_car', kind: 'notVisible', object: 'car', sensor: 'fish', sample: 'fish/0', reason: 'out_of_frame', comment: 'behind the fisheye' },
      nv_car2: { id: 'nv_car2', kind: 'notVisible', object: 'car', sensor: 'cam2', sample: 'cam2/000001', reason: 'occluded' },
      seg: { id: 'seg', kind: 'timeSegment', object: 'voice', sensor: 'mic', start: 1.5, end: 3.25, speaker: 'speaker90', text: 'turn left here' },
      span: { id: 'span', kind: 'textSpan', object: 'car', document: 'caption', start: 4, end: 7, language: 'en', text: 'car' },
      span2: { id: 'span2', kind: 'textSpan', object: 'ped', document: 'caption', start: 19, end: 29, language: 'en' },
    }),
    ignoreRegions: [
      { id: 'dc0', sensor: 'cam2', sample: 'cam2/000000', x0: 503.89, y0: 169.71, x1: 590.61, y1: 190.13 },
      { id: 'dc1', sensor: 'cam2', sample: 'cam2/000000', x0: 511.35, y0: 174.96, x1: 527.81, y1: 187.45, label: 'crowd' },
    ],
    documents: [{ id: 'caption', title: 'scene caption', text: 'The car waits; the pedestrian crosses.', language: 'en' }],
  };
  return Scene.parse(input);
}

/** A row-major h*w mask that is 1 where `inside(x, y)` holds at the pixel centre. */
export function paintMask(h: number, w: number, inside: (x: number, y: number) => boolean): Uint8Array {
  const m = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (inside(x + 0.5, y + 0.5)) m[y * w + x] = 1;
  return m;
}

/**
 * The same scene plus two masks on cam2/000000 (375 x 1242): the car's polygon filled (compressed
 * string counts, from a model with a score) and an ellipse inside the pedestrian's box (uncompressed
 * counts, a user attribute named like a reserved one).
 */
export function kittiSceneWithMask(): Scene {
  const s = kittiScene();
  const [h, w] = [375, 1242];
  const car = rleEncode(paintMask(h, w, (x, y) => x >= 387.63 && x <= 423.81 && y >= 181.54 && y <= 203.12), h, w);
  const ped = rleEncode(paintMask(h, w, (x, y) => ((x - 761.5) / 45) ** 2 + ((y - 225.5) / 80) ** 2 <= 1), h, w);
  (s.annotations['cam2/000000'] ??= {}).m_car = { id: 'm_car', kind: 'mask', object: 'car', sensor: 'cam2', sample: 'cam2/000000', source: 'model', score: 0.9, rle: { size: car.size, counts: rleToString(car.counts) } };
  s.annotations['cam2/000000'].m_ped = { id: 'm_ped', kind: 'mask', object: 'ped', sensor: 'cam2', sample: 'cam2/000000', source: 'manual', attributes: { quality: 'rough', size: 'large' }, rle: ped };
  return s;
}
