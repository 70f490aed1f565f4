import { describe, expect, it } from 'vitest';
import { boxDeviation, iou } from '../projection/deviation';
import { decideLink } from './linkBox';

describe('IoU', () => {
  it('matches hand-computed values', () => {
    // 10x10 boxes overlapping in a 5x10 strip: inter 50, union 150
    expect(iou({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 5, y0: 0, x1: 15, y1: 10 })).toBeCloseTo(1 / 3, 12);
    expect(iou({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 0, y0: 0, x1: 10, y1: 10 })).toBe(1);
    expect(iou({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 10, y0: 0, x1: 20, y1: 10 })).toBe(0); // touching edges
    // one inside the other: 4x4 in 8x8 → 16/64
    expect(iou({ x0: 0, y0: 0, x1: 8, y1: 8 }, { x0: 2, y0: 2, x1: 6, y1: 6 })).toBe(0.25);
  });
  it('max edge deviation', () => {
    expect(boxDeviation({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 5, y0: -1, x1: 12, y1: 10 }).maxEdgePx).toBe(5);
  });
});

describe('linking a drawn box to an object', () => {
  const car = { objectId: 'car', box: { x0: 100, y0: 100, x1: 200, y1: 180 } };
  const van = { objectId: 'van', box: { x0: 400, y0: 90, x1: 520, y1: 200 } };

  it('links to the best-overlapping projected box above the threshold', () => {
    const d = decideLink({ x0: 105, y0: 102, x1: 198, y1: 182 }, [van, car]);
    expect(d.kind).toBe('link');
    expect(d.kind === 'link' && d.objectId).toBe('car');
    expect(d.kind === 'link' && d.iou).toBeGreaterThan(0.85);
  });

  it('creates a new object when nothing overlaps enough', () => {
    // IoU with the car: inter 50x80=4000, union 8000+8000-4000=12000 → 1/3 < 0.5
    const d = decideLink({ x0: 150, y0: 100, x1: 250, y1: 180 }, [car, van]);
    expect(d).toEqual({ kind: 'new', bestIou: expect.closeTo(1 / 3, 9) });
    expect(decideLink({ x0: 0, y0: 0, x1: 10, y1: 10 }, [])).toEqual({ kind: 'new', bestIou: 0 });
  });

  it('honours a custom threshold', () => {
    const d = decideLink({ x0: 150, y0: 100, x1: 250, y1: 180 }, [car], { threshold: 0.3 });
    expect(d.kind === 'link' && d.objectId).toBe('car');
  });

  it('reports a tie as ambiguous, listing the tied candidates best first', () => {
    // two cuboids projecting to nearly the same box (one behind the other)
    const a = { objectId: 'a', box: { x0: 100, y0: 100, x1: 200, y1: 200 } };
    const b = { objectId: 'b', box: { x0: 102, y0: 100, x1: 202, y1: 200 } };
    const d = decideLink({ x0: 100, y0: 100, x1: 200, y1: 200 }, [b, a]);
    expect(d.kind).toBe('ambiguous');
    if (d.kind !== 'ambiguous') return;
    expect(d.candidates.map((c) => c.objectId)).toEqual(['a', 'b']);
    expect(d.candidates[0].iou).toBe(1);
  });

  it('considers only the candidates of the camera it is given (several cameras)', () => {
    // the same object projects into two cameras; the caller passes one camera's candidates
    const front = [{ objectId: 'truck', box: { x0: 600, y0: 150, x1: 630, y1: 190 } }];
    const left = [{ objectId: 'truck', box: { x0: 10, y0: 150, x1: 300, y1: 330 } }];
    const drawn = { x0: 12, y0: 152, x1: 298, y1: 331 };
    expect(decideLink(drawn, front).kind).toBe('new');
    expect(decideLink(drawn, left)).toMatchObject({ kind: 'link', objectId: 'truck' });
  });
});
