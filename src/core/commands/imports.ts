/**
 * Labels from a file (tracker output, speaker turns, transcript cues, model masks) added to the
 * open scene as ONE command: one undo step removes the whole import. Objects are inserted first,
 * each validated against the taxonomy, then annotations with their references checked; any
 * problem rejects the whole import and leaves the scene as it was.
 */
import type { Annotation, ObjectTrack } from '../schema';
import { defineCommand } from './command';
import { insertAnnotation } from './annotations';
import { insertObject } from './objects';

export interface ImportLabelsArgs {
  objects: readonly ObjectTrack[];
  annotations: readonly Annotation[];
}

export const importLabels = defineCommand<ImportLabelsArgs>({
  type: 'import/labels',
  label: 'Import labels',
  run(draft, { objects, annotations }) {
    for (const o of objects) {
      const id = insertObject(draft, { id: o.id, classId: o.classId, name: o.name, attributes: o.attributes });
      if (o.metadata) draft.objects[id].metadata = o.metadata;
    }
    for (const a of annotations) insertAnnotation(draft, a);
  },
});
