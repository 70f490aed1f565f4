/**
 * The text editor's keyboard commands in the command registry (scope `text`, keyboard/catalog.ts),
 * so the palette lists them and the shortcut sheet rebinds them. Many editors may be mounted (one
 * per document, one per transcript segment); the registry holds one handler per scope, so the
 * handler is registered once while any editor is mounted and acts on the editor that has (or last
 * had) focus. An editor's own key presses are resolved in TextEditor (the bound combo, read from
 * the registry) without going through here.
 */
import { useEffect } from 'react';
import { useCommandRegistry } from '../../keyboard/react';
import type { CommandRegistry } from '../../keyboard/registry';

export interface EditorActions {
  link(): void;
}

const editors = new WeakMap<Element, EditorActions>();
/** The editor that had focus last: the palette takes focus away before it runs a command. */
let last: WeakRef<HTMLElement> | null = null;
const target = (): [HTMLElement, EditorActions] | undefined => {
  const el = (document.activeElement instanceof HTMLElement && editors.has(document.activeElement) ? document.activeElement : last?.deref()) ?? null;
  const actions = el?.isConnected ? editors.get(el) : undefined;
  return el && actions ? [el, actions] : undefined;
};

/** Make `el` (an editor's textarea) reachable by the registered commands while it has (or last had) focus. */
export function attachEditor(el: HTMLElement, actions: EditorActions): () => void {
  editors.set(el, actions);
  const onFocus = () => {
    last = new WeakRef(el);
  };
  el.addEventListener('focus', onFocus);
  return () => {
    el.removeEventListener('focus', onFocus);
    if (editors.get(el) === actions) editors.delete(el);
  };
}

const mounted = new WeakMap<CommandRegistry, { count: number; off: () => void }>();

/** Keep the `text` scope's handlers registered while this component is mounted. */
export function useTextCommands(): void {
  const reg = useCommandRegistry();
  useEffect(() => {
    const m = mounted.get(reg);
    if (m) m.count++;
    else {
      const off = reg.register('text', 'text.link', {
        run: () => {
          const t = target();
          if (!t) return;
          t[0].focus();
          t[1].link();
        },
        enabled: () => !!target(),
      });
      mounted.set(reg, { count: 1, off });
    }
    return () => {
      const cur = mounted.get(reg)!;
      if (--cur.count === 0) {
        cur.off();
        mounted.delete(reg);
      }
    };
  }, [reg]);
}
