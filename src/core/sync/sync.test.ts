import { describe, expect, it } from 'vitest';
import type { Patch } from 'immer';
import { makeTestScene } from '../commands/testScene';
import { execute } from '../commands/command';
import { updateAnnotation, deleteAnnotation } from '../commands/annotations';
import { deleteObject, setObjectAttribute, setObjectClass } from '../commands/objects';
import { updateDocument } from '../commands/documents';
import { applyEdit, conflictKey, conflicts, describeConflicts, EditRequest, objectsTouched, overlaps, rebase, replay, type LoggedEdit } from '.';

const logged = (revision: number, clientId: string, by: string, patches: Patch[], label?: string): LoggedEdit => ({
  revision, editId: `edit-${revision}-0000`, clientId, userId: `u-${by}`, by, at: `2026-01-01T00:00:0${revision}Z`, label, patches,
});
const moveA1 = (x: number) => execute(makeTestScene(), updateAnnotation, { id: 'a1', patch: { center: { x, y: 1, z: -0.8 } } }).patches;

describe('conflictKey / overlaps', () => {
  it('cuts a path at its first array index or a trailing length', () => {
    expect(conflictKey(['annotations', 'l0', 'a1', 'center', 'x'])).toEqual(['annotations', 'l0', 'a1', 'center', 'x']);
    expect(conflictKey(['documents', 0, 'text'])).toEqual(['documents']);
    expect(conflictKey(['taxonomy', 'classes', 3, 'synonyms', 1])).toEqual(['taxonomy', 'classes']);
    expect(conflictKey(['sensors', 'length'])).toEqual(['sensors']);
    // a record key "0" is a string: records are not arrays
    expect(conflictKey(['objects', '0', 'name'])).toEqual(['objects', '0', 'name']);
  });
  it('two paths overlap when one is a prefix of the other', () => {
    expect(overlaps(['objects', 'o1'], ['objects', 'o1', 'classId'])).toBe(true);
    expect(overlaps(['objects', 'o1', 'classId'], ['objects', 'o1', 'classId'])).toBe(true);
    expect(overlaps(['objects', 'o1', 'name'], ['objects', 'o1', 'classId'])).toBe(false);
    expect(overlaps(['objects', 'o1'], ['objects', 'o10'])).toBe(false);
    expect(overlaps([], ['anything'])).toBe(true);
  });
});

describe('conflicts', () => {
  it('edits to different objects do not conflict', () => {
    const since = [logged(1, 'A', 'ann', moveA1(12))];
    const mine = execute(makeTestScene(), setObjectAttribute, { objectId: 'o2', name: 'moving', value: true }).patches;
    expect(conflicts({ clientId: 'B', patches: mine }, since)).toEqual([]);
  });
  it('the same annotation written twice conflicts, naming who, what and when', () => {
    const since = [logged(3, 'A', 'alice', moveA1(12), 'Move cuboid')];
    const found = conflicts({ clientId: 'B', patches: moveA1(13) }, since);
    expect(found).toEqual([{ path: '$.annotations.l0.a1', yours: '$.annotations.l0.a1', revision: 3, by: 'alice', at: '2026-01-01T00:00:03Z', label: 'Move cuboid' }]);
    expect(describeConflicts(found)).toBe('alice changed $.annotations.l0.a1 at revision 3 (Move cuboid) after your edit\'s base revision; your change to $.annotations.l0.a1 was not applied');
  });
  it('a deleted record conflicts with a change inside it', () => {
    const del = execute(makeTestScene(), deleteObject, { objectId: 'o1' }).patches;
    const rename = execute(makeTestScene(), setObjectClass, { objectId: 'o1', classId: 'van' }).patches;
    const found = conflicts({ clientId: 'B', patches: rename }, [logged(1, 'A', 'alice', del)]);
    expect(found.map((c) => [c.path, c.yours])).toEqual([['$.objects.o1', '$.objects.o1.classId']]);
  });
  it('two fields of one object are independent, the same field is not', () => {
    const a: Patch[] = [{ op: 'replace', path: ['objects', 'o1', 'name'], value: 'Car A' }];
    const b: Patch[] = [{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'van' }];
    expect(conflicts({ clientId: 'B', patches: b }, [logged(1, 'A', 'a', a)])).toEqual([]);
    expect(conflicts({ clientId: 'B', patches: a }, [logged(1, 'A', 'a', a)])).toHaveLength(1);
  });
  it('edits anywhere in one array conflict (conservative)', () => {
    const d0: Patch[] = [{ op: 'replace', path: ['documents', 0, 'text'], value: 'x' }];
    const d1: Patch[] = [{ op: 'add', path: ['documents', 1], value: { id: 'd2', text: 'y' } }];
    expect(conflicts({ clientId: 'B', patches: d1 }, [logged(1, 'A', 'a', d0)]).map((c) => c.path)).toEqual(['$.documents[0].text']);
  });
  it("a client's own earlier edits never conflict with its later ones", () => {
    expect(conflicts({ clientId: 'A', patches: moveA1(14) }, [logged(1, 'A', 'alice', moveA1(12))])).toEqual([]);
  });
  it('reports each earlier edit that overlaps, in log order', () => {
    const since = [logged(1, 'A', 'alice', moveA1(12)), logged(2, 'C', 'carol', [{ op: 'replace', path: ['objects', 'o3', 'name'], value: 'v' }]), logged(3, 'C', 'carol', moveA1(15))];
    expect(conflicts({ clientId: 'B', patches: moveA1(13) }, since).map((c) => [c.revision, c.by])).toEqual([[1, 'alice'], [3, 'carol']]);
  });
});

describe('rebase / applyEdit / replay', () => {
  it('applies a non-conflicting edit on the newest scene and says it was rebased', () => {
    const base = makeTestScene();
    const first = execute(base, updateAnnotation, { id: 'a1', patch: { center: { x: 12, y: 1, z: -0.8 } } });
    const mine = execute(base, setObjectAttribute, { objectId: 'o2', name: 'moving', value: true }).patches;
    const r = rebase(first.next, { clientId: 'B', patches: mine }, [logged(1, 'A', 'alice', first.patches)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rebased).toBe(true);
    const cub = r.scene.annotations.l0.a1;
    expect(cub.kind === 'cuboid' && cub.center.x).toBe(12);
    expect(r.scene.objects.o2.attributes.moving).toBe(true);
  });
  it('refuses a conflicting edit without applying it', () => {
    const first = execute(makeTestScene(), updateAnnotation, { id: 'a1', patch: { center: { x: 12, y: 1, z: -0.8 } } });
    const r = rebase(first.next, { clientId: 'B', patches: moveA1(13) }, [logged(1, 'A', 'alice', first.patches)]);
    expect(r.ok).toBe(false);
    expect('conflicts' in r && r.conflicts[0].by).toBe('alice');
  });
  it('an edit that breaks the schema is refused with the path of the problem', () => {
    const r = applyEdit(makeTestScene(), [{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'unicorn' }]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0].path).toBe('$.objects.o1.classId');
  });
  it('an edit whose path does not resolve is refused at that path', () => {
    const r = applyEdit(makeTestScene(), [{ op: 'replace', path: ['objects', 'nope', 'name'], value: 'x' }]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0].path).toBe('$.objects.nope.name');
  });
  it('an edit valid alone but invalid after the rebase is refused (annotation of a deleted object)', () => {
    const base = makeTestScene();
    const del = execute(base, deleteObject, { objectId: 'o2' });
    // B re-assigns the box a2 to o2, which A deleted meanwhile: no path overlap, but the result is invalid
    const reassign: Patch[] = [{ op: 'replace', path: ['annotations', 'c0', 'a2', 'object'], value: 'o2' }];
    const r = rebase(del.next, { clientId: 'B', patches: reassign }, [logged(1, 'A', 'alice', del.patches)]);
    expect(r.ok).toBe(false);
    expect('issues' in r && r.issues.map((i) => i.path)).toContain('$.annotations.c0.a2.object');
  });
  it('replay applies the log in order', () => {
    const base = makeTestScene();
    const e1 = execute(base, updateAnnotation, { id: 'a1', patch: { center: { x: 12, y: 1, z: -0.8 } } });
    const e2 = execute(e1.next, updateDocument, { documentId: 'd1', patch: { language: 'en' } });
    const e3 = execute(e2.next, deleteAnnotation, { id: 'a2' });
    expect(replay(base, [e1, e2, e3])).toEqual(e3.next);
    // the same patches through JSON (as the server stores them) give the same document
    expect(replay(JSON.parse(JSON.stringify(base)), JSON.parse(JSON.stringify([e1, e2, e3])))).toEqual(JSON.parse(JSON.stringify(e3.next)));
  });
});

describe('objectsTouched', () => {
  it('finds the object of a moved cuboid, a changed object and the objects of a deleted partition', () => {
    const base = makeTestScene();
    const move = execute(base, updateAnnotation, { id: 'a1', patch: { center: { x: 12, y: 1, z: -0.8 } } });
    expect(objectsTouched(move.patches, base, move.next)).toEqual(['o1']);
    const attr = execute(base, setObjectAttribute, { objectId: 'o3', name: 'moving', value: true });
    expect(objectsTouched(attr.patches, base, attr.next)).toEqual(['o3']);
    const del = execute(base, deleteObject, { objectId: 'o1' });
    expect(objectsTouched(del.patches, base, del.next)).toEqual(['o1']);
  });
  it('a re-assigned annotation touches its old and its new object', () => {
    const base = makeTestScene();
    const p: Patch[] = [{ op: 'replace', path: ['annotations', 'c0', 'a2', 'object'], value: 'o3' }];
    const r = applyEdit(base, p);
    expect(r.ok).toBe(true);
    if (r.ok) expect(objectsTouched(p, base, r.scene)).toEqual(['o1', 'o3']);
  });
  it('a document edit touches no object', () => {
    const base = makeTestScene();
    const e = execute(base, updateDocument, { documentId: 'd1', patch: { language: 'de' } });
    expect(objectsTouched(e.patches, base, e.next)).toEqual([]);
  });
});

describe('EditRequest', () => {
  const ok = { editId: '123e4567-e89b-12d3-a456-426614174000', clientId: 'tab-1', baseRevision: 0, patches: [{ op: 'replace', path: ['objects', 'o1', 'name'], value: 'x' }] };
  it('accepts a well-formed edit', () => expect(EditRequest.safeParse(ok).success).toBe(true));
  it('refuses prototype paths, negative revisions, empty and unknown ops', () => {
    expect(EditRequest.safeParse({ ...ok, patches: [{ op: 'add', path: ['__proto__', 'x'], value: 1 }] }).success).toBe(false);
    expect(EditRequest.safeParse({ ...ok, baseRevision: -1 }).success).toBe(false);
    expect(EditRequest.safeParse({ ...ok, patches: [] }).success).toBe(false);
    expect(EditRequest.safeParse({ ...ok, patches: [{ op: 'move', path: ['a'] }] }).success).toBe(false);
  });
});
