/**
 * Key combinations as canonical strings: modifiers in the order Ctrl, Alt, Shift, then the key
 * ("Ctrl+Shift+Z", "Shift+ArrowUp", "?", "1", "Delete"). Ctrl stands for Ctrl or ⌘ (metaKey).
 * Letters are upper-cased and keep Shift; other printable characters ("?", "[", "!") already say
 * whether Shift was down, so Shift is dropped for them. Pure: no DOM beyond the event's fields.
 */

/** The fields of a KeyboardEvent a combo is made of. */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'Dead', 'Unidentified', 'OS', 'Fn']);
const MODIFIERS = ['Ctrl', 'Alt', 'Shift'] as const;

/** The combo of a key press, or null for a lone modifier (Shift, Ctrl …) or an unidentified key. */
export function comboFromEvent(e: KeyLike): string | null {
  if (!e.key || MODIFIER_KEYS.has(e.key)) return null;
  let key = e.key === ' ' ? 'Space' : e.key;
  // Alt (Option on a Mac) turns letters into other characters: take the physical key instead
  if ((e.altKey || e.ctrlKey || e.metaKey) && e.code && /^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if ((e.altKey || e.ctrlKey || e.metaKey) && e.code && /^Digit\d$/.test(e.code) && !e.shiftKey) key = e.code.slice(5);
  if (key.length === 1) key = key.toUpperCase();
  const letter = /^[A-Z]$/.test(key);
  const printable = key.length === 1;
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey && (letter || !printable)) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/** Canonical form of a combo written by hand ("shift+ctrl+z" → "Ctrl+Shift+Z"); throws on an empty key. */
export function normalizeCombo(combo: string): string {
  const raw = combo.trim();
  // the key itself may be "+": "Ctrl++"
  const plusKey = raw.endsWith('++') || raw === '+';
  const parts = (plusKey ? raw.slice(0, -1) : raw).split('+').filter((p) => p !== '');
  const key = plusKey ? '+' : parts.pop();
  if (!key) throw new Error(`"${combo}" names no key`);
  const mods = new Set(parts.map((p) => ({ ctrl: 'Ctrl', control: 'Ctrl', cmd: 'Ctrl', meta: 'Ctrl', mod: 'Ctrl', alt: 'Alt', option: 'Alt', shift: 'Shift' })[p.toLowerCase()] ?? p));
  for (const m of mods) if (!(MODIFIERS as readonly string[]).includes(m)) throw new Error(`"${combo}": unknown modifier "${m}"`);
  const k = key.length === 1 ? key.toUpperCase() : key === ' ' ? 'Space' : key;
  const printable = k.length === 1;
  if (printable && !/^[A-Z]$/.test(k)) mods.delete('Shift');
  return [...MODIFIERS.filter((m) => mods.has(m)), k].join('+');
}

const SYMBOLS: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Delete: 'Del',
  Backspace: '⌫',
};

/** How a combo is shown to a person: "Ctrl+Shift+Z", "Shift+↑", "Esc". */
export function formatCombo(combo: string): string {
  const parts = combo === '+' ? ['+'] : combo.endsWith('++') ? [...combo.slice(0, -2).split('+'), '+'] : combo.split('+');
  return parts.map((p) => SYMBOLS[p] ?? p).join('+');
}

/** True for elements that take typed text (their keys are not shortcuts). */
export function isTextEntry(el: EventTarget | null): boolean {
  const t = el as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!t || !t.tagName) return false;
  if (t.isContentEditable) return true;
  if (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
  if (t.tagName !== 'INPUT') return false;
  // buttons, checkboxes and radios in an <input> take no text
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'color'].includes((t.type ?? 'text').toLowerCase());
}

/**
 * Whether a key press is the focused field's own (typing, a select's type-ahead) rather than a
 * shortcut: anything in a text field; an unmodified key in a <select>; Ctrl/Alt combinations
 * (undo, the palette) still reach the shortcuts from a select.
 */
export function keyBelongsToField(e: KeyLike & { target: EventTarget | null }): boolean {
  const t = e.target as { tagName?: string } | null;
  if (t?.tagName === 'SELECT') return !(e.ctrlKey || e.metaKey || e.altKey);
  return isTextEntry(e.target);
}
