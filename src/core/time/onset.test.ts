/**
 * Audio onsets and the audio–video offset. Synthetic: a clap (a decaying noise burst) added at a known
 * sample to seeded noise. Real: 1.2 s of pyannote's sample.wav (fixtures/audio-onset, PROVENANCE.md)
 * around the first speaker turn, whose start the recording's own diarization (fixtures/exchange/
 * sample.rttm, 6.690 s) gives independently, to the precision such references have (~0.1 s).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY, Scene } from '../schema';
import { audioOffsetInSample, audioSceneTime, audioSyncCandidates, detectOnset, estimateAudioVideoOffset } from './onset';
import { decodeWav } from './wav';

/** Seeded standard normal noise (mulberry32 + Box–Muller). */
function noise(n: number, sigma: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sigma * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return out;
}

const SR = 16000;
/** 2 s of noise at −60 dBFS with a clap (0.5 peak, 20 ms decay) starting at sample `at`. */
function clap(at: number, seed = 7): Float32Array {
  const x = noise(2 * SR, 1e-3, seed), burst = noise(SR, 1, seed + 1);
  for (let i = at; i < x.length; i++) x[i] += 0.5 * Math.exp(-(i - at) / (0.02 * SR)) * Math.sign(burst[i - at] || 1);
  return x;
}

describe('detectOnset', () => {
  it.each([20000, 5123, 31000])('finds a clap at sample %i to the sample', (at) => {
    const o = detectOnset(clap(at), SR)!;
    expect(o.sample).toBe(at);
    expect(o.time).toBeCloseTo(at / SR, 9);
    // the noise is −60 dBFS RMS; the 10th percentile of 10 ms windows sits a little below it
    expect(o.floorDb).toBeGreaterThan(-61.5);
    expect(o.floorDb).toBeLessThan(-60);
    expect(o.hop).toBe(0.005);
  });

  it('noise alone has no onset; a window restricts the search', () => {
    expect(detectOnset(noise(2 * SR, 1e-3, 3), SR)).toBeUndefined();
    const x = clap(20000);
    x.set(clap(8000, 11).subarray(0, 12000)); // an earlier clap at 8000
    expect(detectOnset(x, SR)!.sample).toBe(8000);
    expect(detectOnset(x, SR, { from: 16000 })!.sample).toBe(20000);
    expect(() => detectOnset(x, 0)).toThrow('sample rate must be positive');
  });

  it('real speech (pyannote sample, 6.000–7.200 s): the first turn`s onset within 0.1 s of the RTTM`s 6.690 s', () => {
    const file = 'fixtures/audio-onset/pyannote_sample_6000-7200ms.wav';
    const wav = decodeWav(readFileSync(file), file);
    expect(wav).toMatchObject({ sampleRate: 16000, channels: 1 });
    expect(wav.samples.length).toBe(19200);
    const firstTurn = Math.min(...readFileSync('fixtures/exchange/sample.rttm', 'utf8').trim().split('\n').map((l) => Number(l.split(/\s+/)[3])));
    expect(firstTurn).toBe(6.69);
    const o = detectOnset(wav.samples, wav.sampleRate)!;
    expect(Math.abs(6.0 + o.time - firstTurn)).toBeLessThan(0.1);
    // numpy (extract_excerpt.py): floor −72.2 dB, the first window above floor + 15 dB starts at 6.755 s
    expect(o.floorDb).toBeCloseTo(-72.2, 1);
    expect(6.0 + o.time).toBeGreaterThanOrEqual(6.755);
    expect(6.0 + o.time).toBeLessThan(6.765);
  });
});

describe('decodeWav', () => {
  const header = (format: number, bits: number, channels: number, data: Uint8Array) => {
    const b = new Uint8Array(44 + data.length), v = new DataView(b.buffer);
    const put = (o: number, s: string) => [...s].forEach((c, i) => (b[o + i] = c.charCodeAt(0)));
    put(0, 'RIFF'); v.setUint32(4, 36 + data.length, true); put(8, 'WAVE'); put(12, 'fmt '); v.setUint32(16, 16, true);
    v.setUint16(20, format, true); v.setUint16(22, channels, true); v.setUint32(24, 8000, true); v.setUint32(28, 8000 * channels * (bits / 8), true);
    v.setUint16(32, channels * (bits / 8), true); v.setUint16(34, bits, true); put(36, 'data'); v.setUint32(40, data.length, true); b.set(data, 44);
    return b;
  };
  it('reads PCM16 stereo as the mean of the channels; refuses other files naming them', () => {
    const d = new Uint8Array(8), v = new DataView(d.buffer);
    v.setInt16(0, 16384, true); v.setInt16(2, 0, true); v.setInt16(4, -32768, true); v.setInt16(6, -32768, true);
    expect(Array.from(decodeWav(header(1, 16, 2, d), 'st.wav').samples)).toEqual([0.25, -1]);
    expect(() => decodeWav(header(1, 8, 1, d), 'u8.wav')).toThrow('u8.wav: unsupported encoding (format 1, 8 bits)');
    expect(() => decodeWav(new TextEncoder().encode('hello world, not a wav'), 'x.txt')).toThrow('x.txt: not a RIFF/WAVE file');
  });
});

describe('audio vs video', () => {
  it('offset = audio onset − visual time, uncertainty = half a frame + the hop', () => {
    const e = estimateAudioVideoOffset({ audio: { stream: 'mic', sensor: 'mic', onset: 2.04, hop: 0.005 }, video: { stream: 'vid', sensor: 'vid', time: 2.0, frameDuration: 0.04 } });
    expect(e).toMatchObject({ stream: 'mic', reference: 'vid', method: 'onset' });
    expect(e.offset).toBeCloseTo(0.04, 12);
    expect(e.uncertainty).toBeCloseTo(0.025, 12);
  });

  it('a scene: the clap seen at video frame 50 (25 fps, 2.000 s), heard 40 ms later in an audio file starting at 0.5 s', () => {
    const scene = Scene.parse({
      schemaVersion: 3, id: 'av', name: 'av', taxonomy: DEFAULT_TAXONOMY,
      sensors: [{ id: 'vid', name: 'vid', kind: 'video', fps: 25 }, { id: 'mic', name: 'mic', kind: 'audio', sampleRate: SR }],
      streams: [
        { id: 'vid', sensor: 'vid', samples: Array.from({ length: 100 }, (_, i) => ({ id: `v${i}`, t: i / 25 })) },
        { id: 'mic', sensor: 'mic', samples: [{ id: 'a', t: 0.5, duration: 2 }] },
      ],
      objects: {}, annotations: {},
      timeLabels: { clap: { id: 'clap', kind: 'event', type: 'Clap', intervals: [{ start: 2.0, end: 2.0 }] } },
    });
    const { candidates, skipped } = audioSyncCandidates(scene);
    expect(skipped).toEqual([]);
    expect(candidates).toHaveLength(1);
    const c = candidates[0];
    expect(c.video).toMatchObject({ sensor: 'vid', frameDuration: 0.04 });
    const pcm = clap(Math.round((2.04 - 0.5) * SR));
    // search ±0.5 s around the visual time, in the file's own samples
    const from = audioOffsetInSample(c.audio.stream, c.audio.index, c.visualTime - 0.5) * SR;
    const o = detectOnset(pcm, SR, { from, to: from + SR })!;
    const e = estimateAudioVideoOffset({
      audio: { stream: c.audio.stream.id, sensor: c.audio.sensor, onset: audioSceneTime(c.audio.stream, c.audio.index, o.time), hop: o.hop },
      video: { stream: c.video.stream.id, sensor: c.video.sensor, time: c.visualTime, frameDuration: c.video.frameDuration },
    });
    expect(e.offset).toBeCloseTo(0.04, 4);
    expect(e.uncertainty).toBeCloseTo(0.025, 12);
  });

  it('scene time ↔ time in an audio sample with offset and drift', () => {
    const st = { id: 'a', sensor: 'a', offset: 0.3, drift: 1e-3, samples: [{ id: 'a0', t: 10 }, { id: 'a1', t: 40 }] };
    const t = audioSceneTime(st, 1, 5);
    expect(t).toBeCloseTo(45 + 0.3 + 1e-3 * 35, 12);
    expect(audioOffsetInSample(st, 1, t)).toBeCloseTo(5, 12);
  });
});
