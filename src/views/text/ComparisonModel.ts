/**
 * The Compare tab's ordering rules, without React: the order candidates are shown in (the
 * annotator's ranking once there is one, else the order they were presented in), moving one
 * candidate to another place (drag, ▲/▼), and how a candidate is named.
 */
import type { Comparison } from '../../core/schema';

/** Best first when judged; otherwise the order the candidates were shown in. */
export const displayOrder = (c: Pick<Comparison, 'candidates' | 'ranking'>): string[] => [...(c.ranking ?? c.candidates)];

/**
 * `order` with `id` moved to position `to` (0 = best); the others keep their relative order.
 * `to` is clamped to the list; an id not in the list leaves it unchanged.
 */
export function moveCandidate(order: readonly string[], id: string, to: number): string[] {
  const from = order.indexOf(id);
  if (from < 0) return [...order];
  const rest = order.filter((x) => x !== id);
  const at = Math.max(0, Math.min(rest.length, Math.trunc(to)));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** "Response A" (the document's title), else "Candidate 1" by its place in the comparison. */
export const candidateName = (doc: { title?: string } | undefined, indexShown: number): string => doc?.title || `Candidate ${indexShown + 1}`;

/** "1st", "2nd", "3rd", "4th" … for rank badges. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
