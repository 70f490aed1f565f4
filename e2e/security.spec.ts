/**
 * Security of the built app (issue #17 item 5), as a user would meet it:
 * - the page is served with the Content-Security-Policy of src/core/csp.ts, and nothing the app does —
 *   the demo, LiDAR, a playing video, an OpenLABEL import (validated by the precompiled ajv code) and an
 *   export in a worker — trips it (violation events, CSP console errors, errors in the page or workers);
 * - every request the page and its workers make goes to the app's origin or to blob:/data: URLs;
 * - text from a file (class names, object names, attributes, documents, file names) is shown literally:
 *   no dialog, no element made from it, no javascript: link.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type ConsoleMessage, type Page, type Worker } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../src/core/csp';
import { kittiScene } from '../src/core/formats/openlabel/testing/kittiScene';
import { serializeScene } from '../src/core/schema';
import { CSP_META_POLICY } from '../scripts/vite/cspMeta';
import { Workbench } from './support/workbench';

const CSP_MESSAGE = /Content Security Policy|Refused to (evaluate|execute|load|connect|create|apply|frame)/i;

interface Watch {
  /** `securitypolicyviolation` events in the page: "directive blocked-uri". */
  violations: () => Promise<string[]>;
  /** CSP messages on the page's or a worker's console. */
  consoleCsp: string[];
  errors: string[];
  workers: Worker[];
}

/** Listens for every sign of a CSP violation, from before the first script runs. */
async function watchCsp(page: Page, wb: Workbench): Promise<Watch> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const consoleCsp: string[] = [];
  const onConsole = (m: ConsoleMessage) => CSP_MESSAGE.test(m.text()) && consoleCsp.push(m.text());
  const workers: Worker[] = [];
  page.on('console', onConsole);
  page.on('worker', (w) => {
    workers.push(w);
    w.on('console', onConsole);
  });
  return {
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    consoleCsp,
    errors: wb.trackErrors(),
    workers,
  };
}

async function exportAs(page: Page, format: string): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByLabel('export format').selectOption(format);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const dl = await downloading;
  const bytes = readFileSync((await dl.path())!);
  await page.keyboard.press('Escape');
  return bytes;
}

const openLabelFixture = (name: string) => ({ name, mimeType: 'application/json', buffer: readFileSync(`fixtures/openlabel/${name}`) });

test('the app runs under its Content-Security-Policy: demo, LiDAR, video, OpenLABEL import and export trip nothing', async ({ page }) => {
  const wb = new Workbench(page);
  const watch = await watchCsp(page, wb);
  const response = await page.goto('/');
  expect(response!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  // …and the page carries it too, for servers that send no header (all but frame-ancestors)
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', CSP_META_POLICY);
  expect(CSP_META_POLICY).not.toContain('frame-ancestors');
  await expect(wb.camera).toBeVisible();
  await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });

  // the command palette (its dialog injects a <style>)
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden();

  // a video plays: the playhead moves
  await page.getByLabel('demo scene').selectOption('talking');
  await expect(page.getByTestId('scene-name')).toContainText('GRID talking face');
  await expect(wb.camera).toHaveAttribute('data-sensor-kind', 'video');
  await page.getByTestId('play').click();
  await expect.poll(async () => page.getByTestId('camera-video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.3);
  await page.getByTestId('play').click();

  // an OpenLABEL import: validated in the browser by the precompiled schema code
  await page.getByTestId('import-file').setInputFiles(openLabelFixture('openlabel100_test_bbox_simple_attributes.json'));
  await expect(page.getByTestId('notice-banner')).toContainText(/object/i, { timeout: 30_000 });
  await expect(wb.errorBanner).toHaveCount(0);
  // …and one that breaks the schema gets the validator's error, not a blocked-eval failure
  const broken = JSON.parse(readFileSync('fixtures/openlabel/openlabel100_test_bbox_simple_attributes.json', 'utf8'));
  broken.openlabel.metadata.schema_version = 1;
  await page.getByTestId('import-file').setInputFiles({ name: 'broken-openlabel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(wb.errorBanner).toContainText('broken-openlabel.json');
  await expect(wb.errorBanner).toContainText(/schema_version/);
  await expect(wb.errorBanner).not.toContainText(/EvalError|unsafe-eval|Content Security/i);
  await page.screenshot({ path: 'e2e-screens/security-openlabel-error.png' });
  await wb.errorBanner.getByRole('button').first().click().catch(() => undefined);

  // back to the KITTI demo with LiDAR, then an OpenLABEL export (built and validated in a worker)
  await page.getByLabel('demo scene').selectOption('sequence');
  await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  const exported = JSON.parse((await exportAs(page, 'openlabel')).toString('utf8'));
  expect(exported.openlabel.metadata.schema_version).toBe('1.0.0');

  expect(await watch.violations()).toEqual([]);
  expect(watch.consoleCsp).toEqual([]);
  expect(watch.errors.filter((e) => !/broken-openlabel/.test(e))).toEqual([]);
  // every worker ran jitless zod (no eval probe) under the same policy
  expect(watch.workers.length).toBeGreaterThan(0);
  for (const w of watch.workers.filter((x) => !x.url().startsWith('blob:')))
    expect(await w.evaluate(() => (globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig?.jitless ?? 'zod not loaded').catch(() => 'worker gone'), w.url()).not.toBe(false);

  // the policy is really enforced, and the watch really sees a violation when one happens: an inline
  // script and a string timer (eval) from the page do not run. (Code evaluated by the test runner
  // itself is exempt from the CSP, so the probes go through the page.)
  await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => undefined);
  await page.evaluate(() => (setTimeout as (code: string, ms: number) => number)('window.__evalRan = true;', 0));
  // each is reported once per policy: the header's and the page's meta tag both enforce
  await expect.poll(async () => (await watch.violations()).length).toBe(4);
  const seen = await watch.violations();
  expect(seen.filter((v) => /^script-src-elem inline/.test(v))).toHaveLength(2);
  expect(seen.filter((v) => /^script-src eval/.test(v))).toHaveLength(2);
  expect(await page.evaluate(() => [(window as { __inlineRan?: boolean }).__inlineRan, (window as { __evalRan?: boolean }).__evalRan])).toEqual([undefined, undefined]);
});

test('every request the page and its workers make stays on the app’s origin (or blob:/data:)', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  for (const layout of ['camera-large', 'lidar-large', 'time-large', 'quad']) await page.getByLabel('layout').selectOption(layout);
  for (const [demo, name] of [['talking', 'GRID'], ['narrated', 'NASA'], ['sequence', 'KITTI raw']] as const) {
    await page.getByLabel('demo scene').selectOption(demo);
    await expect(page.getByTestId('scene-name')).toContainText(name);
  }
  await page.getByTestId('import-file').setInputFiles(openLabelFixture('openlabel100_test_cuboids.json'));
  await expect(page.getByTestId('notice-banner')).toBeVisible({ timeout: 30_000 });
  await exportAs(page, 'openlabel');

  expect(requests.length).toBeGreaterThan(10);
  const elsewhere = requests.filter((u) => !(u.startsWith('blob:') || u.startsWith('data:') || new URL(u).origin === origin));
  expect(elsewhere).toEqual([]);
  expect(errors).toEqual([]);
});

const SCRIPT = '<script>alert("script")</script>';
const IMG = '<img src=x onerror=alert("img")>';
const JS_URL = 'javascript:alert("url")';

/** The KITTI test scene with hostile text in every field a user sees. */
function hostileScene(): string {
  const scene = kittiScene();
  scene.name = `Scene ${SCRIPT}`;
  const cls = (id: string) => scene.taxonomy.classes.find((c) => c.id === id)!;
  cls('pedestrian').name = `Walker ${IMG}`;
  cls('car').name = JS_URL;
  cls('car').synonyms = [SCRIPT];
  scene.objects.ped.name = `Ped ${SCRIPT}`;
  scene.objects.car.name = JS_URL;
  scene.objects.voice.name = IMG;
  scene.objects.ped.attributes = { ...scene.objects.ped.attributes, occluded: IMG };
  scene.documents.push({ id: 'hostile', title: `Title ${IMG}`, text: `Text ${SCRIPT} and ${JS_URL} and ${IMG}`, language: 'en' });
  return serializeScene(scene);
}

test('text from a file is rendered inertly: class and object names, attributes, documents and file names', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const wb = new Workbench(page);
  const watch = await watchCsp(page, wb);
  await wb.open();
  const fileName = `${IMG}.json`;
  await page.getByTestId('import-file').setInputFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(hostileScene()) });
  await expect(page.getByTestId('scene-name')).toHaveText(new RegExp(`Scene ${SCRIPT.replace(/[()]/g, '\\$&')}`));

  // object list and inspector
  await expect(wb.objects.getByText(`Ped ${SCRIPT}`, { exact: true })).toBeVisible();
  await expect(wb.objects.getByText(JS_URL).first()).toBeVisible();
  await wb.objectRow(`Ped ${SCRIPT}`).click();
  await expect(wb.inspector).toContainText(`Walker ${IMG}`);
  await expect(wb.inspector.locator(`input[value="${IMG.replace(/"/g, '\\"')}"], select`).or(wb.inspector.getByText(IMG)).first()).toBeVisible();
  // text pane
  await wb.text.getByTestId('text-tab-documents').click();
  await expect.poll(() => wb.text.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain(`Title ${IMG}`);
  await expect(wb.text.locator('textarea').filter({ hasText: SCRIPT }).or(wb.text.getByText(`Text ${SCRIPT}`, { exact: false })).first()).toBeVisible();
  await page.screenshot({ path: 'e2e-screens/security-inert-text.png' });
  // taxonomy editor
  await page.getByRole('button', { name: 'Taxonomy…' }).click();
  const taxonomy = page.getByTestId('taxonomy-dialog');
  await expect(taxonomy).toContainText(`Walker ${IMG}`);
  await expect(taxonomy).toContainText(JS_URL);
  await page.screenshot({ path: 'e2e-screens/security-inert-taxonomy.png' });
  await page.keyboard.press('Escape');
  // a file the app cannot read: its hostile name is quoted in the error, as text
  await page.getByTestId('import-file').setInputFiles({ name: `${SCRIPT}.pcd`, mimeType: 'application/octet-stream', buffer: Buffer.from('not a point cloud') });
  await expect(wb.errorBanner).toContainText(`${SCRIPT}.pcd`);

  const dom = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? `inline: ${s.textContent}`).filter((s) => !/^\/assets\/[\w.-]+\.js$/.test(s)),
      images: [...document.images].map((i) => i.getAttribute('src')).filter((s) => s === 'x'),
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
      jsUrls: all.flatMap((el) => [...el.attributes].filter((a) => /^\s*javascript:/i.test(a.value) && /href|src|action|formaction|data/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    };
  });
  expect(dom).toEqual({ scripts: [], images: [], handlers: [], jsUrls: [] });
  expect(dialogs).toEqual([]);
  expect(await watch.violations()).toEqual([]);
  expect(watch.consoleCsp).toEqual([]);
});
