import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, partitionAnnotations, Scene } from '../../core/schema';
import { formatClock, newSegmentRange, segmentWords, speakerChoices, withWord, TranscriptTimeIndex, transcriptSegments, transcriptSensors, wordAt, wordOffsets } from './TranscriptModel';

/** Two speakers on one microphone, a video with one caption segment, and a segment without text (a plain time label). */
function scene(): Scene {
  return Scene.parse({
    schemaVersion: 3,
    id: 't',
    name: 't',
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'mic', name: 'Mic', kind: 'audio', sampleRate: 16000 },
      { id: 'vid', name: 'Video', kind: 'video', width: 320, height: 240, fps: 25 },
      { id: 'cam', name: 'Cam', kind: 'camera', frame: 'cam', intrinsics: { width: 100, height: 100, fx: 50, fy: 50, cx: 50, cy: 50 } },
    ],
    streams: [
      { id: 'mic', sensor: 'mic', samples: [{ id: 'm0', t: 0, duration: 10 }] },
      { id: 'vid', sensor: 'vid', samples: [{ id: 'v0', t: 0 }] },
      { id: 'cam', sensor: 'cam', samples: [{ id: 'c0', t: 0 }] },
    ],
    objects: {
      alice: { id: 'alice', classId: 'speaker', name: 'Alice' },
      bob: { id: 'bob', classId: 'pedestrian', name: 'Bob' },
      car: { id: 'car', classId: 'car', name: 'Car 1' },
    },
    annotations: partitionAnnotations({
      s2: { id: 's2', kind: 'timeSegment', object: 'bob', sensor: 'mic', start: 1.5, end: 2.5, text: 'me too' },
      s1: { id: 's1', kind: 'timeSegment', object: 'alice', sensor: 'mic', start: 0.5, end: 2, text: 'hello there' },
      s3: { id: 's3', kind: 'timeSegment', object: 'alice', sensor: 'mic', start: 4, end: 5, text: 'bye' },
      plain: { id: 'plain', kind: 'timeSegment', object: 'alice', sensor: 'mic', start: 6, end: 7 },
      v1: { id: 'v1', kind: 'timeSegment', object: 'alice', sensor: 'vid', start: 0, end: 1, text: 'caption' },
    }),
  });
}

describe('transcript segments and sensors', () => {
  it('lists the text-bearing segments of one sensor by start time, and the audio/video sensors with their counts', () => {
    const s = scene();
    expect(transcriptSegments(s, 'mic').map((x) => x.id)).toEqual(['s1', 's2', 's3']);
    expect(transcriptSegments(s, 'vid').map((x) => x.id)).toEqual(['v1']);
    expect(transcriptSensors(s)).toEqual([
      { id: 'mic', name: 'Mic', kind: 'audio', segments: 3 },
      { id: 'vid', name: 'Video', kind: 'video', segments: 1 },
    ]);
  });
});

describe('TranscriptTimeIndex', () => {
  const segs = [
    { id: 'a', start: 0.5, end: 2 },
    { id: 'b', start: 1.5, end: 2.5 },
    { id: 'long', start: 1.6, end: 9 },
    { id: 'c', start: 4, end: 5 },
  ];
  const ix = new TranscriptTimeIndex(segs);
  it('finds every segment holding t, overlaps included, half-open at the end', () => {
    expect(ix.activeAt(0)).toEqual([]);
    expect(ix.activeAt(0.5)).toEqual([0]);
    expect(ix.activeAt(1.7)).toEqual([0, 1, 2]);
    expect(ix.activeAt(2)).toEqual([1, 2]); // a ends at 2: no longer under the playhead
    expect(ix.activeAt(3)).toEqual([2]); // only the long one, though b started later than a
    expect(ix.activeAt(4.5)).toEqual([2, 3]);
    expect(ix.activeAt(9)).toEqual([]);
    expect(ix.activeKey(4.5)).toBe('long c');
    expect(ix.activeKey(3)).toBe('long');
  });
  it('agrees with a linear scan at many times', () => {
    for (let t = -1; t <= 10; t += 0.05) {
      const expected = segs.flatMap((s, i) => (s.start <= t && t < s.end ? [i] : []));
      expect(ix.activeAt(t)).toEqual(expected);
    }
  });
  it('refuses unsorted segments', () => {
    expect(() => new TranscriptTimeIndex([segs[1], segs[0]])).toThrow(/sorted by start/);
  });
});

describe('timed words', () => {
  // whisper-style words: leading spaces, a repeated word, one word edited out of the text since
  const words = [
    { word: ' the', start: 1, end: 1.2 },
    { word: ' cat', start: 1.2, end: 1.5 },
    { word: ' saw', start: 1.6, end: 1.8 },
    { word: ' the', start: 1.8, end: 1.9 },
    { word: ' dog', start: 1.9, end: 2.3 },
  ];
  it('reads metadata.words, skipping malformed entries', () => {
    expect(segmentWords({ metadata: { words: [...words, { word: 3 }, null] } })).toHaveLength(5);
    expect(segmentWords({})).toEqual([]);
    expect(segmentWords({ metadata: { words: 'nope' } })).toEqual([]);
  });
  it('finds the word under t, none in the gaps', () => {
    expect(wordAt(words, 0.5)).toBe(-1);
    expect(wordAt(words, 1)).toBe(0);
    expect(wordAt(words, 1.55)).toBe(-1); // between "cat" (ends 1.5) and "saw" (starts 1.6)
    expect(wordAt(words, 1.85)).toBe(3);
    expect(wordAt(words, 2.3)).toBe(-1);
  });
  it('maps words to their place in the text in order, ignoring case; a word edited away to null', () => {
    // "The" was capitalised and "dog" replaced by "bird" after the words were timed
    expect(wordOffsets('The cat saw the bird', words)).toEqual([{ start: 0, end: 3 }, { start: 4, end: 7 }, { start: 8, end: 11 }, { start: 12, end: 15 }, null]);
    // a missing word does not stop the ones after it: "cat" is gone, "saw" still found
    expect(wordOffsets('the saw the dog', words)).toEqual([{ start: 0, end: 3 }, null, { start: 4, end: 7 }, { start: 8, end: 11 }, { start: 12, end: 15 }]);
  });
  it('maps whisper words onto their own concatenation exactly', () => {
    const text = 'the cat saw the dog';
    expect(wordOffsets(text, words)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 11 },
      { start: 12, end: 15 },
      { start: 16, end: 19 },
    ]);
  });
});

describe('withWord', () => {
  it('cuts the runs at the current word and marks the pieces inside it', () => {
    const runs = [
      { start: 0, end: 4, marks: [] },
      { start: 4, end: 11, marks: ['span'] },
      { start: 11, end: 16, marks: [] },
    ];
    // the word [8, 13) straddles the span's end
    expect(withWord(runs, { start: 8, end: 13 }).map((r) => [r.start, r.end, r.marks.length, r.inWord])).toEqual([
      [0, 4, 0, false],
      [4, 8, 1, false],
      [8, 11, 1, true],
      [11, 13, 0, true],
      [13, 16, 0, false],
    ]);
    expect(withWord(runs, null).every((r) => !r.inWord)).toBe(true);
    expect(withWord(runs, null)).toHaveLength(3);
  });
});

describe('speakers and new segments', () => {
  it('offers objects of classes allowed on audio or video, by name', () => {
    // speaker (audio, video, text), pedestrian and car (video among theirs) all qualify in the default taxonomy
    expect(speakerChoices(scene()).map((o) => o.id)).toEqual(['alice', 'bob', 'car']);
    const s = scene();
    const noVideo = { ...s, taxonomy: { ...s.taxonomy, classes: s.taxonomy.classes.map((c) => (c.id === 'car' ? { ...c, modalities: ['camera' as const, 'lidar' as const] } : c)) } };
    expect(speakerChoices(noVideo).map((o) => o.id)).toEqual(['alice', 'bob']);
  });
  it('a new segment is 2 s, cut by the speaker’s next segment and the scene end', () => {
    const segs = [
      { start: 0.5, end: 2, object: 'alice' },
      { start: 4, end: 5, object: 'alice' },
      { start: 3, end: 3.5, object: 'bob' },
    ];
    expect(newSegmentRange(segs, 'alice', 2.5, 10)).toEqual({ start: 2.5, end: 4 });
    expect(newSegmentRange(segs, 'bob', 0, 10)).toEqual({ start: 0, end: 2 });
    expect(newSegmentRange(segs, 'alice', 9, 10)).toEqual({ start: 9, end: 10 });
    expect(newSegmentRange(segs, 'alice', 3.95, 10)).toBeNull();
  });
  it('formats a clock in minutes, seconds and hundredths', () => {
    expect(formatClock(0)).toBe('0:00.00');
    expect(formatClock(62.345)).toBe('1:02.35');
    expect(formatClock(59.999)).toBe('1:00.00');
    expect(formatClock(-1)).toBe('0:00.00');
  });
});
