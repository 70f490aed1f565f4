/**
 * The text checks in tier 1 and in live QA, on the text test scene (core/text/testScene.ts: what
 * each sample holds is derived there by hand).
 */
import { enablePatches, produceWithPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { setAnnotation, type Scene } from '../../schema';
import { makeTextScene } from '../../text/testScene';
import { Finding } from '../finding';
import { IncrementalQa } from '../live';
import { runChecks } from '../run';

enablePatches();

const textOnly = (fs: Finding[]) => fs.filter((f) => f.check.startsWith('text.'));
const summary = (fs: Finding[]) => textOnly(fs).map((f) => `${f.severity} ${f.check} ${f.object ?? '-'} ${f.sensors.join(',')} ${f.samples.join(',')}`);

function scene(): Scene {
  const s = makeTextScene();
  s.documents.push(
    { id: 'cap0', kind: 'caption', sensor: 'cam', sample: 'c0', language: 'en', text: 'A pedestrian and a van.' },
    { id: 'cap1', kind: 'caption', sensor: 'cam', sample: 'c1', language: 'en', text: 'The red truck passes the car.' },
    { id: 'note', kind: 'note', language: 'en', text: 'Is that a dog?' },
  );
  // "red truck" linked to the white truck o5
  setAnnotation(s, { id: 'sp-truck', kind: 'textSpan', object: 'o5', document: 'cap1', start: 4, end: 13, source: 'manual' });
  // a transcript segment 0.4–0.6 s: c1, and the nearest LiDAR (l1) and X-ray (x0) samples to 0.5 s
  setAnnotation(s, { id: 'seg', kind: 'timeSegment', object: 'o6', sensor: 'mic', start: 0.4, end: 0.6, text: 'look, a dog', source: 'manual' });
  return s;
}

describe('text checks (tier 1)', () => {
  it('hallucinations per document and transcript segment, contradictions per linked span; notes never', () => {
    const fs = runChecks(scene());
    expect(summary(fs).sort()).toEqual([
      'error text.contradiction o5 cam c1',
      'warning text.hallucination - cam c0',
      // the segment: the sample of each visual stream nearest its midpoint
      'warning text.hallucination - cam,lidar,xray c1,l1,x0',
    ]);
    const byHost = (h: string) => textOnly(fs).find((f) => f.message.includes(h))!;
    const [colour, van, dog] = [byHost('"cap1"'), byHost('"cap0"'), byHost('"seg"')];
    expect(colour.message).toBe('caption "cap1" [4, 7): "red" contradicts the colour of Truck 5 (o5): white');
    expect(van.message).toMatch(/^caption "cap0" \[19, 22\): possible hallucination: "van"/);
    expect(dog.message).toMatch(/^transcript segment "seg" \[8, 11\): possible hallucination: "dog"/);
    for (const f of fs) expect(Finding.parse(f)).toEqual(f);
  });

  it('finding ids do not move with an edit elsewhere in the text', () => {
    const a = textOnly(runChecks(scene()));
    const s = scene();
    s.documents[0] = { ...s.documents[0], text: 'Far away: a pedestrian and a van, seen from afar.' };
    const b = textOnly(runChecks(s));
    expect(b.map((f) => f.id)).toEqual(a.map((f) => f.id));
  });

  it('a span whose object has no annotation in any modality: text.ungrounded-span', () => {
    const s = scene();
    s.objects.ghost = { id: 'ghost', classId: 'pedestrian', attributes: {} };
    setAnnotation(s, { id: 'sp-ghost', kind: 'textSpan', object: 'ghost', document: 'cap0', start: 2, end: 12, source: 'manual' });
    expect(summary(runChecks(s))).toContain('warning text.ungrounded-span ghost cam c0');
  });
});

describe('text checks in live QA', () => {
  const frozen = (s: Scene): Scene => produceWithPatches(s, () => {})[0];

  it('a document edit re-checks the text only (incremental), and equals a full run', () => {
    const base = frozen(scene());
    const live = new IncrementalQa(base);
    const others = live.findings.filter((f) => !f.check.startsWith('text.'));
    const [next, patches] = produceWithPatches(base, (d: Scene) => {
      d.documents[0].text = 'A pedestrian and a bus.';
    });
    const got = live.update(next, patches);
    expect(live.stats.mode).toBe('incremental');
    expect(got).toEqual(runChecks(next));
    expect(textOnly(got).find((f) => f.samples[0] === 'c0')?.message).toContain('"bus"');
    // the other findings are the very same objects
    expect(got.filter((f) => !f.check.startsWith('text.')).every((f, i) => f === others[i])).toBe(true);
  });

  it('moving the van into c0, editing a segment`s text, deleting a span: text findings follow, incrementally', () => {
    let s = frozen(scene());
    const live = new IncrementalQa(s);
    const steps: ((d: Scene) => void)[] = [
      // the van boxed on c0 too: "a van" in cap0 is no longer a hallucination
      (d) => setAnnotation(d, { id: 'b4c0', kind: 'box2d', object: 'o4', sensor: 'cam', sample: 'c0', x0: 1, y0: 1, x1: 50, y1: 50, source: 'manual' }),
      // the transcript now says "no dog"
      (d) => {
        const seg = d.annotations['sensor:mic'].seg;
        if (seg.kind === 'timeSegment') seg.text = 'look, no dog';
      },
      (d) => void delete d.annotations['document:cap1']['sp-truck'],
      (d) => void (d.objects.o5.attributes.color = 'red'),
    ];
    for (const step of steps) {
      const [next, patches] = produceWithPatches(s, step);
      expect(live.update(next, patches)).toEqual(runChecks(next));
      expect(live.stats.mode).toBe('incremental');
      s = next;
    }
    expect(textOnly(live.findings)).toEqual([]);
  });
});
