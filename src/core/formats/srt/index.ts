/** SubRip (.srt) subtitles: parse (BOM, CRLF, multi-line cues, text kept as written) and export. */
export { parseSrt, parseSrtTime, formatSrtTime, exportSrt, SrtFormatError, type SrtCue } from './srt';
