/**
 * The fuzz targets: every reader of a file a stranger can hand Crosslabel, each through the entry
 * point the app or the CLI uses, with its seeds and its result checks.
 *
 * Merge formats (MOT, RTTM, WebVTT, SRT, STM, Whisper, SAM) go through `importFile` (the workbench's
 * one import entry) into a small scene and the result is applied with the `import/labels` command, as
 * the app does; whole-scene formats through their text entry points (parseSceneJson, readBundleText,
 * importOpenLabelText) or importFile (mmdetection3d info); point clouds through readPointCloud; KITTI
 * object folders through importKitti with the fuzzed file in place of one real file.
 */
import { execute } from '../../commands/command';
import { importLabels } from '../../commands/imports';
import { makeTestScene } from '../../commands/testScene';
import { allAnnotations, parseSceneJson, serializeScene, type Mask, type Scene } from '../../schema';
import { readBundleText, writeBundle } from '../bundle';
import { rleDecode, rleEncode, rleFromString, rleToString } from '../coco/rle';
import { importFile, type ImportResult } from '../exchange';
import {
  importKitti,
  importKittiTrackingLabels,
  intrinsicsFromP2,
  kittiTrackingScene,
  kittiTransforms,
  parseKittiCalib,
  parseKittiRawCamToCam,
  parseKittiRawVeloToCam,
  parseKittiTrackingLabels,
  rawAsObjectCalib,
  readVelodyneBin,
} from '../kitti';
import { readNuScenesTableFiles } from '../nuscenes';
import { exportOpenLabel, importOpenLabelText } from '../openlabel';
import { readPointCloud, type PointCloud } from '../pointcloud';
import { buildPcd } from '../pointcloud/testing/pcdWriter';
import { REPO_ROOT, seedFile, seedFiles, seedHead, seedText } from './corpus';
import { defaultBudget, type FuzzTarget } from './harness';
import type { Seed } from './mutations';

const base = (name: string): string => name.replace(/^.*[\\/]/, '').replace(/#\d+$/, '');
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const latin1 = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

// ---------------------------------------------------------------- point clouds

/** Checks every cloud must pass: its own invariants (types.ts) and the count the file declares. */
function cloudProblems(cloud: PointCloud, declared: number | undefined, what: string): string[] {
  const p: string[] = [];
  if (declared !== undefined && cloud.count !== declared) p.push(`cloud has ${cloud.count} points but ${what} says ${declared} (silently truncated)`);
  if (cloud.positions.length !== cloud.stride * cloud.count) p.push(`positions.length ${cloud.positions.length} ≠ stride ${cloud.stride} × count ${cloud.count}`);
  for (const [name, a] of Object.entries(cloud.attributes)) {
    const f = cloud.fields.find((g) => g.name === name);
    const per = name === 'rgb' ? 3 : name === 'rgba' && f?.size === 4 ? 4 : (f?.count ?? 1);
    if (a.length !== per * cloud.count) p.push(`attribute ${name} has ${a.length} values, expected ${per} × ${cloud.count}`);
  }
  return p;
}

/** The header's POINTS (or WIDTH × HEIGHT), read independently of the reader. */
function pcdDeclaredPoints(bytes: Uint8Array): number | undefined {
  const head = latin1(bytes.subarray(0, 4096));
  const points = /^POINTS[ \t]+(\d+)[ \t]*\r?$/m.exec(head);
  if (points) return Number(points[1]);
  const w = /^WIDTH[ \t]+(\d+)[ \t]*\r?$/m.exec(head);
  const h = /^HEIGHT[ \t]+(\d+)[ \t]*\r?$/m.exec(head);
  return w ? Number(w[1]) * (h ? Number(h[1]) : 1) : undefined;
}

/** Byte offset just after the `DATA …` line (where binary_compressed puts its two size words). */
function pcdDataOffset(bytes: Uint8Array): number[] {
  const head = latin1(bytes.subarray(0, 4096));
  const m = /^DATA[^\n]*\n/m.exec(head);
  return m ? [m.index + m[0].length, m.index + m[0].length + 4] : [];
}

/** A small cloud built in memory, in each encoding (the repository's binary_compressed PCD is 146 KB). */
function builtPcds(): Seed[] {
  const n = 40;
  const fields = [
    { name: 'x', type: 'F' as const, size: 4, count: 1 },
    { name: 'y', type: 'F' as const, size: 4, count: 1 },
    { name: 'z', type: 'F' as const, size: 4, count: 1 },
    { name: 'intensity', type: 'U' as const, size: 2, count: 1 },
    { name: 'normal', type: 'F' as const, size: 4, count: 3 },
    { name: 'id', type: 'I' as const, size: 8, count: 1 },
  ];
  const data = [
    Float32Array.from({ length: n }, (_, i) => i * 0.25),
    Float32Array.from({ length: n }, (_, i) => -i),
    Float32Array.from({ length: n }, (_, i) => (i % 7) / 3),
    Uint16Array.from({ length: n }, (_, i) => i * 1000),
    Float32Array.from({ length: 3 * n }, (_, i) => i % 3),
    BigInt64Array.from({ length: n }, (_, i) => BigInt(i - 20)),
  ];
  return (['ascii', 'binary', 'binary_compressed'] as const).map((encoding) => ({ name: `built/xyz-i-normal-id.${encoding}.pcd`, bytes: buildPcd({ fields, data, points: n, encoding }) }));
}

const pcd: FuzzTarget = {
  name: 'pcd',
  description: 'PCD (ascii, binary, binary_compressed) through readPointCloud',
  seeds: [...seedFiles('fixtures/pcd', /\.pcd$/), ...seedFiles('fixtures/pointcloud-utm', /\.pcd$/), ...builtPcds()],
  fileName: (s) => `fuzz/${base(s.name)}`,
  run: (bytes, name) => readPointCloud(bytes, name),
  check: (cloud, bytes) => cloudProblems(cloud as PointCloud, pcdDeclaredPoints(bytes), 'the header'),
  // LZF expands at most 88× (a 3-byte back reference copies 264 bytes): binary_compressed may fill that much
  budget: (bytes) => 96 * bytes.length + (1 << 20),
  hotspots: pcdDataOffset,
};

/** A binary PLY with a face element (list property) before its vertices, which the reader must skip record by record. */
function builtPly(): Seed {
  const head = 'ply\nformat binary_little_endian 1.0\ncomment faces first\nelement face 2\nproperty list uchar int vertex_indices\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n';
  const faces = [3, 0, 1, 2, 3, 1, 2, 3];
  const body = new Uint8Array(2 * (1 + 12) + 4 * 15);
  const dv = new DataView(body.buffer);
  let o = 0;
  for (let f = 0; f < 2; f++) {
    body[o++] = 3;
    for (let k = 0; k < 3; k++, o += 4) dv.setInt32(o, faces[f * 4 + 1 + k], true);
  }
  for (let v = 0; v < 4; v++) {
    for (let a = 0; a < 3; a++, o += 4) dv.setFloat32(o, v + a / 10, true);
    body[o++] = 10 * v;
    body[o++] = 20 * v;
    body[o++] = 30 * v;
  }
  const h = new TextEncoder().encode(head);
  const out = new Uint8Array(h.length + body.length);
  out.set(h);
  out.set(body, h.length);
  return { name: 'built/faces-first.ply', bytes: out };
}

const ply: FuzzTarget = {
  name: 'ply',
  description: 'PLY (ascii, binary little/big endian) through readPointCloud',
  seeds: [...seedFiles('fixtures/pointcloud-utm', /\.ply$/), builtPly(), seedText('built/ascii-faces-first.ply', 'ply\nformat ascii 1.0\nelement face 1\nproperty list uchar int vertex_indices\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n3 0 1 2\n0 0 0 255 0 0\n1 0 0 0 255 0\n0 1 0 0 0 255\n')],
  fileName: (s) => `fuzz/${base(s.name)}`,
  run: (bytes, name) => readPointCloud(bytes, name),
  check: (cloud, bytes) => {
    const m = /^element[ \t]+vertex[ \t]+(\d+)[ \t]*\r?$/m.exec(latin1(bytes.subarray(0, 4096)));
    return cloudProblems(cloud as PointCloud, m ? Number(m[1]) : undefined, '"element vertex"');
  },
};

const bin: FuzzTarget = {
  name: 'bin',
  description: 'KITTI velodyne .bin and nuScenes .pcd.bin through readPointCloud (and KITTI through readVelodyneBin)',
  seeds: [seedFile('fixtures/pointcloud/kitti_000000_first2000.bin'), seedFile('fixtures/pointcloud/nuscenes_LIDAR_TOP_1532402927647951_first2000.pcd.bin'), seedFile('fixtures/kitti-malformed/truncated.bin')],
  fileName: (s) => `fuzz/${s.name.includes('nuscenes') ? 'sweep.pcd.bin' : '000000.bin'}`,
  run: (bytes, name) => {
    const cloud = readPointCloud(bytes, name);
    if (!name.endsWith('.pcd.bin')) {
      const flat = readVelodyneBin(bytes, name);
      if (flat.length !== 4 * cloud.count) throw new Error(`readVelodyneBin gave ${flat.length / 4} points, readPointCloud ${cloud.count}`);
    }
    return cloud;
  },
  check: (cloud, bytes, name) => cloudProblems(cloud as PointCloud, bytes.length / (name.endsWith('.pcd.bin') ? 20 : 16), 'the file length'),
};

// ---------------------------------------------------------------- KITTI

const KITTI_DEMO = 'public/demo/kitti';

/**
 * A KITTI object folder (frames 000000–000002 of the demo) with the fuzzed file standing in for the
 * seed's file: as `calib/000000.txt` for calibration seeds, `label_2/000000.txt` for label seeds.
 */
let kittiDemoCache: Map<string, string> | undefined;
function kittiObjectRun(bytes: Uint8Array, name: string): Promise<unknown> {
  if (!kittiDemoCache) {
    kittiDemoCache = new Map();
    for (const f of ['000000', '000001', '000002']) {
      kittiDemoCache.set(`calib/${f}.txt`, latin1(seedFile(`${KITTI_DEMO}/calib/${f}.txt`).bytes));
      kittiDemoCache.set(`label_2/${f}.txt`, latin1(seedFile(`${KITTI_DEMO}/label_2/${f}.txt`).bytes));
      kittiDemoCache.set(`image_2/${f}.png`, '');
      kittiDemoCache.set(`velodyne/${f}.bin`, '');
    }
  }
  const files = new Map(kittiDemoCache);
  files.set(name, text(bytes));
  return importKitti({ name: 'fuzz-kitti', files: [...files.keys()], readText: async (p) => files.get(p) ?? '' });
}

const kittiObject: FuzzTarget = {
  name: 'kitti-object',
  description: 'KITTI object calib/*.txt and label_2/*.txt through importKitti (a 3-frame folder, the fuzzed file in place of one)',
  seeds: [
    ...seedFiles(`${KITTI_DEMO}/calib`, /\.txt$/),
    ...seedFiles(`${KITTI_DEMO}/label_2`, /\.txt$/),
    seedFile('fixtures/kitti-truncated/calib/000008.txt'),
    seedFile('fixtures/kitti-tracking/calib/0003.txt'),
    seedFile('fixtures/kitti-malformed/calib-missing-key.txt'),
    seedFile('fixtures/kitti-malformed/calib-tracking-spelling.txt'),
    seedFile('fixtures/kitti-malformed/label-too-few-columns.txt'),
    seedHead('fixtures/kitti-tracking/label_02/0003.txt', 40),
  ],
  fileName: (s) => (/calib/.test(s.name) ? 'calib/000000.txt' : 'label_2/000000.txt'),
  run: (bytes, name) => kittiObjectRun(bytes, name),
  alsoNamed: () => ['fuzz-kitti'],
  check: (r, bytes, name) => {
    if (!name.startsWith('label_2/')) return [];
    const rows = latin1(bytes).split(/\r?\n/).filter((l) => l.trim() !== '').length;
    const scene = (r as { scene: Scene }).scene;
    const imported = allAnnotations(scene).filter((a) => a.kind === 'box2d' && 'sample' in a && a.sample === 'image_2/000000').length + scene.ignoreRegions.filter((g) => g.sample === 'image_2/000000').length;
    return imported === rows ? [] : [`${rows} label rows but ${imported} boxes and DontCare regions imported for frame 000000`];
  },
};

const kittiRawCalib: FuzzTarget = {
  name: 'kitti-raw-calib',
  description: 'KITTI raw calib_cam_to_cam.txt / calib_velo_to_cam.txt through their parsers, rawAsObjectCalib and the object geometry',
  seeds: [seedFile('public/demo/sequence/calib_cam_to_cam.txt'), seedFile('public/demo/sequence/calib_velo_to_cam.txt')],
  fileName: (s) => `fuzz/${base(s.name)}`,
  run: (bytes, name) => {
    const other = name.endsWith('calib_cam_to_cam.txt') ? 'public/demo/sequence/calib_velo_to_cam.txt' : 'public/demo/sequence/calib_cam_to_cam.txt';
    const otherText = latin1(kittiRawCalib.seeds.find((s) => s.name === other)!.bytes);
    const cam = name.endsWith('calib_cam_to_cam.txt') ? parseKittiRawCamToCam(text(bytes), name) : parseKittiRawCamToCam(otherText, other);
    const velo = name.endsWith('calib_velo_to_cam.txt') ? parseKittiRawVeloToCam(text(bytes), name) : parseKittiRawVeloToCam(otherText, other);
    const calib = rawAsObjectCalib(cam, velo, cam.cameras.includes('02') ? '02' : cam.cameras[0], name);
    return { transforms: kittiTransforms(calib), intrinsics: intrinsicsFromP2(calib.P2) };
  },
};

const TRACKING_CALIB = 'fixtures/kitti-tracking/calib/0003.txt';
let trackingSceneCache: Scene | undefined;
/** The scene tracking labels land in: sequence 0003's calibration, 145 frames (as many as its label file covers). */
function trackingScene(): Scene {
  trackingSceneCache ??= kittiTrackingScene({ sequence: '0003', calib: parseKittiCalib(latin1(seedFile(TRACKING_CALIB).bytes), TRACKING_CALIB), frameCount: 145 });
  return trackingSceneCache;
}

const kittiTracking: FuzzTarget = {
  name: 'kitti-tracking',
  description: 'KITTI tracking label_02/*.txt through parseKittiTrackingLabels and importKittiTrackingLabels (into sequence 0003\'s scene)',
  seeds: [seedFile('fixtures/kitti-truncated/label_02/0003.txt'), seedHead('fixtures/kitti-tracking/label_02/0003.txt', 120)],
  fileName: () => 'label_02/0003.txt',
  run: (bytes, name) => {
    const rows = parseKittiTrackingLabels(text(bytes), name);
    return { rows, ...importKittiTrackingLabels(trackingScene(), rows, { camera: 'image_02', lidar: 'velodyne', file: name }) };
  },
  check: (r, bytes) => {
    const lines = text(bytes).split(/\r?\n/).filter((l) => l.trim() !== '').length;
    const { rows, summary } = r as { rows: unknown[]; summary: { boxes: number; dontCare: number } };
    const p: string[] = [];
    if (rows.length !== lines) p.push(`${lines} non-blank lines but ${rows.length} rows`);
    if (summary.boxes + summary.dontCare !== rows.length) p.push(`${rows.length} rows but ${summary.boxes} boxes + ${summary.dontCare} DontCare imported`);
    return p;
  },
};

// ---------------------------------------------------------------- nuScenes

const NUSCENES_TABLES_DIR = 'fixtures/nuscenes-tables/v1.01-train';
const nuscenesTables: FuzzTarget = {
  name: 'nuscenes-tables',
  description: 'nuScenes table folders through readNuScenesTableFiles (one table fuzzed, the others real)',
  seeds: seedFiles(NUSCENES_TABLES_DIR, /\.json$/),
  fileName: (s) => `v1.01-train/${base(s.name)}`,
  // a folder import: the message may name the table that holds the problem rather than the fuzzed one
  alsoNamed: () => ['fuzz-nuscenes', ...nuscenesTables.seeds.map((s) => `v1.01-train/${base(s.name)}`)],
  run: (bytes, name) => {
    const files = nuscenesTables.seeds.map((s) => ({ path: `v1.01-train/${base(s.name)}`, text: text(s.bytes) }));
    const mine = files.find((f) => f.path === name)!;
    mine.text = text(bytes);
    return readNuScenesTableFiles(files, 'fuzz-nuscenes');
  },
};

// ---------------------------------------------------------------- merge imports (importFile into a scene)

function mergeScene(): Scene {
  const s = makeTestScene();
  s.streams[2].samples[0].duration = 30;
  return s;
}

/** importFile into the test scene, then the result applied as one import/labels command (what the app does). */
async function importAndApply(bytes: Uint8Array, name: string): Promise<{ result: ImportResult; scene: Scene }> {
  const current = mergeScene();
  const result = await importFile({ path: name, text: async () => text(bytes) }, { current });
  if (result.mode === 'replace') return { result, scene: result.scene };
  try {
    return { result, scene: execute(current, importLabels, result).next };
  } catch (e) {
    throw new Error(`${name}: the imported labels were rejected by import/labels: ${(e as Error).message}`);
  }
}

/** A merge target reading `seeds` as `<name>` files through importFile. */
function mergeTarget(name: string, description: string, seeds: Seed[], check?: FuzzTarget['check']): FuzzTarget {
  return { name, description, seeds, fileName: (s) => `fuzz/${base(s.name)}`, run: importAndApply, check };
}

/**
 * Non-blank lines, for line-per-record formats: each must become a record or an error (none dropped
 * silently). `lineBreak` is the format's own (MOT and RTTM end lines with LF or CRLF only; a lone CR
 * is whitespace inside a line there, a line break in STM).
 */
const nonBlank = (b: Uint8Array, keep: (l: string) => boolean = () => true, lineBreak: RegExp = /\r\n|\r|\n/): number => text(b).split(lineBreak).filter((l) => l.trim() !== '' && keep(l.trim())).length;

const merged = (r: unknown): ImportResult => (r as { result: ImportResult }).result;

/** MOT rows: 1-based frames on the test scene's 2 camera samples; later frames are reported dropped. */
const MOT_SEEDS: Seed[] = [
  seedText('tracks.txt', '1,1,100,150,100,70,1,-1,-1,-1\n1,2,300,160,40,90,0.9,-1,-1,-1\n2,1,105,151,100,70,0.95,-1,-1,-1\n2,2,302,161,41,90,0.8,-1,-1,-1\n3,1,110,152,100,70,0.9,-1,-1,-1\n'),
  seedText('gt.txt', '1,1,912,484,97,109,0,7,1\n2,1,912,484,97,109,1,1,0.82\n1,-1,10.5,20.25,30,40,0.7\n'),
  seedText('det.csv', '1,-1,1359.1,413.27,120.26,362.77,2.3092,-1,-1,-1\r\n1,-1,571.03,402.13,104.56,315.68,1.5028,-1,-1,-1\r\n2,-1,650.8,455.86,63.98,193.94,0.33276,-1,-1,-1\r\n'),
];

const mot = mergeTarget('mot', 'MOT / ByteTrack tracks (.txt/.csv) through importFile', MOT_SEEDS, (r, bytes) => {
  const m = merged(r);
  if (m.mode !== 'merge') return ['a MOT file gave a replace import'];
  const rows = nonBlank(bytes, undefined, /\r?\n/);
  const dropped = m.summary.dropped.reduce((s, d) => s + d.count, 0);
  return m.annotations.length + dropped === rows ? [] : [`${rows} rows but ${m.annotations.length} boxes + ${dropped} dropped`];
});

const rttm = mergeTarget('rttm', 'RTTM speaker turns through importFile', [seedFile('fixtures/exchange/sample.rttm')], (r, bytes) => {
  const m = merged(r);
  const turns = nonBlank(bytes, (l) => l.split(/\s+/)[0] === 'SPEAKER', /\r?\n/);
  return m.mode === 'merge' && m.annotations.length === turns ? [] : [`${turns} SPEAKER lines but ${m.mode === 'merge' ? m.annotations.length : 'no'} segments`];
});

const vtt = mergeTarget('vtt', 'WebVTT cues through importFile', [seedFile('fixtures/text/markup.vtt'), ...seedFiles('public/demo/talking', /\.vtt$/)]);
const srt = mergeTarget('srt', 'SubRip subtitles through importFile', [seedFile('fixtures/text/markup.srt'), seedFile('public/demo/talking/nasa_13013.srt')]);

const stm = mergeTarget('stm', 'NIST STM transcripts through importFile', [seedFile('fixtures/timed-text/sample.stm'), seedText('labels.stm', ';; CATEGORY "0" "" ""\n;; LABEL "O" "Overall" "All segments"\nfile1 A spk1 0.0 1.5 <o,f0,male> hello there\nfile1 A inter_segment_gap 1.5 2.0 <o>\nfile1 A spk2 2.0 3.25 <o,f0,female> ignore_time_segment_in_scoring\n')], (r, bytes) => {
  const m = merged(r);
  const lines = nonBlank(bytes, (l) => !l.startsWith(';;'));
  const dropped = m.mode === 'merge' ? m.summary.dropped.reduce((s, d) => s + d.count, 0) : 0;
  return m.mode === 'merge' && m.annotations.length + dropped === lines ? [] : [`${lines} STM lines but ${m.mode === 'merge' ? m.annotations.length : 'no'} segments + ${dropped} dropped`];
});

const whisper = mergeTarget('whisper', 'Whisper JSON transcripts through importFile', [seedFile('fixtures/timed-text/jfk.whisper.json')]);

/** SAM records built from the COCO RLE reference cases, in the three output modes SAM writes. */
function samSeeds(): Seed[] {
  const ref = JSON.parse(text(seedFile('fixtures/exchange/rle_reference.json').bytes)) as { cases: { h: number; w: number; mask: string; counts: number[]; string: string }[] };
  const cases = ref.cases.filter((c) => c.h * c.w <= 400).slice(0, 8);
  const record = (segmentation: unknown, i: number) => ({ segmentation, area: 1, bbox: [0, 0, 1, 1], predicted_iou: 0.9 - i / 100, point_coords: [[0.5, 0.5]], stability_score: 0.95, crop_box: [0, 0, 4, 3] });
  const rows = (c: (typeof cases)[number]) => Array.from({ length: c.h }, (_, y) => Array.from({ length: c.w }, (_, x) => c.mask[y * c.w + x] === '1'));
  return [
    seedText('sam_coco_rle.json', JSON.stringify(cases.map((c, i) => record({ size: [c.h, c.w], counts: c.string }, i)))),
    seedText('sam_uncompressed.json', JSON.stringify(cases.map((c, i) => record({ size: [c.h, c.w], counts: c.counts }, i)))),
    seedText('sam_binary.json', JSON.stringify(cases.map((c, i) => record(rows(c), i)))),
  ];
}

/** Masks are decoded when shown: decode every imported mask as the camera view does. */
function decodeMasks(r: { result: ImportResult }): void {
  if (r.result.mode !== 'merge') return;
  for (const a of r.result.annotations) {
    if (a.kind !== 'mask') continue;
    const counts = typeof a.rle.counts === 'string' ? rleFromString(a.rle.counts) : a.rle.counts;
    rleDecode({ size: a.rle.size, counts });
  }
}

/** Allowed: the masks' own pixels (a consistent RLE legitimately expands), on top of the default. */
function samBudget(bytes: Uint8Array): number {
  let pixels = 0;
  try {
    const v = JSON.parse(text(bytes)) as { segmentation?: { size?: unknown } | unknown[][] }[];
    if (Array.isArray(v))
      for (const r of v) {
        const seg = r?.segmentation;
        if (seg && !Array.isArray(seg) && Array.isArray(seg.size) && seg.size.every((x) => typeof x === 'number' && Number.isFinite(x))) pixels += Math.min(2 ** 28, Math.max(0, (seg.size[0] as number) * (seg.size[1] as number)));
      }
  } catch {
    // not JSON: the default budget
  }
  return defaultBudget(bytes) + pixels;
}

const sam: FuzzTarget = {
  name: 'sam',
  description: 'SAM masks (COCO RLE: compressed, uncompressed, binary) through importFile, each mask then decoded',
  seeds: samSeeds(),
  fileName: (s) => `fuzz/${s.name}`,
  run: async (bytes, name) => {
    const r = await importAndApply(bytes, name);
    decodeMasks(r);
    return r;
  },
  budget: samBudget,
};

const mmdet3d = mergeTarget('mmdet3d', 'mmdetection3d nuScenes info JSON through importFile', [seedFile('fixtures/nuscenes/mmdet3d_info_v1.1.json')]);

// ---------------------------------------------------------------- whole scenes

/** A scene with a mask (compressed and uncompressed counts) and a time segment, for exporters to write seeds from. */
function richScene(): Scene {
  const s = mergeScene();
  const { counts } = rleEncode(Uint8Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 1 : 0)), 3, 4);
  const masks: Mask[] = [
    { id: 'm1', kind: 'mask', source: 'model', object: 'o2', sensor: 'cam', sample: 'c0', rle: { size: [3, 4], counts: rleToString(counts) } },
    { id: 'm2', kind: 'mask', source: 'manual', object: 'o3', sensor: 'cam', sample: 'c1', rle: { size: [3, 4], counts } },
  ];
  const next = execute(s, importLabels, { objects: [], annotations: [...masks, { id: 't1', kind: 'timeSegment', source: 'manual', object: 'o4', sensor: 'mic', start: 0.5, end: 1.25, speaker: 'Driver', text: 'Watch the pedestrian.' }] }).next;
  return next;
}

/** Crosslabel's own documents: test scene, rich scene, their bundle and OpenLABEL exports. */
async function ownSeeds(): Promise<{ scenes: Seed[]; bundles: Seed[]; openlabel: Seed[] }> {
  const scenes = [makeTestScene(), richScene()];
  return {
    scenes: scenes.map((s, i) => seedText(`scene${i}.json`, serializeScene(s))),
    bundles: await Promise.all(scenes.map(async (s, i) => seedText(`bundle${i}.json`, JSON.stringify(await writeBundle(s, undefined, '2026-01-01T00:00:00Z'), null, 2)))),
    openlabel: scenes.map((s, i) => seedText(`crosslabel${i}.openlabel.json`, JSON.stringify(exportOpenLabel(s).json, null, 2))),
  };
}

function sceneTargets(own: Awaited<ReturnType<typeof ownSeeds>>): FuzzTarget[] {
  const scene: FuzzTarget = {
    name: 'scene',
    description: 'Crosslabel scene JSON through parseSceneJson',
    seeds: own.scenes,
    fileName: (s) => `fuzz/${s.name}`,
    run: (bytes, name) => parseSceneJson(text(bytes), name),
  };
  const bundle: FuzzTarget = {
    name: 'bundle',
    description: 'Crosslabel bundle JSON through readBundleText',
    seeds: own.bundles,
    fileName: (s) => `fuzz/${s.name}`,
    run: (bytes, name) => readBundleText(text(bytes), name),
  };
  const openlabel: FuzzTarget = {
    name: 'openlabel',
    description: 'ASAM OpenLABEL JSON through importOpenLabelText',
    seeds: [...seedFiles('fixtures/openlabel', /\.json$/, 10_000), ...seedFiles('fixtures/openlabel-vicomtech-convention', /^kitti.*\.json$/), ...own.openlabel],
    fileName: (s) => `fuzz/${base(s.name)}`,
    run: (bytes, name) => importOpenLabelText(text(bytes), name),
  };
  return [scene, bundle, openlabel];
}

/** Every target, seeds loaded. */
export async function loadTargets(): Promise<FuzzTarget[]> {
  const own = await ownSeeds();
  return [pcd, ply, bin, kittiObject, kittiRawCalib, kittiTracking, nuscenesTables, mmdet3d, ...sceneTargets(own), sam, mot, rttm, vtt, srt, stm, whisper];
}

export { REPO_ROOT };
