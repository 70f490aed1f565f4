/**
 * One reader for every timed-text format: file text → segments in file seconds, for the CLI's
 * `import rttm|vtt|stm|whisper|srt` and for a file dropped on the workbench.
 */
import { parseRttm, rttmToSegments } from '../rttm';
import { parseVtt, vttToSegments } from '../vtt';
import { parseSrt } from '../srt';
import { parseStm, STM_NON_SPEECH } from '../stm';
import { parseWhisperJson, readWhisperJson, type WhisperTranscript } from '../whisper';
import { TIMED_TEXT_FORMATS, type TimedSegment, type TimedText, type TimedTextFormat, type WordTiming } from './segment';

/** The timed-text format a file name says (`.json` is whisper only when its content has that shape). */
export function timedTextFormatOfPath(path: string): TimedTextFormat | undefined {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json') return 'whisper';
  return TIMED_TEXT_FORMATS.find((f) => f === ext);
}

/** Whisper segments → timed segments: text and words as written, score = exp(avg_logprob). */
export function whisperToTimedText(doc: WhisperTranscript, file: string): TimedText {
  let untimed = 0;
  const segments = doc.segments.map((s): TimedSegment => {
    const seg: TimedSegment = { start: s.start, end: s.end, text: s.text };
    if (s.speaker !== undefined) seg.speaker = s.speaker;
    if (s.words) {
      seg.words = s.words.map((w) => {
        const o: WordTiming = { word: w.word };
        if (w.start !== undefined) o.start = w.start;
        if (w.end !== undefined) o.end = w.end;
        // openai-whisper / faster-whisper call the word's confidence `probability`, WhisperX `score`
        const p = typeof w.probability === 'number' ? w.probability : (w as { score?: unknown }).score;
        if (typeof p === 'number') o.probability = p;
        if (o.start === undefined || o.end === undefined) untimed++;
        return o;
      });
    }
    // whisper's avg_logprob is the mean log-probability of the segment's tokens: exp() is their geometric-mean probability
    if (typeof s.avg_logprob === 'number') seg.score = Math.exp(s.avg_logprob);
    const facts: Record<string, number> = {};
    for (const k of ['id', 'avg_logprob', 'no_speech_prob', 'compression_ratio', 'temperature'] as const) {
      const v = s[k];
      if (typeof v === 'number') facts[k] = v;
    }
    seg.metadata = { whisper: facts };
    return seg;
  });
  const warnings = untimed ? [`${file}: ${untimed} word${untimed === 1 ? ' has' : 's have'} no start/end (not aligned); kept in their segment without times`] : [];
  const out: TimedText = { format: 'whisper', segments, source: 'model', dropped: [], warnings };
  if (doc.language) out.language = doc.language;
  return out;
}

/**
 * Parse `text` as `format`. Throws the format's error, which names the file and the line.
 * For whisper, `json` (the document already parsed, e.g. with Python's NaN read as null) may be given.
 */
export function readTimedText(format: TimedTextFormat, text: string, file: string, json?: unknown): TimedText {
  switch (format) {
    case 'rttm': {
      const turns = parseRttm(text, file);
      const segments = rttmToSegments(turns).map((s, k): TimedSegment => ({ ...s, line: turns[k].line }));
      return { format, segments, source: 'imported', dropped: [], warnings: [] };
    }
    case 'vtt': {
      const cues = parseVtt(text, file);
      const segments = vttToSegments(cues).map((s, k): TimedSegment => ({ ...s, line: cues[k].line }));
      return { format, segments, source: 'imported', dropped: [], warnings: [] };
    }
    case 'srt': {
      const segments = parseSrt(text, file).map((c): TimedSegment => ({ start: c.start, end: c.end, text: c.text, line: c.line }));
      return { format, segments, source: 'imported', dropped: [], warnings: [] };
    }
    case 'stm': {
      const rows = parseStm(text, file);
      const gaps = rows.filter((r) => (STM_NON_SPEECH as readonly string[]).includes(r.speaker));
      const gapSet = new Set(gaps); // a Set: thousands of gap lines made `gaps.includes` quadratic
      const segments = rows
        .filter((r) => !gapSet.has(r))
        .map((r): TimedSegment => {
          const seg: TimedSegment = { start: r.start, end: r.end, speaker: r.speaker, line: r.line };
          if (r.text !== '') seg.text = r.text; // a speaker turn with no words has no text
          if (r.label !== undefined) seg.metadata = { stmLabel: r.label };
          return seg;
        });
      const dropped = gaps.length ? [{ what: 'STM line', count: gaps.length, reason: `speaker ${[...new Set(gaps.map((g) => g.speaker))].join(' / ')} marks a region that is not speech` }] : [];
      const files = [...new Set(rows.map((r) => r.file))];
      const warnings = files.length > 1 ? [`${file}: lines for ${files.length} waveform files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}) all go on one sensor`] : [];
      return { format, segments, source: 'imported', dropped, warnings };
    }
    case 'whisper':
      return whisperToTimedText(json !== undefined ? readWhisperJson(json, file, text) : parseWhisperJson(text, file), file);
  }
}
