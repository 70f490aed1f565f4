/**
 * The timeline as a workspace (issue #14), driven as a person does: play and watch camera, LiDAR
 * and the playhead advance together; pause; J/K/L and ←/→; zoom and pan the axis; click a track
 * bar; draw an action on the action lane, name it, trim it, undo, delete, and find it with its
 * frame interval in the exported OpenLABEL file. Expected times come from the scene's own sample
 * timestamps (read from the document, or from the synthetic sequence built here in Node).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { importKittiRaw } from '../src/core/formats/kitti';
import { serializeScene, setAnnotation } from '../src/core/schema';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import { kittiTracking0003 } from '../src/core/time/testScene';
import { Workbench } from './support/workbench';

type Streams = { id: string; sensor: string; samples: { id: string; t: number }[] }[];

async function streamsOf(page: Page): Promise<Streams> {
  return page.evaluate(() => {
    const w = window as unknown as { __crosslabel: { store: { getState(): { scene: { streams: Streams } } } } };
    return w.__crosslabel.store.getState().scene.streams.map((s) => ({ id: s.id, sensor: s.sensor, samples: s.samples.map((x) => ({ id: x.id, t: x.t })) }));
  });
}

const playhead = (page: Page) => page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState(): { live: { playhead: number } } } } }).__crosslabel.store.getState().live.playhead);

interface Stats {
  playing: boolean;
  rate: number;
  ticks: number;
  slowest: string | null;
  dropped: number;
  tickMs: { median: number; p95: number; max: number };
  streams: { stream: string; expected: number; reached: number; dropped: number }[];
}
const playbackStats = (page: Page) => page.evaluate(() => (window as unknown as { __crosslabel: { playback(): Stats } }).__crosslabel.playback());

/** The page x of scene time `t` on the lanes (every lane spans the ruler's width), and the visible window. */
async function axis(page: Page) {
  const ruler = page.getByTestId('timeline-scrub');
  const box = (await ruler.boundingBox())!;
  const start = Number(await ruler.getAttribute('data-view-start'));
  const end = Number(await ruler.getAttribute('data-view-end'));
  return { box, start, end, x: (t: number) => box.x + ((t - start) / (end - start)) * box.width };
}

async function openSynthetic(page: Page, frames: number) {
  const { scene } = syntheticSequence(frames, 5);
  await page.getByTestId('import-file').setInputFiles({ name: `sequence-${frames}.json`, mimeType: 'application/json', buffer: Buffer.from(serializeScene(scene)) });
  await expect(page.getByTestId('scene-name')).toContainText('QA bench');
  return scene;
}

interface Rec {
  t: number;
  cam: string;
  lidar: string;
  frame: string;
  line: number | null;
}

/** Record, at every change of the camera's or the LiDAR's sample, the playhead and what each view shows. */
async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __rec: unknown[]; __crosslabel: { store: { getState(): { live: { playhead: number } } } } };
    const st = w.__crosslabel.store;
    const camEl = document.querySelector<HTMLElement>('[data-testid="camera-pane"]')!;
    const lidarEl = document.querySelector<HTMLElement>('[data-testid="lidar-pane"]')!;
    const readout = document.querySelector<HTMLElement>('[data-testid="playhead-readout"]')!;
    w.__rec = [];
    const note = () => {
      const line = document.querySelector<HTMLElement>('[data-testid="playhead"]');
      w.__rec.push({ t: st.getState().live.playhead, cam: camEl.dataset.sample, lidar: lidarEl.dataset.sample, frame: readout.dataset.frame, line: line ? Number(line.dataset.t) : null });
    };
    for (const el of [camEl, lidarEl]) new MutationObserver(note).observe(el, { attributes: true, attributeFilter: ['data-sample'] });
  });
}

const recording = (page: Page) => page.evaluate(() => (window as unknown as { __rec: Rec[] }).__rec);

test.describe('timeline', () => {
  test('play: the playhead, the camera frame and the LiDAR sweep advance together', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const scene = await openSynthetic(page, 60);
    const times = (sensor: string) => scene.streams.find((s) => s.sensor === sensor)!.samples.map((x) => x.t);
    const front = times('front');
    const lidar = times('lidar');
    /** The index of the last sample at or before t, by a plain scan (not the app's binary search). */
    const atOrBefore = (ts: number[], t: number) => ts.reduce((k, x, i) => (x <= t + 1e-9 ? i : k), 0);

    await startRecording(page);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => playhead(page), { timeout: 20_000 }).toBeGreaterThan(1.5);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
    const rec = await recording(page);
    const stats = await playbackStats(page);
    console.log(`[timeline] synthetic 10 Hz, 1×, no media: ${stats.ticks} animation frames, median ${stats.tickMs.median.toFixed(1)} ms, p95 ${stats.tickMs.p95.toFixed(1)} ms; LiDAR samples shown ${stats.streams.find((x) => x.stream === 'lidar')?.reached} of ${stats.streams.find((x) => x.stream === 'lidar')?.expected}, dropped ${stats.dropped}`);

    // the views moved on several times, forwards only, and at every change camera, LiDAR, readout
    // and playhead line agreed with the playhead
    const shownFront = [...new Set(rec.map((r) => r.cam))];
    expect(shownFront.length).toBeGreaterThanOrEqual(3);
    const idx = shownFront.map((id) => Number(id.split('/')[1]));
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
    for (const r of rec) {
      expect(r.cam).toBe(`front/${String(atOrBefore(front, r.t)).padStart(6, '0')}`);
      expect(r.lidar).toBe(`lidar/${String(atOrBefore(lidar, r.t)).padStart(6, '0')}`);
      expect(Number(r.frame)).toBe(atOrBefore(lidar, r.t) + 1);
      expect(r.line).toBe(r.t);
    }
    // the drop counter agrees with what the page showed: every LiDAR sample the camera pane's
    // neighbour showed (plus the one shown at the start) is a sample it counts as reached
    const shownLidar = new Set([lidar[0], ...rec.map((r) => r.lidar)].map(String));
    expect(stats.streams.find((x) => x.stream === 'lidar')!.reached).toBe(shownLidar.size);
    expect(errors).toEqual([]);
  });

  test('play the KITTI demo to its end: images and sweeps follow the playhead', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const streams = await streamsOf(page);
    const cam = streams.find((s) => s.sensor === 'image_2')!.samples;
    const lidar = streams.find((s) => s.sensor === 'velodyne')!.samples;
    expect(cam.map((s) => s.t)).toEqual(lidar.map((s) => s.t));
    await startRecording(page);
    await page.getByLabel('playback speed').selectOption('0.25');
    await page.getByTestId('play').click();
    // plays to the end (0.2 s of scene at 0.25×) and stops there
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 });
    expect(await playhead(page)).toBe(cam[cam.length - 1].t);
    await expect(wb.camera).toHaveAttribute('data-sample', cam[2].id);
    await expect(wb.lidar).toHaveAttribute('data-sample', lidar[2].id);
    await expect(wb.lidar).toHaveAttribute('data-points', String(2030256 / 16));
    await expect(wb.camera.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true');
    await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 3/3');
    const rec = await recording(page);
    for (const r of rec) {
      const k = cam.findIndex((s) => s.id === r.cam);
      expect(lidar.findIndex((s) => s.id === r.lidar), `LiDAR with camera ${r.cam}`).toBe(k);
      expect(r.t).toBeGreaterThanOrEqual(cam[k].t - 1e-9);
      if (k + 1 < cam.length) expect(r.t).toBeLessThan(cam[k + 1].t);
    }
    const stats = await playbackStats(page);
    console.log(`[timeline] KITTI demo at 0.25×: ${stats.ticks} animation frames, median ${stats.tickMs.median.toFixed(1)} ms, max ${stats.tickMs.max.toFixed(1)} ms; frames shown ${[...new Set(rec.map((r) => r.cam))].join(', ')}; dropped ${stats.dropped} of ${stats.slowest}`);
    await page.screenshot({ path: 'e2e-screens/timeline-played.png' });
    expect(errors).toEqual([]);
  });

  test('play the 12-frame KITTI raw sequence: camera, LiDAR and the playhead advance together', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    await page.getByLabel('demo scene').selectOption('sequence');
    await expect(page.getByTestId('scene-name')).toContainText('12 frames');
    await expect(wb.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
    const streams = await streamsOf(page);
    const cam = streams.find((s) => s.samples.length === 12 && /image/.test(s.sensor))!.samples;
    const lidar = streams.find((s) => s.samples.length === 12 && /velo/.test(s.sensor))!.samples;
    await startRecording(page);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 30_000 });
    await expect(wb.camera).toHaveAttribute('data-sample', cam[11].id);
    await expect(wb.lidar).toHaveAttribute('data-sample', lidar[11].id);
    await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 12/12');
    const rec = await recording(page);
    const atOrBefore = (ts: number[], t: number) => ts.reduce((k, x, i) => (x <= t + 1e-9 ? i : k), 0);
    for (const r of rec) {
      expect(r.cam).toBe(cam[atOrBefore(cam.map((s) => s.t), r.t)].id);
      expect(r.lidar).toBe(lidar[atOrBefore(lidar.map((s) => s.t), r.t)].id);
      expect(r.line).toBe(r.t);
    }
    const shown = [...new Set(rec.map((r) => r.cam))].map((id) => cam.findIndex((s) => s.id === id));
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    const stats = await playbackStats(page);
    console.log(`[timeline] KITTI raw sequence at 1×: ${stats.ticks} animation frames, median ${stats.tickMs.median.toFixed(1)} ms, p95 ${stats.tickMs.p95.toFixed(1)} ms; frames shown ${shown.length + 1} of 12; dropped ${stats.dropped} of ${stats.slowest}`);
    await page.screenshot({ path: 'e2e-screens/timeline-sequence.png' });
    expect(errors).toEqual([]);
  });

  test('keys on the timeline: J/K/L shuttle, Space, ←/→ samples, Shift+←/→ frames of the selected stream', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    const scene = await openSynthetic(page, 60);
    const allTimes = [...new Set(scene.streams.flatMap((s) => s.samples.map((x) => x.t + s.offset)))].sort((a, b) => a - b);
    const lidarTimes = scene.streams.find((s) => s.sensor === 'lidar')!.samples.map((x) => x.t);
    const frontTimes = scene.streams.find((s) => s.sensor === 'front')!.samples.map((x) => x.t);
    const play = page.getByTestId('play');
    const speed = page.getByLabel('playback speed');

    await page.keyboard.press('Shift+T');
    await expect(wb.timeline).toBeFocused();
    await page.keyboard.press('L');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await expect(speed).toHaveValue('1');
    await page.keyboard.press('L');
    await expect(speed).toHaveValue('2');
    await page.keyboard.press('L');
    await page.keyboard.press('L');
    await expect(speed).toHaveValue('4'); // doubles up to 4× and no further
    await expect.poll(() => playhead(page)).toBeGreaterThan(0.3);
    await page.keyboard.press('K');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    const p1 = await playhead(page);
    expect(p1).toBeGreaterThan(0);
    const stats = await playbackStats(page);
    console.log(`[timeline] synthetic (no media) at 1–4×: ${stats.ticks} animation frames, median ${stats.tickMs.median.toFixed(1)} ms, p95 ${stats.tickMs.p95.toFixed(1)} ms; dropped ${stats.dropped} of the slowest stream (${stats.slowest})`);
    // paused: the playhead stays
    await page.waitForTimeout(300);
    expect(await playhead(page)).toBe(p1);
    await page.screenshot({ path: 'e2e-screens/timeline-paused.png' });
    // J: backwards at 1×
    await page.keyboard.press('J');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await expect(speed).toHaveValue('1');
    await expect.poll(() => playhead(page)).toBeLessThan(p1 - 0.05);
    await page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('K');
    await expect(play).toHaveAttribute('aria-pressed', 'false');

    // ←/→: the next / previous sample time of any stream (LiDAR at t, cameras at t + 4 ms and t + 6 ms)
    await page.getByLabel('to the start').click();
    await wb.timeline.focus();
    await page.keyboard.press('ArrowRight');
    expect(await playhead(page)).toBeCloseTo(allTimes[1], 9);
    await page.keyboard.press('ArrowRight');
    expect(await playhead(page)).toBeCloseTo(allTimes[2], 9);
    await page.keyboard.press('ArrowLeft');
    expect(await playhead(page)).toBeCloseTo(allTimes[1], 9);
    // Shift+→: the next frame of the selected stream (the LiDAR until another is picked)
    await page.keyboard.press('Shift+ArrowRight');
    expect(await playhead(page)).toBeCloseTo(lidarTimes[1], 9);
    await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 2/60');
    await wb.timeline.locator('.stream-row[data-stream="front"] .stream-name').click();
    await page.keyboard.press('Shift+ArrowRight');
    expect(await playhead(page)).toBeCloseTo(frontTimes[1], 9);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await playhead(page)).toBeCloseTo(frontTimes[2], 9);
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await playhead(page)).toBeCloseTo(frontTimes[1], 9);
    await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 2/60');

    // A: a new action from the playhead to the next sample, named in the field that opens
    await page.keyboard.press('A');
    await expect(page.getByTestId('time-label-type')).toBeFocused();
    await page.keyboard.type('wave');
    await page.keyboard.press('Enter');
    const action = page.getByTestId('action-lane').getByTestId('time-label');
    await expect(action).toHaveText('wave');
    const k = allTimes.findIndex((t) => Math.abs(t - frontTimes[1]) < 1e-9);
    expect(Number(await action.getAttribute('data-start'))).toBeCloseTo(allTimes[k], 9);
    expect(Number(await action.getAttribute('data-end'))).toBeCloseTo(allTimes[k + 1], 9);
  });

  test('a camera stream 50 ms late is flagged on its row; the flag applies the correction; the offset can be typed', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    // KITTI tracking 0003 (a real labelled sequence, synchronised by design) with the left camera's clock shifted by +50 ms
    const scene = kittiTracking0003();
    const camStream = scene.streams.find((s) => s.sensor === 'image_02')!;
    camStream.offset = 0.05;
    // labels only: the images and sweeps are not part of the fixture
    for (const st of scene.streams) for (const x of st.samples) delete x.uri;
    await page.getByTestId('import-file').setInputFiles({ name: 'tracking-0003-late.json', mimeType: 'application/json', buffer: Buffer.from(serializeScene(scene)) });
    const row = wb.timeline.locator(`.stream-row[data-stream="${camStream.id}"]`);
    await expect(row).toBeVisible();
    const flag = row.getByTestId('sync-flag');
    await expect(flag).toBeVisible({ timeout: 30_000 });
    // the estimate recovers the injected shift within a few ms
    const shown = Number((await flag.textContent())!.replace(/[^\d+−-]/g, '').replace('−', '-'));
    expect(Math.abs(shown - 50)).toBeLessThanOrEqual(5);
    await expect(wb.timeline.locator('[data-testid="sync-flag"]')).toHaveCount(1);
    await page.screenshot({ path: 'e2e-screens/timeline-sync-flag.png' });
    // one click applies offset −= estimate: the flag goes, the offset is back near 0
    await flag.click();
    await expect(flag).toHaveCount(0, { timeout: 30_000 });
    const offset = await page.evaluate((id) => (window as unknown as { __crosslabel: { store: { getState(): { scene: { streams: { id: string; offset: number }[] } } } } }).__crosslabel.store.getState().scene.streams.find((s) => s.id === id)!.offset, camStream.id);
    expect(Math.abs(offset)).toBeLessThan(0.005);
    // type an offset: double-click the name, 20 (ms), Enter; undo restores
    await row.locator('.stream-name').dblclick();
    await page.getByTestId('offset-field').fill('20');
    await page.keyboard.press('Enter');
    await expect(row.getByTestId('stream-offset')).toHaveText('+20 ms');
    await page.keyboard.press('Control+z');
    await expect(row.getByTestId('stream-offset')).not.toHaveText('+20 ms');
    expect(errors).toEqual([]);
  });

  test('the time axis zooms at the pointer, pans by drag and wheel, and fits again', async ({ page }) => {
    const wb = new Workbench(page);
    await wb.open();
    await openSynthetic(page, 60);
    const a0 = await axis(page);
    const span0 = a0.end - a0.start;
    const labels = () => wb.timeline.locator('.ruler-label').allTextContents();
    expect((await labels()).every((l) => /^\d+ s$/.test(l))).toBe(true);

    await wb.timeline.getByRole('button', { name: 'zoom in' }).click();
    await wb.timeline.getByRole('button', { name: 'zoom in' }).click();
    const a1 = await axis(page);
    expect(a1.end - a1.start).toBeCloseTo(span0 / 2.25, 6);

    // Ctrl+wheel zooms about the pointer: the time under it stays under it
    const px = a1.box.x + a1.box.width * 0.3;
    const tUnder = a1.start + 0.3 * (a1.end - a1.start);
    await page.mouse.move(px, a1.box.y + a1.box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await axis(page)).end - (await axis(page)).start).toBeLessThan((a1.end - a1.start) / 1.5);
    const a2 = await axis(page);
    expect(a2.start + 0.3 * (a2.end - a2.start)).toBeCloseTo(tUnder, 4);
    // finer steps, labelled in s with decimals
    expect((await labels()).some((l) => /^\d+\.\d+ s$/.test(l))).toBe(true);
    await page.screenshot({ path: 'e2e-screens/timeline-zoomed.png' });

    // drag on an empty stream lane pans: 150 px to the left shows later times
    const lane = wb.timeline.locator('.stream-row[data-stream="lidar"] .timeline-track');
    const lb = (await lane.boundingBox())!;
    const y = lb.y + lb.height / 2;
    // a spot between two ticks
    const x0 = lb.x + lb.width * 0.62;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 - 75, y, { steps: 3 });
    await page.mouse.move(x0 - 150, y, { steps: 3 });
    await page.mouse.up();
    const a3 = await axis(page);
    expect(a3.start - a2.start).toBeCloseTo((150 / a2.box.width) * (a2.end - a2.start), 3);
    expect(a3.end - a3.start).toBeCloseTo(a2.end - a2.start, 9);
    // a wheel over the ruler pans back
    await page.mouse.move(a3.box.x + 50, a3.box.y + 5);
    await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await axis(page)).start).toBeLessThan(a3.start);

    // keys: − zooms out, 0 fits
    await wb.timeline.focus();
    await page.keyboard.press('-');
    await expect.poll(async () => (await axis(page)).end - (await axis(page)).start).toBeGreaterThan(a3.end - a3.start);
    await page.keyboard.press('0');
    const a4 = await axis(page);
    expect([a4.start, a4.end]).toEqual([a0.start, a0.end]);
  });

  test('clicking a track bar seeks to the labelled frame and selects the object', async ({ page }) => {
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    const truck = wb.objectRow('Truck');
    const truckId = (await truck.getAttribute('data-object'))!;
    const row = wb.timeline.locator(`.track-row[data-object="${truckId}"]`);
    await expect(row.locator('[data-testid="track-bar"]')).toHaveCount(2); // camera and LiDAR
    await expect(row.locator('[data-kind="camera"] [data-testid="keyframe"]')).toHaveCount(1);
    const bar = row.locator('[data-testid="track-bar"][data-kind="lidar"]');
    const run = (await bar.locator('.run').boundingBox())!;
    await page.mouse.click(run.x + run.width / 2, run.y + run.height / 2);
    await expect(truck).toHaveAttribute('aria-pressed', 'true');
    await expect(row).toHaveClass(/selected/);
    await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
    await expect(wb.lidar).toHaveAttribute('data-sample', 'velodyne/000001');
    await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 2/3');
    await expect(wb.camera.locator('.box2d.selected')).toHaveCount(1);
    await expect(wb.inspector.getByLabel('class')).toHaveValue('truck');
    await page.screenshot({ path: 'e2e-screens/timeline-track-selected.png' });
    expect(errors).toEqual([]);
  });

  test('keyframes at frames 1 and 10 give an interpolated frame 5, seen in the LiDAR, in the camera and on the track bar', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    // the sequence demo as the app imports it (built here from public/demo/sequence), with one car keyed at frames 1 and 10
    const dir = 'public/demo/sequence';
    const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as { frames: string[]; calibration: string[]; images: { dir: string; ext: string; sizes: Record<string, [number, number]> }; sweeps: { dir: string; ext: string } };
    const files = [...m.calibration, ...m.frames.map((f) => `${m.images.dir}/${f}.${m.images.ext}`), ...m.frames.map((f) => `${m.sweeps.dir}/${f}.${m.sweeps.ext}`)];
    const [w, h] = m.images.sizes[m.frames[0]];
    const { scene } = await importKittiRaw({ name: '2011_09_26 (12 frames)', files, readText: async (p) => readFileSync(`${dir}/${p}`, 'utf8') }, { baseUri: '/demo/sequence', imageSizes: { image_02: { width: w, height: h } } });
    const lidar = scene.streams.find((st) => st.sensor === 'velodyne')!.samples;
    const yawQ = (yaw: number) => ({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) });
    scene.objects.car1 = { id: 'car1', classId: 'car', name: 'Car 1', attributes: {} };
    const key = (id: string, i: number, c: { x: number; y: number; z: number }, yaw: number) =>
      setAnnotation(scene, { id, kind: 'cuboid', object: 'car1', source: 'manual', sensor: 'velodyne', sample: lidar[i].id, center: c, size: { l: 4, w: 1.8, h: 1.5 }, rotation: yawQ(yaw) });
    key('k1', 0, { x: 12, y: 1.5, z: -0.9 }, 0);
    key('k10', 9, { x: 16.5, y: 0.6, z: -0.9 }, 0.45);
    await page.getByTestId('import-file').setInputFiles({ name: 'sequence-keyed.json', mimeType: 'application/json', buffer: Buffer.from(serializeScene(scene)) });
    await expect(page.getByTestId('scene-name')).toContainText('12 frames');
    await page.getByLabel('layout').selectOption('time-large');

    const row = wb.timeline.locator('.track-row[data-object="car1"]');
    const bar = row.locator('[data-testid="track-bar"][data-kind="lidar"]');
    await expect(bar.locator('.run')).toHaveCount(2); // frame 1 and frame 10, a gap between
    await expect(bar.getByTestId('keyframe')).toHaveCount(2);
    await wb.objectRow('Car 1').click();
    await page.keyboard.press('Alt+T'); // interpolate the selected object between its keyframes
    await expect(bar.locator('.run.interpolated')).toHaveCount(1);
    await expect(bar.locator('.run.interpolated')).toHaveAttribute('data-start', String(lidar[1].t));
    await expect(bar.locator('.run.interpolated')).toHaveAttribute('data-end', String(lidar[9].t));
    await expect(bar.getByTestId('keyframe')).toHaveCount(2);

    // click the bar at frame 5: seek there and select the interpolated cuboid
    const a = await axis(page);
    const bb = (await bar.boundingBox())!;
    await page.mouse.click(a.x((lidar[4].t + lidar[5].t) / 2), bb.y + bb.height / 2);
    await expect(wb.lidar).toHaveAttribute('data-sample', lidar[4].id);
    await expect(wb.lidar).toHaveAttribute('data-cuboids', '1');
    await expect(wb.camera.locator('[data-testid="projected-box"][data-object="car1"]')).toHaveCount(1);
    await expect(wb.timeline.getByTestId('playhead-readout')).toContainText('frame 5/12');
    const ann = await page.evaluate(() => {
      const st = (window as unknown as { __crosslabel: { store: { getState(): { session: { selectedAnnotationId: string }; scene: { annotations: Record<string, Record<string, unknown>> } } } } }).__crosslabel.store.getState();
      const id = st.session.selectedAnnotationId;
      for (const p of Object.values(st.scene.annotations)) if (p[id]) return p[id] as { source: string; sample: string; center: { x: number; y: number; z: number }; rotation: { x: number; y: number; z: number; w: number } };
      return null;
    });
    // independent reference: frame 5 is 4/9 of the way from frame 1 to frame 10 (10 Hz); centre linear, yaw 0 → 0.45 rad
    const u = (lidar[4].t - lidar[0].t) / (lidar[9].t - lidar[0].t);
    expect(u).toBeCloseTo(4 / 9, 9);
    expect(ann).toMatchObject({ source: 'interpolated', sample: lidar[4].id });
    expect(ann!.center.x).toBeCloseTo(12 + 4.5 * u, 6);
    expect(ann!.center.y).toBeCloseTo(1.5 - 0.9 * u, 6);
    expect(ann!.center.z).toBeCloseTo(-0.9, 6);
    const q = yawQ(0.45 * u);
    expect(ann!.rotation.z).toBeCloseTo(q.z, 6);
    expect(ann!.rotation.w).toBeCloseTo(q.w, 6);
    await page.screenshot({ path: 'e2e-screens/timeline-interpolated.png' });
    expect(errors).toEqual([]);
  });

  test('an action drawn on the action lane: named, trimmed, undone, deleted, and exported to OpenLABEL with its frame interval', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const wb = new Workbench(page);
    const errors = wb.trackErrors();
    await wb.open();
    await page.getByLabel('layout').selectOption('time-large');
    const cam = (await streamsOf(page)).find((s) => s.sensor === 'image_2')!.samples;
    const lane = page.getByTestId('action-lane');
    const a = await axis(page);
    const lb = (await lane.boundingBox())!;
    const y = lb.y + lb.height / 2;

    // drag from frame 000000 to frame 000002
    await page.mouse.move(a.x(cam[0].t) + 2, y);
    await page.mouse.down();
    await page.mouse.move(a.x(cam[1].t), y, { steps: 4 });
    await page.mouse.move(a.x(cam[2].t) - 2, y, { steps: 4 });
    await page.mouse.up();
    const field = page.getByTestId('time-label-type');
    await expect(field).toBeFocused();
    await page.keyboard.type('drinking');
    await page.screenshot({ path: 'e2e-screens/timeline-action-typing.png' });
    await page.keyboard.press('Enter');
    const action = lane.getByTestId('time-label');
    await expect(action).toHaveCount(1);
    await expect(action).toHaveText('drinking');
    await expect(action).toHaveAttribute('data-start', String(cam[0].t));
    await expect(action).toHaveAttribute('data-end', String(cam[2].t));
    await expect(action).toHaveClass(/selected/);
    await expect(wb.timeline).toBeFocused();

    // undo / redo: one step
    await page.keyboard.press('Control+z');
    await expect(action).toHaveCount(0);
    await page.keyboard.press('Control+Shift+z');
    await expect(action).toHaveCount(1);

    // trim the start to frame 000001 by its edge
    const edge = (await action.getByTestId('edge-start').boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x(cam[1].t) - 20, y, { steps: 3 });
    await page.mouse.move(a.x(cam[1].t) + 3, y, { steps: 3 });
    await page.mouse.up();
    await expect(action).toHaveAttribute('data-start', String(cam[1].t));
    await expect(action).toHaveAttribute('data-end', String(cam[2].t));
    // the whole drag is one undo step
    await page.keyboard.press('Control+z');
    await expect(action).toHaveAttribute('data-start', String(cam[0].t));
    await page.keyboard.press('Control+Shift+z');
    await expect(action).toHaveAttribute('data-start', String(cam[1].t));

    // move it one frame earlier by its body (snapped to the samples), and back with undo
    const body = (await action.boundingBox())!;
    const grab = body.x + body.width / 2;
    await page.mouse.move(grab, y);
    await page.mouse.down();
    await page.mouse.move(grab - (a.x(cam[1].t) - a.x(cam[0].t)) / 2, y, { steps: 3 });
    await page.mouse.move(grab - (a.x(cam[1].t) - a.x(cam[0].t)) + 2, y, { steps: 3 });
    await page.mouse.up();
    await expect(action).toHaveAttribute('data-start', String(cam[0].t));
    await expect(action).toHaveAttribute('data-end', String(cam[1].t));
    await page.keyboard.press('Control+z');
    await expect(action).toHaveAttribute('data-start', String(cam[1].t));
    await expect(action).toHaveAttribute('data-end', String(cam[2].t));

    // an event (a click on the events lane) and a context over the whole scene
    const events = page.getByTestId('event-lane');
    const eb = (await events.boundingBox())!;
    await page.mouse.click(a.x(cam[1].t) + 2, eb.y + eb.height / 2);
    await page.keyboard.type('lane_change');
    await page.keyboard.press('Enter');
    await expect(events.getByTestId('time-label')).toHaveAttribute('data-start', String(cam[1].t));
    await wb.timeline.getByRole('button', { name: 'add a whole-scene context' }).click();
    await page.keyboard.type('night');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('context-lane').getByTestId('time-label')).toHaveText('night');
    await page.screenshot({ path: 'e2e-screens/timeline-labels.png' });

    // OpenLABEL: the action with frames 1–2 (the KITTI demo's master frames are its three samples in time order)
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByLabel('export format').selectOption('openlabel');
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const doc = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8')).openlabel;
    await dialog.getByRole('button', { name: /close/i }).click();
    const actions = Object.values(doc.actions ?? {}) as { type: string; frame_intervals?: { frame_start: number; frame_end: number }[] }[];
    expect(actions.map((x) => x.type)).toEqual(['drinking']);
    expect(actions[0].frame_intervals).toEqual([{ frame_start: 1, frame_end: 2 }]);
    const evs = Object.values(doc.events ?? {}) as { type: string; frame_intervals?: { frame_start: number; frame_end: number }[] }[];
    expect(evs.map((x) => [x.type, x.frame_intervals])).toEqual([['lane_change', [{ frame_start: 1, frame_end: 1 }]]]);
    const ctx = Object.values(doc.contexts ?? {}) as { type: string; frame_intervals?: unknown[] }[];
    expect(ctx.find((c) => c.type === 'night')).toBeTruthy();

    // select the action and delete it with Del
    await action.click({ position: { x: 30, y: 8 } });
    await expect(action).toHaveClass(/selected/);
    await page.keyboard.press('Delete');
    await expect(action).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(action).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  for (const size of [
    { width: 1280, height: 800 },
    { width: 1600, height: 1000 },
  ])
    test(`the layout stays tidy at ${size.width}×${size.height}`, async ({ page }) => {
      await page.setViewportSize(size);
      const wb = new Workbench(page);
      await wb.open();
      const toolbar = wb.timeline.locator('.timeline-toolbar');
      // the toolbar takes at most two lines, the lanes get the rest
      expect((await toolbar.boundingBox())!.height).toBeLessThan(64);
      expect((await page.getByTestId('timeline-scrub').boundingBox())!.width).toBeGreaterThan(200);
      await page.screenshot({ path: `e2e-screens/timeline-quad-${size.width}.png` });
      await page.getByLabel('layout').selectOption('time-large');
      await expect(wb.timeline.locator('.track-row')).toHaveCount(6);
      // every track row is in view in the large timeline
      for (const r of await wb.timeline.locator('.track-row').all()) await expect(r).toBeInViewport();
      await page.screenshot({ path: `e2e-screens/timeline-large-${size.width}.png` });
    });
});
