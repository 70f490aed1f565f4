/**
 * OpenLABEL and the scene's text (issue #15): document kinds, the sample a caption describes, a
 * response's prompt, document metadata, spans in transcript segments, spans without a language tag,
 * and preference comparisons survive export → import (README.md in this folder says how they are written).
 */
import { describe, expect, it } from 'vitest';
import { allAnnotations, getAnnotation, Scene, setAnnotation, type Annotation } from '../../schema';
import { exportOpenLabel } from './export';
import { importOpenLabel } from './import';
import { kittiScene } from './testing/kittiScene';
import { validateOpenLabel } from './validate';

function textScene(): Scene {
  const s = kittiScene();
  s.documents.push(
    { id: 'frame-caption', kind: 'caption', sensor: 'cam2', sample: 'cam2/000000', language: 'en', text: 'A red car \u{1F697} and <script>x</script> &amp; a pedestrian', metadata: { author: 'ann', tags: ['a', 'b'] } },
    { id: 'q', kind: 'prompt', sensor: 'cam2', sample: 'cam2/000000', language: 'en', text: 'What is in the picture?' },
    { id: 'r1', kind: 'response', prompt: 'q', language: 'en', text: 'A car and a pedestrian.', metadata: { model: 'm-1' } },
    { id: 'r2', kind: 'response', prompt: 'q', language: 'en', text: 'A dog.' },
    { id: 'note', kind: 'note', language: 'hi', text: 'agle mahine dekhna' },
  );
  s.comparisons = {
    cmp1: { id: 'cmp1', sensor: 'cam2', sample: 'cam2/000000', prompt: 'q', candidates: ['r2', 'r1'], ranking: ['r1', 'r2'], reason: 'there is no dog', by: 'ann', at: '2026-11-30T10:00:00Z' },
    cmp2: { id: 'cmp2', candidates: ['r1', 'r2'] },
  };
  // "turn left here" is the transcript segment `seg` of the driver's voice
  setAnnotation(s, { id: 'segspan', kind: 'textSpan', object: 'car', segment: 'seg', start: 5, end: 9, text: 'left', source: 'manual' });
  setAnnotation(s, { id: 'segspan2', kind: 'textSpan', object: 'voice', segment: 'seg', start: 0, end: 4, language: 'en-GB', source: 'manual' });
  setAnnotation(s, { id: 'capspan', kind: 'textSpan', object: 'car', document: 'frame-caption', start: 6, end: 9, source: 'manual' });
  return Scene.parse(s);
}

/** A span as something independent of ids: its object's name/class, the words of its host, range, language, text. */
function spans(s: Scene) {
  const hostText = (a: Annotation & { kind: 'textSpan' }) => {
    if (a.document !== undefined) return `document ${a.document}`;
    const seg = getAnnotation(s, a.segment!);
    return seg?.kind === 'timeSegment' ? `segment ${seg.sensor} ${seg.start}-${seg.end} "${seg.text}"` : 'missing segment';
  };
  return allAnnotations(s)
    .filter((a): a is Annotation & { kind: 'textSpan' } => a.kind === 'textSpan')
    .map((a) => ({ object: `${s.objects[a.object].classId}:${s.objects[a.object].name ?? ''}`, host: hostText(a), start: a.start, end: a.end, language: a.language, text: a.text }))
    .sort((x, y) => `${x.host}${x.start}${x.object}`.localeCompare(`${y.host}${y.start}${y.object}`));
}

describe('OpenLABEL text round trip', () => {
  it('documents (kind, sample, prompt, metadata) and comparisons come back as they were', () => {
    const scene = textScene();
    const { json, summary } = exportOpenLabel(scene);
    expect(validateOpenLabel(json).valid).toBe(true);
    expect(summary.written).toMatchObject({ documents: 6, comparisons: 2, textSpans: 5 });
    const back = importOpenLabel(JSON.parse(JSON.stringify(json)), 'text.json');
    expect(back.warnings).toEqual([]);
    expect(back.scene.documents).toEqual(scene.documents);
    expect(back.scene.comparisons).toEqual(scene.comparisons);
  });

  it('spans in a transcript segment stay in that segment; a span without a language stays without one', () => {
    const scene = textScene();
    const back = importOpenLabel(JSON.parse(JSON.stringify(exportOpenLabel(scene).json)), 'text.json').scene;
    expect(spans(back)).toEqual(spans(scene));
    // written out by hand: the two spans of "turn left here" and the caption's "car" span without a language
    expect(spans(back).filter((x) => x.host.startsWith('segment'))).toEqual([
      { object: 'speaker:driver', host: 'segment mic 1.5-3.25 "turn left here"', start: 0, end: 4, language: 'en-GB', text: undefined },
      { object: 'car:Car 1', host: 'segment mic 1.5-3.25 "turn left here"', start: 5, end: 9, language: undefined, text: 'left' },
    ]);
    expect(spans(back).find((x) => x.host === 'document frame-caption')).toEqual({ object: 'car:Car 1', host: 'document frame-caption', start: 6, end: 9, language: undefined, text: undefined });
  });

  it('writes documents and comparisons as contexts, and a segment span names its segment item', () => {
    const ol = exportOpenLabel(textScene()).json.openlabel;
    const contexts = Object.values(ol.contexts!);
    const caption = contexts.find((c) => c.name === 'frame-caption')!;
    expect(caption.type).toBe('crosslabel:document');
    expect(caption.context_data!.text).toEqual([
      { name: 'id', val: 'frame-caption' },
      { name: 'text', val: 'A red car \u{1F697} and <script>x</script> &amp; a pedestrian', crosslabel_metadata: { author: 'ann', tags: ['a', 'b'] } },
      { name: 'language', val: 'en' },
      { name: 'kind', val: 'caption' },
      { name: 'sensor', val: 'cam2' },
      { name: 'sample', val: 'cam2/000000' },
    ]);
    const cmp = contexts.find((c) => c.type === 'crosslabel:comparison' && c.name === 'cmp1')!;
    expect(cmp.context_data).toEqual({
      text: [
        { name: 'id', val: 'cmp1' },
        { name: 'sensor', val: 'cam2' },
        { name: 'sample', val: 'cam2/000000' },
        { name: 'prompt', val: 'q' },
        { name: 'reason', val: 'there is no dog' },
        { name: 'by', val: 'ann' },
        { name: 'at', val: '2026-11-30T10:00:00Z' },
      ],
      vec: [
        { name: 'candidates', type: 'values', val: ['r2', 'r1'] },
        { name: 'ranking', type: 'values', val: ['r1', 'r2'] },
      ],
    });
    // objects are numbered in the scene's order: ped 0, truck 1, car 2, voice 3
    const carVecs = ol.objects!['2'].object_data!.vec;
    expect(carVecs.find((v) => v.name.startsWith('textSpan@segment'))).toEqual({
      name: 'textSpan@segment:3/timeSegment@mic',
      val: [5, 9],
      type: 'range',
      attributes: { text: [{ name: 'segment', val: '3/timeSegment@mic' }, { name: 'text', val: 'left' }] },
    });
  });

  it('a user attribute named "segment" on a span is kept apart from the segment reference', () => {
    const scene = textScene();
    (getAnnotation(scene, 'capspan') as Annotation).attributes = { segment: 'intro' };
    const back = importOpenLabel(JSON.parse(JSON.stringify(exportOpenLabel(scene).json)), 'text.json').scene;
    const span = allAnnotations(back).find((a) => a.kind === 'textSpan' && a.document === 'frame-caption')!;
    expect(span).toMatchObject({ document: 'frame-caption', attributes: { segment: 'intro' } });
    expect('segment' in span).toBe(false);
  });
});
