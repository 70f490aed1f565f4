/**
 * Text document commands. Shifting spans to follow an edit is out of scope: a new text is accepted
 * only when every text span of the document still lies inside it and, where a span recorded the
 * covered `text`, still covers exactly that text. Otherwise CommandError lists the broken spans.
 */
import { spansOfDocument } from '../schema';
import { CommandError, defineCommand } from './command';

export const setDocumentText = defineCommand<{ documentId: string; text: string }>({
  type: 'document/setText',
  label: 'Edit text',
  run(draft, { documentId, text }) {
    const doc = draft.documents.find((d) => d.id === documentId);
    if (!doc) throw new CommandError(`document "${documentId}" does not exist`);
    if (typeof text !== 'string') throw new CommandError(`document "${documentId}": text must be a string`);
    const broken: string[] = [];
    for (const a of spansOfDocument(draft, documentId)) {
      if (a.kind !== 'textSpan' || a.document !== documentId) continue;
      if (a.end > text.length) broken.push(`"${a.id}" [${a.start}, ${a.end}) runs past the end (${text.length})`);
      else if (a.text !== undefined && text.slice(a.start, a.end) !== a.text) broken.push(`"${a.id}" no longer covers ${JSON.stringify(a.text)}`);
    }
    if (broken.length) throw new CommandError(`document "${documentId}": the edit breaks text span${broken.length > 1 ? 's' : ''} ${broken.slice(0, 5).join('; ')}`);
    doc.text = text;
  },
});
