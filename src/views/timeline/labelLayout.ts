/** Layout of the time-label lanes, pure: items per interval, stacked in rows where they overlap. */
import type { TimeLabel, TimeLabelKind } from '../../core/schema';

export interface LabelItem {
  id: string;
  kind: TimeLabelKind;
  /** Interval index; -1 for a label over the whole scene (no intervals). */
  index: number;
  start: number;
  end: number;
  text: string;
  /** Stack row, 0 at the top. */
  row: number;
}

/** Lay out one kind's intervals in rows so that overlapping ones stack (greedy by start; `minSpan` s is the least width an item takes, for markers). */
export function stackItems(labels: readonly TimeLabel[], range: { start: number; end: number }, minSpan: number): LabelItem[] {
  const items: Omit<LabelItem, 'row'>[] = [];
  for (const l of labels) {
    const text = l.name ? `${l.type}: ${l.name}` : l.type;
    if (l.intervals.length === 0) items.push({ id: l.id, kind: l.kind, index: -1, start: range.start, end: range.end, text });
    else l.intervals.forEach((iv, index) => items.push({ id: l.id, kind: l.kind, index, start: iv.start, end: iv.end, text }));
  }
  items.sort((a, b) => a.start - b.start || b.end - a.end || a.id.localeCompare(b.id));
  const rowEnds: number[] = [];
  return items.map((it) => {
    const end = Math.max(it.end, it.start + minSpan);
    let row = rowEnds.findIndex((e) => e < it.start);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = end;
    return { ...it, row };
  });
}

