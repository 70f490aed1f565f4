/**
 * Extrinsics as a pose or as a transform, and the camera as OpenCV's or OpenGL's, decided by the
 * file's evidence (see ../conventions.ts).
 *
 * OpenLABEL's `pose_wrt_parent` is a pose: it maps the child's coordinates into the parent's
 * (X_parent = M · X_child). Writers get this wrong — "extrinsics inverted" is the first complaint of
 * LiDAR–camera labelling tools' users — and write T_child_from_parent instead. When a file holds
 * cuboids on a LiDAR and 2D boxes of the same objects on a camera, both readings of the camera's
 * `pose_wrt_parent` are tried — as a pose or as a transform, each with the camera looking down +z
 * (OpenCV, the spec) or −z (OpenGL: x right, y up) — the cuboids are projected into the camera under each and compared with
 * the boxes (mean IoU). The spec's reading (`pose`) stands unless the other agrees clearly better;
 * the report says which and by how much. Cuboids that the importer itself moved from the camera to
 * the LiDAR carry no evidence (they went through the same transform both ways) and are left out.
 * With no such pairs there is nothing to weigh and the spec's reading stands silently: the spec is
 * explicit here, the question only arises when the file's evidence contradicts it.
 */
import { projectSceneCuboids } from '../../projection/scene';
import { iou } from '../../projection/deviation';
import type { Annotation, Scene, Transform } from '../../schema';
import { decideConvention, EvidenceTally, type ConventionReport } from '../conventions';
import { fromRowMajor, mul, type Mat4 } from '../../math/mat4';
import { toMat4 } from '../../math/quaternion';
import { invertRepr } from './geometry';
import { allAnnotations, getAnnotation } from '../../schema';

export type ExtrinsicsReading = 'auto' | 'pose' | 'transform' | 'pose-opengl' | 'transform-opengl';
export const EXTRINSICS_READINGS: readonly ExtrinsicsReading[] = ['auto', 'pose', 'transform', 'pose-opengl', 'transform-opengl'];

type Candidate = Pick<Scene, 'sensors' | 'transforms' | 'streams' | 'objects' | 'annotations'>;

const inverted = (t: Transform): Transform => ({ ...t, repr: invertRepr(t.repr) });

/** The transform's matrix, row-major. */
const matrixOf = (t: Transform): Mat4 => (t.repr.kind === 'matrix4x4' ? fromRowMajor(t.repr.rowMajor) : toMat4(t.repr.rotation, t.repr.translation));
/** OpenGL camera axes (x right, y up, z backwards) ↔ OpenCV's (x right, y down, z forward): diag(1, −1, −1), its own inverse. */
const GL_FROM_CV = fromRowMajor([1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1]);
/** The camera's transform when the file's camera frame is OpenGL's: X_parent = M · X_gl = M · F · X_cv. */
const openGl = (t: Transform): Transform => ({ ...t, repr: { kind: 'matrix4x4', rowMajor: Array.from(mul(matrixOf(t), GL_FROM_CV)) } });

/** Where the camera's pose_wrt_parent landed: its own extrinsics, or a scene transform from its coordinate system. */
function locate(c: Candidate, cameraId: string, cs: string | undefined): { apply: (c: Candidate, t: Transform) => Candidate; t: Transform } | undefined {
  const cam = c.sensors.find((s) => s.id === cameraId);
  if (cam?.kind !== 'camera') return undefined;
  const ext = cam.extrinsics;
  if (ext && ext.from === cam.frame && (!cs || ext.from === cs))
    return { t: ext, apply: (sc, t) => ({ ...sc, sensors: sc.sensors.map((s) => (s.id === cameraId && s.kind === 'camera' ? { ...s, extrinsics: t } : s)) }) };
  const i = c.transforms.findIndex((t) => t.from === (cs ?? cam.frame));
  if (i < 0) return undefined;
  return { t: c.transforms[i], apply: (sc, t) => ({ ...sc, transforms: sc.transforms.map((x, j) => (j === i ? t : x)) }) };
}

/**
 * Decide, per camera, whether its `pose_wrt_parent` is a pose (the spec) or a transform, and return
 * the candidate with the chosen reading applied. `cameraCs` maps camera id → its OpenLABEL
 * coordinate system's frame; `moved` are the cuboids the importer moved from a camera (no evidence).
 */
export function decideExtrinsicsDirection(candidate: Candidate, cameraCs: ReadonlyMap<string, string | undefined>, moved: ReadonlySet<string>, reading: ExtrinsicsReading = 'auto'): { scene: Candidate; conventions: ConventionReport[] } {
  const conventions: ConventionReport[] = [];
  const evidenceCuboids = allAnnotations(candidate).filter((a) => a.kind === 'cuboid' && !moved.has(a.id));
  if (!evidenceCuboids.length && reading === 'auto') return { scene: candidate, conventions };
  let scene = candidate;
  const boxes = new Map<string, Extract<Annotation, { kind: 'box2d' }>[]>();
  for (const a of allAnnotations(candidate)) if (a.kind === 'box2d') boxes.set(`${a.object}\u0000${a.sample}`, [...(boxes.get(`${a.object}\u0000${a.sample}`) ?? []), a]);
  for (const cam of candidate.sensors) {
    if (cam.kind !== 'camera') continue;
    const where = locate(scene, cam.id, cameraCs.get(cam.id));
    if (!where) continue;
    const readings = [
      { name: 'pose', label: 'a pose (child → parent)', scene },
      { name: 'transform', label: 'a transform (parent → child)', scene: where.apply(scene, inverted(where.t)) },
      { name: 'pose-opengl', label: "a pose of an OpenGL camera (looking down −z)", scene: where.apply(scene, openGl(where.t)) },
      { name: 'transform-opengl', label: "a transform to an OpenGL camera (looking down −z)", scene: where.apply(scene, openGl(inverted(where.t))) },
    ];
    const tallies = readings.map((r) => {
      const tally = new EvidenceTally(r.name, r.label);
      let projections: ReturnType<typeof projectSceneCuboids> = [];
      try {
        projections = projectSceneCuboids(r.scene as Scene, { camera: cam.id });
      } catch {
        projections = []; // a calibration that cannot project gives no evidence; validation reports it
      }
      const seen = new Set<string>();
      for (const p of projections) {
        if (moved.has(p.cuboid)) continue;
        const refs = boxes.get(`${p.object}\u0000${p.sample}`);
        if (!refs) continue;
        seen.add(`${p.cuboid}\u0000${p.sample}`);
        tally.addIoU(candidate.objects[p.object]?.classId ?? '', Math.max(...refs.map((b) => iou(b, { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }))));
      }
      return { tally, seen };
    });
    // a pair seen under one reading but projected out of view under another is evidence too (IoU 0 there)
    const all = new Set(tallies.flatMap((t) => [...t.seen]));
    tallies.forEach((t) => {
      for (const k of all) if (!t.seen.has(k)) t.tally.addIoU(candidate.objects[getAnnotation(candidate, k.split('\u0000')[0])?.object ?? '']?.classId ?? '', 0);
    });
    if (!all.size && reading === 'auto') continue;
    const report = decideConvention('extrinsics direction', `${cam.id}'s pose_wrt_parent`, 1, tallies.map((t) => t.tally.result()), reading === 'auto' ? undefined : reading);
    scene = readings.find((r) => r.name === report.chosen)!.scene;
    conventions.push(report);
  }
  return { scene, conventions };
}
