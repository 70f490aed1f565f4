/**
 * Overlay text is drawn at screen size: the camera SVG works in image pixels (a 1242-px KITTI
 * image drawn ~550 px wide in the four-pane layout), so text sized in image pixels would be
 * 5–6 px at fit and huge zoomed in. The object label and the deviation caption of frame 000000's
 * pedestrian must stay 11–16 screen px tall zoomed out, at fit and zoomed in.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

const height = (l: Locator) => l.evaluate((el) => el.getBoundingClientRect().height);

async function wheelAt(page: Page, at: { x: number; y: number }, dy: number, times: number) {
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < times; i++) await page.mouse.wheel(0, dy);
}

test('object labels and deviation captions keep a legible screen size at any zoom', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const cam = wb.camera;
  const svg = cam.getByTestId('camera-svg');
  const label = cam.getByTestId('box-label');
  const caption = cam.getByTestId('disagree-label');
  await expect(label).toContainText('Pedestrian');
  await expect(caption).toContainText('Δ');
  await expect(cam.getByTestId('camera-image')).toBeVisible();

  const sizes: { zoom: string; label: number; caption: number; scale: number }[] = [];
  const measure = async (zoom: string) => {
    await expect(label).toBeVisible();
    sizes.push({ zoom, label: await height(label), caption: await height(caption), scale: Number(await svg.getAttribute('data-scale')) });
  };

  // at fit: the image is drawn well below its pixel size (four panes), so image-pixel text would be tiny
  await measure('fit');
  expect(sizes[0].scale).toBeLessThan(0.6);
  await cam.screenshot({ path: 'e2e-screens/camera-labels-fit.png' });

  // zoomed in about the pedestrian
  const box = (await cam.getByTestId('box2d').locator('rect').boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const before = await svg.getAttribute('data-viewbox');
  await wheelAt(page, centre, -200, 10);
  await expect(svg).not.toHaveAttribute('data-viewbox', before!);
  await expect.poll(async () => Number(await svg.getAttribute('data-scale'))).toBeGreaterThan(sizes[0].scale * 3);
  await measure('in');
  await cam.screenshot({ path: 'e2e-screens/camera-labels-zoomed-in.png' });

  // zoomed out below fit
  await cam.getByRole('button', { name: 'Fit', exact: true }).click();
  await wheelAt(page, centre, 200, 4);
  await expect.poll(async () => Number(await svg.getAttribute('data-scale'))).toBeLessThan(sizes[0].scale * 0.7);
  await measure('out');
  await cam.screenshot({ path: 'e2e-screens/camera-labels-zoomed-out.png' });

  console.log('[labels] screen px per zoom', JSON.stringify(sizes));
  for (const s of sizes) {
    expect(s.label, `label at ${s.zoom}`).toBeGreaterThanOrEqual(11);
    expect(s.label, `label at ${s.zoom}`).toBeLessThanOrEqual(16);
    expect(s.caption, `caption at ${s.zoom}`).toBeGreaterThanOrEqual(11);
    expect(s.caption, `caption at ${s.zoom}`).toBeLessThanOrEqual(16);
  }
  // the same size at every zoom (a 12-px font), not merely within the range
  expect(Math.max(...sizes.map((s) => s.label)) - Math.min(...sizes.map((s) => s.label))).toBeLessThan(1);
});
