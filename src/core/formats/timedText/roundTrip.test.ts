/**
 * Transcripts out and back in (issue #15): WebVTT and SRT import → export → import give the same
 * segments — times to the millisecond, text byte for byte (markup, character references,
 * right-to-left and combining characters, emoji), speakers, and in WebVTT the word timings.
 * Fixtures: fixtures/text/PROVENANCE.md (hand-written) and fixtures/timed-text/jfk.whisper.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { allAnnotations, setAnnotation, type Scene, type TimeSegment } from '../../schema';
import { exportSrt } from '../srt';
import { exportVtt } from '../vtt';
import { addTimedSegments, readTimedText, type TimedTextFormat } from './index';

const fixture = (p: string) => readFileSync(new URL(`../../../../fixtures/${p}`, import.meta.url), 'utf8');
const VTT = fixture('text/markup.vtt');
const SRT = fixture('text/markup.srt');
const WHISPER = fixture('timed-text/jfk.whisper.json');

// The right-to-left / combining / emoji line of both fixtures, spelled out code point by code point.
const RTL = 'שלום, مرحبا \u200f— A\u030Astro\u0308m cafe\u0301 \u{1F469}\u200D\u{1F469}\u200D\u{1F467} \u{1F697}';
const CODE_SWITCHED = "Let's finalise the timeline by agle mahine";

/** The test scene with its 'mic' recording two hours long, starting at scene time `t0`. */
function scene(t0 = 0): Scene {
  const s = makeTestScene();
  s.streams[2].samples[0].t = t0;
  s.streams[2].samples[0].duration = 7200;
  return s;
}

/** Import `text` as `format` onto the mic of `base`. */
function load(format: TimedTextFormat, text: string, file: string, base = scene()) {
  const timed = readTimedText(format, text, file);
  return addTimedSegments(base, timed.segments, { file, prefix: format, source: timed.source });
}

/** What a transcript segment holds, times in whole milliseconds (the formats' resolution). */
const ms = (t: number) => Math.round(t * 1000);
function segments(s: Scene) {
  return allAnnotations(s)
    .filter((a): a is TimeSegment => a.kind === 'timeSegment' && a.sensor === 'mic' && a.text !== undefined)
    .sort((a, b) => a.start - b.start)
    .map((a) => ({
      start: ms(a.start),
      end: ms(a.end),
      speaker: a.speaker,
      text: a.text,
      words: (a.metadata?.words as { word: string; start: number; end: number }[] | undefined)?.map((w) => ({ word: w.word, start: ms(w.start), end: ms(w.end) })),
    }));
}

describe('WebVTT round trip', () => {
  it('the hand-written cues import to the texts, speakers and words written in the file', () => {
    expect(segments(load('vtt', VTT, 'markup.vtt').scene)).toEqual([
      { start: 1000, end: 3500, speaker: 'Ana', text: 'The <script>alert("x")</script> tag & &amp; stay text', words: undefined },
      {
        start: 3500,
        end: 6250,
        speaker: 'Bob & Co',
        text: 'Hello red car, please',
        // a word runs from its timestamp (the first from the cue start) to the next one (the last to the cue end)
        words: [
          { word: 'Hello ', start: 3500, end: 4000 },
          { word: 'red ', start: 4000, end: 4750 },
          { word: 'car, ', start: 4750, end: 5125 },
          { word: 'please', start: 5125, end: 6250 },
        ],
      },
      { start: 6250, end: 9001, speaker: 'Ana', text: `${RTL}\n${CODE_SWITCHED}`, words: undefined },
      // 01:00:00.000 = 3 600 000 ms; <b> is formatting, its words are text
      { start: 60000, end: 3600000, speaker: undefined, text: '\u{1F600} é <b>not bold</b> bold', words: undefined },
    ]);
  });

  it('import → export → import gives the same segments, and the export escapes exactly & < >', () => {
    // the recording starts at scene time 12.345: cue times are written relative to it
    const first = load('vtt', VTT, 'markup.vtt', scene(12.345));
    const out = exportVtt(first.scene, 'mic');
    expect(out.summary).toEqual({ written: { cues: 4, words: 4 }, dropped: [] });
    // the lines as the fixture writes them (voice class dropped, references for the non-ASCII characters written as the characters)
    expect(out.text).toContain('\n00:00:01.000 --> 00:00:03.500\n<v Ana>The &lt;script&gt;alert("x")&lt;/script&gt; tag &amp; &amp;amp; stay text\n');
    expect(out.text).toContain('\n00:00:03.500 --> 00:00:06.250\n<v Bob &amp; Co>Hello <00:00:04.000>red <00:00:04.750>car, <00:00:05.125>please\n');
    expect(out.text).toContain(`\n00:00:06.250 --> 00:00:09.001\n<v Ana>${RTL}\n${CODE_SWITCHED}\n`);
    expect(out.text).toContain('\n00:01:00.000 --> 01:00:00.000\n\u{1F600} é &lt;b&gt;not bold&lt;/b&gt; bold\n');
    const again = load('vtt', out.text, 'out.vtt', scene(12.345));
    expect(segments(again.scene)).toEqual(segments(first.scene));
    // and a third pass writes the same file
    expect(exportVtt(again.scene, 'mic').text).toBe(out.text);
  });

  it('whisper words go out as cue timestamps where each word begins (before its leading space) and come back with the same strings and starts', () => {
    const first = load('whisper', WHISPER, 'jfk.whisper.json', scene(100));
    const out = exportVtt(first.scene, 'mic');
    // the first cue of fixtures/timed-text/jfk.whisper.json: 0.32–4.26 s, words " And" " so," … " not"
    expect(out.text).toContain(
      '\n00:00:00.320 --> 00:00:04.260\n And<00:00:00.560> so,<00:00:01.260> my<00:00:01.500> fellow<00:00:01.900> Americans,<00:00:03.200> ask<00:00:03.520> not\n',
    );
    // what a timestamp cannot say, counted by hand from the fixture: 22 probabilities; three words end before the
    // next starts (" so," 1.04 < 1.26, " Americans," 2.62 < 3.2, " you," 7.36 < 7.82); each last word ends with its cue
    expect(out.summary.written).toEqual({ cues: 2, words: 22 });
    expect(out.summary.dropped).toEqual([
      { what: 'word end time', count: 3, reason: expect.stringMatching(/read back as ending where the next word starts/) },
      { what: 'word probability', count: 22, reason: expect.stringMatching(/confidence/) },
    ]);
    const back = segments(load('vtt', out.text, 'jfk.vtt', scene(100)).scene);
    const orig = segments(first.scene);
    expect(back.map((s) => s.text)).toEqual([' And so, my fellow Americans, ask not', ' what your country can do for you, ask what you can do for your country.']);
    expect(back.map(({ start, end, text }) => ({ start, end, text }))).toEqual(orig.map(({ start, end, text }) => ({ start, end, text })));
    back.forEach((s, k) => {
      expect(s.words!.map((w) => [w.word, w.start])).toEqual(orig[k].words!.map((w) => [w.word, w.start]));
      expect(s.words!.map((w) => w.word).join('')).toBe(s.text);
    });
    // " so," (100.56–101.04 s in the scene) is read back as ending where " my" starts: 101.26 s
    expect(back[0].words![1]).toEqual({ word: ' so,', start: 100560, end: 101260 });
  });

  it('words that do not spell the text, untimed and out-of-order words are written as well as a cue can and counted', () => {
    const s = scene();
    const seg = (id: string, text: string, words: unknown[]): TimeSegment => ({ id, kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'model', start: 1, end: 2, text, metadata: { words } });
    setAnnotation(s, seg('w1', 'red car', [{ word: 'blue', start: 1, end: 1.5 }, { word: ' car', start: 1.5, end: 2 }]));
    setAnnotation(s, seg('w2', 'a b c', [{ word: 'a', start: 1, end: 1.2 }, { word: ' b' }, { word: ' c', start: 2.5, end: 2.6 }]));
    const out = exportVtt(s, 'mic');
    expect(out.text).toContain('\nw1\n00:00:01.000 --> 00:00:02.000\nred car\n');
    // " b" has no time: no tag (it is read back as part of "a"); " c" at 2.5 s lies after the cue: clamped to its end
    expect(out.text).toContain('\nw2\n00:00:01.000 --> 00:00:02.000\na b<00:00:02.000> c\n');
    expect(out.summary.dropped.map((d) => [d.what, d.count])).toEqual([
      ['word timing', 2],
      ['word timing', 1],
      ['word start time', 1],
      // "a" ends at 1.2 but is read back as ending where " c" starts (2.0); " c" ends at 2.6, after the cue
      ['word end time', 2],
    ]);
  });
});

describe('SRT round trip', () => {
  it('import → export reproduces the hand-written file byte for byte; import → export → import the same segments', () => {
    const first = load('srt', SRT, 'markup.srt', scene(3));
    expect(segments(first.scene)).toEqual([
      // SRT has no escaping: markup and references are the text
      { start: 1000, end: 3500, speaker: undefined, text: '<script>alert("x")</script> & &amp; <i>stay</i> text', words: undefined },
      { start: 3500, end: 6250, speaker: undefined, text: `${RTL}\n${CODE_SWITCHED}`, words: undefined },
      { start: 60000, end: 3600000, speaker: undefined, text: '  two leading spaces, two trailing  \n&#x1F600; {\\an8}--> not a timing line', words: undefined },
    ].map((s) => ({ ...s, start: s.start + 3000, end: s.end + 3000 })));
    const out = exportSrt(first.scene, 'mic');
    expect(out.text).toBe(SRT);
    expect(out.summary).toEqual({ written: { cues: 3 }, dropped: [] });
    expect(segments(load('srt', out.text, 'out.srt', scene(3)).scene)).toEqual(segments(first.scene));
  });

  it('WebVTT → SRT → WebVTT keeps every text byte (SRT needs no escaping), but not speakers or words: counted', () => {
    const fromVtt = load('vtt', VTT, 'markup.vtt');
    const srt = exportSrt(fromVtt.scene, 'mic');
    expect(srt.summary.dropped).toEqual([
      { what: 'speaker label', count: 3, reason: 'SRT has no speaker field (the cue text is written without it)' },
      { what: 'word timing', count: 4, reason: 'SRT has no word timestamps (WebVTT keeps them)' },
    ]);
    const viaSrt = load('srt', srt.text, 'via.srt');
    expect(segments(viaSrt.scene).map((s) => s.text)).toEqual(segments(fromVtt.scene).map((s) => s.text));
    expect(segments(load('vtt', exportVtt(viaSrt.scene, 'mic').text, 'back.vtt').scene).map((s) => s.text)).toEqual(segments(fromVtt.scene).map((s) => s.text));
  });

  it('a segment text an SRT or WebVTT cue cannot hold is reshaped and counted, never silently', () => {
    const s = scene();
    setAnnotation(s, { id: 't', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0.5, end: 1, text: '\nLeft.\n \nNow.\n' });
    const srt = exportSrt(s, 'mic');
    expect(srt.text).toBe('1\n00:00:00,500 --> 00:00:01,000\nLeft.\nNow.\n\n');
    expect(srt.summary.dropped).toEqual([{ what: 'line break', count: 1, reason: expect.stringMatching(/blank line ends an SRT cue/) }]);
    const vtt = exportVtt(s, 'mic');
    expect(vtt.text).toBe('WEBVTT\n\nt\n00:00:00.500 --> 00:00:01.000\nLeft.\nNow.\n');
    expect(vtt.summary.dropped).toEqual([{ what: 'line break', count: 1, reason: expect.stringMatching(/blank line ends a WebVTT cue/) }]);
  });
});
