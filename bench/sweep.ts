// (b) R-SWEEP-1 "its cost grows with the items that are due, not with all items stored": the sweep's time
// with 1 000 due items (draft dossiers whose deadline passed an hour ago: 1 000 expiries, each with its
// audit record and notification, published) in a table of about 1 000 items, and in a table that also
// holds 99 000 items that are not due: submitted dossiers of ten past rounds, draft dossiers of two rounds
// far ahead, and published notifications. Each measurement gets fresh due items; the two tables alternate,
// and the sweep runs in a fresh process timed around runSweep alone.

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../local/stores.ts';
import { eachLimit, log, median, ms, type Row, runTsx, times } from './lib.ts';

const SMALL = 'sweep-small';
const LARGE = 'sweep-large';
const DUE = 1000;
const DAY = 86_400_000;

export async function sweepCost(o: { endpoint: string; workDir: string; reps: number }): Promise<Row[]> {
  // Imported here: these modules read the configuration, which run.ts sets before calling.
  const { campaignCopy, PLAN_1109 } = await import('#domain/campaign.ts');
  const { campaignItem, roundItem } = await import('#functions/store/rounds.ts');
  const { dossierItem } = await import('#functions/store/dossiers.ts');
  const { notificationItem } = await import('#functions/store/notifications.ts');

  const client = localDynamoClient(o.endpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const write = async (table: string, items: Record<string, unknown>[]) => {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await eachLimit(batches, 16, async (batch) => {
      let pending = batch;
      while (pending.length > 0) {
        const out = await doc.send(
          new BatchWriteCommand({
            RequestItems: { [table]: pending.map((Item) => ({ PutRequest: { Item } })) },
          }),
        );
        pending = (out.UnprocessedItems?.[table] ?? []).map(
          (r) => r.PutRequest?.Item as Record<string, unknown>,
        );
      }
    });
  };
  const at = '2025-12-01T00:00:00.000Z';
  const quotas = {
    province: { collective: 2, individual: 4 },
    district: { collective: 2, individual: 4 },
    commune: { collective: 12, individual: 8 },
  };
  const round = (roundId: string, deadline: string) =>
    roundItem({
      roundId,
      campaignId: PLAN_1109.campaignId,
      kind: 'annual',
      year: new Date(deadline).getUTCFullYear(),
      submissionDeadline: deadline,
      quotas,
      // As POST /rounds writes a round: with the campaign it keeps (R-CAMP-2).
      campaign: campaignCopy({ ...PLAN_1109, version: 1 }),
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
  const dossiers = (roundId: string, count: number, status: 'draft' | 'submitted') =>
    Array.from({ length: count }, (_, i) =>
      dossierItem({
        dossierId: randomUUID(),
        roundId,
        unitId: `bench-unit-${String(i).padStart(5, '0')}`,
        status,
        ...(status === 'submitted' ? { submittedAt: at } : {}),
        version: status === 'submitted' ? 2 : 1,
        createdAt: at,
        updatedAt: at,
      }),
    );

  try {
    for (const table of [SMALL, LARGE]) {
      await ensureTable(o.endpoint, table);
      await write(table, [campaignItem({ ...PLAN_1109, version: 1, createdAt: at, updatedAt: at })]);
    }
    // The 99 000 items that are not due, in the large table only.
    const started = Date.now();
    const filler: Record<string, unknown>[] = [];
    for (let r = 0; r < 10; r++) {
      const roundId = `bench-past-${r}`;
      filler.push(round(roundId, new Date(Date.UTC(2015 + r, 11, 29, 17)).toISOString()));
      filler.push(...dossiers(roundId, 7000, 'submitted'));
    }
    for (let r = 0; r < 2; r++) {
      const roundId = `bench-future-${r}`;
      filler.push(round(roundId, new Date(Date.UTC(2031 + r, 11, 29, 17)).toISOString()));
      filler.push(...dossiers(roundId, 4500, 'draft'));
    }
    for (let i = 0; i < 20_000; i++) {
      const createdAt = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      filler.push(
        notificationItem({
          notificationId: `submission_reminder:bench-past-${i % 10}:bench-unit-${i % 5000}:${i}`,
          kind: 'submission_reminder',
          roundId: `bench-past-${i % 10}`,
          unitId: `bench-unit-${String(i % 5000).padStart(5, '0')}`,
          dueAt: createdAt,
          daysBefore: 7,
          message: { vi: 'Nhắc nộp hồ sơ', en: 'Submission reminder' },
          createdAt,
          read: i % 3 === 0,
          publishedAt: createdAt,
        }),
      );
    }
    await write(LARGE, filler);
    log(
      `(b) ${filler.length} items that are not due written in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const runs: Record<string, { ms: number; expired: number }[]> = { [SMALL]: [], [LARGE]: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      // Each repetition: a round whose deadline passed an hour before the sweep, 1 000 draft dossiers.
      const deadline = new Date(Date.UTC(2026, 2, 1) + rep * 30 * DAY);
      const sweepAt = new Date(deadline.getTime() + 3_600_000).toISOString();
      for (const table of rep % 2 === 0 ? [SMALL, LARGE] : [LARGE, SMALL]) {
        const roundId = `bench-due-${rep}-${randomUUID().slice(0, 4)}`;
        await write(table, [round(roundId, deadline.toISOString()), ...dossiers(roundId, DUE, 'draft')]);
        const out = await runTsx('bench/sweep-child.ts', [sweepAt], {
          TABLE_NAME: table,
          BUCKET_NAME: 'bench-unused',
          DYNAMODB_ENDPOINT: o.endpoint,
          STAGE: 'bench',
          LOG_LEVEL: 'ERROR',
          LOCAL_EVENTS_FILE: join(o.workDir, `events-${table}.jsonl`),
        });
        const result = JSON.parse(out.trim().split('\n').at(-1) as string) as { ms: number; expired: number };
        runs[table]?.push(result);
        log(`(b) ${table} repetition ${rep + 1}: ${result.expired} expired in ${ms(result.ms)}`);
      }
    }
    const small = median((runs[SMALL] ?? []).map((r) => r.ms));
    const large = median((runs[LARGE] ?? []).map((r) => r.ms));
    const allDone = [...(runs[SMALL] ?? []), ...(runs[LARGE] ?? [])].every((r) => r.expired === DUE);
    return [
      {
        part: '(b)',
        what: `sweep, ${DUE} due among ~1 000 stored`,
        value: ms(small),
        target: '(reference)',
        ok: allDone ? undefined : false,
      },
      {
        part: '(b)',
        what: `sweep, ${DUE} due among ~100 000 stored`,
        value: ms(large),
        baseline: ms(small),
        ratio: times(large / small),
        target: '≤ 1.5×',
        ok: allDone && large / small <= 1.5,
      },
    ];
  } finally {
    client.destroy();
  }
}
