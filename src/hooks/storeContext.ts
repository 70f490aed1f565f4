/** React access to the workbench store. Components select narrowly; hot state is read via getState(). */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { WorkbenchState, WorkbenchStore } from '../store';

export const StoreContext = createContext<WorkbenchStore | null>(null);

export function useWorkbenchStore(): WorkbenchStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext is missing');
  return store;
}

export function useWorkbench<T>(selector: (s: WorkbenchState) => T): T {
  return useStore(useWorkbenchStore(), selector);
}

/** For selectors that build objects or arrays. */
export function useWorkbenchShallow<T>(selector: (s: WorkbenchState) => T): T {
  return useStore(useWorkbenchStore(), useShallow(selector));
}
