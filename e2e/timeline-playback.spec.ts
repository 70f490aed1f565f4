/**
 * Benchmark (issue #14): playback of the 12-frame KITTI raw sequence demo (camera + Velodyne, both
 * 10 Hz) in headless Chromium at 1×, against the page's own repaint rate measured in the same run.
 *
 * - baseline: the interval between animation frames while the page repaints nothing but one moving
 *   10 px square (the floor of any visual change here: software GL compositing);
 * - ours: the interval between playback's animation frames (each moves the playhead; a new sample
 *   re-renders the camera and LiDAR panes), from `window.__crosslabel.playback()`;
 * - dropped: samples of the slowest stream the playhead passed but that were never the one shown
 *   at an animation frame (the playback counter), and, checked in the page itself, the camera
 *   images actually painted (the `<image href>` the camera pane drew, by MutationObserver).
 * Three runs; medians. The slowest stream's rate (10 Hz: 100 ms per sample) is the target.
 * Figures → e2e-screens/timeline-playback.json (rows in bench/results.json's format) and the log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface Stats {
  ticks: number;
  wallMs: number;
  tickMs: { median: number; p95: number; max: number };
  slowest: string | null;
  dropped: number;
  streams: { stream: string; period: number; expected: number; reached: number; dropped: number }[];
}

/** Median interval (ms) between animation frames while a 10 px square moves one px per frame. */
function repaintBaseline(page: Page, frames = 60): Promise<number[]> {
  return page.evaluate(
    (n) =>
      new Promise<number[]>((resolve) => {
        const d = document.createElement('div');
        d.style.cssText = 'position:fixed;left:0;top:0;width:10px;height:10px;background:#f0f;z-index:99';
        document.body.appendChild(d);
        const ts: number[] = [];
        const step = (t: number) => {
          ts.push(t);
          d.style.left = `${ts.length % 50}px`;
          if (ts.length <= n) requestAnimationFrame(step);
          else {
            d.remove();
            resolve(ts.slice(1).map((x, i) => x - ts[i]));
          }
        };
        requestAnimationFrame(step);
      }),
    frames,
  );
}

test('playback of the sequence demo against the page repaint rate (bench)', async ({ page }) => {
  test.setTimeout(240_000);
  const wb = new Workbench(page);
  await wb.open();
  await page.getByLabel('demo scene').selectOption('sequence');
  await expect(page.getByTestId('scene-name')).toContainText('12 frames');
  await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  // every frame's image and sweep fetched once (the run measures playback, not the first download)
  for (let i = 0; i < 12; i++) {
    await wb.timeline.focus();
    await page.keyboard.press('Shift+ArrowRight');
  }
  await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 12/12');
  await expect(wb.camera.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true', { timeout: 30_000 });

  const runs: { stats: Stats; painted: number; baseline: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const base = median(await repaintBaseline(page));
    await page.getByLabel('to the start').click();
    await expect(wb.camera.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true', { timeout: 30_000 });
    // the camera images painted during the run
    await page.evaluate(() => {
      const w = window as unknown as { __painted: Set<string>; __obs: MutationObserver };
      const svg = document.querySelector('[data-testid="camera-svg"]')!;
      w.__painted = new Set([svg.querySelector('image')?.getAttribute('href') ?? '']);
      w.__obs = new MutationObserver(() => w.__painted.add(svg.querySelector('image')?.getAttribute('href') ?? ''));
      w.__obs.observe(svg, { subtree: true, attributes: true, attributeFilter: ['href'], childList: true });
    });
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 60_000 });
    const painted = await page.evaluate(() => {
      const w = window as unknown as { __painted: Set<string>; __obs: MutationObserver };
      w.__obs.disconnect();
      return [...w.__painted].filter(Boolean).length;
    });
    const stats = (await page.evaluate(() => (window as unknown as { __crosslabel: { playback(): Stats } }).__crosslabel.playback())) as Stats;
    runs.push({ stats, painted, baseline: base });
    console.log(
      `[playback] run ${run + 1}: ${stats.ticks} animation frames in ${stats.wallMs.toFixed(0)} ms, median ${stats.tickMs.median.toFixed(1)} ms (p95 ${stats.tickMs.p95.toFixed(1)}); ` +
        `slowest ${stats.slowest}: ${stats.streams.find((s) => s.stream === stats.slowest)?.reached}/${stats.streams.find((s) => s.stream === stats.slowest)?.expected} shown, ${stats.dropped} dropped; camera images painted ${painted}/12; repaint baseline ${base.toFixed(1)} ms`,
    );
    expect(stats.slowest).not.toBeNull();
  }

  const slowestPeriodMs = runs[0].stats.streams.find((s) => s.stream === runs[0].stats.slowest)!.period * 1000;
  const ours = median(runs.map((r) => r.stats.tickMs.median));
  const baseline = median(runs.map((r) => r.baseline));
  const dropped = median(runs.map((r) => r.stats.dropped));
  const painted = median(runs.map((r) => r.painted));
  const rows = [
    { name: 'playback: animation frame interval, sequence demo 1×', ours, baseline, unit: 'ms', ratio: baseline / ours, baselineName: 'page repaint (one moving square)', note: `slowest stream period ${slowestPeriodMs.toFixed(0)} ms; holds its rate: ${ours <= slowestPeriodMs}` },
    { name: 'playback: dropped frames of the slowest stream (of 12)', ours: dropped, baseline: 0, unit: 'frames', ratio: dropped === 0 ? 1 : 0, baselineName: 'none dropped', note: `camera images painted ${painted}/12 (median of 3 runs)` },
  ];
  for (const r of rows) console.log(`${r.name.padEnd(58)} ours ${r.ours.toFixed(1)} ${r.unit}  vs ${r.baselineName} ${r.baseline.toFixed(1)} ${r.unit}  ratio ${r.ratio.toFixed(2)}x  (${r.note})`);
  mkdirSync('e2e-screens', { recursive: true });
  writeFileSync('e2e-screens/timeline-playback.json', JSON.stringify({ runs, rows }, null, 2) + '\n');
});
