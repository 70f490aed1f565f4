/** Cuboid geometry: constructors, corner order, point counting. Expected values are hand computed. */
import { describe, expect, it } from 'vitest';
import { mat4 } from '../math';
import { CUBOID_EDGES, countPointsInCuboid, countPointsInCuboids, cuboidCorners, cuboidFromKitti, cuboidFromMmdet3dLidar, cuboidFromNuScenes, cuboidFromOpenLabel, transformCuboid } from './cuboid';

const corner = (c: Float64Array, i: number) => [c[3 * i], c[3 * i + 1], c[3 * i + 2]];
const near = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 9));

describe('cuboid constructors', () => {
  it('documented corner order: 0 front-left-bottom, 6 back-right-top', () => {
    const c = cuboidCorners({ center: { x: 0, y: 0, z: 0 }, size: { l: 4, w: 2, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } });
    near(corner(c, 0), [2, 1, -0.5]);
    near(corner(c, 6), [-2, -1, 0.5]);
    expect(CUBOID_EDGES).toHaveLength(12);
  });

  it('mmdet3d LiDAR box: z is the bottom, yaw about +z (yaw 90° turns the length onto +y)', () => {
    const g = cuboidFromMmdet3dLidar([10, 0, -1, 4, 2, 1.5, Math.PI / 2]);
    near([g.center.x, g.center.y, g.center.z], [10, 0, -0.25]);
    near(corner(cuboidCorners(g), 0), [10 - 1, 2, -1]); // (+l/2, +w/2) → (-w/2 ... ) by hand: R(90°)(2,1) = (-1,2)
  });

  it('KITTI: bottom-centre location, corners equal the devkit compute_box_3d corners', () => {
    const ry = 0.7, h = 1.5, w = 1.6, l = 3.9, loc = [2, 1.7, 20];
    const c = cuboidCorners(cuboidFromKitti({ h, w, l }, loc, ry));
    // devkit corners: x = ±l/2, y ∈ {0, -h}, z = ±w/2, rotated by [[c,0,s],[0,1,0],[-s,0,c]]; our corner 0 = (l/2, y 0, z +w/2)
    const dev = (x: number, y: number, z: number) => [Math.cos(ry) * x + Math.sin(ry) * z + loc[0], y + loc[1], -Math.sin(ry) * x + Math.cos(ry) * z + loc[2]];
    near(corner(c, 0), dev(l / 2, 0, w / 2));
    near(corner(c, 2), dev(-l / 2, 0, -w / 2));
    near(corner(c, 5), dev(l / 2, -h, -w / 2));
  });

  it('nuScenes wlh + wxyz and OpenLABEL xyz qxyzw sxyz', () => {
    const n = cuboidFromNuScenes([1, 2, 3], [2, 4, 1.5], [1, 0, 0, 0]);
    expect(n.size).toEqual({ l: 4, w: 2, h: 1.5 });
    const o = cuboidFromOpenLabel([1, 2, 3, 0, 0, 0, 2, 4, 2, 1.5]);
    expect(o.rotation).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    expect(o.size).toEqual({ l: 4, w: 2, h: 1.5 });
    expect(() => cuboidFromOpenLabel([1, 2, 3])).toThrow(/10 numbers, got 3/);
  });

  it('transformCuboid re-expresses corners in another frame', () => {
    const g = cuboidFromMmdet3dLidar([5, 1, 0, 4, 2, 1.5, 0.4]);
    const m = mat4.mul(mat4.translation(1, -2, 0.5), new Float64Array([0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]));
    near(Array.from(cuboidCorners(transformCuboid(g, m))), Array.from(cuboidCorners(g, m)));
  });
});

describe('countPointsInCuboids', () => {
  it('counts over a strided sweep, boundary inclusive, rotated box', () => {
    // stride 4 (x y z intensity); box yawed 45°, l = w = 2 → contains points within |x'|,|y'| ≤ 1
    const pts = new Float32Array([0, 0, 0, 9, 1.4, 0, 0, 9, 0.7, 0.7, 0, 9, 1, 1, 0, 9, 0, 0, 0.76, 9, 0, 0, 0.74, 9]);
    const g = cuboidFromMmdet3dLidar([0, 0, -0.75, 2, 2, 1.5, Math.PI / 4]);
    // by hand: (0,0,0) in; (1.4,0,0) → |x'| = |y'| = 0.99 in; (0.7,0.7) → x' = 0.99 in; (1,1) → x' = 1.414 out; z 0.76 out; z 0.74 in
    expect(countPointsInCuboid(g, pts, 4)).toBe(4);
    expect(Array.from(countPointsInCuboids([g, cuboidFromMmdet3dLidar([50, 0, 0, 1, 1, 1, 0])], pts, 4))).toEqual([4, 0]);
  });
});
