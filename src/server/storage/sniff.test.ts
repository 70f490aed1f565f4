/**
 * The upload type check on real files from fixtures/ and public/demo (provenance in their folders)
 * and, for containers without a fixture here (FLAC, Ogg, MP4, Matroska), on headers written from
 * the format specifications: FLAC "fLaC" (RFC 9639 §6), Ogg "OggS" (RFC 3533 §6), ISO-BMFF box
 * size + "ftyp" (ISO/IEC 14496-12 §4.3), EBML 1A 45 DF A3 (RFC 8794 §8).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UploadTypeError, checkUploadHead, mediaTypeForName, trailerCheck, SNIFF_BYTES } from './sniff';

const file = (p: string) => new Uint8Array(readFileSync(new URL(`../../../${p}`, import.meta.url)));
const head = (b: Uint8Array) => b.subarray(0, SNIFF_BYTES);

const JPEG = file('public/demo/sequence/image_02/data/0000000000.jpg');
const PNG = file('public/demo/kitti/image_2/000001.png');
const WEBM = file('public/demo/talking/grid_swwp2s.webm');
const WAV = file('fixtures/audio-onset/pyannote_sample_6000-7200ms.wav');
const PCD = file('fixtures/pcd/bunny.pcd');
const PLY = file('fixtures/pointcloud-utm/sensor_f4_le.ply');
const KITTI = file('fixtures/pointcloud/kitti_000000_first2000.bin');
const NUSCENES = file('fixtures/pointcloud/nuscenes_LIDAR_TOP_1532402927647951_first2000.pcd.bin');
const JSON_FILE = file('fixtures/timed-text/jfk.whisper.json');
const MPG = file('fixtures/media/grid_5frames.mpg');

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const FLAC = bytes('fLaC', [0x00, 0x00, 0x00, 0x22], new Array(34).fill(0));
const OGG = bytes('OggS', [0x00, 0x02], new Array(20).fill(0));
const MP4 = bytes([0x00, 0x00, 0x00, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2');
const MKV = bytes([0x1a, 0x45, 0xdf, 0xa3, 0x93, 0x42, 0x82, 0x88], 'matroska');

const refused = (name: string, h: Uint8Array, complete = true): UploadTypeError => {
  try {
    checkUploadHead(name, h, complete);
  } catch (e) {
    expect(e).toBeInstanceOf(UploadTypeError);
    return e as UploadTypeError;
  }
  throw new Error(`${name} was accepted`);
};

describe('checkUploadHead', () => {
  it.each([
    ['frame.jpg', JPEG, 'jpeg', 'image/jpeg'],
    ['frame.JPEG', JPEG, 'jpeg', 'image/jpeg'],
    ['camera/000001.png', PNG, 'png', 'image/png'],
    ['talk.webm', WEBM, 'webm', 'video/webm'],
    ['talk.mkv', MKV, 'matroska', 'video/x-matroska'],
    ['clip.mp4', MP4, 'mp4', 'video/mp4'],
    ['voice.m4a', MP4, 'm4a', 'audio/mp4'],
    ['speech.wav', WAV, 'wav', 'audio/wav'],
    ['speech.flac', FLAC, 'flac', 'audio/flac'],
    ['speech.ogg', OGG, 'ogg', 'audio/ogg'],
    ['speech.opus', OGG, 'ogg', 'audio/ogg'],
    ['bunny.pcd', PCD, 'pcd', 'application/octet-stream'],
    ['cloud.ply', PLY, 'ply', 'application/octet-stream'],
    ['velodyne/000000.bin', KITTI, 'kitti-bin', 'application/octet-stream'],
    ['LIDAR_TOP/x.pcd.bin', NUSCENES, 'nuscenes-bin', 'application/octet-stream'],
    ['words.json', JSON_FILE, 'json', 'application/json'],
  ])('accepts %s as %s', (name, data, id, contentType) => {
    const type = checkUploadHead(name, head(data), data.length <= SNIFF_BYTES);
    expect(type.id).toBe(id);
    expect(type.contentType).toBe(contentType);
    expect(trailerCheck(name, type, data.length)).toBeUndefined();
  });

  it('refuses a file whose content is another type, naming the file and both types', () => {
    expect(refused('frame.png', head(JPEG)).message).toBe('frame.png: the name says PNG image but the content is a JPEG image');
    expect(refused('speech.wav', head(WEBM)).message).toBe('speech.wav: the name says WAV audio but the content is a WebM/Matroska file');
    expect(refused('clip.mp4', head(PNG)).status).toBe(415);
    expect(refused('velodyne/1.bin', head(PNG)).message).toBe(
      'velodyne/1.bin: the name says KITTI point cloud (float32 x, y, z, reflectance) but the content is a PNG image',
    );
    expect(refused('scene.json', head(PCD)).message).toMatch(/^scene\.json: the name says JSON but the content is a PCD point cloud/);
    expect(refused('bunny.pcd', head(PLY)).message).toMatch(/^bunny\.pcd: .* is a PLY point cloud/);
  });

  it('refuses content that matches nothing, showing its first bytes', () => {
    const e = refused('movie.webm', head(MPG));
    expect(e.message).toBe('movie.webm: the name says WebM video but the content is not a WebM/Matroska file (it starts with 00 00 01 ba 21 00 01 00 …)');
  });

  it('refuses HTML (or anything not starting with { or [) named .json', () => {
    expect(refused('data.json', bytes('<!doctype html><script>alert(1)</script>')).message).toMatch(/^data\.json: the name says JSON but the content is not JSON/);
    expect(refused('data.json', bytes('{"a": "', [0xff, 0xfe], '"}')).message).toBe('data.json: the name says JSON but the content is not UTF-8 text');
    // A UTF-8 BOM and leading white space are fine; a character cut at the end of the sniff window too.
    expect(checkUploadHead('a.json', bytes([0xef, 0xbb, 0xbf], '\n [1]'), true).id).toBe('json');
    expect(checkUploadHead('a.json', bytes('["', [0xc3]), false).id).toBe('json');
  });

  it('parses the whole PCD header: a broken header is refused with core’s reason', () => {
    const broken = Buffer.from(Buffer.from(PCD).toString('latin1').replace(/^SIZE .*$/m, 'SIZE 4 4'), 'latin1');
    const e = refused('bunny.pcd', new Uint8Array(broken));
    expect(e.message).toMatch(/^bunny\.pcd: the name says PCD point cloud but the content is not a valid PCD file: header line \d+: SIZE has 2 entries but FIELDS has 3$/);
  });

  it('refuses unknown extensions (and names without one), listing what is accepted', () => {
    const e = refused('grid.mpg', head(MPG));
    expect(e.status).toBe(415);
    expect(e.message).toMatch(/^grid\.mpg: not an accepted media type \(the name must end in one of \.png, \.jpg, .*\.json\)$/);
    expect(refused('README', bytes('hello')).status).toBe(415);
    expect(refused('.png', head(PNG)).status).toBe(415); // an extension alone is no name
  });

  it('refuses an empty file with 400', () => {
    const e = refused('empty.png', new Uint8Array(0));
    expect(e.status).toBe(400);
    expect(e.message).toBe('empty.png: the file is empty');
  });
});

describe('trailerCheck (headerless point clouds)', () => {
  it('refuses a KITTI .bin that is not whole 16-byte points (fixtures/kitti-malformed/truncated.bin: 167 bytes)', () => {
    const truncated = file('fixtures/kitti-malformed/truncated.bin');
    const type = checkUploadHead('truncated.bin', truncated, true);
    const e = trailerCheck('truncated.bin', type, truncated.length);
    expect(e?.status).toBe(415);
    expect(e?.message).toBe(
      'truncated.bin: the name says KITTI point cloud (float32 x, y, z, reflectance) but its 167 bytes are not a whole number of 16-byte points (7 bytes left over)',
    );
  });
  it('holds nuScenes .pcd.bin to 20-byte points: a KITTI file of 32 000 bytes passes as .bin, 48 bytes fails as .pcd.bin', () => {
    expect(mediaTypeForName('a.pcd.bin')?.recordBytes).toBe(20);
    expect(mediaTypeForName('a.bin')?.recordBytes).toBe(16);
    expect(trailerCheck('a.pcd.bin', mediaTypeForName('a.pcd.bin')!, 48)?.message).toMatch(/48 bytes are not a whole number of 20-byte points \(8 bytes left over\)/);
    expect(trailerCheck('a.pcd.bin', mediaTypeForName('a.pcd.bin')!, 40_000)).toBeUndefined();
  });
});
