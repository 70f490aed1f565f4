/**
 * The real 6-camera nuScenes keyframe (fixtures/nuscenes/mmdet3d_info_v1.1.json, see its PROVENANCE.md).
 * Reference: `cam_instances[cam][k].bbox`, the 2D boxes mmdet3d's converter (get_2d_boxes in
 * tools/dataset_converters/nuscenes_converter.py) derived from the 3D boxes: take the 8 corners of the
 * box in the camera frame, keep the corners with z > 0, project them with the intrinsics, intersect
 * the convex hull of those points with the 1600×900 image (shapely) and take that polygon's bounds;
 * a box is kept when the intersection is non-empty. Our `cuboidBox(..., {mode: 'mmdet3d'})` does the same.
 * The converter worked with the box at the camera's own timestamp (ego pose interpolated per sensor);
 * here the 3D boxes come from `instances` (LiDAR frame, LiDAR timestamp) through `lidar2cam`, so
 * moving objects shift by a few pixels; static geometry and the rule itself are exact.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCameraModel, frameTransform } from '../calibration';
import { cuboidCorners, cuboidFromKitti, cuboidFromMmdet3dLidar } from '../geometry';
import { cuboidBox } from './cuboidBox';
import { boxDeviation } from './deviation';

interface Info {
  data_list: {
    images: Record<string, { cam2img: number[][]; lidar2cam: number[][] }>;
    instances: { bbox_3d: number[] }[];
    cam_instances: Record<string, { bbox: number[]; bbox_3d: number[] }[]>;
  }[];
}
// The file is Python's json.dumps output: bare NaN (velocities of some instances) becomes null here.
const info = JSON.parse(readFileSync('fixtures/nuscenes/mmdet3d_info_v1.1.json', 'utf8').replace(/\bNaN\b/g, 'null')) as Info;
const rec = info.data_list[0];
const CAMS = Object.keys(rec.images);

describe('nuScenes: 3D boxes → 2D boxes as mmdet3d converted them', () => {
  const ious: number[] = [], devs: number[] = [];
  let ours = 0, refs = 0, matched = 0;
  it.each(CAMS)('%s', (name) => {
    const img = rec.images[name];
    const K = img.cam2img;
    const cam = createCameraModel({ width: 1600, height: 900, fx: K[0][0], fy: K[1][1], cx: K[0][2], cy: K[1][2], skew: K[0][1], distortion: { model: 'none' } }, name);
    const T = frameTransform('LIDAR_TOP', name, img.lidar2cam.flat());
    const mine: { box: number[]; center: number[] }[] = [];
    for (const inst of rec.instances) {
      // This info file's LiDAR boxes hold the GRAVITY centre in z (nuscenes_converter writes
      // `b.center`; mmdet3d converts to bottom-centre only when loading, origin (0.5, 0.5, 0.5)):
      // checked here on instance 0, whose lidar2cam-mapped z matches cam_instances' centre. So shift to z_bottom.
      const b = inst.bbox_3d;
      const g = cuboidFromMmdet3dLidar([b[0], b[1], b[2] - b[5] / 2, b[3], b[4], b[5], b[6]]);
      const corners = cuboidCorners(g, T.m);
      const r = cuboidBox(corners, cam, { mode: 'mmdet3d' });
      if (!r) continue;
      const c = [0, 0, 0];
      for (let i = 0; i < 8; i++) for (let k = 0; k < 3; k++) c[k] += corners[3 * i + k] / 8;
      mine.push({ box: r.box, center: c });
    }
    const ref = rec.cam_instances[name];
    ours += mine.length;
    refs += ref.length;
    for (const r of ref) {
      // match by the gravity centre in the camera frame (cam_instances bbox_3d[0..2])
      let best = mine[0], bd = Infinity;
      for (const m of mine) {
        const d = Math.hypot(m.center[0] - r.bbox_3d[0], m.center[1] - r.bbox_3d[1], m.center[2] - r.bbox_3d[2]);
        if (d < bd) {
          bd = d;
          best = m;
        }
      }
      expect(bd).toBeLessThan(1.0);
      matched++;
      const dev = boxDeviation({ x0: best.box[0], y0: best.box[1], x1: best.box[2], y1: best.box[3] }, { x0: r.bbox[0], y0: r.bbox[1], x1: r.bbox[2], y1: r.bbox[3] });
      ious.push(dev.iou);
      devs.push(dev.maxEdgePx);
    }
  });

  const exact: number[] = [];
  it.each(CAMS)('%s, from the camera-frame boxes of cam_instances (camera timestamp)', (name) => {
    const K = rec.images[name].cam2img;
    const cam = createCameraModel({ width: 1600, height: 900, fx: K[0][0], fy: K[1][1], cx: K[0][2], cy: K[1][2], skew: K[0][1], distortion: { model: 'none' } }, name);
    for (const r of rec.cam_instances[name]) {
      // bbox_3d = [x, y, z (gravity centre), l, h, w, ry about camera y] (mmdet3d camera boxes, KITTI-like)
      const [x, y, z, l, h, w, ry] = r.bbox_3d;
      const g = cuboidFromKitti({ h, w, l }, [x, y + h / 2, z], ry);
      const p = cuboidBox(cuboidCorners(g), cam, { mode: 'mmdet3d' });
      expect(p).toBeDefined();
      exact.push(boxDeviation({ x0: p!.box[0], y0: p!.box[1], x1: p!.box[2], y1: p!.box[3] }, { x0: r.bbox[0], y0: r.bbox[1], x1: r.bbox[2], y1: r.bbox[3] }).maxEdgePx);
    }
  });

  it('agreement across all six cameras', () => {
    console.log(`nuScenes from cam_instances' own camera-frame boxes: ${exact.length} boxes, max edge deviation median ${[...exact].sort((a, b) => a - b)[exact.length >> 1].toFixed(2)} px, max ${Math.max(...exact).toFixed(2)} px`);
    const sorted = [...ious].sort((a, b) => a - b), d = [...devs].sort((a, b) => a - b);
    const mean = ious.reduce((s, x) => s + x, 0) / ious.length;
    console.log(`nuScenes: ours ${ours} boxes, reference ${refs}, matched ${matched}; IoU mean ${mean.toFixed(4)}, median ${sorted[sorted.length >> 1].toFixed(4)}, min ${sorted[0].toFixed(4)}; max edge deviation median ${d[d.length >> 1].toFixed(2)} px, max ${d[d.length - 1].toFixed(2)} px`);
    expect(matched).toBe(refs);
    // we keep one box more than the converter (85 vs 84); not yet traced (a box at an image edge
    // whose position differs between the LiDAR and the camera timestamps is the likely cause)
    expect(ours).toBeGreaterThanOrEqual(refs);
    expect(ours).toBeLessThanOrEqual(refs + 2);
    // measured: mean IoU 0.950, median max-edge deviation 1.22 px. The reference boxes are ~0.5 px
    // larger per side even from cam_instances' own camera-frame boxes (max 12.9 px): those store
    // yaw only, while the converter projected the full (slightly pitched/rolled) nuScenes box.
    expect(mean).toBeGreaterThan(0.93);
    expect(d[d.length >> 1]).toBeLessThan(2);
    expect(exact.sort((a, b) => a - b)[exact.length >> 1]).toBeLessThan(1.5);
  });
});
