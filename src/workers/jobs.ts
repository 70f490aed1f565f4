/**
 * Cancellable, time-limited jobs on a Web Worker behind comlink.
 *
 * A comlink call cannot be interrupted once the worker is running it (the worker is busy in one
 * synchronous parse and never reads another message), so stopping a job means terminating its
 * worker. `WorkerJobs` owns one worker (spawned on first use, or one per job with `perJob`) and:
 * - rejects a job whose AbortSignal fires with an AbortError naming its file;
 * - rejects a job that runs past its timeout with a TimeoutError naming its file and the seconds;
 *   the clock starts when the worker starts the job, not when it is queued: a shared worker runs
 *   its jobs one after another, so only the job at the head of its queue is timed (a cloud waiting
 *   behind a slow one must not time out, and take the whole queue with it, for time it never ran);
 * - in both cases terminates the worker, rejects every other job still pending on it (AbortError
 *   naming that job's file and the one that caused the restart), and spawns a fresh worker for the
 *   next job;
 * - rejects every pending job when the worker dies (script error, out of memory), naming its file,
 *   instead of leaving it pending forever (comlink itself never hears of a dead worker).
 * Workers are injected (`WorkerHandle`), so the layer is tested with a fake worker in Node.
 */
import * as Comlink from 'comlink';

/** A started worker as this layer sees it: the remote API, a way to stop it, word of its death. */
export interface WorkerHandle<R> {
  remote: R;
  terminate(): void;
  onDeath(listener: (reason: string) => void): void;
}

export interface JobOptions {
  /** Cancels the job (and restarts the worker) when it fires. */
  signal?: AbortSignal;
  /** Gives up after this many milliseconds (and restarts the worker); none when absent. */
  timeoutMs?: number;
}

export const abortError = (message: string): DOMException => new DOMException(message, 'AbortError');
export const timeoutError = (message: string): DOMException => new DOMException(message, 'TimeoutError');

/** True for a job stopped by its AbortSignal (or by another job's cancel restarting the worker). */
export const isAbortError = (e: unknown): boolean => (e as { name?: unknown } | null)?.name === 'AbortError';

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

interface Pending {
  file: string;
  reject(e: unknown): void;
  /** Starts the job's time limit; set while the job has one that has not started yet. */
  startClock?: () => void;
}

interface Generation<R> {
  handle: WorkerHandle<R>;
  jobs: Set<Pending>;
  dead: boolean;
}

export class WorkerJobs<R> {
  private current: Generation<R> | null = null;
  /** Every worker still alive: the shared one and, with `perJob`, each job's own (for `dispose`). */
  private readonly live = new Set<Generation<R>>();
  /** Workers started so far (a restart shows here). */
  spawned = 0;

  /**
   * @param spawn starts a worker
   * @param what names the work in messages: "import" → "scene.json: import cancelled"
   * @param perJob one worker per job, terminated when the job settles (frees a large parse's memory)
   */
  constructor(
    private readonly spawn: () => WorkerHandle<R>,
    private readonly what: string,
    private readonly perJob = false,
  ) {}

  /** Run `call` on the worker for `file` (the name every message about this job carries). */
  run<T>(file: string, call: (remote: R) => Promise<T>, opts: JobOptions = {}): Promise<T> {
    const { signal, timeoutMs } = opts;
    if (signal?.aborted) return Promise.reject(abortError(`${file}: ${this.what} cancelled`));
    const gen = this.perJob ? this.start() : (this.current && !this.current.dead ? this.current : (this.current = this.start()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    let pending!: Pending;
    const settled = new Promise<T>((resolve, reject) => {
      pending = { file, reject };
      gen.jobs.add(pending);
      call(gen.handle.remote).then(resolve, reject);
    });
    if (signal) {
      onAbort = () => this.stop(gen, pending, abortError(`${file}: ${this.what} cancelled`), 'was cancelled');
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
      pending.startClock = () => {
        timer = setTimeout(() => this.stop(gen, pending, timeoutError(`${file}: ${this.what} stopped after ${seconds(timeoutMs)} (the time limit for one file)`), 'ran out of time'), timeoutMs);
      };
      this.startHead(gen);
    }
    const cleanup = () => {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      gen.jobs.delete(pending);
      if (gen.dead) return;
      if (this.perJob) this.retire(gen);
      else this.startHead(gen);
    };
    return settled.finally(cleanup);
  }

  /** Terminate the worker now (every pending job is rejected as cancelled); the next job starts a fresh one. */
  dispose(): void {
    for (const gen of [...this.live]) this.killAll(gen, (p) => abortError(`${p.file}: ${this.what} cancelled (the worker was shut down)`));
    this.current = null;
  }

  /**
   * Start the clock of the job the worker is running now: the oldest one still pending (a Set
   * keeps insertion order, and a worker busy in one synchronous parse takes its messages in turn).
   */
  private startHead(gen: Generation<R>): void {
    const head = gen.jobs.values().next().value;
    const start = head?.startClock;
    if (!head || !start) return;
    head.startClock = undefined;
    start();
  }

  private start(): Generation<R> {
    const handle = this.spawn();
    this.spawned++;
    const gen: Generation<R> = { handle, jobs: new Set(), dead: false };
    this.live.add(gen);
    handle.onDeath((reason) => {
      if (gen.dead) return;
      this.killAll(gen, (p) => new Error(`${p.file}: the ${this.what} worker failed (${reason})`));
    });
    return gen;
  }

  /** Stop `cause` with `error`; the other jobs on its worker are rejected as cancelled because of it. */
  private stop(gen: Generation<R>, cause: Pending, error: DOMException, why: string): void {
    if (gen.dead || !gen.jobs.has(cause)) return;
    this.killAll(gen, (p) => (p === cause ? error : abortError(`${p.file}: ${this.what} cancelled: its worker was restarted because ${cause.file} ${why}`)));
  }

  private killAll(gen: Generation<R>, errorFor: (p: Pending) => unknown): void {
    const jobs = [...gen.jobs];
    this.retire(gen);
    for (const p of jobs) p.reject(errorFor(p));
  }

  private retire(gen: Generation<R>): void {
    gen.dead = true;
    gen.jobs.clear();
    this.live.delete(gen);
    if (this.current === gen) this.current = null;
    try {
      gen.handle.terminate();
    } catch {
      // a worker that is already gone has nothing left to stop
    }
  }
}

/** A `WorkerHandle` over a real module worker with a comlink remote. */
export function comlinkWorker<Api>(make: () => Worker): () => WorkerHandle<Comlink.Remote<Api>> {
  return () => {
    const worker = make();
    const remote = Comlink.wrap<Api>(worker);
    return {
      remote,
      // no releaseProxy: it waits for the worker's answer, and a terminated worker never gives one
      terminate: () => worker.terminate(),
      onDeath(listener) {
        worker.addEventListener('error', (e) => listener(e.message || 'the worker script failed to start or crashed'));
        worker.addEventListener('messageerror', () => listener('its result could not be read'));
      },
    };
  };
}
