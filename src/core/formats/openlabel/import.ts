/**
 * ASAM OpenLABEL 1.0 JSON → Scene. The document is validated first (official schema + extra
 * checks); any error — invalid structure, dangling reference, bad geometry — throws an
 * OpenLabelImportError naming the file and the JSON paths, and no partial scene is returned.
 * What the scene cannot hold is listed in `warnings`.
 */
import { DEFAULT_TAXONOMY, issuesOf, Scene, type Taxonomy, type TaxonomyClass, partitionAnnotations } from '../../schema';
import { COMPARISON_CONTEXT_TYPE, DOCUMENT_CONTEXT_TYPE, taxonomyUri } from './export';
import { moveCameraCuboidsToLidar } from './cuboidPlacement';
import type { ConventionReport } from '../conventions';
import type { CuboidSizeReading } from './cuboidSizeOrder';
import { decideExtrinsicsDirection, type ExtrinsicsReading } from './extrinsicsDirection';
import { OpenLabelPathError } from './geometry';
import { importFrames } from './importFrames';
import { importFrameClock } from './frameClock';
import { importTimeLabels } from './importTimeLabels';
import { importObjects } from './importObjects';
import { importCoordinateSystems, importSensors, isRec, safeFrame } from './importSensors';
import { validateOpenLabel, type OpenLabelIssue } from './validate';
import { printable } from '../printable';

export class OpenLabelImportError extends Error {
  constructor(
    readonly file: string,
    readonly issues: OpenLabelIssue[],
  ) {
    super(printable(`${file}: ${issues.length} OpenLABEL error${issues.length === 1 ? '' : 's'}\n` + issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`).join('\n')));
    this.name = 'OpenLabelImportError';
  }
}

const PALETTE = ['#e63946', '#457b9d', '#2a9d8f', '#e9c46a', '#f4a261', '#8338ec', '#3a86ff', '#ff006e'];
const norm = (s: string): string => s.replace(/^#/, '').trim().toLowerCase();

/** Map OpenLABEL object types onto the default taxonomy (id, name or synonym); unknown types become new classes. */
function taxonomyFor(ol: Record<string, unknown>, file: string, warn: (m: string) => void): { finish: () => Taxonomy; classOf: (type: string) => string } {
  const onto = isRec(ol.ontologies) ? Object.values(ol.ontologies) : [];
  const isDefault = onto.some((u) => (typeof u === 'string' ? u : isRec(u) ? u.uri : undefined) === taxonomyUri(DEFAULT_TAXONOMY));
  const classes: TaxonomyClass[] = structuredClone(DEFAULT_TAXONOMY.classes);
  const lookup = new Map<string, string>();
  for (const c of classes) for (const k of [c.id, c.name, ...c.synonyms]) lookup.set(norm(k), c.id);
  const added: string[] = [];
  const classOf = (type: string): string => {
    const hit = lookup.get(norm(type));
    if (hit) return hit;
    let id = norm(type).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'unnamed';
    while (classes.some((c) => c.id === id)) id += '_';
    classes.push({ id, name: type.replace(/^#/, ''), color: PALETTE[added.length % PALETTE.length], synonyms: [type], attributes: [], modalities: ['lidar', 'camera', 'video', 'audio', 'text'], deprecated: false });
    lookup.set(norm(type), id);
    added.push(type);
    return id;
  };
  const finish = (): Taxonomy => {
    if (added.length) warn(`object types not in the default taxonomy became new classes: ${added.join(', ')}`);
    return added.length || !isDefault ? { id: 'openlabel-import', name: `Imported from ${file}`, version: 1, history: [], classes } : structuredClone(DEFAULT_TAXONOMY);
  };
  return { classOf, finish };
}

/**
 * Contexts Crosslabel writes for its text (README.md): `crosslabel:document` → documents (id, text
 * with its `crosslabel_metadata`, language, title, kind, sensor, sample, prompt) and
 * `crosslabel:comparison` → comparisons (id, sensor, sample, prompt, reason, by, at; candidates and
 * ranking as string vecs). Their shape is checked by the scene schema afterwards.
 */
function importTextContexts(ol: Record<string, unknown>): { documents: Record<string, unknown>[]; comparisons: Record<string, Record<string, unknown>> } {
  const documents: Record<string, unknown>[] = [];
  const comparisons: Record<string, Record<string, unknown>> = {};
  for (const c of Object.values(isRec(ol.contexts) ? ol.contexts : {})) {
    const ctx = c as Record<string, unknown>;
    if (ctx.type !== DOCUMENT_CONTEXT_TYPE && ctx.type !== COMPARISON_CONTEXT_TYPE) continue;
    const data = isRec(ctx.context_data) ? ctx.context_data : {};
    const text = Array.isArray(data.text) ? (data.text as { name: string; val: string; crosslabel_metadata?: unknown }[]) : [];
    const get = (k: string) => text.find((t) => t.name === k)?.val;
    const pick = (keys: readonly string[]) => Object.fromEntries(keys.filter((k) => get(k) !== undefined).map((k) => [k, get(k)]));
    if (ctx.type === DOCUMENT_CONTEXT_TYPE) {
      const metadata = text.find((t) => t.name === 'text')?.crosslabel_metadata;
      documents.push({ id: get('id') ?? String(ctx.name), text: get('text') ?? '', language: get('language') ?? 'en', ...pick(['title', 'kind', 'sensor', 'sample', 'prompt']), ...(isRec(metadata) ? { metadata } : {}) });
    } else {
      const vecs = Array.isArray(data.vec) ? (data.vec as { name: string; val: unknown }[]) : [];
      const id = get('id') ?? String(ctx.name);
      const ranking = vecs.find((v) => v.name === 'ranking')?.val;
      comparisons[id] = { id, ...pick(['sensor', 'sample', 'prompt', 'reason', 'by', 'at']), candidates: vecs.find((v) => v.name === 'candidates')?.val ?? [], ...(ranking !== undefined ? { ranking } : {}) };
    }
  }
  return { documents, comparisons };
}

export interface OpenLabelImportOptions {
  /** How sizes of camera-frame cuboids are read (see cuboidSizeOrder.ts); default 'auto': by the file's evidence. */
  cuboidSizes?: CuboidSizeReading;
  /** How cameras' pose_wrt_parent is read (see extrinsicsDirection.ts); default 'auto': by the file's evidence. */
  extrinsics?: ExtrinsicsReading;
}

export interface OpenLabelImportResult {
  scene: Scene;
  warnings: string[];
  /** Conventions the file left open, what was chosen and the evidence (also summarised in `warnings`). */
  conventions: ConventionReport[];
}

/** A file Crosslabel wrote (it follows the spec to the letter: no convention is in question). */
const writtenByUs = (ol: Record<string, unknown>): boolean => isRec(ol.metadata) && typeof ol.metadata.crosslabel_scene_id === 'string';

/** Import an OpenLABEL document (already JSON-parsed). `file` names the source in every error. */
export function importOpenLabel(json: unknown, file: string, opts: OpenLabelImportOptions = {}): OpenLabelImportResult {
  const check = validateOpenLabel(json);
  if (!check.valid) throw new OpenLabelImportError(file, check.errors);
  const ol = (json as { openlabel: Record<string, unknown> }).openlabel;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  try {
    const sensors = importSensors(ol, warn);
    const transforms = importCoordinateSystems(ol, sensors, warn);
    const frames = importFrames(ol, sensors, warn);
    const tax = taxonomyFor(ol, file, warn);
    const { objects, annotations, ignoreRegions, conventions } = importObjects(ol, sensors, frames, tax.classOf, warn, opts.cuboidSizes);
    const { documents, comparisons } = importTextContexts(ol);
    const { timeLabels } = importTimeLabels(ol, objects, importFrameClock(ol, sensors, frames), (ctx) => ctx.type === DOCUMENT_CONTEXT_TYPE || ctx.type === COMPARISON_CONTEXT_TYPE, warn);
    const tags = isRec(ol.tags) ? Object.keys(ol.tags).length : 0;
    if (tags) warn(`not imported (Crosslabel has no place for them yet): ${tags} tags`);

    const md = isRec(ol.metadata) ? ol.metadata : {};
    const { schema_version: _v, name, crosslabel_scene_id: sceneId, crosslabel_metadata: cm, ...otherMd } = md;
    const baseName = file.replace(/^.*[\\/]/, '');
    const metadata = isRec(cm) ? cm : Object.keys(otherMd).length ? { openlabel: otherMd } : {};
    const streams = sensors.map((s) => ({ id: s.sensor.id, sensor: s.sensor.id, samples: frames.samples.get(s.sensor.id) ?? [], offset: s.clock.offset, drift: s.clock.drift }));
    const sensorKind = new Map(sensors.map((s) => [s.sensor.id, s.sensor.kind]));
    const fromCamera = new Set(Object.values(annotations).filter((a) => a.kind === 'cuboid' && sensorKind.get(a.sensor) === 'camera').map((a) => a.id));
    // Others' camera-frame cuboids go to the LiDAR; a Crosslabel file's stay where its author put
    // them (a cuboid on a camera is a legitimate monocular 3D label in our model).
    if (!writtenByUs(ol)) {
      const placed = calibrationStep(file, () => moveCameraCuboidsToLidar({ sensors: sensors.map((s) => s.sensor), transforms, streams }, annotations, frames));
      for (const [camera, per] of placed.moved)
        for (const [lidar, n] of per) warn(`${n} cuboids given in ${camera}'s coordinate system were re-expressed in ${lidar}'s and put on its samples (a cuboid is LiDAR data; exports write it there)`);
      for (const [camera, n] of placed.stayed) warn(`${n} cuboids stay in ${camera}'s coordinate system (no LiDAR sample at their frame that the calibration links to it): the camera shows them, the LiDAR view does not`);
    }
    const partitioned = partitionAnnotations(annotations);
    // A camera's pose_wrt_parent as a pose (the spec) or, where the file's own cuboids and boxes say so, a transform.
    const decided = writtenByUs(ol)
      ? { scene: { sensors: sensors.map((s) => s.sensor), transforms }, conventions: [] }
      : calibrationStep(file, () => decideExtrinsicsDirection({ sensors: sensors.map((s) => s.sensor), transforms, streams, objects, annotations: partitioned }, new Map(sensors.map((s) => [s.sensor.id, s.cs === undefined ? undefined : safeFrame(s.cs)])), fromCamera, opts.extrinsics));
    const candidate = {
      schemaVersion: 3,
      id: typeof sceneId === 'string' ? sceneId : `openlabel:${baseName}`,
      name: typeof name === 'string' && name ? name : baseName,
      taxonomy: tax.finish(),
      sensors: decided.scene.sensors,
      transforms: decided.scene.transforms,
      streams,
      objects,
      annotations: partitioned,
      ignoreRegions,
      documents,
      comparisons,
      timeLabels,
      metadata,
    };
    const r = Scene.safeParse(candidate);
    if (!r.success) throw new OpenLabelImportError(file, issuesOf(r.error).map((i) => ({ path: `(imported scene) ${i.path}`, message: i.message })));
    // what was decided about the file's conventions comes first: a reviewer reads it before anything else
    const decisions = [...conventions, ...decided.conventions];
    return { scene: r.data, warnings: [...decisions.map((c) => c.message), ...warnings], conventions: decisions };
  } catch (e) {
    if (e instanceof OpenLabelPathError) throw new OpenLabelImportError(file, [{ path: e.path, message: e.problem }]);
    throw e;
  }
}

/**
 * Run a step that builds the file's frame graph. The calibration code throws plain Errors for
 * transforms it cannot use (NaN or infinite entries, singular matrices) without knowing the file:
 * those become an import error naming it (found by fuzzing: a huge translation overflowed to
 * Infinity). Programming errors (TypeError, RangeError …) pass through unchanged.
 */
function calibrationStep<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof Error && Object.getPrototypeOf(e) === Error.prototype) throw new OpenLabelImportError(file, [{ path: '$.openlabel.coordinate_systems', message: `the calibration cannot be used: ${e.message}` }]);
    throw e;
  }
}

/** Parse OpenLABEL JSON text then import it; invalid JSON is an OpenLabelImportError at path `$`. */
export function importOpenLabelText(text: string, file: string, opts: OpenLabelImportOptions = {}): OpenLabelImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OpenLabelImportError(file, [{ path: '$', message: `invalid JSON: ${(e as Error).message}` }]);
  }
  return importOpenLabel(json, file, opts);
}
