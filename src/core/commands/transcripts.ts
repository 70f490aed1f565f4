/**
 * Transcript commands. A transcript is the timeSegment annotations of an audio or video sensor that
 * carry `text`; a segment's object is its speaker (the same person object as in the video and the
 * audio), and its `speaker` label is kept equal to that object's name so exports that only read the
 * label (RTTM, VTT voice tags) name the same person. The segment's text is edited with `text/edit`
 * ({segment: id} host); its spans live in partition `segment:<id>`.
 */
import { Annotation } from '../schema';
import { CommandError, defineCommand } from './command';
import { checkAnnotationRefs, insertAnnotation } from './annotations';
import { parseRecord, requireObject } from './guard';
import { newId } from './ids';
import { locateAnnotation } from './draftAnnotations';
import { peekSegment } from './textHosts';

export interface AddTranscriptSegmentArgs {
  /** Omitted: a fresh `seg_…` id. */
  id?: string;
  /** An audio or video sensor. */
  sensor: string;
  /** Scene seconds, end > start. */
  start: number;
  end: number;
  /** The speaker: an object whose class may be labelled in audio/video. */
  object: string;
  /** What was said, kept exactly as written (may be empty, to be typed in later). */
  text: string;
  /** Label of the speaker; omitted: the object's name. */
  speaker?: string;
}

/** Add a transcript segment; validated like `annotation/add` (sensor kind, the speaker's class modalities). */
export const addTranscriptSegment = defineCommand<AddTranscriptSegmentArgs>({
  type: 'transcript/addSegment',
  label: 'Add transcript segment',
  run(draft, args) {
    const id = args?.id ?? newId('seg');
    if (typeof args.text !== 'string') throw new CommandError(`segment "${id}": text must be a string (may be empty)`);
    if (typeof args.start === 'number' && typeof args.end === 'number' && !(args.end > args.start))
      throw new CommandError(`segment "${id}": a transcript segment must end after it starts (${args.start} .. ${args.end} s)`);
    const speaker = args.speaker ?? requireObject(draft, args.object).name;
    insertAnnotation(draft, {
      id,
      kind: 'timeSegment',
      sensor: args.sensor,
      start: args.start,
      end: args.end,
      object: args.object,
      source: 'manual',
      text: args.text,
      ...(speaker !== undefined ? { speaker } : {}),
    });
  },
});

/**
 * Change who speaks in a segment: its object becomes `object` and its `speaker` label that
 * object's name (removed when the object has none). The segment's text and its spans stay.
 */
export const setSegmentSpeaker = defineCommand<{ segmentId: string; object: string }>({
  type: 'transcript/setSpeaker',
  label: 'Change speaker',
  run(draft, { segmentId, object }) {
    const seg = peekSegment(draft, segmentId);
    if (!seg) throw new CommandError(`segment "${segmentId}" is not a time segment of the scene`);
    const name = requireObject(draft, object).name;
    const merged: Record<string, unknown> = { ...seg, object };
    if (name !== undefined) merged.speaker = name;
    else delete merged.speaker;
    const next = parseRecord(Annotation, merged, `segment "${segmentId}"`);
    checkAnnotationRefs(draft, next);
    const key = locateAnnotation(draft, segmentId)!;
    const a = draft.annotations[key][segmentId];
    if (a.kind !== 'timeSegment') return;
    a.object = object;
    if (name !== undefined) a.speaker = name;
    else delete a.speaker;
  },
});
