import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { setAnnotation } from '../../schema';
import { parseVtt } from '../vtt';
import { exportSrt, formatSrtTime, parseSrt, parseSrtTime } from './index';

// A real subtitle stream (public/demo/talking/PROVENANCE.md) and the WebVTT made from it (same cues, text unchanged).
const demo = (name: string) => readFileSync(new URL(`../../../../public/demo/talking/${name}`, import.meta.url), 'utf8');
const NASA_SRT = demo('nasa_13013.srt');
const NASA_VTT = demo('nasa_13013.vtt');

describe('parseSrt', () => {
  it('reads the NASA subtitle stream: the same cues as its WebVTT conversion, text byte for byte', () => {
    const cues = parseSrt(NASA_SRT, 'nasa_13013.srt');
    const vtt = parseVtt(NASA_VTT, 'nasa_13013.vtt');
    expect(cues.map((c) => c.index)).toEqual([1, 2, 3, 4]);
    expect(cues.map(({ start, end, text }) => ({ start, end, text }))).toEqual(vtt.map(({ start, end, text }) => ({ start, end, text })));
    // 00:00:08,350 = 8.35 s; the right single quotation mark (U+2019, bytes E2 80 99 in the file) is kept
    expect(cues[2]).toEqual({ index: 3, start: 8.35, end: 12.47, text: 'at NASA\u2019s Goddard Space Flight Center in Greenbelt, Maryland.', line: 10 });
    // the speaker tag inside the text is text: SRT has no speaker field
    expect(cues[0].text).toBe('NAR: This is the optical and science segment of the Webb');
  });

  it('reads a BOM and CRLF line ends, multi-line cues, markup and a missing index, keeping the text as written', () => {
    const lf = NASA_SRT.replace(/\n$/, '');
    expect(parseSrt(`\uFEFF${lf.replace(/\n/g, '\r\n')}\r\n`, 'a.srt')).toEqual(parseSrt(NASA_SRT, 'a.srt'));
    const text = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500 X1:10 X2:100 Y1:5 Y2:50\r\n<i>First line</i>\r\n  Second LINE  \r\n\r\n\r\n00:01:02.003 --> 01:00:00,000\r\n{\\an8}¿Qué tal? OK\r\n';
    expect(parseSrt(text, 'b.srt')).toEqual([
      { index: 1, start: 1, end: 2.5, position: 'X1:10 X2:100 Y1:5 Y2:50', text: '<i>First line</i>\n  Second LINE  ', line: 2 },
      // no index line; a period before the milliseconds is accepted; 01:00:00,000 = 3600 s
      { start: 62.003, end: 3600, text: '{\\an8}¿Qué tal? OK', line: 7 },
    ]);
  });

  it('converts times both ways', () => {
    expect(parseSrtTime('00:00:04,260')).toBe(4.26);
    expect(parseSrtTime('00:00:04,26')).toBeUndefined();
    expect(parseSrtTime('00:61:00,000')).toBeUndefined();
    expect(formatSrtTime(3723.4567)).toBe('01:02:03,457'); // 1 h 2 min 3.4567 s
    expect(formatSrtTime(0.21)).toBe('00:00:00,210');
  });

  it('names the file and line of malformed input', () => {
    expect(() => parseSrt('1\n00:00:01,000 -> 00:00:02,000\nx\n', 'a.srt')).toThrow(/^a\.srt:2: cue 1: expected a timing line/);
    expect(() => parseSrt('1\n00:00:01,000 --> 00:00:02\nx\n', 'b.srt')).toThrow(/^b\.srt:2: malformed timestamp "00:00:02" \(expected HH:MM:SS,mmm\)/);
    expect(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\nx\n\nhello\n', 'c.srt')).toThrow(/^c\.srt:5: expected a cue number or a timing line/);
    expect(() => parseSrt('\n\n7\n00:00:03,000 --> 00:00:02,000\n', 'd.srt')).toThrow(/^d\.srt:4: cue ends \(00:00:02,000\) before it starts/);
    expect(() => parseSrt('1\n00:00:01,000 -->\nx\n', 'e.srt')).toThrow(/^e\.srt:2: malformed timing line/);
  });
});

describe('exportSrt', () => {
  it('writes numbered cues relative to the audio start, and re-reads to the same cues', () => {
    const base = makeTestScene();
    base.streams[2].samples[0].t = 5;
    const cues = parseSrt(NASA_SRT, 'nasa_13013.srt');
    cues.forEach((c, k) => setAnnotation(base, { id: `s${k}`, kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'imported', start: 5 + c.start, end: 5 + c.end, text: c.text }));
    const out = exportSrt(base, 'mic');
    expect(out.summary).toEqual({ written: { cues: 4 }, dropped: [] });
    // the real file (written by ffmpeg) uses LF and ends every cue with a blank line: the export writes the same bytes
    expect(out.text).toBe(NASA_SRT);
    expect(parseSrt(out.text, 'out.srt')).toEqual(cues);
  });

  it('counts what SRT cannot hold: segments without text, before the media, speaker labels', () => {
    const base = makeTestScene();
    setAnnotation(base, { id: 't1', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0.25, end: 0.5 });
    setAnnotation(base, { id: 't2', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0.5, end: 0.75, speaker: 'Driver', text: 'Left.\n\nNow.' });
    setAnnotation(base, { id: 't3', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: -1, end: 0.1, text: 'early' });
    const out = exportSrt(base, 'mic');
    expect(out.text).toBe('1\n00:00:00,500 --> 00:00:00,750\nLeft.\nNow.\n\n');
    expect(out.summary.dropped).toEqual([
      { what: 'timeSegment', count: 1, reason: 'an SRT cue needs text' },
      { what: 'timeSegment', count: 1, reason: 'starts before the media file (negative cue time)' },
      { what: 'speaker label', count: 1, reason: 'SRT has no speaker field (the cue text is written without it)' },
      { what: 'line break', count: 1, reason: 'a blank line ends an SRT cue: blank lines inside a text are collapsed, line breaks at its ends dropped' },
    ]);
  });
});
