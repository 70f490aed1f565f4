/**
 * Colour words and the colour values they agree with. Values are those of the default taxonomy's
 * `color` attribute (white, black, grey, silver, red, blue, green, yellow, orange, brown, other); a
 * word agrees with every value a careful annotator could have picked for it: "gray" is grey,
 * "silver" and "grey" agree with each other (a silver car is grey to many eyes), "maroon" is red or
 * brown, "beige" brown or white, "pink" red or other. A few romanised and Devanagari Hindi words are
 * included for code-switched captions ("woh laal gaadi"). Words are folded (tokens.ts `fold`).
 */

const WORDS: Record<string, readonly string[]> = {
  white: ['white'], ivory: ['white'], cream: ['white', 'yellow'],
  black: ['black'], ebony: ['black'],
  grey: ['grey', 'silver'], gray: ['grey', 'silver'], charcoal: ['grey', 'black'], graphite: ['grey', 'black'],
  silver: ['silver', 'grey'], silvery: ['silver', 'grey'],
  red: ['red'], crimson: ['red'], scarlet: ['red'], ruby: ['red'], maroon: ['red', 'brown'], burgundy: ['red', 'brown'],
  blue: ['blue'], navy: ['blue'], azure: ['blue'], cyan: ['blue', 'green'], teal: ['blue', 'green'], turquoise: ['blue', 'green'],
  green: ['green'], olive: ['green', 'brown'], lime: ['green', 'yellow'],
  yellow: ['yellow'], gold: ['yellow', 'orange'], golden: ['yellow', 'orange'],
  orange: ['orange'], amber: ['orange', 'yellow'],
  brown: ['brown'], tan: ['brown'], beige: ['brown', 'white'], bronze: ['brown', 'orange'],
  pink: ['red', 'other'], purple: ['other', 'blue'], violet: ['other', 'blue'], magenta: ['other', 'red'],
  // Hindi, romanised and in Devanagari
  laal: ['red'], lal: ['red'], neela: ['blue'], nila: ['blue'], safed: ['white'], safaid: ['white'], kaala: ['black'], kala: ['black'], hara: ['green'], peela: ['yellow'], pila: ['yellow'],
  'लाल': ['red'], 'नीला': ['blue'], 'नीली': ['blue'], 'सफ़ेद': ['white'], 'सफेद': ['white'], 'काला': ['black'], 'काली': ['black'], 'हरा': ['green'], 'हरी': ['green'], 'पीला': ['yellow'], 'पीली': ['yellow'],
};
const TABLE = new Map<string, readonly string[]>(Object.entries(WORDS).map(([w, v]) => [w.normalize('NFC'), v]));

/** Words that shade a colour without changing it ("dark red", "metallic grey"). */
export const SHADES: ReadonlySet<string> = new Set(['dark', 'light', 'bright', 'pale', 'deep', 'metallic', 'matte', 'shiny', 'dull', 'pastel', 'navy']);

/** The colour values a folded word agrees with, or undefined when it is no colour word. */
export const colourOf = (word: string): readonly string[] | undefined => TABLE.get(word);

/**
 * A colour attribute's value read as colour values: the taxonomy's own value ("red", "Grey",
 * "dark_blue", "light grey") through the same words; undefined when no word of it is a colour or it
 * is "other" / "unknown" (nothing to compare).
 */
export function colourValue(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const words = value.normalize('NFC').toLowerCase().split(/[\s_\-/]+/);
  const out = new Set<string>();
  for (const w of words) for (const c of TABLE.get(w) ?? []) out.add(c);
  if (!out.size || words.includes('other') || words.includes('unknown')) return undefined;
  return [...out];
}
