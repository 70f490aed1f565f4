/**
 * The session slice's persisted shape: UI state that survives a reload (selection, tool, overlays,
 * colour mode, point size) but is never undoable. Stored as JSON in localStorage under
 * SESSION_KEY; a stored value that fails the schema is ignored in favour of the defaults.
 */
import { z } from 'zod';

export const Session = z.object({
  selectedObjectId: z.string().nullable(),
  selectedAnnotationId: z.string().nullable(),
  /** Sensor id of the camera shown in the camera pane. */
  activeCamera: z.string().nullable(),
  tool: z.enum(['select', 'box', 'polygon', 'cuboid']),
  /** Overlay toggles by name, e.g. { projectedBoxes: true }. */
  overlays: z.record(z.string(), z.boolean()),
  /** LiDAR point colouring, e.g. "height", "intensity", "distance". */
  colorMode: z.string(),
  /** LiDAR point size in screen pixels. */
  pointSize: z.number().positive(),
});
export type Session = z.infer<typeof Session>;

export const DEFAULT_SESSION: Session = {
  selectedObjectId: null,
  selectedAnnotationId: null,
  activeCamera: null,
  tool: 'select',
  overlays: {},
  colorMode: 'height',
  pointSize: 2,
};

export const SESSION_KEY = 'crosslabel.session';

/** The part of the Web Storage API the session needs (localStorage, or a stand-in in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage when this environment has a usable one, else null (Node, private modes that throw). */
export function defaultStorage(): KeyValueStorage | null {
  try {
    const s = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    return s && typeof s.getItem === 'function' ? s : null;
  } catch {
    return null;
  }
}

export function loadSession(storage: KeyValueStorage | null): Session {
  if (!storage) return { ...DEFAULT_SESSION };
  try {
    const raw = storage.getItem(SESSION_KEY);
    if (!raw) return { ...DEFAULT_SESSION };
    const r = Session.partial().safeParse(JSON.parse(raw));
    return r.success ? { ...DEFAULT_SESSION, ...r.data } : { ...DEFAULT_SESSION };
  } catch {
    return { ...DEFAULT_SESSION };
  }
}

export function saveSession(storage: KeyValueStorage | null, session: Session): void {
  if (!storage) return;
  try {
    storage.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    // Quota exceeded or storage disabled: session state is a convenience, not data.
  }
}
