/**
 * The command registry: every document command with its label and default shortcut, so menus,
 * the command palette and hotkeys share one list. Shortcuts use KeyboardEvent.key names joined
 * with "+" after modifiers ("Shift+Delete"); they are defaults, the app's keyboard map owns them.
 */
import type { CommandDef } from './command';
import { addAnnotation, createObjectWithAnnotation, deleteAnnotation, markNotVisible, updateAnnotation } from './annotations';
import { createDocument, deleteDocument, setDocumentText, updateDocument } from './documents';
import { addTranscriptSegment, createComparison, deleteComparison, editText, linkSpan, pickBest, rankComparison, setSegmentSpeaker } from './text';
import { importLabels } from './imports';
import { createObject, deleteObject, setObjectAttribute, setObjectClass } from './objects';
import { addClass, adoptForeignTaxonomy, adoptTaxonomy, deprecateClass, mergeClasses, renameClass, updateClass } from './taxonomy';
import { setAnnotationAttribute } from './attributes';
import { setStreamOffset } from './streams';
import { acceptInterpolated, copyToNextFrame, deleteFromHere, interpolateObject, mergeTracks, propagateUntilChanged, splitTrack } from './tracks';
import { addTimeLabelInterval, createTimeLabel, deleteTimeLabel, removeTimeLabelInterval, setObjectIntervals, setTimeLabelInterval, updateTimeLabel } from './timeLabels';

export * from './command';
export * from './ids';
export * from './objects';
export * from './annotations';
export * from './taxonomy';
export * from './attributes';
export * from './documents';
export * from './imports';
export * from './streams';
export * from './tracks';
export * from './timeLabels';
export * from './text';

export interface CommandInfo {
  type: string;
  label: string;
  shortcut?: string;
  /** The command itself; dispatch it with the arguments its type documents. */
  command: CommandDef<never>;
}

const entry = <A>(command: CommandDef<A>, shortcut?: string): CommandInfo => ({
  type: command.type,
  label: command.label,
  ...(shortcut ? { shortcut } : {}),
  command: command as CommandDef<never>,
});

export const COMMANDS: readonly CommandInfo[] = [
  entry(createObject),
  entry(setObjectClass),
  entry(setObjectAttribute),
  entry(deleteObject, 'Shift+Delete'),
  entry(addAnnotation),
  entry(updateAnnotation),
  entry(deleteAnnotation, 'Delete'),
  entry(markNotVisible, 'N'),
  entry(createObjectWithAnnotation),
  entry(addClass),
  entry(renameClass),
  entry(mergeClasses),
  entry(deprecateClass),
  entry(adoptTaxonomy),
  entry(updateClass),
  entry(adoptForeignTaxonomy),
  entry(setAnnotationAttribute),
  entry(setDocumentText),
  entry(importLabels),
  entry(setStreamOffset),
  entry(interpolateObject),
  entry(acceptInterpolated),
  entry(copyToNextFrame),
  entry(propagateUntilChanged),
  entry(deleteFromHere),
  entry(splitTrack),
  entry(mergeTracks),
  entry(createTimeLabel),
  entry(updateTimeLabel),
  entry(setTimeLabelInterval),
  entry(addTimeLabelInterval),
  entry(removeTimeLabelInterval),
  entry(deleteTimeLabel),
  entry(setObjectIntervals),
  entry(editText),
  entry(linkSpan),
  entry(createDocument),
  entry(updateDocument),
  entry(deleteDocument),
  entry(createComparison),
  entry(rankComparison),
  entry(pickBest),
  entry(deleteComparison),
  entry(addTranscriptSegment),
  entry(setSegmentSpeaker),
];

/** Look a command up by its type, e.g. "annotation/delete". */
export const commandByType = (type: string): CommandInfo | undefined => COMMANDS.find((c) => c.type === type);
