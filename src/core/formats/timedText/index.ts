/**
 * Timed text (speaker turns, transcripts, subtitles) into a scene: one reader for RTTM, WebVTT,
 * SRT, STM and whisper JSON, and the shared step that adds the segments to an audio/video sensor.
 */
export { TimedSegment, TimedText, WordTiming, TIMED_TEXT_FORMATS, type TimedTextFormat } from './segment';
export { readTimedText, timedTextFormatOfPath, whisperToTimedText } from './read';
export { addTimedSegments, pickMediaSensor, pickSpeakerClass, UNATTRIBUTED, type AddTimedSegmentsOptions, type AddTimedSegmentsResult } from './addTimedSegments';
