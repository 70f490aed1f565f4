/**
 * Text editing and grounding commands over a host (a document, or a transcript segment's text;
 * schema/partitions.ts TextHost). Offsets are UTF-16 code units, as in TextSpan.
 *
 * - `text/edit` splices the host's text exactly as typed (no normalisation) and moves every span of
 *   the host with its words (text/offsets.ts remapSpan); spans whose words were all deleted go.
 * - `text/link` grounds a range in one or more objects: one textSpan per object.
 * Comparison and transcript commands live beside these (comparisons.ts, transcripts.ts) and are
 * re-exported here.
 */
import type { TextHost } from '../schema';
import { applyEdit, splitsSurrogatePair } from '../text/offsets';
import { CommandError, defineCommand } from './command';
import { insertAnnotation } from './annotations';
import { newId } from './ids';
import { hostLabel, peekHostSpans, readHostText, remapHostSpans, requireHostShape, writeHostText } from './textHosts';

export * from './comparisons';
export * from './transcripts';

/** Throw unless `offset` is an integer in [0, length] that does not cut a surrogate pair of `text`. */
function checkOffset(text: string, offset: unknown, name: string, where: string): number {
  if (typeof offset !== 'number' || !Number.isInteger(offset)) throw new CommandError(`${where}: ${name} must be an integer, got ${JSON.stringify(offset)}`);
  if (offset < 0 || offset > text.length) throw new CommandError(`${where}: ${name} ${offset} lies outside the text (0..${text.length})`);
  if (splitsSurrogatePair(text, offset)) throw new CommandError(`${where}: ${name} ${offset} splits the character ${JSON.stringify(text.slice(offset - 1, offset + 1))} in two`);
  return offset;
}

export interface EditTextArgs {
  host: TextHost;
  /** The replaced range [from, to) of the current text; from === to inserts. */
  from: number;
  to: number;
  /** The new text for that range, kept exactly as given. */
  insert: string;
}

export const editText = defineCommand<EditTextArgs>({
  type: 'text/edit',
  label: 'Edit text',
  run(draft, args) {
    const host = requireHostShape(args?.host);
    const where = hostLabel(host);
    const text = readHostText(draft, host);
    const from = checkOffset(text, args.from, 'from', where);
    const to = checkOffset(text, args.to, 'to', where);
    if (to < from) throw new CommandError(`${where}: the edit ends (${to}) before it starts (${from})`);
    if (typeof args.insert !== 'string') throw new CommandError(`${where}: insert must be a string`);
    const edit = { from, to, insert: args.insert };
    const next = applyEdit(text, edit);
    if (next === text) return;
    writeHostText(draft, host, next);
    remapHostSpans(draft, host, edit, next);
  },
});

export interface LinkSpanArgs {
  host: TextHost;
  /** The range [start, end) of the host's text, at least one character. */
  start: number;
  end: number;
  /** The objects the words refer to: one span each ("the two cars" names two). */
  objects: string[];
  /** BCP-47 tag when the words are in another language than their text (code-switching). */
  language?: string;
}

/**
 * Link a range of a text to objects: one manual textSpan per object, recording the covered text.
 * An object that already has a span over exactly this range of this host is skipped (linking twice
 * is harmless). Refused: an empty or out-of-range range, one cutting an emoji in two, an unknown
 * object, or one whose class may not be labelled in text (taxonomy `modalities`).
 */
export const linkSpan = defineCommand<LinkSpanArgs>({
  type: 'text/link',
  label: 'Link text to object',
  run(draft, args) {
    const host = requireHostShape(args?.host);
    const where = hostLabel(host);
    const text = readHostText(draft, host, true);
    const start = checkOffset(text, args.start, 'start', where);
    const end = checkOffset(text, args.end, 'end', where);
    if (end <= start) throw new CommandError(`${where}: a span needs at least one character, got [${start}, ${end})`);
    if (!Array.isArray(args.objects) || args.objects.length === 0) throw new CommandError(`${where}: name at least one object to link [${start}, ${end}) to`);
    const linked = new Set(peekHostSpans(draft, host).filter((s) => s.start === start && s.end === end).map((s) => s.object));
    for (const object of args.objects) {
      if (typeof object !== 'string' || !draft.objects[object]) throw new CommandError(`${where}: object ${JSON.stringify(object)} does not exist`);
      if (linked.has(object)) continue;
      linked.add(object);
      insertAnnotation(draft, {
        id: newId('span'),
        kind: 'textSpan',
        object,
        source: 'manual',
        ...host,
        start,
        end,
        text: text.slice(start, end),
        ...(args.language !== undefined ? { language: args.language } : {}),
      });
    }
  },
});
