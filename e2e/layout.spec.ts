/**
 * The pane layout (issue #13): maximise a pane and back, presets, splitters remembered across a
 * reload; messages that never resize the panes (so the WebGL canvas is not reallocated); the QA
 * sidebar's text fully visible at 1280×800 on the nuScenes demo.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

const size = async (l: Locator) => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not visible');
  return { w: Math.round(b.width), h: Math.round(b.height) };
};
const pane = (page: Page, id: string) => page.locator(`.pane[data-pane="${id}"]`);
/** The camera image as drawn on screen (after the fit to the pane). */
const imageSize = (page: Page) => size(page.getByTestId('camera-image'));

/** The LiDAR canvas's CSS size and drawing-buffer size. */
async function canvasSize(wb: Workbench) {
  return wb.lidar.locator('canvas').first().evaluate((c: HTMLCanvasElement) => ({ cssW: c.clientWidth, cssH: c.clientHeight, w: c.width, h: c.height }));
}

test.describe('layout', () => {
  test('double-clicking a pane title maximises it and back; Shift+M toggles the active pane', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const quadCam = await size(pane(page, 'camera'));
    const quadImg = await imageSize(page);
    const grid = await size(page.getByTestId('quad'));

    await wb.camera.locator('.pane-title').dblclick();
    await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', 'camera');
    await expect(pane(page, 'lidar')).toBeHidden();
    await expect(pane(page, 'timeline')).toBeHidden();
    const maxCam = await size(pane(page, 'camera'));
    expect(maxCam.w).toBe(grid.w);
    expect(maxCam.h).toBe(grid.h);
    await expect.poll(async () => (await imageSize(page)).w).toBeGreaterThan(quadImg.w * 1.5);
    const maxImg = await imageSize(page);
    console.log(`KITTI image at 1600×1000: four panes ${quadImg.w}×${quadImg.h} px, camera maximised ${maxImg.w}×${maxImg.h} px`);
    await page.screenshot({ path: 'e2e-screens/layout-camera-maximised.png' });

    // back: the title again
    await wb.camera.locator('.pane-title').dblclick();
    await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', '');
    await expect(pane(page, 'lidar')).toBeVisible();
    expect(await size(pane(page, 'camera'))).toEqual(quadCam);
    // the LiDAR view survived being hidden: still drawing its points
    await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/);

    // Shift+M on the pane last clicked (LiDAR), and back
    await wb.timeline.click({ position: { x: 5, y: 5 } });
    await wb.lidar.locator('.pane-title').click();
    await page.keyboard.press('Shift+M');
    await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', 'lidar');
    await expect(pane(page, 'camera')).toBeHidden();
    expect((await size(pane(page, 'lidar'))).w).toBe(grid.w);
    await expect.poll(async () => (await canvasSize(wb)).cssW).toBeGreaterThan(grid.w - 10);
    await page.screenshot({ path: 'e2e-screens/layout-lidar-maximised.png' });
    await page.keyboard.press('Shift+M');
    await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', '');
    expect(errors).toEqual([]);
  });

  test('a preset from the top bar changes the pane sizes', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const wb = new Workbench(page);
    await wb.open();
    const before = { cam: await size(pane(page, 'camera')), lidar: await size(pane(page, 'lidar')), timeline: await size(pane(page, 'timeline')), img: await imageSize(page) };

    await page.getByLabel('layout').selectOption('camera-large');
    await expect.poll(async () => (await size(pane(page, 'camera'))).w).toBeGreaterThan(before.cam.w * 1.4);
    const cam = await size(pane(page, 'camera'));
    expect(cam.h).toBeGreaterThan(before.cam.h);
    expect((await size(pane(page, 'lidar'))).w).toBeLessThan(before.lidar.w * 0.6);
    await expect.poll(async () => (await imageSize(page)).w).toBeGreaterThan(before.img.w * 1.3);
    const img = await imageSize(page);
    console.log(`KITTI image at 1600×1000: four panes ${before.img.w} px wide, camera-large ${img.w} px wide`);
    await page.screenshot({ path: 'e2e-screens/layout-camera-large.png' });

    await page.getByLabel('layout').selectOption('lidar-large');
    await expect.poll(async () => (await size(pane(page, 'lidar'))).w).toBeGreaterThan(before.lidar.w * 1.4);
    expect((await size(pane(page, 'camera'))).w).toBeLessThan(before.cam.w * 0.6);

    await page.getByLabel('layout').selectOption('time-large');
    await expect.poll(async () => (await size(pane(page, 'timeline'))).h).toBeGreaterThan(before.timeline.h * 1.4);
    await page.screenshot({ path: 'e2e-screens/layout-time-large.png' });

    await page.getByLabel('layout').selectOption('quad');
    await expect.poll(async () => size(pane(page, 'camera'))).toEqual(before.cam);
  });

  test('a splitter drag is remembered across a reload', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const divider = page.getByRole('separator', { name: 'resize columns' });
    const d = (await divider.boundingBox())!;
    const before = await size(pane(page, 'camera'));
    await page.mouse.move(d.x + d.width / 2, d.y + d.height / 4);
    await page.mouse.down();
    await page.mouse.move(d.x + d.width / 2 - 120, d.y + d.height / 4, { steps: 6 });
    await page.mouse.up();
    const rowDivider = page.getByRole('separator', { name: 'resize rows' });
    const r = (await rowDivider.boundingBox())!;
    await page.mouse.move(r.x + r.width / 4, r.y + r.height / 2);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width / 4, r.y + r.height / 2 + 60, { steps: 6 });
    await page.mouse.up();
    const dragged = await size(pane(page, 'camera'));
    expect(before.w - dragged.w).toBeGreaterThan(100);
    expect(dragged.h - before.h).toBeGreaterThan(45);
    // the preset select says the layout is no longer one of its presets
    await expect(page.getByLabel('layout')).toHaveValue('');

    await page.reload();
    await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
    const after = await size(pane(page, 'camera'));
    expect(Math.abs(after.w - dragged.w)).toBeLessThanOrEqual(1);
    expect(Math.abs(after.h - dragged.h)).toBeLessThanOrEqual(1);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('crosslabel.layout') ?? 'null'));
    expect(stored).toMatchObject({ maximized: null, preset: null });
    await page.screenshot({ path: 'e2e-screens/layout-splitters-after-reload.png' });
  });

  test('a notice or an error appearing does not resize the panes or the LiDAR canvas', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await expect(page.getByTestId('notice-banner')).toHaveCount(0);
    const canvas = wb.lidar.locator('canvas').first();
    // settled: the canvas fills its box (not the 300×150 default of a canvas not yet measured)
    const fill = () => wb.lidar.locator('.lidar-canvas').evaluate((box) => {
      const c = box.querySelector('canvas')!;
      return c.clientWidth === box.clientWidth && c.clientHeight === box.clientHeight && c.clientWidth > 300;
    });
    await expect.poll(fill).toBe(true);
    const before = await canvasSize(wb);
    const paneBefore = await size(pane(page, 'lidar'));
    // count every resize of the canvas from now on
    await canvas.evaluate((c) => {
      const w = window as unknown as { __canvasResizes: number };
      w.__canvasResizes = 0;
      let first = true;
      new ResizeObserver(() => {
        if (first) first = false; // the observer's initial call
        else w.__canvasResizes++;
      }).observe(c);
    });

    const tracks = '1,7,100,150,60,50,0.91,-1,-1,-1\n1,8,700,160,40,90,0.75,-1,-1,-1\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'tracks.txt', mimeType: 'text/plain', buffer: Buffer.from(tracks) });
    await expect(page.getByTestId('notice-banner')).toContainText('tracks.txt');
    await page.waitForTimeout(300);
    expect(await canvasSize(wb)).toEqual(before);
    expect(await size(pane(page, 'lidar'))).toEqual(paneBefore);
    await page.screenshot({ path: 'e2e-screens/layout-notice-no-reflow.png' });

    await page.getByTestId('open-folder').setInputFiles('e2e/fixtures/kitti-missing-key');
    await expect(wb.errorBanner).toContainText('Tr_velo_to_cam');
    await page.waitForTimeout(300);
    expect(await canvasSize(wb)).toEqual(before);
    // a long message unfolds over the panes on hover, still without resizing them
    await wb.errorBanner.hover();
    await page.screenshot({ path: 'e2e-screens/layout-error-hover.png' });
    expect(await canvasSize(wb)).toEqual(before);

    // the failed import replaced the notice (App keeps one import's outcome); dismissing the error empties the line
    await expect(page.getByTestId('notice-banner')).toHaveCount(0);
    await page.getByRole('button', { name: 'dismiss error' }).click();
    await expect(wb.errorBanner).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(await canvasSize(wb)).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as { __canvasResizes: number }).__canvasResizes)).toBe(0);
  });

  test('at 1280×800 the QA sidebar shows its full text on the nuScenes demo', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const wb = new Workbench(page);
    await wb.open();
    await page.getByLabel('demo scene').selectOption('nuscenes');
    await expect(wb.lidar).toHaveAttribute('data-points', '34688', { timeout: 30_000 });
    await page.getByRole('tab', { name: 'QA' }).click();
    await expect(page.getByTestId('qa-finding').first()).toBeVisible();
    // open a waiver form too: its input and buttons must fit as well
    await page.getByTestId('qa-finding').first().getByRole('button', { name: 'Waive…' }).click();
    const sidebar = page.locator('.sidebar');
    const overflowing = await sidebar.evaluate((root) => {
      const bad: string[] = [];
      const right = root.getBoundingClientRect().right + 0.5;
      for (const el of [root, ...root.querySelectorAll('*')] as HTMLElement[]) {
        const name = `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').slice(0, 50)}"`;
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth) bad.push(`${name}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > right) bad.push(`${name}: right edge ${r.right.toFixed(0)} > sidebar ${right.toFixed(0)}`);
      }
      return { bad, checked: root.querySelectorAll('*').length };
    });
    expect(overflowing.checked).toBeGreaterThan(50);
    expect(overflowing.bad).toEqual([]);
    await page.screenshot({ path: 'e2e-screens/layout-qa-sidebar-1280.png' });
    await sidebar.screenshot({ path: 'e2e-screens/layout-qa-sidebar-1280-crop.png' });
  });
});
