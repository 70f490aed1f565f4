/**
 * Agreement with a second annotator in the Review tab, on the KITTI demo: the second annotator's
 * file is this scene with the Truck relabelled Car and the Misc object left out.
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

type SceneJson = { objects: Record<string, { classId: string; name?: string }>; annotations: Record<string, Record<string, { object: string }>> };

test('comparing with a second annotator shows kappa, the confusion matrix and each disagreement', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const mine = await page.evaluate(() => JSON.stringify((window as unknown as { __crosslabel: { store: { getState: () => { scene: unknown } } } }).__crosslabel.store.getState().scene));
  const theirs = JSON.parse(mine) as SceneJson;
  const byName = (n: string) => Object.entries(theirs.objects).find(([, o]) => o.name === n)![0];
  theirs.objects[byName('Truck 1')].classId = 'car';
  const misc = byName('Misc 1');
  delete theirs.objects[misc];
  for (const part of Object.values(theirs.annotations)) for (const [id, a] of Object.entries(part)) if (a.object === misc) delete part[id];

  await page.getByRole('tab', { name: 'Review' }).click();
  const section = page.getByTestId('agreement');
  await section.getByTestId('agreement-file').setInputFiles({ name: 'annotator-b.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(theirs)) });
  // 5 matched pairs: A car car cyclist pedestrian truck, B car car cyclist pedestrian car.
  // observed 4/5 = 0.8; chance 0.4·0.6 + 0.2·0.2 + 0.2·0.2 + 0.2·0 = 0.32; κ = 0.48 / 0.68 = 0.706
  await expect(section.getByTestId('agreement-kappa')).toHaveText('Cohen’s κ 0.706');
  await expect(section.getByTestId('agreement-report')).toContainText('observed 80.0 %, chance 32.0 %');
  await expect(section.getByTestId('agreement-counts')).toHaveText('5 matched · 1 only in A · 0 only in B');
  await expect(section.locator('td.off')).toHaveCount(1); // truck (A) ↔ car (B)
  await expect(section.locator('li[data-kind="class-differs"]')).toHaveText('Truck 1 class differs: A Truck ↔ B Car');
  await expect(section.locator('li[data-kind="only-a"]')).toContainText('Misc 1');
  await page.screenshot({ path: 'e2e-screens/review-agreement.png' });
  // a disagreement takes the reviewer to the object
  await section.locator('li[data-kind="class-differs"]').getByRole('button').click();
  await expect(wb.objectRow('Truck')).toHaveAttribute('aria-pressed', 'true');
  await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');

  // a file that is not a scene is refused with its name
  await section.getByTestId('agreement-file').setInputFiles({ name: 'tracks.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
  await expect(section.getByRole('alert')).toContainText('tracks.json');
});
