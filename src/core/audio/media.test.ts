/**
 * Media helpers and the transcoded demo clips' sidecars (public/demo/talking, written by
 * scripts/media/transcode.py). The sidecars' `original` facts come from ffprobe/ffmpeg on the
 * ORIGINAL files (MPEG-PS, MP4), so they are independent evidence about the WebM: same frame times,
 * same stream start, same speech onset. The GRID word alignment (swwp2s.align, a forced alignment made
 * with the corpus) is a second, fully independent witness of when speech happens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameTimesError, frameIndexAt, parseVideoFrameTimes } from './frameTimes';
import { checkAudioSampleRate, checkTimesIncrease, nativeSampleRate, sniffMediaContainer, videoDecodeErrorMessage } from './mediaChecks';
import { envelopeLag, levelEnvelopeDb, soundSpan } from './onset';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TALKING = join(ROOT, 'public/demo/talking');
const json = (f: string) => JSON.parse(readFileSync(join(TALKING, f), 'utf8'));
const FRAME = 1 / 25;

describe('bad media input: messages name the file', () => {
  it('a video the browser cannot decode names the file, the reason and the real container', () => {
    const mpg = new Uint8Array(readFileSync(join(ROOT, 'fixtures/media/grid_5frames.mpg')).subarray(0, 64));
    const msg = videoDecodeErrorMessage('clips/grid_5frames.mpg', { code: 4, message: 'DEMUXER_ERROR_NO_SUPPORTED_STREAMS' }, mpg);
    expect(msg).toBe(
      'clips/grid_5frames.mpg: cannot play this video: the browser cannot play this format or codec (DEMUXER_ERROR_NO_SUPPORTED_STREAMS). The file is MPEG program stream (MPEG-1/2 video, e.g. .mpg). Transcode it to WebM (VP9 + Opus) or MP4 (H.264 + AAC), e.g. with scripts/media/transcode.py.',
    );
    const webm = new Uint8Array(readFileSync(join(TALKING, 'grid_swwp2s.webm')).subarray(0, 64));
    expect(sniffMediaContainer(webm)).toBe('Matroska/WebM');
  });

  it('an audio file with a sample rate the scene does not expect', () => {
    expect(checkAudioSampleRate('a.wav', 44_100, 44_100)).toBeUndefined();
    expect(checkAudioSampleRate('a.wav', 44_100, undefined)).toBeUndefined();
    expect(checkAudioSampleRate('talk/a.wav', 8000, 16_000)).toMatch(/^talk\/a\.wav: sample rate 8000 Hz, but the scene expects 16000 Hz/);
  });

  it('reads the native rate from WAV and FLAC headers', () => {
    // canonical 44-byte PCM WAV header (RIFF, fmt chunk: PCM, 1 channel, 16000 Hz, 16 bit)
    const wav = new Uint8Array(44);
    const v = new DataView(wav.buffer);
    wav.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
    v.setUint32(4, 36, true);
    wav.set([...'WAVEfmt '].map((c) => c.charCodeAt(0)), 8);
    v.setUint32(16, 16, true);
    v.setUint16(20, 1, true);
    v.setUint16(22, 1, true);
    v.setUint32(24, 16_000, true);
    expect(nativeSampleRate(wav)).toBe(16_000);
    // the first 42 bytes of openai/whisper's tests/jfk.flac (MIT), which ffprobe reports as 44100 Hz stereo
    const jfk = Uint8Array.from('664c61430000002212001200000cfc0034a80ac44370000766ec6ba616f6ba31a50d1de98e1af1df95e1'.match(/../g)!.map((h) => parseInt(h, 16)));
    expect(nativeSampleRate(jfk)).toBe(44_100);
    expect(nativeSampleRate(new Uint8Array(readFileSync(join(TALKING, 'grid_swwp2s.webm')).subarray(0, 64)))).toBeNull();
  });

  it('timestamps that go backwards', () => {
    expect(checkTimesIncrease('f.json', [0, 0.04, 0.08])).toBeUndefined();
    expect(checkTimesIncrease('f.json', [0, 0.08, 0.04], 'frame time')).toBe('f.json: frame times go backwards: frame time 3 (0.04 s) is earlier than frame time 2 (0.08 s)');
    expect(() => parseVideoFrameTimes({ file: 'x.webm', count: 3, pts: [0, 0.08, 0.04] }, 'x.frames.json')).toThrow(FrameTimesError);
    expect(() => parseVideoFrameTimes({ file: 'x.webm', count: 3, pts: [0, 0.08, 0.04] }, 'x.frames.json')).toThrow(/^x\.frames\.json: frame times go backwards/);
    expect(() => parseVideoFrameTimes({ file: 'x.webm', count: 2, pts: [0] }, 'x.frames.json')).toThrow('x.frames.json: count says 2 frames but pts lists 1');
    expect(() => parseVideoFrameTimes({ pts: 'nope' }, 'x.frames.json')).toThrow(/^x\.frames\.json: not a frame-times file/);
  });
});

describe('frameIndexAt: the frame shown at t is the last one whose PTS is at or before t', () => {
  it('binary search agrees with a linear scan', () => {
    const pts = [0, 0.04, 0.08, 0.12, 0.2, 0.2, 0.24];
    for (const t of [-1, 0, 0.01, 0.04, 0.0399, 0.119, 0.12, 0.19, 0.2, 0.5]) {
      let linear = -1;
      pts.forEach((p, i) => {
        if (p <= t) linear = i;
      });
      expect(frameIndexAt(pts, t), `t = ${t}`).toBe(linear);
    }
  });
});

describe('transcoded demo clips: timing kept (sidecars written by scripts/media/transcode.py)', () => {
  for (const clip of ['grid_swwp2s', 'nasa_13013']) {
    it(`${clip}: every video frame keeps its original presentation time, starting at 0`, () => {
      const frames = parseVideoFrameTimes(json(`${clip}.frames.json`), `${clip}.frames.json`);
      const sync = json(`${clip}.sync.json`);
      expect(frames.file).toBe(`${clip}.webm`);
      expect(frames.pts[0]).toBe(0);
      expect(frames.count).toBe(sync.original.video.frames);
      // ffprobe of the original (MPEG-PS / MP4) vs ffprobe of the WebM (millisecond time base)
      frames.pts.forEach((p, i) => expect(Math.abs(p - frames.originalPts![i]), `frame ${i}`).toBeLessThan(0.0005));
      frames.pts.forEach((p, i) => expect(p).toBeCloseTo(i * FRAME, 9)); // 25 fps, no drops, no duplicates
      expect(sync.webm.video.start_time).toBe(sync.original.video.start_time);
      // the first decoded audio frame starts where the original's does, within a fraction of a video frame
      // (Opus's 6.5 ms encoder delay, WebM's 1 ms timestamps)
      expect(Math.abs(sync.webm.audio.first_frame_pts - sync.original.audio.first_frame_pts)).toBeLessThan(FRAME / 4);
    });

    it(`${clip}: the sound starts and ends where the original's does (ffmpeg decode of both)`, () => {
      const { original, webm } = json(`${clip}.sync.json`);
      const on = webm.soundSpan.onset + webm.audio.first_frame_pts - (original.soundSpan.onset + original.audio.first_frame_pts);
      const off = webm.soundSpan.offset + webm.audio.first_frame_pts - (original.soundSpan.offset + original.audio.first_frame_pts);
      console.log(`${clip}: onset webm − original ${(on * 1000).toFixed(1)} ms, offset ${(off * 1000).toFixed(1)} ms`);
      expect(Math.abs(on)).toBeLessThan(0.01);
      expect(Math.abs(off)).toBeLessThan(0.02);
    });
  }

  it('GRID: the speech the align file places at 0.49–2.21 s is in the transcoded audio within a video frame', () => {
    const align = readFileSync(join(TALKING, 'swwp2s.align'), 'utf8').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/));
    const words = align.filter((w) => w[2] !== 'sil');
    const first = Number(words[0][0]) / 25_000, last = Number(words[words.length - 1][1]) / 25_000;
    expect([first, last]).toEqual([0.49, 2.21]);
    const { original, webm } = json('grid_swwp2s.sync.json');
    const on = webm.soundSpan.onset + webm.audio.first_frame_pts;
    const off = webm.soundSpan.offset + webm.audio.first_frame_pts;
    // the end of the last word: within a frame; the start of the first word: the aligner puts it 56 ms before the
    // audible /s/ of "set" in the ORIGINAL too (original onset below), so that end is looser; the mean of the two
    // end differences (what a shift of the whole track would move) is within one frame
    expect(Math.abs(off - last)).toBeLessThan(FRAME);
    expect(Math.abs(original.soundSpan.onset - first)).toBeGreaterThan(0.04);
    expect(Math.abs(on - first)).toBeLessThan(0.075);
    expect(Math.abs((on - first + (off - last)) / 2)).toBeLessThan(FRAME);
  });
});

describe('soundSpan on a synthetic clip (independent: the tone is placed by construction)', () => {
  it('finds a tone burst at 0.5–1.25 s in noise within 10 ms', () => {
    const sr = 16_000;
    const ch = new Float32Array(2 * sr);
    let s = 1;
    for (let i = 0; i < ch.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      ch[i] = 0.001 * (s / 2 ** 32 - 0.5) + (i >= 0.5 * sr && i < 1.25 * sr ? 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr) : 0);
    }
    const span = soundSpan([ch], sr)!;
    expect(Math.abs(span.onset - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(span.offset - 1.25)).toBeLessThan(0.01);
    expect(soundSpan([new Float32Array(sr)], sr)).toBeUndefined(); // silence: no contrast
  });
});

describe('envelopeLag', () => {
  it('recovers a known shift of a noisy burst signal to the millisecond, either sign', () => {
    const sr = 8000;
    const base = new Float32Array(3 * sr);
    let s = 3;
    for (let i = 0; i < base.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const burst = Math.sin(i / 900) > 0.3 ? 0.5 : 0.01;
      base[i] = burst * (s / 2 ** 32 - 0.5);
    }
    const a = levelEnvelopeDb([base], sr);
    for (const shiftMs of [-23, 0, 7]) {
      const shifted = new Float32Array(base.length);
      const k = (shiftMs * sr) / 1000;
      for (let i = 0; i < base.length; i++) shifted[i] = base[i - k] ?? 0;
      expect(envelopeLag(a, levelEnvelopeDb([shifted], sr), 40).lag, `shift ${shiftMs} ms`).toBe(shiftMs);
    }
  });
});

