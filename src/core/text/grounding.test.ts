import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { setAnnotation, type Scene } from '../schema';
import { groundingOf, SceneGrounding } from './grounding';
import { makeTextScene } from './testScene';

const present = (g: SceneGrounding, sensor: string, sample: string) => [...g.presentIn({ scope: 'samples', samples: [{ sensor, sample, t: 0 }], note: false, label: '' })].sort();

describe('SceneGrounding', () => {
  it('objects present per sample (by hand in testScene.ts): boxes, cuboids, and LiDAR cuboids paired with a camera sample that project into it', () => {
    const g = new SceneGrounding(makeTextScene());
    expect(present(g, 'cam', 'c0')).toEqual(['o3']);
    expect(present(g, 'cam', 'c1')).toEqual(['o1', 'o4', 'o5']);
    expect(present(g, 'lidar', 'l0')).toEqual(['o1']);
    expect(present(g, 'lidar', 'l1')).toEqual(['o2']);
    // no chain of transforms links the X-ray to the LiDAR: its cuboids are not seen there
    expect(present(g, 'xray', 'x0')).toEqual(['o7']);
  });

  it('a notVisible does not count; an audio sample holds the objects of its overlapping segments', () => {
    const s = makeTextScene();
    setAnnotation(s, { id: 'nv', kind: 'notVisible', object: 'o3', sensor: 'cam', sample: 'c1', reason: 'occluded', source: 'manual' });
    setAnnotation(s, { id: 'seg', kind: 'timeSegment', object: 'o6', sensor: 'mic', start: 0.2, end: 0.4, source: 'manual' });
    const g = new SceneGrounding(s);
    expect(present(g, 'cam', 'c1')).toEqual(['o1', 'o4', 'o5']);
    expect(present(g, 'mic', 'm0')).toEqual(['o6']);
  });

  it('what a document describes', () => {
    const s = makeTextScene();
    s.documents.push(
      { id: 'cap', kind: 'caption', sensor: 'cam', sample: 'c1', language: 'en', text: '' },
      { id: 'stream', sensor: 'lidar', language: 'en', text: '' },
      { id: 'desc', language: 'en', text: '' },
      { id: 'prompt', kind: 'prompt', language: 'en', text: '' },
      { id: 'note', kind: 'note', sensor: 'cam', sample: 'c0', language: 'en', text: '' },
    );
    const g = new SceneGrounding(s);
    expect(g.describedBy({ document: 'cap' })).toEqual({ scope: 'samples', samples: [{ sensor: 'cam', sample: 'c1', t: 0.5 }], note: false, label: 'CAM · c1' });
    expect(g.describedBy({ document: 'stream' }).samples.map((x) => x.sample)).toEqual(['l0', 'l1']);
    expect(g.describedBy({ document: 'desc' }).scope).toBe('scene');
    expect(g.describedBy({ document: 'prompt' }).scope).toBe('scene');
    expect(g.describedBy({ document: 'note' })).toMatchObject({ scope: 'none', note: true });
    expect(g.describedBy({ document: 'missing' })).toMatchObject({ scope: 'none', note: false });
  });

  it('groundingOf reuses its lookups across a document edit, not across an annotation edit', () => {
    const a: Scene = produce(makeTextScene(), (d: Scene) => void d.documents.push({ id: 'd', language: 'en', text: 'a car' }));
    const b = produce(a, (d: Scene) => void (d.documents[0].text = 'a van'));
    const c = produce(b, (d: Scene) => void delete d.annotations.c1.b4);
    expect(groundingOf(a)).toBe(groundingOf(a));
    expect(groundingOf(b).lookups).toBe(groundingOf(a).lookups);
    expect(groundingOf(b).hostText({ document: 'd' })).toBe('a van');
    expect(groundingOf(c).lookups).not.toBe(groundingOf(b).lookups);
    expect(present(groundingOf(c), 'cam', 'c1')).toEqual(['o1', 'o5']);
  });
});
