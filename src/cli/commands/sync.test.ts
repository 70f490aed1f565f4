/**
 * `sync` on KITTI tracking 0003 (imported by the CLI from fixtures/kitti-tracking): the untouched
 * sequence is synchronised by KITTI's design (the camera is triggered by the Velodyne), so every
 * offset must be within the default 10 ms; +50 ms injected into the camera's sample times must come
 * back as ~+0.05 s and fail. Audio vs video: a WAV written here with a clap at a known sample.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TAXONOMY, type SceneInput } from '../../core/schema';
import { command as importCmd } from './import';
import { command as syncCmd } from './sync';

const root = new URL('../../../', import.meta.url).pathname;
const LABELS = 'fixtures/kitti-tracking/label_02/0003.txt';
const CALIB = 'fixtures/kitti-tracking/calib/0003.txt';

describe('cli sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cl-sync-'));
  const good = join(dir, 'scene.json');
  let out: string[] = [];
  let err: string[] = [];
  const capture = () => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  };
  const write = (name: string, mutate: (s: SceneInput) => void): string => {
    const s = JSON.parse(readFileSync(good, 'utf8')) as SceneInput;
    mutate(s);
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(s));
    return p;
  };
  beforeAll(async () => {
    capture();
    expect(await importCmd.run(['kitti-tracking', LABELS, '--calib', CALIB, '--out', good])).toBe(0);
    vi.restoreAllMocks();
  }, 60_000);
  beforeEach(capture);
  afterEach(() => vi.restoreAllMocks());

  it('untouched 0003: exit 0, one row image_02 vs velodyne with |offset| ≤ 5 ms, exactly the documented keys', async () => {
    expect(await syncCmd.run([good, '--json'])).toBe(0);
    const rows = JSON.parse(out.join(''));
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0])).toEqual(['stream', 'reference', 'offset', 'uncertainty', 'exceeds']);
    expect(rows[0]).toMatchObject({ stream: 'image_02', reference: 'velodyne', exceeds: false });
    expect(Math.abs(rows[0].offset)).toBeLessThan(0.005);
    expect(rows[0].uncertainty).toBeGreaterThan(0);
    expect(rows[0].uncertainty).toBeLessThan(0.005);
  });

  it('camera +50 ms: exit 1, offset ≈ +0.05 s, exceeds; a looser --threshold passes', async () => {
    const p = write('late.json', (s) => s.streams[0].samples.forEach((x) => (x.t += 0.05)));
    expect(await syncCmd.run([p, '--json'])).toBe(1);
    const [row] = JSON.parse(out.join(''));
    expect(row.exceeds).toBe(true);
    expect(Math.abs(row.offset - 0.05)).toBeLessThan(0.005);
    expect(await syncCmd.run([p, '--threshold', '0.1'])).toBe(0);
  });

  it('human output: a table on stderr, nothing on stdout', async () => {
    const p = write('early.json', (s) => s.streams[0].samples.forEach((x) => (x.t -= 0.03)));
    expect(await syncCmd.run([p])).toBe(1);
    expect(out.join('')).toBe('');
    const text = err.join('');
    expect(text).toMatch(/image_02\s+velodyne\s+-3\d\.\d\s+\d\.\d\s+EXCEEDS 10\.0 ms/);
    expect(text).toContain('from moving objects: ');
    expect(text).toContain('1 of 1 pair(s) beyond 10.0 ms — FAIL');
  });

  it('bad input: usage, bad --threshold, invalid scene — exit 2; no evidence — exit 1 (the operation failed); each with the reason', async () => {
    await expect(syncCmd.run([])).rejects.toMatchObject({ exitCode: 2 });
    await expect(syncCmd.run([good, '--threshold', 'soon'])).rejects.toThrow('--threshold must be a non-negative number of seconds (got "soon")');
    await expect(syncCmd.run([good, '--frobnicate'])).rejects.toMatchObject({ exitCode: 2, usage: true, message: 'unknown option --frobnicate' });
    const dup = write('dup.json', (s) => (s.streams[0].samples[3].t = s.streams[0].samples[2].t));
    await expect(syncCmd.run([dup])).rejects.toMatchObject({ exitCode: 2 });
    await expect(syncCmd.run([dup])).rejects.toThrow(/\$\.streams\[0\]\.samples\[3\]\.t: stream "image_02": sample "image_02\/000003" \(#3\) has the same timestamp/);
    const bare = write('bare.json', (s) => (s.annotations = {}));
    await expect(syncCmd.run([bare])).rejects.toMatchObject({ exitCode: 1 });
    await expect(syncCmd.run([bare])).rejects.toThrow(/no stream pair has the evidence for an offset estimate:\n {2}camera "image_02" vs LiDAR "velodyne": no moving object labelled in both/);
  });

  it('audio vs video from a clap: a WAV beside the scene, the clap seen at frame 50 (25 fps) and heard 60 ms later', async () => {
    const sr = 16000, n = 3 * sr, at = Math.round((2.06 - 0.25) * sr); // the file starts at scene time 0.25 s
    const pcm = new Int16Array(n);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    for (let i = 0; i < n; i++) pcm[i] = Math.round(60 * rnd() + (i >= at ? 16000 * Math.exp(-(i - at) / 320) * Math.sign(rnd() || 1) : 0));
    const wav = new Uint8Array(44 + 2 * n), v = new DataView(wav.buffer);
    const put = (o: number, s: string) => [...s].forEach((c, i) => (wav[o + i] = c.charCodeAt(0)));
    put(0, 'RIFF'); v.setUint32(4, 36 + 2 * n, true); put(8, 'WAVE'); put(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
    v.setUint32(24, sr, true); v.setUint32(28, 2 * sr, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true); put(36, 'data'); v.setUint32(40, 2 * n, true);
    wav.set(new Uint8Array(pcm.buffer), 44);
    writeFileSync(join(dir, 'clap.wav'), wav);
    const scene: SceneInput = {
      schemaVersion: 3, id: 'av', name: 'av', taxonomy: DEFAULT_TAXONOMY,
      sensors: [{ id: 'vid', name: 'vid', kind: 'video', fps: 25 }, { id: 'mic', name: 'mic', kind: 'audio', sampleRate: sr }],
      streams: [
        { id: 'vid', sensor: 'vid', samples: Array.from({ length: 100 }, (_, i) => ({ id: `v${i}`, t: i / 25 })) },
        { id: 'mic', sensor: 'mic', samples: [{ id: 'a', t: 0.25, duration: 3, uri: 'clap.wav' }] },
      ],
      objects: {}, annotations: {},
      timeLabels: { s: { id: 's', kind: 'event', type: 'clap', intervals: [{ start: 2.0, end: 2.0 }] } },
    };
    const p = join(dir, 'av.json');
    writeFileSync(p, JSON.stringify(scene));
    expect(await syncCmd.run([p, '--json'])).toBe(1);
    const [row] = JSON.parse(out.join(''));
    expect(row).toMatchObject({ stream: 'mic', reference: 'vid', exceeds: true });
    expect(row.offset).toBeCloseTo(0.06, 3);
    expect(row.uncertainty).toBeCloseTo(0.02 + 0.005, 9);
    expect(await syncCmd.run([p, '--threshold', '0.1'])).toBe(0);
    // the audio file gone: no estimate, exit 2 naming the missing file
    const gone = join(dir, 'av-gone.json');
    writeFileSync(gone, JSON.stringify({ ...scene, streams: [scene.streams[0], { ...scene.streams[1], samples: [{ id: 'a', t: 0.25, duration: 3, uri: 'nowhere.wav' }] }] }));
    await expect(syncCmd.run([gone])).rejects.toThrow(/nowhere\.wav not found/);
  });

  it('through the real entry point: exit codes 1 and 0', () => {
    const run = (...a: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sync', ...a], { cwd: root, encoding: 'utf8' });
    const late = write('late-entry.json', (s) => s.streams[0].samples.forEach((x) => (x.t += 0.05)));
    const r = run(late, '--json');
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)[0].exceeds).toBe(true);
    expect(run(good).status).toBe(0);
  }, 60_000);
});
