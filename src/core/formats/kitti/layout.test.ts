/** Layout detection and the PNG header reader. Image sizes: public/demo/kitti/PROVENANCE.md says "PNG 1242x375". */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKittiLayout, pngSize } from './layout';
import { DEMO_DIR, demoFiles } from './testing';

describe('detectKittiLayout', () => {
  it('prefers the labelled training/ layout over testing/', () => {
    const files = [...Object.keys(demoFiles('kitti/testing/')).filter((f) => !f.includes('label_2')), ...Object.keys(demoFiles('kitti/training/'))];
    const layout = detectKittiLayout('kitti', files);
    expect(layout.prefix).toBe('kitti/training/');
    expect(layout.frames).toEqual(['000000', '000001', '000002']);
    expect(layout.hasLabels).toBe(true);
  });

  it('accepts Windows separators and a leading ./', () => {
    const files = Object.keys(demoFiles()).map((f) => `.\\${f.replace(/\//g, '\\')}`);
    expect(detectKittiLayout('win', files).frames).toHaveLength(3);
  });
});

describe('pngSize', () => {
  it.each(['000000', '000001', '000002'])('reads 1242x375 from image_2/%s.png', (frame) => {
    const head = new Uint8Array(readFileSync(join(DEMO_DIR, `image_2/${frame}.png`))).subarray(0, 24);
    expect(pngSize(head, 'x.png')).toEqual({ width: 1242, height: 375 });
  });

  it('names a file that is not a PNG', () => {
    expect(() => pngSize(new TextEncoder().encode('P2: 7.07e+02 0 6.04e+02 4.5e+01 0'), 'image_2/000000.png')).toThrow(/^image_2\/000000\.png: not a PNG file/);
  });
});
