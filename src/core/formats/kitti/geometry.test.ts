/**
 * Label box ↔ velodyne cuboid. Reference numbers from numpy, written independently of this code
 * (devkit corner formula, then np.linalg.inv(R0_rect4 @ Tr_velo_to_cam4) applied to homogeneous points):
 *   label_2/000001.txt row 2 (Car):  centre in velodyne = [58.77207574, 16.55081164, -0.84120314]
 *     corner 0 = [56.9368668, 15.6229877, -1.70527819], corner 6 = [60.6072847, 17.4786356, 0.0228719110]
 *   label_2/000002.txt row 1 (Misc): centre = [8.83129289, -3.22253756, -0.79196172]
 *     corner 0 = [10.0930442, -2.59680281, -1.58725387], corner 6 = [7.56954157, -3.84827230, 0.00333044200]
 *   P2 of calib/000000.txt: np.linalg.solve(P[:, :3], P[:, 3]) = [0.06046166, -0.00176016, 0.00498102]
 *   P2 of calib/000001.txt: [0.05984926, -0.00035793, 0.00274588]
 */
import { describe, expect, it } from 'vitest';
import { mat4, quat } from '../../math';
import { parseKittiCalib } from './calib';
import { cameraOffsetFromP, kittiCorners, labelToVelodyneCuboid, rectFromVelodyne, velodyneCuboidToLabelBox, type CuboidGeometry } from './geometry';
import { parseKittiLabels } from './labels';
import { demoText } from './testing';

/** Our cuboid's corners in the velodyne frame, in the devkit's corner order. */
function cuboidCorners(c: CuboidGeometry): number[][] {
  const { l, w, h } = c.size;
  const xs = [l / 2, l / 2, -l / 2, -l / 2, l / 2, l / 2, -l / 2, -l / 2];
  const ws = [w / 2, -w / 2, -w / 2, w / 2, w / 2, -w / 2, -w / 2, w / 2]; // KITTI z → our y
  const hs = [-h / 2, -h / 2, -h / 2, -h / 2, h / 2, h / 2, h / 2, h / 2]; // KITTI −y → our z (up)
  const m = quat.toMat4(c.rotation, c.center);
  return xs.map((x, i) => Array.from(mat4.applyToPoint(m, x, ws[i], hs[i])));
}

const cases = [
  { frame: '000001', row: 1, centre: [58.77207574, 16.55081164, -0.84120314], c0: [56.9368668, 15.6229877, -1.70527819], c6: [60.6072847, 17.4786356, 0.022871911] },
  { frame: '000002', row: 0, centre: [8.83129289, -3.22253756, -0.79196172], c0: [10.0930442, -2.59680281, -1.58725387], c6: [7.56954157, -3.8482723, 0.003330442] },
];

describe('KITTI box geometry', () => {
  it('offsets camera 2 from the rectified frame by K⁻¹·P2[:,3]', () => {
    const t0 = cameraOffsetFromP(parseKittiCalib(demoText('calib/000000.txt'), 'c').P2);
    [0.06046166, -0.00176016, 0.00498102].forEach((v, i) => expect(t0[i]).toBeCloseTo(v, 7));
    const t1 = cameraOffsetFromP(parseKittiCalib(demoText('calib/000001.txt'), 'c').P2);
    [0.05984926, -0.00035793, 0.00274588].forEach((v, i) => expect(t1[i]).toBeCloseTo(v, 7));
  });

  it.each(cases)('maps row $row of frame $frame into the velodyne frame like numpy', ({ frame, row, centre, c0, c6 }) => {
    const calib = parseKittiCalib(demoText(`calib/${frame}.txt`), frame);
    const label = parseKittiLabels(demoText(`label_2/${frame}.txt`), frame)[row];
    const cub = labelToVelodyneCuboid(label, mat4.invert(rectFromVelodyne(calib)));
    expect(cub.center.x).toBeCloseTo(centre[0], 6);
    expect(cub.center.y).toBeCloseTo(centre[1], 6);
    expect(cub.center.z).toBeCloseTo(centre[2], 6);
    expect(cub.size).toEqual({ l: label.dimensions.l, w: label.dimensions.w, h: label.dimensions.h });
    const corners = cuboidCorners(cub);
    // R0_rect·Tr is not exactly orthonormal (~1e-6), so a rigid box matches the mapped corners to < 1 mm.
    corners[0].forEach((v, i) => expect(Math.abs(v - c0[i])).toBeLessThan(1e-3));
    corners[6].forEach((v, i) => expect(Math.abs(v - c6[i])).toBeLessThan(1e-3));
  });

  it.each(['000000', '000001', '000002'])('cuboid corners mapped back to the rectified frame reproduce label_2/%s.txt', (frame) => {
    const calib = parseKittiCalib(demoText(`calib/${frame}.txt`), frame);
    const rectFromVelo = rectFromVelodyne(calib);
    for (const label of parseKittiLabels(demoText(`label_2/${frame}.txt`), frame).filter((r) => r.type !== 'DontCare')) {
      const cub = labelToVelodyneCuboid(label, mat4.invert(rectFromVelo));
      // corners → rectified camera frame, compared with the devkit corners of the label itself
      const back = cuboidCorners(cub).map((p) => Array.from(mat4.applyToPoint(rectFromVelo, p[0], p[1], p[2])));
      const expected = kittiCorners(label);
      back.forEach((p, i) => p.forEach((v, k) => expect(Math.abs(v - expected[3 * i + k])).toBeLessThan(1e-3)));
      // and the inverse conversion gives the label's own numbers
      const box = velodyneCuboidToLabelBox(cub, rectFromVelo);
      (['x', 'y', 'z'] as const).forEach((k) => expect(box.location[k]).toBeCloseTo(label.location[k], 4));
      expect(box.dimensions).toEqual(label.dimensions);
      expect(box.rotationY).toBeCloseTo(label.rotationY, 4);
    }
  });

  it('the corners from the cuboid agree with the bottom-centre location: bottom face at y = location.y', () => {
    const label = parseKittiLabels(demoText('label_2/000000.txt'), 'x')[0];
    const c = kittiCorners(label);
    for (let i = 0; i < 4; i++) expect(c[3 * i + 1]).toBeCloseTo(label.location.y, 12);
    for (let i = 4; i < 8; i++) expect(c[3 * i + 1]).toBeCloseTo(label.location.y - label.dimensions.h, 12);
  });
});
