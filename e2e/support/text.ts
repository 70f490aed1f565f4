/**
 * Page helpers for the text pane's Documents tab (views/text): create a caption or a note with the
 * pane's own buttons, read the documents back from the store, and check that an editor's highlight
 * backdrop still lies exactly under its textarea (same wrapping, same height).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface DocRecord {
  id: string;
  kind?: string;
  sensor?: string;
  sample?: string;
  title?: string;
  language: string;
  text: string;
}

export interface SpanRecord {
  id: string;
  object: string;
  document?: string;
  segment?: string;
  start: number;
  end: number;
  text?: string;
}

/** The scene's documents as the store holds them now. */
export const documentsOf = (page: Page): Promise<DocRecord[]> =>
  page.evaluate(() => (window as unknown as { __crosslabel: { store: { getState: () => { scene: { documents: DocRecord[] } } } } }).__crosslabel.store.getState().scene.documents);

async function create(textPane: Locator, button: 'new-caption' | 'new-note'): Promise<Locator> {
  await textPane.getByTestId('text-tab-documents').click();
  const cards = textPane.locator('article.text-doc');
  const n = await cards.count();
  await textPane.getByTestId(button).click();
  await expect(cards).toHaveCount(n + 1);
  const editor = cards.last().getByTestId('text-editor');
  await expect(editor.getByTestId('text-input')).toBeFocused();
  return editor;
}

/** "New caption" (describes the camera's picture now): its editor, focused. */
export const newCaption = (textPane: Locator) => create(textPane, 'new-caption');
/** "New note": its editor, focused. */
export const newNote = (textPane: Locator) => create(textPane, 'new-note');

/**
 * True when the editor's backdrop wraps its text exactly like the textarea above it: the textarea
 * (sized by the backdrop) needs no more height than the backdrop has, and both are equally wide.
 */
export const backdropMatchesField = (editor: Locator): Promise<boolean> =>
  editor.evaluate((root) => {
    const ta = root.querySelector('textarea')!;
    const bd = root.querySelector('.text-backdrop') as HTMLElement;
    return Math.abs(ta.scrollHeight - bd.scrollHeight) <= 1 && Math.abs(ta.clientWidth - bd.clientWidth) <= 1 && Math.abs(ta.offsetHeight - bd.offsetHeight) <= 1;
  });
