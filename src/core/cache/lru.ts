/**
 * A least-recently-used cache bounded by bytes, not by entry count: a 4K image and a 1M-point sweep
 * are not the same "one entry". Each entry carries its byte size and an optional `dispose` (free a
 * GPU buffer, close an ImageBitmap, drop a decoded image). Entries that are on screen are pinned and
 * never evicted under their user; when pinned entries alone exceed the budget, everything unpinned
 * goes and the cache stays over budget until they are unpinned (showing the frame wins).
 *
 * A value's size may be unknown when it is added (a decode still running): add it with 0 bytes and
 * `resize` it when known. Every value leaves exactly once — evicted, replaced, deleted or cleared —
 * and its `dispose` runs exactly then, once.
 */

interface Entry<V> {
  value: V;
  bytes: number;
  dispose?: (value: V) => void;
}

export interface ByteLruStats {
  entries: number;
  bytes: number;
  budget: number;
  pinned: number;
  pinnedBytes: number;
  evictions: number;
}

export class ByteLru<K, V> {
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly entries = new Map<K, Entry<V>>();
  private readonly pins = new Map<K, number>();
  private total = 0;
  private evicted = 0;

  constructor(private budgetBytes: number) {
    checkBytes(budgetBytes, 'budget');
  }

  get budget(): number {
    return this.budgetBytes;
  }

  /** A new budget; a smaller one evicts least recently used entries at once. */
  set budget(bytes: number) {
    checkBytes(bytes, 'budget');
    this.budgetBytes = bytes;
    this.trim();
  }

  /** Bytes of the entries held now. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, marked most recently used. */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** The value without touching its recency. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Add or replace (the replaced value is disposed unless it is the same value), then trim to the budget. */
  set(key: K, value: V, bytes: number, dispose?: (value: V) => void): void {
    checkBytes(bytes, 'entry size');
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.bytes;
      if (old.value !== value) old.dispose?.(old.value);
    }
    this.entries.set(key, { value, bytes, dispose });
    this.total += bytes;
    this.trim();
  }

  /** Record a size learned later (a decode finished). Recency is unchanged. No-op for a key not held. */
  resize(key: K, bytes: number): void {
    checkBytes(bytes, 'entry size');
    const e = this.entries.get(key);
    if (!e) return;
    this.total += bytes - e.bytes;
    e.bytes = bytes;
    this.trim();
  }

  /** Remove and dispose. */
  delete(key: K): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.total -= e.bytes;
    e.dispose?.(e.value);
    return true;
  }

  /**
   * Keep `key` (held now or added later) until the returned function is called; pins nest. The
   * release function is idempotent, so a React effect cleanup may call it freely.
   */
  pin(key: K): () => void {
    this.pins.set(key, (this.pins.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.pins.get(key) ?? 1) - 1;
      if (n > 0) this.pins.set(key, n);
      else this.pins.delete(key);
      this.trim();
    };
  }

  isPinned(key: K): boolean {
    return this.pins.has(key);
  }

  setBudget(bytes: number): void {
    checkBytes(bytes, 'budget');
    this.budgetBytes = bytes;
    this.trim();
  }

  /** Dispose everything, pinned or not (the owner is going away). */
  clear(): void {
    const all = [...this.entries.values()];
    this.entries.clear();
    this.total = 0;
    for (const e of all) e.dispose?.(e.value);
  }

  stats(): ByteLruStats {
    let pinned = 0;
    let pinnedBytes = 0;
    for (const [k, e] of this.entries)
      if (this.pins.has(k)) {
        pinned++;
        pinnedBytes += e.bytes;
      }
    return { entries: this.entries.size, bytes: this.total, budget: this.budgetBytes, pinned, pinnedBytes, evictions: this.evicted };
  }

  /** Evict least recently used unpinned entries until within budget (or only pinned ones are left). */
  private trim(): void {
    if (this.total <= this.budgetBytes) return;
    for (const [k, e] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      if (this.pins.has(k)) continue;
      // deleting the current key while iterating a Map is safe: iteration continues with the next
      this.entries.delete(k);
      this.total -= e.bytes;
      this.evicted++;
      e.dispose?.(e.value);
    }
  }
}

function checkBytes(n: number, what: string): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`cache ${what} must be a finite number of bytes ≥ 0, got ${n}`);
}
