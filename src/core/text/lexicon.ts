/**
 * The words that name taxonomy classes in free text: for every class its id (with `_` read as a
 * space: "traffic_cone" → "traffic cone"), its name and its synonyms, each split into words and
 * case-folded exactly as text is (tokens.ts), so "Person sitting", "गाड़ी" or "gaadi" match as
 * written in any script. Left out: dataset-style synonyms with a '.' ("vehicle.car",
 * "human.pedestrian.adult": labels of other datasets, not words anyone writes). A deprecated class's
 * terms name its `replacedBy` class when that class exists and is not deprecated itself, and are
 * left out otherwise. When two classes claim one term, ids and names win over synonyms, then the
 * taxonomy's order decides. Memoised per taxonomy record when it is frozen (every store state: immer
 * freezes what it produces); a mutable taxonomy (builders, tests) gets a fresh lexicon each call.
 */
import type { Taxonomy, TaxonomyClass } from '../schema';
import { tokenize } from './tokens';

export interface LexiconEntry {
  classId: string;
  /** The term as the taxonomy spells it ("traffic cone", "Person sitting", "gaadi"). */
  term: string;
  /** Its words, folded. */
  words: string[];
}

export interface Lexicon {
  /** Entries by their first word (folded), longest first. */
  byFirst: ReadonlyMap<string, readonly LexiconEntry[]>;
  entries: readonly LexiconEntry[];
}

const cache = new WeakMap<Taxonomy, Lexicon>();

/** The class the terms of `c` name: itself, its replacement when deprecated, or none. */
function target(c: TaxonomyClass, byId: ReadonlyMap<string, TaxonomyClass>): string | undefined {
  if (!c.deprecated) return c.id;
  const r = c.replacedBy === undefined ? undefined : byId.get(c.replacedBy);
  return r && !r.deprecated ? r.id : undefined;
}

/** The lexicon of a taxonomy (see the module comment). */
export function classLexicon(tax: Taxonomy): Lexicon {
  const hit = cache.get(tax);
  if (hit) return hit;
  const byId = new Map(tax.classes.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const entries: LexiconEntry[] = [];
  const add = (classId: string, term: string) => {
    if (term.includes('.')) return;
    const words = tokenize(term).map((t) => t.fold);
    const key = words.join(' ');
    if (!words.length || seen.has(key)) return;
    seen.add(key);
    entries.push({ classId, term: term.trim(), words });
  };
  for (const c of tax.classes) {
    const id = target(c, byId);
    if (id !== undefined) for (const t of [c.id.replace(/_/g, ' '), c.name]) add(id, t);
  }
  for (const c of tax.classes) {
    const id = target(c, byId);
    if (id !== undefined) for (const t of c.synonyms) add(id, t);
  }
  const byFirst = new Map<string, LexiconEntry[]>();
  for (const e of entries) {
    const l = byFirst.get(e.words[0]);
    if (l) l.push(e);
    else byFirst.set(e.words[0], [e]);
  }
  for (const l of byFirst.values()) l.sort((a, b) => b.words.length - a.words.length);
  const lex: Lexicon = { byFirst, entries };
  if (Object.isFrozen(tax)) cache.set(tax, lex);
  return lex;
}
