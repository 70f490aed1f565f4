import { describe, expect, it } from 'vitest';
import { getAnnotation, spansOfDocument } from '../schema';
import { createDocument, deleteDocument, setDocumentText, updateDocument } from './documents';
import { createComparison } from './comparisons';
import { expectRejected, makeTestScene } from './testScene';
import { step } from './testStep';

describe('setDocumentText', () => {
  it('keeps a span before the changed words where it was', () => {
    const s = makeTestScene(); // a3 covers [4, 14) = "pedestrian" of d1
    const next = step(s, setDocumentText, { documentId: 'd1', text: 'The pedestrian waits.' });
    expect(next.documents[0].text).toBe('The pedestrian waits.');
    expect(getAnnotation(next, 'a3')).toMatchObject({ start: 4, end: 14, text: 'pedestrian' });
  });

  it('moves a span after the changed words, and drops one whose words were deleted', () => {
    const s = makeTestScene();
    // "The" → "A": one edit [0, 3) → "A", so "pedestrian" moves 2 to the left
    const moved = step(s, setDocumentText, { documentId: 'd1', text: 'A pedestrian crosses in front of the car.' });
    expect(getAnnotation(moved, 'a3')).toMatchObject({ start: 2, end: 12, text: 'pedestrian' });
    const cut = step(s, setDocumentText, { documentId: 'd1', text: 'The ' });
    expect(getAnnotation(cut, 'a3')).toBeUndefined();
    expect(spansOfDocument(cut, 'd1')).toEqual([]);
    expect(cut.annotations['document:d1']).toBeUndefined(); // no empty partition left behind
  });

  it('refuses an unknown document or a non-string text', () => {
    const s = makeTestScene();
    expectRejected(s, setDocumentText, { documentId: 'd9', text: '' }, /document "d9" does not exist/);
    expectRejected(s, setDocumentText, { documentId: 'd1', text: 42 as unknown as string }, /document "d1": text must be a string/);
  });
});

describe('createDocument', () => {
  it('adds a frame caption exactly as written, with a fresh id when none is given', () => {
    const s = makeTestScene();
    const text = 'Let\'s finalise the timeline by agle mahine <script>alert(1)</script> &amp; שלום 👩🏽‍🚀 e\u0301';
    const next = step(s, createDocument, { document: { kind: 'caption', sensor: 'cam', sample: 'c0', text, language: 'en-IN' } });
    const doc = next.documents[1];
    expect(doc.id).toMatch(/^doc_[0-9a-f]{16}$/);
    expect(doc).toEqual({ id: doc.id, kind: 'caption', sensor: 'cam', sample: 'c0', text, language: 'en-IN' });
    expect(doc.text).toBe(text); // no normalisation: the combining accent stays a separate code point
    expect(doc.text.normalize('NFC')).not.toBe(doc.text);
    const named = step(s, createDocument, { document: { id: 'n1', kind: 'note', text: '' } });
    expect(named.documents[1]).toEqual({ id: 'n1', kind: 'note', text: '', language: 'en' });
  });

  it('refuses duplicates, unknown sensors and samples, a sample without its sensor, and a bad prompt', () => {
    const s = makeTestScene();
    expectRejected(s, createDocument, { document: { id: 'd1', text: 'x' } }, /document "d1" already exists/);
    expectRejected(s, createDocument, { document: { id: 'x', text: 'x', sensor: 'radar' } }, /document "x": sensor "radar" does not exist/);
    expectRejected(s, createDocument, { document: { id: 'x', text: 'x', sensor: 'cam', sample: 'l0' } }, /sample "l0" does not exist in sensor "cam"/);
    expectRejected(s, createDocument, { document: { id: 'x', text: 'x', sample: 'c0' } }, /sample "c0" needs its sensor/);
    expectRejected(s, createDocument, { document: { id: 'x', kind: 'response', text: 'x', prompt: 'd1' } }, /"d1" is not a prompt document \(its kind is description\)/);
    expectRejected(s, createDocument, { document: { id: 'x', kind: 'response', text: 'x', prompt: 'p9' } }, /prompt document "p9" does not exist/);
    expectRejected(s, createDocument, { document: { id: 'x', text: 5 as unknown as string } }, /document "x": \$\.text: /);
  });
});

describe('updateDocument', () => {
  it('changes and removes descriptive fields but not the text', () => {
    const s = makeTestScene();
    const titled = step(s, updateDocument, { documentId: 'd1', patch: { title: 'Scene', kind: 'caption', sensor: 'cam', sample: 'c1', language: 'de' } });
    expect(titled.documents[0]).toEqual({ id: 'd1', text: s.documents[0].text, title: 'Scene', kind: 'caption', sensor: 'cam', sample: 'c1', language: 'de' });
    const cleared = step(titled, updateDocument, { documentId: 'd1', patch: { sample: undefined, sensor: undefined, title: undefined } });
    expect(cleared.documents[0]).toEqual({ id: 'd1', text: s.documents[0].text, kind: 'caption', language: 'de' });
    expect(getAnnotation(cleared, 'a3')).toEqual(getAnnotation(s, 'a3')); // spans untouched
    expectRejected(s, updateDocument, { documentId: 'd1', patch: { text: 'x' } as never }, /the text changes with text\/edit/);
    expectRejected(s, updateDocument, { documentId: 'd1', patch: { sample: 'c0' } }, /sample "c0" needs its sensor/);
    expectRejected(s, updateDocument, { documentId: 'd7', patch: {} }, /document "d7" does not exist/);
  });

  it('keeps a prompt that responses answer a prompt', () => {
    const s = step(makeTestScene(), createComparison, { id: 'cmp', prompt: 'Describe the image.', candidates: [{ text: 'A car.' }, { text: 'A dog.' }] });
    const prompt = s.comparisons.cmp.prompt!;
    expectRejected(s, updateDocument, { documentId: prompt, patch: { kind: 'note' } }, /response "doc_[0-9a-f]+" answers it, so it must stay a prompt/);
    expectRejected(s, updateDocument, { documentId: prompt, patch: { prompt } }, /a document cannot answer itself/);
  });
});

describe('deleteDocument', () => {
  it('removes the document with its spans', () => {
    const s = makeTestScene();
    const next = step(s, deleteDocument, { documentId: 'd1' });
    expect(next.documents).toEqual([]);
    expect(getAnnotation(next, 'a3')).toBeUndefined();
    expectRejected(s, deleteDocument, { documentId: 'd1x' }, /document "d1x" does not exist/);
  });

  it('takes a candidate out of its comparisons, dropping a stale judgement and a comparison left with one candidate', () => {
    let s = step(makeTestScene(), createComparison, { id: 'two', prompt: 'Describe.', candidates: [{ text: 'A.' }, { text: 'B.' }] });
    const [a, b] = s.comparisons.two.candidates;
    const prompt = s.comparisons.two.prompt!;
    s = step(s, createComparison, { id: 'three', prompt: { document: prompt }, candidates: [{ text: 'C.' }, { text: 'D.' }, { text: 'E.' }] });
    const [c, d, e] = s.comparisons.three.candidates;
    s = { ...s, comparisons: { ...s.comparisons, three: { ...s.comparisons.three, ranking: [e, d, c], reason: 'E names the car' } } };
    const next = step(s, deleteDocument, { documentId: d });
    expect(next.comparisons.three).toEqual({ id: 'three', prompt, candidates: [c, e] }); // the judgement was about C, D and E
    const noTwo = step(next, deleteDocument, { documentId: a });
    expect(noTwo.comparisons.two).toBeUndefined();
    expect(noTwo.documents.map((x) => x.id)).toContain(b); // the other candidate stays, alone
  });

  it('clears references to a deleted prompt', () => {
    const s = step(makeTestScene(), createComparison, { id: 'cmp', prompt: 'Describe.', candidates: [{ text: 'A.' }, { text: 'B.' }] });
    const prompt = s.comparisons.cmp.prompt!;
    const next = step(s, deleteDocument, { documentId: prompt });
    expect(next.comparisons.cmp.prompt).toBeUndefined();
    expect(next.documents.filter((x) => x.kind === 'response').map((x) => x.prompt)).toEqual([undefined, undefined]);
    expect(next.documents.some((x) => x.id === prompt)).toBe(false);
  });
});
