/**
 * Live QA (#13 item 7): with the QA tab open, an edit that creates a cross-modal disagreement shows
 * up as a finding without pressing anything, re-checked incrementally (only the edited object), and
 * undo takes it away again. The edit is a real drag of the Car's box in the camera pane, 40 px away
 * from its projected cuboid (error: > 30 px); during the drag the panel only updates throttled.
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

test('live QA: a dragged box raises spatial.alignment at once, undo clears it, incrementally', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await page.getByRole('tab', { name: 'QA' }).click();
  const panel = page.getByTestId('qa-panel');
  await expect(panel).toContainText('0 errors');
  await expect(panel).toHaveAttribute('data-qa-mode', 'full');
  const carId = (await wb.objectRow('Car').first().getAttribute('data-object'))!;
  const carFindings = panel.locator(`[data-testid=qa-finding][data-check="spatial.alignment"].sev-error`);
  await expect(carFindings).toHaveCount(0);

  // drag the car's box 40 image px to the right
  await wb.objectRow('Car').first().click();
  const box = wb.camera.locator(`[data-testid=box2d][data-object="${carId}"] rect`).first();
  const bb = (await box.boundingBox())!;
  const scale = await page.evaluate(() => (document.querySelector('[data-testid=camera-svg]') as SVGSVGElement).getScreenCTM()!.a);
  await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(bb.x + bb.width / 2 + (40 * scale * i) / 8, bb.y + bb.height / 2);
  await page.mouse.up();

  // the finding appears on its own, from an incremental re-check of that one object
  await expect(carFindings).toHaveCount(1);
  await expect(carFindings.first()).toContainText('px');
  await expect(panel).toContainText('1 errors');
  await expect(panel).toHaveAttribute('data-qa-mode', 'incremental');
  const ms = Number(await panel.getAttribute('data-qa-ms'));
  expect(ms).toBeLessThan(50);

  // undo: the finding goes away, again without a run button
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(carFindings).toHaveCount(0);
  await expect(panel).toContainText('0 errors');
  await expect(panel).toHaveAttribute('data-qa-mode', 'incremental');
  await expect(panel).not.toHaveAttribute('data-qa-pending', 'true');
});
