/** STM, SRT and whisper files through the workbench's one import entry (formats/exchange importFile). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execute } from '../../commands/command';
import { importLabels } from '../../commands/imports';
import { makeTestScene } from '../../commands/testScene';
import { allAnnotations, serializeScene, type TimeSegment } from '../../schema';
import { exportScene, importFile, type ImportFile } from '../exchange';

const read = (rel: string) => readFileSync(new URL(`../../../../${rel}`, import.meta.url), 'utf8');
const file = (path: string, text: string): ImportFile => ({ path, text: async () => text });
const STM = read('fixtures/timed-text/sample.stm');
const WHISPER = read('fixtures/timed-text/jfk.whisper.json');
const SRT = read('public/demo/talking/nasa_13013.srt');

function scene() {
  const s = makeTestScene();
  s.streams[2].samples[0].duration = 30;
  // a video sensor first and active: speech still goes to the audio sensor
  s.sensors.unshift({ id: 'vid', name: 'VID', kind: 'video', width: 320, height: 240 });
  s.streams.push({ id: 'vid', sensor: 'vid', samples: [{ id: 'v0', t: 0 }], offset: 0, drift: 0 });
  return s;
}

describe('importFile: timed text', () => {
  it('an .stm merges its 13 lines onto the audio sensor as one undoable import', async () => {
    const s = scene();
    const r = await importFile(file('talk/sample.stm', STM), { current: s, activeCamera: 'vid' });
    if (r.mode !== 'merge') throw new Error('expected a merge import');
    expect(r).toMatchObject({ kind: 'stm', sensor: 'mic', summary: { written: { objects: 2, timeSegment: 13, words: 0 }, dropped: [] }, warnings: [] });
    const next = execute(s, importLabels, r).next;
    const segs = allAnnotations(next).filter((a): a is TimeSegment => a.kind === 'timeSegment');
    expect(segs).toHaveLength(STM.split('\n').filter(Boolean).length);
    expect(new Set(segs.map((a) => next.objects[a.object].name))).toEqual(new Set(['Diane', 'Sheila']));
  });

  it('an .srt and a whisper .json (recognised by its shape) merge too; the whisper one as model output with its words', async () => {
    const s = scene();
    const srt = await importFile(file('nasa_13013.srt', SRT), { current: s });
    expect(srt.mode === 'merge' && [srt.kind, srt.sensor, srt.annotations.length]).toEqual(['srt', 'mic', 4]);
    const w = await importFile(file('jfk.json', WHISPER), { current: s });
    if (w.mode !== 'merge') throw new Error('expected a merge import');
    expect(w.kind).toBe('whisper');
    expect(w.annotations.map((a) => a.kind === 'timeSegment' && [a.text, a.source])).toEqual((JSON.parse(WHISPER).segments as { text: string }[]).map((x) => [x.text, 'model']));
    expect(w.summary.written.words).toBe(22);
    // both applied in one scene: ids do not collide and it serializes
    const both = execute(execute(s, importLabels, srt.mode === 'merge' ? srt : { objects: [], annotations: [] }).next, importLabels, w).next;
    expect(serializeScene(both)).toContain('"whisper_seg2"');
  });

  it('an .srt imported and exported again (the workbench\'s SRT export) is the same file, byte for byte', async () => {
    const s = scene();
    const r = await importFile(file('nasa_13013.srt', SRT), { current: s });
    if (r.mode !== 'merge') throw new Error('expected a merge import');
    const out = await exportScene(execute(s, importLabels, r).next, 'srt', { sensors: ['mic'] });
    expect(out.files).toEqual([{ path: 'srt/mic.srt', text: SRT, sensor: 'mic' }]);
    // only the test scene's camera/LiDAR/text labels are left out, no segment
    expect(out.summary.dropped.map((d) => d.what).sort()).toEqual(['box2d', 'cuboid', 'textSpan']);
  });

  it('bad files and no scene: errors name the file (and the line)', async () => {
    await expect(importFile(file('a.stm', 'x 1 A 1 2 hi\nx 1 B two 3 oops\n'), { current: scene() })).rejects.toThrow(/^a\.stm:2: begin time is not a number: "two"/);
    await expect(importFile(file('b.srt', '1\n00:00:01,000 --> 00:00:00,500\nx\n'), { current: scene() })).rejects.toThrow(/^b\.srt:2: cue ends/);
    await expect(importFile(file('c.json', '{\n "segments": [{"start": 1, "end": "2", "text": "x"}]\n}'), { current: scene() })).rejects.toThrow(/^c\.json:2: segments\[0\]\.end: /);
    await expect(importFile(file('d.stm', STM), { current: null })).rejects.toThrow(/^d\.stm: STM transcripts add labels to an open scene/);
    const noMedia = makeTestScene();
    noMedia.sensors = noMedia.sensors.filter((x) => x.kind !== 'audio');
    noMedia.streams = noMedia.streams.filter((x) => x.sensor !== 'mic');
    await expect(importFile(file('e.srt', SRT), { current: noMedia })).rejects.toThrow(/^e\.srt: the scene has no video sensor/);
  });
});
