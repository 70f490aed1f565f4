/** NIST RTTM speaker diarization: parse, import as speaker time segments, export. */
export { parseRttm, rttmToSegments, importRttm, exportRttm, RttmFormatError, type RttmTurn } from './rttm';
export { addTimeSegments, mediaOrigin, segmentsOf, type FileSegment, type SegmentImportOptions } from './segments';
