/**
 * Sample lookup at the boundaries of a stream, and the rule that a stream's sample times strictly
 * increase (schema/streamTimes.ts): a duplicate or out-of-order timestamp is a clear error naming the
 * stream and the sample, from the schema (any scene file or importer) and from checkStreamTimes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOpenLabel } from '../formats/openlabel';
import { checkStreamTimes, parseSceneJson, SceneValidationError, StreamTimeError, streamTimeProblem, type Stream } from '../schema';
import { indexAtOrBefore, nearestIndex, sampleAt, sceneTime } from './clock';
import { kittiTracking0003 } from './testScene';

const stream = (ts: number[], offset = 0, drift = 0): Stream => ({ id: 's', sensor: 'cam', offset, drift, samples: ts.map((t, i) => ({ id: `f${i}`, t })) });

describe('sample lookup at the boundaries', () => {
  it('empty and single-sample streams', () => {
    const empty = stream([]);
    expect(indexAtOrBefore(empty, 0)).toBe(-1);
    expect(sampleAt(empty, 0)).toBeUndefined();
    expect(nearestIndex(empty, 0)).toBe(-1);
    const one = stream([5]);
    expect(indexAtOrBefore(one, 4.999)).toBe(-1);
    expect(indexAtOrBefore(one, 5)).toBe(0);
    expect(indexAtOrBefore(one, 1e9)).toBe(0);
    expect([sampleAt(one, -1e9)?.id, sampleAt(one, 1e9)?.id]).toEqual(['f0', 'f0']);
    expect([nearestIndex(one, -3), nearestIndex(one, 30)]).toEqual([0, 0]);
  });

  it('exactly at the first and last sample, just inside and just outside (1 ns tolerance of the clock)', () => {
    const s = stream([1, 1.1, 1.2]);
    expect(indexAtOrBefore(s, 1)).toBe(0);
    expect(indexAtOrBefore(s, 1 - 1e-10)).toBe(0); // within the clock's 1 ns tolerance
    expect(indexAtOrBefore(s, 1 - 1e-6)).toBe(-1);
    expect(sampleAt(s, 1 - 1e-6)?.id).toBe('f0'); // before the start: the first sample is shown
    expect(indexAtOrBefore(s, 1.2)).toBe(2);
    expect(indexAtOrBefore(s, 1.2 - 1e-6)).toBe(1);
    expect(sampleAt(s, 1.2 + 1e-6)?.id).toBe('f2'); // after the end: the last
    // 0.1 + 0.2 style rounding: 1.1 is not exactly representable, the sample at "1.1" is still found at 1.1
    expect(indexAtOrBefore(s, 1.0 + 0.1)).toBe(1);
  });

  it('boundaries move with the stream offset and drift', () => {
    const s = stream([0, 1, 2], 0.05, 0.01);
    expect(sceneTime(s, 2)).toBeCloseTo(2.07, 12);
    expect(indexAtOrBefore(s, 0.049)).toBe(-1);
    expect(indexAtOrBefore(s, 0.05)).toBe(0);
    expect(indexAtOrBefore(s, 2.0699)).toBe(1);
    expect(indexAtOrBefore(s, 2.07)).toBe(2);
    expect(nearestIndex(s, 0.555)).toBe(0); // midpoint of 0.05 and 1.06 is 0.555: ties go to the earlier
    expect(nearestIndex(s, 0.556)).toBe(1);
  });
});

describe('duplicate and unsorted timestamps', () => {
  it('streamTimeProblem names the stream, both samples and their times', () => {
    expect(streamTimeProblem(stream([0, 0.1, 0.2]))).toBeUndefined();
    expect(streamTimeProblem(stream([0, 0.1, 0.1]))).toEqual({ index: 2, kind: 'duplicate', message: 'stream "s": sample "f2" (#2) has the same timestamp 0.1 s as sample "f1" (#1); a stream\'s sample times must be unique' });
    expect(streamTimeProblem(stream([0, 0.2, 0.1]))).toEqual({ index: 2, kind: 'unsorted', message: 'stream "s": sample "f2" (#2) at 0.1 s comes after sample "f1" (#1) at 0.2 s; samples must be sorted by time' });
    expect(() => checkStreamTimes(stream([3, 3]), 'rig.json')).toThrow(StreamTimeError);
    expect(() => checkStreamTimes(stream([3, 3]), 'rig.json')).toThrow(/^rig\.json: stream "s": sample "f1" \(#1\) has the same timestamp 3 s/);
  });

  it('a scene file with a duplicate or an unsorted timestamp is refused with the sample`s JSON path', () => {
    const good = kittiTracking0003();
    const dup = structuredClone(good);
    dup.streams[0].samples[7].t = dup.streams[0].samples[6].t;
    expect(() => parseSceneJson(JSON.stringify(dup), 'dup.json')).toThrow(SceneValidationError);
    expect(() => parseSceneJson(JSON.stringify(dup), 'dup.json')).toThrow('dup.json: 1 schema error\n  $.streams[0].samples[7].t: stream "image_02": sample "image_02/000007" (#7) has the same timestamp 0.6 s as sample "image_02/000006" (#6)');
    const swapped = structuredClone(good);
    [swapped.streams[1].samples[3].t, swapped.streams[1].samples[4].t] = [swapped.streams[1].samples[4].t, swapped.streams[1].samples[3].t];
    expect(() => parseSceneJson(JSON.stringify(swapped), 'swapped.json')).toThrow('$.streams[1].samples[4].t: stream "velodyne": sample "velodyne/000004" (#4) at 0.3 s comes after sample "velodyne/000003" (#3) at 0.4 s');
  });

  it('an importer reports it with the file: OpenLABEL frames 0 and 1 given the same timestamp', () => {
    const file = 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json';
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const f of ['0', '1']) json.openlabel.frames[f].frame_properties = { ...json.openlabel.frames[f].frame_properties, timestamp: 0 };
    expect(() => importOpenLabel(json, file)).toThrow(/openlabel100_kitti_tracking_0003\.json[^\n]*[\s\S]*stream "VELO_TOP": sample "VELO_TOP\/1" \(#1\) has the same timestamp 0 s as sample "VELO_TOP\/0"/);
  });
});
