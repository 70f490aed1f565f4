/**
 * The command registry: the catalog (what commands exist, their defaults), the user's bindings
 * (store/shortcuts.ts) and the handlers that mounted components registered. Menus, the palette,
 * the shortcut sheet and every key press go through it, so a rebinding reaches all of them.
 *
 * A handler is registered by an owner scope: the app shell registers `global` handlers, a pane
 * its own (`camera`, `lidar`). A pane may also register a handler for a global command (the LiDAR
 * pane's "Delete selected label" deletes its cuboid): a key press inside that pane runs the
 * pane's handler, anywhere else the global one. Framework-free: React hooks are in react.tsx.
 */
import type { ShortcutStore } from '../store/shortcuts';
import { COMMANDS, scopesOverlap, type CommandDef, type Scope } from './catalog';
import { comboFromEvent, normalizeCombo, type KeyLike } from './combo';

export interface Handler {
  run(): void;
  /** False: listed greyed out in the palette, the key press is not consumed. */
  enabled?(): boolean;
  /** A title that depends on the document ("Camera class 2: Pedestrian"); null hides the command from the palette now. */
  title?(): string | null | undefined;
}

export type BindResult = { ok: true } | { ok: false; message: string };

export class CommandRegistry {
  private readonly handlers = new Map<string, Map<Scope, Handler>>();
  private readonly byId: Map<string, CommandDef>;
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(
    readonly bindings: ShortcutStore,
    readonly catalog: readonly CommandDef[] = COMMANDS,
  ) {
    this.byId = new Map(catalog.map((c) => [c.id, c]));
    bindings.subscribe(() => this.changed());
  }

  def(id: string): CommandDef | undefined {
    return this.byId.get(id);
  }

  /** Current combos of a command: the user's, else the defaults. */
  keysOf(id: string): readonly string[] {
    return this.bindings.getState().overrides[id] ?? this.byId.get(id)?.keys ?? [];
  }

  /** Register `owner`'s handler of command `id`; returns the unregister function. */
  register(owner: Scope, id: string, handler: Handler): () => void {
    if (!this.byId.has(id)) throw new Error(`unknown command "${id}"`);
    let m = this.handlers.get(id);
    if (!m) this.handlers.set(id, (m = new Map()));
    m.set(owner, handler);
    this.changed();
    return () => {
      if (this.handlers.get(id)?.get(owner) === handler) {
        this.handlers.get(id)!.delete(owner);
        this.changed();
      }
    };
  }

  /** The handler a key press from `from` runs for command `id`: `from`'s own, else the global one. */
  handlerFor(id: string, from: Scope): Handler | undefined {
    const m = this.handlers.get(id);
    return m?.get(from) ?? m?.get('global');
  }

  /** The command `combo` is bound to, reached from `from`: the pane's own commands before global ones. */
  resolve(combo: string, from: Scope): CommandDef | undefined {
    let global: CommandDef | undefined;
    for (const c of this.catalog) {
      if (!this.keysOf(c.id).includes(combo)) continue;
      if (c.scope === from) return c;
      if (c.scope === 'global') global = c;
    }
    return global;
  }

  /**
   * Run the command a key press is bound to, as seen from `from`. A pane only runs its own
   * commands and the global commands it has its own handler for: the rest bubble on to the
   * window's listener (`from = 'global'`). True when a command ran (the caller prevents the default).
   */
  dispatch(e: KeyLike, from: Scope): boolean {
    const combo = comboFromEvent(e);
    if (!combo) return false;
    const cmd = this.resolve(combo, from);
    if (!cmd) return false;
    const m = this.handlers.get(cmd.id);
    // the window runs the shell's handler, or the one pane that implements a global command (the
    // LiDAR pane's "Tool: cuboid" also switches it to the bird's-eye view); a pane only its own
    const h = from === 'global' ? (m?.get('global') ?? (m?.size ? [...m.values()][0] : undefined)) : m?.get(from);
    if (!h || (h.enabled && !h.enabled())) return false;
    h.run();
    return true;
  }

  /** Run a command by id (the palette): the global handler, else the one pane that has one. */
  run(id: string): boolean {
    const m = this.handlers.get(id);
    const h = m?.get('global') ?? (m ? [...m.values()][0] : undefined);
    if (!h || (h.enabled && !h.enabled())) return false;
    h.run();
    return true;
  }

  /** Commands some mounted component can run now, in catalog order, with their current titles. */
  available(): { def: CommandDef; title: string; enabled: boolean }[] {
    const out: { def: CommandDef; title: string; enabled: boolean }[] = [];
    for (const def of this.catalog) {
      const m = this.handlers.get(def.id);
      if (!m || m.size === 0) continue;
      const h = m.get('global') ?? [...m.values()][0];
      const title = h.title?.();
      if (title === null) continue; // nothing to offer now (class 7 of a taxonomy with 5)
      out.push({ def, title: title ?? def.title, enabled: !h.enabled || h.enabled() });
    }
    return out;
  }

  /** The command that already uses `combo` where a press could also reach `id`, if any. */
  conflictFor(id: string, combo: string): CommandDef | undefined {
    const me = this.byId.get(id);
    if (!me) return undefined;
    return this.catalog.find((c) => c.id !== id && scopesOverlap(c.scope, me.scope) && this.keysOf(c.id).includes(combo));
  }

  /** Bind `combo` to `id`, replacing `replace` (one of its combos) or adding it; refused on a conflict. */
  bind(id: string, combo: string, replace?: string): BindResult {
    const def = this.byId.get(id);
    if (!def) return { ok: false, message: `unknown command "${id}"` };
    let c: string;
    try {
      c = normalizeCombo(combo);
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
    const clash = this.conflictFor(id, c);
    if (clash) return { ok: false, message: `${c} is already bound to “${clash.title}”${clash.scope === def.scope ? '' : ` (${clash.scope === 'global' ? 'everywhere' : `in the ${clash.scope} pane`})`}: unbind it there first` };
    const cur = this.keysOf(id).filter((k) => k !== c);
    const i = replace === undefined ? -1 : cur.indexOf(replace);
    const next = i >= 0 ? [...cur.slice(0, i), c, ...cur.slice(i + 1)] : [...cur, c];
    this.bindings.getState().setBindings(id, next);
    return { ok: true };
  }

  unbind(id: string, combo: string): void {
    this.bindings.getState().setBindings(
      id,
      this.keysOf(id).filter((k) => k !== combo),
    );
  }

  resetAll(): void {
    this.bindings.getState().reset();
  }

  /** For useSyncExternalStore: bumps when bindings or handlers change. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}
