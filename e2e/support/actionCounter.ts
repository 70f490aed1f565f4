/**
 * Counts the user actions a scripted annotator issues, through page.mouse / page.keyboard only.
 * What one action is:
 *   - a click (mouse down + up at one place) = 1;
 *   - a drag (down, moves, up), any button = 1;
 *   - a key press (a chord like Shift+M included) = 1;
 *   - a wheel gesture (a burst of wheel notches at one place, as a person spins the wheel once) = 1,
 *     its notches are kept too (`notches`);
 *   - typing a value into one field = 1 (its keys are kept too: `keys`).
 * Every action is recorded with the phase it belongs to (`phase(name)`), so a run can report
 * per-object counts, the one-off setup and a breakdown by kind.
 */
import type { Page } from '@playwright/test';

export type ActionKind = 'click' | 'drag' | 'key' | 'wheel' | 'type';

export interface ActionRecord {
  phase: string;
  kind: ActionKind;
  what: string;
  /** Keys typed (type) or wheel notches (wheel); 1 otherwise. */
  units: number;
  /** Milliseconds since the counter was made, when the action started. */
  at: number;
}

export interface Pt {
  x: number;
  y: number;
}

export class ActionCounter {
  readonly log: ActionRecord[] = [];
  private current = 'setup';
  private readonly t0 = Date.now();

  constructor(readonly page: Page) {}

  /** The phase following actions belong to (e.g. "setup", "object 1"). */
  phase(name: string): void {
    this.current = name;
  }

  private record(kind: ActionKind, what: string, units = 1): void {
    this.log.push({ phase: this.current, kind, what, units, at: Date.now() - this.t0 });
  }

  async click(p: Pt, what: string): Promise<void> {
    this.record('click', what);
    await this.page.mouse.move(p.x, p.y);
    await this.page.mouse.down();
    await this.page.mouse.up();
  }

  /** A drag from `a` to `b` in `steps` pointer moves; `button` right for a pan. */
  async drag(a: Pt, b: Pt, what: string, opts: { button?: 'left' | 'right' | 'middle'; steps?: number; settleMs?: number } = {}): Promise<void> {
    const steps = opts.steps ?? 8;
    const button = opts.button ?? 'left';
    this.record('drag', what);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down({ button });
    for (let i = 1; i <= steps; i++) await this.page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
    // a person's hand rests a moment at the target before letting go
    if (opts.settleMs) await this.page.waitForTimeout(opts.settleMs);
    await this.page.mouse.up({ button });
  }

  /** A drag through `path` (first point: the press, last: the release), e.g. an arc around a centre. */
  async dragPath(path: Pt[], what: string): Promise<void> {
    this.record('drag', what);
    await this.page.mouse.move(path[0].x, path[0].y);
    await this.page.mouse.down();
    for (const p of path.slice(1)) await this.page.mouse.move(p.x, p.y);
    await this.page.mouse.up();
  }

  async press(key: string, what: string): Promise<void> {
    this.record('key', what);
    await this.page.keyboard.press(key);
  }

  /** `notches` wheel events of `deltaY` each at `p` (negative: zoom in): one gesture. */
  async wheel(p: Pt, notches: number, deltaY: number, what: string): Promise<void> {
    this.record('wheel', what, notches);
    await this.page.mouse.move(p.x, p.y);
    for (let i = 0; i < notches; i++) await this.page.mouse.wheel(0, deltaY);
  }

  /** Type a value into the focused field: one action, its keys counted in `units`. */
  async type(text: string, what: string): Promise<void> {
    this.record('type', what, text.length);
    await this.page.keyboard.type(text);
  }

  /** Actions of a phase (all phases when omitted). */
  count(phase?: string): number {
    return this.log.filter((r) => phase === undefined || r.phase === phase).length;
  }

  /** Key presses a phase took, typed keys counted one by one (a stricter figure than `count`). */
  keystrokes(phase?: string): number {
    return this.log.filter((r) => (phase === undefined || r.phase === phase) && (r.kind === 'key' || r.kind === 'type')).reduce((n, r) => n + r.units, 0);
  }

  /** Counts by kind for a set of phases. */
  byKind(phases: (p: string) => boolean): Record<ActionKind, number> {
    const out: Record<ActionKind, number> = { click: 0, drag: 0, key: 0, wheel: 0, type: 0 };
    for (const r of this.log) if (phases(r.phase)) out[r.kind]++;
    return out;
  }

  /** The actions of a phase as short words, e.g. "drag footprint, key class 3, click Accept box". */
  describe(phase: string): string[] {
    return this.log.filter((r) => r.phase === phase).map((r) => `${r.kind} ${r.what}${r.kind === 'wheel' ? ` (${r.units} notches)` : r.kind === 'type' ? ` (${r.units} keys)` : ''}`);
  }
}
