import { describe, expect, it } from 'vitest';
import { Scene } from '../schema';
import { execute } from './command';
import { unwaiveFinding, waiveFinding } from './qa';
import { makeTestScene } from './testScene';

describe('QA waivers', () => {
  it('records a waiver with its comment, rejects an empty comment or a second waiver, and withdraws it', () => {
    const s0 = makeTestScene();
    expect(s0.qa.waivers).toEqual([]);
    const { next: s1, inverse } = execute(s0, waiveFinding, { finding: 'f1', check: 'spatial.alignment', comment: ' the label box is tight on purpose ', at: '2026-11-25T03:00:00Z' });
    expect(s1.qa.waivers).toEqual([{ finding: 'f1', check: 'spatial.alignment', comment: 'the label box is tight on purpose', by: 'annotator', at: '2026-11-25T03:00:00Z' }]);
    expect(Scene.safeParse(s1).success).toBe(true);
    expect(inverse.length).toBeGreaterThan(0);
    expect(() => execute(s1, waiveFinding, { finding: 'f1', check: 'x', comment: 'again' })).toThrow(/already waived/);
    expect(() => execute(s0, waiveFinding, { finding: 'f2', check: 'x', comment: '   ' })).toThrow(/needs a comment/);
    expect(execute(s1, unwaiveFinding, { finding: 'f1' }).next.qa.waivers).toEqual([]);
    expect(() => execute(s0, unwaiveFinding, { finding: 'f1' })).toThrow(/not waived/);
  });
});
