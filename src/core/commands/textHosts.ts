/**
 * The texts spans live in ("hosts", schema/partitions.ts TextHost): a document's `text`, or the
 * transcript `text` of a timeSegment annotation. Reading and writing them inside a command draft,
 * and keeping their spans on the same words when the text changes (text/offsets.ts).
 */
import { partitionOf, type Annotation, type Scene, type TextDocument, type TextHost } from '../schema';
import { remapSpan, type TextEdit } from '../text/offsets';
import { CommandError } from './command';
import { dropAnnotation, locateAnnotation, peekField } from './draftAnnotations';

/** `document "d1"` / `segment "s1"`, for messages. */
export const hostLabel = (host: TextHost): string => (host.segment !== undefined ? `segment "${host.segment}"` : `document "${host.document}"`);

/** The host as given, checked to name exactly one of a document or a segment. */
export function requireHostShape(host: unknown): TextHost {
  const h = host as Partial<Record<'document' | 'segment', unknown>> | null;
  if (h === null || typeof h !== 'object') throw new CommandError('host must be {document: id} or {segment: id}');
  const doc = typeof h.document === 'string' && h.document.length > 0;
  const seg = typeof h.segment === 'string' && h.segment.length > 0;
  if (doc === seg) throw new CommandError(`host must name exactly one of a document or a transcript segment, got ${JSON.stringify(host)}`);
  return doc ? { document: h.document as string } : { segment: h.segment as string };
}

/** A value of a (draft) record without making an immer child draft of it. */
const peek = <T>(obj: object, key: string): T | undefined => Object.getOwnPropertyDescriptor(obj, key)?.value as T | undefined;

/** The timeSegment annotation `id` as it is now (read-only), or undefined when `id` is no time segment. */
export function peekSegment(scene: Scene, id: string): (Annotation & { kind: 'timeSegment' }) | undefined {
  const key = locateAnnotation(scene, id);
  if (key === undefined) return undefined;
  const a = peek<Annotation>(peek<object>(peekField(scene, 'annotations'), key)!, id);
  return a?.kind === 'timeSegment' ? a : undefined;
}

/** The document `id` as it is now (read-only), or undefined. */
export const peekDocument = (scene: Scene, id: string): TextDocument | undefined => peekField(scene, 'documents').find((d) => d.id === id);

/**
 * The current text of a host; CommandError when the host does not exist. A time segment without
 * a transcript reads as '' (typing into it gives it one); pass `needText` to refuse it instead.
 */
export function readHostText(scene: Scene, host: TextHost, needText = false): string {
  if (host.segment !== undefined) {
    const seg = peekSegment(scene, host.segment);
    if (!seg) throw new CommandError(`${hostLabel(host)} is not a transcript segment of the scene`);
    if (needText && seg.text === undefined) throw new CommandError(`${hostLabel(host)} has no transcript text`);
    return seg.text ?? '';
  }
  const doc = peekDocument(scene, host.document);
  if (!doc) throw new CommandError(`${hostLabel(host)} does not exist`);
  return doc.text;
}

/** Set a host's text (drafting only that document or segment). */
export function writeHostText(draft: Scene, host: TextHost, text: string): void {
  if (host.segment !== undefined) {
    const key = locateAnnotation(draft, host.segment)!;
    const seg = draft.annotations[key][host.segment];
    if (seg.kind === 'timeSegment') seg.text = text;
    return;
  }
  draft.documents.find((d) => d.id === host.document)!.text = text;
}

/** Partition key of the spans of a host. */
export const hostPartition = (host: TextHost): string => partitionOf({ kind: 'textSpan', ...host });

/** The spans of a host in a draft, as they are now (read-only values). */
export function peekHostSpans(scene: Scene, host: TextHost): (Annotation & { kind: 'textSpan' })[] {
  const part = peek<Record<string, Annotation>>(peekField(scene, 'annotations'), hostPartition(host));
  if (!part) return [];
  const out: (Annotation & { kind: 'textSpan' })[] = [];
  for (const id of Object.keys(part)) {
    const a = peek<Annotation>(part, id);
    if (a?.kind === 'textSpan' && a.document === host.document && a.segment === host.segment) out.push(a);
  }
  return out;
}

/**
 * After `edit` turned a host's text into `next`: move every span of the host onto the same words
 * (remapSpan), refresh the covered `text` a span recorded, and delete the spans whose words were
 * all deleted. Only spans that change are drafted (their patches are the undo step's).
 */
export function remapHostSpans(draft: Scene, host: TextHost, edit: TextEdit, next: string): void {
  const key = hostPartition(host);
  for (const span of peekHostSpans(draft, host)) {
    const r = remapSpan(span, edit);
    if (r === null) {
      dropAnnotation(draft, key, span.id);
      continue;
    }
    const covered = next.slice(r.start, r.end);
    if (r.start === span.start && r.end === span.end && (span.text === undefined || span.text === covered)) continue;
    const a = draft.annotations[key][span.id];
    if (a.kind !== 'textSpan') continue;
    a.start = r.start;
    a.end = r.end;
    if (a.text !== undefined) a.text = covered;
  }
}

/** Remove every span of a host (a deleted document or transcript segment). */
export function removeHostSpans(draft: Scene, host: TextHost): void {
  const key = hostPartition(host);
  for (const span of peekHostSpans(draft, host)) dropAnnotation(draft, key, span.id);
}
