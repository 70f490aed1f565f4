import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, fileKindOf, formatBytes, oversizeFiles, oversizeMessage, parseLimitsSpec, parseSize } from './limits';

describe('file size limits', () => {
  it('sorts files into kinds by extension', () => {
    expect(fileKindOf('velodyne/000001.bin')).toBe('pointcloud');
    expect(fileKindOf('scan.PCD')).toBe('pointcloud');
    expect(fileKindOf('image_2/000001.png')).toBe('image');
    expect(fileKindOf('clip.webm')).toBe('video');
    expect(fileKindOf('talk.flac')).toBe('audio');
    expect(fileKindOf('scene.json')).toBe('labels');
    expect(fileKindOf('meeting.rttm')).toBe('labels');
    expect(fileKindOf('README')).toBeNull();
  });

  it('formats and parses sizes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(256 * 1024 * 1024)).toBe('256 MB');
    expect(formatBytes(300 * 1024 * 1024 + 1)).toBe('300 MB');
    expect(parseSize('256MB')).toBe(256 * 1024 * 1024);
    expect(parseSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1000')).toBe(1000);
    expect(parseSize('lots')).toBeNull();
    expect(parseSize('0MB')).toBeNull();
  });

  it('refuses a file over its kind’s limit with a message naming the file, its size and the limit', () => {
    const big = 300 * 1024 * 1024;
    expect(oversizeMessage('labels/huge.json', big)).toBe('labels/huge.json: 300 MB is over the 256 MB limit for label files (JSON, text); it was not read');
    // the same size is fine for a point cloud, and unknown kinds are not limited
    expect(oversizeMessage('scan.pcd', big)).toBeNull();
    expect(oversizeMessage('notes.xyz', 10 * 1024 ** 4)).toBeNull();
    expect(oversizeMessage('a.json', DEFAULT_LIMITS.maxBytes.labels)).toBeNull();
    expect(oversizeMessage('a.json', DEFAULT_LIMITS.maxBytes.labels + 1)).toMatch(/^a\.json: 256 MB is over the 256 MB limit/);
  });

  it('names every refused file of a drop', () => {
    const files = [
      { name: 'ok.json', size: 10 },
      { name: 'x.png', size: 300 * 1024 * 1024 },
      { name: 'y.wav', size: 2 * 1024 ** 3 },
    ];
    const msg = oversizeFiles(files);
    expect(msg).toContain('x.png: 300 MB is over the 256 MB limit for images');
    expect(msg).toContain('y.wav: 2 GB is over the 1 GB limit for audio files');
    expect(msg).not.toContain('ok.json');
    expect(oversizeFiles([{ name: 'ok.json', size: 10 }])).toBeNull();
  });

  it('reads a limits spec (the CLI’s CROSSLABEL_LIMITS) and names what it cannot read', () => {
    const all = parseLimitsSpec('64MB');
    expect(Object.values(all.maxBytes).every((b) => b === 64 * 1024 * 1024)).toBe(true);
    const some = parseLimitsSpec('labels=1KB, pointcloud=2GB, timeout=30');
    expect(some.maxBytes.labels).toBe(1024);
    expect(some.maxBytes.pointcloud).toBe(2 * 1024 ** 3);
    expect(some.maxBytes.image).toBe(DEFAULT_LIMITS.maxBytes.image);
    expect(some.jobTimeoutSeconds).toBe(30);
    expect(() => parseLimitsSpec('labels=big')).toThrow(/labels: "big" is not a size/);
    expect(() => parseLimitsSpec('meshes=1GB')).toThrow(/"meshes" is not a file kind/);
    expect(() => parseLimitsSpec('timeout=soon')).toThrow(/timeout "soon"/);
  });
});
