/**
 * Object commands: an object track is one physical object with one class, referenced by every
 * annotation of it in any sensor. New objects and class changes must use a class of the scene's
 * taxonomy that is not deprecated; attribute values are checked against the class's AttributeDef.
 */
import { AttributeValue, ObjectTrack, type AttributeDef, type Scene } from '../schema';
import { CommandError, defineCommand } from './command';
import { parseRecord, requireClass, requireObject, requireString, requireUsableClass } from './guard';
import { newId } from './ids';
import { removeAnnotation } from './remove';
import { findAnnotations } from './draftAnnotations';

export interface CreateObjectArgs {
  /** Omitted: a fresh `obj_…` id. */
  id?: string;
  classId: string;
  name?: string;
  attributes?: Record<string, AttributeValue>;
}

/** Validate and insert a new object track into a draft; shared with createObjectWithAnnotation. Returns its id. */
export function insertObject(draft: Scene, args: CreateObjectArgs): string {
  const id = args.id ?? newId('obj');
  if (draft.objects[id]) throw new CommandError(`object "${id}" already exists`);
  const cls = requireUsableClass(draft, args.classId);
  const obj = parseRecord(ObjectTrack, { id, classId: args.classId, name: args.name, attributes: args.attributes ?? {} }, `object "${id}"`);
  for (const [name, value] of Object.entries(obj.attributes)) checkAttribute(cls.attributes, cls.id, name, value);
  draft.objects[id] = obj;
  return id;
}

export const createObject = defineCommand<CreateObjectArgs>({
  type: 'object/create',
  label: 'Create object',
  run: (draft, args) => void insertObject(draft, args),
});

export const setObjectClass = defineCommand<{ objectId: string; classId: string }>({
  type: 'object/setClass',
  label: 'Change class',
  run(draft, { objectId, classId }) {
    const obj = requireObject(draft, objectId);
    const cls = requireUsableClass(draft, classId);
    for (const [name, value] of Object.entries(obj.attributes)) checkAttribute(cls.attributes, cls.id, name, value);
    obj.classId = classId;
  },
});

/** Set one attribute; `value: null` removes it. */
export const setObjectAttribute = defineCommand<{ objectId: string; name: string; value: AttributeValue | null }>({
  type: 'object/setAttribute',
  label: 'Set attribute',
  run(draft, { objectId, name, value }) {
    const obj = requireObject(draft, objectId);
    requireString(name, 'attribute name');
    if (value === null) {
      if (!(name in obj.attributes)) throw new CommandError(`object "${objectId}" has no attribute "${name}"`);
      delete obj.attributes[name];
      return;
    }
    const v = parseRecord(AttributeValue, value, `attribute "${name}" of object "${objectId}"`);
    const cls = requireClass(draft, obj.classId);
    checkAttribute(cls.attributes, cls.id, name, v);
    obj.attributes[name] = v;
  },
});

/** Delete an object and every annotation that references it; time labels that named it keep the rest of their objects. */
export const deleteObject = defineCommand<{ objectId: string }>({
  type: 'object/delete',
  label: 'Delete object',
  run(draft, { objectId }) {
    requireObject(draft, objectId);
    for (const { annotation } of findAnnotations(draft, (a) => a.object === objectId)) removeAnnotation(draft, annotation.id);
    for (const label of Object.values(draft.timeLabels)) {
      if (!label.objects.includes(objectId)) continue;
      label.objects = label.objects.filter((o) => o !== objectId);
      if (label.roles && objectId in label.roles) {
        delete label.roles[objectId];
        if (Object.keys(label.roles).length === 0) delete label.roles;
      }
    }
    delete draft.objects[objectId];
  },
});

/**
 * Check a value against the class's definition of that attribute. Attributes the class does not
 * define are allowed (importers keep e.g. KITTI's `truncated`), but a defined one must match its type.
 */
export function checkAttribute(defs: readonly AttributeDef[], classId: string, name: string, value: AttributeValue): void {
  const def = defs.find((d) => d.name === name);
  if (!def) return;
  const where = `attribute "${name}" of class "${classId}"`;
  switch (def.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new CommandError(`${where} must be true or false, got ${JSON.stringify(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new CommandError(`${where} must be a finite number, got ${JSON.stringify(value)}`);
      if (def.min !== undefined && value < def.min) throw new CommandError(`${where} must be >= ${def.min}, got ${value}`);
      if (def.max !== undefined && value > def.max) throw new CommandError(`${where} must be <= ${def.max}, got ${value}`);
      return;
    case 'enum':
      if (typeof value !== 'string' || !(def.values ?? []).includes(value))
        throw new CommandError(`${where} must be one of ${(def.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
      return;
    case 'text':
      if (typeof value !== 'string') throw new CommandError(`${where} must be text, got ${JSON.stringify(value)}`);
      return;
  }
}
