import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPatches, execute } from '../../commands/command';
import { importLabels } from '../../commands/imports';
import { makeTestScene } from '../../commands/testScene';
import { allAnnotations, setAnnotation, type Scene, type TimeSegment } from '../../schema';
import { addTimedSegments, readTimedText, timedTextFormatOfPath } from './index';

const fixture = (p: string) => readFileSync(new URL(`../../../../fixtures/${p}`, import.meta.url), 'utf8');
const STM = fixture('timed-text/sample.stm');
const RTTM = fixture('exchange/sample.rttm');
const WHISPER = fixture('timed-text/jfk.whisper.json');

/** The test scene with its 'mic' recording 30 s long, starting at scene time `t0`. */
function scene30(t0 = 0): Scene {
  const s = makeTestScene();
  s.streams[2].samples[0].t = t0;
  s.streams[2].samples[0].duration = 30;
  return s;
}
const segs = (s: Scene, sensor = 'mic') => allAnnotations(s).filter((a): a is TimeSegment => a.kind === 'timeSegment' && a.sensor === sensor);

describe('addTimedSegments', () => {
  it('puts the pyannote STM on the audio clock: one speaker object per label, text as written', () => {
    const base = scene30(100);
    const before = JSON.stringify(base);
    const stm = readTimedText('stm', STM, 'sample.stm');
    const r = addTimedSegments(base, stm.segments, { file: 'sample.stm', prefix: 'stm' });
    expect(JSON.stringify(base)).toBe(before); // pure
    expect(r.sensor).toBe('mic');
    expect(r.origin).toBe(100);
    expect(r.objects.map((o) => [o.name, o.classId])).toEqual([['Diane', 'speaker'], ['Sheila', 'speaker']]);
    expect(r.summary.written).toEqual({ objects: 2, timeSegment: 13, words: 0 });
    expect(r.warnings).toEqual([]);
    // each line of the file, read here with a plain split, is one segment at 100 s + its times
    const lines = STM.split('\n').filter(Boolean).map((l) => l.split(' '));
    const got = segs(r.scene).sort((a, b) => a.start - b.start);
    expect(got).toHaveLength(lines.length);
    got.forEach((a, k) => {
      const [, , speaker, b, e, ...words] = lines[k];
      expect(a.start).toBeCloseTo(100 + Number(b), 9);
      expect(a.end).toBeCloseTo(100 + Number(e), 9);
      expect(a).toMatchObject({ speaker, text: words.join(' '), source: 'imported' });
      expect(r.scene.objects[a.object].name).toBe(speaker);
    });
  });

  it('STM and RTTM of the same recording land on the same clock: every STM line overlaps most with its RTTM speaker', () => {
    const withRttm = addTimedSegments(scene30(7), readTimedText('rttm', RTTM, 'sample.rttm').segments, { file: 'sample.rttm', prefix: 'rttm' });
    const both = addTimedSegments(withRttm.scene, readTimedText('stm', STM, 'sample.stm').segments, { file: 'sample.stm', prefix: 'stm' });
    const all = segs(both.scene);
    const turns = all.filter((a) => a.id.startsWith('rttm_'));
    const pairs = new Set<string>();
    for (const s of all.filter((a) => a.id.startsWith('stm_'))) {
      const overlap = new Map<string, number>();
      for (const t of turns) overlap.set(t.speaker!, (overlap.get(t.speaker!) ?? 0) + Math.max(0, Math.min(s.end, t.end) - Math.max(s.start, t.start)));
      pairs.add(`${s.speaker}→${[...overlap].sort((a, b) => b[1] - a[1])[0][0]}`);
    }
    // fixtures/timed-text/PROVENANCE.md: the same pairing for all 13 lines
    expect([...pairs].sort()).toEqual(['Diane→speaker90', 'Sheila→speaker91']);
  });

  it('reuses speakers the scene knows: by a segment\'s speaker label, else by object name, only in a class allowed on audio', () => {
    const base = scene30();
    // o4 "Driver" (class speaker) already speaks as "spk_1" on the mic
    setAnnotation(base, { id: 'old', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0, end: 1, speaker: 'spk_1' });
    // a pedestrian named "Diane" cannot carry audio labels (its class has no audio modality)
    base.objects.o2.name = 'Diane';
    const text = 'x 1 spk_1 1 2 hello\nx 1 Driver 2 3 left\nx 1 Diane 3 4 hi\nx 1 spk_1 4 5 again\n';
    const r = addTimedSegments(base, readTimedText('stm', text, 'x.stm').segments, { file: 'x.stm', prefix: 'stm' });
    expect(r.speakers).toEqual({ spk_1: 'o4', Driver: 'o4', Diane: 'stm_Diane' });
    expect(r.reused).toEqual(['o4']);
    expect(r.objects).toEqual([{ id: 'stm_Diane', classId: 'speaker', name: 'Diane', attributes: {} }]);
    // a second import of the same speakers adds no objects
    const again = addTimedSegments(r.scene, readTimedText('stm', text, 'x.stm').segments, { file: 'x.stm', prefix: 'stm' });
    expect(again.objects).toEqual([]);
    expect(new Set(again.annotations.map((a) => a.id)).size).toBe(4);
    expect(again.annotations.every((a) => !(a.id in r.scene.annotations))).toBe(true);
  });

  it('keeps whisper word timings in metadata on the scene clock, with --offset, as model output', () => {
    const w = readTimedText('whisper', WHISPER, 'jfk.whisper.json');
    const r = addTimedSegments(scene30(2), w.segments, { file: 'jfk.whisper.json', prefix: 'whisper', source: w.source, offset: 1.5 });
    const raw = JSON.parse(WHISPER) as { segments: { start: number; end: number; text: string; avg_logprob: number; words: { word: string; start: number; end: number; probability: number }[] }[] };
    expect(r.origin).toBe(3.5);
    expect(r.summary.written).toEqual({ objects: 1, timeSegment: 2, words: 22 });
    expect(r.objects[0].name).toBe('Unattributed');
    const got = segs(r.scene).sort((a, b) => a.start - b.start);
    got.forEach((a, k) => {
      const s = raw.segments[k];
      expect(a).toMatchObject({ source: 'model', text: s.text });
      expect(a.start).toBeCloseTo(3.5 + s.start, 9);
      expect(a.score).toBeCloseTo(Math.exp(s.avg_logprob), 12);
      const words = a.metadata!.words as { word: string; start: number; end: number; probability: number }[];
      expect(words.map((x) => x.word)).toEqual(s.words.map((x) => x.word));
      words.forEach((x, j) => {
        expect(x.start).toBeCloseTo(3.5 + s.words[j].start, 9);
        expect(x.end).toBeCloseTo(3.5 + s.words[j].end, 9);
        expect(x.probability).toBe(s.words[j].probability);
      });
    });
    expect(got[0].metadata!.whisper).toEqual({ id: 0, avg_logprob: -0.18, no_speech_prob: 0.011, compression_ratio: 1.19, temperature: 0 });
  });

  it('is one undoable command: the import\'s inverse patches give back the scene', () => {
    const base = scene30();
    const r = addTimedSegments(base, readTimedText('stm', STM, 'sample.stm').segments, { file: 'sample.stm', prefix: 'stm' });
    const { next, inverse } = execute(base, importLabels, { objects: r.objects, annotations: r.annotations });
    expect(JSON.stringify(next)).toBe(JSON.stringify(r.scene));
    expect(JSON.stringify(applyPatches(next, inverse))).toBe(JSON.stringify(base));
  });

  it('picks the sensor and names the file when it cannot', () => {
    const video = scene30();
    video.sensors.push({ id: 'clip', name: 'Clip', kind: 'video', frameRate: 25 } as Scene['sensors'][number]);
    video.streams.push({ id: 'clip', sensor: 'clip', offset: 0.25, drift: 0, samples: [{ id: 'v0', t: 1 }] });
    const seg = [{ start: 0, end: 0.5, speaker: 'A', text: 'hi' }];
    expect(addTimedSegments(video, seg, { file: 'a.vtt', prefix: 'vtt' }).sensor).toBe('mic');
    // the video's first frame at t = 1 plus its stream offset 0.25
    expect(addTimedSegments(video, seg, { file: 'a.vtt', prefix: 'vtt', sensor: 'clip' }).annotations[0]).toMatchObject({ sensor: 'clip', start: 1.25, end: 1.75 });
    expect(() => addTimedSegments(video, seg, { file: 'a.vtt', prefix: 'vtt', sensor: 'cam' })).toThrow(/^a\.vtt: sensor "cam" is a camera sensor; timed segments go on an audio or video sensor \(its audio\/video sensors: mic, clip\)/);
    expect(() => addTimedSegments(video, seg, { file: 'a.vtt', prefix: 'vtt', sensor: 'nope' })).toThrow(/^a\.vtt: scene "test" has no sensor "nope"/);
    const silent = scene30();
    silent.sensors = silent.sensors.filter((s) => s.id !== 'mic');
    silent.streams = silent.streams.filter((s) => s.sensor !== 'mic');
    expect(() => addTimedSegments(silent, seg, { file: 'a.vtt', prefix: 'vtt' })).toThrow(/^a\.vtt: scene "test" has no audio or video sensor/);
  });

  it('finds a speaker class by name or synonym, and says when the taxonomy has none', () => {
    const s = scene30();
    s.taxonomy.classes = s.taxonomy.classes.filter((c) => c.id !== 'speaker');
    delete s.objects.o4;
    const seg = [{ start: 0, end: 0.5, speaker: 'A' }];
    expect(() => addTimedSegments(s, seg, { file: 'a.rttm', prefix: 'rttm' })).toThrow(/^a\.rttm: taxonomy "crosslabel-driving" has no class for speakers that may be labelled in audio/);
    s.taxonomy.classes.push({ id: 'human_voice', name: 'Human voice', color: '#ffffff', synonyms: ['voice'], attributes: [], modalities: ['audio'], deprecated: false });
    expect(addTimedSegments(s, seg, { file: 'a.rttm', prefix: 'rttm' }).objects[0].classId).toBe('human_voice');
  });

  it('warns about segments outside the media', () => {
    const s = scene30(0);
    s.streams[2].samples[0].duration = 10;
    const r = addTimedSegments(s, readTimedText('stm', STM, 'sample.stm').segments, { file: 'sample.stm', prefix: 'stm', offset: -7 });
    // with −7 s: the first line (6.68 s) starts before the audio; after +(−7) the lines ending past 17 s end after its 10 s
    const ends = STM.split('\n').filter(Boolean).map((l) => Number(l.split(' ')[4]) - 7);
    expect(r.warnings).toEqual([`sample.stm: 1 segment starts before the media of "mic" (t = 0 s)`, `sample.stm: ${ends.filter((e) => e > 10).length} segments end after the media of "mic" (t = 10 s)`]);
  });
});

describe('readTimedText', () => {
  it('knows the formats by file name', () => {
    expect(['a.RTTM', 'b.vtt', 'c.srt', 'd.stm', 'e.json', 'f.txt'].map(timedTextFormatOfPath)).toEqual(['rttm', 'vtt', 'srt', 'stm', 'whisper', undefined]);
  });

  it('reports STM non-speech lines as not imported and WhisperX words without times', () => {
    const stm = readTimedText('stm', 'f 1 A 0 1 hi\nf 1 inter_segment_gap 1 2\nf 1 excluded_region 2 3 ignore_time_segment_in_scoring\n', 'g.stm');
    expect(stm.segments).toEqual([{ start: 0, end: 1, speaker: 'A', text: 'hi', line: 1 }]);
    expect(stm.dropped).toEqual([{ what: 'STM line', count: 2, reason: 'speaker inter_segment_gap / excluded_region marks a region that is not speech' }]);
    const wx = readTimedText('whisper', JSON.stringify({ segments: [{ start: 1, end: 2, text: ' in 1961', speaker: 'SPEAKER_00', words: [{ word: 'in', start: 1, end: 1.2, score: 0.9, speaker: 'SPEAKER_00' }, { word: '1961' }] }], language: 'en' }), 'wx.json');
    expect(wx.segments[0]).toMatchObject({ speaker: 'SPEAKER_00', text: ' in 1961', words: [{ word: 'in', start: 1, end: 1.2, probability: 0.9 }, { word: '1961' }] });
    expect(wx.warnings).toEqual(['wx.json: 1 word has no start/end (not aligned); kept in their segment without times']);
  });
});
