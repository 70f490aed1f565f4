import { describe, expect, it } from 'vitest';
import { sampleAt } from '../time/clock';
import { applyPatches, execute } from './command';
import { COMMANDS, commandByType } from './index';
import { setStreamOffset } from './streams';
import { expectRejected, makeTestScene } from './testScene';

describe('setStreamOffset', () => {
  it('sets the offset, moving the stream on the scene clock; undo restores it exactly', () => {
    const s = makeTestScene();
    const { next, patches, inverse } = execute(s, setStreamOffset, { streamId: 'cam', seconds: -0.047 });
    expect(next.streams.find((x) => x.id === 'cam')!.offset).toBe(-0.047);
    expect(s.streams.find((x) => x.id === 'cam')!.offset).toBe(0); // the input scene is untouched
    // the sample at scene time 0.06 was c0 (t 0); with the offset c1 (0.1 − 0.047 = 0.053) is shown
    expect(sampleAt(s.streams[0], 0.06)?.id).toBe('c0');
    expect(sampleAt(next.streams[0], 0.06)?.id).toBe('c1');
    expect(patches).toEqual([{ op: 'replace', path: ['streams', 0, 'offset'], value: -0.047 }]);
    expect(applyPatches(next, inverse)).toEqual(s);
    expect(next.streams[1]).toBe(s.streams[1]); // other streams shared
  });

  it('rejects unknown streams, non-finite and absurd offsets, naming the stream', () => {
    const s = makeTestScene();
    expectRejected(s, setStreamOffset, { streamId: 'radar', seconds: 0.1 }, /stream "radar" does not exist \(streams: cam, lidar/);
    expectRejected(s, setStreamOffset, { streamId: 'cam', seconds: Number.NaN }, /stream "cam": the offset must be a finite number of seconds \(got NaN\)/);
    expectRejected(s, setStreamOffset, { streamId: 'cam', seconds: 50000 }, /beyond ±3600 s/);
  });

  it('is registered', () => {
    expect(commandByType('stream/setOffset')?.command).toBe(setStreamOffset);
    expect(COMMANDS.filter((c) => c.type === 'stream/setOffset')).toHaveLength(1);
  });
});
