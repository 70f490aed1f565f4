/**
 * Tier-2 review sampling: a reviewer draws, from the project's submitted tasks not drawn before,
 * the project's review rate of them with core's seeded sampler (sampleForReview, mulberry32). Each
 * task's outcome is stored (tasks.review_sample), so a sample never changes once drawn and the rate
 * holds per draw; draw k uses seed review_seed + k, so the whole sequence is reproducible.
 * The sampled tasks still in `submitted` are the review queue; the others wait for a manager's or
 * reviewer's decision like any submitted task.
 */
import { sampleForReview } from '../../core/qa/review/sample';
import type { Transaction } from '../db/db';

export interface Draw {
  /** Submitted tasks this draw considered. */
  considered: number;
  /** The ids it put in the sample. */
  sampled: string[];
  seed: number;
  rate: number;
}

export async function drawReviewSample(tx: Transaction, projectId: string): Promise<Draw> {
  const { rows: p } = await tx.query<{ review_rate: number; review_seed: number; review_draws: number }>(
    'select review_rate, review_seed, review_draws from projects where id = $1 for update',
    [projectId],
  );
  const rate = Number(p[0].review_rate);
  const seed = (p[0].review_seed + p[0].review_draws) >>> 0;
  const { rows } = await tx.query<{ id: string }>(
    `select id from tasks where project_id = $1 and state = 'submitted' and review_sample is null order by id`,
    [projectId],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { considered: 0, sampled: [], seed, rate };
  const sampled = sampleForReview(ids, rate, seed);
  await tx.query('update tasks set review_sample = (id = any($2::text[])) where project_id = $1 and id = any($3::text[])', [projectId, sampled, ids]);
  await tx.query('update projects set review_draws = review_draws + 1 where id = $1', [projectId]);
  return { considered: ids.length, sampled, seed, rate };
}
