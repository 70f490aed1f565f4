/**
 * Test helper (imports vitest: for test files only): run one command and check what every command
 * must guarantee — the result is a valid scene, and the step's inverse patches restore the input
 * exactly while its forward patches replay it (one undo step, as the store's history uses them).
 */
import { expect } from 'vitest';
import { Scene } from '../schema';
import { applyPatches, execute, type CommandDef } from './command';

export function step<A>(scene: Scene, cmd: CommandDef<A>, args: A): Scene {
  const { next, patches, inverse } = execute(scene, cmd, args);
  const parsed = Scene.safeParse(next);
  if (!parsed.success) throw new Error(`${cmd.type} left an invalid scene: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  expect(applyPatches(next, inverse)).toEqual(scene);
  expect(applyPatches(scene, patches)).toEqual(next);
  return next;
}
