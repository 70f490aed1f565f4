/**
 * English inflections a mention may carry, undone: the forms a folded word (tokens.ts `fold`) may be
 * the inflection of. Plurals: -s, -es ("buses"), -ies → -y ("ponies"), -ves → -f / -fe ("wolves",
 * "knives"), and the irregular person/people, man/men, woman/women, child/children, mouse/mice,
 * goose/geese, foot/feet, tooth/teeth, ox/oxen (also as the end of a compound: "policemen",
 * "salespeople"); possessives 's and ’s (a plural possessive "cars'" ends before the apostrophe,
 * which is not part of the word). Over-generation is harmless: a form counts only when the lexicon
 * has it, and the word as written is always the first candidate, so "bus" is never read as "bu".
 * The rules only touch words ending in those Latin letters, so other scripts pass through as written.
 */

const IRREGULAR: ReadonlyArray<readonly [plural: string, singular: string]> = [
  ['people', 'person'],
  ['women', 'woman'],
  ['men', 'man'],
  ['children', 'child'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['feet', 'foot'],
  ['teeth', 'tooth'],
  ['oxen', 'ox'],
];

export interface Inflected {
  /** Candidate base forms, the word itself first. */
  forms: string[];
  /** Code units at the word's end that are a possessive ending ('s): not part of the mention. */
  possessive: number;
}

/** The base forms `word` (folded) may be an inflection of. */
export function baseForms(word: string): Inflected {
  let w = word;
  let possessive = 0;
  if (w.length > 2 && w.endsWith("'s")) {
    w = w.slice(0, -2);
    possessive = 2;
  }
  const forms = [w];
  const n = w.length;
  if (n < 3) return { forms, possessive };
  for (const [pl, sg] of IRREGULAR)
    if (w.endsWith(pl)) {
      forms.push(w.slice(0, n - pl.length) + sg);
      break;
    }
  const last = w.charCodeAt(n - 1);
  if (last !== 115 /* s */) return { forms, possessive };
  if (w.endsWith('ies') && n > 4) forms.push(w.slice(0, -3) + 'y');
  if (w.endsWith('ves') && n > 4) forms.push(w.slice(0, -3) + 'f', w.slice(0, -3) + 'fe');
  if (w.endsWith('es')) forms.push(w.slice(0, -2));
  if (!w.endsWith('ss')) forms.push(w.slice(0, -1));
  return { forms, possessive };
}
