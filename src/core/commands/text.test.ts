import { describe, expect, it } from 'vitest';
import { getAnnotation, spansOfDocument, spansOfSegment, type Annotation, type Scene } from '../schema';
import { applyPatches, execute } from './command';
import { editText, linkSpan } from './text';
import { createDocument } from './documents';
import { addTranscriptSegment } from './transcripts';
import { addAnnotation, deleteAnnotation, updateAnnotation } from './annotations';
import { addClass } from './taxonomy';
import { createObject, deleteObject } from './objects';
import { expectRejected, makeTestScene } from './testScene';
import { step } from './testStep';

// Markup, an emoji (two UTF-16 units), Hebrew (RTL) and a combining accent, all to be kept as typed.
const CAPTION = 'The red car 🚗 passes <b>the</b> café\u0301 & שלום pedestrian.';
const SAID = "Let's finalise the timeline by agle mahine, the car is red";

type Span = Annotation & { kind: 'textSpan' };
const spans = (s: Scene, host: { document: string } | { segment: string }): Span[] =>
  ('document' in host ? spansOfDocument(s, host.document) : spansOfSegment(s, host.segment)) as Span[];
/** The words a span covers in its host's current text, read independently of the span's own `text`. */
const wordsOf = (s: Scene, a: Span): string => {
  const text = a.document !== undefined ? s.documents.find((d) => d.id === a.document)!.text : (getAnnotation(s, a.segment!) as { text: string }).text;
  return text.slice(a.start, a.end);
};
const at = (text: string, words: string) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length });

/** The test scene plus a caption with three spans (two overlapping) and a transcript segment of the driver with one span. */
function textScene(): Scene {
  let s = step(makeTestScene(), createDocument, { document: { id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c0', text: CAPTION } });
  s = step(s, linkSpan, { host: { document: 'cap' }, ...at(CAPTION, 'red car'), objects: ['o1'] });
  s = step(s, linkSpan, { host: { document: 'cap' }, ...at(CAPTION, 'car'), objects: ['o1'] });
  s = step(s, linkSpan, { host: { document: 'cap' }, ...at(CAPTION, 'pedestrian'), objects: ['o2'] });
  s = step(s, addTranscriptSegment, { id: 's1', sensor: 'mic', start: 0.1, end: 0.8, object: 'o4', text: SAID });
  s = step(s, linkSpan, { host: { segment: 's1' }, ...at(SAID, 'agle mahine'), objects: ['o4'], language: 'hi-Latn' });
  return s;
}

/** Each span's object and the words it covers, sorted, checked against the text and the span's recorded `text`. */
function covered(s: Scene, host: { document: string } | { segment: string }): string[] {
  return spans(s, host)
    .map((a) => {
      expect(a.text).toBe(wordsOf(s, a));
      return `${a.object}:${wordsOf(s, a)}`;
    })
    .sort();
}

describe('text/link', () => {
  it('creates one manual span per object, recording the covered text', () => {
    const s = textScene();
    const redCar = spans(s, { document: 'cap' }).find((a) => a.end - a.start === 7)!;
    expect(redCar).toEqual({ id: redCar.id, kind: 'textSpan', object: 'o1', source: 'manual', document: 'cap', start: 4, end: 11, text: 'red car' });
    expect(redCar.id).toMatch(/^span_[0-9a-f]{16}$/);
    expect(covered(s, { document: 'cap' })).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
    const inSegment = spans(s, { segment: 's1' });
    expect(inSegment).toHaveLength(1);
    expect(inSegment[0]).toMatchObject({ segment: 's1', object: 'o4', text: 'agle mahine', language: 'hi-Latn' });
    expect(s.annotations['segment:s1']).toBeDefined();
  });

  it('links a phrase to several objects and skips an object already linked over the same range', () => {
    const s = textScene();
    const next = step(s, linkSpan, { host: { document: 'cap' }, ...at(CAPTION, 'red car'), objects: ['o1', 'o3', 'o3'] });
    expect(covered(next, { document: 'cap' })).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian', 'o3:red car']);
    const { patches } = execute(next, linkSpan, { host: { document: 'cap' }, ...at(CAPTION, 'red car'), objects: ['o1', 'o3'] });
    expect(patches).toEqual([]); // nothing new: no undo step
  });

  it('refuses empty, out-of-range and emoji-splitting ranges, unknown objects and classes not labelled in text', () => {
    let s = textScene();
    const doc = { document: 'cap' };
    expectRejected(s, linkSpan, { host: doc, start: 4, end: 4, objects: ['o1'] }, /document "cap": a span needs at least one character, got \[4, 4\)/);
    expectRejected(s, linkSpan, { host: doc, start: 4, end: 999, objects: ['o1'] }, /document "cap": end 999 lies outside the text \(0\.\.\d+\)/);
    expectRejected(s, linkSpan, { host: doc, start: -1, end: 3, objects: ['o1'] }, /start -1 lies outside the text/);
    expectRejected(s, linkSpan, { host: doc, start: 1.5, end: 3, objects: ['o1'] }, /start must be an integer, got 1\.5/);
    const emoji = CAPTION.indexOf('🚗');
    expectRejected(s, linkSpan, { host: doc, start: emoji, end: emoji + 1, objects: ['o1'] }, /end \d+ splits the character "🚗" in two/);
    expectRejected(s, linkSpan, { host: doc, start: 4, end: 11, objects: ['ghost'] }, /object "ghost" does not exist/);
    expectRejected(s, linkSpan, { host: doc, start: 4, end: 11, objects: [] }, /name at least one object/);
    expectRejected(s, linkSpan, { host: { document: 'nope' }, start: 0, end: 1, objects: ['o1'] }, /document "nope" does not exist/);
    expectRejected(s, linkSpan, { host: { segment: 'a1' }, start: 0, end: 1, objects: ['o1'] }, /segment "a1" is not a transcript segment/);
    expectRejected(s, linkSpan, { host: { document: 'cap', segment: 's1' } as never, start: 0, end: 1, objects: ['o1'] }, /host must name exactly one of a document or a transcript segment/);
    s = step(s, addClass, { cls: { id: 'sign', name: 'Sign', color: '#abcdef', modalities: ['camera', 'lidar'] } });
    s = step(s, createObject, { id: 'o9', classId: 'sign' });
    expectRejected(s, linkSpan, { host: doc, start: 4, end: 11, objects: ['o9'] }, /class "sign" is not labelled in text \(allowed: camera, lidar\)/);
    // a diarization turn without a transcript has no text to link
    s = step(s, addAnnotation, { annotation: { id: 'turn', kind: 'timeSegment', sensor: 'mic', start: 0, end: 0.1, object: 'o4' } });
    expectRejected(s, linkSpan, { host: { segment: 'turn' }, start: 0, end: 1, objects: ['o4'] }, /segment "turn" has no transcript text/);
  });
});

describe('text/edit', () => {
  it('keeps spans on their words for edits before, after, inside and around them', () => {
    const s = textScene();
    const doc = { document: 'cap' };
    const before = step(s, editText, { host: doc, from: 0, to: 0, insert: 'Today: ' });
    expect(before.documents[1].text).toBe('Today: ' + CAPTION);
    expect(covered(before, doc)).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
    const end = CAPTION.length - 1; // before the final "."
    const after = step(s, editText, { host: doc, from: end, to: end, insert: ' again' });
    expect(after.documents[1].text).toBe(CAPTION.slice(0, end) + ' again.');
    expect(covered(after, doc)).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
    // inside "red car" (and before "car"): "red" → "dark red"
    const inside = step(s, editText, { host: doc, from: 4, to: 7, insert: 'dark red' });
    expect(covered(inside, doc)).toEqual(['o1:car', 'o1:dark red car', 'o2:pedestrian']);
    // typed right after "car": not part of either span
    const car = at(CAPTION, 'car');
    const plural = step(s, editText, { host: doc, from: car.end, to: car.end, insert: 's' });
    expect(plural.documents[1].text.startsWith('The red cars 🚗')).toBe(true);
    expect(covered(plural, doc)).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
    // around: replacing "red car 🚗" by "blue van" keeps the link that covered "red car" on the new words, "car" too
    const r = at(CAPTION, 'red car 🚗');
    const around = step(s, editText, { host: doc, from: r.start, to: r.end, insert: 'blue van' });
    expect(covered(around, doc)).toEqual(['o1:blue van', 'o1:blue van', 'o2:pedestrian']);
  });

  it('removes spans whose words were all deleted; undo brings them back', () => {
    const s = textScene();
    const doc = { document: 'cap' };
    const r = at(CAPTION, 'red car');
    const { next, inverse } = execute(s, editText, { host: doc, from: r.start - 1, to: r.end, insert: '' });
    expect(next.documents[1].text).toBe('The 🚗 passes <b>the</b> café\u0301 & שלום pedestrian.');
    expect(covered(next, doc)).toEqual(['o2:pedestrian']);
    const undone = applyPatches(next, inverse);
    expect(undone).toEqual(s);
    expect(covered(undone, doc)).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
    step(s, editText, { host: doc, from: r.start - 1, to: r.end, insert: '' }); // valid scene, exact undo
  });

  it('keeps markup, emoji, right-to-left and combining characters byte for byte', () => {
    const s = textScene();
    const doc = { document: 'cap' };
    const p = at(CAPTION, 'pedestrian');
    const typed = '👩🏽‍🚀 <script>alert("x")</script> &amp; مرحبا e\u0301 ';
    const next = step(s, editText, { host: doc, from: p.start, to: p.start, insert: typed });
    const text = next.documents[1].text;
    expect(text).toBe(CAPTION.slice(0, p.start) + typed + CAPTION.slice(p.start));
    expect([...new TextEncoder().encode(text)]).toEqual([...new TextEncoder().encode(CAPTION.slice(0, p.start)), ...new TextEncoder().encode(typed), ...new TextEncoder().encode(CAPTION.slice(p.start))]);
    expect(covered(next, doc)).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
  });

  it('edits a transcript segment and moves its spans', () => {
    const s = textScene();
    const seg = { segment: 's1' };
    const next = step(s, editText, { host: seg, from: 0, to: 5, insert: 'Chalo' });
    expect((getAnnotation(next, 's1') as { text: string }).text).toBe("Chalo finalise the timeline by agle mahine, the car is red");
    expect(covered(next, seg)).toEqual(['o4:agle mahine']);
    // a segment without text gets one by typing into it
    const turn = step(s, addAnnotation, { annotation: { id: 'turn', kind: 'timeSegment', sensor: 'mic', start: 0, end: 0.1, object: 'o4' } });
    const typed = step(turn, editText, { host: { segment: 'turn' }, from: 0, to: 0, insert: 'Hallo' });
    expect(getAnnotation(typed, 'turn')).toMatchObject({ text: 'Hallo' });
  });

  it('does nothing for an empty edit, and refuses bad ranges and hosts', () => {
    const s = textScene();
    const doc = { document: 'cap' };
    expect(execute(s, editText, { host: doc, from: 3, to: 3, insert: '' }).patches).toEqual([]);
    expect(execute(s, editText, { host: doc, from: 0, to: 3, insert: 'The' }).patches).toEqual([]);
    expectRejected(s, editText, { host: doc, from: 5, to: 2, insert: '' }, /document "cap": the edit ends \(2\) before it starts \(5\)/);
    expectRejected(s, editText, { host: doc, from: 0, to: 999, insert: '' }, /to 999 lies outside the text/);
    const emoji = CAPTION.indexOf('🚗');
    expectRejected(s, editText, { host: doc, from: emoji + 1, to: emoji + 1, insert: 'x' }, /from \d+ splits the character "🚗" in two/);
    expectRejected(s, editText, { host: doc, from: 0, to: 0, insert: 7 as unknown as string }, /insert must be a string/);
    expectRejected(s, editText, { host: { segment: 'nope' }, from: 0, to: 0, insert: 'x' }, /segment "nope" is not a transcript segment/);
    expectRejected(s, editText, { host: null as never, from: 0, to: 0, insert: 'x' }, /host must be \{document: id\} or \{segment: id\}/);
  });
});

describe('spans in transcript segments (annotation commands)', () => {
  it('checks a span against its segment text', () => {
    const s = textScene();
    const span = { id: 't9', kind: 'textSpan' as const, object: 'o1', segment: 's1', ...at(SAID, 'car'), text: 'car' };
    expect(spans(step(s, addAnnotation, { annotation: span }), { segment: 's1' })).toHaveLength(2);
    expectRejected(s, addAnnotation, { annotation: { ...span, text: 'bus' } }, /text "bus" does not match the segment "s1" at \[\d+, \d+\)/);
    expectRejected(s, addAnnotation, { annotation: { ...span, start: 50, end: 99 } }, /runs past the end of segment "s1" \(\d+ characters\)/);
    expectRejected(s, addAnnotation, { annotation: { ...span, segment: 'a1' } }, /segment "a1" is not a transcript segment of the scene/);
  });

  it('a segment text replaced with annotation/update moves its spans; removing the text removes them', () => {
    const s = textScene();
    const moved = step(s, updateAnnotation, { id: 's1', patch: { text: "OK, let's finalise the timeline by agle mahine, the car is red" } });
    expect(covered(moved, { segment: 's1' })).toEqual(['o4:agle mahine']);
    const cleared = step(s, updateAnnotation, { id: 's1', patch: { text: undefined } });
    expect(spans(cleared, { segment: 's1' })).toEqual([]);
    expect(cleared.annotations['segment:s1']).toBeUndefined();
  });

  it('deleting a segment, or its speaker, deletes the spans in it', () => {
    const s = textScene();
    const noSeg = step(s, deleteAnnotation, { id: 's1' });
    expect(noSeg.annotations['segment:s1']).toBeUndefined();
    const noSpeaker = step(s, deleteObject, { objectId: 'o4' });
    expect(getAnnotation(noSpeaker, 's1')).toBeUndefined();
    expect(noSpeaker.annotations['segment:s1']).toBeUndefined();
    expect(covered(noSpeaker, { document: 'cap' })).toEqual(['o1:car', 'o1:red car', 'o2:pedestrian']);
  });
});
