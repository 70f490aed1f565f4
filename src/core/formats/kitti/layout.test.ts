/**
 * Layout detection and the PNG header reader. Image sizes from python:
 * `struct.unpack('>II', open(png, 'rb').read(24)[16:24])` → 000000: (1224, 370), 000001 and 000002: (1242, 375)
 * (PROVENANCE.md says 1242x375 for all three; frame 000000 comes from a drive with a slightly smaller image).
 */
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
  it.each([
    ['000000', 1224, 370],
    ['000001', 1242, 375],
    ['000002', 1242, 375],
  ])('reads the IHDR size of image_2/%s.png', (frame, width, height) => {
    const head = new Uint8Array(readFileSync(join(DEMO_DIR, `image_2/${frame}.png`))).subarray(0, 24);
    expect(pngSize(head, 'x.png')).toEqual({ width, height });
  });

  it('names a file that is not a PNG', () => {
    expect(() => pngSize(new TextEncoder().encode('P2: 7.07e+02 0 6.04e+02 4.5e+01 0'), 'image_2/000000.png')).toThrow(/^image_2\/000000\.png: not a PNG file/);
  });
});
