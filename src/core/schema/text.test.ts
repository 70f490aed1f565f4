/** Schema rules for text (#15): span hosts, document references, comparisons. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, partitionAnnotations, partitionOf, Scene, spansOfHost, validateScene, type SceneInput } from './index';

function scene(): SceneInput {
  const annotations = partitionAnnotations([
    { id: 'b1', kind: 'box2d', object: 'car', sensor: 'cam', sample: 'cam/0', x0: 10, y0: 20, x1: 110, y1: 90 },
    { id: 'seg1', kind: 'timeSegment', object: 'spk', sensor: 'mic', start: 0.5, end: 2, text: 'Look at that car.' },
    { id: 'sp1', kind: 'textSpan', object: 'car', segment: 'seg1', start: 13, end: 16 },
    { id: 'sp2', kind: 'textSpan', object: 'car', document: 'cap', start: 4, end: 7, language: 'en' },
  ]);
  return {
    schemaVersion: 3,
    id: 's',
    name: 'text scene',
    taxonomy: DEFAULT_TAXONOMY,
    sensors: [
      { id: 'cam', name: 'cam', kind: 'camera', frame: 'cam', intrinsics: { width: 640, height: 480, fx: 500, fy: 500, cx: 320, cy: 240 } },
      { id: 'mic', name: 'mic', kind: 'audio', sampleRate: 16000 },
    ],
    streams: [
      { id: 'cam', sensor: 'cam', samples: [{ id: 'cam/0', t: 0, uri: 'a.jpg' }] },
      { id: 'mic', sensor: 'mic', samples: [{ id: 'mic/0', t: 0, duration: 5, uri: 'a.wav' }] },
    ],
    objects: { car: { id: 'car', classId: 'car' }, spk: { id: 'spk', classId: 'speaker' } },
    annotations,
    documents: [
      { id: 'cap', kind: 'caption', sensor: 'cam', sample: 'cam/0', text: 'The car is parked.' },
      { id: 'q', kind: 'prompt', text: 'Describe the image.' },
      { id: 'r1', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'cam/0', text: 'A car.' },
      { id: 'r2', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'cam/0', text: 'A dog.' },
    ],
    comparisons: { c1: { id: 'c1', sensor: 'cam', sample: 'cam/0', prompt: 'q', candidates: ['r1', 'r2'], ranking: ['r1', 'r2'], reason: 'no dog in the image' } },
  };
}

const messages = (input: unknown): string[] => {
  const r = validateScene(input);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('text in the scene schema', () => {
  it('accepts spans in documents and in transcript segments, filed by host', () => {
    const s = Scene.parse(scene());
    expect(Object.keys(s.annotations).sort()).toEqual(['cam/0', 'document:cap', 'segment:seg1', 'sensor:mic']);
    expect(spansOfHost(s, { segment: 'seg1' }).map((a) => a.id)).toEqual(['sp1']);
    expect(spansOfHost(s, { document: 'cap' }).map((a) => a.id)).toEqual(['sp2']);
    expect(partitionOf({ kind: 'textSpan', segment: 'x' })).toBe('segment:x');
  });

  it('a span lies in exactly one host, and a segment host must be a time segment', () => {
    const both = scene();
    (both.annotations['segment:seg1'].sp1 as Record<string, unknown>).document = 'cap';
    expect(messages(both).join('\n')).toMatch(/exactly one of a document or a transcript segment/);

    const notSegment = scene();
    delete notSegment.annotations['segment:seg1'];
    notSegment.annotations['segment:b1'] = { sp1: { id: 'sp1', kind: 'textSpan', object: 'car', segment: 'b1', start: 0, end: 1 } };
    expect(messages(notSegment)).toEqual(['$.annotations["segment:b1"].sp1.segment: text span "sp1" references "b1", which is not a transcript segment of the scene']);
  });

  it('checks what documents and comparisons refer to', () => {
    const bad = scene();
    bad.documents![0].sample = 'cam/9';
    bad.documents![2].prompt = 'cap'; // a caption is not a prompt
    bad.documents!.push({ id: 'q', text: 'again' });
    const c = bad.comparisons!.c1;
    bad.comparisons!.c1 = { ...c, candidates: ['r1', 'r3'], ranking: ['r1', 'r3'] };
    const m = messages(bad).join('\n');
    expect(m).toMatch(/document "cap" names unknown sample "cam\/9" of sensor "cam"/);
    expect(m).toMatch(/document "r1" answers "cap", which is not a prompt document/);
    expect(m).toMatch(/duplicate document id "q"/);
    expect(m).toMatch(/comparison "c1" lists unknown document "r3"/);
  });

  it('a ranking orders every candidate exactly once', () => {
    const bad = scene();
    bad.comparisons!.c1 = { ...bad.comparisons!.c1, ranking: ['r1', 'r1'] };
    expect(messages(bad).join('\n')).toMatch(/a ranking orders every candidate exactly once/);
    const one = scene();
    one.comparisons!.c1 = { ...one.comparisons!.c1, candidates: ['r1'], ranking: undefined };
    expect(messages(one).join('\n')).toMatch(/at least two candidates/);
  });

  it('keeps text byte for byte', () => {
    const raw = "<script>alert(1)</script> &amp; שלום e\u0301 👍🏽 Let's finalise the timeline by agle mahine";
    const input = scene();
    input.documents![0].text = raw;
    delete input.annotations['document:cap'];
    const s = Scene.parse(JSON.parse(JSON.stringify(input)));
    expect(s.documents[0].text).toBe(raw);
    expect(s.documents[0].text.normalize('NFC')).not.toBe(raw); // the input is not NFC; nothing normalised it
  });
});
