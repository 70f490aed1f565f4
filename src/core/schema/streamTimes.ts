/**
 * Sample times of one stream must be strictly increasing: the clock (core/time/clock.ts) finds
 * samples by binary search, and two samples at one time of one sensor, or a sample before its
 * predecessor, make "the sample shown at t" ambiguous. Where the rule lives: the Stream schema's
 * refinement (so every importer that validates its scene, and every scene file read, reports it
 * with the JSON path of the offending sample) and `checkStreamTimes` for code that holds a stream
 * before it builds a scene (the message then names the file).
 */

/** The fields of a stream the rule reads (works on the schema's input and output types). */
export interface TimedStream {
  id: string;
  samples: ReadonlyArray<{ id: string; t: number }>;
}

export interface StreamTimeProblem {
  /** Index of the offending sample (the later of the two). */
  index: number;
  kind: 'duplicate' | 'unsorted';
  message: string;
}

const fmt = (t: number): string => `${+t.toFixed(9)} s`;

/** The first sample that is not strictly after its predecessor, or undefined when the times increase. */
export function streamTimeProblem(stream: TimedStream): StreamTimeProblem | undefined {
  const s = stream.samples;
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1], b = s[i];
    if (b.t > a.t) continue;
    if (b.t === a.t)
      return { index: i, kind: 'duplicate', message: `stream "${stream.id}": sample "${b.id}" (#${i}) has the same timestamp ${fmt(b.t)} as sample "${a.id}" (#${i - 1}); a stream's sample times must be unique` };
    if (Number.isNaN(a.t) || Number.isNaN(b.t)) continue; // reported by the finite-number rule on `t`
    return { index: i, kind: 'unsorted', message: `stream "${stream.id}": sample "${b.id}" (#${i}) at ${fmt(b.t)} comes after sample "${a.id}" (#${i - 1}) at ${fmt(a.t)}; samples must be sorted by time` };
  }
  return undefined;
}

export class StreamTimeError extends Error {
  constructor(
    readonly file: string,
    readonly problem: StreamTimeProblem,
  ) {
    super(`${file}: ${problem.message}`);
    this.name = 'StreamTimeError';
  }
}

/** Throws StreamTimeError naming `file`, the stream and the sample when the stream's times do not strictly increase. */
export function checkStreamTimes(stream: TimedStream, file: string): void {
  const p = streamTimeProblem(stream);
  if (p) throw new StreamTimeError(file, p);
}
