/**
 * Camera overlays a reviewer toggles, on KITTI frame 000000 (one pedestrian). The pedestrian's
 * labelled box is 9.563 px off its projected cuboid (numbers from the QA tests' numpy reference),
 * beyond the 5 px tolerance, so both boxes are drawn as disagreeing.
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

test('overlays toggle from the keyboard and the legend; disagreements are highlighted', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const cam = wb.camera;
  await expect(cam).toHaveAttribute('data-sample', 'image_2/000000');

  // defaults: labelled boxes, projected boxes, labels on; wireframes and LiDAR off
  await expect(cam.getByTestId('box2d')).toHaveCount(1);
  await expect(cam.getByTestId('projected-box')).toHaveCount(1);
  await expect(cam.getByTestId('box-label')).toContainText('Pedestrian');
  await expect(cam.getByTestId('wireframe')).toHaveCount(0);
  await expect(cam.getByTestId('lidar-overlay')).toHaveCount(0);

  // the disagreement is highlighted on both boxes, with the measured deviation
  await expect(cam.locator('.box2d.disagree')).toHaveCount(1);
  await expect(cam.locator('.projected-box.disagree')).toHaveCount(1);
  await expect(cam.getByTestId('disagree-label')).toContainText('Δ 9.6 px');

  await cam.focus();
  await page.keyboard.press('w');
  await expect(cam.getByTestId('wireframe')).toHaveCount(1);
  await expect(cam.getByTestId('wireframe').locator('polyline')).toHaveCount(12); // a pinhole camera: 12 straight edges
  await page.keyboard.press('l');
  await expect(cam.getByTestId('lidar-overlay')).toHaveAttribute('data-points', /^[1-9]\d{3,}$/);
  await page.screenshot({ path: 'e2e-screens/camera-overlays.png' });

  await page.keyboard.press('p');
  await expect(cam.getByTestId('projected-box')).toHaveCount(0);
  await page.keyboard.press('b');
  await expect(cam.getByTestId('box2d')).toHaveCount(0);
  await page.keyboard.press('b');
  await page.keyboard.press('i');
  await expect(cam.getByTestId('box2d')).toHaveCount(1);
  await expect(cam.getByTestId('box-label')).toHaveCount(0);

  // the legend's buttons toggle too, and show the state
  const lidarButton = cam.getByRole('button', { name: /LiDAR points by depth/ });
  await expect(lidarButton).toHaveAttribute('aria-pressed', 'true');
  await lidarButton.click();
  await expect(cam.getByTestId('lidar-overlay')).toHaveCount(0);
  await expect(lidarButton).toHaveAttribute('aria-pressed', 'false');
  await cam.getByRole('button', { name: /projected cuboid boxes/ }).click();
  await expect(cam.getByTestId('projected-box')).toHaveCount(1);

  // overlay choices are session state: they survive a reload
  await page.reload();
  await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  await expect(cam.getByTestId('wireframe')).toHaveCount(1);
  await expect(cam.getByTestId('box-label')).toHaveCount(0);
});
