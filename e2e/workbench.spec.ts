/**
 * The workbench shell on the bundled KITTI demo scene, driven as a user would.
 * Demo frames: 000000 (1 pedestrian), 000001 (truck, car, cyclist + 4 DontCare), 000002 (misc, car).
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

test.describe('workbench on the KITTI demo', () => {
  test('loads the demo scene: image, point cloud, timeline and text are all drawn', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    await expect(page.getByTestId('scene-name')).toContainText('KITTI');
    await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000000');
    await expect(wb.lidar).toHaveAttribute('data-sample', 'velodyne/000000');
    // the real sweep 000000.bin has 1,846,144 bytes = 115,384 points of 4 float32
    await expect(wb.lidar).toHaveAttribute('data-points', '115384');
    await expect(wb.timeline.locator('.timeline-row')).toHaveCount(2);
    await expect(wb.timeline.locator('.tick')).toHaveCount(6);
    await expect(wb.text).toContainText('KITTI');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);

    // the camera image is really painted: a photo has a wide spread of luminance
    const cam = await wb.pixelStats(page.getByTestId('camera-svg'));
    expect(cam.lumaStd).toBeGreaterThan(25);
    // the WebGL canvas really drew points: a good share of pixels differ from the background
    await page.waitForTimeout(500);
    const lidar = await wb.pixelStats(wb.lidar.locator('canvas'));
    expect(lidar.nonBackground).toBeGreaterThan(0.02);
    const probe = await page.evaluate(() => (window as unknown as { __crosslabel: { lidar: () => { points: number; calls: number } } }).__crosslabel.lidar());
    expect(probe.points).toBe(115384);

    await page.screenshot({ path: 'e2e-screens/workbench-demo.png' });
    expect(errors).toEqual([]);
  });

  test('scrubbing the timeline changes the frame in camera and LiDAR', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await expect(wb.camera.getByTestId('box2d')).toHaveCount(1); // frame 000000: one pedestrian
    await wb.scrubTo(0.98);
    await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000002');
    await expect(wb.lidar).toHaveAttribute('data-sample', 'velodyne/000002');
    await expect(wb.lidar).toHaveAttribute('data-points', String(2030256 / 16));
    await expect(wb.camera.getByTestId('box2d')).toHaveCount(2);
    await expect(wb.lidar).toHaveAttribute('data-cuboids', '2');
    await wb.scrubTo(0.5);
    await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
    await expect(wb.lidar).toHaveAttribute('data-points', String(1924288 / 16));
    await expect(wb.camera.getByTestId('box2d')).toHaveCount(3);
    await expect(wb.camera.locator('.ignore-region')).toHaveCount(4);
    // keyboard stepping on the focused timeline
    await wb.timeline.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000000');
    await page.screenshot({ path: 'e2e-screens/workbench-frame0.png' });
  });

  test('selecting an object in the list selects it in every view', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const truck = wb.objectRow('Truck');
    await truck.click();
    await expect(truck).toHaveAttribute('aria-pressed', 'true');
    // the truck is labelled in frame 000001: selecting it seeks there
    await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
    await expect(wb.camera.locator('.box2d.selected')).toHaveCount(1);
    const objectId = await truck.getAttribute('data-object');
    await expect(wb.camera.locator('.box2d.selected')).toHaveAttribute('data-object', objectId!);
    await expect(wb.inspector.getByLabel('class')).toHaveValue('truck');
    await expect(wb.inspector).toContainText('cuboid');
    // per-cuboid facts: LiDAR points inside, distance, the box it projects to in the camera
    await expect(wb.inspector.getByTestId('points-inside')).toHaveText(/^[1-9][\d,]*$/);
    await expect(wb.inspector.getByTestId('cuboid-facts')).toContainText(/\d+\.\d m/);
    await expect(wb.inspector.getByTestId('cuboid-projection')).toContainText('[');
    // and the imported 2D box's agreement with that projection
    await expect(wb.inspector.getByTestId('box-facts')).toContainText(/IoU 0\.\d\d/);
    await page.screenshot({ path: 'e2e-screens/workbench-selected.png' });
    // clicking a box in the camera selects its object in the list
    await wb.camera.locator('.box2d:not(.selected)').first().click();
    await expect(truck).toHaveAttribute('aria-pressed', 'false');
    await expect(wb.objects.locator('button.object-row[aria-pressed="true"]')).toHaveCount(1);
  });

  test('an edit is undoable and survives a page reload', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const row = wb.objectRow('Pedestrian');
    await row.click();
    const id = await row.getAttribute('data-object');
    const sameRow = wb.objects.locator(`button.object-row[data-object="${id}"]`);
    const cls = wb.inspector.getByLabel('class');
    await cls.selectOption('cyclist');
    await expect(sameRow.locator('.object-class')).toHaveText('Cyclist');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(cls).toHaveValue('pedestrian');
    await page.keyboard.press('Control+Shift+Z');
    await expect(cls).toHaveValue('cyclist');
    // autosave: flush the pending write as the page does on pagehide, then reload
    await page.evaluate(() => (window as unknown as { __crosslabel: { persistence: { flush: () => Promise<void> } } }).__crosslabel.persistence.flush());
    await page.reload();
    await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
    await expect(sameRow.locator('.object-class')).toHaveText('Cyclist');
    // the session (selection) is restored too
    await expect(sameRow).toHaveAttribute('aria-pressed', 'true');
    await expect(wb.inspector.getByLabel('class')).toHaveValue('cyclist');
  });

  test('a malformed KITTI folder gives a clear error and leaves the scene untouched', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
    await page.getByTestId('open-folder').setInputFiles('e2e/fixtures/kitti-missing-key');
    await expect(wb.errorBanner).toBeVisible();
    await expect(wb.errorBanner).toContainText('calib/000000.txt');
    await expect(wb.errorBanner).toContainText('Tr_velo_to_cam');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
    await expect(page.getByTestId('scene-name')).toContainText('KITTI');
    await page.screenshot({ path: 'e2e-screens/workbench-import-error.png' });
  });

  test('opening a KITTI folder with the picker imports it as a new scene', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await wb.objectRow('Pedestrian').click();
    await page.getByTestId('open-folder').setInputFiles('public/demo/kitti');
    await expect(page.getByTestId('scene-name')).toContainText('kitti');
    await expect(wb.errorBanner).toHaveCount(0);
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
    // the imported media come from the chosen files (blob URLs), not from the server
    await expect(wb.camera.getByTestId('camera-image')).toHaveAttribute('href', /^blob:/);
    await expect(wb.lidar).toHaveAttribute('data-points', '115384');
    // a new document: nothing selected, no history to undo into the old scene
    await expect(wb.objects.locator('button.object-row[aria-pressed="true"]')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  });
});
