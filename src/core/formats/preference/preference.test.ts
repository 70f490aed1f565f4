/**
 * Preference rows from a hand-built scene: the expected rows are written out by hand from the
 * scene below (ranks, pair order, texts, image URI); the grounding sentences are checked for the
 * candidate they name, the flagged words and the kind of flag (their wording is core/text's).
 */
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { setAnnotation, Scene, type SceneInput } from '../../schema';
import { exportScene } from '../exchange';
import { exportPreferenceJsonl, preferenceRows } from './index';

// byte-for-byte material: markup, quotes, a tab, a newline, right-to-left text, a ZWJ emoji, a lone surrogate
const ODD = 'Nothing but a <script>alert(1)</script> "quoted"\ttab,\nشارع \u{1F469}\u200D\u{1F469}\u200D\u{1F467} \uD800 &amp;';

function scene(): Scene {
  const s: SceneInput = makeTestScene();
  s.streams[0].samples[0].uri = 'images/c0.png';
  // the car o1 is annotated on c0 (box a2); there is no animal anywhere; o1 is red
  s.objects!.o1.attributes = { ...s.objects!.o1.attributes, colour: 'red' };
  s.documents = [
    ...(s.documents ?? []),
    { id: 'q', kind: 'prompt', sensor: 'cam', sample: 'c0', text: 'What is on the road?' },
    { id: 'r1', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'c0', text: 'A car waits at the light.' },
    //                                                                               0123456789012345678901234
    { id: 'r2', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'c0', title: 'model B', text: 'A dog sits on a blue car.' },
    { id: 'r3', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'c0', text: ODD },
    { id: 'capA', kind: 'caption', text: 'Two cars.' },
    { id: 'capB', kind: 'caption', text: 'A car.' },
  ];
  s.comparisons = {
    cmp: { id: 'cmp', sensor: 'cam', sample: 'c0', prompt: 'q', candidates: ['r2', 'r1', 'r3'], ranking: ['r1', 'r3', 'r2'], reason: 'r1 is right; r2 sees a dog', by: 'ann' },
    open: { id: 'open', candidates: ['r1', 'r2'] },
    caps: { id: 'caps', candidates: ['capA', 'capB'], ranking: ['capB', 'capA'] },
  };
  const parsed = Scene.parse(s);
  // "car" in r2 is linked to the red car: "blue" contradicts it
  setAnnotation(parsed, { id: 'span-r2', kind: 'textSpan', object: 'o1', document: 'r2', start: 21, end: 24, source: 'manual' });
  return parsed;
}

describe('preference rows', () => {
  it('every (higher, lower) pair of each ranking, best pairs first, with the image, prompt and texts', () => {
    const { rows, summary } = preferenceRows(scene());
    expect(rows.map(({ reasons: _r, ...row }) => row)).toEqual([
      { id: 'cmp#1', scene: 'test', image: 'images/c0.png', prompt: 'What is on the road?', chosen: 'A car waits at the light.', rejected: ODD, chosen_rank: 1, rejected_rank: 2 },
      { id: 'cmp#2', scene: 'test', image: 'images/c0.png', prompt: 'What is on the road?', chosen: 'A car waits at the light.', rejected: 'A dog sits on a blue car.', chosen_rank: 1, rejected_rank: 3 },
      { id: 'cmp#3', scene: 'test', image: 'images/c0.png', prompt: 'What is on the road?', chosen: ODD, rejected: 'A dog sits on a blue car.', chosen_rank: 2, rejected_rank: 3 },
      // plain captions: no prompt, no image
      { id: 'caps#1', scene: 'test', image: null, prompt: '', chosen: 'A car.', rejected: 'Two cars.', chosen_rank: 1, rejected_rank: 2 },
    ]);
    expect(summary).toEqual({ written: { comparisons: 2, rows: 4 }, dropped: [{ what: 'comparison', count: 1, reason: 'not ranked yet: an unjudged comparison has no preferred text' }] });
  });

  it("reasons: the annotator's first, then the rejected text's flags, then the chosen text's, each naming the candidate and its words", () => {
    const [r1, r2, r3, caps] = preferenceRows(scene()).rows;
    expect(r1.reasons).toEqual(['r1 is right; r2 sees a dog']);
    const dog = expect.stringMatching(/^rejected response "model B" \(rank 3\): possible hallucination: "dog" /);
    const blue = expect.stringMatching(/^rejected response "model B" \(rank 3\): contradiction.*"blue".*colour/);
    expect(r2.reasons).toEqual(['r1 is right; r2 sees a dog', dog, blue]);
    expect(r3.reasons).toEqual(['r1 is right; r2 sees a dog', dog, blue]);
    expect(caps.reasons).toEqual([]);
    // a flagged chosen text is evidence too (after the rejected one's): swap the ranking
    const s = scene();
    s.comparisons.cmp.ranking = ['r2', 'r1', 'r3'];
    expect(preferenceRows(s).rows[0].reasons).toEqual(['r1 is right; r2 sees a dog', expect.stringMatching(/^chosen response "model B" \(rank 1\): possible hallucination: "dog" /), expect.stringMatching(/^chosen response "model B" \(rank 1\): contradiction/)]);
  });

  it('JSON Lines: one object per line, texts byte for byte through JSON.stringify', () => {
    const { text } = exportPreferenceJsonl(scene());
    const lines = text.split('\n');
    expect(lines).toHaveLength(5); // 4 rows, each ending with \n
    expect(lines[4]).toBe('');
    expect(lines.slice(0, 4).every((l) => !l.includes('\n'))).toBe(true);
    const row = JSON.parse(lines[0]);
    expect(row.rejected).toBe(ODD);
    expect(Object.keys(row)).toEqual(['id', 'scene', 'image', 'prompt', 'chosen', 'rejected', 'chosen_rank', 'rejected_rank', 'reasons']);
    // the escapes JSON.stringify writes (well-formed: a lone surrogate as \ud800), nothing else changed
    expect(lines[0]).toContain(String.raw`"rejected":"Nothing but a <script>alert(1)</script> \"quoted\"\ttab,\nشارع 👩‍👩‍👧 \ud800 &amp;"`);
    expect(exportPreferenceJsonl(Scene.parse({ ...makeTestScene(), comparisons: {} })).text).toBe('');
  });

  it('is the registered preference-jsonl export: one file named after the scene, everything else listed as left out', async () => {
    const r = await exportScene(scene(), 'preference-jsonl');
    expect(r.files).toEqual([{ path: 'Test_scene.preference.jsonl', text: exportPreferenceJsonl(scene()).text }]);
    expect(r.summary.written).toEqual({ comparisons: 2, rows: 4 });
    // the test scene's cuboid, box and text spans (its own and the one linked above) are not preference rows
    expect(r.summary.dropped.map((d) => [d.what, d.count])).toEqual([
      ['comparison', 1],
      ['cuboid', 1],
      ['box2d', 1],
      ['textSpan', 2],
    ]);
  });
});
