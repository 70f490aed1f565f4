import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { segmentsOf } from '../rttm';
import { exportVtt, formatVttTime, importVtt, parseVtt, parseVttTime } from './index';
import { setAnnotation } from '../../schema';

// Hand-written to exercise the WebVTT features in FORMATS.md §8: header text, NOTE block, cue ids,
// optional hours, cue settings, voice spans (with a class), markup and character references.
const VTT = `WEBVTT - dashcam transcript
Kind: captions

NOTE recorded in the car,
two speakers

intro
00:00:01.000 --> 00:00:04.250 align:start position:10%
<v Driver>Turn left at the light.

01:02.500 --> 01:05.000
<v.loud Passenger>Watch the <b>cyclist</b> &amp; the bus!
Now.

01:00:00.001 --> 01:00:02.000
Engine noise
`;

describe('parseVtt', () => {
  it('reads cues with ids, settings, voices, optional hours and skips NOTE blocks', () => {
    const cues = parseVtt(VTT, 'drive.vtt');
    expect(cues).toEqual([
      { id: 'intro', start: 1, end: 4.25, settings: 'align:start position:10%', voice: 'Driver', text: 'Turn left at the light.', line: 8 },
      // 01:02.500 = 62.5 s (hand-computed); tags dropped, &amp; decoded, lines kept
      { start: 62.5, end: 65, voice: 'Passenger', text: 'Watch the cyclist & the bus!\nNow.', line: 11 },
      { start: 3600.001, end: 3602, text: 'Engine noise', line: 15 },
    ]);
  });

  it('cuts a cue at its timestamp tags into timed words whose text joins to the cue text', () => {
    const [a, b] = parseVtt('WEBVTT\n\n00:01.000 --> 00:03.000\n<00:01.500>Never <i>drink</i> <00:02.000><00:02.250>liquid\n\n00:04.000 --> 00:05.000\nplain\n', 'k.vtt');
    // an empty piece (the text starts with a tag; two tags in a row) is no word
    expect(a.words).toEqual([
      { word: 'Never drink ', start: 1.5, end: 2.25 },
      { word: 'liquid', start: 2.25, end: 3 },
    ]);
    expect(a.text).toBe('Never drink liquid');
    expect(b.words).toBeUndefined();
  });

  it('converts times both ways', () => {
    expect(parseVttTime('00:01.000')).toBe(1);
    expect(parseVttTime('1:00.000')).toBeUndefined(); // minutes need two digits
    expect(parseVttTime('00:00:01,000')).toBeUndefined(); // SRT comma
    expect(formatVttTime(3723.4567)).toBe('01:02:03.457'); // 1 h 2 min 3.4567 s
  });

  it('names file and line of malformed input', () => {
    expect(() => parseVtt('WEBVTTX\n', 'a.vtt')).toThrow(/^a\.vtt:1: a WebVTT file starts with the line "WEBVTT"/);
    expect(() => parseVtt('WEBVTT\n\n00:01.000 --> 00:02,000\nhi\n', 'b.vtt')).toThrow(/^b\.vtt:3: malformed timestamp "00:02,000" \(expected \[HH:\]MM:SS\.mmm\)/);
    expect(() => parseVtt('WEBVTT\n\nid\n00:01.000 -> 00:02.000\n', 'c.vtt')).toThrow(/^c\.vtt:3: expected a cue timing line/);
    expect(() => parseVtt('WEBVTT\n\n\n00:03.000 --> 00:02.000\nx\n', 'd.vtt')).toThrow(/^d\.vtt:4: cue ends \(00:02\.000\) before it starts/);
    expect(() => parseVtt('WEBVTT\n\n00:01.000 --> \nx\n', 'e.vtt')).toThrow(/^e\.vtt:3: malformed cue timing line/);
  });
});

describe('WebVTT ↔ scene', () => {
  it('round-trips cues through scene time segments (audio starting at t = 5 s)', () => {
    const base = makeTestScene();
    base.streams[2].samples[0].t = 5;
    const cues = parseVtt(VTT, 'drive.vtt');
    const { scene, summary } = importVtt(base, cues, { sensor: 'mic' });
    // 'Driver' reuses the test scene's speaker object o4; Passenger and Unattributed are new
    expect(summary.written).toEqual({ objects: 2, timeSegment: 3, words: 0 });
    const segs = segmentsOf(scene, 'mic');
    expect(segs[0].object).toBe('o4');
    expect(segs[1]).toMatchObject({ start: 67.5, end: 70, speaker: 'Passenger', text: 'Watch the cyclist & the bus!\nNow.' });
    const out = exportVtt(scene, 'mic');
    expect(out.summary).toEqual({ written: { cues: 3 }, dropped: [] });
    expect(out.text).toContain(`\n${segs[1].id}\n00:01:02.500 --> 00:01:05.000\n<v Passenger>Watch the cyclist &amp; the bus!\nNow.\n`);
    const back = parseVtt(out.text, 'out.vtt').map(({ start, end, voice, text }) => ({ start, end, voice, text }));
    expect(back).toEqual(cues.map(({ start, end, voice, text }) => ({ start, end, voice, text })));
  });

  it('counts segments without text as dropped', () => {
    const base = makeTestScene();
    setAnnotation(base, { id: 't1', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0.25, end: 0.5, speaker: 'Driver' });
    const out = exportVtt(base, 'mic');
    expect(out.text).toBe('WEBVTT\n');
    expect(out.summary.dropped).toEqual([{ what: 'timeSegment', count: 1, reason: 'a WebVTT cue needs text' }]);
  });
});
