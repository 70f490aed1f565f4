/** Test support (not bundled: imported only by tests). */
/**
 * An in-memory Web Locks LockManager (exclusive locks only) with the options tabLock uses:
 * ifAvailable, signal and steal. One instance stands for one browser origin. `stealDelayMs` makes
 * the robbed holder hear of a steal only later (a frozen tab).
 */
export class FakeLocks {
  stealDelayMs = 0;
  private held = new Map<string, { token: object; stolen: (e: Error) => void }>();
  private queue = new Map<string, (() => void)[]>();

  request(name: string, opts: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal }, cb: (lock: { name: string } | null) => Promise<unknown>): Promise<unknown> {
    const q = this.queue.get(name) ?? [];
    this.queue.set(name, q);
    if (opts.steal) {
      const h = this.held.get(name);
      const e = new DOMException('stolen', 'AbortError');
      if (this.stealDelayMs) setTimeout(() => h?.stolen(e), this.stealDelayMs);
      else h?.stolen(e);
      this.held.delete(name);
      return this.grant(name, cb);
    }
    if (!this.held.has(name) && q.length === 0) return this.grant(name, cb);
    if (opts.ifAvailable) return Promise.resolve(cb(null));
    return new Promise((resolve, reject) => {
      const go = () => this.grant(name, cb).then(resolve, reject);
      q.push(go);
      opts.signal?.addEventListener('abort', () => {
        const i = q.indexOf(go);
        if (i >= 0) q.splice(i, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  private grant(name: string, cb: (lock: { name: string }) => Promise<unknown>): Promise<unknown> {
    const token = {};
    return new Promise((resolve, reject) => {
      this.held.set(name, { token, stolen: reject });
      void Promise.resolve(cb({ name })).then((v) => {
        if (this.held.get(name)?.token !== token) return; // stolen meanwhile: the thief holds it now
        this.held.delete(name);
        resolve(v);
        this.queue.get(name)?.shift()?.();
      });
    });
  }
}
