/**
 * Undo granularity for typing: keystrokes are merged into one undo step per word (a run of typing
 * closes after a space or punctuation), per pause (no keystroke for `pauseMs`), and per kind of
 * edit (typing, then deleting, is two steps; so is a caret jump). A paste or a replaced selection
 * is a step of its own. Built on the store's gestures, so each step is one history entry of the
 * same command stream as every other edit. Framework-free; the timer is injectable for tests.
 */
import type { TextEdit } from '../../core/text';

export interface GestureTarget {
  beginGesture(label: string): void;
  endGesture(): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A word ends at whitespace or sentence punctuation. */
const WORD_END = /[\s.,;:!?)\]}"'»。、，！？]$/u;

export class TypingSteps {
  private open = false;
  private lastKind: 'insert' | 'delete' | null = null;
  /** Where the caret was after the last edit of the run (the next keystroke continues there). */
  private lastAt = -1;
  private timer: unknown = null;

  constructor(
    private readonly target: () => GestureTarget,
    private readonly label = 'Type',
    private readonly pauseMs = 1000,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Call before dispatching `edit`: closes the run when the edit does not continue it, opens one if none is open. */
  before(edit: TextEdit): void {
    const kind = edit.insert.length > 0 ? 'insert' : 'delete';
    const replaces = edit.insert.length > 0 && edit.to > edit.from;
    // typing continues at the caret; Backspace deletes just before it, Delete just after it
    const continues = this.open && !replaces && edit.insert.length <= 1 && kind === this.lastKind && (kind === 'insert' ? edit.from === this.lastAt : edit.to === this.lastAt || edit.from === this.lastAt);
    if (!continues) this.close();
    if (!this.open) {
      this.target().beginGesture(this.label);
      this.open = true;
    }
  }

  /** Call after dispatching `edit` (`ok`: the store accepted it). */
  after(edit: TextEdit, ok: boolean): void {
    if (!ok) {
      this.close();
      return;
    }
    const kind = edit.insert.length > 0 ? 'insert' : 'delete';
    this.lastKind = kind;
    this.lastAt = edit.from + edit.insert.length;
    const pasteOrReplace = edit.insert.length > 1 || (kind === 'insert' && edit.to > edit.from);
    if (pasteOrReplace || (kind === 'insert' && WORD_END.test(edit.insert))) {
      this.close();
      return;
    }
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.close(), this.pauseMs);
  }

  /** End the current run (blur, undo, a click elsewhere): the next keystroke starts a new step. */
  close(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.lastKind = null;
    this.lastAt = -1;
    if (!this.open) return;
    this.open = false;
    this.target().endGesture();
  }
}
