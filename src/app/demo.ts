/**
 * The bundled demo scenes: real KITTI frames served from public/demo/kitti, imported in the
 * browser by the same importer a dropped folder goes through; the nuScenes keyframe; the KITTI raw
 * sequence (public/demo/sequence); the GRID talking face and the NASA narrated clip (public/demo/talking).
 */
import { importKitti, importKittiRaw } from '../core/formats/kitti';
import { mediaClipScene, parseVideoFrameTimes } from '../core/audio';
import { parseVtt } from '../core/formats/vtt';
import { importMmdet3dInfo } from '../core/formats/nuscenes';
import { Scene } from '../core/schema';
import { pngSize } from './png';

const BASE = `${import.meta.env.BASE_URL}demo/kitti`;
export const DEMO_FRAMES = ['000000', '000001', '000002'];

export async function loadDemoScene(): Promise<{ scene: Scene; source: string }> {
  const files = DEMO_FRAMES.flatMap((f) => [`calib/${f}.txt`, `label_2/${f}.txt`, `image_2/${f}.png`, `velodyne/${f}.bin`]);
  const readText = async (path: string) => {
    const res = await fetch(`${BASE}/${path}`);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.text();
  };
  const imageSizes: Record<string, { width: number; height: number }> = {};
  await Promise.all(
    DEMO_FRAMES.map(async (f) => {
      const head = await fetch(`${BASE}/image_2/${f}.png`, { headers: { Range: 'bytes=0-31' } });
      const size = pngSize(new Uint8Array(await head.arrayBuffer()));
      if (size) imageSizes[f] = size;
    }),
  );
  const { scene } = await importKitti({ name: 'demo frames', files, readText }, { baseUri: BASE, imageSizes });
  return { scene: withKittiDemoText(scene), source: 'demo' };
}

/**
 * Text about frame 000000's camera image for the KITTI demo: a frame caption, a prompt with two
 * candidate responses and the comparison between them (not yet judged). What the image shows
 * (looked at): one person in a white T-shirt and dark trousers walking left to right across a sunlit
 * paved courtyard, in front of a building with a wall of blue tiles and a glass front, trees and
 * hedges behind; its label file (label_2/000000.txt) has that one pedestrian. The accurate response
 * names only what is labelled or plain scenery; the other adds a dog, which neither the image nor
 * the labels hold: a hallucination for the text checks to flag. Validated with the scene schema,
 * so a renamed sensor or sample fails here, loudly.
 */
export function withKittiDemoText(scene: Scene): Scene {
  const image = { sensor: 'image_2', sample: 'image_2/000000' };
  return Scene.parse({
    ...scene,
    documents: [
      ...scene.documents,
      { id: 'caption-000000', kind: 'caption', ...image, title: 'Caption of frame 000000', language: 'en', text: 'A person walks across a sunny paved courtyard in front of a building with a blue-tiled wall.' },
      { id: 'prompt-000000', kind: 'prompt', ...image, title: 'Prompt', language: 'en', text: 'Describe the scene.' },
      {
        id: 'response-000000-a',
        kind: 'response',
        ...image,
        prompt: 'prompt-000000',
        title: 'Response A',
        language: 'en',
        text: 'A person in a white T-shirt and dark trousers walks from left to right across a sunlit paved courtyard. Behind him is a building with a wall of blue tiles and large glass windows, with trees and hedges along the back.',
      },
      {
        id: 'response-000000-b',
        kind: 'response',
        ...image,
        prompt: 'prompt-000000',
        title: 'Response B',
        language: 'en',
        text: 'A person walks a small dog on a leash across a paved courtyard in front of a blue-tiled building.',
      },
    ],
    comparisons: { ...scene.comparisons, 'compare-000000': { id: 'compare-000000', ...image, prompt: 'prompt-000000', candidates: ['response-000000-a', 'response-000000-b'] } },
  });
}

const NUSCENES_BASE = `${import.meta.env.BASE_URL}demo/nuscenes`;

/** The 6-camera nuScenes demo keyframe (public/demo/nuscenes), from its mmdetection3d info record. */
export async function loadNuScenesDemo(): Promise<{ scene: Scene; source: string }> {
  const res = await fetch(`${NUSCENES_BASE}/info.json`);
  if (!res.ok) throw new Error(`demo/nuscenes/info.json: HTTP ${res.status}`);
  const { scene } = importMmdet3dInfo(await res.json(), 'demo/nuscenes/info.json', { baseUri: NUSCENES_BASE });
  return { scene, source: 'demo (nuScenes)' };
}

const SEQUENCE_BASE = `${import.meta.env.BASE_URL}demo/sequence`;

interface SequenceManifest {
  frames: string[];
  calibration: string[];
  images: { dir: string; ext: string; jpegQuality: number; sizes: Record<string, [number, number]> };
  sweeps: { dir: string; ext: string; kept: string };
}

/** The 12-frame KITTI raw sequence (public/demo/sequence): image_02 + Velodyne at 10 Hz, no timestamp files. */
export async function loadSequenceDemo(): Promise<{ scene: Scene; source: string }> {
  const res = await fetch(`${SEQUENCE_BASE}/manifest.json`);
  if (!res.ok) throw new Error(`demo/sequence/manifest.json: HTTP ${res.status}`);
  const m = (await res.json()) as SequenceManifest;
  const files = [
    ...m.calibration,
    ...m.frames.map((f) => `${m.images.dir}/${f}.${m.images.ext}`),
    ...m.frames.map((f) => `${m.sweeps.dir}/${f}.${m.sweeps.ext}`),
  ];
  const readText = async (path: string) => {
    const r = await fetch(`${SEQUENCE_BASE}/${path}`);
    if (!r.ok) throw new Error(`demo/sequence/${path}: HTTP ${r.status}`);
    return r.text();
  };
  const [w, h] = m.images.sizes[m.frames[0]];
  const { scene } = await importKittiRaw(
    { name: '2011_09_26 (12 frames)', files, readText },
    {
      baseUri: SEQUENCE_BASE,
      imageSizes: { image_02: { width: w, height: h } },
      note: `This bundled copy is reduced to stay small: images as JPEG (quality ${m.images.jpegQuality}); Velodyne sweeps keep ${m.sweeps.kept} (see demo/sequence/PROVENANCE.md).`,
    },
  );
  return { scene, source: 'demo (KITTI raw sequence)' };
}

const TALKING_BASE = `${import.meta.env.BASE_URL}demo/talking`;

interface ClipSync {
  original: { file: string; audio: { sample_rate: number; codec: string }; video: { codec: string } };
  webm: { video: { width: number; height: number; r_frame_rate: string }; audio: { sample_rate: number; channels: number; decoded_samples: number } };
}

async function fetchTalking<T>(path: string, as: 'json' | 'text'): Promise<T> {
  const r = await fetch(`${TALKING_BASE}/${path}`);
  if (!r.ok) throw new Error(`demo/talking/${path}: HTTP ${r.status}`);
  return (as === 'json' ? r.json() : r.text()) as Promise<T>;
}

/** One transcoded clip of public/demo/talking as a video + audio + transcript scene. */
async function loadClipDemo(clip: string, transcript: string, meta: { id: string; name: string; video: string; audio: string; description: string; attribution: string }) {
  const [framesJson, sync, vtt] = await Promise.all([fetchTalking<unknown>(`${clip}.frames.json`, 'json'), fetchTalking<ClipSync>(`${clip}.sync.json`, 'json'), fetchTalking<string>(transcript, 'text')]);
  const frames = parseVideoFrameTimes(framesJson, `demo/talking/${clip}.frames.json`);
  const [num, den] = sync.webm.video.r_frame_rate.split('/').map(Number);
  return mediaClipScene({
    id: meta.id,
    name: meta.name,
    uri: `${TALKING_BASE}/${clip}.webm`,
    frames,
    video: { width: sync.webm.video.width, height: sync.webm.video.height, fps: num / (den || 1), name: meta.video },
    audio: { duration: sync.webm.audio.decoded_samples / sync.webm.audio.sample_rate, sampleRate: sync.webm.audio.sample_rate, channels: sync.webm.audio.channels, name: meta.audio },
    cues: parseVtt(vtt, `demo/talking/${transcript}`),
    description: meta.description,
    metadata: { attribution: meta.attribution, original: { file: sync.original.file, videoCodec: sync.original.video.codec, audioCodec: sync.original.audio.codec, audioSampleRate: sync.original.audio.sample_rate } },
  });
}

/** The GRID talking-face clip: one speaker, video + audio, word timings as time segments linked to the speaker. */
export async function loadTalkingDemo(): Promise<{ scene: Scene; source: string }> {
  const scene = await loadClipDemo('grid_swwp2s', 'grid_swwp2s.words.vtt', {
    id: 'demo-grid-swwp2s',
    name: 'GRID talking face: "set white with p two soon"',
    video: 'GRID face camera (VP9 WebM, 360×288, 25 fps)',
    audio: 'GRID speech (Opus 48 kHz; original MP2 44.1 kHz)',
    description: [
      'One speaker of the GRID audiovisual sentence corpus says "set white with p two soon" to the camera (3 s, 25 fps).',
      'The word timings come from the corpus alignment file swwp2s.align (units of 1/25000 s) and are linked to the speaker object.',
      'The MPEG-1 original was transcoded to WebM (VP9 + Opus) keeping its timestamps: video frames at 0, 0.04, … 2.96 s (scripts/media/transcode.py).',
      'Data: GRID corpus (Cooke, Barker, Cunningham, Shao, JASA 2006), CC BY 4.0; clip from rizkiarm/LipNet (MIT).',
    ].join('\n'),
    attribution: 'GRID audiovisual sentence corpus (M. Cooke, J. Barker, S. Cunningham, X. Shao, JASA 120(5), 2006), CC BY 4.0, doi:10.5281/zenodo.3625687',
  });
  return { scene, source: 'demo (GRID talking face)' };
}

/** The NASA narrated clip: voice-over with its subtitles as time segments linked to the narrator. */
export async function loadNarratedDemo(): Promise<{ scene: Scene; source: string }> {
  const scene = await loadClipDemo('nasa_13013', 'nasa_13013.vtt', {
    id: 'demo-nasa-13013',
    name: 'NASA narrated clip: Webb telescope clean room',
    video: 'NASA clip (VP9 WebM, 320×180, 25 fps)',
    audio: 'Narration (Opus 48 kHz; original AAC 8 kHz)',
    description: [
      "A 13 s excerpt of NASA's video on the James Webb Space Telescope at Goddard, with a voice-over narrator (off screen).",
      'The four subtitle cues (nasa_13013.srt, converted to WebVTT) are time segments linked to the narrator object.',
      'The H.264/AAC original (video stream 0:0 and its audio 0:1) was transcoded to WebM (VP9 + Opus) keeping its timestamps (scripts/media/transcode.py).',
      'NASA media, not subject to US copyright (no endorsement implied); file from pytorch/torchcodec (BSD-3-Clause).',
    ].join('\n'),
    attribution: 'NASA-produced media (not subject to US copyright); excerpt from pytorch/torchcodec test/resources/nasa_13013.mp4',
  });
  return { scene, source: 'demo (NASA narrated clip)' };
}
