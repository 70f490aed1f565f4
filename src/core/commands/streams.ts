/**
 * Stream clock commands. `stream/setOffset` sets a stream's measured clock offset (seconds, added to
 * every sample time: core/time/clock.ts), e.g. to apply a correction measured by core/time/sync.ts
 * (an estimate δ > 0 says the stream is late: set offset to `offset − δ`). Undoable like every
 * command: the patch replaces one number.
 */
import { CommandError, defineCommand } from './command';

/** Offsets beyond this (seconds) are surely a unit mistake (ms or µs given as s). */
export const MAX_STREAM_OFFSET_S = 3600;

export const setStreamOffset = defineCommand<{ streamId: string; seconds: number }>({
  type: 'stream/setOffset',
  label: 'Set stream time offset',
  run(draft, { streamId, seconds }) {
    const st = draft.streams.find((s) => s.id === streamId);
    if (!st) throw new CommandError(`stream "${streamId}" does not exist (streams: ${draft.streams.map((s) => s.id).join(', ') || 'none'})`);
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new CommandError(`stream "${streamId}": the offset must be a finite number of seconds (got ${String(seconds)})`);
    if (Math.abs(seconds) > MAX_STREAM_OFFSET_S) throw new CommandError(`stream "${streamId}": an offset of ${seconds} s is beyond ±${MAX_STREAM_OFFSET_S} s (milliseconds given as seconds?)`);
    st.offset = seconds;
  },
});
