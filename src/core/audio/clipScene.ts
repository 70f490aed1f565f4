/**
 * A scene for one audio-visual clip (a WebM with video and audio, its frame times and a transcript):
 * - video sensor `video`: one sample per frame, t = the frame's PTS (seconds), uri = the clip, frame =
 *   the frame index — so "the sample of the video stream at or before t" (core/time sampleAt, a binary
 *   search) is the frame a player shows at t;
 * - audio sensor `audio`: one sample at t = 0 with the audio's duration, uri = the same clip (the
 *   browser decodes the audio track of the WebM);
 * - the transcript cues as timeSegments with text on `audio`, linked to one object per speaker
 *   (class `speaker`), through the WebVTT importer (formats/vtt), exactly as importing the .vtt would.
 * Scene time 0 = media time 0.
 */
import { DEFAULT_TAXONOMY, Scene, type Metadata } from '../schema';
import { importVtt, type VttCue } from '../formats/vtt';
import type { VideoFrameTimes } from './frameTimes';

export interface MediaClipSceneInput {
  id: string;
  name: string;
  /** URI of the WebM (video + audio). */
  uri: string;
  frames: VideoFrameTimes;
  video: { width: number; height: number; fps: number; name: string };
  audio: { duration: number; sampleRate: number; channels: number; name: string };
  /** Transcript cues (seconds from the start of the clip), each with a voice (speaker) when known. */
  cues: readonly VttCue[];
  description: string;
  metadata?: Metadata;
}

export function mediaClipScene(input: MediaClipSceneInput): Scene {
  const { frames } = input;
  const base = Scene.parse({
    schemaVersion: 3,
    id: input.id,
    name: input.name,
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'video', name: input.video.name, kind: 'video', width: input.video.width, height: input.video.height, fps: input.video.fps },
      { id: 'audio', name: input.audio.name, kind: 'audio', sampleRate: input.audio.sampleRate, channels: input.audio.channels },
    ],
    streams: [
      {
        id: 'video',
        sensor: 'video',
        samples: frames.pts.map((t, i) => ({ id: `video/${i}`, t, frame: String(i), uri: input.uri, original: { value: t, unit: 's' } })),
      },
      { id: 'audio', sensor: 'audio', samples: [{ id: 'audio/0', t: 0, duration: input.audio.duration, uri: input.uri }] },
    ],
    objects: {},
    annotations: {},
    documents: [{ id: 'description', title: 'Scene description', language: 'en', text: input.description }],
    metadata: { ...(input.metadata ?? {}), frameTimes: { file: frames.file, count: frames.count, rule: 'the frame shown at t is the last frame whose PTS is at or before t' } },
  });
  return input.cues.length ? importVtt(base, input.cues, { sensor: 'audio', origin: 0 }).scene : base;
}
