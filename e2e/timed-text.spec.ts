/**
 * Timed text and KITTI raw in the workbench, as a user does it: an RTTM dropped on the GRID
 * talking-face demo adds speaker segments to the audio (one undo step; a broken file names itself
 * and leaves the scene as it was), and a KITTI raw drive folder opens from the folder chooser.
 */
import { readFileSync, statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Workbench } from './support/workbench';

type Seg = { kind: string; sensor?: string; start?: number; end?: number; speaker?: string; object: string; source?: string };
/** The open scene's time segments on one sensor, from the store. */
const segments = (page: Page, sensor: string) =>
  page.evaluate((sensor) => {
    const st = (window as unknown as { __crosslabel: { store: { getState: () => { scene: { annotations: Record<string, Record<string, Seg>>; objects: Record<string, { name?: string; classId: string }> } } } } }).__crosslabel.store.getState();
    return Object.values(st.scene.annotations)
      .flatMap((p) => Object.values(p))
      .filter((a) => a.kind === 'timeSegment' && a.sensor === sensor)
      .map((a) => ({ ...a, objectName: st.scene.objects[a.object]?.name, objectClass: st.scene.objects[a.object]?.classId }))
      .sort((a, b) => a.start! - b.start!);
  }, sensor);

/** Drop one text file on the workbench (a real DataTransfer). */
async function drop(page: Page, name: string, text: string): Promise<void> {
  const dt = await page.evaluateHandle(([n, t]) => {
    const d = new DataTransfer();
    d.items.add(new File([t], n, { type: 'text/plain' }));
    return d;
  }, [name, text]);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
}

test('an RTTM dropped on the talking demo becomes speaker segments on the audio; a broken one names itself and changes nothing', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await page.getByLabel('demo scene').selectOption('talking');
  await expect(page.getByTestId('scene-name')).toContainText(/GRID/);
  await expect.poll(async () => (await segments(page, 'audio')).length).toBe(6); // the demo's own word cues

  // One RTTM turn per spoken word of the GRID alignment (public/demo/talking/swwp2s.align, units of
  // 1/25000 s, "sil" = silence), written here from the align file itself.
  const words = readFileSync('public/demo/talking/swwp2s.align', 'utf8').trim().split(/\r?\n/).map((l) => l.split(' ')).filter((w) => w[2] !== 'sil');
  expect(words.map((w) => w[2]).join(' ')).toBe('set white with p two soon');
  const rttm = words.map(([a, b]) => `SPEAKER swwp2s 1 ${(Number(a) / 25000).toFixed(3)} ${((Number(b) - Number(a)) / 25000).toFixed(3)} <NA> <NA> s2 <NA> <NA>\n`).join('');
  await drop(page, 'swwp2s.rttm', rttm);
  await expect(page.getByTestId('notice-banner')).toContainText('swwp2s.rttm: RTTM speaker turns');
  await expect(wb.errorBanner).toHaveCount(0);
  const after = await segments(page, 'audio');
  const turns = after.filter((s) => s.speaker === 's2');
  expect(turns).toHaveLength(words.length);
  turns.forEach((s, k) => {
    expect(s.start).toBeCloseTo(Number(words[k][0]) / 25000, 3);
    expect(s.end).toBeCloseTo(Number(words[k][1]) / 25000, 3);
    expect(s).toMatchObject({ objectName: 's2', objectClass: 'speaker', source: 'imported' });
  });
  // the waveform lane draws them beside the demo's words
  const lane = page.locator('[data-testid="audio-lane"][data-sensor="audio"]');
  if (await lane.count()) await expect(lane.locator('.audio-segment[data-segment]')).toHaveCount(6 + words.length);
  await page.screenshot({ path: `test-results-${process.env.E2E_DIST ?? 'dist'}/timed-text-rttm.png` });

  // a broken STM: the error names the file and line; the scene keeps its segments
  await drop(page, 'broken.stm', 'swwp2s 1 s2 0.49 0.77 set\nswwp2s 1 s2 0.77 1,09 white\n');
  await expect(wb.errorBanner).toContainText('broken.stm:2: end time is not a number: "1,09"');
  expect(await segments(page, 'audio')).toHaveLength(6 + words.length);

  // one undo removes the whole RTTM import
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await segments(page, 'audio')).length).toBe(6);
  expect(errors).toEqual([]);
});

test('a KITTI raw drive folder opens from the folder chooser', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await page.getByTestId('open-folder').setInputFiles('public/demo/sequence');
  await expect(page.getByTestId('notice-banner')).toContainText('Opened KITTI raw drive sequence: 12 frames of image_02, velodyne');
  await expect(wb.errorBanner).toHaveCount(0);
  await expect(page.getByTestId('scene-name')).toContainText('KITTI raw');
  // the images and sweeps are the chosen files (blob URLs), frame 0 first: its sweep's points = bytes / 16
  await expect(wb.camera.getByTestId('camera-image')).toHaveAttribute('href', /^blob:/);
  const points = statSync('public/demo/sequence/velodyne_points/data/0000000000.bin').size / 16;
  await expect(wb.lidar).toHaveAttribute('data-points', String(points), { timeout: 30_000 });
  const cam = await wb.pixelStats(page.getByTestId('camera-svg'));
  expect(cam.lumaStd).toBeGreaterThan(25);
  await page.screenshot({ path: `test-results-${process.env.E2E_DIST ?? 'dist'}/kitti-raw-folder.png` });
  expect(errors).toEqual([]);
});
