/**
 * `sync <scene.json> [--json] [--threshold S]`: the measured clock offset of each stream pair,
 * estimated from the labels (core/time/sync.ts, onset.ts):
 * - every camera against every LiDAR, from moving objects labelled in both (cuboid centres projected
 *   into the camera against the 2D box centres, over each track);
 * - every audio stream against the video where the scene has a sync event (a time label of kind
 *   `event`, type sync / clap / onset / slate, at the video frame where it is seen) and the audio
 *   sample is a local WAV file (PCM 16-bit or float 32-bit, path relative to the scene file): the
 *   onset heard within ±0.5 s of the event.
 * Output: with --json, `[{stream, reference, offset, uncertainty, exceeds}]` on stdout (seconds;
 * offset positive when `stream` is late, i.e. its clock correction is offset −= estimate; exceeds:
 * |offset| > threshold); otherwise a table on stderr. Pairs without evidence are listed on stderr.
 * Exit 0 when no offset exceeds --threshold (default 0.01 s); 1 when one does, or when no pair has
 * the evidence for an estimate (the operation failed); 2 for usage errors, an unreadable or invalid
 * scene or audio file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Scene } from '../../core/schema';
import { audioOffsetInSample, audioSceneTime, audioSyncCandidates, detectOnset, estimateAudioVideoOffset, type AudioSyncCandidate } from '../../core/time/onset';
import { estimateCameraLidarOffset, SyncEvidenceError, type OffsetEstimate } from '../../core/time/sync';
import { decodeWav, WavFormatError } from '../../core/time/wav';
import { CliError, EXIT, flagString, info, parseArgs, printJson, readSceneFile, usageError, type CliCommand } from '../io';

const USAGE = `crosslabel sync <scene.json> [--json] [--threshold S]
  estimates each stream pair's clock offset from the labels (camera vs LiDAR from moving objects,
  audio vs video from a sync event's onset); exit 1 when one exceeds --threshold seconds (default 0.01)`;

/** Audio onsets are searched this far (s) either side of the sync event. */
const ONSET_WINDOW_S = 0.5;

function audioEstimate(sceneFile: string, c: AudioSyncCandidate, notes: string[]): OffsetEstimate | undefined {
  const sample = c.audio.stream.samples[c.audio.index];
  const what = `audio "${c.audio.sensor}" vs video "${c.video.sensor}" (sync event "${c.event.id}")`;
  if (!sample.uri || /^[a-z][a-z0-9+.-]*:/i.test(sample.uri)) {
    notes.push(`${what}: the audio sample "${sample.id}" has no local file`);
    return undefined;
  }
  const path = isAbsolute(sample.uri) ? sample.uri : resolve(dirname(resolve(sceneFile)), sample.uri);
  if (!existsSync(path)) {
    notes.push(`${what}: ${path} not found`);
    return undefined;
  }
  let pcm;
  try {
    pcm = decodeWav(readFileSync(path), path);
  } catch (e) {
    // the WAV file is the unreadable input; the scene names it
    if (e instanceof WavFormatError) throw new CliError(`${e.message} (audio sample "${sample.id}" of ${sceneFile})`, EXIT.input);
    throw e;
  }
  const sr = pcm.sampleRate;
  const from = Math.max(0, Math.floor(audioOffsetInSample(c.audio.stream, c.audio.index, c.visualTime - ONSET_WINDOW_S) * sr));
  const to = Math.min(pcm.samples.length, Math.ceil(audioOffsetInSample(c.audio.stream, c.audio.index, c.visualTime + ONSET_WINDOW_S) * sr));
  const onset = detectOnset(pcm.samples, sr, { from, to });
  if (!onset) {
    notes.push(`${what}: no onset stands out of the noise within ±${ONSET_WINDOW_S} s of ${c.visualTime} s`);
    return undefined;
  }
  return estimateAudioVideoOffset({
    audio: { stream: c.audio.stream.id, sensor: c.audio.sensor, onset: audioSceneTime(c.audio.stream, c.audio.index, onset.time), hop: onset.hop },
    video: { stream: c.video.stream.id, sensor: c.video.sensor, time: c.visualTime, frameDuration: c.video.frameDuration },
  });
}

/** Every pair's estimate, and why the others have none. */
export function estimateScene(scene: Scene, sceneFile: string): { estimates: OffsetEstimate[]; notes: string[] } {
  const estimates: OffsetEstimate[] = [], notes: string[] = [];
  for (const cam of scene.sensors) {
    if (cam.kind !== 'camera') continue;
    for (const lidar of scene.sensors) {
      if (lidar.kind !== 'lidar') continue;
      try {
        estimates.push(estimateCameraLidarOffset(scene, cam.id, lidar.id));
      } catch (e) {
        if (e instanceof SyncEvidenceError) notes.push(e.message);
        else throw new CliError(`${sceneFile}: camera "${cam.id}" vs LiDAR "${lidar.id}": ${(e as Error).message}`, EXIT.failed);
      }
    }
  }
  const { candidates, skipped } = audioSyncCandidates(scene);
  notes.push(...skipped);
  for (const c of candidates) {
    const e = audioEstimate(sceneFile, c, notes);
    if (e) estimates.push(e);
  }
  return { estimates, notes };
}

const ms = (t: number, signed = true): string => `${signed && t >= 0 ? '+' : ''}${(t * 1e3).toFixed(1)}`;

export const command: CliCommand = {
  summary: 'Estimate the clock offset of each stream pair from the labels; exit 1 beyond --threshold',
  usage: USAGE,
  async run(args) {
    const { positionals, flags } = parseArgs(args, ['json'], ['threshold']);
    if (positionals.length !== 1) throw usageError(`usage: ${USAGE}`);
    const raw = flagString(flags, 'threshold');
    const threshold = raw === undefined ? 0.01 : Number(raw);
    if (!Number.isFinite(threshold) || threshold < 0 || raw?.trim() === '') throw usageError(`--threshold must be a non-negative number of seconds (got "${raw}")`);
    const file = positionals[0];
    const scene = readSceneFile(file);
    const { estimates, notes } = estimateScene(scene, file);
    if (!estimates.length) throw new CliError(`${file}: no stream pair has the evidence for an offset estimate${notes.length ? `:\n  ${notes.join('\n  ')}` : ' (no camera with a LiDAR, no audio with a sync event)'}`, EXIT.failed);
    const rows = estimates.map((e) => ({ stream: e.stream, reference: e.reference, offset: e.offset, uncertainty: e.uncertainty, exceeds: Math.abs(e.offset) > threshold }));
    const failing = rows.some((r) => r.exceeds);
    if (flags.json === true) printJson(rows);
    else {
      const w = Math.max(6, ...rows.map((r) => r.stream.length)), wr = Math.max(9, ...rows.map((r) => r.reference.length));
      info(`${'stream'.padEnd(w)}  ${'reference'.padEnd(wr)}  offset ms   ± ms`);
      estimates.forEach((e, i) => {
        const r = rows[i];
        info(`${r.stream.padEnd(w)}  ${r.reference.padEnd(wr)}  ${ms(r.offset).padStart(9)}  ${ms(r.uncertainty, false).padStart(5)}  ${r.exceeds ? `EXCEEDS ${ms(threshold, false)} ms` : 'ok'}${e.atBound ? ' (at the search bound)' : ''}`);
        info(`  ${e.method === 'motion' ? 'from moving objects' : 'from an onset'}: ${e.evidence}`);
      });
      info(`${file}: ${rows.filter((r) => r.exceeds).length} of ${rows.length} pair(s) beyond ${ms(threshold, false)} ms — ${failing ? 'FAIL' : 'ok'} (positive offset: the stream is late; correct with offset −= estimate)`);
    }
    for (const n of notes) info(`no estimate: ${n}`);
    return failing ? 1 : 0;
  },
};
