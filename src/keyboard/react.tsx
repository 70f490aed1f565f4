/**
 * React access to the command registry. Views use `usePaneCommands` (register their handlers,
 * get the pane's onKeyDown) and `useKeyLabel` (show the current binding of a command); the app
 * shell provides one registry with <KeyboardProvider>. Without a provider a registry over
 * localStorage is created once, so a view rendered alone (a test) still works.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { createShortcutStore } from '../store/shortcuts';
import type { Scope } from './catalog';
import { formatCombo, keyBelongsToField } from './combo';
import { CommandRegistry, type Handler } from './registry';

const KeyboardContext = createContext<CommandRegistry | null>(null);
export const KeyboardProvider = KeyboardContext.Provider;

let fallback: CommandRegistry | null = null;

export function useCommandRegistry(): CommandRegistry {
  return useContext(KeyboardContext) ?? (fallback ??= new CommandRegistry(createShortcutStore()));
}

/** Re-render when bindings or registered handlers change. */
export function useRegistryVersion(reg: CommandRegistry = useCommandRegistry()): number {
  return useSyncExternalStore(reg.subscribe, reg.getVersion, reg.getVersion);
}

/** A handler: a function, or a full Handler (enabled predicate, dynamic title). */
export type HandlerLike = (() => void) | Handler;

/**
 * Register `owner`'s handlers while mounted. The record may be a new object every render (its
 * closures see the latest props); only its set of ids decides when to re-register.
 */
export function useCommandHandlers(owner: Scope, handlers: Record<string, HandlerLike>): void {
  const reg = useCommandRegistry();
  const ref = useRef(handlers);
  useLayoutEffect(() => {
    ref.current = handlers;
  });
  const ids = Object.keys(handlers).sort().join('\n');
  useEffect(() => {
    const offs = ids
      .split('\n')
      .filter(Boolean)
      .map((id) => {
        const h = () => ref.current[id];
        return reg.register(owner, id, {
          run: () => {
            const x = h();
            if (typeof x === 'function') x();
            else x?.run();
          },
          enabled: () => {
            const x = h();
            return !!x && (typeof x === 'function' || !x.enabled || x.enabled());
          },
          title: () => {
            const x = h();
            return x && typeof x !== 'function' && x.title ? x.title() : undefined;
          },
        });
      });
    return () => offs.forEach((off) => off());
  }, [reg, owner, ids]);
}

/**
 * A pane's keyboard: registers its handlers and returns its onKeyDown, which runs the command
 * the key is bound to (in this pane's scope, or a global command this pane handles) and then
 * prevents the default. Keys typed into a field of the pane are left alone. Returns whether a
 * command ran, for callers with more key handling of their own.
 */
export function usePaneCommands(scope: Exclude<Scope, 'global'>, handlers: Record<string, HandlerLike>): (e: React.KeyboardEvent) => boolean {
  useCommandHandlers(scope, handlers);
  const reg = useCommandRegistry();
  return useCallback(
    (e: React.KeyboardEvent) => {
      if (e.defaultPrevented || keyBelongsToField(e)) return false;
      if (!reg.dispatch(e.nativeEvent, scope)) return false;
      e.preventDefault();
      return true;
    },
    [reg, scope],
  );
}

/** `(id) => "B"`: the first current binding of a command as shown to a person ("" when unbound). */
export function useKeyLabel(): (id: string) => string {
  const reg = useCommandRegistry();
  const v = useRegistryVersion(reg);
  // v: a new function (and a re-render) when bindings change
  return useCallback((id: string) => (v >= 0 && reg.keysOf(id)[0] ? formatCombo(reg.keysOf(id)[0]) : ''), [reg, v]);
}
