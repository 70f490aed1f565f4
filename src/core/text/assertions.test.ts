import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../schema';
import { assertionsAbout, type Assertions } from './assertions';
import { colourValue } from './colours';
import { classLexicon } from './lexicon';
import { analyzeText } from './mentions';

const tax = structuredClone(DEFAULT_TAXONOMY);
tax.classes.find((c) => c.id === 'car')!.synonyms.push('gaadi', 'गाड़ी');
tax.classes.push({ id: 'nodule', name: 'Nodule', color: '#123456', synonyms: [], attributes: [], modalities: ['camera', 'text'], deprecated: false });
const lex = classLexicon(tax);

/** The assertions about each mention of `text`, by its surface: colours as words, sizes as [metres, precision, words]. */
function about(text: string): Record<string, { colour?: string; colours?: string[][]; sizes: [number, number, string][] }> {
  const an = analyzeText(lex, text);
  const words = new Set<number>();
  an.mentions.forEach((_, i) => {
    for (let k = an.first[i]; k <= an.last[i]; k++) words.add(k);
  });
  const out: ReturnType<typeof about> = {};
  an.mentions.forEach((m, i) => {
    const a: Assertions = assertionsAbout(text, an.tokens, an.first[i], an.last[i], (k) => words.has(k) && (k < an.first[i] || k > an.last[i]));
    out[m.surface] = { sizes: a.sizes.map((s) => [+s.metres.toPrecision(6), +s.precision.toPrecision(6), text.slice(s.start, s.end)]) };
    if (a.colour) Object.assign(out[m.surface], { colour: text.slice(a.colour.start, a.colour.end), colours: a.colour.colours.map((c) => [...c]) });
  });
  return out;
}

describe('assertionsAbout: colours', () => {
  it('adjectives before the mention in its noun phrase', () => {
    expect(about('the dark red car')).toEqual({ car: { colour: 'red', colours: [['red']], sizes: [] } });
    expect(about('a red and white bus')).toEqual({ bus: { colour: 'red and white', colours: [['red'], ['white']], sizes: [] } });
    expect(about('a gray, dented van')).toEqual({ van: { colour: 'gray', colours: [['grey', 'silver']], sizes: [] } });
  });

  it('a predicate after the mention; a negated one asserts nothing', () => {
    expect(about('the car is red.')).toEqual({ car: { colour: 'red', colours: [['red']], sizes: [] } });
    expect(about('The bus looks very dark blue and silver')).toEqual({ bus: { colour: 'blue and silver', colours: [['blue'], ['silver', 'grey']], sizes: [] } });
    expect(about('the car is not red')).toEqual({ car: { sizes: [] } });
    expect(about("the car isn't red")).toEqual({ car: { sizes: [] } });
  });

  it('stops at determiners, prepositions, verbs and other mentions', () => {
    // "red" belongs to the truck, not to the car before it
    expect(about('the red truck behind the car')).toEqual({ truck: { colour: 'red', colours: [['red']], sizes: [] }, car: { sizes: [] } });
    expect(about('a man in red next to the car')).toEqual({ car: { sizes: [] } });
    expect(about('red car and truck')).toEqual({ car: { colour: 'red', colours: [['red']], sizes: [] }, truck: { sizes: [] } });
  });

  it('code-switched Hindi word order', () => {
    expect(about('woh laal gaadi dekho')).toEqual({ gaadi: { colour: 'laal', colours: [['red']], sizes: [] } });
    expect(about('meri gaadi neela hai')).toEqual({ gaadi: { colour: 'neela', colours: [['blue']], sizes: [] } });
    expect(about('मेरी गाड़ी लाल है')).toEqual({ 'गाड़ी': { colour: 'लाल', colours: [['red']], sizes: [] } });
  });
});

describe('assertionsAbout: sizes in metres, precision half a unit of the last digit', () => {
  it('before the mention', () => {
    expect(about('a 2.3 cm nodule')).toEqual({ nodule: { sizes: [[0.023, 0.0005, '2.3 cm']] } });
    expect(about('a 4.5-metre truck')).toEqual({ truck: { sizes: [[4.5, 0.05, '4.5-metre']] } });
    expect(about('a 30mm nodule')).toEqual({ nodule: { sizes: [[0.03, 0.0005, '30mm']] } });
    expect(about('the 1.8 meters tall van')).toEqual({ van: { sizes: [[1.8, 0.05, '1.8 meters']] } });
    expect(about('a 6 ft bus')).toEqual({ bus: { sizes: [[1.8288, 0.1524, '6 ft']] } });
  });

  it('in a predicate', () => {
    expect(about('the truck is 12 m long')).toEqual({ truck: { sizes: [[12, 0.5, '12 m']] } });
    expect(about('the nodule measures about 2.3 cm')).toEqual({ nodule: { sizes: [[0.023, 0.0005, '2.3 cm']] } });
    expect(about('the truck is not 12 m long')).toEqual({ truck: { sizes: [] } });
    // a number without a unit is no size
    expect(about('the truck is 12 years old')).toEqual({ truck: { sizes: [] } });
  });
});

describe('colourValue', () => {
  it('reads attribute values through the colour words; other / unknown are not compared', () => {
    expect(colourValue('Red')).toEqual(['red']);
    expect(colourValue('light_grey')).toEqual(['grey', 'silver']);
    expect(colourValue('other')).toBeUndefined();
    expect(colourValue('unknown')).toBeUndefined();
    expect(colourValue(3)).toBeUndefined();
  });
});
