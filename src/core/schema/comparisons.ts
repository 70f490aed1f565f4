/**
 * Preference judgements: two or more candidate texts (captions, model responses) about one image,
 * ranked by an annotator. Candidates are `response` (or `caption`) documents of the scene, so their
 * mentions are grounded and checked like any other text; the comparison only orders them and says
 * why. Exported as preference-tuning rows (formats/preference).
 */
import { z } from 'zod';
import { SampleId, SensorId } from './sensors';

export const Comparison = z
  .object({
    id: z.string().min(1),
    /** The image (a camera or video sample) the candidates are about. */
    sensor: SensorId.optional(),
    sample: SampleId.optional(),
    /** The `prompt` document the candidates answer; absent for plain captions ("describe the image"). */
    prompt: z.string().min(1).optional(),
    /** Candidate document ids, in the order they were shown. */
    candidates: z.array(z.string().min(1)).min(2, 'a comparison needs at least two candidates'),
    /** The annotator's order, best first: a permutation of `candidates`. Absent: not judged yet. */
    ranking: z.array(z.string().min(1)).optional(),
    /** Why the first is better (free text, kept as written). */
    reason: z.string().optional(),
    by: z.string().optional(),
    /** ISO 8601 time of the judgement. */
    at: z.string().optional(),
  })
  .refine((c) => new Set(c.candidates).size === c.candidates.length, { message: 'a candidate is listed twice', path: ['candidates'] })
  .refine((c) => c.ranking === undefined || (c.ranking.length === c.candidates.length && c.ranking.every((d) => c.candidates.includes(d)) && new Set(c.ranking).size === c.ranking.length), {
    message: 'a ranking orders every candidate exactly once',
    path: ['ranking'],
  });
export type Comparison = z.infer<typeof Comparison>;
