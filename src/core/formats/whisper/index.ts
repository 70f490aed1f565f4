/** openai-whisper / faster-whisper / WhisperX JSON transcripts: segments with word timings. */
export { parseWhisperJson, readWhisperJson, looksLikeWhisper, WhisperFormatError, WhisperTranscript, WhisperSegment, WhisperWord } from './whisper';
export { lineOfJsonPath, jsonSyntaxError, formatJsonPath, lineAt } from './jsonLines';
