import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { exportMot, importMotAsPreAnnotations, parseMot } from './index';
import { getAnnotation, removeAnnotationFrom } from '../../schema';

// Hand-written in ByteTrack's save_format '{frame},{id},{x1},{y1},{w},{h},{s},-1,-1,-1' (FORMATS.md §7).
const BYTETRACK = `1,1,100.5,150,50,40.25,0.91,-1,-1,-1
1,2,300,120,20,60,0.75,-1,-1,-1
2,1,104,151,50,40,0.88,-1,-1,-1
3,2,310,121,20,60,0.5,-1,-1,-1
`;

describe('parseMot', () => {
  it('reads ByteTrack rows (1-based frames, top-left boxes)', () => {
    const rows = parseMot(BYTETRACK, 'track.txt', { format: 'bytetrack' });
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({ frame: 1, id: 1, x: 100.5, y: 150, w: 50, h: 40.25, conf: 0.91, line: 1 });
  });
  it('reads the 9-column MOT16+ gt form and 10-column world coordinates', () => {
    const [gt, world] = parseMot('1,3,10,20,30,40,1,1,0.85\n\n2,-1,1,2,3,4,0.4,5,6,7\n', 'gt.txt', { format: 'mot' });
    expect(gt).toMatchObject({ frame: 1, id: 3, conf: 1, classNumber: 1, visibility: 0.85 });
    expect(world).toMatchObject({ frame: 2, id: -1, world: { x: 5, y: 6, z: 7 }, line: 3 });
  });
  it('names file and line for malformed rows', () => {
    expect(() => parseMot('1,1,0,0,1,1,0.5,-1,-1,-1\n0,1,0,0,1,1,1,-1,-1,-1', 't.txt', { format: 'bytetrack' })).toThrow(/^t\.txt:2: frame must be an integer >= 1/);
    expect(() => parseMot('1,1,0,0,1,1', 't.txt', { format: 'mot' })).toThrow(/^t\.txt:1: expected 7 to 10 comma-separated columns, found 6/);
    expect(() => parseMot('1,1,0,0,1,1,0.5,-1,-1', 't.txt', { format: 'bytetrack' })).toThrow(/t\.txt:1: expected 10/);
    expect(() => parseMot('1,1,abc,0,1,1,1', 'm.txt', { format: 'mot' })).toThrow(/^m\.txt:1: column 3 \(bb_left\) is not a number: "abc"/);
    expect(() => parseMot('1,1,0,0,-1,1,1', 'm.txt', { format: 'mot' })).toThrow(/width and height must be >= 0/);
  });
});

describe('MOT ↔ scene', () => {
  it('imports tracks as model boxes on the camera sample of each frame', () => {
    const rows = parseMot(BYTETRACK, 'track.txt', { format: 'bytetrack' });
    const { scene, summary } = importMotAsPreAnnotations(makeTestScene(), rows, { camera: 'cam', classId: 'pedestrian' });
    expect(scene.objects.mot_1).toMatchObject({ classId: 'pedestrian', attributes: { mot_id: 1 } });
    // frame 2 → the camera's second sample c1; x1 = left + width
    expect(getAnnotation(scene, 'mot_1_f2')!).toMatchObject({ kind: 'box2d', sample: 'c1', source: 'model', score: 0.88, x0: 104, y0: 151, x1: 154, y1: 191 });
    expect(getAnnotation(scene, 'mot_1_f1')!).toMatchObject({ sample: 'c0', x1: 150.5, y1: 190.25 });
    // the test scene's camera has 2 samples: the frame-3 row cannot be placed and is reported
    expect(summary.dropped).toEqual([{ what: 'MOT row', count: 1, reason: "frame beyond the camera's 2 samples" }]);
    expect(summary.written).toEqual({ objects: 2, box2d: 3 });
  });

  it('round-trips: export → parse gives the imported rows back', () => {
    const rows = parseMot(BYTETRACK, 'track.txt', { format: 'bytetrack' }).filter((r) => r.frame <= 2);
    const base = makeTestScene();
    removeAnnotationFrom(base, 'a2'); // keep only the imported boxes
    const { scene } = importMotAsPreAnnotations(base, rows, { camera: 'cam' });
    const { text, summary } = exportMot(scene, 'cam');
    expect(summary.written).toEqual({ box2d: 3, tracks: 2 });
    const back = parseMot(text, 'out.txt', { format: 'bytetrack' }).map(({ line: _l, ...r }) => r);
    expect(back).toEqual(rows.map(({ line: _l, ...r }) => r));
  });

  it('numbers tracks by first appearance and writes manual boxes with conf 1', () => {
    const { text, summary } = exportMot(makeTestScene(), 'cam');
    // a2: x0 100 y0 150 x1 200 y1 220 on c0 (frame 1) → width 100, height 70
    expect(text).toBe('1,1,100,150,100,70,1,-1,-1,-1\n');
    expect(summary.dropped).toEqual([]);
    expect(() => exportMot(makeTestScene(), 'lidar')).toThrow(/not a camera or video sensor/);
  });
});
