/**
 * Exporting in a worker keeps the main thread free (e2e/exchange.spec.ts checks that it does, without
 * a clock; this is the figure). The 200-frame × 50-object synthetic sequence exported as OpenLABEL
 * (built and schema-validated: the workbench's export) while a 1 ms timer probes the main thread:
 * ours = the longest the main thread went without running the timer while a worker thread exported
 * (what remains is posting the scene — one structured clone here; the browser sends it in pieces —
 * and receiving the result), baseline = the same export on the main thread, where the whole export
 * is one block. Medians over runs; the worker is started once, as the page's export starts one per
 * export before the clock matters.
 */
import { Worker } from 'node:worker_threads';
import { exportScene } from '../src/core/formats/exchange';
import type { Scene } from '../src/core/schema';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import { median, type Harness } from './harness';

const RUNS = 5;

/** The longest gap between 1 ms timer ticks while `job` runs, in ms. */
async function longestBlock(job: () => Promise<unknown>): Promise<number> {
  let last = performance.now(), worst = 0, on = true;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (on) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  worst = 0;
  await job();
  on = false;
  // the tick that comes after the job ends closes the last gap
  await new Promise((r) => setTimeout(r, 2));
  return worst;
}

export default async function (h: Harness): Promise<void> {
  const { scene } = syntheticSequence(200, 50);
  // a worker thread does not inherit tsx's loader: it registers it, then loads the TypeScript worker
  const entry = new URL('./exportWorker.worker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  const inWorker = (s: Scene) =>
    new Promise<number>((resolve, reject) => {
      worker.once('message', (m: { bytes: number }) => resolve(m.bytes));
      worker.once('error', reject);
      worker.postMessage({ scene: s, format: 'openlabel' });
    });
  const onMain = async (s: Scene) => (await exportScene(s, 'openlabel', { createdAt: '2026-01-01T00:00:00Z' })).files[0].text.length;
  try {
    // warm both paths (module loading, JIT) and check they export the same document size
    const [a, b] = [await inWorker(scene), await onMain(scene)];
    if (a !== b) throw new Error(`the worker exported ${a} characters, the main thread ${b}`);
    const ours: number[] = [], base: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await longestBlock(() => inWorker(scene)));
      base.push(await longestBlock(() => onMain(scene)));
    }
    h.time('export 200 frames × 50 objects (OpenLABEL): longest main-thread block', median(ours), median(base), 'the same export on the main thread', `${(a / 1e6).toFixed(1)} M characters`);
  } finally {
    await worker.terminate();
  }
}
