import { describe, expect, it } from 'vitest';
import { createDocument } from '../../core/commands';
import { editText } from '../../core/commands/text';
import { makeTestScene } from '../../core/commands/testScene';
import { diffToEdit } from '../../core/text';
import { createWorkbenchStore } from '../../store';
import { TypingSteps, type Timers } from './typingSteps';

/** A clock the test advances by hand. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: Timers = {
    set: (fn, ms) => {
      pending.set(next, { at: now + ms, fn });
      return next++;
    },
    clear: (h) => void pending.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, p] of [...pending])
      if (p.at <= now) {
        pending.delete(id);
        p.fn();
      }
  };
  return { timers, advance };
}

/** A store with one empty note, and a typist who sends each keystroke as the editor does. */
function setup() {
  const store = createWorkbenchStore({ storage: null });
  store.getState().loadScene(makeTestScene(), 'test');
  store.getState().dispatch(createDocument, { document: { id: 'n', kind: 'note', text: '' } });
  const { timers, advance } = manualTimers();
  const steps = new TypingSteps(() => store.getState(), 'Type', 1000, timers);
  const text = () => store.getState().scene!.documents.find((d) => d.id === 'n')!.text;
  /** Make the text `after`, as a textarea's input event would. */
  const input = (after: string) => {
    const e = diffToEdit(text(), after)!;
    steps.before(e);
    steps.after(e, store.getState().dispatch(editText, { host: { document: 'n' }, ...e }));
  };
  const type = (s: string) => {
    for (const c of s) input(text() + c);
  };
  const backspace = (n: number) => {
    for (let i = 0; i < n; i++) input(text().slice(0, -1));
  };
  return { store, steps, text, input, type, backspace, advance };
}

describe('TypingSteps: one undo step per word or pause', () => {
  it('a word and the space after it are one step', () => {
    const { store, text, type } = setup();
    type('the red car');
    expect(text()).toBe('the red car');
    // "the ", "red " closed at their spaces; "car" is still open until a pause or another edit
    expect(store.getState().history.undo).toEqual(['New document', 'Type', 'Type']);
    store.getState().undo(); // closes the open run first, then undoes it
    expect(text()).toBe('the red ');
    store.getState().undo();
    expect(text()).toBe('the ');
    store.getState().redo();
    expect(text()).toBe('the red ');
  });

  it('a pause closes the run', () => {
    const { store, text, type, advance } = setup();
    type('ab');
    advance(999);
    type('c');
    advance(1000);
    type('d');
    advance(1000);
    expect(store.getState().history.undo).toEqual(['New document', 'Type', 'Type']);
    store.getState().undo();
    expect(text()).toBe('abc');
    store.getState().undo();
    expect(text()).toBe('');
  });

  it('typing then deleting is two steps; a run of Backspace is one', () => {
    const { store, text, type, backspace, advance } = setup();
    type('carx');
    backspace(2);
    advance(1000);
    expect(text()).toBe('ca');
    expect(store.getState().history.undo).toEqual(['New document', 'Type', 'Type']);
    store.getState().undo();
    expect(text()).toBe('carx');
  });

  it('a paste, or typing over a selection, is a step of its own; a caret jump starts a new run', () => {
    const { store, text, type, input, advance } = setup();
    type('ab');
    input('ab pasted words'); // a paste: several characters at once
    input('X' + text()); // typed at the start: not where the run left the caret
    input('Y' + text().slice(1)); // "X" selected and typed over
    advance(1000);
    expect(store.getState().history.undo).toEqual(['New document', 'Type', 'Type', 'Type', 'Type']);
    store.getState().undo();
    expect(text()).toBe('Xab pasted words');
    store.getState().undo();
    expect(text()).toBe('ab pasted words');
    store.getState().undo();
    expect(text()).toBe('ab');
  });

  it('close() ends the run (blur): the next keystroke is a new step', () => {
    const { store, steps, type } = setup();
    type('ab');
    steps.close();
    type('c');
    steps.close();
    expect(store.getState().history.undo).toEqual(['New document', 'Type', 'Type']);
  });
});
