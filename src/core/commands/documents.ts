/**
 * Text document commands: create, describe (title, language, kind, what it describes, the prompt it
 * answers), replace the text, delete. The text itself is kept byte for byte: no trimming, no
 * Unicode normalisation, no case folding. Spans follow every text change (text/offsets.ts).
 *
 * Invariants kept (input that breaks them is refused with a CommandError naming the document):
 * a document's `sensor` exists and its `sample` belongs to that sensor's stream (a sample needs its
 * sensor); `prompt` names another document of kind `prompt`; a prompt that responses answer keeps
 * kind `prompt`. Deleting a document leaves no reference to it behind (see deleteDocument).
 */
import { TextDocument, type Scene } from '../schema';
import { diffToEdit } from '../text/offsets';
import { CommandError, defineCommand } from './command';
import { parseRecord } from './guard';
import { newId } from './ids';
import { peekField } from './draftAnnotations';
import { remapHostSpans, removeHostSpans } from './textHosts';

/** A document as callers write it: `id` optional (a fresh `doc_…`), `language` defaults to "en". */
export type DocumentInput = Omit<TextDocument, 'id' | 'language'> & { id?: string; language?: string };

/** The fields `document/update` may change; a field set to `undefined` is removed. */
export type DocumentPatch = Partial<Pick<TextDocument, 'title' | 'language' | 'kind' | 'sensor' | 'sample' | 'prompt' | 'metadata'>>;
const PATCHABLE = new Set<string>(['title', 'language', 'kind', 'sensor', 'sample', 'prompt', 'metadata']);

/** The document `id` in a draft; CommandError when there is none. */
export function requireDocument(draft: Scene, id: string): TextDocument {
  const doc = draft.documents.find((d) => d.id === id);
  if (!doc) throw new CommandError(`document "${id}" does not exist`);
  return doc;
}

/** Throw CommandError unless what `doc` names (sensor, sample, prompt) exists in the scene; see the module comment. */
export function checkDocumentRefs(scene: Scene, doc: TextDocument): void {
  const what = `document "${doc.id}"`;
  if (doc.sample !== undefined && doc.sensor === undefined) throw new CommandError(`${what}: sample "${doc.sample}" needs its sensor`);
  if (doc.sensor !== undefined) {
    if (!peekField(scene, 'sensors').some((s) => s.id === doc.sensor)) throw new CommandError(`${what}: sensor "${doc.sensor}" does not exist`);
    if (doc.sample !== undefined && !peekField(scene, 'streams').some((st) => st.sensor === doc.sensor && st.samples.some((x) => x.id === doc.sample)))
      throw new CommandError(`${what}: sample "${doc.sample}" does not exist in sensor "${doc.sensor}"`);
  }
  const documents = peekField(scene, 'documents');
  if (doc.prompt !== undefined) {
    const prompt = documents.find((d) => d.id === doc.prompt);
    if (doc.prompt === doc.id) throw new CommandError(`${what}: a document cannot answer itself`);
    if (!prompt) throw new CommandError(`${what}: prompt document "${doc.prompt}" does not exist`);
    if (prompt.kind !== 'prompt') throw new CommandError(`${what}: "${doc.prompt}" is not a prompt document (its kind is ${prompt.kind ?? 'description'})`);
  }
  if (doc.kind !== 'prompt') {
    const answering = documents.find((d) => d.prompt === doc.id && d.id !== doc.id);
    if (answering) throw new CommandError(`${what}: response "${answering.id}" answers it, so it must stay a prompt`);
  }
}

/** Validate and append a new document to a draft; shared with the comparison commands. Returns its id. */
export function insertDocument(draft: Scene, input: DocumentInput): string {
  if (input === null || typeof input !== 'object') throw new CommandError('document must be an object');
  const id = input.id ?? newId('doc');
  const doc = parseRecord(TextDocument, { ...input, id }, `document "${id}"`);
  if (peekField(draft, 'documents').some((d) => d.id === id)) throw new CommandError(`document "${id}" already exists`);
  checkDocumentRefs(draft, doc);
  draft.documents.push(doc);
  return id;
}

export const createDocument = defineCommand<{ document: DocumentInput }>({
  type: 'document/create',
  label: 'New document',
  run: (draft, { document }) => void insertDocument(draft, document),
});

/** Change a document's description (not its text: that is `text/edit`); see DocumentPatch. */
export const updateDocument = defineCommand<{ documentId: string; patch: DocumentPatch }>({
  type: 'document/update',
  label: 'Edit document',
  run(draft, { documentId, patch }) {
    const current = requireDocument(draft, documentId);
    if (patch === null || typeof patch !== 'object') throw new CommandError(`document "${documentId}": the patch must be an object`);
    const merged: Record<string, unknown> = { ...current };
    for (const [k, v] of Object.entries(patch)) {
      if (!PATCHABLE.has(k)) throw new CommandError(`document "${documentId}": ${k === 'text' ? 'the text changes with text/edit' : `"${k}" cannot be changed here`}`);
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    const next = parseRecord(TextDocument, merged, `document "${documentId}"`);
    checkDocumentRefs(draft, next);
    const i = draft.documents.findIndex((d) => d.id === documentId);
    draft.documents[i] = next;
  },
});

/**
 * Delete a document and every trace of it: its text spans; its place among a comparison's
 * candidates (the comparison's judgement — ranking, reason, by, at — was about the old candidates
 * and is dropped; a comparison left with fewer than two candidates is deleted); a comparison's
 * `prompt` and a response's `prompt` naming it are cleared.
 */
export const deleteDocument = defineCommand<{ documentId: string }>({
  type: 'document/delete',
  label: 'Delete document',
  run: (draft, { documentId }) => removeDocument(draft, documentId),
});

/** deleteDocument's body, shared with comparison/delete. */
export function removeDocument(draft: Scene, documentId: string): void {
  requireDocument(draft, documentId);
  removeHostSpans(draft, { document: documentId });
  for (const c of Object.values(peekField(draft, 'comparisons'))) {
    if (c.prompt === documentId) delete draft.comparisons[c.id].prompt;
    if (!c.candidates.includes(documentId)) continue;
    if (c.candidates.length <= 2) {
      delete draft.comparisons[c.id];
      continue;
    }
    const d = draft.comparisons[c.id];
    d.candidates = c.candidates.filter((x) => x !== documentId);
    for (const k of ['ranking', 'reason', 'by', 'at'] as const) delete d[k];
  }
  for (const d of peekField(draft, 'documents')) if (d.prompt === documentId) delete requireDocument(draft, d.id).prompt;
  draft.documents.splice(draft.documents.findIndex((d) => d.id === documentId), 1);
}

/**
 * Replace a document's whole text (an import, a paste over everything). The change is read as one
 * edit from the texts' common prefix and suffix (diffToEdit), and the document's spans follow it
 * like `text/edit`'s: spans before and after the changed middle keep their words, spans in it
 * absorb the new words or disappear when their words were deleted. Editors that know the exact
 * change should dispatch `text/edit` instead.
 */
export const setDocumentText = defineCommand<{ documentId: string; text: string }>({
  type: 'document/setText',
  label: 'Edit text',
  run(draft, { documentId, text }) {
    const doc = requireDocument(draft, documentId);
    if (typeof text !== 'string') throw new CommandError(`document "${documentId}": text must be a string`);
    const edit = diffToEdit(doc.text, text);
    if (!edit) return;
    doc.text = text;
    remapHostSpans(draft, { document: documentId }, edit, text);
  },
});
