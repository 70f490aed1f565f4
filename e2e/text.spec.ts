/**
 * The Documents tab as an annotator uses it, on the bundled KITTI demo: write a caption of the frame
 * with a car, select "the red car" with the keyboard, link it to the car through the picker, see the
 * span in the car's colour in the text and the car selected in the camera; a caption naming a dog on
 * a frame without one is marked "possible hallucination"; markup, entities, Hebrew, a combining
 * accent and an emoji with a skin tone are shown as typed and stored byte for byte (no script runs);
 * typing undoes word by word through the store's history; 50k characters neither crash nor drift.
 */
import { expect, test, type Page } from '@playwright/test';
import { flatAnnotations, type Partitioned } from './support/annotations';
import { Workbench } from './support/workbench';
import { backdropMatchesField, documentsOf, newCaption, newNote, type DocRecord, type SpanRecord } from './support/text';

interface St {
  scene: { documents: DocRecord[]; annotations: Partitioned<SpanRecord & { kind: string }>; objects: Record<string, { id: string; classId: string; name?: string }> };
  session: { selectedObjectId: string | null; selectedAnnotationId: string | null };
  history: { undo: string[]; redo: string[] };
}
const state = (page: Page) => page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => St } } }).__crosslabel.store.getState()) as Promise<St>;

async function toFrame1(page: Page, wb: Workbench): Promise<void> {
  // '.' is the app's "next frame" key (outside text fields)
  await wb.camera.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('.');
  await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
}

test('write a caption, select "the red car", link it to the car; the car is selected in the camera', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await toFrame1(page, wb);
  await wb.text.getByTestId('text-tab-documents').click();

  const editor = await newCaption(wb.text);
  const input = editor.getByTestId('text-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('the red car is parked');
  const doc = (await documentsOf(page)).at(-1)!;
  expect(doc).toMatchObject({ kind: 'caption', sensor: 'image_2', sample: 'image_2/000001', text: 'the red car is parked' });

  // the undetected-yet-unlinked "car" is offered (dotted)
  await expect(editor.locator('.text-backdrop .text-hl-offer')).toHaveText('car');

  // select "the red car" with Shift+arrows, open the picker with its key
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 'the red car'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Alt+L');
  const picker = editor.getByTestId('link-picker');
  await expect(picker).toBeVisible();
  await expect(picker).toContainText('the red car');
  // the words name a car: the picker opens on cars, of what frame 000001 shows
  const rows = picker.locator('[role="option"]');
  await expect(picker.getByTestId('picker-class')).toHaveText('class: Car ×');
  await expect(rows).toHaveCount(1);
  // every class: only the objects of frame 000001 (car, cyclist, truck), not frame 000000's pedestrian
  await picker.getByTestId('picker-class').click();
  await expect(rows).toHaveCount(3);
  await expect(picker).not.toContainText('Pedestrian');
  await picker.getByTestId('picker-show-all').check();
  await expect(picker).toContainText('Pedestrian');
  await picker.getByTestId('picker-show-all').uncheck();
  await expect(rows).toHaveCount(3);
  // type to filter
  await picker.getByTestId('picker-filter').click();
  await page.keyboard.type('car');
  await expect(rows).toHaveCount(1);
  const carId = (await rows.first().getAttribute('data-object'))!;
  const s0 = await state(page);
  expect(s0.scene.objects[carId].classId).toBe('car');
  await page.screenshot({ path: 'e2e-screens/text-picker.png' });
  // ↓ into the list, Space ticks, Enter links
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();

  const s1 = await state(page);
  const spans = flatAnnotations(s1.scene.annotations).filter((a) => a.kind === 'textSpan' && a.document === doc.id);
  expect(spans).toHaveLength(1);
  expect(spans[0]).toMatchObject({ object: carId, start: 0, end: 11, text: 'the red car' });
  expect(s1.session.selectedObjectId).toBe(carId);
  expect(s1.session.selectedAnnotationId).toBe(spans[0].id);

  // the text: "the red car" tinted in the car class colour, selected (outlined), no longer offered
  const hl = editor.locator(`.text-backdrop [data-objects~="${carId}"]`);
  await expect(hl).toHaveText('the red car');
  await expect(hl).toHaveClass(/text-hl-selected/);
  await expect(editor.locator('.text-backdrop .text-hl-offer')).toHaveCount(0);
  const tint = await hl.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(tint).not.toBe('rgba(0, 0, 0, 0)');
  expect(await backdropMatchesField(editor)).toBe(true);
  // the camera: the car's box is the selected one
  await expect(wb.camera.locator(`g.box2d.selected[data-object="${carId}"]`)).toHaveCount(1);
  await page.screenshot({ path: 'e2e-screens/text-linked-car.png' });

  // clicking another object elsewhere, then putting the caret back in the span selects the car again
  await wb.objectRow('Cyclist').click();
  await expect.poll(async () => (await state(page)).session.selectedObjectId).not.toBe(carId);
  await input.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await state(page)).session.selectedObjectId).toBe(carId);

  // hovering the car's row in the object list lights its mention; leaving it turns that off
  await input.evaluate((el) => el.blur());
  await page.locator('.topbar').hover();
  await expect(hl).not.toHaveClass(/text-hl-hover/);
  await wb.objects.locator(`button.object-row[data-object="${carId}"]`).hover();
  await expect(hl).toHaveClass(/text-hl-hover/);
  await page.locator('.topbar').hover();
  await expect(hl).not.toHaveClass(/text-hl-hover/);

  // typing before the span keeps it on its words
  await input.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Look: ');
  const s2 = await state(page);
  const moved = flatAnnotations(s2.scene.annotations).find((a) => a.id === spans[0].id)!;
  expect(moved).toMatchObject({ start: 6, end: 17, text: 'the red car' });
  await expect(hl).toHaveText('the red car');
  expect(errors).toEqual([]);
});

test('a caption naming a dog on a frame without one is marked as a possible hallucination', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await toFrame1(page, wb);
  const editor = await newCaption(wb.text);
  await page.keyboard.type('A dog runs past the truck.');
  const flagged = editor.locator('.text-backdrop .text-hl-hallucination');
  await expect(flagged).toHaveText('dog');
  // the truck is in the picture: offered for linking, not flagged
  await expect(editor.locator('.text-backdrop .text-hl-offer')).toHaveText('truck');
  const card = wb.text.locator('article.text-doc').last();
  await expect(card.getByTestId('hallucination-badge')).toHaveText('1 possible hallucination');
  await expect(editor.getByTestId('text-flags')).toContainText('possible hallucination');
  await expect(editor.getByTestId('text-flags')).toContainText('"dog" names Animal');
  expect(await backdropMatchesField(editor)).toBe(true);
  await card.screenshot({ path: 'e2e-screens/text-hallucination.png' });

  // clicking the offer opens the picker on its class; Enter links the one truck in view
  await editor.getByTestId('text-offer').filter({ hasText: 'truck' }).click();
  const picker = editor.getByTestId('link-picker');
  await expect(picker.getByTestId('picker-class')).toHaveText('class: Truck ×');
  await expect(picker.locator('[role="option"]')).toHaveCount(1);
  const truckId = (await picker.locator('[role="option"]').getAttribute('data-object'))!;
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(editor.locator(`.text-backdrop [data-objects~="${truckId}"]`)).toHaveText('truck');
  await expect(editor.getByTestId('text-offer')).toHaveCount(1); // only "dog" is left to link

  // an overlapping span: "past the truck" also linked to the cyclist; both show over "truck"
  const text = 'A dog runs past the truck.';
  await editor.getByTestId('text-input').focus();
  await editor.getByTestId('text-input').evaluate((el: HTMLTextAreaElement, [a, b]) => el.setSelectionRange(a, b), [text.indexOf('past'), text.indexOf('.')]);
  await editor.getByTestId('text-link').click();
  await picker.getByTestId('picker-filter').fill('cyclist');
  await picker.locator('[role="option"]').first().click();
  await expect(picker).toBeHidden();
  const both = editor.locator('.text-backdrop .text-hl-span').filter({ hasText: /^truck$/ });
  await expect(both).toHaveAttribute('data-objects', new RegExp(`^${truckId} \\S+$|^\\S+ ${truckId}$`));
  expect((await both.evaluate((el) => getComputedStyle(el).boxShadow)).match(/inset/g)).toHaveLength(2);
  await expect(editor.locator('.text-backdrop .text-hl-span').filter({ hasText: /^past the $/ })).toHaveCount(1);
  await editor.getByTestId('text-input').evaluate((el: HTMLTextAreaElement) => (el.setSelectionRange(0, 0), el.blur()));
  await card.screenshot({ path: 'e2e-screens/text-overlap.png' });
  expect(errors).toEqual([]);
});

test('markup, entities, right-to-left, combining characters and emoji are shown inertly and stored byte for byte', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await wb.open();
  const scripts = await page.locator('script').count();
  const editor = await newNote(wb.text);
  const tricky = '<script>alert(1)</script> &amp; שלום e\u0301 👍🏽 <img src=x onerror=alert(2)>';
  // typed key by key where the keyboard can, the rest as an input method inserts it
  await page.keyboard.type('<script>alert(1)</script> &amp; ');
  await page.keyboard.insertText('שלום e\u0301 👍🏽 ');
  await page.keyboard.type('<img src=x onerror=alert(2)>');
  const doc = (await documentsOf(page)).at(-1)!;
  expect(doc.text).toBe(tricky);
  expect([...doc.text].map((c) => c.codePointAt(0))).toEqual([...tricky].map((c) => c.codePointAt(0)));
  await expect(editor.getByTestId('text-input')).toHaveValue(tricky);
  // the backdrop shows the same characters as text
  expect(await editor.locator('.text-backdrop').evaluate((el) => el.textContent?.replace(/\u200b$/, ''))).toBe(tricky);
  expect(await page.locator('script').count()).toBe(scripts);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(await backdropMatchesField(editor)).toBe(true);
  await editor.screenshot({ path: 'e2e-screens/text-inert-markup.png' });

  // a Hebrew-first text runs right to left (dir=auto)
  const rtl = await newNote(wb.text);
  await page.keyboard.insertText('שלום עולם, hello');
  await expect.poll(() => rtl.getByTestId('text-input').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await backdropMatchesField(rtl)).toBe(true);
  await rtl.screenshot({ path: 'e2e-screens/text-rtl.png' });
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

test('typing undoes and redoes word by word through the store, with the caret kept', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  const editor = await newNote(wb.text);
  const input = editor.getByTestId('text-input');
  await page.keyboard.type('one two three');
  const docId = (await documentsOf(page)).at(-1)!.id;
  const text = async () => (await documentsOf(page)).find((d) => d.id === docId)?.text;
  expect(await text()).toBe('one two three');
  await page.keyboard.press('Control+z');
  expect(await text()).toBe('one two ');
  await expect(input).toHaveValue('one two ');
  await page.keyboard.press('Control+z');
  expect(await text()).toBe('one ');
  await page.keyboard.press('Control+Shift+z');
  expect(await text()).toBe('one two ');
  await expect(input).toHaveValue('one two ');
  // the caret sits after the redone word: typing goes on there
  await page.keyboard.type('2');
  expect(await text()).toBe('one two 2');
  // a pause closes the run: the history holds typing steps (and the note's creation), not one step per key
  await page.waitForTimeout(1300);
  const h = (await state(page)).history.undo;
  expect(h.filter((l) => l === 'Type')).toHaveLength(3);
  // undo back past the creation of the note: the note is gone
  for (let i = 0; i < 4; i++) await page.keyboard.press('Control+z');
  await expect.poll(async () => (await documentsOf(page)).some((d) => d.id === docId)).toBe(false);
  expect(errors).toEqual([]);
});

test('deleting a document is undoable; 50,000 characters neither crash the editor nor misalign it', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  const editor = await newNote(wb.text);
  const line = 'the car and the truck and a dog went by, e\u0301 👍🏽 שלום. ';
  const big = line.repeat(Math.ceil(50_000 / line.length)).slice(0, 50_000);
  const t0 = Date.now();
  await page.keyboard.insertText(big);
  const doc = (await documentsOf(page)).at(-1)!;
  expect(doc.text).toBe(big);
  const t1 = Date.now();
  await page.keyboard.type('!');
  const t2 = Date.now();
  console.log(`[text] 50k-character note: pasted in ${t1 - t0} ms, one more key in ${t2 - t1} ms`);
  expect((await documentsOf(page)).at(-1)!.text).toBe(big + '!');
  expect(await backdropMatchesField(editor)).toBe(true);

  const cards = wb.text.locator('article.text-doc');
  const n = await cards.count();
  await cards.last().getByTestId('delete-document').click();
  await expect(cards).toHaveCount(n - 1);
  await wb.text.getByTestId('deleted-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(cards).toHaveCount(n);
  expect((await documentsOf(page)).at(-1)!.text).toBe(big + '!');
  expect(errors).toEqual([]);
});
