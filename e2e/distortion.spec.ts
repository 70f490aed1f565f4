/**
 * Under OpenCV distortion the camera view draws cuboid wireframes as curves: a point sampled on a
 * drawn edge equals the core's projection of the same 3D point (computed here in Node with the same
 * core modules), and differs from the straight chord between the edge's ends.
 */
import { expect, test } from '@playwright/test';
import { createCameraModel, FrameGraph, projectPoint } from '../src/core/calibration';
import { cuboidCorners, CUBOID_EDGES } from '../src/core/geometry';
import { allAnnotations, type Scene } from '../src/core/schema';
import { Workbench } from './support/workbench';

const DISTORTION = { model: 'opencv' as const, k1: -0.35, k2: 0.15, p1: 0.001, p2: -0.0005, k3: 0, k4: 0, k5: 0, k6: 0 };

test('wireframes follow curved edges under OpenCV distortion', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  // the demo scene, with distortion on the camera (sensor and per-sample calibration)
  const scene = await page.evaluate((d) => {
    const w = window as unknown as { __crosslabel: { store: { getState: () => { scene: unknown; loadScene: (s: unknown, src: string) => void } } } };
    const s = structuredClone(w.__crosslabel.store.getState().scene) as Scene;
    for (const sensor of s.sensors) if (sensor.kind === 'camera') sensor.intrinsics.distortion = d;
    for (const st of s.streams) for (const x of st.samples) if (x.intrinsics) x.intrinsics.distortion = d;
    w.__crosslabel.store.getState().loadScene(s, 'distorted');
    return s;
  }, DISTORTION);
  await wb.camera.focus();
  await page.keyboard.press('w');
  const wire = wb.camera.getByTestId('wireframe');
  await expect(wire).toHaveCount(1); // frame 000000: the pedestrian
  const lines = await wire.locator('polyline').evaluateAll((els) => els.map((e) => e.getAttribute('points')!.split(' ').map(Number)));
  expect(lines).toHaveLength(12);
  for (const l of lines) expect(l.length).toBe(2 * 16); // 16 samples per edge under distortion

  // the core's projection of the same edges, in Node
  const cuboid = allAnnotations(scene).find((a) => a.kind === 'cuboid')!;
  if (cuboid.kind !== 'cuboid') throw new Error('no cuboid');
  const lidar = scene.streams.find((s) => s.sensor === 'velodyne')!.samples[0];
  const camSample = scene.streams.find((s) => s.sensor === 'image_2')!.samples[0];
  const cam = scene.sensors.find((s) => s.kind === 'camera')!;
  if (cam.kind !== 'camera') throw new Error('no camera');
  const model = createCameraModel(camSample.intrinsics ?? cam.intrinsics);
  const T = FrameGraph.fromScene(scene, [lidar, camSample]).resolve('velodyne', cam.frame).m;
  const corners = cuboidCorners(cuboid, T);
  let maxBend = 0;
  CUBOID_EDGES.forEach(([a, b], e) => {
    // sample 7 of 0..15 along edge e, as drawn
    const t = 7 / 15;
    const p = [0, 1, 2].map((k) => corners[3 * a + k] + t * (corners[3 * b + k] - corners[3 * a + k]));
    const px = [0, 0];
    expect(projectPoint(model, p[0], p[1], p[2], px)).toBe(true);
    const drawn = lines[e];
    expect(drawn[14]).toBeCloseTo(px[0], 3);
    expect(drawn[15]).toBeCloseTo(px[1], 3);
    // distance of that point from the straight chord between the drawn edge's ends
    const [x0, y0, x1, y1] = [drawn[0], drawn[1], drawn[30], drawn[31]];
    const bend = Math.abs((x1 - x0) * (y0 - px[1]) - (x0 - px[0]) * (y1 - y0)) / Math.hypot(x1 - x0, y1 - y0);
    maxBend = Math.max(maxBend, bend);
  });
  expect(maxBend).toBeGreaterThan(0.5); // the edges are curves, not chords
  await page.screenshot({ path: 'e2e-screens/camera-distorted-wireframe.png' });
});
