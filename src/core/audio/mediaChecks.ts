/**
 * Bad media input → one clear message that names the file and says what to do. The panes call these
 * when the browser refuses a file (HTMLMediaElement.error, a rejected decodeAudioData) or when a file
 * does not match the scene (sample rate, timestamps); the rest of the workbench keeps working.
 */

/** MediaError codes (HTML spec): 1 aborted, 2 network, 3 decode, 4 source not supported. */
const MEDIA_ERR: Record<number, string> = {
  1: 'loading was aborted',
  2: 'a network error stopped the download',
  3: 'the browser could not decode it (corrupt or unsupported stream)',
  4: 'the browser cannot play this format or codec',
};

/** What the first bytes of a media file say it is (magic numbers), for messages. */
export function sniffMediaContainer(header: Uint8Array): string | undefined {
  const h = header;
  const ascii = (a: number, b: number): string => String.fromCharCode(...h.subarray(a, b));
  if (h.length >= 4 && h[0] === 0x1a && h[1] === 0x45 && h[2] === 0xdf && h[3] === 0xa3) return 'Matroska/WebM';
  if (h.length >= 8 && ascii(4, 8) === 'ftyp') return 'MP4/QuickTime';
  if (h.length >= 4 && h[0] === 0 && h[1] === 0 && h[2] === 1 && h[3] === 0xba) return 'MPEG program stream (MPEG-1/2 video, e.g. .mpg)';
  if (h.length >= 4 && h[0] === 0 && h[1] === 0 && h[2] === 1 && h[3] === 0xb3) return 'MPEG-1/2 video elementary stream';
  if (h.length >= 189 && h[0] === 0x47 && h[188] === 0x47) return 'MPEG transport stream';
  if (h.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return 'AVI';
  if (h.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'WAV';
  if (h.length >= 4 && ascii(0, 4) === 'fLaC') return 'FLAC';
  if (h.length >= 4 && ascii(0, 4) === 'OggS') return 'Ogg';
  if (h.length >= 3 && ascii(0, 3) === 'ID3') return 'MP3 (ID3 tag)';
  if (h.length >= 2 && h[0] === 0xff && (h[1] & 0xe0) === 0xe0) return 'MPEG audio (MP1/MP2/MP3) or AAC ADTS';
  return undefined;
}

/**
 * The message for a video the browser will not play. `error` is the element's MediaError (or any
 * `{code, message}`); `header` (the file's first bytes, optional) names the real container.
 */
export function videoDecodeErrorMessage(file: string, error: { code?: number; message?: string } | null | undefined, header?: Uint8Array): string {
  const what = error?.code !== undefined ? (MEDIA_ERR[error.code] ?? `media error ${error.code}`) : 'the browser could not play it';
  const container = header ? sniffMediaContainer(header) : undefined;
  const detail = error?.message ? ` (${error.message})` : '';
  const kind = container ? ` The file is ${container}.` : '';
  const fix = error?.code === 1 || error?.code === 2 ? '' : ' Transcode it to WebM (VP9 + Opus) or MP4 (H.264 + AAC), e.g. with scripts/media/transcode.py.';
  return `${file}: cannot play this video: ${what}${detail}.${kind}${fix}`;
}

/** The message for audio that the browser could not decode (a rejected decodeAudioData). */
export function audioDecodeErrorMessage(file: string, error: unknown, header?: Uint8Array): string {
  const container = header ? sniffMediaContainer(header) : undefined;
  const reason = error instanceof Error ? error.message : error ? String(error) : 'unknown error';
  return `${file}: cannot decode this audio (${reason}).${container ? ` The file is ${container}.` : ''} Use WAV, FLAC, Ogg/WebM Opus, MP3 or AAC.`;
}

/**
 * A decoded sample rate that differs from the one the scene expects (its audio sensor's
 * `sampleRate`): the message, or undefined when they agree. Times stay right (Web Audio resamples),
 * but sample-index positions and the sensor's metadata do not.
 */
export function checkAudioSampleRate(file: string, decodedRate: number, expectedRate: number | undefined): string | undefined {
  if (expectedRate === undefined || decodedRate === expectedRate) return undefined;
  return `${file}: sample rate ${decodedRate} Hz, but the scene expects ${expectedRate} Hz: this is probably not the recording the labels were made on (or it was resampled); times are kept in seconds, sample positions are not comparable`;
}

export { nativeSampleRate } from './nativeRate';

/**
 * Times (seconds) that must not go backwards — a frame-times list, a transcript's cue starts: the
 * message naming the file and the first offending entry, or undefined when they never decrease.
 */
export function checkTimesIncrease(file: string, times: ArrayLike<number>, what = 'timestamp'): string | undefined {
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) return `${file}: ${what} ${i + 1} is not a finite number (${t})`;
    if (i > 0 && t < times[i - 1]) return `${file}: ${what}s go backwards: ${what} ${i + 1} (${t} s) is earlier than ${what} ${i} (${times[i - 1]} s)`;
  }
  return undefined;
}
