/**
 * Dispatch a command from inside a dialog and show its refusal there (next to the control that
 * caused it) rather than in the page's error banner behind the dialog.
 */
import { useCallback, useState } from 'react';
import type { CommandDef } from '../../core/commands/command';
import { useWorkbenchStore } from '../../hooks/storeContext';

export function useDispatchHere(): { run: <A>(cmd: CommandDef<A>, args: A) => boolean; error: string | null; clear: () => void } {
  const store = useWorkbenchStore();
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    <A,>(cmd: CommandDef<A>, args: A): boolean => {
      const st = store.getState();
      const ok = st.dispatch(cmd, args);
      if (ok) setError(null);
      else {
        setError(st.lastError?.message ?? `${cmd.label} failed`);
        st.setError(null);
      }
      return ok;
    },
    [store],
  );
  return { run, error, clear: useCallback(() => setError(null), []) };
}
