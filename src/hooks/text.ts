/**
 * Derived data the text views share: a host's text and spans, the detected mentions and flags of
 * a text, which objects are visible at the playhead (the link picker's filter), the camera sample
 * a new caption describes, and the object hovered anywhere (live.hover). Memoised on the
 * document; nothing here writes it.
 */
import { useMemo } from 'react';
import { annotationsOfSample, documentKind, spansOfHost, type Scene, type TextHost, type TextSpan } from '../core/schema';
import { analysisOf, classLexicon, textFlags } from '../core/text';
import { sampleAt } from '../core/time';
import { useCurrentSample, useScene, useSensors } from './sceneHooks';
import { useWorkbench, useWorkbenchStore } from './storeContext';

/** `{document}` / `{segment}` as a stable string (memo keys, React keys). */
export const hostKey = (host: TextHost): string => (host.segment !== undefined ? `segment:${host.segment}` : `document:${host.document}`);

/** The text of a host now: a document's text, a transcript segment's `text` ('' when it has none); undefined when the host is gone. */
export function hostText(scene: Scene, host: TextHost): string | undefined {
  if (host.document !== undefined) return scene.documents.find((d) => d.id === host.document)?.text;
  for (const part of Object.values(scene.annotations)) {
    const a = part[host.segment];
    if (a) return a.kind === 'timeSegment' ? (a.text ?? '') : undefined;
  }
  return undefined;
}

export function useHostText(host: TextHost): string | undefined {
  return useWorkbench((s) => (s.scene ? hostText(s.scene, host) : undefined));
}

/** The spans lying in a host, by start then end. Re-computed only when the annotations change. */
export function useHostSpans(host: TextHost): TextSpan[] {
  const annotations = useWorkbench((s) => s.scene?.annotations);
  const key = hostKey(host);
  return useMemo(
    () =>
      annotations
        ? (spansOfHost({ annotations }, host).filter((a) => a.kind === 'textSpan') as TextSpan[]).sort((a, b) => a.start - b.start || a.end - b.end)
        : [],
    // host is identified by its key; a new host object with the same ids is the same host
    // (deps: the host by its key, not its object identity)
    [annotations, key],
  );
}

/** Words naming a taxonomy class (name, synonym, plural) in `text`: the offers to link. */
export function useMentions(text: string | undefined) {
  const taxonomy = useWorkbench((s) => s.scene?.taxonomy);
  const lexicon = useMemo(() => (taxonomy ? classLexicon(taxonomy) : null), [taxonomy]);
  // analysisOf: the same cached analysis the flags read
  return useMemo(() => (lexicon && text ? analysisOf(lexicon, text).mentions : []), [lexicon, text]);
}

/**
 * Possible hallucinations and contradictions in a host's text (core/text textFlags). A note is the
 * annotator's own text and is never checked.
 */
export function useTextFlags(host: TextHost) {
  const scene = useScene();
  const key = hostKey(host);
  return useMemo(() => {
    if (!scene) return [];
    if (host.document !== undefined) {
      const d = scene.documents.find((x) => x.id === host.document);
      if (!d || documentKind(d) === 'note') return [];
    }
    try {
      return textFlags(scene, host);
    } catch {
      return []; // a host edited away under us: no flags rather than a crash
    }
    // (deps: the host by its key, not its object identity)
  }, [scene, key]);
}

/**
 * The objects visible at the playhead: those with an annotation (other than "not visible") in the
 * sample every stream shows now, and the speakers of the time segments under the playhead.
 */
export function useVisibleObjects(): ReadonlySet<string> {
  const scene = useScene();
  // the key changes only when some stream's current sample changes, not at every playhead move
  const key = useWorkbench((s) => {
    if (!s.scene) return '';
    const t = s.live.playhead;
    return s.scene.streams.map((st) => sampleAt(st, t)?.id ?? '').join('|') + `|${segmentKey(s.scene, t)}`;
  });
  const store = useWorkbenchStore();
  return useMemo(() => {
    const out = new Set<string>();
    if (!scene) return out;
    const playhead = store.getState().live.playhead;
    for (const st of scene.streams) {
      const sample = sampleAt(st, playhead);
      if (!sample) continue;
      for (const a of annotationsOfSample(scene, sample.id, st.sensor)) if (a.kind !== 'notVisible') out.add(a.object);
    }
    for (const part of Object.values(scene.annotations))
      for (const a of Object.values(part)) if (a.kind === 'timeSegment' && a.start <= playhead && playhead < a.end) out.add(a.object);
    return out;
    // (deps: `key` stands for the samples and segments at the playhead)
  }, [scene, key, store]);
}

/** Which time segments cover t, as a short key (so the visible set follows speakers too). */
function segmentKey(scene: Scene, t: number): string {
  let n = 0;
  let h = 0;
  for (const part of Object.values(scene.annotations))
    for (const a of Object.values(part))
      if (a.kind === 'timeSegment' && a.start <= t && t < a.end) {
        n++;
        for (let i = 0; i < a.id.length; i++) h = (h * 31 + a.id.charCodeAt(i)) | 0;
      }
  return `${n}:${h}`;
}

/**
 * The sample a new caption describes: the camera pane's sensor (the active camera or video, else
 * the first) and its sample at the playhead. Mirrors views/camera/useCameraFrame.
 */
export function useCaptionTarget(): { sensor: string; sample: string } | null {
  const cameras = useSensors('camera');
  const videos = useSensors('video');
  const activeId = useWorkbench((s) => s.session.activeCamera);
  const sensor = [...cameras, ...videos].find((c) => c.id === activeId) ?? cameras[0] ?? videos[0];
  const sample = useCurrentSample(sensor?.id);
  return sensor && sample ? { sensor: sensor.id, sample: sample.id } : null;
}

/** "image_2 · 000001" for a sample, "image_2" for a whole stream, "scene" for neither. */
export function describedLabel(scene: Scene, sensor: string | undefined, sample: string | undefined): string {
  if (sensor === undefined) return 'scene';
  if (sample === undefined) return sensor;
  const s = scene.streams.find((x) => x.sensor === sensor)?.samples.find((x) => x.id === sample);
  const short = s?.frame ?? (sample.startsWith(`${sensor}/`) ? sample.slice(sensor.length + 1) : sample);
  return `${sensor} · ${short}`;
}

/** The object hovered in any view (object list row, a text span), or null. */
export function useHoveredObject(): string | null {
  return useWorkbench((s) => (s.live.hover?.kind === 'object' ? s.live.hover.object : null));
}
