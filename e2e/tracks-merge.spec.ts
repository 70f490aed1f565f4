/**
 * Merging two tracks from the inspector, as an annotator would after a tracker gave one car two
 * ids: KITTI demo frames 000001 and 000002 each hold one Car (label_2); merging the second into the
 * first moves its cuboid and box to the first object, deletes the second, and one Undo restores both.
 */
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';
import { flatAnnotations, type Partitioned } from './support/annotations';

type St = { scene: { objects: Record<string, { id: string; classId: string; name?: string }>; annotations: Partitioned<{ id: string; kind: string; object: string; sample?: string }> } };
const state = (page: Page) => page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => St } } }).__crosslabel.store.getState());

test('merge another car track into the selected one from the inspector, then undo', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const before = await state(page);
  const cars = Object.values(before.scene.objects).filter((o) => o.classId === 'car');
  expect(cars.length).toBe(2);
  const [a, b] = cars;
  const annsOf = (s: St, id: string) => flatAnnotations(s.scene.annotations).filter((x) => x.object === id).map((x) => x.id).sort();
  const bAnns = annsOf(before, b.id);
  expect(bAnns.length).toBeGreaterThan(0);

  await wb.objectRow(a.name ?? a.id).click();
  const picker = wb.inspector.getByTestId('merge-track');
  await expect(picker.locator('option')).toHaveText([/Merge another car/, b.name ?? b.id]);
  await picker.selectOption(b.id);

  const after = await state(page);
  expect(after.scene.objects[b.id]).toBeUndefined();
  expect(annsOf(after, a.id)).toEqual([...annsOf(before, a.id), ...bAnns].sort());
  await expect(wb.objects.locator('button.object-row', { hasText: b.name ?? b.id })).toHaveCount(0);
  await page.screenshot({ path: 'e2e-screens/tracks-merge.png' });

  await page.keyboard.press('Control+z');
  const undone = await state(page);
  expect(undone.scene.objects[b.id]).toBeDefined();
  expect(annsOf(undone, b.id)).toEqual(bAnns);
});
