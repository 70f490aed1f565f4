/**
 * `import rttm|vtt|stm|whisper|srt <file> --scene scene.json --out scene2.json [--sensor ID] [--offset S]`:
 * speaker turns, transcripts and subtitles added to an existing scene as timeSegments on an audio
 * (default: the first audio sensor, else the first video sensor) or video sensor, linked to one
 * speaker object per label (reused when the scene already has it). Scene time = the sensor's first
 * sample time + --offset + file time. Prints {out, format, sensor, origin, segments, words,
 * speakers, newObjects, reused, language, summary, warnings}. The file must be UTF-8; its text is
 * kept byte for byte. Errors name the file and line (exit 2 for an unreadable or malformed input, 1
 * when the scene cannot take the segments); nothing is written on failure.
 */
import { addTimedSegments, readTimedText, type TimedTextFormat } from '../../core/formats/timedText';
import { serializeScene, validateScene } from '../../core/schema';
import { CliError, EXIT, fileError, flagString, info, printJson, readSceneFile, usageError, writeFileAtomic } from '../io';
import { readerError } from '../errors';
import { readTextFile } from './textInput';

export function importTimedFile(format: TimedTextFormat, path: string, flags: Record<string, string | true>, out: string): number {
  const scenePath = flagString(flags, 'scene');
  if (!scenePath) throw usageError(`--scene <scene.json> is required: ${format} segments are added to an existing scene`);
  const offsetFlag = flagString(flags, 'offset');
  const offset = offsetFlag === undefined ? 0 : Number(offsetFlag);
  if (offsetFlag !== undefined && (offsetFlag.trim() === '' || !Number.isFinite(offset))) throw usageError(`--offset must be a number of seconds, got ${JSON.stringify(offsetFlag)}`);
  const scene = readSceneFile(scenePath);
  // timed-text files are read as UTF-8; another encoding must be converted first (iconv -f <encoding> -t UTF-8)
  const text = readTextFile(path, 'timed-text files are read as UTF-8: convert it first, e.g. iconv -f <encoding> -t UTF-8');
  let timed;
  try {
    timed = readTimedText(format, text, path);
  } catch (e) {
    throw readerError(e) ?? fileError(path, (e as Error).message.startsWith(`${path}: `) ? (e as Error).message.slice(path.length + 2) : (e as Error).message);
  }
  let result;
  try {
    result = addTimedSegments(scene, timed.segments, { file: path, sensor: flagString(flags, 'sensor'), offset, prefix: format, source: timed.source });
  } catch (e) {
    // the scene cannot take them (no audio/video sensor, --sensor unknown): the operation failed
    throw new CliError((e as Error).message, EXIT.failed);
  }
  const serialized = serializeScene(result.scene);
  const check = validateScene(JSON.parse(serialized));
  if (!check.ok) throw new CliError(`${out}: the scene with the imported segments does not validate (importer bug): ${check.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, EXIT.failed);
  const warnings = [...timed.warnings, ...result.warnings];
  const dropped = [...timed.dropped, ...result.summary.dropped];
  for (const d of dropped) info(`not imported: ${d.count} × ${d.what} — ${d.reason}`);
  for (const w of warnings) info(`warning: ${w}`);
  writeFileAtomic(out, serialized);
  info(`${path}: ${result.annotations.length} segment(s) on "${result.sensor}", ${Object.keys(result.speakers).length} speaker(s) (${result.objects.length} new) → ${out}`);
  printJson({
    out,
    format,
    sensor: result.sensor,
    origin: result.origin,
    segments: result.annotations.length,
    words: result.summary.written.words,
    speakers: result.speakers,
    newObjects: result.objects.map((o) => o.id),
    reused: result.reused,
    ...(timed.language ? { language: timed.language } : {}),
    summary: { written: result.summary.written, dropped },
    warnings,
  });
  return 0;
}
