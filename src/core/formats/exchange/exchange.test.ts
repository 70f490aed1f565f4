import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execute, importLabels } from '../../commands';
import { makeTestScene } from '../../commands/testScene';
import { serializeScene, type Scene, allAnnotations, annotationCount } from '../../schema';
import { writeBundle } from '../bundle';
import { importKitti } from '../kitti';
import { demoFiles, demoText, DEMO_FRAMES, memorySource } from '../kitti/testing';
import { importMotAsPreAnnotations, parseMot } from '../mot';
import { importOpenLabel, validateOpenLabel } from '../openlabel';
import { importRttm, parseRttm } from '../rttm';
import { exportScene, exportSensors, ExportError, mergeSummaries, type ExportProgress } from './exportScene';
import { importFile, ImportError, type ImportFile } from './importScene';

const fixture = (rel: string) => readFileSync(new URL(`../../../../fixtures/${rel}`, import.meta.url), 'utf8');
const file = (path: string, text: string): ImportFile => ({ path, text: async () => text });
const kittiScene = async (): Promise<Scene> => (await importKitti(memorySource('kitti', demoFiles()), { baseUri: 'kitti' })).scene;

describe('exportScene', () => {
  it('KITTI: one label_2/<frame>.txt per frame, byte-identical to the source labels, with per-frame progress', async () => {
    const seen: ExportProgress[] = [];
    const out = await exportScene(await kittiScene(), 'kitti', { onProgress: (p) => seen.push(p) });
    expect(out.files.map((f) => f.path)).toEqual(DEMO_FRAMES.map((f) => `label_2/${f}.txt`));
    for (const f of DEMO_FRAMES) expect(out.files.find((x) => x.path === `label_2/${f}.txt`)!.text).toBe(demoText(`label_2/${f}.txt`));
    expect(out.summary.written.frames).toBe(3);
    // one step per frame, then done; fractions never go back
    expect(seen.map((p) => p.fraction)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(seen[1].stage).toBe('frame 000001 (2 of 3)');
  });

  it('OpenLABEL: one validated file that imports back to the same objects', async () => {
    const scene = await kittiScene();
    const out = await exportScene(scene, 'openlabel');
    expect(out.files).toHaveLength(1);
    expect(out.files[0].path).toMatch(/\.openlabel\.json$/);
    const doc = JSON.parse(out.files[0].text);
    expect(validateOpenLabel(doc).valid).toBe(true);
    const back = importOpenLabel(doc, 'x.json').scene;
    expect(Object.keys(back.objects).length).toBe(Object.keys(scene.objects).length);
  });

  it('per-sensor formats: every suitable sensor by default, or the ones asked for; wrong kinds are refused', async () => {
    const scene = makeTestScene();
    const cams = scene.sensors.filter((s) => s.kind === 'camera').map((s) => s.id);
    const all = await exportScene(scene, 'coco');
    expect(all.files.map((f) => f.sensor)).toEqual(cams);
    expect(all.files.map((f) => f.path)).toEqual(cams.map((c) => `coco/${c}.json`));
    const one = await exportScene(scene, 'mot', { sensors: [cams[0]] });
    expect(one.files).toHaveLength(1);
    expect(() => exportSensors(scene, 'coco', ['mic'])).toThrow(/sensor "mic" is an audio sensor; coco is written per camera/);
    expect(() => exportSensors(scene, 'coco', ['nope'])).toThrow(ExportError);
    const noAudio = { ...scene, sensors: scene.sensors.filter((s) => s.kind !== 'audio' && s.kind !== 'video') };
    await expect(exportScene(noAudio, 'rttm')).rejects.toThrow(/has no audio or video sensor to export as rttm/);
  });

  it('KITTI tracking: the real OpenLABEL sequence 0003 → label_02/0003.txt equal to the re-spelled label file', async () => {
    const scene = importOpenLabel(JSON.parse(fixture('openlabel/openlabel100_kitti_tracking_0003.json')), 'x.json').scene;
    const out = await exportScene(scene, 'kitti-tracking', { sequence: '0003', sensors: ['CAM_LEFT'] });
    expect(out.files.map((f) => f.path)).toEqual(['label_02/0003.txt']);
    expect(out.files[0].text).toBe(fixture('kitti-tracking/label_02/0003.txt'));
    expect(out.summary.dropped.find((d) => d.what === 'box2d on CAM_RIGHT')?.count).toBe(388); // the right camera's boxes
    expect(out.notes.length).toBeGreaterThan(0);
    await expect(exportScene(scene, 'kitti-tracking', { sequence: 'x' })).rejects.toThrow(/sequence must be a number/);
  });

  it('per-sensor formats account for every annotation: written to a file, or listed as left out (cuboids in COCO)', async () => {
    const scene = await kittiScene();
    const out = await exportScene(scene, 'coco');
    const coco = JSON.parse(out.files[0].text) as { annotations: { iscrowd: number }[] };
    const labels = coco.annotations.filter((a) => a.iscrowd === 0).length;
    const annotationKinds = new Set(allAnnotations(scene).map((a) => a.kind));
    const left = out.summary.dropped.filter((d) => annotationKinds.has(d.what as never)).reduce((n, d) => n + d.count, 0);
    expect(labels + left).toBe(annotationCount(scene));
    const cuboids = allAnnotations(scene).filter((a) => a.kind === 'cuboid').length;
    expect(out.summary.dropped).toContainEqual({ what: 'cuboid', count: cuboids, reason: expect.stringMatching(/on sensor "velodyne", which this coco export does not cover/) });
  });

  it('bundle: the scene plus hashed media, readable back by the importer', async () => {
    const scene = makeTestScene();
    const out = await exportScene(scene, 'bundle', { readMedia: async () => new TextEncoder().encode('abc'), createdAt: '2026-11-25T00:00:00Z' });
    const expected = await writeBundle(scene, async () => new TextEncoder().encode('abc'), '2026-11-25T00:00:00Z');
    expect(JSON.parse(out.files[0].text)).toEqual(JSON.parse(JSON.stringify(expected)));
    const back = await importFile(file(out.files[0].path, out.files[0].text), { current: null });
    expect(back).toMatchObject({ mode: 'replace', kind: 'bundle' });
    expect(serializeScene(back.mode === 'replace' ? back.scene : scene)).toBe(serializeScene(scene));
  });

  it('mergeSummaries adds written counts and merges identical drops', () => {
    const m = mergeSummaries([
      { written: { a: 1 }, dropped: [{ what: 'mask', count: 2, reason: 'r' }] },
      { written: { a: 2, b: 1 }, dropped: [{ what: 'mask', count: 3, reason: 'r' }, { what: 'cuboid', count: 1, reason: 's' }] },
    ]);
    expect(m).toEqual({ written: { a: 3, b: 1 }, dropped: [{ what: 'mask', count: 5, reason: 'r' }, { what: 'cuboid', count: 1, reason: 's' }] });
  });
});

describe('importFile', () => {
  it('recognises a scene document, a bundle and a real OpenLABEL file by content', async () => {
    const scene = makeTestScene();
    const r1 = await importFile(file('my/scene.json', serializeScene(scene)), { current: null });
    expect(r1).toMatchObject({ mode: 'replace', kind: 'scene', file: 'my/scene.json' });
    const ol = fixture('openlabel/openlabel100_test_cuboids.json');
    const r2 = await importFile(file('cuboids.json', ol), { current: scene });
    expect(r2.mode).toBe('replace');
    const direct = importOpenLabel(JSON.parse(ol), 'cuboids.json');
    expect(r2.mode === 'replace' && serializeScene(r2.scene)).toBe(serializeScene(direct.scene));
  });

  it('the real mmdetection3d nuScenes info file (bare NaN tokens, as Python writes them) opens with a warning', async () => {
    const text = fixture('nuscenes/mmdet3d_info_v1.1.json');
    expect(() => JSON.parse(text)).toThrow(); // not valid JSON as written
    const r = await importFile(file('mmdet3d_info_v1.1.json', text), { current: null });
    if (r.mode !== 'replace') throw new Error('expected a whole scene');
    expect(r.kind).toBe('mmdet3d');
    const nan = (text.match(/\bNaN\b/g) ?? []).length;
    expect(r.warnings[0]).toBe(`mmdet3d_info_v1.1.json: ${nan} bare NaN/Infinity values (written by Python's json) read as null`);
    expect(allAnnotations(r.scene).filter((a) => a.kind === 'cuboid')).toHaveLength(69);
    // a string that merely contains NaN is left alone, and broken JSON stays an error
    await expect(importFile(file('x.json', '{"openlabel": {"metadata": {"name": "NaN"}, NaN}'), { current: null })).rejects.toThrow(/^x\.json: invalid JSON/);
  });

  it('asks for the open scene (getCurrent, as the import worker does) only when a merge import needs it', async () => {
    const scene = makeTestScene();
    let asked = 0;
    const getCurrent = async () => (asked++, scene);
    const whole = await importFile(file('cuboids.json', fixture('openlabel/openlabel100_test_cuboids.json')), { getCurrent });
    expect([whole.mode, asked]).toEqual(['replace', 0]);
    const tracks = await importFile(file('tracks.txt', '1,1,100.5,150,50,40.25,0.91,-1,-1,-1\n'), { getCurrent, activeCamera: 'cam' });
    expect([tracks.mode, asked]).toEqual(['merge', 1]);
    const direct = await importFile(file('tracks.txt', '1,1,100.5,150,50,40.25,0.91,-1,-1,-1\n'), { current: scene, activeCamera: 'cam' });
    expect(tracks).toEqual(direct);
    await expect(importFile(file('t.txt', '1,1,0,0,1,1,0.5'), { getCurrent: () => null })).rejects.toThrow(/^t\.txt: MOT tracks add labels to an open scene/);
  });

  it('MOT tracks merge into the open scene: applying the result equals the importer run on the scene', async () => {
    const scene = makeTestScene();
    const text = '1,1,100.5,150,50,40.25,0.91,-1,-1,-1\n2,1,104,151,50,40,0.88,-1,-1,-1\n';
    const r = await importFile(file('tracks.txt', text), { current: scene, activeCamera: 'cam' });
    if (r.mode !== 'merge') throw new Error('expected a merge import');
    expect(r).toMatchObject({ kind: 'mot', sensor: 'cam' });
    expect(r.annotations.length).toBe(2);
    const applied = execute(scene, importLabels, { objects: r.objects, annotations: r.annotations }).next;
    const direct = importMotAsPreAnnotations(scene, parseMot(text, 'tracks.txt'), { camera: 'cam', classId: 'car' }).scene;
    expect(serializeScene(applied)).toBe(serializeScene(direct));
  });

  it('RTTM speaker turns merge onto the audio sensor', async () => {
    const scene = makeTestScene();
    const text = fixture('exchange/sample.rttm');
    const r = await importFile(file('sample.rttm', text), { current: scene });
    if (r.mode !== 'merge') throw new Error('expected a merge import');
    expect(r.sensor).toBe('mic');
    const applied = execute(scene, importLabels, r).next;
    expect(serializeScene(applied)).toBe(serializeScene(importRttm(scene, parseRttm(text, 'sample.rttm'), { sensor: 'mic' }).scene));
  });

  it('RTTM and WebVTT go to the audio sensor even when a video sensor comes first or is the active view', async () => {
    const scene = makeTestScene();
    scene.sensors.unshift({ id: 'vid', name: 'VID', kind: 'video', width: 320, height: 240 });
    scene.streams.push({ id: 'vid', sensor: 'vid', samples: [{ id: 'v0', t: 0 }], offset: 0, drift: 0 });
    const rttm = await importFile(file('sample.rttm', fixture('exchange/sample.rttm')), { current: scene, activeCamera: 'vid' });
    const vtt = await importFile(file('talk.vtt', 'WEBVTT\n\n00:00.100 --> 00:00.400\n<v Ann>hello\n'), { current: scene, activeCamera: 'vid' });
    expect(rttm.mode === 'merge' && rttm.sensor).toBe('mic');
    expect(vtt.mode === 'merge' && vtt.sensor).toBe('mic');
    // no audio sensor: the video takes them
    const noMic = { ...scene, sensors: scene.sensors.filter((s) => s.kind !== 'audio'), streams: scene.streams.filter((s) => s.sensor !== 'mic') };
    const r = await importFile(file('sample.rttm', fixture('exchange/sample.rttm')), { current: noMic });
    expect(r.mode === 'merge' && r.sensor).toBe('vid');
  });

  it('bad input: errors name the file and the problem, with the JSON path for schema violations', async () => {
    await expect(importFile(file('a/broken.json', '{"openlabel": '), { current: null })).rejects.toThrow(/^a\/broken\.json: invalid JSON/);
    await expect(importFile(file('x.json', '{"hello": 1}'), { current: null })).rejects.toThrow(ImportError);
    await expect(importFile(file('x.png', ''), { current: null })).rejects.toThrow(/^x\.png: \.png is not a format/);
    await expect(importFile(file('t.txt', '1,1,0,0,1,1,0.5'), { current: null })).rejects.toThrow(/^t\.txt: MOT tracks add labels to an open scene/);
    const bad = JSON.parse(serializeScene(makeTestScene()));
    (Object.values(Object.values(bad.annotations)[0] as Record<string, { object: string }>)[0]).object = 'ghost';
    await expect(importFile(file('s.json', JSON.stringify(bad)), { current: null })).rejects.toThrow(/s\.json[\s\S]*\$\.annotations\.[\w-]+\.[\w-]+\.object[\s\S]*ghost/);
  });
});

describe('importLabels command', () => {
  it('is all or nothing: a colliding id rejects the whole import', () => {
    const scene = makeTestScene();
    const existing = allAnnotations(scene)[0];
    const fresh = { id: 'new_obj', classId: 'car', attributes: {} };
    expect(() => execute(scene, importLabels, { objects: [fresh], annotations: [existing] })).toThrow(/already exists/);
    expect(scene.objects.new_obj).toBeUndefined();
  });
});
