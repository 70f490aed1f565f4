/**
 * LiDAR workspace: draw a cuboid in the bird's-eye view, resize it with a handle, undo and redo,
 * nudge it from the keyboard; and the renderer keeps its GPU memory flat across frame changes.
 */
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

type Geo = { center: { x: number; y: number; z: number }; size: { l: number; w: number; h: number } };
type Hook = {
  store: { getState: () => { scene: { annotations: Record<string, Record<string, Geo & { kind: string; object: string }>> }; session: { selectedAnnotationId: string | null } } };
  lidarToScreen: (x: number, y: number, z: number) => { x: number; y: number };
  lidar: () => { points: number; geometries: number; textures: number };
};

const toScreen = (page: Page, x: number, y: number, z: number) =>
  page.evaluate(([a, b, c]) => (window as unknown as { __crosslabel: Hook }).__crosslabel.lidarToScreen(a, b, c), [x, y, z] as const);

const selectedCuboid = (page: Page) =>
  page.evaluate(() => {
    const st = (window as unknown as { __crosslabel: Hook }).__crosslabel.store.getState();
    const id = st.session.selectedAnnotationId;
    return id ? (Object.values(st.scene.annotations).find((p) => id in p)?.[id] ?? null) : null;
  });

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  await page.mouse.up();
}

test('draw a cuboid in the bird’s-eye view, resize it with a handle, undo and redo', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await expect(wb.lidar).toHaveAttribute('data-cuboids', '1');
  const objectsBefore = await wb.objects.locator('button.object-row').count();

  await wb.lidar.getByRole('button', { name: 'Cuboid' }).click();
  await expect(wb.lidar).toHaveAttribute('data-mode', 'bev');
  await wb.lidar.getByLabel('new cuboid class').selectOption('car');
  await page.waitForTimeout(300);
  // drag a 4 m x 2 m footprint on the ground ahead of the car, in sensor coordinates
  const a = await toScreen(page, 14, 5, -1.7);
  const b = await toScreen(page, 18, 3, -1.7);
  await drag(page, a, b);

  await expect(wb.lidar).toHaveAttribute('data-cuboids', '2');
  await expect(wb.objects.locator('button.object-row')).toHaveCount(objectsBefore + 1);
  const drawn = await selectedCuboid(page);
  expect(drawn?.kind).toBe('cuboid');
  expect(drawn!.size.l).toBeCloseTo(4, 0);
  expect(drawn!.size.w).toBeCloseTo(2, 0);
  expect(drawn!.center.x).toBeCloseTo(16, 0);
  expect(drawn!.center.y).toBeCloseTo(4, 0);
  await page.screenshot({ path: 'e2e-screens/lidar-drawn-cuboid.png' });

  // its auto-drawn box appears in the camera; the annotator accepts it as the object's 2D box
  const objectId = drawn!.object;
  const projected = wb.camera.locator(`[data-testid=projected-box][data-object="${objectId}"]`);
  await expect(projected).toHaveCount(1);
  const projectedBefore = Number(await projected.getAttribute('width'));
  await wb.inspector.getByRole('button', { name: 'Accept box' }).click();
  await expect(wb.camera.locator(`[data-testid=box2d][data-object="${objectId}"]`)).toHaveCount(1);

  // resize: drag the (+l, +w) corner handle 2 m further along +x
  await wb.lidar.getByRole('button', { name: 'Select' }).click();
  const g = drawn!;
  const corner = await toScreen(page, g.center.x + g.size.l / 2, g.center.y + g.size.w / 2, g.center.z + g.size.h / 2);
  const cornerTo = await toScreen(page, g.center.x + g.size.l / 2 + 2, g.center.y + g.size.w / 2, g.center.z + g.size.h / 2);
  await drag(page, corner, cornerTo);
  const resized = await selectedCuboid(page);
  expect(resized!.size.l).toBeCloseTo(g.size.l + 2, 0);
  expect(resized!.size.w).toBeCloseTo(g.size.w, 1);
  // the opposite corner stayed where it was
  expect(resized!.center.x - resized!.size.l / 2).toBeCloseTo(g.center.x - g.size.l / 2, 1);
  // the camera's auto-drawn box followed the cuboid, and so did the accepted box stored from it
  await expect.poll(async () => Number(await projected.getAttribute('width'))).not.toBeCloseTo(projectedBefore, 0);
  const stored = await page.evaluate((oid) => {
    const st = (window as unknown as { __crosslabel: Hook }).__crosslabel.store.getState();
    return Object.values(st.scene.annotations).flatMap((p) => Object.values(p)).find((a) => a.kind === 'box2d' && a.object === oid) as unknown as { x0: number; x1: number; source: string };
  }, objectId);
  expect(stored.source).toBe('projected');
  expect(stored.x1 - stored.x0).toBeCloseTo(Number(await projected.getAttribute('width')), 3);

  // the whole drag was one undo step
  await page.getByRole('button', { name: 'Undo' }).click();
  expect((await selectedCuboid(page))!.size.l).toBeCloseTo(g.size.l, 6);
  await page.getByRole('button', { name: 'Redo' }).click();
  expect((await selectedCuboid(page))!.size.l).toBeCloseTo(resized!.size.l, 6);

  // keyboard nudge on the focused pane: +0.1 m along x per ArrowUp
  await wb.lidar.focus();
  await page.keyboard.press('ArrowUp');
  expect((await selectedCuboid(page))!.center.x).toBeCloseTo(resized!.center.x + 0.1, 6);

  // undo everything: the nudge, the resize, the accepted box, the creation
  for (let i = 0; i < 4; i++) await page.keyboard.press('Control+z');
  await expect(wb.lidar).toHaveAttribute('data-cuboids', '1');
  await expect(wb.objects.locator('button.object-row')).toHaveCount(objectsBefore);
});

test('switching frames keeps the renderer’s GPU memory flat (no leak)', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const probe = () => page.evaluate(() => (window as unknown as { __crosslabel: Hook }).__crosslabel.lidar());
  const samples = ['velodyne/000000', 'velodyne/000001', 'velodyne/000002'];
  // one round first, so every shared geometry has been created once
  for (let i = 0; i < 3; i++) {
    await wb.scrubTo([0.02, 0.5, 0.98][i]);
    await expect(wb.lidar).toHaveAttribute('data-sample', samples[i]);
  }
  await page.waitForTimeout(300);
  const start = await probe();
  for (let k = 0; k < 20; k++) {
    const i = k % 3;
    await wb.scrubTo([0.02, 0.5, 0.98][i]);
    await expect(wb.lidar).toHaveAttribute('data-sample', samples[i]);
    await expect(wb.lidar).not.toHaveAttribute('data-points', '0');
  }
  await page.waitForTimeout(300);
  const end = await probe();
  expect(end.geometries).toBe(start.geometries);
  expect(end.textures).toBe(start.textures);
});

test('the selected cuboid’s top/side/front sub-views show its nearby points and fit it by dragging a face', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await wb.objectRow('Pedestrian').click();
  const objectId = (await wb.objectRow('Pedestrian').getAttribute('data-object'))!;
  const cuboidOf = () =>
    page.evaluate((oid) => {
      const st = (window as unknown as { __crosslabel: Hook }).__crosslabel.store.getState();
      return Object.values(st.scene.annotations).flatMap((p) => Object.values(p)).find((a) => a.kind === 'cuboid' && a.object === oid) ?? null;
    }, objectId);
  const views = wb.lidar.getByTestId('cuboid-subviews');
  await expect(views).toBeVisible();
  for (const name of ['top', 'side', 'front']) await expect(wb.lidar.getByTestId(`subview-${name}`)).toHaveAttribute('data-points', /^[1-9]\d*$/);
  const before = (await cuboidOf())!;

  // drag the top view's front face (+u, the length) outward by 0.5 m
  const top = wb.lidar.getByTestId('subview-top');
  const edge = top.locator('[data-edge="u+"] .subview-hit');
  const box = (await edge.boundingBox())!;
  const pxPerMetre = await top.evaluate((svg) => (svg as SVGSVGElement).getScreenCTM()!.a);
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await drag(page, from, { x: from.x + 0.5 * pxPerMetre, y: from.y });
  const after = (await cuboidOf())!;
  expect(after.size.l).toBeCloseTo(before.size.l + 0.5, 1);
  expect(after.size.w).toBeCloseTo(before.size.w, 6);
  await page.screenshot({ path: 'e2e-screens/lidar-subviews.png' });

  // the side view's bottom face (-w) down by 0.3 m changes the height and keeps the top
  const side = wb.lidar.getByTestId('subview-side');
  const bottom = (await side.locator('[data-edge="w-"] .subview-hit').boundingBox())!;
  const sidePx = await side.evaluate((svg) => (svg as SVGSVGElement).getScreenCTM()!.a);
  const b0 = { x: bottom.x + bottom.width / 2, y: bottom.y + bottom.height / 2 };
  await drag(page, b0, { x: b0.x, y: b0.y + 0.3 * sidePx });
  const lowered = (await cuboidOf())!;
  expect(lowered.size.h).toBeCloseTo(before.size.h + 0.3, 1);
  expect(lowered.center.z + lowered.size.h / 2).toBeCloseTo(before.center.z + before.size.h / 2, 2);

  // each drag is one undo step
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  const undone = (await cuboidOf())!;
  expect(undone.size.l).toBeCloseTo(before.size.l, 9);
  expect(undone.size.h).toBeCloseTo(before.size.h, 9);
});

test('points can be coloured by the camera image: points the camera sees take its pixel colour', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const before = await wb.pixelStats(wb.lidar.locator('canvas'));
  await wb.lidar.getByLabel('point colour').selectOption('camera');
  // only the camera's field of view is coloured (KITTI's front camera sees a fraction of the 360° sweep)
  await expect(wb.lidar).toHaveAttribute('data-camera-coloured', /^[1-9]\d{3,}$/);
  const coloured = Number(await wb.lidar.getAttribute('data-camera-coloured'));
  expect(coloured).toBeLessThan(115384 / 2);
  await page.waitForTimeout(300);
  const after = await wb.pixelStats(wb.lidar.locator('canvas'));
  expect(after.lumaStd).not.toBeCloseTo(before.lumaStd, 0);
  await page.screenshot({ path: 'e2e-screens/lidar-camera-colours.png' });
});
