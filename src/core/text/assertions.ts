/**
 * Attributes a text asserts about a mention: colours and sizes, by rule, in English word order.
 *
 * - In the noun phrase before the mention: walking back from the mention's first word over at most
 *   five words, separated by spaces, hyphens or commas, until a determiner, pronoun, preposition,
 *   verb or conjunction, another mention or any other punctuation: colour words ("the dark red car",
 *   "a red and white bus": "and" / "or" only between colours) and sizes ("a 2.3 cm nodule", "a
 *   4.5-metre truck", "a 30mm nodule").
 * - In a predicate right after the mention: a copula or measuring verb (is, are, was, were, looks,
 *   seems, appears, measures, measuring, …), optional hedges and adverbs (about, roughly, painted,
 *   very, …), then colour words ("the car is red", "the bus is red and white") or one size ("the
 *   truck is 12 m long", "the nodule measures 2.3 cm"). A negated predicate ("the car is not red")
 *   asserts nothing. In Hindi word order (code-switched captions) colour words right after the
 *   mention followed by a copula: "gaadi laal hai", "गाड़ी लाल है".
 *
 * Sizes are read in metres: mm, cm, m, km, in / inch, ft / foot / feet, yd and the spelled-out
 * metre / meter / millimetre … forms; `precision` is half a unit of the last stated digit ("12 m":
 * 0.5 m; "2.3 cm": 0.0005 m), what the writer's rounding allows.
 */
import { colourOf, SHADES } from './colours';
import { endsClause } from './mentions';
import type { Token } from './tokens';

export interface ColourAssertion {
  /** The colour words' range [start, end) (UTF-16 code units). */
  start: number;
  end: number;
  /** Per colour word: the colour values it agrees with ("red and white": [[red], [white]]). */
  colours: (readonly string[])[];
}

export interface SizeAssertion {
  start: number;
  end: number;
  /** Metres. */
  metres: number;
  /** Metres: half a unit of the last stated digit. */
  precision: number;
}

export interface Assertions {
  colour?: ColourAssertion;
  sizes: SizeAssertion[];
}

const STOP = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'some', 'any', 'every', 'each', 'no', 'another', 'other',
  'it', 'he', 'she', 'they', 'we', 'i', 'you', 'there', 'here',
  'of', 'in', 'on', 'at', 'to', 'with', 'by', 'from', 'behind', 'near', 'beside', 'besides', 'next', 'under', 'over', 'between', 'into', 'onto', 'for', 'about', 'like', 'than', 'as', 'after', 'before', 'past', 'towards', 'toward', 'across', 'along', 'around',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'see', 'sees', 'saw', 'seen',
  'but', 'while', 'because', 'so', 'then', 'when', 'where', 'which', 'who', 'whom', 'whose', 'if', 'not',
]);
const COPULA = new Set(['is', 'are', 'was', 'were', 'looks', 'look', 'looked', 'seems', 'seem', 'seemed', 'appears', 'appear', 'appeared', 'measures', 'measure', 'measured', 'measuring', 'remains', 'stays']);
const HEDGE = new Set(['about', 'approximately', 'approx', 'roughly', 'around', 'nearly', 'almost', 'some', 'painted', 'coloured', 'colored', 'very', 'all', 'entirely', 'mostly', 'mainly', 'also', 'quite', 'fully', 'just', 'over', 'under', 'exactly', 'at', 'least', 'most', 'up']);
const NEGATION = new Set(['not', 'never', 'no']);
const GAP = /^[\s\-\u2010\u2011,]*$/;

const UNITS = new Map<string, number>([
  ['mm', 1e-3], ['millimetre', 1e-3], ['millimetres', 1e-3], ['millimeter', 1e-3], ['millimeters', 1e-3],
  ['cm', 1e-2], ['centimetre', 1e-2], ['centimetres', 1e-2], ['centimeter', 1e-2], ['centimeters', 1e-2],
  ['m', 1], ['metre', 1], ['metres', 1], ['meter', 1], ['meters', 1],
  ['km', 1e3], ['kilometre', 1e3], ['kilometres', 1e3], ['kilometer', 1e3], ['kilometers', 1e3],
  ['in', 0.0254], ['inch', 0.0254], ['inches', 0.0254],
  ['ft', 0.3048], ['foot', 0.3048], ['feet', 0.3048],
  ['yd', 0.9144], ['yard', 0.9144], ['yards', 0.9144],
]);
const NUMBER = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/;
const NUMBER_UNIT = /^(\d+(?:\.\d+)?)([a-z]+)$/;

/** A number as written: value and the number of decimals. */
function parseNumber(s: string): { value: number; decimals: number } | undefined {
  if (!NUMBER.test(s)) return undefined;
  const plain = s.replace(/,/g, '');
  const dot = plain.indexOf('.');
  return { value: Number(plain), decimals: dot < 0 ? 0 : plain.length - dot - 1 };
}

/** The size starting at word i (a number and a unit, or "30mm" as one word), with the index of its last word; undefined when none. "in" counts only right after a number word. */
function sizeAt(text: string, tokens: readonly Token[], i: number): [SizeAssertion, number] | undefined {
  const t = tokens[i];
  const joined = NUMBER_UNIT.exec(t.fold);
  if (joined && UNITS.has(joined[2])) {
    const n = parseNumber(joined[1])!;
    const u = UNITS.get(joined[2])!;
    return [{ start: t.start, end: t.end, metres: n.value * u, precision: 0.5 * 10 ** -n.decimals * u }, i];
  }
  const n = parseNumber(t.fold);
  const next = tokens[i + 1];
  if (!n || !next || !GAP.test(text.slice(t.end, next.start)) || text.slice(t.end, next.start).includes(',')) return undefined;
  const u = UNITS.get(next.fold);
  if (u === undefined) return undefined;
  return [{ start: t.start, end: next.end, metres: n.value * u, precision: 0.5 * 10 ** -n.decimals * u }, i + 1];
}

/** Colour words of words [from, to] (in order; shades, and "and"/"or" between colours, allowed). */
function colourRun(tokens: readonly Token[], from: number, to: number): ColourAssertion | undefined {
  const colours: (readonly string[])[] = [];
  let start = -1, end = -1;
  for (let k = from; k <= to; k++) {
    const c = colourOf(tokens[k].fold);
    if (!c) continue;
    colours.push(c);
    if (start < 0) start = tokens[k].start;
    end = tokens[k].end;
  }
  return colours.length ? { start, end, colours } : undefined;
}

/**
 * The colours and sizes asserted about the mention on words [first, last] of `tokens` (see the
 * module comment). `isMention(k)`: word k belongs to another mention (the noun phrase stops there).
 */
export function assertionsAbout(text: string, tokens: readonly Token[], first: number, last: number, isMention: (k: number) => boolean = () => false): Assertions {
  const out: Assertions = { sizes: [] };
  // the noun phrase before the mention
  let k = first - 1;
  const gap = (a: number) => text.slice(tokens[a].end, tokens[a + 1].start);
  while (k >= 0 && first - k <= 5 && GAP.test(gap(k)) && !isMention(k)) {
    const w = tokens[k].fold;
    if (STOP.has(w)) break;
    if ((w === 'and' || w === 'or') && !(k > 0 && colourOf(tokens[k - 1].fold))) break;
    k--;
  }
  const from = k + 1;
  if (from < first) {
    out.colour = colourRun(tokens, from, first - 1);
    for (let j = from; j < first; j++) {
      const s = sizeAt(text, tokens, j);
      if (s && s[1] < first) {
        out.sizes.push(s[0]);
        j = s[1];
      }
    }
  }
  // a predicate after it
  let j = last + 1;
  if (j >= tokens.length || endsClause(gap(last).replace(/,/g, ''))) return out;
  const hindi = hindiPredicate(text, tokens, j);
  if (hindi) {
    out.colour = out.colour ? { start: out.colour.start, end: hindi.end, colours: [...out.colour.colours, ...hindi.colours] } : hindi;
    return out;
  }
  if (!COPULA.has(tokens[j].fold)) return out;
  j++;
  while (j < tokens.length && !endsClause(gap(j - 1)) && (HEDGE.has(tokens[j].fold) || SHADES.has(tokens[j].fold) || NEGATION.has(tokens[j].fold) || tokens[j].fold.endsWith("n't"))) {
    if (NEGATION.has(tokens[j].fold) || tokens[j].fold.endsWith("n't")) return out;
    j++;
  }
  if (j >= tokens.length || endsClause(gap(j - 1))) return out;
  const s = sizeAt(text, tokens, j);
  if (s) {
    out.sizes.push(s[0]);
    return out;
  }
  let end = j - 1;
  for (let k2 = j; k2 < tokens.length && (k2 === j || !endsClause(gap(k2 - 1).replace(/,/g, ''))); k2++) {
    const w = tokens[k2].fold;
    if (colourOf(w) || SHADES.has(w)) end = k2;
    else if (!((w === 'and' || w === 'or') && colourOf(tokens[k2 + 1]?.fold ?? ''))) break;
  }
  if (end >= j) {
    const c = colourRun(tokens, j, end);
    if (c) out.colour = out.colour ? { start: Math.min(out.colour.start, c.start), end: Math.max(out.colour.end, c.end), colours: [...out.colour.colours, ...c.colours] } : c;
  }
  return out;
}

const HINDI_COPULA = new Set(['hai', 'hain', 'tha', 'thi', 'है', 'हैं', 'था', 'थी', 'थे']);

/** Hindi word order, romanised or not, in code-switched text: colour words right after the mention, then a copula ("gaadi laal hai", "गाड़ी लाल है"). */
function hindiPredicate(text: string, tokens: readonly Token[], j: number): ColourAssertion | undefined {
  let k = j;
  while (k < tokens.length && (colourOf(tokens[k].fold) || SHADES.has(tokens[k].fold)) && (k === j || GAP.test(text.slice(tokens[k - 1].end, tokens[k].start)))) k++;
  if (k === j || k >= tokens.length || !HINDI_COPULA.has(tokens[k].fold) || !/^\s+$/.test(text.slice(tokens[k - 1].end, tokens[k].start))) return undefined;
  return colourRun(tokens, j, k - 1);
}
