/**
 * Scene and bundle JSON found by fuzzing (src/core/formats/fuzz, issue #17): an array of 100,000
 * invalid elements overflowed zod's stack (RangeError) instead of giving a schema error naming the file.
 */
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { parseSceneJson, SceneValidationError } from '../../schema';
import { BundleError, readBundleText, writeBundle } from './bundle';

const withHugeArray = <T extends { taxonomy: { classes: { attributes: unknown[] }[] } }>(v: T): T => {
  v.taxonomy.classes[1].attributes = Array.from({ length: 100_000 }, () => ({}));
  return v;
};

describe('a huge invalid array', () => {
  it('in a scene: a SceneValidationError at the array, naming the file', () => {
    const text = JSON.stringify(withHugeArray(structuredClone(makeTestScene()) as never));
    let error: unknown;
    try {
      parseSceneJson(text, 'fuzz/scene.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SceneValidationError);
    expect((error as Error).message).toBe('fuzz/scene.json: 1 schema error\n  $.taxonomy.classes[1].attributes: too many errors to list (the validator ran out of stack: Maximum call stack size exceeded); the longest array here has 100000 elements');
  }, 60_000); // zod needs seconds for 200,000 issues before it overflows

  it('in a bundle: a BundleError at $.scene…, naming the file', async () => {
    const bundle = await writeBundle(makeTestScene());
    withHugeArray(bundle.scene as never);
    let error: unknown;
    try {
      readBundleText(JSON.stringify(bundle), 'fuzz/bundle.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BundleError);
    expect((error as Error).message).toMatch(/^fuzz\/bundle\.json: 1 bundle error\n {2}\$\.scene\.taxonomy\.classes\[1\]\.attributes: too many errors to list/);
  }, 60_000);

  it('a few invalid elements are still listed one by one', () => {
    const s = structuredClone(makeTestScene()) as unknown as { taxonomy: { classes: { attributes: unknown[] }[] } };
    s.taxonomy.classes[1].attributes = [{}, {}];
    expect(() => parseSceneJson(JSON.stringify(s), 'x.json')).toThrow(/\$\.taxonomy\.classes\[1\]\.attributes\[0\]\.name: .*\n.*\$\.taxonomy\.classes\[1\]\.attributes\[0\]/);
  });
});
