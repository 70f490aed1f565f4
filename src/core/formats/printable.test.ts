/** Error messages never carry raw control bytes from the files they quote (found by fuzzing binary .json files). */
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../commands/testScene';
import { parseSceneJson } from '../schema';
import { importFile } from './exchange';
import { printable } from './printable';
import { PointCloudFormatError } from './pointcloud';

describe('printable', () => {
  it('escapes C0/C1 controls, DEL, line separators and bidi overrides; keeps tab, newline and other text', () => {
    expect(printable('a\u0000b\u001b[31m\u007f\u0085\u2028\u202e\u2066 ok\tétoile\n日本 😀')).toBe('a\\u0000b\\u001b[31m\\u007f\\u0085\\u2028\\u202e\\u2066 ok\tétoile\n日本 😀');
    expect(printable('\r\n')).toBe('\\u000d\n');
  });

  it('reader errors escape what they quote: a PCD keyword, invalid JSON in a scene and through importFile', async () => {
    expect(new PointCloudFormatError('a.pcd', 'unknown keyword "\u0001\u0002"').message).toBe('a.pcd: unknown keyword "\\u0001\\u0002"');
    const binary = '{"a":\u0000\u0010\u00ff}';
    expect(() => parseSceneJson(binary, 'bin.json')).toThrow(/^bin\.json: 1 schema error\n {2}\$: invalid JSON: /);
    try {
      parseSceneJson(binary, 'bin.json');
    } catch (e) {
      expect(printable((e as Error).message)).toBe((e as Error).message);
      expect((e as Error).message).toContain('\\u0000');
    }
    const err = await importFile({ path: 'x/binary.json', text: async () => binary }, { current: makeTestScene() }).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^x\/binary\.json: invalid JSON: /);
    expect(printable(err!.message)).toBe(err!.message);
  });
});
