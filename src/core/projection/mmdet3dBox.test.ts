/**
 * cuboidBox(..., {mode: 'mmdet3d'}): the two drop rules of mmdet3d's converter besides "the hull of
 * the corners in front misses the image" (get_nuscenes_2d_boxes and post_process_coords in
 * mmdet3d/datasets/convert_utils.py): a box whose centre has depth ≤ 0 is skipped
 * (`if repro_rec['depth'] <= 0: continue`), and a hull that meets the image only in a segment or a
 * point gives shapely a non-Polygon intersection, so `post_process_coords` returns None.
 * Hand-made cuboids with hand-computed pixels.
 */
import { describe, expect, it } from 'vitest';
import { createCameraModel } from '../calibration';
import { cuboidBox } from './cuboidBox';

const cam = (cx: number) => createCameraModel({ width: 1600, height: 900, fx: 1000, fy: 1000, cx, cy: 450, skew: 0, distortion: { model: 'none' } }, 'cam');
const flat = (pts: number[][]) => pts.flat();

describe("cuboidBox mode 'mmdet3d': the converter's drop rules", () => {
  // axis-aligned 2 × 2 × 2 m box around the camera centre, shifted along the optical axis by dz
  const straddling = (dz: number) => flat([-1, 1].flatMap((x) => [-1, 1].flatMap((y) => [-1, 1].map((z) => [x, y, z + dz]))));

  it('drops a box whose centre is behind the camera even when four corners are in front', () => {
    // corners at z = 0.9 project to u = 800 ± 1111, v = 450 ± 1111: the hull covers the whole image
    expect(cuboidBox(straddling(-0.1), cam(800), { mode: 'mmdet3d' })).toBeUndefined();
    // centre 0.1 m in front: kept, clamped to the image
    expect(cuboidBox(straddling(0.1), cam(800), { mode: 'mmdet3d' })?.box).toEqual([0, 0, 1600, 900]);
    // the default (clip) mode keeps both
    expect(cuboidBox(straddling(-0.1), cam(800))).toBeDefined();
  });

  // a 14.1 × 2 × 1.4 m cuboid whose near face lies in the plane x = z: with cx = 600 that face
  // projects onto the image's right edge u = 1600 exactly, everything else to u > 1600
  const edgeOn = (dx: number) =>
    flat([[10, 10], [20, 20], [11, 9], [21, 19]].flatMap(([x, z]) => [-1, 1].map((y) => [x + dx, y, z])));

  it('drops a box whose hull touches the image only along its edge (a segment, not a polygon)', () => {
    expect(cuboidBox(edgeOn(0), cam(600), { mode: 'mmdet3d' })).toBeUndefined();
    // 1 cm further left the near face is inside by 1 px (u = 600 + 1000·9.99/10 = 1599 at z = 10)
    const r = cuboidBox(edgeOn(-0.01), cam(600), { mode: 'mmdet3d' });
    expect(r).toBeDefined();
    expect(r!.box[0]).toBeCloseTo(1599, 9);
    expect(r!.box[2]).toBe(1600);
    // top/bottom: where the edge from (1599, 350) to the far corner (600 + 1000·10.99/9, 450 − 1000/9) crosses u = 1600
    const [ua, va, ub, vb] = [1599, 350, 600 + (1000 * 10.99) / 9, 450 - 1000 / 9];
    const v = va + ((1600 - ua) / (ub - ua)) * (vb - va);
    expect(r!.box[1]).toBeCloseTo(v, 9); // 349.95
    expect(r!.box[3]).toBeCloseTo(900 - v, 9);
  });
});
