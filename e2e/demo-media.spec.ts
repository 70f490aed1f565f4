/**
 * The bundled sequence and media demos in Chromium:
 * - audio/video sync after transcoding: Chromium decodes the WebM's audio (decodeAudioData) and the
 *   speech onset/offset measured on that decode (core/audio/onset, in Node) must match the ORIGINAL
 *   file's, measured by scripts/media/transcode.py on ffmpeg's decode of the MPEG-PS/MP4, and the GRID
 *   align file's word timings; the video element sees the clip starting at 0 (duration = last PTS + 1 frame);
 * - a video Chromium cannot decode (MPEG-1 in MPEG-PS, the format of the GRID original) fails with
 *   MEDIA_ERR_SRC_NOT_SUPPORTED, and our message names the file;
 * - the header's demo selector opens the KITTI raw sequence and the two clips.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { envelopeLag, levelEnvelopeDb, soundSpan } from '../src/core/audio/onset';
import { videoDecodeErrorMessage } from '../src/core/audio/mediaChecks';
import { Workbench } from './support/workbench';

const ROOT = new URL('../', import.meta.url).pathname;
const TALKING = join(ROOT, 'public/demo/talking');
const json = (f: string) => JSON.parse(readFileSync(join(TALKING, f), 'utf8'));
const FRAME = 1 / 25;

/** Chromium's decode of a file's audio track at 48 kHz, channels as Float32Arrays (sent back as base64). */
async function decodeInChromium(page: Page, url: string): Promise<{ rate: number; channels: Float32Array[] }> {
  const r = await page.evaluate(async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer();
    const buf = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(bytes);
    const b64 = (a: Float32Array) => {
      const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      let s = '';
      for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
      return btoa(s);
    };
    return { rate: buf.sampleRate, channels: Array.from({ length: buf.numberOfChannels }, (_, c) => b64(buf.getChannelData(c))) };
  }, url);
  return {
    rate: r.rate,
    channels: r.channels.map((s) => {
      const b = Buffer.from(s, 'base64');
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    }),
  };
}

/**
 * The lag (ms) between Chromium's decode and the ORIGINAL audio (its 1 ms level envelope, written by
 * transcode.py from ffmpeg's decode of the MPEG-PS / MP4): positive = the WebM's audio is late.
 */
function lagAgainstOriginal(clip: string, channels: Float32Array[], rate: number): { lag: number; correlation: number } {
  const ref = json(`${clip}.envelope.json`).envelopeDb as number[];
  return envelopeLag(ref, levelEnvelopeDb(channels, rate, 0.001), 80);
}

/** What the video element reports for a clip once its first frame is loaded. */
async function videoFacts(page: Page, url: string) {
  return page.evaluate(async (url) => {
    const v = document.createElement('video');
    v.muted = true;
    v.preload = 'auto';
    v.src = url;
    await new Promise<void>((res, rej) => {
      v.onloadeddata = () => res();
      v.onerror = () => rej(new Error(`video error ${v.error?.code}: ${v.error?.message}`));
    });
    return { duration: v.duration, width: v.videoWidth, height: v.videoHeight, bufferedStart: v.buffered.length ? v.buffered.start(0) : null };
  }, url);
}

test.describe('transcoded demo clips stay in sync (Chromium decode vs the originals)', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
  });

  test('GRID: speech onset/offset match the original MPEG-PS and the align file; video starts at 0', async ({ page }) => {
    const sync = json('grid_swwp2s.sync.json');
    const frames = json('grid_swwp2s.frames.json');
    const { rate, channels } = await decodeInChromium(page, 'demo/talking/grid_swwp2s.webm');
    expect(rate).toBe(48_000);
    expect(channels).toHaveLength(2);
    const span = soundSpan(channels, rate)!;
    const orig = sync.original.soundSpan;
    // the original's onset/offset: ffmpeg's decode of the MPEG-PS (whose audio starts at 0), same onset code
    const dOn = span.onset - (orig.onset + sync.original.audio.first_frame_pts);
    const dOff = span.offset - (orig.offset + sync.original.audio.first_frame_pts);
    // independent: swwp2s.align, first word "set" 12250/25000 s, last word "soon" ends 55250/25000 s
    const first = 12_250 / 25_000, last = 55_250 / 25_000;
    console.log(
      `GRID in Chromium: onset ${span.onset.toFixed(4)} s (original ${orig.onset.toFixed(4)}, align ${first}), offset ${span.offset.toFixed(4)} s (original ${orig.offset.toFixed(4)}, align ${last}); ` +
        `webm − original: ${(dOn * 1000).toFixed(1)} / ${(dOff * 1000).toFixed(1)} ms`,
    );
    expect(Math.abs(dOn)).toBeLessThan(0.01);
    expect(Math.abs(dOff)).toBeLessThan(0.02);
    // to the millisecond: Chromium's decode against the original's level envelope (an Opus pre-skip error is 6.5 ms)
    const lag = lagAgainstOriginal('grid_swwp2s', channels, rate);
    console.log(`GRID: Chromium decode vs original envelope: lag ${lag.lag} ms (correlation ${lag.correlation.toFixed(3)})`);
    expect(lag.correlation).toBeGreaterThan(0.9);
    expect(Math.abs(lag.lag)).toBeLessThanOrEqual(1);
    expect(Math.abs(span.offset - last)).toBeLessThan(FRAME);
    // the aligner's "set" starts 56 ms before the audible /s/ in the original too: the onset alone is held to
    // 75 ms, the shift common to both ends (what an A/V offset would move) to one frame
    expect(Math.abs(span.onset - first)).toBeLessThan(0.075);
    expect(Math.abs((span.onset - first + (span.offset - last)) / 2)).toBeLessThan(FRAME);

    const v = await videoFacts(page, 'demo/talking/grid_swwp2s.webm');
    expect([v.width, v.height]).toEqual([360, 288]);
    expect(frames.pts[0]).toBe(0);
    // 75 frames from PTS 0: the element's duration is the last PTS + one frame (ffmpeg's default WebM shift would make it 3.007)
    expect(Math.abs(v.duration - (frames.pts[frames.pts.length - 1] + FRAME))).toBeLessThan(0.002);
    expect(v.bufferedStart).toBe(0);
  });

  test('NASA: onset, offset and length of the audio match the original MP4; video starts at 0', async ({ page }) => {
    const sync = json('nasa_13013.sync.json');
    const frames = json('nasa_13013.frames.json');
    const { rate, channels } = await decodeInChromium(page, 'demo/talking/nasa_13013.webm');
    const span = soundSpan(channels, rate)!;
    const orig = sync.original.soundSpan;
    console.log(`NASA in Chromium: onset ${span.onset.toFixed(4)} (original ${orig.onset.toFixed(4)}), offset ${span.offset.toFixed(4)} (original ${orig.offset.toFixed(4)}), ${channels[0].length / rate} s decoded (original ${orig.duration} s)`);
    expect(Math.abs(span.onset - orig.onset)).toBeLessThan(0.01);
    expect(Math.abs(span.offset - orig.offset)).toBeLessThan(0.02);
    const lag = lagAgainstOriginal('nasa_13013', channels, rate);
    console.log(`NASA: Chromium decode vs original envelope: lag ${lag.lag} ms (correlation ${lag.correlation.toFixed(3)})`);
    expect(lag.correlation).toBeGreaterThan(0.9);
    expect(Math.abs(lag.lag)).toBeLessThanOrEqual(1);
    // no drift over 13 s: the last 3 s alone align the same way, and the length matches within one Opus frame (20 ms)
    const ref = json('nasa_13013.envelope.json').envelopeDb as number[];
    const ours = levelEnvelopeDb(channels, rate, 0.001);
    const tail = envelopeLag(ref.slice(10_000), ours.slice(10_000), 80);
    expect(Math.abs(tail.lag)).toBeLessThanOrEqual(1);
    expect(Math.abs(channels[0].length / rate - orig.duration)).toBeLessThan(0.02);
    expect(sync.webm.video.start_time).toBe(sync.original.video.start_time);
    const v = await videoFacts(page, 'demo/talking/nasa_13013.webm');
    expect([v.width, v.height]).toEqual([320, 180]);
    // the element's duration is the longer track's end: the audio (13.056 s, up to one 20 ms Opus frame of padding)
    // outlasts the last frame (12.96 + 0.04 s)
    expect(v.duration).toBeGreaterThanOrEqual(frames.pts[frames.pts.length - 1] + FRAME);
    expect(Math.abs(v.duration - channels[0].length / rate)).toBeLessThan(0.02);
    expect(v.bufferedStart).toBe(0);
  });

  test('a video Chromium cannot decode (MPEG-1 in MPEG-PS) fails with MEDIA_ERR_SRC_NOT_SUPPORTED; the message names the file', async ({ page }) => {
    const bytes = readFileSync(join(ROOT, 'fixtures/media/grid_5frames.mpg'));
    await page.route('**/bad/grid_5frames.mpg', (route) => route.fulfill({ body: bytes, contentType: 'video/mpeg' }));
    const err = await page.evaluate(async () => {
      const v = document.createElement('video');
      v.src = 'bad/grid_5frames.mpg';
      return new Promise<{ code: number; message: string } | null>((res) => {
        v.onloadeddata = () => res(null);
        v.onerror = () => res({ code: v.error!.code, message: v.error!.message });
      });
    });
    expect(err?.code).toBe(4);
    const msg = videoDecodeErrorMessage('bad/grid_5frames.mpg', err, new Uint8Array(bytes.subarray(0, 64)));
    expect(msg).toMatch(/^bad\/grid_5frames\.mpg: cannot play this video: the browser cannot play this format or codec/);
    expect(msg).toContain('MPEG program stream');
  });
});

test('the header opens the KITTI raw sequence and the two media demos', async ({ page }) => {
  const wb = new Workbench(page);
  const errors = wb.trackErrors();
  await wb.open();
  await page.getByLabel('demo scene').selectOption('sequence');
  await expect(page.getByTestId('scene-name')).toContainText('KITTI raw 2011_09_26');
  // the reduced sweep 0 (forward half, every 2nd point: manifest.json)
  const manifest = JSON.parse(readFileSync(join(ROOT, 'public/demo/sequence/manifest.json'), 'utf8'));
  await expect(wb.lidar).toHaveAttribute('data-points', String(manifest.sweeps.pointsKept['0000000000']), { timeout: 30_000 });
  await expect(page.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true', { timeout: 30_000 });
  const img = await wb.pixelStats(page.getByTestId('camera-svg'));
  expect(img.lumaStd).toBeGreaterThan(20);
  await page.screenshot({ path: 'e2e-screens/sequence-demo.png' });

  await page.getByLabel('demo scene').selectOption('talking');
  await expect(page.getByTestId('scene-name')).toContainText('GRID talking face');
  await page.screenshot({ path: 'e2e-screens/talking-demo.png' });
  await page.getByLabel('demo scene').selectOption('narrated');
  await expect(page.getByTestId('scene-name')).toContainText('NASA narrated clip');
  await page.screenshot({ path: 'e2e-screens/narrated-demo.png' });
  await expect(wb.errorBanner).toHaveCount(0);
  expect(errors).toEqual([]);
});
