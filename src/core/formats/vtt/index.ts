/** WebVTT transcripts: parse (hours optional, NOTE blocks, cue settings, voice spans, word timestamps), import, export. */
export { parseVtt, parseVttTime, formatVttTime, vttToSegments, importVtt, exportVtt, segmentWords, cueText, VttFormatError, type VttCue, type VttWord, type VttSegment } from './vtt';
