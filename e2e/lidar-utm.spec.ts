/**
 * Map / UTM-scale coordinates in the workbench: a scene whose LiDAR sweep, cuboid and camera all
 * sit at x ≈ 500,000 m, y ≈ 4,000,000 m (fixtures/pointcloud-utm: the numpy-made F8 PCD and its
 * float64 reference values). The sweep loads and draws (re-based on a view origin, no float32
 * rounding of the large numbers), the cuboid is drawn around its points and can be picked, its
 * sub-views show its points, the cross-view cursor lands on the numpy reference pixel, the cuboid
 * tool fits a new cuboid to the box's points, and the camera's projected box matches a float64
 * projection of the cuboid's corners written here.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_TAXONOMY, Scene, serializeScene } from '../src/core/schema';
import { Workbench } from './support/workbench';

interface Ref {
  points: (number | null)[][];
  camera: { R_cam_from_world: number[][]; t_cam_from_world: number[]; intrinsics: { width: number; height: number; fx: number; fy: number; cx: number; cy: number } };
  pixels_pinhole: ([number, number] | null)[];
}
const ref = JSON.parse(readFileSync('fixtures/pointcloud-utm/reference.json', 'utf8')) as Ref;
const { R_cam_from_world: R, t_cam_from_world: t, intrinsics: K } = ref.camera;
// make_utm.py's box: centre BASE + (2, 15, 0.75), 4.5 × 1.9 × 1.5 m
const BOX = { center: { x: 500123.456 + 2, y: 4000123.789 + 15, z: 36.75 }, size: { l: 4.5, w: 1.9, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } };

function utmScene(): string {
  return serializeScene(
    Scene.parse({
      schemaVersion: 3,
      id: 'utm',
      name: 'UTM-scale scene',
      taxonomy: structuredClone(DEFAULT_TAXONOMY),
      sensors: [
        { id: 'cam', name: 'CAM', kind: 'camera', frame: 'camera', intrinsics: { ...K } },
        { id: 'lidar', name: 'MAP', kind: 'lidar', frame: 'map', extrinsics: { from: 'map', to: 'camera', repr: { kind: 'matrix4x4', rowMajor: [...R[0], t[0], ...R[1], t[1], ...R[2], t[2], 0, 0, 0, 1] } } },
      ],
      streams: [
        { id: 'cam', sensor: 'cam', samples: [{ id: 'c0', t: 0, frame: 'A' }] },
        { id: 'lidar', sensor: 'lidar', samples: [{ id: 'l0', t: 0, frame: 'A', uri: 'utm_f8_binary.pcd' }] },
      ],
      objects: { car1: { id: 'car1', classId: 'car', name: 'car 1', attributes: {} } },
      annotations: { l0: { box1: { id: 'box1', kind: 'cuboid', object: 'car1', sensor: 'lidar', sample: 'l0', source: 'manual', ...BOX } } },
    }),
  );
}

type Hook = {
  store: { getState: () => { scene: { annotations: Record<string, Record<string, { kind: string; center: { x: number; y: number; z: number }; size: { l: number; w: number; h: number } }>> }; session: { selectedAnnotationId: string | null }; live: { hover: { x: number; y: number; z: number } | null } } };
  lidarToScreen: (x: number, y: number, z: number) => { x: number; y: number };
};
const toScreen = (page: Page, x: number, y: number, z: number) =>
  page.evaluate(([a, b, c]) => (window as unknown as { __crosslabel: Hook }).__crosslabel.lidarToScreen(a, b, c), [x, y, z] as const);
const selected = (page: Page) =>
  page.evaluate(() => {
    const st = (window as unknown as { __crosslabel: Hook }).__crosslabel.store.getState();
    const id = st.session.selectedAnnotationId;
    return id ? { id, ...Object.values(st.scene.annotations).find((p) => id in p)![id] } : null;
  });

/** Float64 pinhole projection of a map-frame point (independent of the app: R, t, K from make_utm.py). */
function pixel(p: number[]): [number, number] {
  const c = [0, 1, 2].map((r) => R[r][0] * p[0] + R[r][1] * p[1] + R[r][2] * p[2] + t[r]);
  return [K.fx * (c[0] / c[2]) + K.cx, K.fy * (c[1] / c[2]) + K.cy];
}

test('a UTM-scale sweep and cuboid load, draw, pick, project and fit as exactly as sensor-frame data', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await page.getByTestId('import-file').setInputFiles([
    { name: 'utm-scene.json', mimeType: 'application/json', buffer: Buffer.from(utmScene()) },
    { name: 'utm_f8_binary.pcd', mimeType: 'application/octet-stream', buffer: readFileSync('fixtures/pointcloud-utm/utm_f8_binary.pcd') },
  ]);
  await expect(page.getByTestId('notice-banner')).toContainText('1 media file from the drop linked to samples');
  await expect(wb.lidar).toHaveAttribute('data-points', '600', { timeout: 30_000 });
  await expect(wb.lidar).toHaveAttribute('data-cuboids', '1');
  // the view re-based itself on the cloud: V ≈ its centre, in whole metres
  const V = (await wb.lidar.getAttribute('data-view-origin'))!.split(',').map(Number);
  expect(Math.abs(V[0] - 500123)).toBeLessThan(40);
  expect(Math.abs(V[1] - 4000150)).toBeLessThan(40);
  await page.waitForTimeout(500);

  // drawn: the canvas is not blank, and the cuboid's centre is on screen inside the canvas
  const canvas = wb.lidar.locator('canvas');
  const stats = await wb.pixelStats(canvas);
  expect(stats.nonBackground).toBeGreaterThan(0.002);
  const box = (await canvas.boundingBox())!;
  const c = await toScreen(page, BOX.center.x, BOX.center.y, BOX.center.z);
  expect(c.x).toBeGreaterThan(box.x);
  expect(c.x).toBeLessThan(box.x + box.width);
  expect(c.y).toBeGreaterThan(box.y);
  expect(c.y).toBeLessThan(box.y + box.height);
  await page.screenshot({ path: 'e2e-screens/lidar-utm.png' });

  // the camera's projected box of the cuboid = min/max of the float64 projections of its 8 corners
  const corners = [-1, 1].flatMap((sx) => [-1, 1].flatMap((sy) => [-1, 1].map((sz) => [BOX.center.x + (sx * BOX.size.l) / 2, BOX.center.y + (sy * BOX.size.w) / 2, BOX.center.z + (sz * BOX.size.h) / 2])));
  const px = corners.map(pixel);
  const rect = wb.camera.locator('[data-testid=projected-box][data-object="car1"]');
  await expect(rect).toHaveCount(1);
  const got = await rect.evaluate((r) => ['x', 'y', 'width', 'height'].map((k) => Number(r.getAttribute(k))));
  const x0 = Math.min(...px.map((p) => p[0])), y0 = Math.min(...px.map((p) => p[1]));
  const want = [x0, y0, Math.max(...px.map((p) => p[0])) - x0, Math.max(...px.map((p) => p[1])) - y0];
  got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThan(1e-3));

  // cross-view cursor: hover a point of the box's near face; the marker sits on numpy's pixel for it
  const face = ref.points.findIndex((p) => p[0] !== null && Math.abs(p[1]! - (BOX.center.y - 0.95)) < 1e-6);
  expect(face).toBeGreaterThan(0);
  const f = ref.points[face] as number[];
  const at = await toScreen(page, f[0], f[1], f[2]);
  await page.mouse.move(at.x - 2, at.y);
  await page.mouse.move(at.x, at.y);
  const hovered = await page.waitForFunction(() => (window as unknown as { __crosslabel: Hook }).__crosslabel.store.getState().live.hover).then((h) => h.jsonValue());
  const idx = ref.points.findIndex((p) => p[0] !== null && Math.hypot(p[0] - hovered!.x, p[1]! - hovered!.y, p[2]! - hovered!.z) < 1e-5);
  expect(idx).toBeGreaterThanOrEqual(0); // the hovered point comes back in map coordinates, within 10 µm of the file's value
  const marker = wb.camera.getByTestId('hover-marker');
  await expect(marker).toHaveAttribute('visibility', 'visible');
  const [u, v] = ref.pixels_pinhole[idx]!;
  expect(Math.abs(Number(await marker.getAttribute('data-u')) - u)).toBeLessThanOrEqual(0.006); // data-u is written with 2 decimals
  expect(Math.abs(Number(await marker.getAttribute('data-v')) - v)).toBeLessThanOrEqual(0.006);

  // pick the cuboid by clicking its centre: selected, and its sub-views show the box's points
  await page.mouse.click(c.x, c.y);
  await expect.poll(async () => (await selected(page))?.id).toBe('box1');
  await expect(wb.lidar.getByTestId('subview-top')).toHaveAttribute('data-points', /^[1-9]\d\d+$/);
  const top = Number(await wb.lidar.getByTestId('subview-top').getAttribute('data-points'));
  expect(top).toBeGreaterThanOrEqual(240);
  await page.keyboard.press('Escape');

  // cuboid tool in the bird's-eye view: drag a footprint around the box; height and z are fitted to its points
  await wb.lidar.getByRole('button', { name: 'Cuboid' }).click();
  await expect(wb.lidar).toHaveAttribute('data-mode', 'bev');
  await wb.lidar.getByLabel('new cuboid class').selectOption('car');
  await page.waitForTimeout(300);
  const a = await toScreen(page, BOX.center.x - 2.4, BOX.center.y - 1.05, 36);
  const b = await toScreen(page, BOX.center.x + 2.4, BOX.center.y + 1.05, 36);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / 8, a.y + ((b.y - a.y) * i) / 8);
  await page.mouse.up();
  await expect(wb.lidar).toHaveAttribute('data-cuboids', '2');
  const drawn = (await selected(page))!;
  expect(drawn.id).not.toBe('box1');
  expect(Math.abs(drawn.center.x - BOX.center.x)).toBeLessThan(0.15);
  expect(Math.abs(drawn.center.y - BOX.center.y)).toBeLessThan(0.15);
  // bottom on the ground (≈ 36 m), top at the box's highest point (37.5 m)
  expect(Math.abs(drawn.center.z + drawn.size.h / 2 - 37.5)).toBeLessThan(0.05);
  expect(Math.abs(drawn.center.z - drawn.size.h / 2 - 36)).toBeLessThan(0.1);
  await page.screenshot({ path: 'e2e-screens/lidar-utm-bev.png' });
  expect(errors).toEqual([]);
});
