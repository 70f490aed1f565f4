import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kittiScene } from '../openlabel/testing/kittiScene';
import { BundleError, readBundle, readBundleText, sha256Hex, verifyBundleMedia, writeBundle } from './bundle';
import { getAnnotation, type Box2D } from '../../schema';

/** The KITTI demo frames in public/demo/kitti; the fisheye and audio URIs of the test scene do not exist there. */
const readDemo = async (uri: string): Promise<Uint8Array | null> => {
  try {
    return new Uint8Array(readFileSync(`public/demo/kitti/${uri}`));
  } catch {
    return null;
  }
};

describe('Crosslabel bundle', () => {
  it('hashes real media with SHA-256 (reference: sha256sum public/demo/kitti/…)', async () => {
    const b = await writeBundle(kittiScene(), readDemo);
    const byUri = Object.fromEntries(b.media.map((m) => [m.uri, m]));
    expect(byUri['image_2/000000.png']).toEqual({ uri: 'image_2/000000.png', sha256: 'bf103e7a67c33549053fd3faa22b4c079434acc967b24995da3bdc7f8ece8c65', bytes: 893783, usedBy: ['cam2:cam2/000000'] });
    expect(byUri['velodyne/000001.bin'].sha256).toBe('59a02fdaaab3b7e903713cb618e8f53efcaf71c144436ddfcdf4f28bdbd73d20');
    expect(byUri['audio.wav']).toMatchObject({ sha256: null, bytes: null });
    expect(b.media.map((m) => m.uri)).toEqual(['image_2/000000.png', 'image_2/000001.png', 'fish/0.jpg', 'velodyne/000000.bin', 'velodyne/000001.bin', 'audio.wav']);
    // sha256 of "abc" (FIPS 180-2 test vector)
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('round-trips losslessly through JSON', async () => {
    const scene = kittiScene();
    const b = await writeBundle(scene, readDemo, '2026-11-25T00:00:00Z');
    const back = readBundleText(JSON.stringify(b), 'scene.bundle.json');
    expect(back).toEqual(b);
    expect(back.scene).toEqual(scene);
  });

  it('carries time labels (with per-frame attributes and roles) and object lifetimes', async () => {
    const scene = kittiScene();
    scene.timeLabels = {
      drink: { id: 'drink', kind: 'action', type: 'drinking', intervals: [{ start: 0, end: 0.1 }], objects: ['voice', 'car'], roles: { car: 'isObjectOfAction' }, attributes: { hand: 'left' }, frameAttributes: { '0.1': { bottle: true } } },
      night: { id: 'night', kind: 'context', type: 'night', intervals: [], objects: [], attributes: {} },
    };
    scene.objects.voice.intervals = [{ start: 0, end: 30 }];
    const back = readBundleText(JSON.stringify(await writeBundle(scene, readDemo)), 'scene.bundle.json');
    expect(back.scene.timeLabels).toEqual(scene.timeLabels);
    expect(back.scene.objects.voice.intervals).toEqual([{ start: 0, end: 30 }]);
    expect(back.scene).toEqual(scene);
  });

  it('detects changed and missing media', async () => {
    const b = await writeBundle(kittiScene(), readDemo);
    const tampered = async (uri: string) => (uri === 'image_2/000001.png' ? new Uint8Array([1, 2, 3]) : uri === 'velodyne/000000.bin' ? null : readDemo(uri));
    expect(await verifyBundleMedia(b, tampered)).toEqual([
      { uri: 'image_2/000001.png', problem: 'changed' },
      { uri: 'velodyne/000000.bin', problem: 'missing' },
    ]);
  });

  it('rejects bad bundles with the file and JSON paths', async () => {
    const good = JSON.parse(JSON.stringify(await writeBundle(kittiScene())));
    expect(() => readBundleText('{"format":', 'b.json')).toThrow(/b\.json.*\n.*\$: invalid JSON/);
    const wrongHash = structuredClone(good);
    wrongHash.media[0].sha256 = 'xyz';
    expect(() => readBundle(wrongHash, 'b.json')).toThrow(/\$\.media\[0\]\.sha256: sha256 must be 64 lowercase hex digits/);
    const future = { ...structuredClone(good), bundleVersion: 7 };
    expect(() => readBundle(future, 'b.json')).toThrow(/\$\.bundleVersion: bundleVersion 7 is newer/);
    const badScene = structuredClone(good);
    (getAnnotation(badScene.scene, 'b_ped') as Box2D).sample = 'cam2/404';
    const e = (() => {
      try {
        readBundle(badScene, 'b.json');
      } catch (err) {
        return err as BundleError;
      }
    })();
    expect(e).toBeInstanceOf(BundleError);
    expect(e?.issues.map((i) => i.path)).toContain('$.scene.annotations["cam2/000000"].b_ped.sample');
    const unlisted = structuredClone(good);
    unlisted.media.pop();
    expect(() => readBundle(unlisted, 'b.json')).toThrow(/references "audio\.wav" but the manifest does not list it/);
  });
});
