/**
 * No committed edit is lost (#17 item 2): the tab is killed (no pagehide, no
 * beforeunload, no flush) in the middle of a drag and right after a burst of edits, then reopened;
 * the browser's storage fills up (IndexedDB puts throw QuotaExceededError); the same document is
 * open in two tabs. (Killed = the renderer process gets SIGKILL.)
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

// each test starts the whole app two to four times (WebGL on a software rasteriser)
test.describe.configure({ timeout: 240_000 });

type Box = { x0: number; y0: number; x1: number; y1: number };
type AppWindow = {
  __crosslabel: {
    store: {
      getState(): {
        scene: { annotations: Record<string, Record<string, Box & { kind: string }>>; objects: Record<string, { classId: string; attributes: Record<string, unknown> }> };
        dispatch(cmd: unknown, args: unknown): boolean;
      };
    };
  };
  __unloadSeen?: string[];
};

/** Every unload-time event the page sees is written to localStorage at once, to prove a crash skips them. */
async function logUnloadEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    for (const type of ['pagehide', 'beforeunload', 'unload', 'visibilitychange', 'freeze'])
      window.addEventListener(type, () => localStorage.setItem('h5.unload', `${localStorage.getItem('h5.unload') ?? ''} ${type}`.trim()), { capture: true });
  });
}

/**
 * Kill the tab's renderer process (SIGKILL, as the OOM killer or a power cut would): no handler of
 * the page runs after this. CDP Page.crash was tried first: on this Chromium it took minutes and
 * took the whole browser down with it.
 */
async function crash(page: Page): Promise<void> {
  const browser = page.context().browser()!;
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  // the only page open in this browser is the one under test (each test has its own context)
  for (const p of processInfo) if (p.type === 'renderer') process.kill(p.id, 'SIGKILL');
  await expect.poll(() => page.evaluate(() => 1).then(() => 'alive', () => 'crashed')).toBe('crashed');
  await page.close(); // the renderer is gone: the tab only goes away
}

async function boxOf(page: Page, id: string): Promise<Box> {
  return page.evaluate((id) => {
    const scene = (window as unknown as AppWindow).__crosslabel.store.getState().scene;
    for (const group of Object.values(scene.annotations)) if (group[id]) return { x0: group[id].x0, y0: group[id].y0, x1: group[id].x1, y1: group[id].y1 };
    throw new Error(`no annotation ${id}`);
  }, id);
}

async function reopen(context: BrowserContext): Promise<{ page: Page; wb: Workbench }> {
  const page = await context.newPage();
  const wb = new Workbench(page);
  // as wb.open(), with more patience: this file starts the app a dozen times on a shared machine
  await page.goto('/');
  await expect(wb.camera).toBeVisible({ timeout: 60_000 });
  await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 60_000 });
  return { page, wb };
}

/** Select the pedestrian, change its class in the inspector (a committed edit); returns its box id. */
async function classEdit(wb: Workbench): Promise<{ objectId: string; boxId: string }> {
  const row = wb.objectRow('Pedestrian');
  await row.click();
  const objectId = (await row.getAttribute('data-object'))!;
  await wb.inspector.getByLabel('class').selectOption('cyclist');
  await expect(wb.objects.locator(`button.object-row[data-object="${objectId}"] .object-class`)).toHaveText('Cyclist');
  const boxId = (await wb.camera.getByTestId('box2d').first().getAttribute('data-annotation'))!;
  return { objectId, boxId };
}

test.describe('crash safety', () => {
  test('a crash skips pagehide and beforeunload (what the other tests rely on)', async ({ context }) => {
    await logUnloadEvents(context);
    const { page } = await reopen(context);
    await page.evaluate(() => localStorage.removeItem('h5.unload'));
    await crash(page);
    const { page: again } = await reopen(context);
    expect(await again.evaluate(() => localStorage.getItem('h5.unload'))).toBeNull();
    // the logger itself works: a normal close does fire them
    await again.evaluate(() => localStorage.removeItem('h5.unload'));
    await again.close({ runBeforeUnload: true });
    const { page: third } = await reopen(context);
    expect(await third.evaluate(() => localStorage.getItem('h5.unload'))).toMatch(/pagehide/);
  });

  test('killed in the middle of a drag: every committed edit is back, the drag is not there at all', async ({ context }) => {
    await logUnloadEvents(context);
    const { page, wb } = await reopen(context);
    await page.evaluate(() => localStorage.removeItem('h5.unload'));
    const { objectId, boxId } = await classEdit(wb);
    const before = await boxOf(page, boxId);

    // a whole drag first: pointer down, moves, up
    const rect = wb.camera.locator(`[data-annotation="${boxId}"] rect`).first();
    let r = (await rect.boundingBox())!;
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(r.x + r.width / 2 + i * 4, r.y + r.height / 2);
    await page.mouse.up();
    await expect.poll(() => boxOf(page, boxId).then((b) => b.x0)).toBeGreaterThan(before.x0 + 5);
    const afterDrag = await boxOf(page, boxId);

    // then a second drag, killed while the button is still down
    r = (await rect.boundingBox())!;
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(r.x + r.width / 2 + i * 4, r.y + r.height / 2 + i * 2);
    await expect.poll(() => boxOf(page, boxId).then((b) => b.y0)).toBeGreaterThan(afterDrag.y0 + 5); // the view moved the box
    await page.waitForTimeout(800); // longer than any batching delay: whatever would be written mid-drag, is
    await crash(page);

    const { page: again, wb: wb2 } = await reopen(context);
    expect(await again.evaluate(() => localStorage.getItem('h5.unload'))).toBeNull(); // nothing ran at unload
    await expect(wb2.objects.locator(`button.object-row[data-object="${objectId}"] .object-class`)).toHaveText('Cyclist');
    expect(await boxOf(again, boxId)).toEqual(afterDrag); // the finished drag whole, the killed one not at all
    await again.screenshot({ path: 'e2e-screens/crash-after-drag.png' });
  });

  test('killed right after a burst of edits (mid autosave batch): all of them are back', async ({ context }) => {
    const { page, wb } = await reopen(context);
    const { objectId } = await classEdit(wb);
    for (const cls of ['car', 'van', 'truck', 'pedestrian', 'cyclist', 'tram', 'misc']) await wb.inspector.getByLabel('class').selectOption(cls);
    await expect(wb.objects.locator(`button.object-row[data-object="${objectId}"] .object-class`)).toHaveText('Misc');
    // and a burst inside one task (three undo steps at once, as a held-down Ctrl+Z makes them), then the kill at once
    await page.evaluate(() => {
      const { store } = (window as unknown as { __crosslabel: { store: { getState(): { undo(): void } } } }).__crosslabel;
      for (let i = 0; i < 3; i++) store.getState().undo();
    });
    await crash(page);

    const { wb: wb2 } = await reopen(context);
    await expect(wb2.objects.locator(`button.object-row[data-object="${objectId}"] .object-class`)).toHaveText('Pedestrian');
  });
});

const classOf = (wb: Workbench, objectId: string) => wb.objects.locator(`button.object-row[data-object="${objectId}"] .object-class`);

test.describe('storage full', () => {
  test('a message that stays, Export still works, nothing in the tab is lost, and saving resumes once there is room', async ({ context }) => {
    // a disk that fills up on demand: every IndexedDB put/add past `limit` throws what Chromium throws when the quota is used up
    await context.addInitScript(() => {
      const disk = { puts: 0, limit: Infinity };
      (window as unknown as { __disk: typeof disk }).__disk = disk;
      for (const method of ['put', 'add'] as const) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
          if (++disk.puts > disk.limit) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return original.apply(this, args);
        };
      }
    });
    const { page, wb } = await reopen(context);
    const { objectId } = await classEdit(wb);
    await page.evaluate(() => {
      const disk = (window as unknown as { __disk: { puts: number; limit: number } }).__disk;
      disk.limit = disk.puts + 1; // room for one more write
    });
    const cls = wb.inspector.getByLabel('class');
    for (const c of ['car', 'van', 'truck']) await cls.selectOption(c);
    const banner = page.getByTestId('storage-full-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Your browser’s storage is full: the last 2 edits are not saved on this computer');
    await expect(classOf(wb, objectId)).toHaveText('Truck'); // the document in the tab is intact
    await page.screenshot({ path: 'e2e-screens/storage-full.png' });
    await page.waitForTimeout(6000); // a retry fails too: the message stays
    await expect(banner).toBeVisible();

    await banner.getByRole('button', { name: 'Export now…' }).click();
    const dialog = page.getByTestId('export-dialog');
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const file = await (await downloading).path();
    const { readFileSync } = await import('node:fs');
    const exported = JSON.parse(readFileSync(file!, 'utf8')) as { openlabel: { objects: Record<string, { type: string }> } };
    expect(Object.values(exported.openlabel.objects).map((o) => o.type.toLowerCase())).toContain('truck');
    await page.keyboard.press('Escape');

    // room again: the retry saves everything and the message goes away by itself
    await page.evaluate(() => void ((window as unknown as { __disk: { limit: number } }).__disk.limit = Infinity));
    await expect(banner).toBeHidden({ timeout: 20_000 });
    await crash(page);
    const { wb: wb2 } = await reopen(context);
    await expect(classOf(wb2, objectId)).toHaveText('Truck');
  });
});

test.describe('two tabs on one document', () => {
  test('the second tab opens read-only and cannot overwrite; "Take over here" moves editing to it', async ({ context }) => {
    const a = await reopen(context);
    const { objectId } = await classEdit(a.wb);
    const b = await reopen(context);
    const bannerB = b.page.getByTestId('two-tabs-banner');
    await expect(bannerB).toContainText('This scene is open in another tab');
    await expect(a.page.getByTestId('two-tabs-banner')).toHaveCount(0);
    await expect(classOf(b.wb, objectId)).toHaveText('Cyclist'); // what the first tab saved
    // an edit in the second tab is refused and said so; its document does not change
    await b.page.bringToFront();
    await b.wb.inspector.getByLabel('class').selectOption('car');
    await expect(b.wb.errorBanner).toContainText('open in another tab');
    await expect(classOf(b.wb, objectId)).toHaveText('Cyclist');
    await b.page.screenshot({ path: 'e2e-screens/two-tabs.png' });

    // the first tab goes on editing (a tab in the background gets no animation frames: bring it forward to use it)
    await a.page.bringToFront();
    await a.wb.inspector.getByLabel('class').selectOption('van');
    await expect(classOf(a.wb, objectId)).toHaveText('Van');

    await b.page.bringToFront();
    await bannerB.getByRole('button', { name: 'Take over here' }).click();
    await expect(bannerB).toHaveCount(0);
    await expect(a.page.getByTestId('two-tabs-banner')).toBeVisible();
    await expect(classOf(b.wb, objectId)).toHaveText('Van'); // caught up with the first tab's last edit
    await b.wb.inspector.getByLabel('class').selectOption('truck');
    await expect(classOf(b.wb, objectId)).toHaveText('Truck');
    await a.page.bringToFront();
    await a.wb.inspector.getByLabel('class').selectOption('tram');
    await expect(a.wb.errorBanner).toContainText('open in another tab');
    await expect(classOf(a.wb, objectId)).toHaveText('Van');
    await a.page.screenshot({ path: 'e2e-screens/two-tabs-after-take-over.png' });

    await a.page.close();
    await b.page.close();
    const c = await reopen(context);
    await expect(classOf(c.wb, objectId)).toHaveText('Truck');
  });
});
