/**
 * Camera workspace on the KITTI demo: drawing a box over a car that has a cuboid links it to that
 * object; drawing one where there is none creates a new object flagged "missing in LiDAR";
 * a box is moved and resized with the mouse; wheel zoom; everything undoes.
 * Frame 000001's label_2 (the source of truth for the numbers below):
 *   Car  387.63 181.54 423.81 203.12   (a cuboid exists)
 *   Truck 599.41 156.40 629.75 189.25
 */
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';
import { annotationById, flatAnnotations, type Partitioned } from './support/annotations';

type St = { scene: { objects: Record<string, { classId: string; name?: string }>; annotations: Partitioned<{ id: string; kind: string; object: string; x0: number; y0: number; x1: number; y1: number; source: string }> }; session: { selectedAnnotationId: string | null } };
const state = (page: Page) => page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => St } } }).__crosslabel.store.getState());

/** Image pixel → client coordinates through the SVG's transform. */
const imageToClient = (page: Page, x: number, y: number) =>
  page.evaluate(
    ([px, py]) => {
      const svg = document.querySelector('[data-testid=camera-svg]') as SVGSVGElement;
      const p = new DOMPoint(px, py).matrixTransform(svg.getScreenCTM()!);
      return { x: p.x, y: p.y };
    },
    [x, y] as const,
  );

async function dragImage(page: Page, a: [number, number], b: [number, number]) {
  const p = await imageToClient(page, ...a);
  const q = await imageToClient(page, ...b);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) await page.mouse.move(p.x + ((q.x - p.x) * i) / 6, p.y + ((q.y - p.y) * i) / 6);
  await page.mouse.up();
}

test('a drawn box links to the cuboid it covers, or makes a new object missing in LiDAR', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await wb.objectRow('Car 1').click(); // frame 000001 holds the car at x 387..424
  await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
  const before = await state(page);
  const carId = Object.entries(before.scene.objects).find(([, o]) => o.name === 'Car 1')![0];
  const nObjects = Object.keys(before.scene.objects).length;
  // the car's projected cuboid box is drawn (dashed)
  await expect(wb.camera.locator(`[data-testid=projected-box][data-object="${carId}"]`)).toHaveCount(1);

  await wb.camera.getByRole('button', { name: 'Box', exact: true }).click();
  await dragImage(page, [388, 182], [423, 203]);
  let st = await state(page);
  const drawn = annotationById(st.scene.annotations, st.session.selectedAnnotationId!)!;
  expect(drawn.kind).toBe('box2d');
  expect(drawn.object).toBe(carId);
  expect(drawn.source).toBe('manual');
  expect(drawn.x0).toBeCloseTo(388, -0.5);
  expect(Object.keys(st.scene.objects)).toHaveLength(nObjects);

  // an empty patch of road: a new object of the chosen class, flagged "missing in LiDAR"
  await wb.camera.getByLabel('new box class').selectOption('pedestrian');
  await dragImage(page, [900, 170], [940, 260]);
  st = await state(page);
  expect(Object.keys(st.scene.objects)).toHaveLength(nObjects + 1);
  const fresh = annotationById(st.scene.annotations, st.session.selectedAnnotationId!)!;
  expect(st.scene.objects[fresh.object].classId).toBe('pedestrian');
  const row = wb.objects.locator(`button.object-row[data-object="${fresh.object}"]`);
  await expect(row.getByTestId('missing-in-lidar')).toBeVisible();
  await page.screenshot({ path: 'e2e-screens/camera-drawn-boxes.png' });

  // move it by its body and resize it by a corner, with the select tool: each drag one undo step
  await wb.camera.getByRole('button', { name: 'Select', exact: true }).click();
  await dragImage(page, [920, 215], [960, 215]);
  st = await state(page);
  expect(annotationById(st.scene.annotations, fresh.id)!.x0).toBeCloseTo(940, -1);
  await dragImage(page, [980, 260], [1000, 300]);
  st = await state(page);
  expect(annotationById(st.scene.annotations, fresh.id)!.x1).toBeCloseTo(1000, -1);
  expect(annotationById(st.scene.annotations, fresh.id)!.y1).toBeCloseTo(300, -1);

  // undo everything: resize, move, new object, linked box
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Undo' }).click();
  st = await state(page);
  expect(Object.keys(st.scene.objects)).toHaveLength(nObjects);
  expect(flatAnnotations(st.scene.annotations).filter((a) => a.kind === 'box2d' && a.object === carId)).toHaveLength(1);
});

test('the wheel zooms about the cursor and Fit restores the whole image', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const svg = page.getByTestId('camera-svg');
  const before = await svg.getAttribute('data-viewbox');
  const p = await imageToClient(page, 300, 200);
  await page.mouse.move(p.x, p.y);
  await page.mouse.wheel(0, -300);
  await expect(svg).not.toHaveAttribute('data-viewbox', before!);
  // the image point under the cursor stays under the cursor
  const after = await page.evaluate(([cx, cy]) => {
    const s = document.querySelector('[data-testid=camera-svg]') as SVGSVGElement;
    const q = new DOMPoint(cx, cy).matrixTransform(s.getScreenCTM()!.inverse());
    return { x: q.x, y: q.y };
  }, [p.x, p.y] as const);
  expect(after.x).toBeCloseTo(300, 0);
  expect(after.y).toBeCloseTo(200, 0);
  expect(Number((await page.getByTestId('camera-zoom').textContent())!.replace('%', ''))).toBeGreaterThan(100);
  await wb.camera.getByRole('button', { name: 'Fit', exact: true }).click();
  await expect(svg).toHaveAttribute('data-viewbox', before!);
});

test('the polygon tool draws a polygon on a new object; marking it not visible in the LiDAR clears its flag', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000000');
  const before = await state(page);
  await wb.camera.getByRole('button', { name: 'Polygon', exact: true }).click();
  await wb.camera.getByLabel('new box class').selectOption('cyclist');
  // four vertices on an empty patch, closed by clicking the first one again
  const pts: [number, number][] = [
    [200, 200],
    [260, 190],
    [270, 260],
    [210, 270],
  ];
  for (const q of pts) {
    const c = await imageToClient(page, ...q);
    await page.mouse.click(c.x, c.y);
  }
  await expect(wb.camera.getByTestId('polygon-preview')).toBeVisible();
  const first = await imageToClient(page, 200, 200);
  await page.mouse.click(first.x, first.y);
  await expect(wb.camera.getByTestId('polygon2d')).toHaveCount(1);
  const st = await state(page);
  expect(Object.keys(st.scene.objects)).toHaveLength(Object.keys(before.scene.objects).length + 1);
  const poly = flatAnnotations(st.scene.annotations).find((a) => a.kind === 'polygon') as unknown as { object: string; points: { x: number; y: number }[] };
  expect(poly.points).toHaveLength(4);
  expect(poly.points[2].x).toBeCloseTo(270, -0.5);
  expect(st.scene.objects[poly.object].classId).toBe('cyclist');
  const row = wb.objects.locator(`button.object-row[data-object="${poly.object}"]`);
  await expect(row.getByTestId('missing-in-lidar')).toBeVisible();
  // the annotator decides it is not visible in the sweep: the flag goes away (one undo step)
  await wb.inspector.getByLabel('not visible in LiDAR').selectOption('occluded');
  await expect(row.getByTestId('missing-in-lidar')).toHaveCount(0);
  await expect(row).toContainText('∅');
  await page.screenshot({ path: 'e2e-screens/camera-polygon.png' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(row.getByTestId('missing-in-lidar')).toBeVisible();
});
