/**
 * Undo/redo stacks built from immer patches. An entry holds the forward patches of one user step
 * and their inverse; a gesture (a drag) collects many dispatches into one entry: forward patches
 * in order, inverse patches in reverse order (the last change is undone first).
 */
import type { Patch } from 'immer';

export interface HistoryEntry {
  /** Names the step for listeners (a shared scene maps it to the server revision it landed at). */
  id?: number;
  label: string;
  patches: Patch[];
  inverse: Patch[];
}

/** Most undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 500;

export class History {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private gesture: HistoryEntry | null = null;

  get inGesture(): boolean {
    return this.gesture !== null;
  }

  /** Record one applied change: into the open gesture, or as its own undo step. Clears redo. */
  record(label: string, patches: Patch[], inverse: Patch[], id?: number): void {
    this.redoStack = [];
    if (this.gesture) {
      this.gesture.patches.push(...patches);
      this.gesture.inverse.unshift(...inverse);
      return;
    }
    this.push({ id, label, patches, inverse });
  }

  beginGesture(label: string, id?: number): void {
    this.endGesture();
    this.gesture = { id, label, patches: [], inverse: [] };
  }

  /** Close the gesture; it becomes one undo step when it changed anything. */
  endGesture(): void {
    const g = this.gesture;
    this.gesture = null;
    if (g && g.patches.length) this.push(g);
  }

  /** Drop the open gesture and return the patches that revert it (empty when none). */
  cancelGesture(): Patch[] {
    const g = this.gesture;
    this.gesture = null;
    return g ? g.inverse : [];
  }

  /** Move the newest step to the redo stack and return it, or null. */
  undo(): HistoryEntry | null {
    const e = this.undoStack.pop() ?? null;
    if (e) this.redoStack.push(e);
    return e;
  }

  redo(): HistoryEntry | null {
    const e = this.redoStack.pop() ?? null;
    if (e) this.undoStack.push(e);
    return e;
  }

  /**
   * Drop a step from both stacks: it can no longer be undone or redone as recorded (a shared scene's
   * server refused it, or others changed what it would revert). True when it was there.
   */
  forget(id: number): boolean {
    const before = this.undoStack.length + this.redoStack.length;
    this.undoStack = this.undoStack.filter((e) => e.id !== id);
    this.redoStack = this.redoStack.filter((e) => e.id !== id);
    return this.undoStack.length + this.redoStack.length < before;
  }

  /**
   * Replace a step's inverse (undo or redo stack): a shared scene re-applied its unanswered edit over
   * others' edits, so undoing it must restore their values, not the ones it was first recorded over.
   */
  rebase(id: number, inverse: Patch[]): boolean {
    const e = this.undoStack.find((x) => x.id === id) ?? this.redoStack.find((x) => x.id === id);
    if (!e) return false;
    e.inverse = inverse;
    return true;
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.gesture = null;
  }

  /** Labels, newest last: the last undo label is undone next, the last redo label redone next. */
  labels(): { undo: string[]; redo: string[] } {
    return { undo: this.undoStack.map((e) => e.label), redo: this.redoStack.map((e) => e.label) };
  }

  private push(e: HistoryEntry): void {
    this.undoStack.push(e);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.splice(0, this.undoStack.length - HISTORY_LIMIT);
  }
}
