/**
 * `tsx scripts/media/onset.ts <file.f32> <sampleRate> [channels=1] [--envelope]`: the sound span
 * (core/audio/onset soundSpan) of raw little-endian float32 interleaved PCM (what `ffmpeg -f f32le`
 * writes) as JSON on stdout; with --envelope also the 1 ms level envelope of the mono mix
 * (levelEnvelopeDb, dB rounded to 0.01). Used by transcode.py to measure the original's and the
 * transcoded file's timing with the same code the Chromium sync test runs on the browser's decode.
 */
import { readFileSync } from 'node:fs';
import { levelEnvelopeDb, soundSpan } from '../../src/core/audio/onset';

const args = process.argv.slice(2);
const envelope = args.includes('--envelope');
const [file, rateArg, chArg] = args.filter((a) => a !== '--envelope');
if (!file || !rateArg) {
  console.error('usage: tsx scripts/media/onset.ts <file.f32> <sampleRate> [channels=1] [--envelope]');
  process.exit(2);
}
const rate = Number(rateArg);
const nch = Number(chArg ?? 1);
const buf = readFileSync(file);
const all = new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 4));
const frames = Math.floor(all.length / nch);
const channels = Array.from({ length: nch }, (_, c) => {
  const ch = new Float32Array(frames);
  for (let i = 0; i < frames; i++) ch[i] = all[i * nch + c];
  return ch;
});
const span = soundSpan(channels, rate);
if (!span) {
  console.error(`${file}: no sound span found (silent or constant level)`);
  process.exit(1);
}
const out: Record<string, unknown> = { ...span, sampleRate: rate, channels: nch, duration: frames / rate };
if (envelope) out.envelopeDb = Array.from(levelEnvelopeDb(channels, rate), (v) => Math.round(v * 100) / 100);
console.log(JSON.stringify(out));
