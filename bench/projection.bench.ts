/**
 * Projection benchmark (issue 3), one run, real data: KITTI velodyne/000000.bin (~115k points, x y z r)
 * projected into camera 2 of its own calib (chain velodyne → camera_0 → camera_0_rect → camera_2).
 * Baselines measured in the same run: a naive per-point `new THREE.Vector3().applyMatrix4` loop and a
 * reused-Vector3 loop (both then divide by z and apply K, writing the same outputs). Cuboid → box:
 * 10k cuboids spread around the camera (a share straddles the near plane) against the naive
 * "8 × Vector3 corners, project, min/max" loop. Medians over ≥ 15 runs after warm-up.
 * Targets: ≥ 100 M points/s and ≥ 10× the naive loop; ≥ 1 M cuboid boxes/s.
 */
import { readFileSync } from 'node:fs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { createCameraModel, FrameGraph, frameTransform, fromRowMajor } from '../src/core/calibration';
import { parseKittiCalib } from '../src/core/formats/kitti';
import { cuboidCorners, cuboidFromMmdet3dLidar, type CuboidGeometry } from '../src/core/geometry';
import { mat4 } from '../src/core/math';
import { allocateSweepProjection, cuboidBoxInto, projectSweep } from '../src/core/projection';
import { timeMs, type Harness } from './harness';

export default async function (h: Harness): Promise<void> {
  const c = parseKittiCalib(readFileSync('public/demo/kitti/calib/000000.txt', 'utf8'), 'calib/000000.txt');
  const P = c.P2, fx = P[0], fy = P[5], cx = P[2], cy = P[6], tz = P[11];
  const graph = new FrameGraph([
    fromRowMajor('velodyne', 'camera_0', c.Tr_velo_to_cam),
    frameTransform('camera_0', 'camera_0_rect', mat4.fromMat3(c.R0_rect)),
    frameTransform('camera_0_rect', 'camera_2', mat4.translation((P[3] - cx * tz) / fx, (P[7] - cy * tz) / fy, tz)),
  ]);
  const T = graph.resolve('velodyne', 'camera_2').m;
  const cam = createCameraModel({ width: 1224, height: 370, fx, fy, cx, cy, skew: 0, distortion: { model: 'none' } });
  const buf = readFileSync('public/demo/kitti/velodyne/000000.bin');
  const pts = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const n = pts.length / 4;
  const out = allocateSweepProjection(n);
  const W = cam.width, H = cam.height;

  const m3 = new Matrix4().set(T[0], T[1], T[2], T[3], T[4], T[5], T[6], T[7], T[8], T[9], T[10], T[11], 0, 0, 0, 1);
  const naive = () => {
    for (let i = 0; i < n; i++) {
      const v = new Vector3(pts[4 * i], pts[4 * i + 1], pts[4 * i + 2]).applyMatrix4(m3);
      out.depth[i] = v.z;
      if (v.z >= 0.1) {
        const pu = fx * (v.x / v.z) + cx, pv = fy * (v.y / v.z) + cy;
        out.u[i] = pu; out.v[i] = pv; out.mask[i] = pu >= 0 && pu < W && pv >= 0 && pv < H ? 1 : 0;
      } else { out.u[i] = out.v[i] = NaN; out.mask[i] = 0; }
    }
  };
  const tmp = new Vector3();
  const reused = () => {
    for (let i = 0; i < n; i++) {
      const v = tmp.set(pts[4 * i], pts[4 * i + 1], pts[4 * i + 2]).applyMatrix4(m3);
      out.depth[i] = v.z;
      if (v.z >= 0.1) {
        const pu = fx * (v.x / v.z) + cx, pv = fy * (v.y / v.z) + cy;
        out.u[i] = pu; out.v[i] = pv; out.mask[i] = pu >= 0 && pu < W && pv >= 0 && pv < H ? 1 : 0;
      } else { out.u[i] = out.v[i] = NaN; out.mask[i] = 0; }
    }
  };
  // What per-point code actually does: a Vector3 per point that outlives the loop (the cloud as
  // objects), then a result object per point. Here V8 cannot elide the allocations, unlike in
  // `naive` above, where escape analysis removes the short-lived Vector3 entirely.
  let keep: { u: number; v: number; depth: number; inImage: boolean }[] = [];
  const perPointObjects = () => {
    const cloud: Vector3[] = new Array(n);
    for (let i = 0; i < n; i++) cloud[i] = new Vector3(pts[4 * i], pts[4 * i + 1], pts[4 * i + 2]);
    const res: { u: number; v: number; depth: number; inImage: boolean }[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = cloud[i].applyMatrix4(m3);
      const pu = fx * (v.x / v.z) + cx, pv = fy * (v.y / v.z) + cy;
      res[i] = { u: pu, v: pv, depth: v.z, inImage: v.z >= 0.1 && pu >= 0 && pu < W && pv >= 0 && pv < H };
    }
    keep = res;
  };
  const ours = () => projectSweep(pts, 4, T, cam, out);
  const runs = 61; // long warm-up: every loop is measured after the optimising compiler has tiered it up
  const tOurs = timeMs(ours, runs, 40), tNaive = timeMs(naive, runs, 40), tReused = timeMs(reused, runs, 40), tObjects = timeMs(perPointObjects, 15, 3);
  if (keep.length !== n) throw new Error('per-point baseline did not run');
  const mps = (ms: number) => n / 1e6 / (ms / 1e3);
  h.throughput(`sweep → image, KITTI 000000 (${n} pts)`, mps(tOurs), mps(tNaive), 'M points/s', 'new Vector3().applyMatrix4 per point');
  h.throughput(`sweep → image, KITTI 000000 (${n} pts)`, mps(tOurs), mps(tReused), 'M points/s', 'reused Vector3.applyMatrix4');
  h.throughput(`sweep → image, KITTI 000000 (${n} pts)`, mps(tOurs), mps(tObjects), 'M points/s', 'Vector3 per point kept + result object per point', 'the per-point-objects pattern; V8 elides the allocation in the plain new-Vector3 loop above');

  // 10k cuboids in the LiDAR frame around the car; ~10% straddle the camera's near plane
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const N = 10_000;
  const cuboids: CuboidGeometry[] = [];
  for (let i = 0; i < N; i++) {
    const x = i % 10 === 0 ? rnd() * 3 - 1 : 2 + rnd() * 50;
    cuboids.push(cuboidFromMmdet3dLidar([x, rnd() * 30 - 15, -1.7, 3 + rnd() * 2, 1.6 + rnd() * 0.4, 1.4 + rnd() * 0.4, rnd() * 6.28]));
  }
  const corners = new Float64Array(24);
  const box = new Float64Array(5);
  let visible = 0;
  const boxesOurs = () => {
    visible = 0;
    for (const g of cuboids) {
      cuboidCorners(g, T, corners);
      if (cuboidBoxInto(corners, cam, box, 0.1)) visible++;
    }
  };
  const vs = Array.from({ length: 8 }, () => new Vector3());
  const boxesNaive = () => {
    for (const g of cuboids) {
      const pose = new Matrix4().compose(new Vector3(g.center.x, g.center.y, g.center.z), new Quaternion(g.rotation.x, g.rotation.y, g.rotation.z, g.rotation.w), new Vector3(1, 1, 1));
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let k = 0; k < 8; k++) {
        const v = vs[k].set(((k & 1) - 0.5) * g.size.l, ((k >> 1 & 1) - 0.5) * g.size.w, ((k >> 2) - 0.5) * g.size.h).applyMatrix4(pose).applyMatrix4(m3);
        if (v.z < 0.1) continue; // corner dropping, no clipping (what the naive loop does)
        const pu = fx * v.x / v.z + cx, pv = fy * v.y / v.z + cy;
        x0 = Math.min(x0, pu); x1 = Math.max(x1, pu); y0 = Math.min(y0, pv); y1 = Math.max(y1, pv);
      }
      box[0] = x0; box[1] = y0; box[2] = x1; box[3] = y1;
    }
  };
  const tb = timeMs(boxesOurs, 21, 3), tbn = timeMs(boxesNaive, 21, 3);
  h.throughput(`cuboid → 2D box with near clipping (10k cuboids, ${visible} visible)`, N / 1e6 / (tb / 1e3), N / 1e6 / (tbn / 1e3), 'M boxes/s', 'three Matrix4.compose + 8 corners, no clipping');
}
