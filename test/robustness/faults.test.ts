// SPEC §10 under faults: the store going away mid-flight, transaction conflicts, a sweep killed half-way.
//
// - A DynamoDB Local of this file's own (on disk in a temporary directory, so data survives its restart)
//   serves an API server in a child process (test/robustness/fault-server.ts, its own environment). The
//   store is killed by PID while requests are in flight: every answer is a 2xx, a clean 4xx or a 503
//   problem, never a 500 or a stack trace; after a restart nothing is half-written.
// - DynamoDB Local never reports TransactionConflict (it runs transactions one at a time), so conflicts are
//   injected by a proxy in front of the shared DynamoDB Local (test/robustness/dynamo-proxy.ts), for an API
//   server in this process: every transaction is refused twice, retried, and applied once.
// - The sweep runs in a child process that is killed by PID half-way, then run again.

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '#domain/types.ts';
import {
  addresseeId,
  auditByEntity,
  dossierKey,
  dossiersByRound,
  dossiersByUnit,
  type Key,
  nominationsByDossier,
  nomineeLockKey,
  nomineeLocksByRound,
  notificationById,
  notificationOutbox,
  refById,
  unitDossierLockKey,
} from '#functions/store/keys.ts';
import type { LocalServer } from '../../local/server.ts';
import { freePort, localDynamoClient, type RunningStore, startDynamo } from '../../local/stores.ts';
import { type DynamoProxy, type Fault, startDynamoProxy } from './dynamo-proxy.ts';
import { Api, type RawResponse, sendJson } from '../support/client.ts';
import { createOpenRound, individual, nominationBody } from '../support/fixtures.ts';
import { problemFailure } from '../support/problems.ts';
import { snapshotTable } from '../support/tables.ts';
import { type Child, spawnTsx } from '../support/processes.ts';

const FAULT_TABLE = 'commendation-faults';
/** The campaign the child server adds to its table (test/robustness/fault-server.ts). */
const FAULT_SERVER_CAMPAIGN = 'faults-practice';

type Row = Record<string, any>;
/** Whether a raw item is the one stored under this key. */
const isAt = (i: Row, key: Key) => i.pk === key.pk && i.sk === key.sk;
/** The id a raw item is the id reference of; undefined for any other item. */
const refOf = (i: Row) => (typeof i.pk === 'string' ? refById.pk.parse(i.pk)?.id : undefined);
const OWNER = 'so-tu-phap';

// What the tests wait for, and so their timeouts: each covers every wait of its test, with room to spare
// for the requests in between.
/** DynamoDB Local answering after a (re)start. */
const STORE_START_MS = 60_000;
/** The API server's child process: its table created and seeded, then listening. */
const SERVER_START_MS = 90_000;
/** One run of the sweep in its child process, to its report. */
const SWEEP_RUN_MS = 120_000;
/** Requests, writes and reads around the waits above. */
const SLACK_MS = 60_000;

let dir = '';
let dynamoPort = 0;
let dynamo: RunningStore | undefined;
let server: Child | undefined;
let base = '';

const QUOTAS = {
  province: { collective: 1, individual: 1 },
  district: { collective: 1, individual: 1 },
  commune: { collective: 1, individual: 1 },
};

const tokenOf = (url: string, role: Role, unitId?: string) => new Api(url).token(role, unitId);

/**
 * An open round of its own whose quota cells hold one award each, in the given campaign (which the
 * server's table must hold: R-ROUND-2 gives a campaign one annual round a year); its id.
 */
const createRound = async (url: string, admin: string, days: number, campaignId: string) =>
  (await createOpenRound(new Api(url), admin, { days, quotas: QUOTAS, campaignId })).roundId;

/**
 * A campaign of its own in the shared table, written through this process's store modules — loaded here,
 * when first needed, so that they read the configuration the test in progress has set.
 */
const sharedTableCampaign = async () => (await import('../support/stored.ts')).practiceCampaign();

/**
 * Tokens of an admin and of OWNER's officer, a round open for 30 days (in `campaignId`) and OWNER's draft
 * dossier in it.
 */
async function openDossier(url: string, campaignId: string) {
  const admin = await tokenOf(url, 'admin');
  const owner = await tokenOf(url, 'unit_officer', OWNER);
  const roundId = await createRound(url, admin, 30, campaignId);
  const dossier = await sendJson(url, 'POST', '/dossiers', {
    token: owner,
    body: { roundId, unitId: OWNER },
  });
  expect(dossier.status, dossier.text).toBe(201);
  return { admin, owner, roundId, dossierId: dossier.json.dossierId as string };
}

/** A nomination of one of OWNER's staff. */
const staffNomination = (fullName: string) =>
  nominationBody(individual(OWNER, { fullName, dateOfBirth: '1984-05-06', gender: 'female' }), {
    criteriaClaimed: ['AI3'],
    citationText: 'Đã có thành tích xuất sắc',
  });

const childEnv = (endpoint: string): Record<string, string> => ({
  TABLE_NAME: FAULT_TABLE,
  BUCKET_NAME: 'commendation-faults-docs',
  DYNAMODB_ENDPOINT: endpoint,
  S3_ENDPOINT: inject('s3Endpoint'),
  STAGE: 'test',
  LOG_LEVEL: 'ERROR',
  LOCAL_EVENTS_FILE: join(dir, 'events.jsonl'),
});

/**
 * On disk (so the data outlives a restart), in memory-backed /dev/shm where there is one; the JIT limited
 * to its first tier, which starts the JVM three times faster on a busy 2-core machine.
 */
const storeOptions = () => ({
  port: dynamoPort,
  dbPath: join(dir, 'dynamodb'),
  jvmOptions: '-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1',
  readyTimeoutMs: STORE_START_MS,
});

beforeAll(
  async () => {
    dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'commendation-faults-'));
    dynamoPort = await freePort();
    dynamo = await startDynamo(storeOptions());
    server = spawnTsx('test/robustness/fault-server.ts', [], childEnv(dynamo.endpoint));
    const ready = await server.waitFor(/^FAULT_SERVER_READY (\d+)$/, SERVER_START_MS);
    base = `http://127.0.0.1:${ready[1]}`;
  },
  STORE_START_MS + SERVER_START_MS + SLACK_MS,
);

afterAll(async () => {
  await server?.kill();
  await dynamo?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  op: string;
  /** Sent after the store was seen dead. */
  afterDeath: boolean;
  res: RawResponse;
  id?: string | undefined;
}

describe('the store killed mid-flight', { timeout: STORE_START_MS + SLACK_MS }, () => {
  it('answers 503 problems (never a 500 or a stack trace) and leaves nothing half-written', async () => {
    const { admin, owner, roundId, dossierId } = await openDossier(base, FAULT_SERVER_CAMPAIGN);
    const known = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      const n = await sendJson(base, 'POST', `/dossiers/${dossierId}/nominations`, {
        token: owner,
        body: staffNomination(`Người thứ ${i} ${randomUUID().slice(0, 6)}`),
      });
      expect(n.status, n.text).toBe(201);
      known.set(n.json.nominationId, n.json.version);
    }

    // Six clients read and write the dossier without pause; after 30 answers the store is killed, and the
    // clients go on until 40 more answers have come back.
    const outcomes: Outcome[] = [];
    let dead = false;
    let stop = false;
    let counter = 0;
    const one = async (): Promise<Outcome> => {
      const i = counter++;
      const afterDeath = dead;
      const ids = [...known.keys()];
      const pick = ids[i % ids.length] as string;
      switch (i % 6) {
        case 0: {
          const res = await sendJson(base, 'POST', `/dossiers/${dossierId}/nominations`, {
            token: owner,
            body: staffNomination(`Cán bộ ${i} ${randomUUID().slice(0, 6)}`),
          });
          if (res.status === 201) known.set(res.json.nominationId, res.json.version);
          return { op: 'create', afterDeath, res, id: res.json?.nominationId };
        }
        case 1: {
          const res = await sendJson(base, 'PATCH', `/nominations/${pick}`, {
            token: owner,
            headers: { 'if-match': String(known.get(pick)) },
            body: { citationText: `Sửa lần ${i}` },
          });
          if (res.status === 200) known.set(pick, res.json.version);
          return { op: 'patch', afterDeath, res, id: pick };
        }
        case 2:
          return {
            op: 'getDossier',
            afterDeath,
            res: await sendJson(base, 'GET', `/dossiers/${dossierId}`, { token: owner }),
          };
        case 3:
          return {
            op: 'getNomination',
            afterDeath,
            res: await sendJson(base, 'GET', `/nominations/${pick}`, { token: owner }),
          };
        case 4:
          return {
            op: 'listDossiers',
            afterDeath,
            res: await sendJson(base, 'GET', `/dossiers?roundId=${roundId}`, { token: owner }),
          };
        default:
          return {
            op: 'getUnit',
            afterDeath,
            res: await sendJson(base, 'GET', `/units/${OWNER}`, { token: admin }),
          };
      }
    };
    const worker = async () => {
      while (!stop) outcomes.push(await one());
    };
    const workers = Array.from({ length: 6 }, worker);
    while (outcomes.length < 30) await new Promise((r) => setTimeout(r, 5));
    const store = dynamo as RunningStore;
    // Counted before the kill: every worker has a request in flight at this instant, answered after it.
    const atDeath = outcomes.length;
    process.kill(store.pid, 'SIGKILL');
    await store.stop();
    dead = true;
    while (outcomes.filter((o) => o.afterDeath).length < 40) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await Promise.all(workers);

    for (const o of outcomes) {
      const why = problemFailure(o.res, true);
      expect(why, `${o.op}: ${why}`).toBeUndefined();
    }
    const afterDeath = outcomes.filter((o) => o.afterDeath);
    for (const o of afterDeath) {
      expect(o.res.status, `${o.op} after the store died: ${o.res.text}`).toBe(503);
      expect(o.res.json.code).toBe('SERVICE_UNAVAILABLE');
      expect(o.res.headers['retry-after']).toBeDefined();
    }
    // Some answers were on their way when the store died (sent before, answered after).
    expect(outcomes.slice(atDeath).some((o) => !o.afterDeath)).toBe(true);

    // The same store, restarted on its files.
    dynamo = await startDynamo(storeOptions());
    let back: RawResponse | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      back = await sendJson(base, 'GET', `/dossiers/${dossierId}`, { token: owner });
      if (back.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(back?.status, back?.text).toBe(200);

    // No partial state: each nomination has its id reference, its nominee locks and one audit record per
    // version; each lock and reference points at a nomination; the dossier moved once per nomination change.
    const items = [...(await snapshotTable(dynamo.endpoint, FAULT_TABLE)).values()].map(
      (v) => JSON.parse(v) as Record<string, any>,
    );
    const dossierPk = dossierKey(dossierId).pk;
    const nominations = items.filter((i) => i.pk === dossierPk && nominationsByDossier.holds(i));
    const byId = new Map(nominations.map((n) => [n.nominationId as string, n]));
    const audits = (id: string) => items.filter((i) => i.pk === auditByEntity.partition({ entityId: id }).pk);
    let changes = 0;
    for (const n of nominations) {
      expect(items.some((i) => refOf(i) === n.nominationId && i.dossierId === dossierId)).toBe(true);
      expect(n.nomineeKeys.length).toBeGreaterThan(0);
      for (const key of n.nomineeKeys as string[])
        expect(
          items.some((i) => isAt(i, nomineeLockKey(roundId, key)) && i.nominationId === n.nominationId),
        ).toBe(true);
      expect(audits(n.nominationId).length, `audit records of ${n.nominationId}`).toBe(n.version);
      changes += n.version;
    }
    const roundPk = nomineeLocksByRound.partition({ roundId }).pk;
    for (const lock of items.filter((i) => i.pk === roundPk && nomineeLocksByRound.holds(i)))
      expect(byId.has(lock.nominationId)).toBe(true);
    for (const ref of items.filter((i) => refOf(i) !== undefined && i.dossierId === dossierId))
      expect(byId.has(refOf(ref) as string)).toBe(true);
    const head = items.find((i) => isAt(i, dossierKey(dossierId)));
    expect(head?.version).toBe(1 + changes);
    // Every creation the client was told about is there.
    for (const o of outcomes.filter((x) => x.op === 'create' && x.res.status === 201))
      expect(byId.has(o.id as string)).toBe(true);
  });
});

describe('the sweep killed half-way', { timeout: 3 * SWEEP_RUN_MS + SLACK_MS }, () => {
  it('and run again completes once: each dossier expired once, each notice stored once', async () => {
    const admin = await tokenOf(base, 'admin');
    // The child server's campaign, another year than the first test's round (R-ROUND-2).
    const round = await createOpenRound(new Api(base), admin, {
      days: 20,
      quotas: QUOTAS,
      campaignId: FAULT_SERVER_CAMPAIGN,
      year: 2026,
    });
    const roundId = round.roundId;
    const deadline = new Date(round.submissionDeadline);
    // 300 draft dossiers of 300 units, written straight to the table (the API would take minutes).
    const count = 300;
    const client = localDynamoClient((dynamo as RunningStore).endpoint);
    const doc = DynamoDBDocumentClient.from(client);
    const at = new Date(deadline.getTime() + 3_600_000).toISOString();
    const created = new Date().toISOString();
    const dossiers = Array.from({ length: count }, (_, i) => ({
      dossierId: randomUUID(),
      roundId,
      unitId: `sweep-unit-${String(i).padStart(3, '0')}`,
      status: 'draft',
      version: 1,
      createdAt: created,
      updatedAt: created,
    }));
    const items = dossiers.flatMap((d) => [
      {
        ...dossierKey(d.dossierId),
        ...dossiersByUnit.keys(d),
        ...dossiersByRound.keys(d),
        entity: 'dossier',
        ...d,
      },
      { ...unitDossierLockKey(roundId, d.unitId), entity: 'lock', dossierId: d.dossierId },
    ]);
    for (let i = 0; i < items.length; i += 25) {
      let batch: Record<string, unknown>[] = items.slice(i, i + 25);
      while (batch.length > 0) {
        const out = await doc.send(
          new BatchWriteCommand({
            RequestItems: { [FAULT_TABLE]: batch.map((Item) => ({ PutRequest: { Item } })) },
          }),
        );
        batch = (out.UnprocessedItems?.[FAULT_TABLE] ?? []).map(
          (r) => r.PutRequest?.Item as Record<string, unknown>,
        );
      }
    }
    const expiredCount = async () => {
      const expired = dossiersByRound.query({ roundId, status: 'expired' });
      const out = await doc.send(
        new QueryCommand({
          TableName: FAULT_TABLE,
          IndexName: expired.index,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :s)',
          ExpressionAttributeNames: {
            '#pk': dossiersByRound.attributes.pk,
            '#sk': dossiersByRound.attributes.sk,
          },
          ExpressionAttributeValues: { ':pk': expired.pk, ':s': expired.skPrefix },
          Select: 'COUNT',
        }),
      );
      return out.Count ?? 0;
    };

    try {
      // First run: killed by PID as soon as its first expiry is visible.
      const env = childEnv((dynamo as RunningStore).endpoint);
      const first = spawnTsx('test/robustness/sweep-runner.ts', [at, roundId], env);
      let seen = 0;
      const giveUpAt = Date.now() + SWEEP_RUN_MS;
      while (seen === 0 && Date.now() < giveUpAt) {
        const exited = await Promise.race([
          first.exited.then(() => true),
          new Promise((r) => setTimeout(() => r(false), 10)),
        ]);
        seen = await expiredCount();
        if (exited) break;
      }
      await first.kill('SIGKILL');
      const doneAtKill = await expiredCount();
      expect(
        doneAtKill,
        `the first run was not stopped half-way:\n${first.lines.slice(-10).join('\n')}`,
      ).toBeGreaterThan(0);
      expect(doneAtKill).toBeLessThan(count);

      // Second run, to the end.
      const second = spawnTsx('test/robustness/sweep-runner.ts', [at, roundId], env);
      const report = JSON.parse((await second.waitFor(/^SWEEP_REPORT (.*)$/, SWEEP_RUN_MS))[1] as string);
      await second.exited;
      // Writes the first run had sent before it died may still land after the count above.
      expect(report.expiredDossierIds.length).toBeLessThanOrEqual(count - doneAtKill);
      expect(new Set(report.expiredDossierIds).size).toBe(report.expiredDossierIds.length);
      expect(report.events.failed).toBe(0);

      // Third run at the same instant: nothing left to do.
      const third = spawnTsx('test/robustness/sweep-runner.ts', [at, roundId], env);
      const again = JSON.parse((await third.waitFor(/^SWEEP_REPORT (.*)$/, SWEEP_RUN_MS))[1] as string);
      await third.exited;
      expect(again.expiredDossierIds).toEqual([]);
      expect(Object.values(again.created as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);

      const all = [...(await snapshotTable((dynamo as RunningStore).endpoint, FAULT_TABLE)).values()].map(
        (v) => JSON.parse(v) as Record<string, any>,
      );
      for (const d of dossiers) {
        const head = all.find((i) => isAt(i, dossierKey(d.dossierId)));
        expect(head?.status).toBe('expired');
        expect(head?.version).toBe(2);
        const audit = auditByEntity.partition({ entityId: d.dossierId }).pk;
        expect(all.filter((i) => i.pk === audit && i.action === 'expire')).toHaveLength(1);
        const inbox = notificationById.partition({ addressee: addresseeId({ unitId: d.unitId }) }).pk;
        const notices = all.filter(
          (i) => i.pk === inbox && i.roundId === roundId && i.kind === 'dossier_expired',
        );
        expect(notices, d.unitId).toHaveLength(1);
      }
      // Nothing waits in the outbox, and every notice went out (at least once: consumers deduplicate).
      const notices = all.filter((i) => i.entity === 'notification' && i.roundId === roundId);
      expect(notices.filter((n) => n[notificationOutbox.attributes.pk] !== undefined)).toEqual([]);
      const events = (await readFile(join(dir, 'events.jsonl'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).detail.notificationId as string);
      for (const n of notices) expect(events).toContain(n.notificationId);
    } finally {
      client.destroy();
    }
  });
});

describe('transaction conflicts and lost answers', () => {
  let proxy: DynamoProxy;
  let local: LocalServer;
  let url = '';
  let policy: (operation: string, seenBefore: number) => Fault = () => 'pass';
  const previous = { endpoint: process.env.DYNAMODB_ENDPOINT, logLevel: process.env.LOG_LEVEL };

  beforeAll(async () => {
    proxy = await startDynamoProxy(inject('dynamoEndpoint'), (operation, seenBefore) =>
      policy(operation, seenBefore),
    );
    // The handlers of this process read their configuration at first import, which is below.
    process.env.DYNAMODB_ENDPOINT = proxy.url;
    process.env.LOG_LEVEL = 'WARN';
    const { startLocalServer } = await import('../../local/server.ts');
    local = await startLocalServer({ port: 0 });
    url = local.url;
  });

  afterAll(async () => {
    await local?.close();
    await proxy?.close();
    process.env.DYNAMODB_ENDPOINT = previous.endpoint;
    if (previous.logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = previous.logLevel;
  });

  it('a conflict is retried and never applied twice: versions and audit records count the successes', async () => {
    // Every transaction is refused with TransactionConflict on its first two attempts.
    policy = (operation, seenBefore) =>
      operation === 'TransactWriteItems' && seenBefore < 2 ? 'conflict' : 'pass';
    const { admin, owner, dossierId } = await openDossier(url, await sharedTableCampaign());
    const first = await sendJson(url, 'POST', `/dossiers/${dossierId}/nominations`, {
      token: owner,
      body: staffNomination(`Người đầu ${randomUUID().slice(0, 6)}`),
    });
    expect(first.status, first.text).toBe(201);
    const target = first.json.nominationId as string;

    // At once: ten creations in the dossier, six edits of one nomination from the same version, and the
    // same creation sent twice with one Idempotency-Key.
    const key = randomUUID();
    const twin = staffNomination(`Người sinh đôi ${randomUUID().slice(0, 6)}`);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        sendJson(url, 'POST', `/dossiers/${dossierId}/nominations`, {
          token: owner,
          body: staffNomination(`Cán bộ ${i} ${randomUUID().slice(0, 6)}`),
        }).then((res) => ({ op: 'create', res })),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        sendJson(url, 'PATCH', `/nominations/${target}`, {
          token: owner,
          headers: { 'if-match': '"1"' },
          body: { citationText: `Bản sửa ${i}` },
        }).then((res) => ({ op: 'patch', res })),
      ),
      ...Array.from({ length: 2 }, () =>
        sendJson(url, 'POST', `/dossiers/${dossierId}/nominations`, {
          token: owner,
          headers: { 'idempotency-key': key },
          body: twin,
        }).then((res) => ({ op: 'twin', res })),
      ),
    ]);
    policy = () => 'pass';
    for (const r of results) expect(problemFailure(r.res), `${r.op}: ${r.res.text}`).toBeUndefined();
    const creates = results.filter((r) => r.op === 'create');
    const patches = results.filter((r) => r.op === 'patch');
    const twins = results.filter((r) => r.op === 'twin');
    expect(creates.map((r) => r.res.status)).toEqual(Array(10).fill(201));
    expect(patches.filter((r) => r.res.status === 200)).toHaveLength(1);
    expect(patches.filter((r) => r.res.status !== 200).map((r) => r.res.json.code)).toEqual(
      Array(5).fill('VERSION_CONFLICT'),
    );
    expect(twins.map((r) => r.res.status)).toEqual([201, 201]);
    expect(twins[0]?.res.json.nominationId).toBe(twins[1]?.res.json.nominationId);
    expect(proxy.stats.injected.get('conflict') ?? 0).toBeGreaterThanOrEqual(2 * 13);

    const read = await sendJson(url, 'GET', `/dossiers/${dossierId}`, { token: owner });
    expect(read.status).toBe(200);
    // One for the creation of the dossier, one per nomination created or edited.
    expect(read.json.version).toBe(1 + 1 + 10 + 1 + 1);
    expect(read.json.nominations).toHaveLength(12);
    const patched = read.json.nominations.find((n: { nominationId: string }) => n.nominationId === target);
    expect(patched.version).toBe(2);
    expect((await trail(url, admin, target)).sort()).toEqual(['create', 'update']);
    for (const n of read.json.nominations as { nominationId: string }[])
      if (n.nominationId !== target) expect(await trail(url, admin, n.nominationId)).toEqual(['create']);
    expect(await trail(url, admin, dossierId)).toEqual(['create']);
  });

  it('a commit whose answer is lost is answered with its success and stored once', async () => {
    policy = () => 'pass';
    const { admin, owner, dossierId } = await openDossier(url, await sharedTableCampaign());
    // The first answer to each transaction is lost after DynamoDB committed it (the SDK then retries).
    policy = (operation, seenBefore) =>
      operation === 'TransactWriteItems' && seenBefore === 0 ? 'drop-response' : 'pass';
    const created = await sendJson(url, 'POST', `/dossiers/${dossierId}/nominations`, {
      token: owner,
      body: staffNomination(`Người mất thư ${randomUUID().slice(0, 6)}`),
    });
    const edited = await sendJson(url, 'PATCH', `/dossiers/${dossierId}`, {
      token: owner,
      headers: { 'if-match': String(created.status === 201 ? 2 : 1) },
      body: { proposalNo: '7/TTr' },
    });
    policy = () => 'pass';
    // The SDK retries a dropped connection with the same ClientRequestToken, which DynamoDB (and DynamoDB
    // Local) answer from the first commit: the caller gets its success, and nothing is applied twice.
    expect(created.status, created.text).toBe(201);
    expect(edited.status, edited.text).toBe(200);
    expect(proxy.stats.injected.get('drop-response') ?? 0).toBeGreaterThanOrEqual(2);
    const read = await sendJson(url, 'GET', `/dossiers/${dossierId}`, { token: owner });
    expect(read.json.nominations).toHaveLength(1);
    expect(read.json.proposalNo).toBe('7/TTr');
    expect(read.json.version).toBe(3);
    expect(await trail(url, admin, read.json.nominations[0].nominationId)).toEqual(['create']);
    expect((await trail(url, admin, dossierId)).sort()).toEqual(['create', 'update']);
  });
});

async function trail(url: string, admin: string, entityId: string): Promise<string[]> {
  const res = await sendJson(url, 'GET', `/audit?entityId=${entityId}`, { token: admin });
  return (res.json.items as { action: string }[]).map((a) => a.action);
}
