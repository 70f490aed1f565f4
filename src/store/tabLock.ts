/**
 * One writer per autosave: the tab that holds the Web Lock `name` owns the autosaved document;
 * any other tab of the app on the same origin opens it read-only, so two tabs can never overwrite
 * each other's edits. A read-only tab can take over: it asks the owner on the BroadcastChannel
 * `name`, the owner flushes its writes and turns read-only (`yieldOwnership`), then lets go of the
 * lock, which the asking tab is waiting for. An owner that could not save everything (storage full)
 * refuses instead, so its edits are not thrown away: `takeOver()` then rejects with its reason.
 * An owner that does not answer (a frozen tab) has the lock stolen after `stealAfterMs`, and stops
 * writing at once when it learns so (`lostOwnership`). A tab that is closed or crashes releases its
 * lock by itself.
 *
 * Where there are no Web Locks (Node, very old browsers) every tab is the owner, as before.
 */

export type TabRole = 'pending' | 'owner' | 'reader';

export interface TabLockHooks {
  /**
   * Another tab asks for ownership: write everything, stop writing. Resolves to a reason instead
   * when this tab must keep ownership (it has changes it could not save).
   */
  yieldOwnership(): Promise<string | void>;
  /** The lock was stolen (this tab was frozen): stop writing at once, without writing what is pending. */
  lostOwnership(): void;
  /** This tab has just become the owner (after a take-over, not at start): catch up, start writing. */
  becameOwner(): Promise<void>;
}

export interface TabLock {
  role(): TabRole;
  /** Resolves once the first claim is decided (owner or reader). */
  readonly ready: Promise<TabRole>;
  /** Become the owner; resolves when this tab owns the autosave, rejects with the owner's reason when it refused. */
  takeOver(): Promise<void>;
  subscribe(listener: () => void): () => void;
  /** Let go of the lock and the channel (tests; a closing tab releases them anyway). */
  dispose(): void;
}

/** The parts of the platform used here, injectable for tests. */
export interface TabLockEnv {
  locks: LockManager | null;
  channel: ((name: string) => BroadcastChannel) | null;
}

function defaultEnv(): TabLockEnv {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return {
    locks: nav?.locks ?? null,
    channel: typeof BroadcastChannel === 'function' ? (n) => new BroadcastChannel(n) : null,
  };
}

type Message = { type: 'take-over' } | { type: 'refused'; reason: string };

export function claimTab(name: string, hooks: TabLockHooks, opts: { stealAfterMs?: number; env?: TabLockEnv } = {}): TabLock {
  const env = opts.env ?? defaultEnv();
  const stealAfterMs = opts.stealAfterMs ?? 4000;
  const listeners = new Set<() => void>();
  let current: TabRole = 'pending';
  const set = (r: TabRole) => {
    if (r === current) return;
    current = r;
    for (const l of listeners) l();
  };
  /** Resolving it lets go of the held lock. */
  let release: (() => void) | null = null;
  let disposed = false;

  if (!env.locks) {
    current = 'owner';
    return {
      role: () => current,
      ready: Promise.resolve<TabRole>('owner'),
      takeOver: () => Promise.resolve(),
      subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
      dispose: () => {},
    };
  }
  const locks = env.locks;
  const channel = env.channel?.(name) ?? null;

  /** Hold the lock from inside a request's callback until `release` is called; note if it is stolen. */
  const hold = () =>
    new Promise<void>((resolve) => {
      release = () => {
        release = null;
        resolve();
      };
    });
  const onLost = (e: unknown) => {
    // stolen by a tab that gave up waiting for us: stop writing (best effort) and turn read-only
    if ((e as Error)?.name !== 'AbortError' || current !== 'owner') return;
    release = null;
    set('reader');
    hooks.lostOwnership();
  };

  const ready = new Promise<TabRole>((resolve) => {
    locks
      .request(name, { ifAvailable: true }, async (lock) => {
        if (!lock || disposed) {
          set('reader');
          resolve('reader');
          return;
        }
        set('owner');
        resolve('owner');
        await hold();
      })
      .catch(onLost);
  });

  let yielding = false;
  /** Set while a take-over waits for the owner: ends it with the owner's refusal. */
  let refused: ((reason: string) => void) | null = null;
  if (channel)
    channel.onmessage = (ev: MessageEvent<Message>) => {
      if (ev.data?.type === 'refused') return refused?.(ev.data.reason);
      if (ev.data?.type !== 'take-over' || current !== 'owner' || yielding) return;
      yielding = true;
      void hooks
        .yieldOwnership()
        .catch(() => {})
        .then((reason) => {
          yielding = false;
          if (typeof reason === 'string') return channel.postMessage({ type: 'refused', reason } satisfies Message);
          set('reader');
          release?.();
        });
    };

  let taking: Promise<void> | null = null;
  const takeOver = (): Promise<void> => {
    if (current === 'owner') return Promise.resolve();
    taking ??= new Promise<void>((resolve, reject) => {
      let granted = false;
      const acquired = async () => {
        granted = true;
        refused = null;
        await hooks.becameOwner().catch(() => {});
        // only now: an edit made while catching up would be replaced by the document caught up with
        set('owner');
        taking = null;
        resolve();
        await hold();
      };
      const timer = setTimeout(() => {
        if (granted || disposed) return;
        controller.abort();
        locks.request(name, { steal: true }, acquired).catch(onLost);
      }, stealAfterMs);
      const controller = new AbortController();
      locks
        .request(name, { signal: controller.signal }, async () => {
          clearTimeout(timer);
          await acquired();
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return; // this wait was replaced by the steal above
          onLost(e);
        });
      refused = (reason) => {
        if (granted) return;
        refused = null;
        clearTimeout(timer);
        controller.abort();
        taking = null;
        reject(new Error(reason));
      };
      channel?.postMessage({ type: 'take-over' } satisfies Message);
    });
    return taking;
  };

  return {
    role: () => current,
    ready,
    takeOver,
    subscribe(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    dispose() {
      disposed = true;
      release?.();
      channel?.close();
    },
  };
}
