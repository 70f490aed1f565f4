/** The talking/narrated demo scenes built from the bundled files (public/demo/talking), checked against the original transcripts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVtt } from '../formats/vtt';
import { allAnnotations, type TimeSegment } from '../schema';
import { sampleAt } from '../time';
import { mediaClipScene } from './clipScene';
import { parseVideoFrameTimes } from './frameTimes';

const TALKING = join(new URL('../../../', import.meta.url).pathname, 'public/demo/talking');
const read = (f: string) => readFileSync(join(TALKING, f), 'utf8');

function build(clip: string, vtt: string) {
  const sync = JSON.parse(read(`${clip}.sync.json`));
  return mediaClipScene({
    id: clip,
    name: clip,
    uri: `/demo/talking/${clip}.webm`,
    frames: parseVideoFrameTimes(JSON.parse(read(`${clip}.frames.json`)), `${clip}.frames.json`),
    video: { width: sync.webm.video.width, height: sync.webm.video.height, fps: 25, name: 'video' },
    audio: { duration: sync.webm.audio.decoded_samples / 48_000, sampleRate: 48_000, channels: sync.webm.audio.channels, name: 'audio' },
    cues: parseVtt(read(vtt), vtt),
    description: 'test',
  });
}

describe('mediaClipScene', () => {
  it('GRID: one video sample per frame (t = PTS), the audio, and the align file\'s words as segments linked to the speaker', () => {
    const scene = build('grid_swwp2s', 'grid_swwp2s.words.vtt');
    const video = scene.streams.find((s) => s.sensor === 'video')!;
    expect(video.samples).toHaveLength(75);
    // the frame shown at t is the last frame whose PTS is at or before t
    expect(sampleAt(video, 1.0)!.frame).toBe('25');
    expect(sampleAt(video, 1.0399)!.frame).toBe('25');
    expect(sampleAt(video, 1.04)!.frame).toBe('26');
    expect(sampleAt(video, 99)!.frame).toBe('74');
    const segs = allAnnotations(scene).filter((a): a is TimeSegment => a.kind === 'timeSegment').sort((a, b) => a.start - b.start);
    // independent: the original align file, `start end word` in 1/25000 s
    const words = read('swwp2s.align').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/)).filter((w) => w[2] !== 'sil');
    expect(segs.map((s) => [s.start, s.end, s.text])).toEqual(words.map(([a, b, w]) => [Number(a) / 25_000, Number(b) / 25_000, w]));
    const speaker = scene.objects[segs[0].object];
    expect(speaker).toMatchObject({ classId: 'speaker', name: 'Speaker' });
    expect(new Set(segs.map((s) => s.object)).size).toBe(1);
    expect(segs.every((s) => s.sensor === 'audio')).toBe(true);
  });

  it('NASA: 325 frames and the four subtitle cues of the original .srt, linked to the narrator', () => {
    const scene = build('nasa_13013', 'nasa_13013.vtt');
    expect(scene.streams[0].samples).toHaveLength(325);
    const segs = allAnnotations(scene).filter((a): a is TimeSegment => a.kind === 'timeSegment').sort((a, b) => a.start - b.start);
    // independent: the SubRip original, HH:MM:SS,mmm
    const srt = read('nasa_13013.srt').replace(/\r\n/g, '\n').trim().split('\n\n').map((b) => b.split('\n'));
    const sec = (s: string) => { const [h, m, rest] = s.split(':'); return +h * 3600 + +m * 60 + Number(rest.replace(',', '.')); };
    expect(segs.map((s) => [s.start, s.end, s.text])).toEqual(srt.map((b) => { const [a, z] = b[1].split(' --> '); return [sec(a), sec(z), b.slice(2).join('\n')]; }));
    expect(scene.objects[segs[0].object]).toMatchObject({ classId: 'speaker', name: 'Narrator' });
  });
});
