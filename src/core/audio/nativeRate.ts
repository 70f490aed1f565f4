/**
 * The sample rate an audio file was recorded at, read from its header. Web Audio's
 * `decodeAudioData` resamples to its context's rate and never says what the file had, so a file
 * at an unexpected rate (22.05 kHz where the scene says 16 kHz) would otherwise pass unnoticed and
 * every sample-level position on it would be off. Pure (bytes in, number out).
 *
 * Read: RIFF/WAVE (`fmt ` chunk), FLAC (STREAMINFO), Ogg (Vorbis identification header), WebM/
 * Matroska (the track's `SamplingFrequency`, read from the header before the first Cluster). Opus
 * (in Ogg or WebM) always decodes at 48 kHz, so that is its rate here (its headers also keep the
 * input rate it was encoded from, which is informational: ffprobe and decoders say 48000).
 * Anything else (MP3, AAC in MP4 …): null, and no rate check is made.
 */

const ascii = (b: Uint8Array, o: number, n: number): string => String.fromCharCode(...b.subarray(o, o + n));

function indexOf(b: Uint8Array, pat: readonly number[], from = 0, to = b.length): number {
  outer: for (let i = from; i + pat.length <= to; i++) {
    for (let j = 0; j < pat.length; j++) if (b[i + j] !== pat[j]) continue outer;
    return i;
  }
  return -1;
}

function wavRate(b: Uint8Array): number | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 12; o + 8 <= b.length; ) {
    const size = v.getUint32(o + 4, true);
    if (ascii(b, o, 4) === 'fmt ') return o + 16 <= b.length ? v.getUint32(o + 12, true) : null;
    o += 8 + size + (size & 1);
  }
  return null;
}

function flacRate(b: Uint8Array): number | null {
  // "fLaC", then the STREAMINFO block (4-byte header): min/max block (2+2), min/max frame (3+3), then 20 bits of rate
  if (b.length < 22) return null;
  const o = 8 + 10;
  return (b[o] << 12) | (b[o + 1] << 4) | (b[o + 2] >> 4);
}

function oggRate(b: Uint8Array): number | null {
  const head = b.subarray(0, Math.min(b.length, 4096));
  if (indexOf(head, [...'OpusHead'].map((c) => c.charCodeAt(0))) >= 0) return 48000;
  const i = indexOf(head, [1, ...[...'vorbis'].map((c) => c.charCodeAt(0))]);
  if (i < 0 || i + 16 > b.length) return null;
  return new DataView(b.buffer, b.byteOffset + i + 12, 4).getUint32(0, true);
}

/** WebM/Matroska: the first audio track's SamplingFrequency (EBML id 0xB5, a 4- or 8-byte float inside Audio 0xE1). */
function matroskaRate(b: Uint8Array): number | null {
  const cluster = indexOf(b, [0x1f, 0x43, 0xb6, 0x75]);
  const end = cluster < 0 ? Math.min(b.length, 1 << 16) : cluster;
  // CodecID "A_OPUS": Opus decodes at 48 kHz whatever SamplingFrequency (the input rate) says
  if (indexOf(b, [...'A_OPUS'].map((c) => c.charCodeAt(0)), 0, end) >= 0) return 48000;
  for (let a = indexOf(b, [0xe1], 0, end); a >= 0; a = indexOf(b, [0xe1], a + 1, end)) {
    // Audio's size (a 1-byte vint is enough for its few children), then its children
    const size = b[a + 1] & 0x80 ? b[a + 1] & 0x7f : -1;
    if (size <= 0) continue;
    const stop = Math.min(end, a + 2 + size);
    for (let o = a + 2; o + 2 <= stop; ) {
      const id = b[o];
      const len = b[o + 1] & 0x80 ? b[o + 1] & 0x7f : -1;
      if (len < 0) break;
      if (id === 0xb5 && (len === 4 || len === 8)) {
        const v = new DataView(b.buffer, b.byteOffset + o + 2, len);
        const rate = len === 4 ? v.getFloat32(0) : v.getFloat64(0);
        return Number.isFinite(rate) && rate > 0 ? Math.round(rate) : null;
      }
      o += 2 + len;
    }
  }
  return null;
}

/** The file's own sample rate from its header, or null when the format is not one read here. */
export function nativeSampleRate(bytes: Uint8Array): number | null {
  if (bytes.length < 12) return null;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return wavRate(bytes);
  if (ascii(bytes, 0, 4) === 'fLaC') return flacRate(bytes);
  if (ascii(bytes, 0, 4) === 'OggS') return oggRate(bytes);
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return matroskaRate(bytes);
  return null;
}
