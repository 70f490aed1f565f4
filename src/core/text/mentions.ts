/**
 * Mentions of taxonomy classes in free text. A mention is a run of whole words (tokens.ts) equal,
 * word by word after case folding, to a lexicon term (lexicon.ts), each word as written or as an
 * English inflection of the term's word (inflect.ts: "cars", "buses", "people sitting", "car's");
 * words of a multi-word term are separated by spaces or hyphens only ("traffic cone", "traffic-cone").
 * Scanning left to right, the longest term starting at a word wins, and a word is in at most one
 * mention. Offsets are UTF-16 code units of the text as written; a possessive 's is not part of the
 * mention. Code-switched text needs nothing special: a word matches when the taxonomy has it, in any
 * script ("woh red gaadi dekho" with the synonym "gaadi"), and text without terms gives nothing.
 *
 * `negated`: English negation, by rule. A negator — no, not, none, never, nor, neither, without,
 * nothing, cannot and any word ending in n't ("isn't", "there is no") — negates the first mention
 * after it in the same clause (a clause ends at . ; : ! ? , brackets, quotes, dashes, a line break,
 * a danda, or the words but / while / whereas / although / though / yet / however / except / unlike),
 * and a mention listed right after a negated one with only or / nor / and / any / no and colour words
 * between them ("no dogs or cats", "no red car or blue truck"). Not negators: "no one", "no longer",
 * "no doubt", "no matter", "not only", "not just". So "no dog is in the picture" negates "dog", and
 * "no car is parked near the bus" negates "car" but not "bus". A mention is also negated by a
 * negated copula of presence right after it: "a cat isn't here", "the dog is not in the picture",
 * "the bus doesn't appear", "cats aren't." (but "the car isn't red" still says there is a car).
 */
import { baseForms } from './inflect';
import type { Lexicon, LexiconEntry } from './lexicon';
import { colourOf } from './colours';
import { tokenize, type Token } from './tokens';

export interface Mention {
  /** [start, end) in UTF-16 code units of the text as written. */
  start: number;
  end: number;
  classId: string;
  /** The lexicon term matched, as the taxonomy spells it. */
  term: string;
  /** The words as written: `text.slice(start, end)`. */
  surface: string;
  negated: boolean;
}

/** A text's words and mentions; `first` / `last`: each mention's first and last word (indexes into `tokens`). */
export interface TextAnalysis {
  text: string;
  tokens: Token[];
  mentions: Mention[];
  first: number[];
  last: number[];
}

const NEGATORS = new Set(['no', 'not', 'none', 'never', 'nor', 'neither', 'without', 'nothing', 'cannot']);
const NOT_NEGATING: Record<string, ReadonlySet<string>> = { no: new Set(['one', 'longer', 'doubt', 'matter']), not: new Set(['only', 'just']) };
const SCOPE_BREAK = new Set(['but', 'while', 'whereas', 'although', 'though', 'yet', 'however', 'except', 'unlike']);
const LIST_GLUE = new Set(['or', 'nor', 'and', 'any', 'no']);
const COPULA = new Set(['is', 'are', 'was', 'were', 'does', 'do', 'did']);
const NEGATED_COPULA = new Set(["isn't", "aren't", "wasn't", "weren't", "doesn't", "don't", "didn't"]);
/** Words after a negated copula that deny presence ("isn't here", "is not visible", "doesn't appear"). */
const PRESENCE = new Set(['here', 'there', 'visible', 'present', 'shown', 'seen', 'in', 'on', 'inside', 'anywhere', 'around', 'nearby', 'pictured', 'exist', 'appear', 'anymore']);
const CLAUSE_PUNCT = /[.;:!?…,()[\]{}"“”«»—–\n\r\u0964\u0965]/;
const TERM_GAP = /^[\s\-\u2010\u2011]+$/;

/** True when the gap between two words ends a clause. */
export const endsClause = (gap: string): boolean => CLAUSE_PUNCT.test(gap);

const isNegator = (tokens: readonly Token[], i: number): boolean => {
  const w = tokens[i].fold;
  if (NEGATORS.has(w)) {
    const next = tokens[i + 1]?.fold;
    return !(next !== undefined && NOT_NEGATING[w]?.has(next));
  }
  return w.length > 3 && w.endsWith("n't");
};

/** Does the text from word `i` on spell `e` (e.words[0] already matched by word i)? Returns the last word's index and its possessive length, or -1. */
function matchRest(text: string, tokens: readonly Token[], i: number, e: LexiconEntry, firstPossessive: number): [last: number, possessive: number] {
  if (e.words.length === 1) return [i, firstPossessive];
  if (firstPossessive) return [-1, 0];
  let possessive = 0;
  for (let k = 1; k < e.words.length; k++) {
    const t = tokens[i + k];
    if (!t || !TERM_GAP.test(text.slice(tokens[i + k - 1].end, t.start))) return [-1, 0];
    const f = baseForms(t.fold);
    if (!f.forms.includes(e.words[k]) || (f.possessive && k < e.words.length - 1)) return [-1, 0];
    possessive = f.possessive;
  }
  return [i + e.words.length - 1, possessive];
}

/** Words, mentions and each mention's words (see the module comment). */
export function analyzeText(lexicon: Lexicon, text: string): TextAnalysis {
  const tokens = tokenize(text);
  const mentions: Mention[] = [], first: number[] = [], last: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const { forms, possessive } = baseForms(tokens[i].fold);
    let best: LexiconEntry | undefined, bestLast = -1, bestPoss = 0;
    for (const form of forms) {
      const entries = lexicon.byFirst.get(form);
      if (!entries) continue;
      for (const e of entries) {
        if (best && e.words.length <= best.words.length) break;
        const [l, p] = matchRest(text, tokens, i, e, possessive);
        if (l >= 0) {
          best = e;
          bestLast = l;
          bestPoss = p;
          break;
        }
      }
    }
    if (!best) continue;
    const start = tokens[i].start, end = tokens[bestLast].end - bestPoss;
    mentions.push({ start, end, classId: best.classId, term: best.term, surface: text.slice(start, end), negated: false });
    first.push(i);
    last.push(bestLast);
    i = bestLast;
  }
  markNegated(text, tokens, mentions, first, last);
  return { text, tokens, mentions, first, last };
}

/** Set `negated` on the mentions (see the module comment). */
function markNegated(text: string, tokens: readonly Token[], mentions: Mention[], first: readonly number[], last: readonly number[]): void {
  let m = 0;
  let negating = false;
  for (let i = 0; i < tokens.length && m < mentions.length; i++) {
    if (i > 0 && endsClause(text.slice(tokens[i - 1].end, tokens[i].start))) negating = false;
    if (i === first[m]) {
      if (negating || deniedAfter(text, tokens, last[m])) mentions[m].negated = true;
      else if (m > 0 && mentions[m - 1].negated && listed(text, tokens, last[m - 1], i)) mentions[m].negated = true;
      negating = false;
      i = last[m++];
      continue;
    }
    const w = tokens[i].fold;
    if (SCOPE_BREAK.has(w)) negating = false;
    else if (isNegator(tokens, i)) negating = true;
  }
}

/** True when a negated copula of presence follows word `last` in its clause (see the module comment). */
function deniedAfter(text: string, tokens: readonly Token[], last: number): boolean {
  let k = last + 1;
  const next = (): string | undefined => (k < tokens.length && !endsClause(text.slice(tokens[k - 1].end, tokens[k].start)) ? tokens[k].fold : undefined);
  let w = next();
  if (w === undefined) return false;
  if (COPULA.has(w)) {
    k++;
    if (next() !== 'not') return false;
  } else if (!NEGATED_COPULA.has(w)) return false;
  k++;
  w = next();
  return w === undefined || PRESENCE.has(w);
}

/** True when words (from, to) are a list's glue: or / nor / and / any / no and colours, with spaces, commas or hyphens between. */
function listed(text: string, tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from + 1; k <= to; k++) {
    if (endsClause(text.slice(tokens[k - 1].end, tokens[k].start).replace(/,/g, ''))) return false;
    if (k < to && !LIST_GLUE.has(tokens[k].fold) && !colourOf(tokens[k].fold)) return false;
  }
  return true;
}

/** The class mentions in `text` (see the module comment), in text order. */
export const detectMentions = (lexicon: Lexicon, text: string): Mention[] => analyzeText(lexicon, text).mentions;
