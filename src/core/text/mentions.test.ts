import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, type Taxonomy } from '../schema';
import { baseForms } from './inflect';
import { classLexicon } from './lexicon';
import { detectMentions, type Mention } from './mentions';

/** The default taxonomy plus Hindi synonyms for car and a few classes with irregular plurals. */
function taxonomy(): Taxonomy {
  const t = structuredClone(DEFAULT_TAXONOMY);
  t.classes.find((c) => c.id === 'car')!.synonyms.push('gaadi', 'गाड़ी');
  const extra = (id: string, name: string, synonyms: string[] = []) => t.classes.push({ id, name, color: '#123456', synonyms, attributes: [], modalities: ['camera', 'text'], deprecated: false });
  extra('man', 'Man');
  extra('woman', 'Woman');
  extra('child', 'Child', ['kid']);
  extra('mouse', 'Mouse');
  extra('goose', 'Goose');
  extra('foot', 'Foot');
  extra('wolf', 'Wolf');
  extra('knife', 'Knife');
  extra('pony', 'Pony');
  extra('police_officer', 'Police officer', ['policeman']);
  extra('old_bike', 'Old bike', []);
  return t;
}
const lex = classLexicon(taxonomy());
const found = (text: string): [string, string, boolean][] => detectMentions(lex, text).map((m) => [m.surface, m.classId, m.negated]);
/** Every mention's offsets slice its surface out of the original text. */
const honest = (text: string, ms: Mention[]) => ms.every((m) => text.slice(m.start, m.end) === m.surface);

describe('detectMentions', () => {
  it('class ids, names and synonyms, any case; dataset-style synonyms ("vehicle.car") are not words', () => {
    expect(found('An Automobile, a SEDAN and a Car; a lorry near a streetcar.')).toEqual([
      ['Automobile', 'car', false], ['SEDAN', 'car', false], ['Car', 'car', false], ['lorry', 'truck', false], ['streetcar', 'tram', false],
    ]);
    expect(found('vehicle.car and human.pedestrian.adult')).toEqual([]);
    expect(classLexicon(taxonomy()).entries.some((e) => e.term.includes('.'))).toBe(false);
  });

  it('multi-word terms: the longest wins, hyphen or spaces between words, never across punctuation', () => {
    expect(found('a person sitting by a traffic cone, a traffic-cone and a person. Sitting')).toEqual([
      ['person sitting', 'person_sitting', false], ['traffic cone', 'traffic_cone', false], ['traffic-cone', 'traffic_cone', false], ['person', 'pedestrian', false],
    ]);
    // a class id read with its underscore as a space; "old bike" beats "bike"
    expect(found('an old bike, a bike')).toEqual([['old bike', 'old_bike', false], ['bike', 'bicycle', false]]);
  });

  it('plurals and simple inflections, regular and irregular', () => {
    expect(found('buses cars ponies wolves knives cones traffic cones')).toEqual([
      ['buses', 'bus', false], ['cars', 'car', false], ['ponies', 'pony', false], ['wolves', 'wolf', false], ['knives', 'knife', false], ['traffic cones', 'traffic_cone', false],
    ]);
    expect(found('people, men, women, children, mice, geese, feet, policemen, people sitting')).toEqual([
      ['people', 'pedestrian', false], ['men', 'man', false], ['women', 'woman', false], ['children', 'child', false], ['mice', 'mouse', false],
      ['geese', 'goose', false], ['feet', 'foot', false], ['policemen', 'police_officer', false], ['people sitting', 'person_sitting', false],
    ]);
    // "bus" itself is a term: never read as a plural of "bu"; "business" is no mention
    expect(found('a bus; business')).toEqual([['bus', 'bus', false]]);
  });

  it("possessives: 's and ’s end before the apostrophe; s' leaves it out", () => {
    const t = "the car's mirror, the cars' roofs, the bus’s door, the children's bikes";
    const ms = detectMentions(lex, t);
    expect(ms.map((m) => m.surface)).toEqual(['car', 'cars', 'bus', 'children', 'bikes']);
    expect(ms.map((m) => m.classId)).toEqual(['car', 'car', 'bus', 'child', 'bicycle']);
    expect(honest(t, ms)).toBe(true);
    expect(t.slice(ms[0].end, ms[0].end + 2)).toBe("'s");
  });

  it('code-switched text: a Devanagari and a romanised synonym inside an English sentence, offsets of the original', () => {
    const t = 'woh red gaadi dekho, और वो नीली गाड़ी भी — two cars';
    const ms = detectMentions(lex, t);
    expect(ms.map((m) => [m.surface, m.classId])).toEqual([['gaadi', 'car'], ['गाड़ी', 'car'], ['cars', 'car']]);
    expect(honest(t, ms)).toBe(true);
    // offsets by hand: "woh red " is 8 code units; the Devanagari word starts after "woh red gaadi dekho, और वो नीली "
    expect([ms[0].start, ms[0].end]).toEqual([8, 13]);
    expect(ms[1].start).toBe('woh red gaadi dekho, और वो नीली '.length);
    expect(ms[1].end - ms[1].start).toBe('गाड़ी'.length);
    // the same word written with the precomposed ड़ (U+095C) is the same mention
    expect(found('गा\u095Cी')).toEqual([['गा\u095Cी', 'car', false]]);
  });

  it('text without terms gives nothing and keeps its bytes', () => {
    const t = "Let's finalise the timeline by agle mahine";
    expect(detectMentions(lex, t)).toEqual([]);
    expect(t).toBe("Let's finalise the timeline by agle mahine");
  });

  it('emoji, combining characters and wide characters before a mention: offsets still slice the word', () => {
    for (const t of ['👍🏽 car', '👍🏽car', 'e\u0301 car', 'Zoe\u0301\u0301 🚗🚗 red car', '\u0301car', '𝒳 car', 'שלום car']) {
      const ms = detectMentions(lex, t);
      expect(ms.map((m) => m.surface)).toEqual(['car']);
      expect(t.slice(ms[0].start, ms[0].end)).toBe('car');
      expect(ms[0].end).toBe(t.length);
    }
    // a letter with a combining mark is another word
    expect(found('e\u0301car')).toEqual([]);
  });

  it('negation within the clause: no / not / without / never / nor / n’t / there is no', () => {
    expect(found('no dog is in the picture')).toEqual([['dog', 'animal', true]]);
    expect(found("There is no dog. A cat isn't here, but a bus is")).toEqual([['dog', 'animal', true], ['cat', 'animal', true], ['bus', 'bus', false]]);
    expect(found('a road without cars; never a tram; neither a van nor a truck')).toEqual([
      ['cars', 'car', true], ['tram', 'tram', true], ['van', 'van', true], ['truck', 'truck', true],
    ]);
    // the negation reaches the first mention and a list right after it, not the rest of the clause
    expect(found('no car is parked near the bus')).toEqual([['car', 'car', true], ['bus', 'bus', false]]);
    expect(found('no dogs, cats or red bicycles')).toEqual([['dogs', 'animal', true], ['cats', 'animal', true], ['bicycles', 'bicycle', true]]);
    expect(found('no dog and a cat')).toEqual([['dog', 'animal', true], ['cat', 'animal', false]]);
    // not negators
    expect(found('no one saw the car; not only a van')).toEqual([['car', 'car', false], ['van', 'van', false]]);
    // a clause break ends it
    expect(found('not here: a car')).toEqual([['car', 'car', false]]);
    // a negated copula of presence after the mention; a negated attribute is no denial
    expect(found('the dog is not in the picture; the bus doesn’t appear; cats aren’t.')).toEqual([['dog', 'animal', true], ['bus', 'bus', true], ['cats', 'animal', true]]);
    expect(found("the car isn't red")).toEqual([['car', 'car', false]]);
  });

  it('a deprecated class reads as its replacement, or not at all', () => {
    const t = structuredClone(DEFAULT_TAXONOMY);
    Object.assign(t.classes.find((c) => c.id === 'misc')!, { deprecated: true, replacedBy: 'barrier' });
    Object.assign(t.classes.find((c) => c.id === 'tram')!, { deprecated: true });
    expect(detectMentions(classLexicon(t), 'misc, a tram, a streetcar').map((m) => [m.surface, m.classId])).toEqual([['misc', 'barrier']]);
  });
});

describe('baseForms', () => {
  it('undoes English plurals and possessives, the word itself first', () => {
    const forms = (w: string) => {
      const f = baseForms(w).forms;
      expect(f[0]).toBe(w.replace(/'s$/, ''));
      return new Set(f);
    };
    expect(forms('buses')).toEqual(new Set(['buses', 'buse', 'bus']));
    expect(baseForms("people's")).toEqual({ forms: ['people', 'person'], possessive: 2 });
    expect(forms('knives')).toEqual(new Set(['knives', 'knive', 'kniv', 'knif', 'knife']));
    expect(forms('ponies')).toEqual(new Set(['ponies', 'ponie', 'poni', 'pony']));
    // -ss is no plural
    expect(forms('glass')).toEqual(new Set(['glass']));
  });
});
