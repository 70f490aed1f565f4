/**
 * The LiDAR view at 1M points: the demo's first sweep is replaced (via request routing) by a
 * synthetic 1,000,000-point KITTI .bin. Asserts that it loads and draws; the timings are recorded
 * as annotations for the report (software GL here: no timing assertions).
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

function syntheticSweep(n: number): Buffer {
  const f = new Float32Array(4 * n);
  let seed = 1;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < n; i++) {
    const r = 3 + 60 * rnd();
    const a = 2 * Math.PI * rnd();
    f[4 * i] = r * Math.cos(a);
    f[4 * i + 1] = r * Math.sin(a);
    f[4 * i + 2] = -1.7 + (rnd() < 0.2 ? 2 * rnd() : 0.05 * rnd());
    f[4 * i + 3] = rnd();
  }
  return Buffer.from(f.buffer);
}

test('a 1M-point sweep loads and draws in one draw call', async ({ page }, info) => {
  const body = syntheticSweep(1_000_000);
  await page.route('**/demo/kitti/velodyne/000000.bin', (route) => route.fulfill({ body, contentType: 'application/octet-stream' }));
  const wb = new Workbench(page);
  const t0 = Date.now();
  await page.goto('/');
  await expect(wb.lidar).toHaveAttribute('data-points', '1000000', { timeout: 60_000 });
  const loadMs = Date.now() - t0;
  // one frame after a camera change, timed in the page
  const frameMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
      }),
  );
  const probe = await page.evaluate(() => (window as unknown as { __crosslabel: { lidar: () => { points: number; calls: number } } }).__crosslabel.lidar());
  expect(probe.points).toBe(1_000_000);
  const px = await wb.pixelStats(wb.lidar.locator('canvas'));
  expect(px.nonBackground).toBeGreaterThan(0.05);
  info.annotations.push({ type: 'timing', description: `1M points: page load to points ready ${loadMs} ms; an idle frame ${frameMs.toFixed(0)} ms; draw calls ${probe.calls}` });
  console.log(`[1M points] load→ready ${loadMs} ms, idle frame ${frameMs.toFixed(0)} ms, draw calls in last render ${probe.calls}`);
  await page.screenshot({ path: 'e2e-screens/lidar-1m.png' });
});
