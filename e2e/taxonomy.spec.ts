/**
 * The taxonomy editor and typed attributes on the KITTI demo (2 cars, a truck, a pedestrian, a
 * cyclist, a misc object), driven as a user does: clicks, typing, the keyboard.
 */
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';
import { annotationById, type Partitioned } from './support/annotations';

type Obj = { id: string; name?: string; classId: string; attributes: Record<string, unknown> };
type Ann = { id: string; kind: string; object: string; source?: string; attributes?: Record<string, unknown>; x0: number; projected?: { x0: number } };
type St = { scene: { taxonomy: { version: number; classes: { id: string; name: string }[] }; objects: Record<string, Obj>; annotations: Partitioned<Ann> } };

const state = (page: Page) => page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => St } } }).__crosslabel.store.getState().scene);

async function openTaxonomy(page: Page) {
  await page.getByRole('button', { name: 'Taxonomy…' }).click();
  const dialog = page.getByTestId('taxonomy-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('rename a class: the preview counts its objects, and the object list, inspector and camera label all show the new name', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await expect(wb.objects.locator('.object-class', { hasText: /^Car$/ })).toHaveCount(2);

  const dialog = await openTaxonomy(page);
  await dialog.locator('button.tax-row[data-class="car"]').click();
  const editor = dialog.getByTestId('class-editor');
  await expect(editor).toHaveAttribute('data-class', 'car');
  await editor.getByLabel('new class name').fill('Automobile');
  await editor.getByRole('button', { name: 'Rename…' }).click();
  const preview = dialog.getByTestId('change-preview');
  await expect(preview.getByTestId('preview-count')).toHaveText('2');
  await expect(preview).toContainText('v1 → v2');
  await page.screenshot({ path: 'e2e-screens/taxonomy-rename-preview.png' });
  await preview.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog.getByTestId('taxonomy-version')).toHaveText('v2');
  await expect(dialog.locator('button.tax-row[data-class="car"]')).toContainText('Automobile');
  await dialog.getByRole('tab', { name: /History/ }).click();
  await expect(dialog.getByTestId('taxonomy-step')).toHaveText(/v1 → v2 renamed car: “Car” → “Automobile”/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // every view: object list, inspector, camera overlay label
  await expect(wb.objects.locator('.object-class', { hasText: /^Automobile$/ })).toHaveCount(2);
  await expect(wb.objects.locator('.object-class', { hasText: /^Car$/ })).toHaveCount(0);
  await wb.objectRow('Car 1').click();
  const carId = (await wb.objectRow('Car 1').getAttribute('data-object'))!;
  await expect(wb.inspector.getByLabel('class', { exact: true }).locator('option:checked')).toHaveText('Automobile');
  await expect(wb.inspector).toContainText('v2');
  await expect(wb.camera.locator(`[data-testid=box2d][data-object="${carId}"] [data-testid=box-label]`)).toContainText('· Automobile');
  await page.screenshot({ path: 'e2e-screens/taxonomy-renamed-views.png' });
  expect(errors).toEqual([]);
});

test('merge two classes: preview count, apply re-maps the objects, undo restores them', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const dialog = await openTaxonomy(page);
  await dialog.locator('button.tax-row[data-class="car"]').click();
  const editor = dialog.getByTestId('class-editor');
  await editor.getByLabel('merge into').selectOption({ label: 'Truck' });
  await editor.getByRole('button', { name: 'Merge…' }).click();
  const preview = dialog.getByTestId('change-preview');
  await expect(preview.getByTestId('preview-count')).toHaveText('2');
  await expect(preview).toHaveAttribute('data-remapped', '2');
  await expect(preview).toContainText('Merge “Car” into “Truck”');
  // nothing changed before applying
  expect(Object.values((await state(page)).objects).filter((o) => o.classId === 'car')).toHaveLength(2);
  await page.screenshot({ path: 'e2e-screens/taxonomy-merge-preview.png' });
  await preview.getByRole('button', { name: 'Apply' }).click();

  await expect(dialog.locator('button.tax-row[data-class="car"]')).toHaveCount(0);
  await expect(editor).toHaveAttribute('data-class', 'truck');
  await expect(editor).toContainText('3 objects');
  let s = await state(page);
  expect(Object.values(s.objects).filter((o) => o.classId === 'truck')).toHaveLength(3);
  await expect(wb.objects.locator('.object-class', { hasText: /^Truck$/ })).toHaveCount(3);

  await dialog.getByRole('button', { name: /^Undo Merge classes/ }).click();
  await expect(dialog.locator('button.tax-row[data-class="car"]')).toHaveCount(1);
  await expect(dialog.getByTestId('taxonomy-version')).toHaveText('v1');
  s = await state(page);
  expect(Object.values(s.objects).filter((o) => o.classId === 'car')).toHaveLength(2);
  expect(s.taxonomy.classes.find((c) => c.id === 'car')?.name).toBe('Car');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(wb.objects.locator('.object-class', { hasText: /^Car$/ })).toHaveCount(2);
  await expect(wb.objects.locator('.object-class', { hasText: /^Truck$/ })).toHaveCount(1);
});

test('attributes: define a per-frame number with a unit in the editor, then edit attributes with the keyboard only; invalid input is refused', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  // define "distance" (number, m, 0–80, per frame) on Car, by typing in the editor (Car has occluded, moving and color: it is attribute 4)
  const dialog = await openTaxonomy(page);
  await dialog.locator('button.tax-row[data-class="car"]').click();
  const editor = dialog.getByTestId('class-editor');
  await editor.getByRole('button', { name: '+ Attribute' }).click();
  await editor.getByLabel('attribute 4 name').fill('distance');
  await editor.getByLabel('attribute 4 type').selectOption('number');
  await editor.getByLabel('attribute 4 unit').fill('m');
  await editor.getByLabel('attribute 4 min').fill('0');
  await editor.getByLabel('attribute 4 max').fill('80');
  await editor.getByLabel('attribute 4 scope').selectOption('frame');
  await editor.getByRole('button', { name: 'Save class' }).click();
  await expect(dialog.getByTestId('taxonomy-version')).toHaveText('v2');
  await page.screenshot({ path: 'e2e-screens/taxonomy-attribute-defs.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();

  await wb.objectRow('Car 1').click();
  const carId = (await wb.objectRow('Car 1').getAttribute('data-object'))!;
  // keyboard from here on: start at the inspector heading, Tab to the class, then to "occluded"
  await wb.inspector.getByTestId('inspector-name').click();
  await page.keyboard.press('Tab');
  await expect(wb.inspector.getByLabel('class', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  const occluded = wb.inspector.getByLabel('occluded (object)');
  await expect(occluded).toBeFocused();
  const before = (await state(page)).objects[carId].attributes.occluded;
  expect(before).toBe('none');
  await page.keyboard.press('ArrowDown');
  await expect(occluded).toHaveValue('partly');
  expect((await state(page)).objects[carId].attributes.occluded).toBe('partly');

  // Tab on to the per-frame "distance" of the first annotation
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('data-attribute') === 'distance')) break;
  }
  const field = page.locator(':focus');
  await expect(field).toHaveAttribute('data-attribute', 'distance');
  const annId = await field.evaluate((el) => el.closest('[data-testid=frame-attributes]')!.getAttribute('data-annotation')!);
  await page.keyboard.type('95');
  await page.keyboard.press('Enter');
  const fieldBox = wb.inspector.locator(`[data-testid=frame-attributes][data-annotation="${annId}"]`);
  await expect(fieldBox.getByTestId('attribute-error')).toHaveText('distance must be at most 80 m, got 95 m');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(annotationById((await state(page)).annotations, annId)!.attributes?.distance).toBeUndefined();
  await page.screenshot({ path: 'e2e-screens/attribute-invalid.png' });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('abc');
  await page.keyboard.press('Enter');
  await expect(fieldBox.getByTestId('attribute-error')).toHaveText('distance must be a number in m, got "abc"');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('42.5 m');
  await page.keyboard.press('Enter');
  await expect(fieldBox.getByTestId('attribute-error')).toHaveCount(0);
  expect(annotationById((await state(page)).annotations, annId)!.attributes?.distance).toBe(42.5);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ArrowUp');
  await expect(field).toHaveValue('53.5');
  await page.keyboard.press('Enter');
  await expect.poll(async () => annotationById((await state(page)).annotations, annId)!.attributes?.distance).toBe(53.5);
  await page.screenshot({ path: 'e2e-screens/attribute-keyboard.png' });

  // undo (the top bar) takes the per-frame value back to 42.5, and the field follows
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(fieldBox.locator('[data-attribute=distance]')).toHaveValue('42.5');
  expect(annotationById((await state(page)).annotations, annId)!.attributes?.distance).toBe(42.5);
});

test('the inspector offers only classes labelled in the selected annotation\'s modality', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await wb.objectRow('Car 1').click();
  const classes = wb.inspector.getByLabel('class', { exact: true }).locator('option');
  // "Speaker" is an audio/video/text class: never offered for an object labelled in camera + LiDAR
  await expect(classes.filter({ hasText: 'Speaker' })).toHaveCount(0);
  await expect(classes.filter({ hasText: 'Truck' })).toHaveCount(1);
  // make Truck camera-only in the editor: it is no longer offered for a car labelled in LiDAR too
  const dialog = await openTaxonomy(page);
  await dialog.locator('button.tax-row[data-class="truck"]').click();
  await dialog.getByTestId('class-editor').getByLabel('lidar').uncheck();
  await dialog.getByTestId('class-editor').getByRole('button', { name: 'Save class' }).click();
  await expect(dialog.getByTestId('taxonomy-version')).toHaveText('v2');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(classes.filter({ hasText: 'Truck' })).toHaveCount(0);
  await expect(wb.inspector.getByTestId('class-scope')).toContainText('lidar');
  // selecting its camera box narrows the need to the camera: Truck is offered again
  const carId = (await wb.objectRow('Car 1').getAttribute('data-object'))!;
  await wb.camera.locator(`[data-testid=box2d][data-object="${carId}"] rect`).click();
  await expect(wb.inspector.getByTestId('class-scope')).toContainText('classes labelled in camera ·');
  await expect(classes.filter({ hasText: 'Truck' })).toHaveCount(1);
});

test('adopt another project\'s taxonomy from a file: the class mapping is shown (and completed) before it applies; undo restores', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const dialog = await openTaxonomy(page);
  await dialog.getByRole('tab', { name: 'Adopt from file…' }).click();
  const acme = {
    id: 'acme-road',
    name: 'ACME road',
    version: 4,
    classes: [
      { id: 'vehicle', name: 'Vehicle', color: '#ff5500', synonyms: ['car', 'truck'], modalities: ['camera', 'lidar'] },
      { id: 'person', name: 'Pedestrian', color: '#00cc66', modalities: ['camera', 'lidar'] },
      { id: 'cyclist', name: 'Rider', color: '#3366ff', modalities: ['camera', 'lidar'] },
      { id: 'other', name: 'Other', color: '#999999', modalities: ['camera', 'lidar'] },
    ],
  };
  await dialog.getByTestId('taxonomy-file').setInputFiles({ name: 'acme-taxonomy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(acme)) });
  const table = dialog.getByTestId('class-mapping');
  await expect(table.locator('tr[data-class="car"] select')).toHaveValue('vehicle');
  await expect(table.locator('tr[data-class="car"]')).toContainText('by synonym');
  await expect(table.locator('tr[data-class="pedestrian"] select')).toHaveValue('person');
  await expect(table.locator('tr[data-class="pedestrian"]')).toContainText('same name');
  await expect(table.locator('tr[data-class="cyclist"]')).toContainText('same id');
  // Misc has an object and no match: adopting waits for a choice, and nothing has changed yet
  await expect(table.locator('tr[data-class="misc"]')).toContainText('needs a class');
  await expect(dialog.getByRole('button', { name: 'Adopt taxonomy' })).toBeDisabled();
  await expect(dialog.getByTestId('adopt-summary')).toContainText('Map Misc first');
  expect((await state(page)).taxonomy.classes.some((c) => c.id === 'car')).toBe(true);
  await table.getByLabel('map Misc').selectOption('other');
  await expect(dialog.getByTestId('adopt-summary')).toContainText('moves 5 objects');
  await page.screenshot({ path: 'e2e-screens/taxonomy-adopt-mapping.png' });
  await dialog.getByRole('button', { name: 'Adopt taxonomy' }).click();

  await expect(dialog.getByTestId('taxonomy-version')).toHaveText('v4');
  await expect(dialog).toContainText('Taxonomy “ACME road”');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(wb.objects.locator('.object-class', { hasText: /^Vehicle$/ })).toHaveCount(3);
  await expect(wb.objects.locator('.object-class', { hasText: /^Rider$/ })).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(wb.objects.locator('.object-class', { hasText: /^Car$/ })).toHaveCount(2);
  expect((await state(page)).taxonomy.version).toBe(1);
});

test('a malformed taxonomy file is refused with its JSON path, and the document is untouched', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  const dialog = await openTaxonomy(page);
  await dialog.getByRole('tab', { name: 'Adopt from file…' }).click();
  await dialog.getByTestId('taxonomy-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ taxonomy: { id: 'x', name: 'X', version: 1, classes: [{ id: 'Bad', name: 'b', color: '#000000', modalities: ['camera'] }] } })) });
  await expect(dialog.getByRole('alert')).toContainText('bad.json: not a taxonomy: $.taxonomy.classes[0].id: class ids are lower_snake_case');
  await expect(dialog.getByTestId('class-mapping')).toHaveCount(0);
  expect((await state(page)).taxonomy.version).toBe(1);
});
