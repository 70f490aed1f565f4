/** WebVTT transcripts: parse (hours optional, NOTE blocks, cue settings, voice spans), import, export. */
export { parseVtt, parseVttTime, formatVttTime, vttToSegments, importVtt, exportVtt, VttFormatError, type VttCue } from './vtt';
