/**
 * The QA panel on the KITTI demo with an injected fault: the Truck's camera box is shifted 30 px,
 * which must show up as an error; clicking it selects the truck everywhere and shows it; waiving
 * needs a comment and is recorded (and undoable).
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

type St = {
  scene: { objects: Record<string, { name?: string }>; annotations: Record<string, Record<string, { id: string; kind: string; object: string; x0: number; x1: number }>>; qa: { waivers: { finding: string; comment: string }[] } };
  dispatch: (cmd: unknown, args: unknown) => boolean;
};

test('QA findings: a shifted box is found, clicking selects and shows it, waiving records a comment', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await page.getByRole('tab', { name: 'QA' }).click();
  const panel = page.getByTestId('qa-panel');
  // the clean demo has no error-level finding (its pedestrian box is 9.6 px off: a warning)
  await expect(panel).toContainText('0 errors');
  await expect(panel.locator('[data-testid=qa-finding][data-check="spatial.alignment"]')).toHaveCount(1);

  // inject the fault as an annotator would: drag the truck's box 30 px to the right in the camera
  await wb.objectRow('Truck').click();
  const truckId = (await wb.objectRow('Truck').getAttribute('data-object'))!;
  const box = wb.camera.locator(`[data-testid=box2d][data-object="${truckId}"] rect`);
  const bb = (await box.boundingBox())!;
  const pxPerImagePx = await page.evaluate(() => (document.querySelector('[data-testid=camera-svg]') as SVGSVGElement).getScreenCTM()!.a);
  await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(bb.x + bb.width / 2 + (30 * pxPerImagePx * i) / 5, bb.y + bb.height / 2);
  await page.mouse.up();
  await expect(panel).toContainText('1 errors');
  const finding = panel.locator(`[data-testid=qa-finding].sev-error`);
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('px');

  // clicking it selects the truck everywhere, on its frame, with the projected box shown
  await wb.objectRow('Pedestrian').click();
  await finding.locator('.qa-open').click();
  await expect(wb.objectRow('Truck')).toHaveAttribute('aria-pressed', 'true');
  await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
  await expect(wb.camera.locator(`[data-testid=projected-box][data-object="${truckId}"]`)).toHaveClass(/disagree/);
  await expect(wb.camera.getByTestId('wireframe')).not.toHaveCount(0);
  await page.screenshot({ path: 'e2e-screens/qa-panel.png' });

  // waive it: the comment is required, and the waiver is recorded in the document
  await finding.getByRole('button', { name: 'Waive…' }).click();
  await expect(finding.getByRole('button', { name: 'Waive', exact: true })).toBeDisabled();
  await finding.getByLabel('waiver comment').fill('truck is partly behind a sign; box follows the visible part');
  await finding.getByRole('button', { name: 'Waive', exact: true }).click();
  await expect(panel).toContainText('0 errors');
  await expect(panel).toContainText('1 waived');
  const waivers = await page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => St } } }).__crosslabel.store.getState().scene.qa.waivers);
  expect(waivers).toHaveLength(1);
  expect(waivers[0].comment).toContain('behind a sign');
  // a waiver is an edit like any other
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(panel).toContainText('1 errors');
});
