/**
 * The subset of ASAM OpenLABEL 1.0 JSON that Crosslabel writes, typed for the exporter.
 * The importer reads `unknown` and checks every field it uses, so these types are not trusted
 * on input. Key spellings follow FORMATS.md §1 (what Vicomtech's library and the spec write).
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Row-major 4x4 (`X_dst = M · X_src`), quaternion xyzw + translation, or Euler ZYX + translation. */
export type OlTransformData =
  | { matrix4x4: number[] }
  | { quaternion: number[]; translation: number[] }
  | { euler_angles: number[]; translation: number[]; sequence?: string };

export interface OlFrameInterval {
  frame_start: number;
  frame_end: number;
}

export interface OlAttributes {
  text?: { name: string; val: string }[];
  num?: { name: string; val: number }[];
  boolean?: { name: string; val: boolean }[];
  vec?: { name: string; val: (number | string)[]; type?: 'values' | 'range' }[];
}

export interface OlObjectDataItem {
  name: string;
  val: Json;
  coordinate_system?: string;
  attributes?: OlAttributes;
  [custom: string]: Json | OlAttributes | undefined;
}

/** object_data: lists keyed by data type (`bbox`, `cuboid`, `poly2d`, `text`, `num`, `boolean`, `vec`). */
export type OlObjectData = Record<string, OlObjectDataItem[]>;

export interface OlObject {
  name: string;
  type: string;
  ontology_uid?: string;
  coordinate_system?: string;
  frame_intervals?: OlFrameInterval[];
  object_data?: OlObjectData;
  object_data_pointers?: Record<string, { type: string; frame_intervals: OlFrameInterval[]; attribute_pointers?: Record<string, string> }>;
}

export interface OlStream {
  type: 'camera' | 'lidar' | 'radar' | 'gps_imu' | 'other';
  description?: string;
  uri?: string;
  stream_properties?: JsonObject;
}

export interface OlCoordinateSystem {
  type: string;
  parent: string;
  children: string[];
  pose_wrt_parent?: OlTransformData;
  [custom: string]: Json | OlTransformData | undefined;
}

export interface OlTransform {
  src: string;
  dst: string;
  transform_src_to_dst: OlTransformData;
  /** Crosslabel: the stream whose sample this per-frame transform overrides. */
  crosslabel_stream?: string;
}

export interface OlFrame {
  objects?: Record<string, { object_data?: OlObjectData }>;
  actions?: Record<string, { action_data?: OlAttributes }>;
  events?: Record<string, { event_data?: OlAttributes }>;
  contexts?: Record<string, { context_data?: OlAttributes }>;
  frame_properties?: {
    timestamp?: number | string;
    streams?: Record<string, { stream_properties?: JsonObject }>;
    transforms?: Record<string, OlTransform>;
  };
}

/** `<x>_data_pointers` entry: which frames hold data of that name ([] = static). */
export interface OlDataPointer {
  type: string;
  frame_intervals: OlFrameInterval[];
}

export interface OlContext {
  name: string;
  type: string;
  frame_intervals?: OlFrameInterval[];
  context_data?: OlObjectData | OlAttributes;
  context_data_pointers?: Record<string, OlDataPointer>;
}

export interface OlAction {
  name: string;
  type: string;
  frame_intervals?: OlFrameInterval[];
  action_data?: OlAttributes;
  action_data_pointers?: Record<string, OlDataPointer>;
}

export interface OlEvent {
  name: string;
  type: string;
  frame_intervals?: OlFrameInterval[];
  event_data?: OlAttributes;
  event_data_pointers?: Record<string, OlDataPointer>;
}

export interface OlRdfAgent {
  uid: string;
  type: 'object' | 'action' | 'event' | 'context';
}

export interface OlRelation {
  name: string;
  type: string;
  rdf_subjects: OlRdfAgent[];
  rdf_objects: OlRdfAgent[];
  frame_intervals?: OlFrameInterval[];
}

export interface OpenLabelDoc {
  openlabel: {
    metadata: { schema_version: '1.0.0'; name?: string; comment?: string; [custom: string]: Json | undefined };
    ontologies?: Record<string, string>;
    coordinate_systems?: Record<string, OlCoordinateSystem>;
    streams?: Record<string, OlStream>;
    objects?: Record<string, OlObject>;
    contexts?: Record<string, OlContext>;
    actions?: Record<string, OlAction>;
    events?: Record<string, OlEvent>;
    relations?: Record<string, OlRelation>;
    frames?: Record<string, OlFrame>;
    frame_intervals?: OlFrameInterval[];
  };
}

export type { ExportSummary } from '../common';

/** Build closed frame intervals from a set of frame indices. */
export function toFrameIntervals(indices: Iterable<number>): OlFrameInterval[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const out: OlFrameInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i === last.frame_end + 1) last.frame_end = i;
    else out.push({ frame_start: i, frame_end: i });
  }
  return out;
}
