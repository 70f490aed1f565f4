/**
 * `import rttm|vtt|stm|whisper|srt` end to end through the real CLI entry (tsx src/cli/main.ts):
 * each file's segments are checked against the file's own content, read here independently with
 * plain string splitting (not the importers' parsers).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../core/commands/testScene';
import { allAnnotations, parseSceneJson, serializeScene, type Scene, type TimeSegment } from '../../core/schema';

const root = new URL('../../../', import.meta.url).pathname;
const STM = join(root, 'fixtures/timed-text/sample.stm');
const WHISPER = join(root, 'fixtures/timed-text/jfk.whisper.json');
const RTTM = join(root, 'fixtures/exchange/sample.rttm');
const SRT = join(root, 'public/demo/talking/nasa_13013.srt');
const VTT = join(root, 'public/demo/talking/nasa_13013.vtt');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', ...args], { cwd: root, encoding: 'utf8' });

/** A scene file whose 'mic' recording is 30 s long and starts at scene time `t0`. */
function sceneFile(t0 = 0): { dir: string; path: string } {
  const s = makeTestScene();
  s.streams[2].samples[0].t = t0;
  s.streams[2].samples[0].duration = 30;
  const dir = mkdtempSync(join(tmpdir(), 'timed-cli-'));
  const path = join(dir, 'scene.json');
  writeFileSync(path, serializeScene(s));
  return { dir, path };
}
const segmentsIn = (out: string): TimeSegment[] =>
  allAnnotations(parseSceneJson(readFileSync(out, 'utf8'), out) as Scene)
    .filter((a): a is TimeSegment => a.kind === 'timeSegment')
    .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));

describe('cli import stm|whisper|srt|rttm|vtt', () => {
  it('stm: every line of the file becomes a segment at scene time = audio start + offset + file time, one object per speaker', () => {
    const { dir, path } = sceneFile(100);
    const out = join(dir, 'with-stm.json');
    const r = cli('stm', STM, '--scene', path, '--out', out, '--offset', '0.5');
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(STM, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '));
    expect(JSON.parse(r.stdout)).toEqual({
      out,
      format: 'stm',
      sensor: 'mic',
      origin: 100.5,
      segments: lines.length,
      words: 0,
      speakers: { Diane: 'stm_Diane', Sheila: 'stm_Sheila' },
      newObjects: ['stm_Diane', 'stm_Sheila'],
      reused: [],
      summary: { written: { objects: 2, timeSegment: 13, words: 0 }, dropped: [] },
      // the last line ends at 29.987 s: shifted by 0.5 s it runs past the 30 s recording
      warnings: [`${STM}: ${lines.filter((l) => Number(l[4]) + 0.5 > 30).length} segment ends after the media of "mic" (t = 130 s)`],
    });
    const segs = segmentsIn(out);
    expect(segs.map((s) => [s.speaker, s.start, s.end, s.text])).toEqual(lines.map(([, , spk, b, e, ...w]) => [spk, 100.5 + Number(b), 100.5 + Number(e), w.join(' ')]));
    expect(segs.every((s) => s.sensor === 'mic' && s.source === 'imported')).toBe(true);
  });

  it('whisper: segments as model output with their word timings; rttm then stm add up in one scene', { timeout: 120_000 }, () => {
    const { dir, path } = sceneFile(0);
    const out = join(dir, 'asr.json');
    const r = cli('whisper', WHISPER, '--scene', path, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const raw = JSON.parse(readFileSync(WHISPER, 'utf8')) as { language: string; segments: { start: number; end: number; text: string; words: { word: string; start: number; end: number }[] }[] };
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'whisper', segments: raw.segments.length, words: raw.segments.reduce((n, s) => n + s.words.length, 0), language: raw.language });
    const segs = segmentsIn(out);
    expect(segs.map((s) => [s.start, s.end, s.text, s.source])).toEqual(raw.segments.map((s) => [s.start, s.end, s.text, 'model']));
    expect((segs[1].metadata!.words as { word: string; start: number }[]).map((w) => [w.word, w.start])).toEqual(raw.segments[1].words.map((w) => [w.word, w.start]));

    // speaker turns, then the transcript into the result: both kept, speakers of each file once
    const turns = join(dir, 'turns.json');
    expect(cli('rttm', RTTM, '--scene', path, '--out', turns).status).toBe(0);
    const both = join(dir, 'both.json');
    const r2 = cli('stm', STM, '--scene', turns, '--out', both);
    expect(r2.status, r2.stderr).toBe(0);
    const all = segmentsIn(both);
    const rttmLines = readFileSync(RTTM, 'utf8').split('\n').filter(Boolean);
    expect(all.filter((s) => s.id.startsWith('rttm_'))).toHaveLength(rttmLines.length);
    expect(all.filter((s) => s.id.startsWith('stm_'))).toHaveLength(13);
    expect(new Set(all.map((s) => s.speaker))).toEqual(new Set(['speaker90', 'speaker91', 'Diane', 'Sheila']));
  });

  it('srt and vtt of the same subtitles give the same segments; --sensor picks the sensor', () => {
    const { dir, path } = sceneFile(2);
    const a = join(dir, 'srt.json');
    const b = join(dir, 'vtt.json');
    const r = cli('srt', SRT, '--scene', path, '--out', a, '--sensor', 'mic');
    expect(r.status, r.stderr).toBe(0);
    expect(cli('vtt', VTT, '--scene', path, '--out', b).status).toBe(0);
    // the SRT read independently: blocks of "index / HH:MM:SS,mmm --> HH:MM:SS,mmm / text"
    const secs = (t: string) => t.split(/[:,]/).map(Number).reduce((acc, v, k) => (k < 3 ? acc * 60 + v : acc + v / 1000), 0);
    const blocks = readFileSync(SRT, 'utf8').trim().split(/\n\n+/).map((blk) => blk.split('\n'));
    const srt = segmentsIn(a);
    expect(srt.map((s) => [s.start, s.end, s.text])).toEqual(blocks.map(([, time, ...text]) => [2 + secs(time.split(' --> ')[0]), 2 + secs(time.split(' --> ')[1]), text.join('\n')]));
    // the WebVTT conversion names the voice "Narrator": same times and text, plus the speaker
    const vtt = segmentsIn(b);
    expect(vtt.map((s) => [s.start, s.end, s.text])).toEqual(srt.map((s) => [s.start, s.end, s.text]));
    expect(new Set(vtt.map((s) => s.speaker))).toEqual(new Set(['Narrator']));
  });

  it('fails on bad input: stderr names the file and line, exit 2 for a malformed file, 1 when the scene cannot take it, nothing written', () => {
    const { dir, path } = sceneFile();
    const bad = join(dir, 'bad.stm');
    writeFileSync(bad, 'a 1 Diane 1.0 2.0 hi\na 1 Sheila 3.0 two oops\n');
    const out = join(dir, 'out.json');
    const r = cli('stm', bad, '--scene', path, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${bad}: line 2: end time is not a number: "two"\n`);
    expect(existsSync(out)).toBe(false);

    const latin1 = join(dir, 'latin1.srt');
    writeFileSync(latin1, Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9\n', 'latin1'));
    const r2 = cli('srt', latin1, '--scene', path, '--out', out);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain(`${latin1}: line 3: not UTF-8 text: byte 0xe9 at offset 35`);

    const r3 = cli('stm', STM, '--scene', path, '--out', out, '--sensor', 'cam');
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain(`${STM}: sensor "cam" is a camera sensor`);
    expect(existsSync(out)).toBe(false);
  }, 120_000); // three CLI processes

  it('rejects bad usage with exit 2', () => {
    const { path } = sceneFile();
    const noScene = cli('stm', STM, '--out', 'x.json');
    expect(noScene.status).toBe(2);
    expect(noScene.stderr).toMatch(/^cli: --scene <scene\.json> is required/);
    const r = cli('whisper', WHISPER, '--scene', path, '--out', 'x.json', '--offset', 'soon');
    expect([r.status, r.stderr]).toEqual([2, 'cli: --offset must be a number of seconds, got "soon"\n']);
    const option = cli('rttm', STM, '--scene', path, '--out', 'x.json', '--camera', 'cam');
    expect([option.status, option.stderr]).toEqual([2, 'cli: unknown option --camera\n']);
  }, 120_000); // three CLI processes
});
