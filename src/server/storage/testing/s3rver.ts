/**
 * A real S3-protocol server for tests: s3rver (npm, devDependency) on 127.0.0.1, a free port and a
 * temporary folder, with the given buckets created. `stop()` closes it and deletes the folder.
 * Its default account is S3RVER / S3RVER; it checks SigV2 signatures but (v3.7) accepts any SigV4
 * signature, so tests here can show that signed URLs work, not that tampered ones are refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  /** Environment for openStorage / the SDK's credential chain. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startS3rver(buckets: string[]): Promise<TestS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'crosslabel-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: { S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    async stop() {
      // Keep-alive sockets from SDK clients would hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
