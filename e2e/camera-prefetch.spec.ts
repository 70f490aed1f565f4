/**
 * Switching frames shows the next image without a blank flash: the previous image stays until the
 * next one is decoded, and neighbours are decoded ahead. The scrub-to-painted time is recorded
 * (annotation), not asserted.
 */
import { expect, test } from '@playwright/test';
import { Workbench } from './support/workbench';

test('scrubbing to the next frame never shows a blank image', async ({ page }, info) => {
  const wb = new Workbench(page);
  await wb.open();
  await expect(page.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true');
  await page.waitForTimeout(500); // the neighbours' prefetch
  // watch the camera for any moment without an image, and time scrub → new image painted
  await page.evaluate(() => {
    const w = window as unknown as { __blank: number; __t0: number; __painted: number };
    w.__blank = 0;
    w.__painted = 0;
    const svg = document.querySelector('[data-testid=camera-svg]')!;
    let lastHref = svg.querySelector('[data-testid=camera-image]')?.getAttribute('href');
    new MutationObserver(() => {
      const image = svg.querySelector('[data-testid=camera-image]');
      const href = image?.getAttribute('href');
      if (!image) w.__blank++;
      else if (href !== lastHref) {
        // the new image must already be loaded and decoded when it is put on screen
        const probe = new Image();
        probe.src = href!;
        if (!probe.complete || probe.naturalWidth === 0) w.__blank++;
        lastHref = href;
      }
      if (svg.getAttribute('data-image-current') === 'true' && svg.closest('[data-sample="image_2/000001"]') && !w.__painted)
        requestAnimationFrame(() => (w.__painted = performance.now() - w.__t0));
    }).observe(svg, { subtree: true, childList: true, attributes: true });
    document.addEventListener('pointerdown', () => (w.__t0 = performance.now()), { capture: true, once: true });
  });
  await wb.scrubTo(0.5);
  await expect(wb.camera).toHaveAttribute('data-sample', 'image_2/000001');
  await expect(page.getByTestId('camera-svg')).toHaveAttribute('data-image-current', 'true');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __painted: number }).__painted)).toBeGreaterThan(0);
  const { blank, painted } = await page.evaluate(() => ({ blank: (window as unknown as { __blank: number }).__blank, painted: (window as unknown as { __painted: number }).__painted }));
  expect(blank).toBe(0);
  info.annotations.push({ type: 'timing', description: `scrub → next frame painted: ${painted.toFixed(0)} ms` });
  console.log(`[prefetch] scrub → next frame painted ${painted.toFixed(0)} ms, blank moments ${blank}`);
});
