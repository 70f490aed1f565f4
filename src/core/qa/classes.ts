/**
 * Class names in free text and attributes: every class id, name and synonym of the taxonomy as a
 * case-insensitive term; text matching is by whole word (a plural `s`/`es` allowed), longest term
 * first so "person sitting" is not also read as "person".
 */
import type { Taxonomy } from '../schema';

export interface ClassTerm {
  term: string;
  classId: string;
}

/** Terms of every class (id with `_` read as a space, name, synonyms), lower case, longest first. */
export function classTerms(tax: Taxonomy): ClassTerm[] {
  const seen = new Set<string>();
  const out: ClassTerm[] = [];
  for (const c of tax.classes)
    for (const t of [c.id, c.id.replace(/_/g, ' '), c.name, ...c.synonyms]) {
      const term = t.toLowerCase().trim();
      if (!term || seen.has(term)) continue;
      seen.add(term);
      out.push({ term, classId: c.id });
    }
  return out.sort((a, b) => b.term.length - a.term.length || a.term.localeCompare(b.term));
}

/** Resolve an attribute value ("Car", "vehicle.car", "car") to a class id, or undefined. */
export function resolveClass(terms: readonly ClassTerm[], value: string): string | undefined {
  const v = value.toLowerCase().trim();
  return terms.find((t) => t.term === v)?.classId;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWord = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/** Class mentions in `text`: [{classId, start, end, term}] by whole word, non-overlapping, longest term wins. */
export function findClassMentions(terms: readonly ClassTerm[], text: string): { classId: string; start: number; end: number; term: string }[] {
  const lower = text.toLowerCase();
  const taken = new Uint8Array(text.length);
  const out: { classId: string; start: number; end: number; term: string }[] = [];
  for (const { term, classId } of terms) {
    const re = new RegExp(`${escape(term)}(?:es|s)?`, 'g');
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const start = m.index, end = start + m[0].length;
      if (isWord(lower[start - 1]) || isWord(lower[end])) continue;
      let free = true;
      for (let i = start; i < end && free; i++) free = !taken[i];
      if (!free) continue;
      taken.fill(1, start, end);
      out.push({ classId, start, end, term });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
