/**
 * Reviewer mode and the audit queue on the KITTI demo: a seeded sample of frames (the same one the
 * core picks for that seed), decisions recorded per object, and one queue for the expert.
 */
import { expect, test } from '@playwright/test';
import { sampleForReview } from '../src/core/qa/review';
import { Workbench } from './support/workbench';

type St = { scene: { qa: { reviews: { item: string; object?: string; decision: string; comment?: string; reviewer: string }[] } } };

test('reviewer mode samples frames reproducibly, records decisions, and feeds the audit queue', async ({ page }) => {
  const wb = new Workbench(page);
  await wb.open();
  await page.getByRole('tab', { name: 'Review' }).click();
  const panel = page.getByTestId('review-panel');
  const expected = sampleForReview(['000000', '000001', '000002'], 0.12, 1);
  expect(expected).toHaveLength(1); // 12 % of 3 frames, at least one
  const frameButtons = panel.getByTestId('review-frame');
  await expect(frameButtons).toHaveCount(1);
  await expect(frameButtons.first()).toHaveAttribute('data-frame', expected[0]);
  // another seed, then back: the same sample again
  await panel.getByLabel('review seed').fill('7');
  await panel.getByLabel('review seed').fill('1');
  await expect(frameButtons.first()).toHaveAttribute('data-frame', expected[0]);

  await frameButtons.first().click();
  await expect(wb.camera).toHaveAttribute('data-sample', `image_2/${expected[0]}`);
  const rows = panel.locator('.review-object');
  await expect(rows.first()).toBeVisible();
  await panel.getByLabel('reviewer').fill('expert-1');
  await rows.first().getByRole('button', { name: 'Accept' }).click();
  await panel.getByLabel('review comment').fill('box cuts off the arm');
  await rows.last().getByRole('button', { name: 'Reject' }).click();

  const reviews = await page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => St } } }).__crosslabel.store.getState().scene.qa.reviews);
  expect(reviews.map((r) => [r.item, r.decision, r.reviewer])).toEqual([
    [expected[0], 'accept', 'expert-1'],
    [expected[0], 'reject', 'expert-1'],
  ]);
  expect(reviews[1].comment).toBe('box cuts off the arm');

  // the audit queue: open automated findings, the rejection with its comment, a spot check of a passed frame
  const queue = panel.getByTestId('audit-queue');
  await expect(queue.locator('[data-kind=finding]')).not.toHaveCount(0);
  await expect(queue.locator('[data-kind=review]')).toContainText('box cuts off the arm');
  await expect(queue.locator('[data-kind=spot-check]')).toHaveCount(1);
  await page.screenshot({ path: 'e2e-screens/review-panel.png' });

  // a larger share samples every frame
  await panel.getByLabel('review share').fill('100');
  await expect(frameButtons).toHaveCount(3);
});
