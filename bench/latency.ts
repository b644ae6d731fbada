// (a) Latency of the main read and write routes through the local HTTP server, each against the raw
// DynamoDB Local call it is built on, from this same process: a consistent GetItem for the reads, and for
// the writes a TransactWriteItems of the same shape as a nomination's creation (one update and four
// conditional puts of nomination-sized items). Every route sample is followed at once by a baseline
// sample, in a shuffled route order, so that the machine's noise hits both alike.

import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { unitKey } from '#functions/store/keys.ts';
import { type ApiClient, eachLimit, log, median, ms, quantile, type Row, timed, times } from './lib.ts';

export interface LatencyOptions {
  api: ApiClient;
  dynamo: DynamoDBClient;
  tableName: string;
  token: (role: string, unitId?: string) => Promise<string>;
  samples: number;
}

const individual = (unitId: string, tag: string) => ({
  nomineeType: 'individual',
  nominee: {
    unitId,
    fullName: `Nguyễn Văn ${tag}`,
    dateOfBirth: '1980-03-15',
    gender: 'male',
    position: 'Chuyên viên chính',
    staffCategory: 'cong_chuc',
  },
  criteriaClaimed: ['AI1', 'AI3'],
  disciplineCompliance: true,
  achievementSummary:
    'Tham mưu triển khai một cửa điện tử; rút ngắn 30% thời gian giải quyết thủ tục hành chính.',
  citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua Đẩy mạnh cải cách hành chính năm 2025',
});

export async function latency(o: LatencyOptions): Promise<Row[]> {
  const { api } = o;
  const admin = await o.token('admin');
  const roundId = `bench-a-${randomUUID().slice(0, 6)}`;
  const cell = { collective: 5, individual: 10 };
  // A campaign of its own: Plan 1109 has its 2025 annual round already (R-ROUND-2).
  const { practiceCampaign } = await import('../test/support/stored.ts');
  await api.must(201, 'POST', '/rounds', admin, {
    roundId,
    campaignId: await practiceCampaign(),
    kind: 'annual',
    year: 2025,
    submissionDeadline: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    quotas: { province: cell, district: cell, commune: cell },
  });
  // Twenty proposing units (departments and districts), a draft dossier each with three nominations.
  const units = (await api.must(200, 'GET', '/units?limit=100', admin)).items as {
    unitId: string;
    tier: string;
    parentUnitId?: string;
  }[];
  const proposing = units.filter((u) => !u.parentUnitId && u.tier !== 'commune').slice(0, 20);
  const owners = new Map<string, string>();
  for (const u of proposing) owners.set(u.unitId, await o.token('unit_officer', u.unitId));
  const dossiers: { dossierId: string; unitId: string }[] = [];
  const nominations: { nominationId: string; unitId: string; version: number }[] = [];
  await eachLimit(proposing, 4, async (u) => {
    const token = owners.get(u.unitId) as string;
    const d = await api.must(201, 'POST', '/dossiers', token, { roundId, unitId: u.unitId });
    dossiers.push({ dossierId: d.dossierId, unitId: u.unitId });
    for (let i = 0; i < 3; i++) {
      const n = await api.must(
        201,
        'POST',
        `/dossiers/${d.dossierId}/nominations`,
        token,
        individual(u.unitId, `${u.unitId} ${i}`),
      );
      nominations.push({ nominationId: n.nominationId, unitId: u.unitId, version: n.version });
    }
  });

  const payload = 'x'.repeat(1200);
  const unit = unitKey(proposing[0]?.unitId ?? '');
  const rawGet = () =>
    o.dynamo.send(
      new GetItemCommand({
        TableName: o.tableName,
        Key: { pk: { S: unit.pk }, sk: { S: unit.sk } },
        ConsistentRead: true,
      }),
    );
  const rawTransact = () => {
    const id = randomUUID();
    const put = (pk: string) => ({
      Put: {
        TableName: o.tableName,
        Item: {
          pk: { S: pk },
          sk: { S: 'BENCH' },
          payload: { S: payload },
          at: { S: new Date().toISOString() },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    return o.dynamo.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: o.tableName,
              Key: { pk: { S: 'BENCHCOUNTER' }, sk: { S: 'BENCH' } },
              UpdateExpression: 'ADD #v :one',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':one': { N: '1' } },
            },
          },
          put(`BENCH#${id}#1`),
          put(`BENCH#${id}#2`),
          put(`BENCH#${id}#3`),
          put(`BENCH#${id}#4`),
        ],
      }),
    );
  };

  let k = 0;
  const pickOf = <T>(list: readonly T[]) => list[k++ % list.length] as T;
  const check = (what: string, expected: number) => (res: { status: number; text: string }) => {
    if (res.status !== expected) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
  };
  const routes = [
    {
      name: 'GET /units/{unitId}',
      kind: 'read' as const,
      run: async () =>
        check('getUnit', 200)(await api.call('GET', `/units/${pickOf(proposing).unitId}`, admin)),
    },
    {
      name: 'GET /dossiers/{dossierId}',
      kind: 'read' as const,
      run: async () => {
        const d = pickOf(dossiers);
        check('getDossier', 200)(await api.call('GET', `/dossiers/${d.dossierId}`, owners.get(d.unitId)));
      },
    },
    {
      name: 'GET /nominations/{nominationId}',
      kind: 'read' as const,
      run: async () => {
        const n = pickOf(nominations);
        check(
          'getNomination',
          200,
        )(await api.call('GET', `/nominations/${n.nominationId}`, owners.get(n.unitId)));
      },
    },
    {
      name: 'POST /dossiers/{id}/nominations',
      kind: 'write' as const,
      run: async () => {
        const d = pickOf(dossiers);
        const body = individual(d.unitId, randomUUID().slice(0, 8));
        check(
          'createNomination',
          201,
        )(await api.call('POST', `/dossiers/${d.dossierId}/nominations`, owners.get(d.unitId), body));
      },
    },
    {
      name: 'PATCH /nominations/{nominationId}',
      kind: 'write' as const,
      run: async () => {
        const n = pickOf(nominations);
        const res = await api.call(
          'PATCH',
          `/nominations/${n.nominationId}`,
          owners.get(n.unitId),
          { citationText: `Sửa ${k}` },
          {
            'if-match': `"${n.version}"`,
          },
        );
        check('patchNomination', 200)(res);
        n.version = res.json.version;
      },
    },
  ];

  // Warm-up: handler modules loaded, connections open, the JIT past its first tier.
  for (let i = 0; i < 15; i++) for (const r of routes) await r.run();
  for (let i = 0; i < 15; i++) {
    await rawGet();
    await rawTransact();
  }

  const samples = new Map(routes.map((r) => [r.name, { route: [] as number[], raw: [] as number[] }]));
  for (let i = 0; i < o.samples; i++) {
    const order = [...routes].sort(() => Math.random() - 0.5);
    for (const r of order) {
      const s = samples.get(r.name) as { route: number[]; raw: number[] };
      s.route.push((await timed(r.run)).ms);
      s.raw.push((await timed<unknown>(r.kind === 'read' ? rawGet : rawTransact)).ms);
    }
    if ((i + 1) % 50 === 0) log(`(a) ${i + 1}/${o.samples} rounds of samples`);
  }

  const rows: Row[] = [];
  for (const r of routes) {
    const s = samples.get(r.name) as { route: number[]; raw: number[] };
    const baseline = r.kind === 'read' ? 'GetItem' : 'TransactWrite×5';
    const m = median(s.route) / median(s.raw);
    // SPEC §10 (edition 2): reads ≤ 3× one GetItem, writes ≤ 2.5× their equivalent transaction.
    const target = r.kind === 'read' ? 3 : 2.5;
    rows.push({
      part: '(a)',
      what: `${r.name} median`,
      value: ms(median(s.route)),
      baseline: `${ms(median(s.raw))} ${baseline}`,
      ratio: times(m),
      target: `≤ ${target}×`,
      ok: m <= target,
    });
    rows.push({
      part: '(a)',
      what: `${r.name} p99`,
      value: ms(quantile(s.route, 0.99)),
      baseline: `${ms(quantile(s.raw, 0.99))} ${baseline}`,
      ratio: times(quantile(s.route, 0.99) / quantile(s.raw, 0.99)),
      target: '(shown)',
    });
  }
  return rows;
}
