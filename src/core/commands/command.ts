/**
 * Every document edit is a command: a pure function that mutates an immer draft of the scene.
 * `execute` runs it with patch recording and returns the next scene plus forward and inverse
 * patches; the store feeds those patches to history (undo/redo) and autosave.
 */
import { enablePatches, produceWithPatches, applyPatches, type Patch } from 'immer';
import type { Scene } from '../schema';

enablePatches();

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface CommandDef<A> {
  /** Stable id, e.g. "annotation/add". */
  type: string;
  /** Label for menus and the history list. */
  label: string;
  /** Mutate the draft; throw CommandError when the arguments do not apply to this scene. */
  run(draft: Scene, args: A): void;
}

export const defineCommand = <A>(def: CommandDef<A>): CommandDef<A> => def;

export interface CommandResult {
  next: Scene;
  patches: Patch[];
  inverse: Patch[];
}

export function execute<A>(scene: Scene, def: CommandDef<A>, args: A): CommandResult {
  const [next, patches, inverse] = produceWithPatches(scene, (draft: Scene) => {
    def.run(draft, args);
  });
  return { next, patches, inverse };
}

export { applyPatches };
export type { Patch };
