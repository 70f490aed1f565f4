/**
 * A timed segment as the transcript and diarization formats hold it (RTTM, WebVTT, SRT, STM,
 * whisper JSON), before it is placed on a scene's clock: times are seconds from the start of
 * the media file.
 */
import { z } from 'zod';
import { AnnotationSource, Metadata } from '../../schema';

/** One word with its timing (whisper's `word_timestamps`); times in the same clock as its segment. */
export const WordTiming = z.object({
  /** The word exactly as the model wrote it (whisper keeps the leading space: `" And"`). */
  word: z.string(),
  start: z.number().optional(),
  end: z.number().optional(),
  probability: z.number().optional(),
});
export type WordTiming = z.infer<typeof WordTiming>;

export const TimedSegment = z
  .object({
    start: z.number(),
    end: z.number(),
    /** Speaker label as written in the file (RTTM speaker, STM speaker, WebVTT voice, WhisperX speaker). */
    speaker: z.string().optional(),
    /** Transcript text, exactly as the file has it. */
    text: z.string().optional(),
    words: z.array(WordTiming).optional(),
    /** Model confidence (0..1) when the file is model output. */
    score: z.number().optional(),
    /** Extra per-segment facts kept on the annotation (e.g. the STM label, whisper's log-probability). */
    metadata: Metadata.optional(),
    /** 1-based source line, for messages. */
    line: z.number().int().positive().optional(),
  })
  .refine((s) => s.end >= s.start, { message: 'a segment must end after it starts', path: ['end'] });
export type TimedSegment = z.infer<typeof TimedSegment>;

/** What a timed-text file gave: its segments plus what it could not give (never dropped silently). */
export const TimedText = z.object({
  format: z.enum(['rttm', 'vtt', 'stm', 'whisper', 'srt']),
  segments: z.array(TimedSegment),
  /** `model` for ASR output (whisper), `imported` for the rest. */
  source: AnnotationSource,
  /** BCP-47 / whisper language code when the file names one. */
  language: z.string().optional(),
  dropped: z.array(z.object({ what: z.string(), count: z.number(), reason: z.string() })),
  warnings: z.array(z.string()),
});
export type TimedText = z.infer<typeof TimedText>;
export type TimedTextFormat = TimedText['format'];
export const TIMED_TEXT_FORMATS: readonly TimedTextFormat[] = TimedText.shape.format.options;
