/**
 * Import and export in the workbench, driven as a user would: the header's "Import file…" picker,
 * the "Export…" dialog with its progress bar, the download, and the summary of what a format
 * cannot hold. The 200-frame scene is the same seeded synthetic sequence the QA benchmark uses.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Ajv } from 'ajv';
import { unzipSync, strFromU8 } from 'fflate';
import { allAnnotations, serializeScene } from '../src/core/schema';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import { kittiSceneWithMask } from '../src/core/formats/openlabel/testing/kittiScene';
import { rleDecode, rleFromString } from '../src/core/formats/coco/rle';
import { Workbench } from './support/workbench';
import { readOneBitPng } from './support/pngReference';

/** The official OpenLABEL 1.0 JSON schema, compiled here independently of the app's validator. */
const openLabelSchema = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync('src/core/formats/openlabel/openlabel_json_schema-v1.0.0.json', 'utf8')));

async function exportAs(page: Page, format: string): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByLabel('export format').selectOption(format);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const dl = await downloading;
  return readFileSync((await dl.path())!);
}

/** The seeded 200-frame, 50-object synthetic sequence (the QA benchmark's), opened from the picker. */
async function openSequence200(page: Page): Promise<void> {
  const { scene } = syntheticSequence(200, 50);
  await page.getByTestId('import-file').setInputFiles({ name: 'sequence-200.json', mimeType: 'application/json', buffer: Buffer.from(serializeScene(scene)) });
  await expect(page.getByTestId('scene-name')).toContainText('QA bench');
}

test.describe('import and export', () => {
  test('exporting a 200-frame scene runs in a worker: the progress bar moves and the page handles the user while it runs', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    await openSequence200(page);
    await expect(page.getByTestId('notice-banner')).toContainText('50 objects');
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByLabel('export format').selectOption('openlabel');

    // While an export job is in flight (its worker's script held back, so it cannot finish first)
    // the page still paints and takes the user's click: Cancel stops the job, nothing downloads.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/export.worker*', async (route) => {
      await held;
      // the cancelled job's worker is gone by then: its request may be too
      await route.continue().catch(() => undefined);
    });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByTestId('export-progress')).toBeVisible();
    expect(await page.evaluate(() => new Promise<boolean>((r) => requestAnimationFrame(() => r(true))))).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.getByTestId('export-progress')).toHaveCount(0);
    await expect(dialog.getByTestId('export-summary')).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeEnabled();
    release();
    await page.unroute('**/export.worker*');

    // Now the real export. A timer probe every 5 ms records the progress values and stages it
    // sees: a tick that sees a value part-way ran on the main thread while the worker was still
    // exporting (an export on the main thread would show no value between 0 and done: the page
    // could not render one). How long the thread is busy is a figure for bench/exportWorker.bench.ts,
    // not a test threshold. Timers, not animation frames: software-GL compositing alone delays
    // frames by 100–250 ms in this headless browser.
    await page.evaluate(() => {
      const w = window as unknown as { __probe: { values: string[]; stages: string[]; stop: boolean } };
      w.__probe = { values: [], stages: [], stop: false };
      const tick = () => {
        const p = w.__probe;
        const v = document.querySelector('[data-testid="export-progress"]')?.getAttribute('aria-valuenow');
        if (v != null && p.values[p.values.length - 1] !== v) p.values.push(v);
        const s = document.querySelector('[data-testid="export-stage"]')?.textContent;
        if (s && p.stages[p.stages.length - 1] !== s) p.stages.push(s);
        if (!p.stop) setTimeout(tick, 5);
      };
      setTimeout(tick, 5);
    });
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const dl = await downloading;
    await expect(dialog.getByTestId('export-summary')).toBeVisible();
    const probe = await page.evaluate(() => {
      const w = window as unknown as { __probe: { values: string[]; stages: string[]; stop: boolean } };
      w.__probe.stop = true;
      return w.__probe;
    });
    console.log(`export progress values ${probe.values.join(' → ')}; stages ${probe.stages.join(' | ')}`);
    // the export ran in its own worker …
    expect(workers).toContainEqual(expect.stringMatching(/export\.worker/));
    // … whose progress the page showed part-way, stage by stage, while it ran
    expect(probe.values.filter((v) => Number(v) > 0 && Number(v) < 100).length).toBeGreaterThan(0);
    expect(probe.stages.some((s) => /validating/.test(s))).toBe(true);

    expect(dl.suggestedFilename()).toBe('QA_bench.openlabel.json');
    const doc = JSON.parse(readFileSync((await dl.path())!, 'utf8'));
    expect(openLabelSchema(doc), JSON.stringify(openLabelSchema.errors?.slice(0, 3))).toBe(true);
    expect(Object.keys(doc.openlabel.objects)).toHaveLength(50);
    expect(Object.keys(doc.openlabel.frames)).toHaveLength(200);
    await page.screenshot({ path: 'e2e-screens/export-200-frames.png' });
    expect(errors).toEqual([]);
  });

  test('KITTI and COCO exports: a ZIP of label files equal to the source, and the summary lists what COCO cannot hold', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const zip = unzipSync(new Uint8Array(await exportAs(page, 'kitti')));
    expect(Object.keys(zip).sort()).toEqual(['label_2/000000.txt', 'label_2/000001.txt', 'label_2/000002.txt']);
    for (const f of ['000000', '000001', '000002']) expect(strFromU8(zip[`label_2/${f}.txt`])).toBe(readFileSync(`public/demo/kitti/label_2/${f}.txt`, 'utf8'));
    const dialog = page.getByTestId('export-dialog');
    await expect(dialog.getByTestId('export-summary')).toContainText('3 files');
    await dialog.getByRole('button', { name: 'Close' }).click();

    const coco = JSON.parse((await exportAs(page, 'coco')).toString('utf8'));
    expect(coco.images).toHaveLength(3);
    // the demo's 2D boxes: 1 + 3 + 2 objects (DontCare regions are not objects)
    expect(coco.annotations.filter((a: { iscrowd: number }) => a.iscrowd === 0)).toHaveLength(6);
    await expect(dialog.getByTestId('export-dropped')).toContainText(/\d+ × cuboid/);
    await page.screenshot({ path: 'e2e-screens/export-coco-summary.png' });
  });

  test('MOT tracks import onto the camera as one undoable step', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
    await expect(wb.camera.getByTestId('box2d')).toHaveCount(1);
    // two tracks on frame 1 (the first camera sample), ByteTrack's 10-column rows
    const tracks = '1,7,100,150,60,50,0.91,-1,-1,-1\n1,8,700,160,40,90,0.75,-1,-1,-1\n2,7,104,151,60,50,0.88,-1,-1,-1\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'tracks.txt', mimeType: 'text/plain', buffer: Buffer.from(tracks) });
    await expect(page.getByTestId('notice-banner')).toContainText('tracks.txt');
    await expect(page.getByTestId('notice-banner')).toContainText('2 objects, 3 box2ds');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(8);
    await expect(wb.camera.getByTestId('box2d')).toHaveCount(3);
    await page.screenshot({ path: 'e2e-screens/import-mot.png' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
    await expect(wb.camera.getByTestId('box2d')).toHaveCount(1);
  });

  test('a malformed OpenLABEL file gives an error with its JSON path and leaves the scene as it was', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const bad = '{"openlabel":{"metadata":{"schema_version":"1.0.0"},"frames":{"0":{"objects":{"5":{}}}}}}';
    await page.getByTestId('import-file').setInputFiles({ name: 'broken.openlabel.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await expect(wb.errorBanner).toContainText('broken.openlabel.json');
    await expect(wb.errorBanner).toContainText('$.openlabel.frames["0"].objects["5"]');
    await expect(page.getByTestId('scene-name')).toContainText('KITTI');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
    // and invalid JSON names the file too
    await page.getByTestId('import-file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"openlabel": {') });
    await expect(wb.errorBanner).toContainText('cut.json: invalid JSON');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(6);
  });

  test('dropping a real OpenLABEL file (KITTI tracking 0003, 144 frames) opens it; its OpenLABEL export imports back to the same objects', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const text = readFileSync('fixtures/openlabel/openlabel100_kitti_tracking_0003.json', 'utf8');
    const expected = JSON.parse(text).openlabel;
    // a real drag-and-drop: a DataTransfer holding the file, dropped on the workbench
    const dt = await page.evaluateHandle((t) => {
      const d = new DataTransfer();
      d.items.add(new File([t], 'openlabel100_kitti_tracking_0003.json', { type: 'application/json' }));
      return d;
    }, text);
    await page.dispatchEvent('.app', 'dragover', { dataTransfer: dt });
    await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
    await expect(page.getByTestId('notice-banner')).toContainText('openlabel100_kitti_tracking_0003.json (ASAM OpenLABEL)');
    // what the importer could not take is told as information (the IMU stream), not as an error
    // the conventions the file left open come first, with the evidence: sizes read (l, h, w) by the file's own 2D boxes
    await expect(page.getByTestId('notice-banner')).toContainText(/\d+ warnings: cuboid size order of 388 cuboids in CAM_LEFT's coordinate system: read as \(l, h, w\), the spec's reading: mean IoU of the projected cuboids with the file's own 2D boxes 0\.969/);
    await expect(page.getByTestId('notice-banner')).toContainText(/stream IMU/);
    await expect(wb.errorBanner).toHaveCount(0);
    // DontCare regions become ignore regions, not objects
    const classes = (o: Record<string, { type: string }>) => Object.values(o).map((x) => x.type.toLowerCase()).filter((t) => t !== 'dontcare').sort(); // our types are class ids
    await expect(wb.objects.locator('button.object-row')).toHaveCount(classes(expected.objects).length);
    await expect(page.getByTestId('scene-name')).toContainText('openlabel100_kitti_tracking_0003.json');
    // the file's cuboids are on CAM_LEFT; they are LiDAR data, so the LiDAR view draws frame 0's two (python: 2 objects with a cuboid)
    await expect(wb.lidar).toHaveAttribute('data-cuboids', '2');
    await wb.lidar.getByRole('button', { name: 'BEV', exact: true }).click();
    await expect(wb.lidar).toHaveAttribute('data-mode', 'bev');
    await page.screenshot({ path: 'e2e-screens/import-openlabel-tracking.png' });

    const doc = JSON.parse((await exportAs(page, 'openlabel')).toString('utf8'));
    expect(openLabelSchema(doc)).toBe(true);
    expect(Object.keys(doc.openlabel.frames)).toHaveLength(Object.keys(expected.frames).length);
    expect(classes(doc.openlabel.objects)).toEqual(classes(expected.objects));
    // and as KITTI tracking labels on the left camera: the same rows as the KITTI-format fixture
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByLabel('export format').selectOption('kitti-tracking');
    await dialog.getByLabel('tracking camera').selectOption('CAM_LEFT');
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const zip = unzipSync(new Uint8Array(readFileSync((await (await downloading).path())!)));
    expect(Object.keys(zip)).toEqual(['label_02/0000.txt']);
    expect(strFromU8(zip['label_02/0000.txt'])).toBe(readFileSync('fixtures/kitti-tracking/label_02/0003.txt', 'utf8'));
    await expect(dialog.getByTestId('export-dropped')).toContainText('388 × box2d on CAM_RIGHT');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
  });

  test('a nuScenes-format folder (real Lyft tables) opens from the folder picker and exports back to the same annotations', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const dir = 'fixtures/nuscenes-tables/v1.01-train';
    const table = (name: string) => JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8')) as { token: string; instance_token?: string; translation?: number[] }[];
    await page.getByTestId('open-folder').setInputFiles('fixtures/nuscenes-tables');
    await expect(page.getByTestId('notice-banner')).toContainText('Opened nuScenes tables');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(table('instance').length);
    await page.screenshot({ path: 'e2e-screens/import-nuscenes-tables.png' });

    const zip = unzipSync(new Uint8Array(await exportAs(page, 'nuscenes')));
    const written = JSON.parse(strFromU8(zip['v1.0-crosslabel/sample_annotation.json'])) as { token: string; translation: number[] }[];
    const original = table('sample_annotation');
    expect(written.map((a) => a.token).sort()).toEqual(original.map((a) => a.token).sort());
    const byToken = new Map(written.map((a) => [a.token, a]));
    for (const a of original) a.translation!.forEach((v, i) => expect(Math.abs(byToken.get(a.token)!.translation[i] - v)).toBeLessThan(1e-6));
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();

    // the same tables with one dangling reference: an error naming the table and the JSON path; nothing changes
    const files = readdirSync(dir).map((f) => ({ name: f, mimeType: 'application/json', buffer: readFileSync(`${dir}/${f}`) }));
    const broken = table('sample_annotation');
    broken[0].instance_token = 'no-such-instance';
    files.find((f) => f.name === 'sample_annotation.json')!.buffer = Buffer.from(JSON.stringify(broken));
    await page.getByTestId('import-file').setInputFiles(files);
    await expect(wb.errorBanner).toContainText('sample_annotation.json');
    await expect(wb.errorBanner).toContainText('$[0].instance_token');
    await expect(wb.objects.locator('button.object-row')).toHaveCount(table('instance').length);
  });

  test('a scene file dropped with its media: the nuScenes info file and its 6 images and sweep open together', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    await page.getByTestId('open-folder').setInputFiles('public/demo/nuscenes');
    await expect(page.getByTestId('notice-banner')).toContainText('info.json (nuScenes (mmdetection3d info))');
    await expect(page.getByTestId('notice-banner')).toContainText('7 media files from the drop linked to samples');
    // the images and the sweep come from the dropped files (blob URLs), not from the server
    await expect(wb.camera.getByTestId('camera-image')).toHaveAttribute('href', /^blob:/);
    await expect(wb.lidar).toHaveAttribute('data-points', '34688', { timeout: 30_000 }); // 693,760 bytes / 20
    const cam = await wb.pixelStats(page.getByTestId('camera-svg'));
    expect(cam.lumaStd).toBeGreaterThan(25);
    await page.screenshot({ path: 'e2e-screens/import-scene-with-media.png' });
    expect(errors).toEqual([]);
  });

  test('media of a dropped folder survive a reload (kept in IndexedDB with the document), and loading another scene lets them go', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await page.getByTestId('open-folder').setInputFiles('public/demo/kitti');
    await expect(wb.camera.getByTestId('camera-image')).toHaveAttribute('href', /^blob:/);
    const kept = () => page.evaluate(() => new Promise<number>((resolve, reject) => {
      const req = indexedDB.open('crosslabel-media');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const r = req.result.transaction('files').objectStore('files').count();
        r.onsuccess = () => resolve(r.result);
      };
    }));
    // 3 frames × (image + sweep) — the calib and label files are text, not sample media
    await expect.poll(kept).toBe(6);
    await page.evaluate(() => (window as unknown as { __crosslabel: { persistence: { flush: () => Promise<void> } } }).__crosslabel.persistence.flush());
    await page.reload();
    await expect(page.getByTestId('scene-name')).toContainText('kitti');
    await expect(wb.camera.getByTestId('camera-image')).toHaveAttribute('href', /^blob:/);
    await expect(wb.lidar).toHaveAttribute('data-points', '115384', { timeout: 30_000 });
    const cam = await wb.pixelStats(page.getByTestId('camera-svg'));
    expect(cam.lumaStd).toBeGreaterThan(25);
    // another document: its media are what is kept now (the demo's are plain URLs: none)
    await page.getByLabel('demo scene').selectOption('nuscenes');
    await expect(page.getByTestId('scene-name')).toContainText('nuScenes');
    await expect.poll(kept).toBe(0);
  });

  test('a dropped folder whose media are gone after a reload: the labels come back, the camera and LiDAR say what is missing, once', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await page.getByTestId('open-folder').setInputFiles('public/demo/kitti');
    await expect(wb.camera.getByTestId('camera-image')).toHaveAttribute('href', /^blob:/);
    const objects = await page.getByTestId('object-list').locator('li').count();
    await page.evaluate(() => (window as unknown as { __crosslabel: { persistence: { flush: () => Promise<void> } } }).__crosslabel.persistence.flush());
    // the browser dropped the kept files (storage pressure, cleared site data for media only)
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('crosslabel-media');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction('files', 'readwrite');
        tx.objectStore('files').clear();
        tx.oncomplete = () => (req.result.close(), resolve());
      };
    }));
    await page.reload();
    await expect(page.getByTestId('scene-name')).toContainText('kitti');
    await expect(page.getByTestId('object-list').locator('li')).toHaveCount(objects);
    await expect(wb.camera).toContainText('image not available — open its folder again');
    const banner = page.getByTestId('error-banner');
    await expect(banner).toContainText('not available in this session; open its folder again');
    const text = (await banner.textContent()) ?? '';
    const uri = /local:\/\/\S+?\.bin/.exec(text)?.[0];
    expect(uri, text).toBeDefined();
    expect(text.split(uri!).length - 1, text).toBe(1); // the file is named once, not twice
    await page.screenshot({ path: 'e2e-screens/media-missing-after-reload.png' });
  });

  test('masks leave as PNG images in an OpenLABEL export made in the worker, and come back as the same masks', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const scene = kittiSceneWithMask();
    const masks = allAnnotations(scene).filter((a) => a.kind === 'mask');
    expect(masks).toHaveLength(2);
    await page.getByTestId('import-file').setInputFiles({ name: 'with-masks.json', mimeType: 'application/json', buffer: Buffer.from(serializeScene(scene)) });
    await expect(page.getByTestId('scene-name')).toContainText(scene.name);
    const doc = JSON.parse((await exportAs(page, 'openlabel')).toString('utf8'));
    expect(openLabelSchema(doc)).toBe(true);
    await expect(page.getByTestId('export-dialog').getByTestId('export-dropped')).not.toContainText('mask');
    // each mask is an image item: a base64 PNG, read here with Node's own base64 and zlib, pixel for pixel equal to the mask
    const images = Object.values(doc.openlabel.frames as Record<string, { objects?: Record<string, { object_data: { image?: { val: string; mime_type: string }[] } }> }>).flatMap((f) =>
      Object.values(f.objects ?? {}).flatMap((o) => o.object_data.image ?? []),
    );
    expect(images.map((i) => i.mime_type)).toEqual(['image/png', 'image/png']);
    const pngPixels = (b64: string) => readOneBitPng(b64).mask;
    const expected = masks.map((m) => (m.kind === 'mask' ? rleDecode({ size: m.rle.size as [number, number], counts: typeof m.rle.counts === 'string' ? rleFromString(m.rle.counts) : m.rle.counts }) : new Uint8Array()));
    const got = images.map((i) => pngPixels(i.val));
    const sum = (a: Uint8Array) => a.reduce((x, y) => x + y, 0);
    expect(got.map(sum).sort()).toEqual(expected.map(sum).sort());
    for (const g of got) expect(expected.some((e) => e.length === g.length && e.every((v, k) => v === g[k]))).toBe(true);
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();

    // the exported file, opened again, holds the same masks (counts in the same form)
    await page.getByTestId('import-file').setInputFiles({ name: 'with-masks.openlabel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await expect(page.getByTestId('scene-name')).toContainText('with-masks.openlabel.json');
    const back = await page.evaluate(() =>
      Object.values((window as unknown as { __crosslabel: { store: { getState: () => { scene: { annotations: Record<string, Record<string, { kind: string; rle?: unknown }>> } } } } }).__crosslabel.store.getState().scene.annotations)
        .flatMap((p) => Object.values(p))
        .filter((a) => a.kind === 'mask')
        .map((a) => a.rle),
    );
    expect(back).toHaveLength(2);
    expect(back).toEqual(expect.arrayContaining(masks.map((m) => (m.kind === 'mask' ? m.rle : null))));
    expect(errors).toEqual([]);
  });

  test('opening a 200-frame OpenLABEL file parses it in a worker: the page keeps running until the scene is there', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    // the 200-frame OpenLABEL file, made by the workbench's own export of the synthetic sequence
    await openSequence200(page);
    const text = (await exportAs(page, 'openlabel')).toString('utf8');
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();
    // (the synthetic scene stays open: it has no images or sweeps, whose software-GL drawing would
    // itself hold the main thread in this headless browser)
    // Where the file is parsed, and whether the page keeps running meanwhile, checked without a
    // clock: the page's own JSON.parse counts every text over 1 MB it parses (the 8.8 MB file must
    // not be one of them), a worker from import.worker is started, and a 5 ms timer keeps firing
    // after the page shows "Importing 1 file…" and before the worker's result arrives (the
    // crosslabel:import-parsed mark). How long the main thread is busy is a benchmark figure
    // (bench/exportWorker.bench.ts measures the same hand-off for exports), not a test threshold.
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.evaluate(() => {
      const w = window as unknown as { __probe: { bigParses: number; stop: boolean; busyAt: number; ticks: number[] } };
      w.__probe = { bigParses: 0, stop: false, busyAt: Infinity, ticks: [] };
      const parse = JSON.parse;
      JSON.parse = function (text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
        if (typeof text === 'string' && text.length > 1_000_000) w.__probe.bigParses++;
        return parse.call(JSON, text, reviver);
      } as typeof JSON.parse;
      const tick = () => {
        const p = w.__probe;
        if (p.stop) return;
        const now = performance.now();
        p.ticks.push(now);
        if (p.busyAt === Infinity && document.body.textContent?.includes('Importing 1 file…')) p.busyAt = now;
        setTimeout(tick, 5);
      };
      setTimeout(tick, 5);
    });
    // a file on disk, as a user picks it (a buffer would be decoded by page script, itself a main-thread block)
    const onDisk = test.info().outputPath('sequence-200.openlabel.json');
    writeFileSync(onDisk, text);
    await page.getByTestId('import-file').setInputFiles(onDisk);
    await expect(page.getByTestId('scene-name')).toContainText('sequence-200.openlabel.json');
    await expect(page.getByTestId('notice-banner')).toContainText('50 objects');
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { __probe: { bigParses: number; stop: boolean; busyAt: number; ticks: number[] } }).__probe;
      p.stop = true;
      const parsed = performance.getEntriesByName('crosslabel:import-parsed').at(-1)?.startTime ?? Infinity;
      // ticks after the one that saw "Importing…", before the worker's result arrived
      const ticksWhileParsing = p.ticks.filter((t) => t > p.busyAt && t < parsed).length;
      return { busySeen: p.busyAt !== Infinity, parsedMarked: parsed !== Infinity, bigParses: p.bigParses, ticksWhileParsing };
    });
    console.log(`import of a 200-frame OpenLABEL file: ${JSON.stringify(probe)}`);
    expect(probe.busySeen).toBe(true); // the page showed that it was importing …
    expect(probe.parsedMarked).toBe(true);
    // … the file was parsed in the import worker, not on the main thread …
    expect(workers).toContainEqual(expect.stringMatching(/import\.worker/));
    expect(probe.bigParses).toBe(0);
    // … and the page's timer kept firing until the worker's result came
    expect(probe.ticksWhileParsing).toBeGreaterThan(0);
    await expect(wb.objects.locator('button.object-row')).toHaveCount(50);
    expect(errors).toEqual([]);
  });

  test('an import worker that cannot start gives an error naming the file, and the scene stays as it was', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const before = await page.getByTestId('scene-name').textContent();
    // the worker's script is gone (e.g. a redeploy replaced the hashed file)
    await page.route('**/import.worker*', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const text = readFileSync('fixtures/openlabel/openlabel100_test_cuboids.json', 'utf8');
    await page.getByTestId('import-file').setInputFiles({ name: 'cuboids.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(wb.errorBanner).toContainText('cuboids.json: the import worker failed');
    await expect(wb.errorBanner).toContainText('the current scene is untouched');
    await expect(page.getByTestId('busy')).toHaveCount(0); // not left "Importing…" forever
    await expect(page.getByTestId('scene-name')).toHaveText(before!);
    await page.unroute('**/import.worker*');
    // and the next import works
    await page.getByTestId('import-file').setInputFiles({ name: 'cuboids.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.getByTestId('scene-name')).toContainText('cuboids.json');
  });

  test('a scene opened while an import is still being read wins: the late import is not applied, and a second import waits its turn', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    // hold the worker's script back so the import is still running while the user acts
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/import.worker*', async (route) => {
      await held;
      await route.continue();
    });
    const text = readFileSync('fixtures/openlabel/openlabel100_test_cuboids.json', 'utf8');
    await page.getByTestId('import-file').setInputFiles({ name: 'cuboids.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.getByTestId('busy')).toContainText('Importing 1 file…');
    // a second import while the first runs is refused, not raced
    await page.getByTestId('import-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(wb.errorBanner).toContainText('an import is still running');
    // the user opens another scene meanwhile
    await page.getByLabel('demo scene').selectOption('nuscenes');
    await expect(page.getByTestId('scene-name')).toContainText('nuScenes');
    release();
    await expect(wb.errorBanner).toContainText('cuboids.json');
    await expect(wb.errorBanner).toContainText('not applied: another scene was opened while it was being read');
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await expect(page.getByTestId('scene-name')).toContainText('nuScenes');
  });
});
