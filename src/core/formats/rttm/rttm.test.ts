import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { exportRttm, importRttm, parseRttm, segmentsOf } from './index';
import { setAnnotation } from '../../schema';

// The real pyannote-audio sample diarization (fixtures/exchange/PROVENANCE.md).
const SAMPLE = readFileSync(new URL('../../../../fixtures/exchange/sample.rttm', import.meta.url), 'utf8');

describe('parseRttm', () => {
  it('reads the pyannote sample: 10 turns of speaker90 / speaker91', () => {
    const turns = parseRttm(SAMPLE, 'sample.rttm');
    expect(turns).toHaveLength(10);
    expect(new Set(turns.map((t) => t.speaker))).toEqual(new Set(['speaker90', 'speaker91']));
    // first line of the file: SPEAKER sample 1 6.690 0.430 <NA> <NA> speaker90 <NA> <NA>
    expect(turns[0]).toEqual({ fileId: 'sample', channel: 1, onset: 6.69, duration: 0.43, speaker: 'speaker90', line: 1 });
    // speaker90 talks in lines 1,3,5,7,10: 0.43 + 1.70 + 4.13 + 3.44 + 2.15 = 11.85 s (summed by hand)
    const total = turns.filter((t) => t.speaker === 'speaker90').reduce((s, t) => s + t.duration, 0);
    expect(total).toBeCloseTo(11.85, 9);
  });

  it('skips comments and other record types; names file and line of a bad SPEAKER line', () => {
    expect(parseRttm(';; comment\nSPKR-INFO f 1 <NA> <NA> <NA> adult_male s1 <NA> <NA>\n\n', 'x.rttm')).toEqual([]);
    expect(() => parseRttm('SPEAKER f 1 1.0 0.5 <NA> <NA> s1 <NA> <NA>\nSPEAKER f 1 x 0.5 <NA> <NA> s1 <NA> <NA>', 'x.rttm')).toThrow(/^x\.rttm:2: field 4 \(onset\) is not a number: "x"/);
    expect(() => parseRttm('SPEAKER f 1 1.0 0.5 s1', 'y.rttm')).toThrow(/^y\.rttm:1: a SPEAKER line has 10 space-separated fields, found 6/);
    expect(() => parseRttm('SPEAKER f 1 1.0 -0.5 <NA> <NA> s1 <NA> <NA>', 'z.rttm')).toThrow(/^z\.rttm:1: duration must be >= 0/);
  });
});

describe('RTTM ↔ scene', () => {
  it('parse → scene segments → export reproduces the file, also with the audio starting at t = 100 s', () => {
    for (const t0 of [0, 100]) {
      const base = makeTestScene();
      base.streams[2].samples[0].t = t0;
      const { scene, summary } = importRttm(base, parseRttm(SAMPLE, 'sample.rttm'), { sensor: 'mic' });
      expect(summary.written).toEqual({ objects: 2, timeSegment: 10 });
      const segs = segmentsOf(scene, 'mic');
      expect(segs[0]).toMatchObject({ speaker: 'speaker90', source: 'imported' });
      expect(segs[0].start).toBeCloseTo(t0 + 6.69, 9);
      expect(segs[0].end).toBeCloseTo(t0 + 7.12, 9);
      expect(scene.objects[segs[0].object]).toMatchObject({ classId: 'speaker', name: 'speaker90' });
      const out = exportRttm(scene, 'mic', 'sample');
      expect(out.text).toBe(SAMPLE);
      expect(out.summary).toEqual({ written: { turns: 10 }, dropped: [] });
    }
  });

  it('counts segments without a speaker as dropped and refuses non-audio sensors', () => {
    const base = makeTestScene();
    setAnnotation(base, { id: 't1', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0.25, end: 0.5 });
    setAnnotation(base, { id: 't2', kind: 'timeSegment', object: 'o4', sensor: 'mic', source: 'manual', start: 0.5, end: 0.75, speaker: 'Driver One' });
    const out = exportRttm(base, 'mic', 'drive');
    expect(out.text).toBe('SPEAKER drive 1 0.500 0.250 <NA> <NA> Driver_One <NA> <NA>\n');
    expect(out.summary.dropped).toEqual([{ what: 'timeSegment', count: 1, reason: 'RTTM turns need a speaker label' }]);
    expect(() => exportRttm(base, 'cam', 'drive')).toThrow(/not an audio or video sensor/);
  });
});
