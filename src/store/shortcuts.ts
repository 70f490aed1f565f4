/**
 * Keyboard bindings the user changed, persisted in localStorage under SHORTCUTS_KEY (like the
 * session slice: a convenience, never undoable, a stored value that fails the schema is ignored).
 * Only overrides are kept: `{ [commandId]: combos }`, an empty list meaning "unbound"; a command
 * without an entry uses its default from the catalog (src/keyboard/catalog.ts), so a new default
 * reaches users who never rebound that command.
 */
import { z } from 'zod';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultStorage, type KeyValueStorage } from './session';

export const ShortcutOverrides = z.object({
  version: z.literal(1),
  /** Command id → canonical combos ("Ctrl+Shift+Z", "?"); [] unbinds the command. */
  bindings: z.record(z.string(), z.array(z.string().min(1))),
});
export type ShortcutOverrides = z.infer<typeof ShortcutOverrides>;

export const SHORTCUTS_KEY = 'crosslabel.shortcuts';

export function loadShortcuts(storage: KeyValueStorage | null): Record<string, string[]> {
  if (!storage) return {};
  try {
    const raw = storage.getItem(SHORTCUTS_KEY);
    if (!raw) return {};
    const r = ShortcutOverrides.safeParse(JSON.parse(raw));
    return r.success ? r.data.bindings : {};
  } catch {
    return {};
  }
}

export function saveShortcuts(storage: KeyValueStorage | null, bindings: Record<string, string[]>): void {
  if (!storage) return;
  try {
    storage.setItem(SHORTCUTS_KEY, JSON.stringify({ version: 1, bindings } satisfies ShortcutOverrides));
  } catch {
    // storage full or disabled: the bindings last for this page only
  }
}

export interface ShortcutState {
  /** The user's overrides by command id. */
  overrides: Record<string, string[]>;
  /** Replace one command's bindings (saved at once). */
  setBindings(commandId: string, combos: string[]): void;
  /** Back to every default (saved at once). */
  reset(): void;
}
export type ShortcutStore = StoreApi<ShortcutState>;

export function createShortcutStore(storage: KeyValueStorage | null | undefined = undefined): ShortcutStore {
  const where = storage === undefined ? defaultStorage() : storage;
  return createStore<ShortcutState>()((set, get) => ({
    overrides: loadShortcuts(where),
    setBindings(commandId, combos) {
      const overrides = { ...get().overrides, [commandId]: [...combos] };
      set({ overrides });
      saveShortcuts(where, overrides);
    },
    reset() {
      set({ overrides: {} });
      saveShortcuts(where, {});
    },
  }));
}
