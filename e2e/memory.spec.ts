/**
 * Leak test (issue #17, bounded memory): a 1,000-frame sequence, 200 frame switches with the
 * keyboard ('.', next frame) as a user steps through it, and at the start and the end:
 *
 * - JS heap used (CDP Performance.getMetrics JSHeapUsedSize after HeapProfiler.collectGarbage) and
 *   the array-buffer backing stores outside the heap (Runtime.getHeapUsage backingStorageSize: the
 *   parsed sweeps live there);
 * - live WebGL buffers and textures (createX − deleteX, counted by wrapping the WebGL contexts);
 * - object URLs (created − revoked) and ImageBitmaps (created − closed);
 * - every frame cache's own figures (window.__crosslabel.caches()).
 *
 * The sequence is the 12-frame KITTI raw demo repeated: each repeat's samples point at the same
 * files with a distinct query string (`?r=7`), so every frame is a new cache key and a new
 * download, as in a real long drive. The caches get small budgets (localStorage
 * crosslabel.cacheBudgets) so that 200 frames overflow them many times over; the bounds asserted
 * are derived from those budgets, not from timing. Figures are printed for the record.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { serializeScene, type Scene } from '../src/core/schema';
import { Workbench } from './support/workbench';

const MiB = 1024 * 1024;
/** Small budgets (MiB): 200 KITTI frames are ~90 MiB of sweeps and ~370 MiB of decoded images. */
const BUDGETS = { pointClouds: 16, decodedImages: 32, gpuBuffers: 8 };
const FRAMES = 1000;
const SWITCHES = 200;
/** What the app may legitimately allocate besides the caches over 200 switches (React, the document, GC timing). */
const SLACK = 24 * MiB;

type CacheStats = Record<string, { entries: number; bytes: number; budget: number; pinned: number; pinnedBytes: number; evictions: number }>;
interface Counters {
  buffers: number;
  textures: number;
  objectUrls: number;
  bitmaps: number;
}
interface Snapshot extends Counters {
  heapUsed: number;
  backing: number;
  caches: CacheStats;
}

/** Counts live WebGL buffers / textures, object URLs and ImageBitmaps; sets the cache budgets. Runs before the app. */
function instrument(budgets: typeof BUDGETS): void {
  const c = { buffers: 0, textures: 0, objectUrls: 0, bitmaps: 0 };
  (window as unknown as { __counters: typeof c }).__counters = c;
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const { createBuffer, deleteBuffer, createTexture, deleteTexture } = proto;
    proto.createBuffer = function (this: WebGLRenderingContext) {
      const b = createBuffer.call(this);
      if (b) c.buffers++;
      return b;
    } as typeof createBuffer;
    proto.deleteBuffer = function (this: WebGLRenderingContext, b: WebGLBuffer | null) {
      if (b) c.buffers--;
      return deleteBuffer.call(this, b);
    } as typeof deleteBuffer;
    proto.createTexture = function (this: WebGLRenderingContext) {
      const t = createTexture.call(this);
      if (t) c.textures++;
      return t;
    } as typeof createTexture;
    proto.deleteTexture = function (this: WebGLRenderingContext, t: WebGLTexture | null) {
      if (t) c.textures--;
      return deleteTexture.call(this, t);
    } as typeof deleteTexture;
  }
  const { createObjectURL, revokeObjectURL } = URL;
  URL.createObjectURL = (o: Blob | MediaSource) => (c.objectUrls++, createObjectURL(o));
  URL.revokeObjectURL = (u: string) => (c.objectUrls--, revokeObjectURL(u));
  const create = window.createImageBitmap.bind(window) as (...a: unknown[]) => Promise<ImageBitmap>;
  (window as unknown as { createImageBitmap: unknown }).createImageBitmap = (...a: unknown[]) => create(...a).then((b) => (c.bitmaps++, b));
  const close = ImageBitmap.prototype.close;
  ImageBitmap.prototype.close = function (this: ImageBitmap) {
    if (this.width || this.height) c.bitmaps--; // a closed bitmap reads 0 × 0: count each close once
    return close.call(this);
  };
  localStorage.setItem('crosslabel.cacheBudgets', JSON.stringify(budgets));
}

async function snapshot(page: Page, cdp: CDPSession): Promise<Snapshot> {
  // two rounds: the first may only finalise what the second frees
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heapUsed = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const { counters, caches } = await page.evaluate(() => {
    const w = window as unknown as { __counters: Counters; __crosslabel: { caches(): CacheStats } };
    return { counters: { ...w.__counters }, caches: w.__crosslabel.caches() };
  });
  return { heapUsed, backing: usage.backingStorageSize ?? 0, caches, ...counters };
}

/** The demo sequence repeated to `frames` frames; repeat r's files carry `?r=r` (a new URL, the same bytes). */
function longSequence(demo: Scene, frames: number): Scene {
  const per = Math.max(...demo.streams.map((st) => st.samples.length));
  const t0 = Math.min(...demo.streams.flatMap((st) => st.samples.map((s) => s.t)));
  const period = (Math.max(...demo.streams.flatMap((st) => st.samples.map((s) => s.t))) - t0) / (per - 1);
  const repeats = Math.ceil(frames / per);
  return {
    ...demo,
    id: `${demo.id}-x${frames}`,
    name: `KITTI raw repeated (${frames} frames)`,
    streams: demo.streams.map((st) => ({
      ...st,
      samples: Array.from({ length: repeats }, (_, r) =>
        st.samples.map((s) => ({
          ...s,
          id: r ? `${s.id}~${r}` : s.id,
          t: s.t + r * per * period,
          frame: s.frame === undefined ? undefined : r ? `${s.frame}~${r}` : s.frame,
          uri: s.uri && r ? `${s.uri}?r=${r}` : s.uri,
        })),
      )
        .flat()
        .slice(0, frames),
    })),
  };
}

const fmt = (b: number) => `${(b / MiB).toFixed(1)} MiB`;

test('200 frame switches through a 1,000-frame sequence keep heap, sweeps and WebGL objects bounded', async ({ page }) => {
  test.setTimeout(420_000);
  await page.addInitScript(instrument, BUDGETS);
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await page.getByLabel('demo scene').selectOption('sequence');
  await expect(page.getByTestId('scene-name')).toContainText('12 frames');
  const demo = (await page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState(): { scene: unknown } } } }).__crosslabel.store.getState().scene)) as Scene;
  const long = longSequence(demo, FRAMES);
  await page.getByTestId('import-file').setInputFiles({ name: 'kitti-raw-1000.json', mimeType: 'application/json', buffer: Buffer.from(serializeScene(long)) });
  await expect(page.getByTestId('scene-name')).toContainText(`${FRAMES} frames`);
  const readout = wb.timeline.getByTestId('playhead-readout');
  await expect(readout).toContainText(`/${FRAMES}`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const frameShown = async (i: number) => {
    await expect(readout).toHaveAttribute('data-frame', String(i));
    await expect(wb.camera.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true', { timeout: 30_000 });
    await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  };
  const step = async (i: number) => {
    await page.keyboard.press('.');
    await frameShown(i);
  };
  // the start: a few frames in, so lazy modules, the renderer and the first caches are set up
  await page.getByLabel('to the start').click();
  await frameShown(1);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // keys go to the workbench, not a button
  for (let i = 2; i <= 5; i++) await step(i);
  const start = await snapshot(page, cdp);

  for (let i = 6; i < 6 + SWITCHES; i++) {
    await step(i);
    // the sample on screen matches the frame: the switch really happened
    if (i % 50 === 0) await expect(wb.camera).toHaveAttribute('data-sample', new RegExp(`~${Math.floor((i - 1) / 12)}$`));
  }
  const end = await snapshot(page, cdp);
  await page.screenshot({ path: 'e2e-screens/memory-after-200-switches.png' });

  const figure = (name: string, a: number, b: number, unit = '') => `${name} ${unit === 'B' ? fmt(a) : a} → ${unit === 'B' ? fmt(b) : b}`;
  console.log(
    `[memory] ${SWITCHES} frame switches (frames 5 → ${5 + SWITCHES} of ${FRAMES}), budgets ${JSON.stringify(BUDGETS)} MiB: ` +
      [
        figure('JS heap used', start.heapUsed, end.heapUsed, 'B'),
        figure('array-buffer backing stores', start.backing, end.backing, 'B'),
        figure('WebGL buffers', start.buffers, end.buffers),
        figure('WebGL textures', start.textures, end.textures),
        figure('object URLs', start.objectUrls, end.objectUrls),
        figure('ImageBitmaps', start.bitmaps, end.bitmaps),
      ].join('; '),
  );
  for (const [name, s] of Object.entries(end.caches))
    console.log(`[memory] cache ${name}: ${s.entries} entries, ${fmt(s.bytes)} of ${fmt(s.budget)} (pinned ${s.pinned}, ${fmt(s.pinnedBytes)}), ${s.evictions} evictions`);

  // WebGL objects: frame switches reuse the buffers they have
  expect(end.buffers).toBeLessThanOrEqual(start.buffers + 4);
  expect(end.textures).toBeLessThanOrEqual(start.textures + 4);
  expect(end.objectUrls).toBeLessThanOrEqual(start.objectUrls + 2);
  expect(end.bitmaps).toBeLessThanOrEqual(start.bitmaps + 2);
  // the caches kept to their budgets (nothing pinned beyond the frame on screen), and they did evict
  for (const name of ['pointClouds', 'decodedImages'] as const) {
    const s = end.caches[name];
    expect(s.budget).toBe(BUDGETS[name] * MiB);
    expect(s.bytes - s.pinnedBytes).toBeLessThanOrEqual(s.budget);
    expect(s.evictions).toBeGreaterThan(0);
  }
  // JS memory: heap + array buffers grew by at most what the JS-side caches may hold, plus slack.
  // 200 sweeps are ~90 MiB: a cache that forgot its budget fails here.
  const grown = end.heapUsed + end.backing - (start.heapUsed + start.backing);
  expect(grown).toBeLessThanOrEqual(BUDGETS.pointClouds * MiB + SLACK);
  expect(errors).toEqual([]);
});
