/**
 * The app's import limits (file size per kind, job timeout): a setting kept in localStorage under
 * LIMITS_KEY, like the session and the keyboard bindings. A stored value that fails the schema
 * (an older shape, a hand edit) is ignored in favour of the defaults (src/core/limits.ts), and a
 * partial one fills in from them.
 */
import { DEFAULT_LIMITS, ImportLimits } from '../core/limits';
import { defaultStorage, type KeyValueStorage } from './session';

export const LIMITS_KEY = 'crosslabel.importLimits';

const Stored = ImportLimits.extend({ maxBytes: ImportLimits.shape.maxBytes.partial() }).partial();

export function loadImportLimits(storage: KeyValueStorage | null = defaultStorage()): ImportLimits {
  const defaults = { maxBytes: { ...DEFAULT_LIMITS.maxBytes }, jobTimeoutSeconds: DEFAULT_LIMITS.jobTimeoutSeconds };
  if (!storage) return defaults;
  try {
    const raw = storage.getItem(LIMITS_KEY);
    if (!raw) return defaults;
    const r = Stored.safeParse(JSON.parse(raw));
    if (!r.success) return defaults;
    return { maxBytes: { ...defaults.maxBytes, ...r.data.maxBytes }, jobTimeoutSeconds: r.data.jobTimeoutSeconds ?? defaults.jobTimeoutSeconds };
  } catch {
    return defaults;
  }
}

/** Saves the limits; false when storage refused them (they then last until the page is reloaded). */
export function saveImportLimits(limits: ImportLimits, storage: KeyValueStorage | null = defaultStorage()): boolean {
  if (!storage) return false;
  try {
    storage.setItem(LIMITS_KEY, JSON.stringify(ImportLimits.parse(limits)));
    return true;
  } catch {
    return false;
  }
}
