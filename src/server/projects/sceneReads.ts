/**
 * Current scene documents for the project pages (consensus copies, statistics), read through the
 * shared-scene log (src/server/scenes/log.ts): snapshot plus the log's tail replayed. One SceneLog
 * per database so its small cache of decoded scenes is reused between requests.
 */
import type { Scene } from '../../core/schema/scene';
import type { Db } from '../db/db';
import { SceneLog } from '../scenes/log';

const logs = new WeakMap<Db, SceneLog>();

export function sceneLogOf(db: Db): SceneLog {
  let log = logs.get(db);
  if (!log) logs.set(db, (log = new SceneLog(db)));
  return log;
}

/** The scene at its newest revision, or undefined when it does not exist. */
export function currentScene(db: Db, sceneId: string): Promise<{ scene: Scene; revision: number } | undefined> {
  return sceneLogOf(db).read(sceneId);
}
