import { describe, expect, it } from 'vitest';
import { candidateName, displayOrder, moveCandidate, ordinal } from './ComparisonModel';

describe('comparison ordering', () => {
  it('shows the ranking when judged, the presented order otherwise', () => {
    expect(displayOrder({ candidates: ['a', 'b', 'c'] })).toEqual(['a', 'b', 'c']);
    expect(displayOrder({ candidates: ['a', 'b', 'c'], ranking: ['c', 'a', 'b'] })).toEqual(['c', 'a', 'b']);
  });
  it('moves one candidate, keeping the others in their order', () => {
    const o = ['a', 'b', 'c', 'd'];
    expect(moveCandidate(o, 'c', 0)).toEqual(['c', 'a', 'b', 'd']); // dragged to the top
    expect(moveCandidate(o, 'a', 1)).toEqual(['b', 'a', 'c', 'd']); // one down
    expect(moveCandidate(o, 'b', 3)).toEqual(['a', 'c', 'd', 'b']); // to the bottom
    expect(moveCandidate(o, 'b', 99)).toEqual(['a', 'c', 'd', 'b']); // clamped
    expect(moveCandidate(o, 'b', -5)).toEqual(['b', 'a', 'c', 'd']);
    expect(moveCandidate(o, 'x', 0)).toEqual(o);
    expect(o).toEqual(['a', 'b', 'c', 'd']); // input untouched
  });
  it('names candidates by title, else by place', () => {
    expect(candidateName({ title: 'Response A' }, 0)).toBe('Response A');
    expect(candidateName({ title: '' }, 1)).toBe('Candidate 2');
    expect(candidateName(undefined, 0)).toBe('Candidate 1');
  });
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });
});
