/**
 * Image–text preference on the KITTI demo (frame 000000: one pedestrian in a paved courtyard,
 * label_2/000000.txt), as an annotator works: the Compare tab shows the picture, the prompt and the
 * two candidate responses side by side, with grounding beside each — the response that adds a dog
 * (there is none, in the picture or the labels) has a possible hallucination marked in its text;
 * the annotator ranks by drag and ▲/▼, then picks the accurate one with a reason, and exports the
 * preference rows: the downloaded JSONL row's chosen / rejected / reasons are checked against the
 * texts written here by hand (the demo's, src/app/demo.ts).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

const ACCURATE =
  'A person in a white T-shirt and dark trousers walks from left to right across a sunlit paved courtyard. Behind him is a building with a wall of blue tiles and large glass windows, with trees and hedges along the back.';
const DOG = 'A person walks a small dog on a leash across a paved courtyard in front of a blue-tiled building.';
const REASON = 'B invents a dog: only one person walks across the courtyard, nobody has a dog.';

type Cmp = { ranking?: string[]; reason?: string; at?: string };
const comparison = (page: Page) =>
  page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => { scene: { comparisons: Record<string, Cmp> } } } } }).__crosslabel.store.getState().scene.comparisons['compare-000000']);

/** An HTML5 drag by the mouse, in small steps (Chromium starts a drag only after the pointer moves a few pixels). */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const f = (await from.boundingBox())!;
  const t = (await to.boundingBox())!;
  await page.mouse.move(f.x + 20, f.y + f.height / 2);
  await page.mouse.down();
  await page.mouse.move(f.x + 30, f.y + f.height / 2, { steps: 5 });
  await page.mouse.move(t.x + t.width / 2, t.y + 20, { steps: 10 });
  await page.mouse.up();
}

test('compare two responses about a KITTI image, pick the grounded one with a reason, export the preference row', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await page.getByTestId('text-tab-compare').click();
  const view = page.getByTestId('comparisons-view');
  const card = view.locator('article.cmp-card[data-comparison="compare-000000"]');
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-judged', 'false');
  await expect(view.getByTestId('export-preference')).toBeDisabled(); // nothing judged yet

  // the picture of frame 000000 (decoded, not a broken image), and the prompt
  const img = card.getByTestId('cmp-thumb').locator('img');
  const pngWidth = readFileSync('public/demo/kitti/image_2/000000.png').readUInt32BE(16); // IHDR width
  await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBe(pngWidth);
  await expect(card.getByTestId('cmp-image-label')).toHaveText('image_2 · 000000');
  await expect(card.locator('.cmp-prompt [data-testid=text-input]')).toHaveValue('Describe the scene.');

  // side by side in the order shown; grounding beside each
  const a = card.locator('li.cmp-cand[data-candidate="response-000000-a"]');
  const b = card.locator('li.cmp-cand[data-candidate="response-000000-b"]');
  await expect(card.locator('li.cmp-cand')).toHaveCount(2);
  await expect(a.getByTestId('text-input')).toHaveValue(ACCURATE);
  await expect(b.getByTestId('text-input')).toHaveValue(DOG);
  const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
  expect(boxB!.x).toBeGreaterThan(boxA!.x + boxA!.width - 1); // B to the right of A, not under it
  await expect(b).toHaveAttribute('data-hallucinations', '1');
  await expect(b.getByTestId('cmp-grounding')).toContainText('1 possible hallucination');
  await expect(b.getByTestId('cmp-grounding').locator('.cmp-flag-hallucination')).toContainText('“dog”');
  // …and marked in the text itself (the editor's backdrop run over "dog")
  await expect(b.locator('.text-backdrop .text-hl-hallucination')).toHaveText('dog');
  await expect(a).toHaveAttribute('data-hallucinations', '0');
  await expect(a.getByTestId('cmp-grounding')).toContainText('Grounded: no hallucinated or contradicted mention.');
  await expect(a.locator('.text-backdrop .text-hl-hallucination')).toHaveCount(0);
  await page.screenshot({ path: 'e2e-screens/preference-compare.png' });
  // the same, with the text pane maximised (a reviewer's view of the whole comparison)
  await wb.text.locator('.pane-title').dblclick();
  await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', 'text');
  await page.screenshot({ path: 'e2e-screens/preference-compare-maximised.png' });
  await wb.text.locator('.pane-title').dblclick();
  await expect(page.getByTestId('quad')).toHaveAttribute('data-maximized', '');

  // rank by drag: B dropped on A's place goes first; ▼ on B puts it back second
  await drag(page, b.locator('.cmp-cand-head'), a);
  await expect.poll(async () => (await comparison(page)).ranking).toEqual(['response-000000-b', 'response-000000-a']);
  await expect(card.locator('li.cmp-cand').first()).toHaveAttribute('data-candidate', 'response-000000-b');
  await expect(b).toHaveAttribute('data-rank', '1');
  await b.getByTestId('cmp-down').click();
  await expect.poll(async () => (await comparison(page)).ranking).toEqual(['response-000000-a', 'response-000000-b']);
  await expect(card.locator('li.cmp-cand').first()).toHaveAttribute('data-candidate', 'response-000000-a');

  // pick A with a reason
  await card.getByTestId('cmp-reason').fill(REASON);
  await a.getByTestId('cmp-pick').click();
  await expect(card).toHaveAttribute('data-judged', 'true');
  await expect(card.getByTestId('cmp-status')).toContainText('Response A preferred');
  await expect(a.getByTestId('cmp-pick')).toHaveText('Picked');
  const judged = await comparison(page);
  expect(judged.ranking).toEqual(['response-000000-a', 'response-000000-b']);
  expect(judged.reason).toBe(REASON);
  expect(Date.parse(judged.at!)).toBeGreaterThan(Date.now() - 10 * 60_000);
  await page.screenshot({ path: 'e2e-screens/preference-picked.png' });

  // export through the export worker; the download is the JSONL file
  const download = page.waitForEvent('download');
  await view.getByTestId('export-preference').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.preference\.jsonl$/);
  const text = readFileSync((await file.path())!, 'utf8');
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe(''); // every line ends with \n
  const rows = lines.filter((l) => l).map((l) => JSON.parse(l));
  expect(rows).toHaveLength(1); // two candidates: one (chosen, rejected) pair
  const [row] = rows;
  expect(row.image).toMatch(/(^|\/)demo\/kitti\/image_2\/000000\.png$/);
  expect(row.prompt).toBe('Describe the scene.');
  expect(row.chosen).toBe(ACCURATE);
  expect(row.rejected).toBe(DOG);
  expect(row.reasons[0]).toBe(REASON);
  // the grounding evidence follows the annotator's reason: the rejected text's hallucinated "dog"
  expect(row.reasons).toHaveLength(2);
  expect(row.reasons[1].startsWith('rejected response "Response B" (rank 2): ')).toBe(true);
  expect(row.reasons[1]).toMatch(/possible hallucination\b.*"dog"/);
  await expect(view.getByTestId('export-preference-status')).toContainText('1 row');

  // clearing forgets the judgement (and its reason); one undo brings both back
  await card.getByTestId('cmp-status').getByRole('button', { name: 'clear' }).click();
  await expect(card).toHaveAttribute('data-judged', 'false');
  expect(await comparison(page)).toEqual({ id: 'compare-000000', sensor: 'image_2', sample: 'image_2/000000', prompt: 'prompt-000000', candidates: ['response-000000-a', 'response-000000-b'] });
  await expect(card.getByTestId('cmp-reason')).toHaveValue('');
  await expect(view.getByTestId('export-preference')).toBeDisabled();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await comparison(page)).reason).toBe(REASON);
  await expect(card.getByTestId('cmp-reason')).toHaveValue(REASON);
  expect((await comparison(page)).ranking).toEqual(['response-000000-a', 'response-000000-b']);
  await expect(wb.errorBanner).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a new comparison about the picture at the playhead starts with two empty candidates to type', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await wb.scrubTo(0.99); // frame 000002 (the last of the three)
  await expect(wb.camera).toContainText('000002');
  await page.getByTestId('text-tab-compare').click();
  const view = page.getByTestId('comparisons-view');
  await view.getByTestId('new-comparison').click();
  const card = view.locator('article.cmp-card').last();
  await expect(view.locator('article.cmp-card')).toHaveCount(2);
  await expect(card.getByTestId('cmp-image-label')).toHaveText('image_2 · 000002');
  await expect(card.locator('li.cmp-cand')).toHaveCount(2);
  await expect(card.locator('li.cmp-cand .cmp-name')).toHaveText(['Candidate A', 'Candidate B']);
  for (const i of [0, 1]) await expect(card.locator('li.cmp-cand [data-testid=text-input]').nth(i)).toHaveValue('');
  // typed into the first candidate: stored in its response document, byte for byte
  await card.locator('li.cmp-cand').first().getByTestId('text-input').click();
  await page.keyboard.type('Two cars on a road — the nearer one is parked.');
  const stored = () =>
    page.evaluate(() => {
      const s = (window as unknown as { __crosslabel: { store: { getState: () => { scene: { comparisons: Record<string, { candidates: string[]; sample?: string }>; documents: { id: string; text: string; kind?: string }[] } } } } }).__crosslabel.store.getState().scene;
      const c = Object.values(s.comparisons).find((x) => x.sample === 'image_2/000002')!;
      return c.candidates.map((id) => s.documents.find((d) => d.id === id)!);
    });
  await expect.poll(async () => (await stored())[0]?.text).toBe('Two cars on a road — the nearer one is parked.');
  expect((await stored()).map((d) => d.kind)).toEqual(['response', 'response']);
  // deleted with its candidate texts; undone
  await card.getByTestId('cmp-delete').click();
  await expect(view.locator('article.cmp-card')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(view.locator('article.cmp-card')).toHaveCount(2);
  expect(errors).toEqual([]);
});
