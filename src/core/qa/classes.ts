/**
 * Class names in attribute values ("Car", "vehicle.car", "car" in an annotation's `class` attribute):
 * every class id, name and synonym of the taxonomy as a case-insensitive term, dataset-style
 * synonyms included. Class mentions in free text are core/text's (classLexicon, detectMentions:
 * whole words in any script, inflections, offsets of the text as written).
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
