/**
 * openai-whisper transcripts (FORMATS.md §8): the dict `transcribe()` returns and
 * `whisper --output_format json` writes, `{text, segments: [{id, seek, start, end, text, tokens,
 * temperature, avg_logprob, compression_ratio, no_speech_prob, words?}], language}`, with
 * `words: [{word, start, end, probability}]` only under `word_timestamps=True`. Times are seconds
 * from the start of the audio. faster-whisper's segments carry the same fields; WhisperX adds a
 * `speaker` to segments (and words) after diarization, which is read when present.
 *
 * Texts are kept exactly as the model wrote them, leading space included (whisper's tokens carry
 * the space before a word: `" And so"`), never re-cased or re-spaced — issue #15.
 */
import { z } from 'zod';
import { formatJsonPath, jsonSyntaxError, lineOfJsonPath } from './jsonLines';
import { printable } from '../printable';

/** Error naming the file, the 1-based line when known, and the JSON path. */
export class WhisperFormatError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly problem: string) {
    super(printable(`${file}${line ? `:${line}` : ''}: ${problem}`));
    this.name = 'WhisperFormatError';
  }
}

// Python's json writes NaN for a missing log-probability; read through parseJson that becomes null
const num = z.number().nullable().optional();

export const WhisperWord = z.looseObject({
  word: z.string(),
  /** Seconds; WhisperX leaves them out for words it could not align (numerals). */
  start: z.number().optional(),
  end: z.number().optional(),
  probability: num,
  speaker: z.string().optional(),
});
export type WhisperWord = z.infer<typeof WhisperWord>;

export const WhisperSegment = z.looseObject({
  id: z.number().int().optional(),
  seek: num,
  start: z.number(),
  end: z.number(),
  text: z.string(),
  tokens: z.array(z.number()).optional(),
  temperature: num,
  avg_logprob: num,
  compression_ratio: num,
  no_speech_prob: num,
  words: z.array(WhisperWord).optional(),
  speaker: z.string().optional(),
});
export type WhisperSegment = z.infer<typeof WhisperSegment>;

export const WhisperTranscript = z.looseObject({
  text: z.string().optional(),
  language: z.string().optional(),
  segments: z.array(WhisperSegment),
});
export type WhisperTranscript = z.infer<typeof WhisperTranscript>;

/** Whether a parsed JSON value has whisper's shape: an object with a `segments` array of {start, end, text}. */
export function looksLikeWhisper(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const segs = (v as { segments?: unknown }).segments;
  if (!Array.isArray(segs)) return false;
  if (segs.length === 0) return 'text' in v || 'language' in v;
  const s = segs[0] as Record<string, unknown> | null;
  return typeof s === 'object' && s !== null && 'start' in s && 'end' in s && 'text' in s;
}

/**
 * Validate an already parsed whisper document. `text` (the file's text) is used only to name the
 * line of a bad value. Checks the schema above, then that no segment or word ends before it starts.
 */
export function readWhisperJson(value: unknown, file: string, text?: string): WhisperTranscript {
  // the line of the value, else of the nearest enclosing value that exists (a missing key: its object)
  const where = (path: (string | number)[]): number | undefined => {
    if (text === undefined) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const line = lineOfJsonPath(text, path.slice(0, n));
      if (line !== undefined) return line;
    }
    return undefined;
  };
  const r = WhisperTranscript.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem${r.error.issues.length > 2 ? 's' : ''})` : '';
    throw new WhisperFormatError(file, where(path), `${formatJsonPath(path)}: ${issue.message}${more}; expected openai-whisper's JSON {text, segments: [{id, start, end, text, words?}], language}`);
  }
  r.data.segments.forEach((s, k) => {
    if (s.end < s.start) throw new WhisperFormatError(file, where(['segments', k, 'end']), `segments[${k}] ends (${s.end} s) before it starts (${s.start} s)`);
    s.words?.forEach((w, j) => {
      if (w.start !== undefined && w.end !== undefined && w.end < w.start)
        throw new WhisperFormatError(file, where(['segments', k, 'words', j, 'end']), `segments[${k}].words[${j}] (${JSON.stringify(w.word)}) ends (${w.end} s) before it starts (${w.start} s)`);
    });
  });
  return r.data;
}

const PYTHON_NON_FINITE = /([:[,]\s*)(?:-?Infinity|NaN)(?=\s*[,\]}])/g;

/** Parse whisper JSON text (syntax errors name their line; Python's bare NaN / ±Infinity read as null). */
export function parseWhisperJson(text: string, file: string): WhisperTranscript {
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    // Python's json.dump writes NaN / Infinity bare (a segment's avg_logprob can be NaN): read as null
    try {
      value = JSON.parse(body.replace(PYTHON_NON_FINITE, '$1null'));
    } catch {
      const at = jsonSyntaxError(body);
      throw new WhisperFormatError(file, at?.line, `invalid JSON: ${at?.problem ?? (e as Error).message}`);
    }
  }
  return readWhisperJson(value, file, body);
}
