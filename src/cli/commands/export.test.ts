import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kittiScene } from '../../core/formats/openlabel/testing/kittiScene';
import { validateOpenLabel } from '../../core/formats/openlabel';
import { validateCoco } from '../../core/formats/coco';
import { parseMot } from '../../core/formats/mot';
import { getAnnotation, parseSceneJson, serializeScene, allAnnotations, type Cuboid } from '../../core/schema';
import { command as exportCmd } from './export';
import { command as importCmd } from './import';
import { makeTestScene } from '../../core/commands/testScene';
import { addTimedSegments, readTimedText, type TimedTextFormat } from '../../core/formats/timedText';
import { parseVtt } from '../../core/formats/vtt';

describe('CLI export / import openlabel', () => {
  let out: string[] = [];
  beforeEach(() => {
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('exports OpenLABEL (valid, with summary) and imports it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(kittiScene()));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'openlabel', '--out', join(dir, 'ol.json')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({ format: 'openlabel', summary: { written: { objects: 4 } } });
    expect(validateOpenLabel(JSON.parse(readFileSync(join(dir, 'ol.json'), 'utf8'))).valid).toBe(true);
    out = [];
    expect(await importCmd.run(['openlabel', join(dir, 'ol.json'), '--out', join(dir, 'back.json')])).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ objects: 4, annotations: 11, ignoreRegions: 2, warnings: [] });
  });

  it('writes a bundle; refuses bad input without writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(kittiScene()));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'bundle', '--out', join(dir, 'b.json')])).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'))).toMatchObject({ format: 'crosslabel-bundle', bundleVersion: 1 });
    writeFileSync(join(dir, 'bad.json'), '{"openlabel":{"metadata":{"schema_version":"1.0.0"},"frames":{"0":{"objects":{"5":{}}}}}}');
    await expect(importCmd.run(['openlabel', join(dir, 'bad.json'), '--out', join(dir, 'x.json')])).rejects.toMatchObject({
      exitCode: 2,
      lines: [{ file: join(dir, 'bad.json'), where: '$.openlabel.frames["0"].objects["5"]', problem: 'frame 0 names unknown object "5"' }],
    });
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    await expect(exportCmd.run([join(dir, 'scene.json'), '--to', 'yaml', '--out', 'x'])).rejects.toMatchObject({ exitCode: 2, usage: true, message: expect.stringMatching(/^unknown export format "yaml"/) });
    // a format the scene has no sensor for is refused, nothing written
    await expect(exportCmd.run([join(dir, 'scene.json'), '--to', 'rttm', '--sensor', 'nope', '--out', join(dir, 'x.rttm')])).rejects.toThrow(/has no sensor "nope" to export as rttm/);
    expect(existsSync(join(dir, 'x.rttm'))).toBe(false);
  });

  it("import openlabel decides the size order of Vicomtech's KITTI cuboids by the file's 2D boxes, reports it on stdout, and --cuboid-sizes forces one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-import-ol-'));
    const file = 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json';
    // the cuboid lives on VELO_TOP; its extent along the camera's y axis = Σ_j |d · R[:, j]| · size_j with d = the second
    // column of the file's CAM_LEFT pose (rectified camera → velodyne)
    const P = JSON.parse(readFileSync(file, 'utf8')).openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4 as number[];
    const d = [P[1], P[5], P[9]];
    const heightSpan = (path: string): number => {
      const a = getAnnotation(parseSceneJson(readFileSync(path, 'utf8'), path), '0/0/box3D') as Cuboid;
      const { x, y, z, w } = a.rotation;
      const R = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
      ];
      const col = (j: number) => Math.abs(d[0] * R[0][j] + d[1] * R[1][j] + d[2] * R[2][j]);
      return col(0) * a.size.l + col(1) * a.size.w + col(2) * a.size.h;
    };
    expect(await importCmd.run(['openlabel', file, '--out', join(dir, 'auto.json')])).toBe(0);
    const auto = JSON.parse(out.join(''));
    expect(auto.conventions).toEqual([expect.objectContaining({ question: 'cuboid size order', chosen: 'axes', basis: 'boxes', items: 388 })]);
    expect(auto.warnings.join('\n')).toMatch(/read as \(l, h, w\), the spec's reading: mean IoU of the projected cuboids with the file's own 2D boxes 0\.969/);
    // val [3.4, 0.84, 4.75, 0, -1.57, 0, 4.09, 1.38, 1.51]: the middle size is the height
    expect(heightSpan(join(dir, 'auto.json'))).toBeCloseTo(1.38, 6);
    out = [];
    expect(await importCmd.run(['openlabel', file, '--out', join(dir, 'lwh.json'), '--cuboid-sizes', 'lwh'])).toBe(0);
    const lwh = JSON.parse(out.join(''));
    expect(lwh.conventions[0]).toMatchObject({ chosen: 'lwh', basis: 'forced' });
    expect(lwh.warnings.join('\n')).toMatch(/read as \(l, w, h\), as asked — the file's evidence favours \(l, h, w\)/);
    expect(heightSpan(join(dir, 'lwh.json'))).toBeCloseTo(1.51, 6);
    await expect(importCmd.run(['openlabel', file, '--out', join(dir, 'x.json'), '--cuboid-sizes', 'hwl'])).rejects.toThrow(/--cuboid-sizes must be auto, axes, lwh, got "hwl"/);
    // a camera pose written inverted (fixtures/openlabel-vicomtech-convention): read as a transform by the evidence, or forced
    const inverted = 'fixtures/openlabel-vicomtech-convention/kitti_object_000001_velo_inverted.json';
    out = [];
    expect(await importCmd.run(['openlabel', inverted, '--out', join(dir, 'inv.json')])).toBe(0);
    expect(JSON.parse(out.join('')).conventions).toEqual([expect.objectContaining({ question: 'extrinsics direction', chosen: 'transform', basis: 'boxes' })]);
    out = [];
    expect(await importCmd.run(['openlabel', inverted, '--out', join(dir, 'inv-pose.json'), '--extrinsics', 'pose'])).toBe(0);
    expect(JSON.parse(out.join('')).conventions).toEqual([expect.objectContaining({ chosen: 'pose', basis: 'forced' })]);
    await expect(importCmd.run(['openlabel', inverted, '--out', join(dir, 'x.json'), '--extrinsics', 'inverse'])).rejects.toThrow(/--extrinsics must be auto, pose, transform, pose-opengl, transform-opengl, got "inverse"/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('writes COCO and MOT for a camera, validated, with what they cannot hold listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(kittiScene()));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'coco', '--out', join(dir, 'coco.json')])).toBe(0);
    const coco = JSON.parse(readFileSync(join(dir, 'coco.json'), 'utf8'));
    expect(validateCoco(coco, 'coco.json').annotations.length).toBeGreaterThan(0);
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'mot', '--out', join(dir, 'mot.txt')])).toBe(0);
    const rows = parseMot(readFileSync(join(dir, 'mot.txt'), 'utf8'), 'mot.txt', { format: 'mot' });
    const scene = kittiScene();
    const cam = scene.sensors.find((x) => x.kind === 'camera')!.id;
    expect(rows.length).toBe(allAnnotations(scene).filter((a) => a.kind === 'box2d' && a.sensor === cam).length);
  });

  it('writes KITTI label_2 files that reproduce the imported ones byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-kitti-'));
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await importCmd.run(['kitti', 'public/demo/kitti', '--out', join(dir, 'scene.json')])).toBe(0);
      expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti', '--out', join(dir, 'out')])).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    for (const f of ['000000', '000001', '000002']) expect(readFileSync(join(dir, 'out', 'label_2', `${f}.txt`), 'utf8')).toBe(readFileSync(`public/demo/kitti/label_2/${f}.txt`, 'utf8'));
  });

  it('import openlabel → export --to kitti-tracking writes label_02/<sequence>.txt equal to the re-spelled KITTI file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-track-'));
    expect(await importCmd.run(['openlabel', 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json', '--out', join(dir, 'scene.json')])).toBe(0);
    out = [];
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti-tracking', '--sensor', 'CAM_LEFT', '--sequence', '0003', '--out', join(dir, 'out')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({ format: 'kitti-tracking', files: ['label_02/0003.txt'] });
    expect(readFileSync(join(dir, 'out', 'label_02', '0003.txt'), 'utf8')).toBe(readFileSync('fixtures/kitti-tracking/label_02/0003.txt', 'utf8'));
    await expect(exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti-tracking', '--sensor', 'nope', '--out', join(dir, 'bad')])).rejects.toThrow(/scene\.json: KITTI tracking: .*nope/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it('import nuscenes (real Lyft tables) → export --to nuscenes → the same sample_annotation rows, and the folder imports again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-ns-'));
    expect(await importCmd.run(['nuscenes', 'fixtures/nuscenes-tables', '--out', join(dir, 'scene.json')])).toBe(0);
    out = [];
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'nuscenes', '--version', 'v1.01-train', '--out', join(dir, 'out')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed.files).toContain('v1.01-train/sample_annotation.json');
    type Ann = { token: string; translation: number[]; size: number[]; rotation: number[]; instance_token: string; sample_token: string };
    const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Ann[];
    const original = read('fixtures/nuscenes-tables/v1.01-train/sample_annotation.json');
    const written = new Map(read(join(dir, 'out', 'v1.01-train', 'sample_annotation.json')).map((a) => [a.token, a]));
    expect(written.size).toBe(original.length);
    for (const a of original) {
      const b = written.get(a.token)!;
      expect([b.instance_token, b.sample_token]).toEqual([a.instance_token, a.sample_token]);
      for (const k of ['translation', 'size', 'rotation'] as const) a[k].forEach((v, i) => expect(Math.abs(b[k][i] - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))));
    }
    out = [];
    expect(await importCmd.run(['nuscenes', join(dir, 'out'), '--out', join(dir, 'again.json')])).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ annotations: original.length });
  });
});

/**
 * `export --to vtt|srt|preference-jsonl` (issue #15): JSON on stdout, the file written whole (a temp
 * file renamed into place: nothing else is left in the folder, a failed export leaves an existing
 * file as it was), exit codes through the real CLI entry (0 done, 1 refused, 2 usage).
 */
describe('CLI export vtt / srt / preference-jsonl', () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export', ...args], { cwd: root, encoding: 'utf8' });
  let out: string[] = [];
  beforeEach(() => {
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  /** The test scene (its mic one hour long) with `format` text imported onto the mic, in a fresh folder. */
  function transcriptScene(format: TimedTextFormat, fixture: string): { dir: string; path: string } {
    const s = makeTestScene();
    s.streams[2].samples[0].duration = 3600;
    const text = readFileSync(join(root, 'fixtures', fixture), 'utf8');
    const timed = readTimedText(format, text, fixture);
    const scene = addTimedSegments(s, timed.segments, { file: fixture, prefix: format, source: timed.source }).scene;
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-text-'));
    const path = join(dir, 'scene.json');
    writeFileSync(path, serializeScene(scene));
    return { dir, path };
  }

  it('--to vtt writes the transcript with its word timestamps and prints what WebVTT could not hold', async () => {
    const { dir, path } = transcriptScene('whisper', 'timed-text/jfk.whisper.json');
    expect(await exportCmd.run([path, '--to', 'vtt', '--out', join(dir, 'jfk.vtt')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    // fixtures/timed-text/jfk.whisper.json: 2 segments, 22 words with probabilities, 3 words ending before the next starts
    expect(printed).toMatchObject({ out: join(dir, 'jfk.vtt'), format: 'vtt', sensor: 'mic', summary: { written: { cues: 2, words: 22 } } });
    expect(printed.summary.dropped.filter((d: { what: string }) => d.what.startsWith('word')).map((d: { what: string; count: number }) => [d.what, d.count])).toEqual([
      ['word end time', 3],
      ['word probability', 22],
    ]);
    const cues = parseVtt(readFileSync(join(dir, 'jfk.vtt'), 'utf8'), 'jfk.vtt');
    expect(cues.map((c) => c.text)).toEqual([' And so, my fellow Americans, ask not', ' what your country can do for you, ask what you can do for your country.']);
    expect(cues[1].words!.map((w) => w.word)).toEqual([' what', ' your', ' country', ' can', ' do', ' for', ' you,', ' ask', ' what', ' you', ' can', ' do', ' for', ' your', ' country.']);
    expect(readdirSync(dir).sort()).toEqual(['jfk.vtt', 'scene.json']);
  });

  it('--to srt writes fixtures/text/markup.srt back byte for byte', async () => {
    const { dir, path } = transcriptScene('srt', 'text/markup.srt');
    expect(await exportCmd.run([path, '--to', 'srt', '--sensor', 'mic', '--out', join(dir, 'out.srt')])).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ format: 'srt', sensor: 'mic', summary: { written: { cues: 3 } } });
    expect(readFileSync(join(dir, 'out.srt'), 'utf8')).toBe(readFileSync(join(root, 'fixtures/text/markup.srt'), 'utf8'));
  });

  it('--to preference-jsonl writes one row per ranked pair and lists the unranked comparison as left out', async () => {
    const s = makeTestScene();
    s.streams[0].samples[0].uri = 'images/c0.png';
    s.documents.push(
      { id: 'q', kind: 'prompt', sensor: 'cam', sample: 'c0', language: 'en', text: 'What is on the road?' },
      { id: 'r1', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'c0', language: 'en', text: 'A car.' },
      { id: 'r2', kind: 'response', prompt: 'q', sensor: 'cam', sample: 'c0', language: 'en', text: 'A dog <b>&amp;</b> a car.' },
    );
    s.comparisons = { cmp: { id: 'cmp', sensor: 'cam', sample: 'c0', prompt: 'q', candidates: ['r2', 'r1'], ranking: ['r1', 'r2'], reason: 'no dog' }, todo: { id: 'todo', candidates: ['r1', 'r2'] } };
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-pref-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(s));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'preference-jsonl', '--out', join(dir, 'pairs.jsonl')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({ out: join(dir, 'pairs.jsonl'), format: 'preference-jsonl', summary: { written: { comparisons: 1, rows: 1 } } });
    expect(printed.summary.dropped).toContainEqual({ what: 'comparison', count: 1, reason: 'not ranked yet: an unjudged comparison has no preferred text' });
    const lines = readFileSync(join(dir, 'pairs.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toEqual({
      id: 'cmp#1',
      scene: 'test',
      image: 'images/c0.png',
      prompt: 'What is on the road?',
      chosen: 'A car.',
      rejected: 'A dog <b>&amp;</b> a car.',
      chosen_rank: 1,
      rejected_rank: 2,
      reasons: ['no dog', expect.stringMatching(/^rejected response "r2" \(rank 2\): possible hallucination: "dog"/)],
    });
    expect(readdirSync(dir).sort()).toEqual(['pairs.jsonl', 'scene.json']);
  });

  it('exit codes through the real entry: 0 written, 1 refused (an existing file left as it was), 2 usage', () => {
    const { dir, path } = transcriptScene('vtt', 'text/markup.vtt');
    const ok = cli(path, '--to', 'vtt', '--out', join(dir, 'a.vtt'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'vtt', sensor: 'mic', summary: { written: { cues: 4, words: 4 } } });
    expect(readFileSync(join(dir, 'a.vtt'), 'utf8')).toContain('<v Bob &amp; Co>Hello <00:00:04.000>red <00:00:04.750>car, <00:00:05.125>please\n');
    writeFileSync(join(dir, 'b.srt'), 'keep me');
    const refused = cli(path, '--to', 'srt', '--sensor', 'cam', '--out', join(dir, 'b.srt'));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/sensor "cam" is a camera sensor; srt is written per audio or video/);
    expect(readFileSync(join(dir, 'b.srt'), 'utf8')).toBe('keep me');
    // no --out: a usage error, exit code 2 (main.ts exits with a CliError's code, as the refusal above shows)
    return expect(exportCmd.run([path, '--to', 'preference-jsonl'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/usage: crosslabel export .*preference-jsonl/) }).then(() => {
      expect(readdirSync(dir).sort()).toEqual(['a.vtt', 'b.srt', 'scene.json']);
    });
  }, 120_000); // two runs of the CLI, each a fresh Node process
});
