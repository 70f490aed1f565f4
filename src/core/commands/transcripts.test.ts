import { describe, expect, it } from 'vitest';
import { getAnnotation, spansOfSegment } from '../schema';
import { addTranscriptSegment, setSegmentSpeaker } from './transcripts';
import { linkSpan } from './text';
import { addClass } from './taxonomy';
import { createObject } from './objects';
import { expectRejected, makeTestScene } from './testScene';
import { step } from './testStep';

const SAID = 'Bitte langsamer, the light is red';

describe('transcript/addSegment', () => {
  it('adds a timed segment with its text, speaker label from the object name', () => {
    const s = step(makeTestScene(), addTranscriptSegment, { id: 's1', sensor: 'mic', start: 0.2, end: 0.9, object: 'o4', text: SAID });
    expect(getAnnotation(s, 's1')).toEqual({ id: 's1', kind: 'timeSegment', sensor: 'mic', start: 0.2, end: 0.9, object: 'o4', source: 'manual', text: SAID, speaker: 'Driver' });
    const labelled = step(makeTestScene(), addTranscriptSegment, { id: 's2', sensor: 'mic', start: 0, end: 1, object: 'o4', text: '', speaker: 'SPEAKER_00' });
    expect(getAnnotation(labelled, 's2')).toMatchObject({ speaker: 'SPEAKER_00', text: '' });
    const withVoice = step(makeTestScene(), createObject, { id: 'v', classId: 'speaker' });
    const unnamed = step(withVoice, addTranscriptSegment, { sensor: 'mic', start: 0, end: 1, object: 'v', text: 'hi' });
    const seg = Object.values(unnamed.annotations['sensor:mic'])[0];
    expect(seg.id).toMatch(/^seg_[0-9a-f]{16}$/);
    expect(seg).not.toHaveProperty('speaker'); // v has no name
  });

  it('refuses segments that end before they start, non-audio sensors, unknown objects and classes not heard', () => {
    let s = makeTestScene();
    const ok = { id: 's1', sensor: 'mic', start: 0.2, end: 0.9, object: 'o4', text: SAID };
    expectRejected(s, addTranscriptSegment, { ...ok, end: 0.2 }, /segment "s1": a transcript segment must end after it starts \(0\.2 \.\. 0\.2 s\)/);
    expectRejected(s, addTranscriptSegment, { ...ok, sensor: 'cam' }, /a timeSegment cannot be drawn on camera sensor "cam"/);
    expectRejected(s, addTranscriptSegment, { ...ok, object: 'ghost' }, /object "ghost" does not exist/);
    expectRejected(s, addTranscriptSegment, { ...ok, text: undefined as unknown as string }, /segment "s1": text must be a string/);
    s = step(s, addClass, { cls: { id: 'sign', name: 'Sign', color: '#abcdef', modalities: ['camera', 'text'] } });
    s = step(s, createObject, { id: 'o9', classId: 'sign', name: 'Stop sign' });
    expectRejected(s, addTranscriptSegment, { ...ok, object: 'o9' }, /class "sign" is not labelled in audio/);
  });
});

describe('transcript/setSpeaker', () => {
  it('changes the speaker object and keeps the label in sync, spans stay', () => {
    let s = step(makeTestScene(), addTranscriptSegment, { id: 's1', sensor: 'mic', start: 0.2, end: 0.9, object: 'o4', text: SAID, speaker: 'SPEAKER_01' });
    s = step(s, linkSpan, { host: { segment: 's1' }, start: SAID.indexOf('light'), end: SAID.indexOf('light') + 5, objects: ['o1'] });
    s = step(s, createObject, { id: 'o5', classId: 'speaker', name: 'Passenger' });
    const passenger = step(s, setSegmentSpeaker, { segmentId: 's1', object: 'o5' });
    expect(getAnnotation(passenger, 's1')).toMatchObject({ object: 'o5', speaker: 'Passenger', text: SAID });
    expect(spansOfSegment(passenger, 's1')).toEqual(spansOfSegment(s, 's1'));
    const unnamed = step(step(passenger, createObject, { id: 'v', classId: 'speaker' }), setSegmentSpeaker, { segmentId: 's1', object: 'v' });
    expect(getAnnotation(unnamed, 's1')).toMatchObject({ object: 'v' });
    expect(getAnnotation(unnamed, 's1')).not.toHaveProperty('speaker');
  });

  it('refuses unknown segments and objects, and a speaker whose class is not labelled in audio', () => {
    let s = step(makeTestScene(), addTranscriptSegment, { id: 's1', sensor: 'mic', start: 0.2, end: 0.9, object: 'o4', text: SAID });
    expectRejected(s, setSegmentSpeaker, { segmentId: 'a1', object: 'o4' }, /segment "a1" is not a time segment of the scene/);
    expectRejected(s, setSegmentSpeaker, { segmentId: 's1', object: 'ghost' }, /object "ghost" does not exist/);
    s = step(s, addClass, { cls: { id: 'sign', name: 'Sign', color: '#abcdef', modalities: ['camera'] } });
    s = step(s, createObject, { id: 'o9', classId: 'sign' });
    expectRejected(s, setSegmentSpeaker, { segmentId: 's1', object: 'o9' }, /class "sign" is not labelled in audio/);
  });
});
