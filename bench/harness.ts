/**
 * Benchmark harness: every figure is printed beside a baseline measured in the same run, as a
 * ratio, and collected into bench/results.json as [{name, ours, baseline, unit, ratio}].
 * Figures are medians over repeated runs (the machines are shared and noisy).
 */
export interface BenchResult {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
  /** ours / baseline for throughputs (higher is better), baseline / ours for times. */
  ratio: number;
  baselineName?: string;
  note?: string;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median wall time in ms of `fn` over `runs` runs after `warmup` runs. */
export function timeMs(fn: () => void, runs = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export class Harness {
  readonly results: BenchResult[] = [];

  /** Record a throughput pair (higher is better): ratio = ours / baseline. */
  throughput(name: string, ours: number, baseline: number, unit: string, baselineName: string, note?: string): void {
    this.push({ name, ours, baseline, unit, ratio: ours / baseline, baselineName, note });
  }

  /** Record a time pair (lower is better): ratio = baseline / ours, so > 1 means we are faster. */
  time(name: string, oursMs: number, baselineMs: number, baselineName: string, note?: string): void {
    this.push({ name, ours: oursMs, baseline: baselineMs, unit: 'ms', ratio: baselineMs / oursMs, baselineName, note });
  }

  /** Record a size or cost pair in any unit (lower is better): ratio = baseline / ours, > 1 means under the baseline. */
  cost(name: string, ours: number, baseline: number, unit: string, baselineName: string, note?: string): void {
    this.push({ name, ours, baseline, unit, ratio: baseline / ours, baselineName, note });
  }

  private push(r: BenchResult): void {
    this.results.push(r);
    const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
    console.log(`${r.name.padEnd(56)} ours ${f(r.ours)} ${r.unit}  vs ${r.baselineName ?? 'baseline'} ${f(r.baseline)} ${r.unit}  ratio ${r.ratio.toFixed(2)}x${r.note ? `  (${r.note})` : ''}`);
  }
}

export type BenchModule = { default: (h: Harness) => Promise<void> | void };
