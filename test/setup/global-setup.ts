import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    contractLogDir: string;
  }
}

const TABLE_NAME = 'commendation-test';
const BUCKET_NAME = 'commendation-test-docs';

/**
 * The registry and the Plan 1109 campaign, as `npm start` seeds them. Imported only here, after the
 * stores are up: the seed points the store modules' configuration at them before loading those modules.
 */
/** Where the run's contract summary is written (SPEC R-API-1), for CI to print. */
const CONTRACT_REPORT = join(import.meta.dirname, '..', '..', '.ci-contract.json');

/** Sums what the workers logged of the responses they checked against /openapi.json. */
const reportContract = async (dir: string): Promise<void> => {
  const { summarise } = await import('../support/contract.ts');
  const summary = summarise(dir);
  if (summary.responsesValidated === 0) return;
  await writeFile(CONTRACT_REPORT, `${JSON.stringify(summary, null, 2)}\n`);
  console.info(
    `\n[contract] ${summary.responsesValidated} responses validated against /openapi.json; ` +
      `${summary.operationsAnswered} of ${summary.operations} operations answered, ` +
      `${summary.operationsSucceeded} with a success (details: .ci-contract.json)`,
  );
};

const seedStores = async (dynamoEndpoint: string, tableName: string): Promise<void> => {
  const { seed } = await import('../../local/seed.ts');
  await seed({ dynamoEndpoint, tableName });
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  await checkJava();

  const tempDir = await mkdtemp(join(tmpdir(), 'commendation-test-'));
  const contractLogDir = join(tempDir, 'contract');
  await mkdir(contractLogDir);
  const stores: RunningStore[] = [];
  const teardown = async () => {
    await reportContract(contractLogDir).catch((error: unknown) => console.error('[contract]', error));
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
    await seedStores(dynamo.endpoint, TABLE_NAME);
    if (process.env.DEBUG_STORES) {
      console.info(
        `[global-setup] stores ready in ${storesReady - startedAt} ms, seeded in ${Date.now() - storesReady} ms`,
      );
    }

    project.provide('dynamoEndpoint', dynamo.endpoint);
    project.provide('s3Endpoint', s3.endpoint);
    project.provide('tableName', TABLE_NAME);
    project.provide('bucketName', BUCKET_NAME);
    project.provide('contractLogDir', contractLogDir);
  } catch (error) {
    await teardown();
    throw error;
  }

  return teardown;
}
