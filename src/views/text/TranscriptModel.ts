/**
 * What the Transcript tab shows, computed without React: the timed segments with text of one
 * audio/video sensor in time order, which of them lie under the playhead, the word under the
 * playhead (whisper word timings in `metadata.words`), where each timed word sits in the segment's
 * text, and who may speak (objects of a class allowed on audio or video).
 *
 * The lookups run on every playhead move during playback (each animation frame), so they are
 * binary searches over arrays built once per document, never scans of the whole transcript.
 * Times are scene seconds, like `TimeSegment.start/end` and the playhead.
 */
import type { Scene, TimeSegment } from '../../core/schema';
import { allAnnotations } from '../../core/schema';

/** A transcript segment: a time segment that carries text. */
export type TranscriptSegment = TimeSegment & { text: string };

/** One timed word (whisper's `words`): scene seconds. */
export interface TimedWord {
  word: string;
  start: number;
  end: number;
  probability?: number;
}

export interface TranscriptSensor {
  id: string;
  name: string;
  kind: 'audio' | 'video';
  segments: number;
}

/** The audio and video sensors, with how many transcript segments each holds (sensors without any included: a transcript can be started there). */
export function transcriptSensors(scene: Scene): TranscriptSensor[] {
  const counts = new Map<string, number>();
  for (const a of allAnnotations(scene)) if (a.kind === 'timeSegment' && a.text !== undefined) counts.set(a.sensor, (counts.get(a.sensor) ?? 0) + 1);
  return scene.sensors.flatMap((s) => (s.kind === 'audio' || s.kind === 'video' ? [{ id: s.id, name: s.name ?? s.id, kind: s.kind, segments: counts.get(s.id) ?? 0 }] : []));
}

/** The transcript segments of `sensor`, by start time (then end, then id: a stable order for equal times). */
export function transcriptSegments(scene: Pick<Scene, 'annotations'>, sensor: string): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  for (const a of Object.values(scene.annotations[`sensor:${sensor}`] ?? {})) if (a.kind === 'timeSegment' && a.sensor === sensor && a.text !== undefined) out.push(a as TranscriptSegment);
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * "Which segments are under time t", for segments sorted by start. A segment [start, end) holds t
 * when start ≤ t < end; segments may overlap (two speakers at once), so the answer is a list.
 * `prefixMaxEnd[i]` (the latest end among segments 0..i) bounds the backward walk from the last
 * segment starting at or before t: it stops as soon as no earlier segment can still be running.
 */
export class TranscriptTimeIndex {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly prefixMaxEnd: Float64Array;

  constructor(readonly segments: readonly { id: string; start: number; end: number }[]) {
    const n = segments.length;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.prefixMaxEnd = new Float64Array(n);
    let maxEnd = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = segments[i];
      if (i > 0 && s.start < segments[i - 1].start) throw new Error('TranscriptTimeIndex: segments must be sorted by start');
      this.starts[i] = s.start;
      this.ends[i] = s.end;
      maxEnd = Math.max(maxEnd, s.end);
      this.prefixMaxEnd[i] = maxEnd;
    }
  }

  /** Index of the last segment starting at or before t; -1 when none does. */
  lastStartingBy(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Indices (ascending) of the segments holding t. */
  activeAt(t: number): number[] {
    const out: number[] = [];
    for (let i = this.lastStartingBy(t); i >= 0 && this.prefixMaxEnd[i] > t; i--) if (this.ends[i] > t) out.push(i);
    return out.reverse();
  }

  /**
   * The active segment ids at t as one string ("id1 id2"), for a store selector: a string compares
   * by value, so subscribers re-render only when the set of active segments changes.
   */
  activeKey(t: number): string {
    const a = this.activeAt(t);
    return a.length === 1 ? this.segments[a[0]].id : a.map((i) => this.segments[i].id).join(' ');
  }
}

/** A segment's timed words from `metadata.words`, or [] when it has none or they are malformed (kept, just not shown). */
export function segmentWords(segment: { metadata?: Record<string, unknown> }): TimedWord[] {
  const w = segment.metadata?.words;
  if (!Array.isArray(w)) return [];
  return w.filter((x): x is TimedWord => typeof x === 'object' && x !== null && typeof x.word === 'string' && Number.isFinite(x.start) && Number.isFinite(x.end));
}

/** Index of the word holding t (start ≤ t < end) in words sorted by start; -1 between words or outside. */
export function wordAt(words: readonly TimedWord[], t: number): number {
  let lo = 0;
  let hi = words.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && t < words[found].end ? found : -1;
}

/**
 * Where each timed word lies in the segment's text: whisper's words carry their leading space
 * (" Hello") and the segment text is their concatenation, possibly edited since (a word
 * capitalised, replaced). Each word (trimmed) is searched for, ignoring case, from the end of the
 * previous one found, so repeated words map in order; a word no longer in the text maps to null and
 * the words after it are still looked for.
 */
export function wordOffsets(text: string, words: readonly TimedWord[]): ({ start: number; end: number } | null)[] {
  let at = 0;
  return words.map((w) => {
    const needle = w.word.trim();
    if (!needle) return null;
    // matched on the original text (a regex, not toLowerCase copies) so offsets stay the text's own
    const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return null;
    at = m.index + m[0].length;
    return { start: m.index, end: at };
  });
}

/**
 * `runs` (highlight.ts runsOf: the text cut at its marks) cut again at the current word's edges, each
 * run saying whether it lies in the word. The word is a playback cursor, not a mark of the text, so
 * it is added here rather than as a Mark kind of the editor's.
 */
export function withWord<R extends { start: number; end: number }>(runs: readonly R[], word: { start: number; end: number } | null): (R & { inWord: boolean })[] {
  const out: (R & { inWord: boolean })[] = [];
  for (const r of runs) {
    if (!word || word.end <= r.start || word.start >= r.end) {
      out.push({ ...r, inWord: false });
      continue;
    }
    const a = Math.max(r.start, word.start);
    const b = Math.min(r.end, word.end);
    if (a > r.start) out.push({ ...r, end: a, inWord: false });
    out.push({ ...r, start: a, end: b, inWord: true });
    if (b < r.end) out.push({ ...r, start: b, inWord: false });
  }
  return out;
}

/** The objects that may speak on a `kind` sensor: those whose class allows audio or video (the same person in the video and in the audio). */
export function speakerChoices(scene: Scene): { id: string; name: string; classId: string }[] {
  const allowed = new Set(scene.taxonomy.classes.filter((c) => c.modalities.includes('audio') || c.modalities.includes('video')).map((c) => c.id));
  return Object.values(scene.objects)
    .filter((o) => allowed.has(o.classId))
    .map((o) => ({ id: o.id, name: o.name ?? o.id, classId: o.classId }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Default length (s) of a segment added at the playhead. */
export const NEW_SEGMENT_SECONDS = 2;

/**
 * The time range of a new segment at `t`: NEW_SEGMENT_SECONDS long, cut short by the next segment
 * of the same speaker (a speaker does not talk over themself) and by the end of the scene; never
 * shorter than 0.1 s, so the segment stays clickable (null when not even that fits before `sceneEnd`).
 */
export function newSegmentRange(segments: readonly { start: number; end: number; object: string }[], speaker: string, t: number, sceneEnd: number): { start: number; end: number } | null {
  let end = Math.min(t + NEW_SEGMENT_SECONDS, sceneEnd);
  for (const s of segments) if (s.object === speaker && s.start > t) end = Math.min(end, s.start);
  return end - t >= 0.1 ? { start: t, end } : null;
}

/** "1:02.35" (minutes:seconds.hundredths) from a time in seconds relative to the scene's start. */
export function formatClock(seconds: number): string {
  // round once, in hundredths, so 59.999 reads 1:00.00 and not 0:60.00
  const h = Math.round(Math.max(0, seconds) * 100);
  const m = Math.floor(h / 6000);
  return `${m}:${((h % 6000) / 100).toFixed(2).padStart(5, '0')}`;
}
