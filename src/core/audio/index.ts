/** Audio and video media in the core: waveform peaks, sound onset, frame times, bad-input messages. Pure, typed arrays. */
export { computePeaks, PeakPyramid, BASE_SHIFT as PEAK_BASE_SHIFT, type PeaksView } from './peaks';
export { soundSpan, frameLevelsDb, monoMix, levelEnvelopeDb, envelopeLag, type SoundSpan, type SoundSpanOptions } from './onset';
export { VideoFrameTimes, FrameTimesError, parseVideoFrameTimes, frameIndexAt } from './frameTimes';
export {
  audioDecodeErrorMessage,
  checkAudioSampleRate,
  checkTimesIncrease,
  nativeSampleRate,
  sniffMediaContainer,
  videoDecodeErrorMessage,
} from './mediaChecks';
export { mediaClipScene, type MediaClipSceneInput } from './clipScene';
