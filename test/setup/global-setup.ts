/**
 * Starts the local stores once for the whole test run and hands their endpoints to the test workers.
 *
 * DynamoDB Local runs in memory and s3rver in a fresh temporary directory, each on a free port, so runs
 * never share state or collide with `npm start`. Teardown stops both by PID and removes the directory.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import {
  checkJava,
  ensureBucket,
  ensureTable,
  type RunningStore,
  startDynamo,
  startS3,
} from '../../local/stores.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    tableName: string;
    bucketName: string;
  }
}

const TABLE_NAME = 'commendation-test';
const BUCKET_NAME = 'commendation-test-docs';

/** Optional seed module, written separately; used only when present. */
const SEED_MODULE = fileURLToPath(new URL('../../local/seed.ts', import.meta.url));

type SeedFunction = (options: { dynamoEndpoint: string; tableName: string }) => Promise<void> | void;

const runSeedIfPresent = async (dynamoEndpoint: string, tableName: string): Promise<void> => {
  if (!existsSync(SEED_MODULE)) return;
  const seedModule: { seed?: unknown } = await import(pathToFileURL(SEED_MODULE).href);
  if (typeof seedModule.seed !== 'function') {
    throw new Error(`${SEED_MODULE} exists but does not export a seed() function`);
  }
  await (seedModule.seed as SeedFunction)({ dynamoEndpoint, tableName });
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  await checkJava();

  const tempDir = await mkdtemp(join(tmpdir(), 'commendation-test-'));
  const stores: RunningStore[] = [];
  const teardown = async () => {
    await Promise.allSettled(stores.map((store) => store.stop()));
    await rm(tempDir, { recursive: true, force: true });
  };

  try {
    // Both start at once; wait for both to settle so a failure of one never leaves the other running.
    const started = await Promise.allSettled([startDynamo({}), startS3({ directory: join(tempDir, 's3') })]);
    for (const result of started) if (result.status === 'fulfilled') stores.push(result.value);
    const [dynamo, s3] = started.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    }) as [RunningStore, RunningStore];
    await Promise.all([ensureTable(dynamo.endpoint, TABLE_NAME), ensureBucket(s3.endpoint, BUCKET_NAME)]);
    const storesReady = Date.now();
    await runSeedIfPresent(dynamo.endpoint, TABLE_NAME);
    if (process.env.DEBUG_STORES) {
      console.info(
        `[global-setup] stores ready in ${storesReady - startedAt} ms, seeded in ${Date.now() - storesReady} ms`,
      );
    }

    project.provide('dynamoEndpoint', dynamo.endpoint);
    project.provide('s3Endpoint', s3.endpoint);
    project.provide('tableName', TABLE_NAME);
    project.provide('bucketName', BUCKET_NAME);
  } catch (error) {
    await teardown();
    throw error;
  }

  return teardown;
}
