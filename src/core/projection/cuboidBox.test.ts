/** Cuboid → 2D box edge cases and sweep projection. Expected numbers are hand computed (pinhole u = fx·x/z + cx). */
import { describe, expect, it } from 'vitest';
import { createCameraModel, projectPoint } from '../calibration';
import { cuboidCorners, type CuboidGeometry } from '../geometry';
import { mat4 } from '../math';
import { cuboidBox, cuboidBoxInto, cuboidWireframe } from './cuboidBox';
import { allocateSweepProjection, projectSweep } from './sweep';

const cam = createCameraModel({ width: 1000, height: 500, fx: 500, fy: 500, cx: 500, cy: 250, skew: 0, distortion: { model: 'none' } });
// camera frame box: axis-aligned (identity rotation: l along x, w along y, h along z)
const box = (x: number, y: number, z: number, l = 2, w = 2, h = 2): CuboidGeometry => ({ center: { x, y, z }, size: { l, w, h }, rotation: { x: 0, y: 0, z: 0, w: 1 } });

describe('cuboidBox', () => {
  it('fully visible: the exact corner extent, not truncated', () => {
    // corners x ∈ [-1, 1], y ∈ [-1, 1], z ∈ [9, 11]: u extremes at z = 9: 500 ± 500/9
    const r = cuboidBox(cuboidCorners(box(0, 0, 10)), cam)!;
    expect(r.box[0]).toBeCloseTo(500 - 500 / 9, 9);
    expect(r.box[3]).toBeCloseTo(250 + 500 / 9, 9);
    expect(r.truncated).toBe(0);
  });

  it('entirely behind the camera: undefined', () => {
    expect(cuboidBox(cuboidCorners(box(0, 0, -10)), cam)).toBeUndefined();
  });

  it('entirely outside the image: undefined', () => {
    expect(cuboidBox(cuboidCorners(box(100, 0, 10)), cam)).toBeUndefined();
  });

  it('straddling the camera plane: clipped at the near plane, clamped, truncated > 0', () => {
    // z ∈ [-1, 3], x ∈ [0.5, 2.5]: near-clipped at z = 0.1 → u = 500 + 500·0.5/0.1 = 3000 > W, so the box spans
    // from u = 500 + 500·0.5/3 = 583.3 to the right border
    const r = cuboidBox(cuboidCorners(box(1.5, 0, 1, 2, 2, 4)), cam)!;
    expect(r.box[0]).toBeCloseTo(500 + 500 * 0.5 / 3, 9);
    expect(r.box[2]).toBe(1000);
    expect(r.truncated).toBeGreaterThan(0.5);
    // with a deeper near plane the unclamped extent changes, as it should
    const out = new Float64Array(5);
    expect(cuboidBoxInto(cuboidCorners(box(1.5, 0, 1, 2, 2, 4)), cam, out, 1)).toBe(true);
    expect(out[0]).toBeCloseTo(583.333333, 5);
  });

  it('camera inside the cuboid: covers the whole image', () => {
    const r = cuboidBox(cuboidCorners(box(0, 0, 0, 10, 10, 10)), cam)!;
    expect(r.box).toEqual([0, 0, 1000, 500]);
    expect(r.truncated).toBeGreaterThan(0.9);
  });

  it('a box ending exactly on the image border stays inside, untruncated', () => {
    // x ∈ [0, 2] at z = 2 (front face, nearest): u from 500 to 500 + 500·2/2 = 1000 = W
    const r = cuboidBox(cuboidCorners(box(1, 0, 3, 2, 1, 2)), cam)!;
    expect(r.box[2]).toBeCloseTo(1000, 9);
    expect(r.truncated).toBeCloseTo(0, 12);
  });

  it('under distortion straight edges become curves: the box follows the bulge, not just the corners', () => {
    // barrel k1 = -0.3; a wide flat box x ∈ [-4, 4], y ∈ [-1, 1], z ∈ [4.9, 5.1]. The top edge's midpoint
    // (0, -1, 4.9) has a small radius and is pulled in least, so it is the box's top, above every corner:
    // by hand b = -1/4.9, r² = b², v = 250 + 500·b·(1 - 0.3 r²) = 149.234 (to 1e-3)
    const d = createCameraModel({ width: 1000, height: 500, fx: 500, fy: 500, cx: 500, cy: 250, skew: 0, distortion: { model: 'opencv', k1: -0.3, k2: 0, p1: 0, p2: 0, k3: 0, k4: 0, k5: 0, k6: 0 } });
    const c = cuboidCorners(box(0, 0, 5, 8, 2, 0.2));
    const b = -1 / 4.9;
    const sampled = cuboidBox(c, d, { samplesPerEdge: 33 })!;
    const cornersOnly = cuboidBox(c, d, { samplesPerEdge: 2 })!;
    expect(sampled.box[1]).toBeCloseTo(250 + 500 * b * (1 - 0.3 * b * b), 3);
    expect(cornersOnly.box[1] - sampled.box[1]).toBeGreaterThan(5);
    const wire = cuboidWireframe(c, d, { samplesPerEdge: 8 });
    expect(wire).toHaveLength(12);
    expect(wire[0]).toHaveLength(16);
  });
});

describe('projectSweep', () => {
  it('fills u, v, depth and mask in one pass, matching projectPoint', () => {
    const pts = new Float32Array([0, 0, 10, 7, 2, 1, 5, 7, 0, 0, -3, 7, 100, 0, 10, 7]);
    const out = allocateSweepProjection(4);
    const m = mat4.identity();
    expect(projectSweep(pts, 4, m, cam, out)).toBe(2);
    expect(Array.from(out.mask)).toEqual([1, 1, 0, 0]);
    const p = [0, 0];
    projectPoint(cam, 2, 1, 5, p);
    expect(out.u[1]).toBeCloseTo(p[0], 3);
    expect(out.v[1]).toBeCloseTo(p[1], 3);
    expect(out.depth[2]).toBe(-3);
    expect(Number.isNaN(out.u[2])).toBe(true);
    expect(() => projectSweep(pts, 4, m, cam, allocateSweepProjection(2))).toThrow(/fewer than 4 points/);
  });
});
