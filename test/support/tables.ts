// Tables of DynamoDB Local seen from outside the code under test: a table of a test file's own (created
// with the project's schema and seeded as `npm start` seeds it), and whole-table snapshots through a raw
// client.
//
// A test file that counts registry-wide things (every unit, every notification, the outbox) owns its table,
// so that other test files running at the same time cannot change what it counts. The handlers read the
// table name once, when first imported, and each test file runs in a process of its own (pool `forks`):
//
//   const TABLE = await vi.hoisted(async () => {
//     const { useOwnTable } = await import('../support/tables.ts');
//     return useOwnTable('sweep');
//   });
//
// `vi.hoisted` runs before the file's imports, so every module of the file sees the new table.

import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll } from 'vitest';
import { ensureTable, localDynamoClient } from '../../local/stores.ts';

/**
 * Creates `tableName` on `endpoint` (unless it exists) and seeds it with the unit registry and the Plan 1109
 * campaign. The seed writes through the store modules, which take their table from TABLE_NAME: it must
 * already name this table.
 */
export async function createSeededTable(endpoint: string, tableName: string): Promise<void> {
  if (process.env.TABLE_NAME !== tableName)
    throw new Error(`createSeededTable: TABLE_NAME is ${process.env.TABLE_NAME}, not ${tableName}`);
  await ensureTable(endpoint, tableName);
  const { seed } = await import('../../local/seed.ts');
  await seed({ dynamoEndpoint: endpoint, tableName });
}

/**
 * A seeded table of this test file's own in the shared DynamoDB Local, and TABLE_NAME pointed at it. Call it
 * before any module reads the configuration (from `vi.hoisted`, see above). Returns the table's name.
 */
export async function useOwnTable(prefix: string): Promise<string> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('useOwnTable: DYNAMODB_ENDPOINT is not set (test/setup/env.ts sets it)');
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  process.env.TABLE_NAME = tableName;
  await createSeededTable(endpoint, tableName);
  // Had a module read the configuration before this ran, the handlers would still use the shared table.
  beforeAll(async () => {
    const { TABLE_NAME } = await import('#functions/config.ts');
    if (TABLE_NAME !== tableName)
      throw new Error(`the handlers use table ${TABLE_NAME}, not this file's ${tableName}`);
  });
  return tableName;
}

export type Snapshot = Map<string, string>;

/** Every item of a table, keyed by pk|sk, through a raw client (not the code under test). */
export async function snapshotTable(
  endpoint: string,
  tableName: string,
  keep: (item: Record<string, unknown>) => boolean = () => true,
): Promise<Snapshot> {
  const client = localDynamoClient(endpoint);
  const doc = DynamoDBDocumentClient.from(client);
  const out: Snapshot = new Map();
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        if (keep(item)) out.set(`${item.pk}|${item.sk}`, JSON.stringify(item));
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  return out;
}

/** Items added, removed or changed between two snapshots (at most `max` of them, for a readable failure). */
export function diffSnapshots(before: Snapshot, after: Snapshot, max = 10): string[] {
  const out: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) out.push(`added ${key}: ${value.slice(0, 200)}`);
    else if (before.get(key) !== value) out.push(`changed ${key}: ${value.slice(0, 200)}`);
  }
  for (const key of before.keys()) if (!after.has(key)) out.push(`removed ${key}`);
  return out.slice(0, max);
}
