import { describe, expect, it } from 'vitest';
import type { TimeLabel } from '../../core/schema';
import { stackItems } from './labelLayout';

const label = (id: string, intervals: [number, number][], type = id): TimeLabel => ({ id, kind: 'action', type, intervals: intervals.map(([start, end]) => ({ start, end })), objects: [], attributes: {} });

describe('time-label lane layout', () => {
  it('one item per interval, overlapping ones in further rows, touching ones in further rows too (closed intervals)', () => {
    const items = stackItems([label('a', [[0, 2], [5, 6]]), label('b', [[1, 3]]), label('c', [[2, 4]]), label('d', [[3.5, 4.5]])], { start: 0, end: 10 }, 0);
    const rows = Object.fromEntries(items.map((i) => [`${i.id}${i.index}`, i.row]));
    // a0 [0,2] row 0; b0 [1,3] overlaps → row 1; c0 [2,4] touches a0 at 2 → row 2; d0 [3.5,4.5] after a0 → row 0; a1 [5,6] → row 0
    expect(rows).toEqual({ a0: 0, b0: 1, c0: 2, d0: 0, a1: 0 });
  });

  it('a label with no interval spans the whole scene; names show beside the type', () => {
    const whole = { ...label('night', []), kind: 'context' as const, name: 'street lights' };
    expect(stackItems([whole], { start: 1, end: 9 }, 0)).toEqual([{ id: 'night', kind: 'context', index: -1, start: 1, end: 9, text: 'night: street lights', row: 0 }]);
  });

  it('instants take at least minSpan, so close markers stack instead of overlapping', () => {
    const items = stackItems([label('e1', [[1, 1]]), label('e2', [[1.05, 1.05]]), label('e3', [[2, 2]])], { start: 0, end: 3 }, 0.1);
    expect(items.map((i) => i.row)).toEqual([0, 1, 0]);
  });
});
