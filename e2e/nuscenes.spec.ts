/** The 6-camera nuScenes demo: every camera in its own tab, cuboids projected into each, the sweep drawn. */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

test('the nuScenes demo opens with six cameras, each showing the projected cuboids it sees', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await page.getByLabel('demo scene').selectOption('nuscenes');
  await expect(page.getByTestId('scene-name')).toContainText('nuScenes');
  await expect(wb.lidar).toHaveAttribute('data-points', '34688', { timeout: 30_000 });
  const tabs = wb.camera.getByRole('tab');
  await expect(tabs).toHaveCount(6);
  await expect(wb.objects.locator('button.object-row')).toHaveCount(69);
  const seen: Record<string, number> = {};
  for (const name of ['CAM_FRONT', 'CAM_FRONT_RIGHT', 'CAM_BACK_RIGHT', 'CAM_BACK', 'CAM_BACK_LEFT', 'CAM_FRONT_LEFT']) {
    await wb.camera.getByRole('tab', { name, exact: true }).click();
    await expect(wb.camera).toHaveAttribute('data-sample', new RegExp(`^${name}/`));
    await expect(page.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true');
    seen[name] = await wb.camera.getByTestId('projected-box').count();
  }
  // mmdet3d's converter found 2D boxes in every camera of this keyframe; so must we
  for (const [name, n] of Object.entries(seen)) expect(n, name).toBeGreaterThan(0);
  await wb.camera.getByRole('tab', { name: 'CAM_FRONT', exact: true }).click();
  const img = await wb.pixelStats(page.getByTestId('camera-svg'));
  expect(img.lumaStd).toBeGreaterThan(20);
  await page.screenshot({ path: 'e2e-screens/nuscenes-demo.png' });
});
