/**
 * A minimal RIFF/WAVE reader for PCM audio (16-bit integer, and 32-bit float): enough to detect an
 * onset headless (CLI `sync`, tests). Channels are averaged to mono. Errors name the file and the
 * problem. Browsers decode audio with the Web Audio API instead.
 */

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  /** Mono samples in [−1, 1) (channels averaged). */
  samples: Float32Array;
}

export class WavFormatError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'WavFormatError';
  }
}

const tag = (v: DataView, o: number): string => String.fromCharCode(v.getUint8(o), v.getUint8(o + 1), v.getUint8(o + 2), v.getUint8(o + 3));

/** Decode a PCM16 or float32 WAV file to mono Float32 samples. */
export function decodeWav(bytes: Uint8Array, file: string): PcmAudio {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || tag(v, 0) !== 'RIFF' || tag(v, 8) !== 'WAVE') throw new WavFormatError(file, 'not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let data: { offset: number; size: number } | undefined;
  for (let o = 12; o + 8 <= bytes.byteLength; ) {
    const id = tag(v, o), size = v.getUint32(o + 4, true);
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError(file, `fmt chunk of ${size} bytes (needs 16)`);
      let format = v.getUint16(o + 8, true);
      if (format === 0xfffe && size >= 26) format = v.getUint16(o + 32, true); // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID's first two bytes
      fmt = { format, channels: v.getUint16(o + 10, true), rate: v.getUint32(o + 12, true), bits: v.getUint16(o + 22, true) };
    } else if (id === 'data') data = { offset: o + 8, size: Math.min(size, bytes.byteLength - o - 8) };
    o += 8 + size + (size & 1);
  }
  if (!fmt) throw new WavFormatError(file, 'no fmt chunk');
  if (!data) throw new WavFormatError(file, 'no data chunk');
  const { format, channels, rate, bits } = fmt;
  const pcm16 = format === 1 && bits === 16, float32 = format === 3 && bits === 32;
  if (!pcm16 && !float32) throw new WavFormatError(file, `unsupported encoding (format ${format}, ${bits} bits): only PCM 16-bit and float 32-bit are read`);
  if (!(channels > 0) || !(rate > 0)) throw new WavFormatError(file, `invalid fmt chunk (${channels} channels, ${rate} Hz)`);
  const width = bits / 8, frames = Math.floor(data.size / (width * channels));
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) {
      const o = data.offset + (i * channels + c) * width;
      s += pcm16 ? v.getInt16(o, true) / 32768 : v.getFloat32(o, true);
    }
    out[i] = s / channels;
  }
  return { sampleRate: rate, channels, samples: out };
}
