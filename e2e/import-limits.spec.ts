/**
 * Import limits (#17 item 4): an oversized file is refused from its size before it is read; a long
 * import shows its progress and stops at Cancel with the scene exactly as it was; the limits are a
 * setting ("Limits…"). Files are made on disk here and picked as a user picks them: the oversized
 * one is sparse (300 MB on paper, nothing on disk), so only its size can have been looked at.
 */
import { closeSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

const MB = 1024 * 1024;

/** What the user sees of the open scene: its name and its object rows. */
async function sceneState(wb: Workbench) {
  return {
    name: await wb.page.getByTestId('scene-name').textContent(),
    objects: await wb.objects.locator('button.object-row').allTextContents(),
    undoTitle: await wb.page.getByRole('button', { name: 'Undo' }).getAttribute('title'),
  };
}

/**
 * A big JSON file whose parse takes a while: one array of long decimal numbers (each costs the
 * parser far more than its 8 bytes of heap), written in pieces so the test never holds it whole.
 */
function writeBigJson(path: string, megabytes: number): number {
  const fd = openSync(path, 'w');
  const chunk = Array.from({ length: 40_000 }, (_, i) => `1.234567890123456${i % 10}e-30`).join(',');
  writeSync(fd, '{"numbers":[');
  let written = 12;
  for (let first = true; written < megabytes * MB; first = false) written += writeSync(fd, (first ? '' : ',') + chunk);
  written += writeSync(fd, ']}');
  closeSync(fd);
  return written;
}

async function importFixture(page: Page) {
  await page.getByTestId('import-file').setInputFiles({ name: 'cuboids.json', mimeType: 'application/json', buffer: readFileSync('fixtures/openlabel/openlabel100_test_cuboids.json') });
  await expect(page.getByTestId('scene-name')).toContainText('cuboids.json');
}

test.describe('import limits', () => {
  test('a file over its size limit is refused before it is read, naming the file, its size and the limit; the scene is untouched', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const before = await sceneState(wb);
    const huge = test.info().outputPath('huge-labels.json');
    writeFileSync(huge, '');
    truncateSync(huge, 300 * MB); // sparse: reading it would give 300 MB of zero bytes, not JSON
    await page.getByTestId('import-file').setInputFiles(huge);
    await expect(wb.errorBanner).toContainText('huge-labels.json: 300 MB is over the 256 MB limit for label files (JSON, text); it was not read');
    await expect(wb.errorBanner).toContainText('Nothing was imported');
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
    expect(await sceneState(wb)).toEqual(before);
    // the app is still usable: a normal import works
    await importFixture(page);
    expect(errors).toEqual([]);
  });

  test('the limits are a setting: lowered under "Limits…", a small file is refused; Defaults restores them', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const before = await sceneState(wb);
    await page.getByRole('button', { name: 'Limits…' }).click();
    const dialog = page.getByTestId('limits-dialog');
    await expect(dialog.getByLabel('labels limit in MB')).toHaveValue('256');
    await dialog.getByLabel('labels limit in MB').fill('0.5');
    await dialog.screenshot({ path: 'e2e-screens/import-limits-dialog.png' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
    // kept across a reload, like the other settings
    await page.reload();
    await expect(wb.camera).toBeVisible();
    const labels = test.info().outputPath('labels-1mb.json');
    writeBigJson(labels, 1);
    await page.getByTestId('import-file').setInputFiles(labels);
    await expect(wb.errorBanner).toContainText(/labels-1mb\.json: 1(\.\d)? MB is over the 512 KB limit for label files \(JSON, text\); it was not read/);
    expect((await sceneState(wb)).name).toEqual(before.name);
    // a value that is not a size is named, not saved
    await page.getByRole('button', { name: 'Limits…' }).click();
    await dialog.getByLabel('time limit in seconds').fill('0');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('time limit: "0" is not a number of seconds above 0');
    await dialog.getByRole('button', { name: 'Defaults' }).click();
    await expect(dialog.getByLabel('labels limit in MB')).toHaveValue('256');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await importFixture(page);
  });

  test('a long import shows its progress; Cancel stops it with the scene exactly as before, and the next import works', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const before = await sceneState(wb);
    const big = test.info().outputPath('big-labels.json');
    const size = writeBigJson(big, 200);
    const started = Date.now();
    await page.getByTestId('import-file').setInputFiles(big);
    const progress = page.getByTestId('import-progress');
    await expect(progress).toBeVisible();
    // bytes read of the file's size (reported by the worker as it reads), then the parse
    await expect(page.getByTestId('import-progress-text')).toContainText(/big-labels\.json · ([1-9][\d.]* (KB|MB) \/ 200 MB|parsing 200 MB…)/);
    const seen = await page.getByTestId('import-progress-text').textContent();
    await page.locator('header.topbar').screenshot({ path: 'e2e-screens/import-progress.png' });
    await page.getByTestId('import-cancel').click();
    console.log(`import of a ${(size / MB).toFixed(0)} MB file: progress "${seen}", cancelled after ${Date.now() - started} ms`);
    await expect(page.getByTestId('notice-banner')).toContainText('Import of big-labels.json cancelled; the scene is unchanged');
    await expect(progress).toHaveCount(0);
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await expect(wb.errorBanner).toHaveCount(0);
    expect(await sceneState(wb)).toEqual(before);
    // the app is usable: the next import works
    await importFixture(page);
    await expect(wb.objects.locator('button.object-row').first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('an import past the time limit is stopped with an error naming the file and the seconds; the scene is untouched', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const before = await sceneState(wb);
    await page.getByRole('button', { name: 'Limits…' }).click();
    await page.getByTestId('limits-dialog').getByLabel('time limit in seconds').fill('1');
    await page.getByTestId('limits-dialog').getByRole('button', { name: 'Save' }).click();
    const big = test.info().outputPath('slow-labels.json');
    writeBigJson(big, 200);
    await page.getByTestId('import-file').setInputFiles(big);
    await expect(wb.errorBanner).toContainText('slow-labels.json: import stopped after 1 s (the time limit for one file)');
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
    expect(await sceneState(wb)).toEqual(before);
  });
});
