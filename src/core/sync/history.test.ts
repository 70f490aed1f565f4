/**
 * An object's history in words, from the patches real commands make (the same the log stores).
 */
import { describe, expect, it } from 'vitest';
import type { Patch } from 'immer';
import { execute, type CommandDef } from '../commands/command';
import { makeTestScene } from '../commands/testScene';
import { createObject, deleteObject, setObjectAttribute, setObjectClass } from '../commands/objects';
import { updateAnnotation } from '../commands/annotations';
import { copyToNextFrame } from '../commands/tracks';
import type { Scene } from '../schema';
import { describeObjectHistory, type HistoryEdit } from './history';

/** Runs commands in order, logging each as an edit by `by` at 10:0N UTC. */
function log(steps: [string, CommandDef<never>, unknown, string?][]): { edits: HistoryEdit[]; scene: Scene } {
  let scene = makeTestScene();
  const edits: HistoryEdit[] = [];
  steps.forEach(([by, cmd, args, label], i) => {
    const r = execute(scene, cmd, args as never);
    scene = r.next;
    edits.push({ revision: i + 1, by, at: `2026-11-29T10:0${i}:00.000Z`, label: label ?? cmd.label, patches: r.patches as Patch[] });
  });
  return { edits, scene };
}
const step = <A>(by: string, cmd: CommandDef<A>, args: A, label?: string) => [by, cmd as CommandDef<never>, args, label] as [string, CommandDef<never>, unknown, string?];

describe('describeObjectHistory', () => {
  it('words moves by their distance, class and attribute changes with before → after, newest first', () => {
    const { edits, scene } = log([
      step('ann', setObjectClass, { objectId: 'o1', classId: 'van' }),
      step('bob', updateAnnotation, { id: 'a1', patch: { center: { x: 10.4, y: 1, z: -0.8 } } }, 'Move cuboid'),
      step('bob', updateAnnotation, { id: 'a1', patch: { center: { x: 13.4, y: 5, z: -0.8 } } }, 'Move cuboid'),
      step('ann', setObjectClass, { objectId: 'o1', classId: 'truck' }),
      step('ann', setObjectAttribute, { objectId: 'o1', name: 'occluded', value: 'partly' }),
      step('cid', setObjectClass, { objectId: 'o3', classId: 'truck' }), // another object: not in o1's history
    ]);
    const lines = describeObjectHistory('o1', edits.slice(0, 5), { scene });
    expect(lines.map((l) => l.text)).toEqual([
      'ann set occluded to partly at 10:04',
      'ann changed class Van → Truck at 10:03',
      'bob moved the cuboid 5 m at 10:02',
      'bob placed the cuboid at (10.4, 1, -0.8) at 10:01', // the first move: the uploaded position is not in the log
      'ann set class to Van at 10:00',
    ]);
    expect(lines[0].revision).toBe(5);
  });

  it('a second attribute change and a rotation and resize are worded with their amounts', () => {
    const q = { x: 0, y: 0, z: Math.sin(Math.PI / 12), w: Math.cos(Math.PI / 12) }; // 30° about z
    const { edits } = log([
      step('ann', setObjectAttribute, { objectId: 'o1', name: 'occluded', value: 'partly' }),
      step('ann', setObjectAttribute, { objectId: 'o1', name: 'occluded', value: 'largely' }),
      step('bob', updateAnnotation, { id: 'a1', patch: { center: { x: 10, y: 1, z: -0.8 } } }),
      step('bob', updateAnnotation, { id: 'a1', patch: { rotation: q, size: { l: 4.5, w: 1.8, h: 1.5 } } }),
    ]);
    const what = describeObjectHistory('o1', edits).map((l) => l.what);
    expect(what[0]).toBe('resized the cuboid to 4.5 × 1.8 × 1.5 m, turned the cuboid 30°');
    expect(what[2]).toBe('set occluded partly → largely');
  });

  it('track edits count the frames added; deleting the object says so; unknown paths fall back to the path', () => {
    const { edits, scene } = log([
      step('bob', copyToNextFrame, { id: 'a1' } as never, 'Copy to next frame'),
      step('ann', deleteObject, { objectId: 'o1' }),
    ]);
    edits.push({ revision: 3, by: 'rev', at: '2026-11-29T10:09:00.000Z', label: 'Waive finding', patches: [{ op: 'add', path: ['qa', 'waivers', 'w1'], value: { object: 'o1' } }] });
    const what = describeObjectHistory('o1', edits, { scene }).map((l) => l.what);
    expect(what).toEqual(['changed $.qa.waivers.w1', 'deleted the object', 'added a cuboid']);
  });

  it('a created object is named with its class; the time formatter is the caller\'s', () => {
    const { edits, scene } = log([step('ann', createObject, { id: 'o9', classId: 'cyclist', name: 'Bike' } as never)]);
    const [line] = describeObjectHistory('o9', edits, { scene, time: () => 'noon' });
    expect(line.text).toBe('ann created the object (Cyclist) at noon');
  });
});
