import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError, WorkerJobs, type WorkerHandle } from './jobs';

/**
 * A fake worker: each call returns a promise the test settles by hand (a real worker busy in a
 * parse never answers until it finishes), `terminate` is recorded, `die` plays a crash.
 */
class FakeWorker {
  terminated = false;
  calls: { file: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  private deathListeners: ((reason: string) => void)[] = [];
  readonly remote = {
    parse: (file: string) =>
      new Promise<string>((resolve, reject) => {
        this.calls.push({ file, resolve, reject });
      }),
  };
  handle(): WorkerHandle<FakeWorker['remote']> {
    return {
      remote: this.remote,
      terminate: () => {
        this.terminated = true;
      },
      onDeath: (l) => this.deathListeners.push(l),
    };
  }
  die(reason: string): void {
    for (const l of this.deathListeners) l(reason);
  }
}

function setup(perJob = false) {
  const workers: FakeWorker[] = [];
  const jobs = new WorkerJobs(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w.handle();
    },
    'import',
    perJob,
  );
  return { jobs, workers };
}

/** The rejection of `p`, which must reject. */
const rejection = async (p: Promise<unknown>): Promise<Error> => {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the job to reject');
};

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerJobs', () => {
  it('runs jobs on one worker, started on first use, and passes results through', async () => {
    const { jobs, workers } = setup();
    expect(workers).toHaveLength(0);
    const a = jobs.run('a.pcd', (r) => r.parse('a.pcd'));
    const b = jobs.run('b.pcd', (r) => r.parse('b.pcd'));
    expect(workers).toHaveLength(1);
    workers[0].calls[0].resolve('cloud a');
    workers[0].calls[1].resolve('cloud b');
    expect(await a).toBe('cloud a');
    expect(await b).toBe('cloud b');
    expect(workers[0].terminated).toBe(false);
  });

  it('passes the worker’s own errors through unchanged and keeps the worker', async () => {
    const { jobs, workers } = setup();
    const a = jobs.run('a.pcd', (r) => r.parse('a.pcd'));
    workers[0].calls[0].reject(new Error('a.pcd: line 12: expected 4 numbers'));
    expect((await rejection(a)).message).toBe('a.pcd: line 12: expected 4 numbers');
    expect(workers[0].terminated).toBe(false);
  });

  it('cancel: the job rejects with an AbortError naming its file, the worker is terminated and the next job gets a fresh one', async () => {
    const { jobs, workers } = setup();
    const ctl = new AbortController();
    const big = jobs.run('big.json', (r) => r.parse('big.json'), { signal: ctl.signal });
    const other = jobs.run('small.json', (r) => r.parse('small.json'));
    ctl.abort();
    const e = await rejection(big);
    expect(isAbortError(e)).toBe(true);
    expect(e.message).toBe('big.json: import cancelled');
    // the other job on the same worker cannot finish there: rejected, naming both files
    const o = await rejection(other);
    expect(isAbortError(o)).toBe(true);
    expect(o.message).toBe('small.json: import cancelled: its worker was restarted because big.json was cancelled');
    expect(workers[0].terminated).toBe(true);
    // a late answer from the dead worker changes nothing
    workers[0].calls[0].resolve('too late');
    const next = jobs.run('next.json', (r) => r.parse('next.json'));
    expect(workers).toHaveLength(2);
    workers[1].calls[0].resolve('ok');
    expect(await next).toBe('ok');
    expect(jobs.spawned).toBe(2);
  });

  it('an already-aborted signal rejects at once without starting a worker', async () => {
    const { jobs, workers } = setup();
    const ctl = new AbortController();
    ctl.abort();
    const e = await rejection(jobs.run('x.json', (r) => r.parse('x.json'), { signal: ctl.signal }));
    expect(isAbortError(e)).toBe(true);
    expect(e.message).toBe('x.json: import cancelled');
    expect(workers).toHaveLength(0);
  });

  it('timeout: the job rejects with a TimeoutError naming its file and the seconds, and the worker is restarted', async () => {
    vi.useFakeTimers();
    const { jobs, workers } = setup();
    const slow = jobs.run('slow.pcd', (r) => r.parse('slow.pcd'), { timeoutMs: 2500 });
    const caught = rejection(slow);
    await vi.advanceTimersByTimeAsync(2499);
    expect(workers[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const e = await caught;
    expect(e.name).toBe('TimeoutError');
    expect(e.message).toBe('slow.pcd: import stopped after 2.5 s (the time limit for one file)');
    expect(isAbortError(e)).toBe(false);
    expect(workers[0].terminated).toBe(true);
  });

  it('timeout: a job queued behind another on the shared worker is timed from when it starts, not from when it was queued', async () => {
    vi.useFakeTimers();
    const { jobs, workers } = setup();
    const first = jobs.run('first.pcd', (r) => r.parse('first.pcd'), { timeoutMs: 1000 });
    const shown = jobs.run('shown.pcd', (r) => r.parse('shown.pcd'), { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(900);
    workers[0].calls[0].resolve('cloud first');
    expect(await first).toBe('cloud first');
    // 1.8 s since it was queued, 0.9 s since the worker started it: still within its limit
    await vi.advanceTimersByTimeAsync(900);
    expect(workers[0].terminated).toBe(false);
    workers[0].calls[1].resolve('cloud shown');
    expect(await shown).toBe('cloud shown');
    expect(jobs.spawned).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('timeout: the queued job’s clock starts when the one before it settles, and only it is timed out', async () => {
    vi.useFakeTimers();
    const { jobs, workers } = setup();
    const first = jobs.run('first.pcd', (r) => r.parse('first.pcd'));
    const stuck = jobs.run('stuck.pcd', (r) => r.parse('stuck.pcd'), { timeoutMs: 1000 });
    const caught = rejection(stuck);
    // the job ahead has no limit and takes 5 s: the queued one waits without its clock running
    await vi.advanceTimersByTimeAsync(5000);
    expect(workers[0].terminated).toBe(false);
    workers[0].calls[0].resolve('cloud first');
    expect(await first).toBe('cloud first');
    await vi.advanceTimersByTimeAsync(999);
    expect(workers[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const e = await caught;
    expect(e.name).toBe('TimeoutError');
    expect(e.message).toBe('stuck.pcd: import stopped after 1 s (the time limit for one file)');
    expect(workers[0].terminated).toBe(true);
  });

  it('a job that finishes in time clears its timer and its abort listener', async () => {
    vi.useFakeTimers();
    const { jobs, workers } = setup();
    const ctl = new AbortController();
    const quick = jobs.run('q.json', (r) => r.parse('q.json'), { timeoutMs: 1000, signal: ctl.signal });
    workers[0].calls[0].resolve('done');
    expect(await quick).toBe('done');
    await vi.advanceTimersByTimeAsync(5000);
    ctl.abort();
    expect(workers[0].terminated).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a dead worker rejects every pending job naming its file; the next job starts a new worker', async () => {
    const { jobs, workers } = setup();
    const a = jobs.run('a.pcd', (r) => r.parse('a.pcd'));
    const b = jobs.run('b.pcd', (r) => r.parse('b.pcd'));
    workers[0].die('out of memory');
    expect((await rejection(a)).message).toBe('a.pcd: the import worker failed (out of memory)');
    expect((await rejection(b)).message).toBe('b.pcd: the import worker failed (out of memory)');
    const c = jobs.run('c.pcd', (r) => r.parse('c.pcd'));
    expect(workers).toHaveLength(2);
    workers[1].calls[0].resolve('fine');
    expect(await c).toBe('fine');
  });

  it('perJob: each job has its own worker, terminated when it settles; cancelling one leaves the others alone', async () => {
    const { jobs, workers } = setup(true);
    const ctl = new AbortController();
    const a = jobs.run('a.json', (r) => r.parse('a.json'), { signal: ctl.signal });
    const b = jobs.run('b.json', (r) => r.parse('b.json'));
    expect(workers).toHaveLength(2);
    ctl.abort();
    expect(isAbortError(await rejection(a))).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].terminated).toBe(false);
    workers[1].calls[0].resolve('b done');
    expect(await b).toBe('b done');
    expect(workers[1].terminated).toBe(true);
  });

  it('dispose terminates the worker and rejects what is pending as cancelled', async () => {
    const { jobs, workers } = setup();
    const a = jobs.run('a.pcd', (r) => r.parse('a.pcd'));
    jobs.dispose();
    const e = await rejection(a);
    expect(isAbortError(e)).toBe(true);
    expect(e.message).toContain('a.pcd');
    expect(workers[0].terminated).toBe(true);
  });

  it('dispose reaches every per-job worker: each is terminated and its job rejected as cancelled', async () => {
    const { jobs, workers } = setup(true);
    const a = jobs.run('a.json', (r) => r.parse('a.json'));
    const b = jobs.run('b.json', (r) => r.parse('b.json'));
    jobs.dispose();
    for (const [p, file] of [[a, 'a.json'], [b, 'b.json']] as const) {
      const e = await rejection(p);
      expect(isAbortError(e)).toBe(true);
      expect(e.message).toBe(`${file}: import cancelled (the worker was shut down)`);
    }
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
    // the next job starts a fresh worker
    const c = jobs.run('c.json', (r) => r.parse('c.json'));
    workers[2].calls[0].resolve('c done');
    expect(await c).toBe('c done');
  });
});
