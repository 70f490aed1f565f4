/**
 * The files of one audio sensor on the scene clock: one clip per sample of its stream. A clip's
 * file time 0 is at the sample's scene time (its `t` plus the stream's offset), and file seconds
 * map to scene seconds × (1 + drift) (core/time/clock.ts: t_scene = t + offset + drift·(t − t0)).
 * Each file is decoded once (decodeAudio.ts); a clip is loading, ready or in error (the message
 * names the file).
 */
import { useEffect, useMemo, useState } from 'react';
import type { Sample, Scene, Sensor } from '../../core/schema';
import { sceneTime, streamOfSensor } from '../../core/time';
import { resolveMediaUrl } from '../../hooks/media';
import { fileNameOf } from '../camera/videoFrames';
import { decodeAudioFile, type DecodedAudio } from './decodeAudio';

export type AudioSensor = Extract<Sensor, { kind: 'audio' }>;

export interface AudioClip {
  sample: Sample;
  file: string;
  /** Scene time of the file's first sample. */
  origin: number;
  /** Scene seconds per file second. */
  scale: number;
  status: 'loading' | 'ready' | 'error';
  error?: string;
  audio?: DecodedAudio;
}

/** Scene time of a file position (s) in a clip, and back. */
export const clipSceneTime = (c: Pick<AudioClip, 'origin' | 'scale'>, fileT: number): number => c.origin + fileT * c.scale;
export const clipFileTime = (c: Pick<AudioClip, 'origin' | 'scale'>, t: number): number => (t - c.origin) / c.scale;

/** The clip that holds scene time `t` (ready ones only). */
export function clipAt(clips: readonly AudioClip[], t: number): AudioClip | undefined {
  return clips.find((c) => c.audio && t >= c.origin - 1e-9 && t <= clipSceneTime(c, c.audio.duration) + 1e-9);
}

export function useAudioClips(scene: Scene, sensor: AudioSensor): AudioClip[] {
  const stream = useMemo(() => streamOfSensor(scene, sensor.id), [scene, sensor.id]);
  const base = useMemo(
    () =>
      (stream?.samples ?? []).map((sample, i) => ({
        sample,
        file: fileNameOf(sample.uri),
        origin: sceneTime(stream!, i),
        scale: 1 + (stream?.drift ?? 0),
      })),
    [stream],
  );
  const [done, setDone] = useState<Record<string, { audio?: DecodedAudio; error?: string }>>({});
  useEffect(() => {
    let live = true;
    for (const c of base) {
      const uri = c.sample.uri;
      const key = `${uri}|${sensor.sampleRate ?? ''}`;
      if (!uri || !resolveMediaUrl(uri)) {
        setDone((d) => ({ ...d, [key]: { error: `${c.file}: the file is not available in this session; open its folder again` } }));
        continue;
      }
      decodeAudioFile(uri, c.file, sensor).then(
        (audio) => live && setDone((d) => ({ ...d, [key]: { audio } })),
        (e: Error) => live && setDone((d) => ({ ...d, [key]: { error: e.message } })),
      );
    }
    return () => {
      live = false;
    };
  }, [base, sensor]);
  return useMemo(
    () =>
      base.map((c) => {
        const r = done[`${c.sample.uri}|${sensor.sampleRate ?? ''}`];
        return { ...c, status: r?.audio ? 'ready' : r?.error ? 'error' : 'loading', audio: r?.audio, error: r?.error } as AudioClip;
      }),
    [base, done, sensor.sampleRate],
  );
}
