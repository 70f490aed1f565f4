/** NIST STM reference transcripts: parse (comments, optional <label>, transcript kept as written). */
export { parseStm, StmFormatError, STM_NON_SPEECH, type StmSegment } from './stm';
