import { describe, expect, it } from 'vitest';
import { yawOf } from '../math/quaternion';
import { estimateGroundZ, fitCuboidToFootprint, footprintFromDrag, shrinkToPoints } from './fitCuboid';

/** Seeded synthetic sweep: a flat ground at z = -1.7 on a grid, plus a box of points (a "car") 4 x 2 x 1.5 m centred at (10, 3), yaw 30°. */
function syntheticSweep() {
  const pts: number[] = [];
  for (let x = -20; x <= 40; x += 0.25) for (let y = -20; y <= 20; y += 0.25) pts.push(x, y, -1.7);
  const yaw = Math.PI / 6;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  for (let i = 0; i <= 40; i++)
    for (let j = 0; j <= 20; j++)
      for (let k = 0; k <= 14; k++) {
        const u = -2 + i * 0.1;
        const v = -1 + j * 0.1;
        pts.push(10 + c * u - s * v, 3 + s * u + c * v, -1.6 + k * 0.1);
      }
  return { positions: new Float32Array(pts), count: pts.length / 3 };
}

describe('cuboid fitting on a sweep', () => {
  const sweep = syntheticSweep();

  it('estimates the local ground height', () => {
    expect(estimateGroundZ(sweep, 0, 0, 3)).toBeCloseTo(-1.7, 5);
  });

  it('fits z and height to the points in a dragged footprint, excluding the ground', () => {
    const fp = footprintFromDrag({ x: 7.5, y: 0.5 }, { x: 12.5, y: 5.5 });
    const fit = fitCuboidToFootprint(sweep, fp);
    // object points go from -1.6 to -0.2; the bottom sits on the ground (-1.7)
    expect(fit.size.h).toBeCloseTo(1.5, 4);
    expect(fit.center.z).toBeCloseTo(-1.7 + 0.75, 4);
    expect(fit.size.l).toBeCloseTo(5, 6);
    expect(fit.size.w).toBeCloseTo(5, 6);
    expect(fit.pointsInside).toBeGreaterThan(500);
  });

  it('gives a default-height cuboid on the ground where there are no object points', () => {
    const fit = fitCuboidToFootprint(sweep, footprintFromDrag({ x: -10, y: -10 }, { x: -8, y: -9 }));
    expect(fit.pointsInside).toBe(0);
    expect(fit.size.h).toBe(1.5);
    expect(fit.center.z).toBeCloseTo(-1.7 + 0.75, 5);
  });

  it('shrinks a loose cuboid to the points it contains, keeping its heading', () => {
    const yaw = Math.PI / 6;
    const loose = { center: { x: 10.3, y: 3.2, z: -0.5 }, size: { l: 6, w: 3.5, h: 3 }, rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) } };
    const tight = shrinkToPoints(sweep, loose);
    expect(tight).toBeDefined();
    expect(tight!.size.l).toBeCloseTo(4, 1);
    expect(tight!.size.w).toBeCloseTo(2, 1);
    expect(tight!.size.h).toBeCloseTo(1.5, 1);
    expect(tight!.center.x).toBeCloseTo(10, 1);
    expect(tight!.center.y).toBeCloseTo(3, 1);
    expect(yawOf(tight!.rotation)).toBeCloseTo(yaw, 9);
    expect(shrinkToPoints(sweep, { ...loose, center: { x: -15, y: -15, z: -1 } })).toBeUndefined();
  });
});
