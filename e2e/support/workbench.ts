/**
 * Page object for the workbench, plus a pixel probe: screenshots are decoded in the page itself
 * (createImageBitmap + OffscreenCanvas) so tests can assert that something was actually drawn.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class Workbench {
  readonly camera: Locator;
  readonly lidar: Locator;
  readonly timeline: Locator;
  readonly text: Locator;
  readonly objects: Locator;
  readonly inspector: Locator;
  readonly errorBanner: Locator;

  constructor(readonly page: Page) {
    this.camera = page.getByTestId('camera-pane');
    this.lidar = page.getByTestId('lidar-pane');
    this.timeline = page.getByTestId('timeline-pane');
    this.text = page.getByTestId('text-pane');
    this.objects = page.getByTestId('object-list');
    this.inspector = page.getByTestId('inspector');
    this.errorBanner = page.getByTestId('error-banner');
  }

  /** Collects console errors and page errors (minus known harmless noise) for a final assertion. */
  trackErrors(): string[] {
    const errors: string[] = [];
    const harmless = /favicon|GPU stall due to ReadPixels|THREE\.Clock|unexpected operator|WebGL: too many errors/;
    this.page.on('console', (m) => {
      if (m.type() === 'error' && !harmless.test(m.text())) errors.push(m.text());
    });
    this.page.on('pageerror', (e) => errors.push(String(e)));
    return errors;
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.camera).toBeVisible();
    await expect(this.lidar).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  }

  objectRow(name: string): Locator {
    return this.objects.locator('button.object-row', { hasText: name });
  }

  async scrubTo(fraction: number): Promise<void> {
    const scrub = this.page.getByTestId('timeline-scrub');
    const box = await scrub.boundingBox();
    if (!box) throw new Error('timeline scrubber not visible');
    await this.page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  }

  /** Fraction of pixels of an element's screenshot that differ from its dominant background colour, and the luminance spread. */
  async pixelStats(locator: Locator): Promise<{ nonBackground: number; lumaStd: number; width: number; height: number }> {
    const png = await locator.screenshot();
    return this.page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
      const n = bmp.width * bmp.height;
      // dominant colour = background
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      let bg = 0;
      let best = -1;
      for (const [k, c] of counts) {
        if (c > best) {
          best = c;
          bg = k;
        }
      }
      let other = 0;
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3);
        if (key !== bg) other++;
        const l = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
        sum += l;
        sum2 += l * l;
      }
      const mean = sum / n;
      return { nonBackground: other / n, lumaStd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), width: bmp.width, height: bmp.height };
    }, png.toString('base64'));
  }
}
