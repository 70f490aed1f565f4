/** A reviewer's decision on one sampled item (persisted in scene.qa.reviews). */
import { z } from 'zod';

export const ReviewDecision = z.enum(['accept', 'reject', 'comment']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ReviewRecord = z
  .object({
    /** The reviewed item: an annotation, object or sample id as handed to sampleForReview. */
    item: z.string().min(1),
    /** The object the decision concerns, when the item is not itself an object. */
    object: z.string().min(1).optional(),
    decision: ReviewDecision,
    comment: z.string().optional(),
    /** Reviewer id or name. */
    reviewer: z.string().min(1),
    /** When the decision was made: ISO 8601 date-time with offset (e.g. 2026-01-02T03:04:05Z). */
    at: z.iso.datetime({ offset: true }),
  })
  .refine((r) => r.decision !== 'comment' || (r.comment ?? '').trim().length > 0, { message: 'a "comment" decision needs a non-empty comment', path: ['comment'] });
export type ReviewRecord = z.infer<typeof ReviewRecord>;
