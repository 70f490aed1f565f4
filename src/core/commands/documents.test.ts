import { describe, expect, it } from 'vitest';
import { execute } from './command';
import { setDocumentText } from './documents';
import { expectRejected, makeTestScene } from './testScene';

describe('setDocumentText', () => {
  it('accepts an edit that keeps every span covering its text', () => {
    const s = makeTestScene(); // a3 covers [4, 14) = "pedestrian" of d1
    const { next } = execute(s, setDocumentText, { documentId: 'd1', text: 'The pedestrian waits.' });
    expect(next.documents[0].text).toBe('The pedestrian waits.');
  });

  it('rejects edits that move text under a span or cut it off', () => {
    const s = makeTestScene();
    expectRejected(s, setDocumentText, { documentId: 'd1', text: 'A pedestrian crosses.' }, /"a3" no longer covers "pedestrian"/);
    expectRejected(s, setDocumentText, { documentId: 'd1', text: 'The pede' }, /"a3" \[4, 14\) runs past the end \(8\)/);
    expectRejected(s, setDocumentText, { documentId: 'd9', text: '' }, /document "d9" does not exist/);
  });
});
