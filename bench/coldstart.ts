// (f) Cold first request: for every deployed function, a fresh Node process (`--enable-source-maps`, as the
// functions run) imports the bundle as the CDK construct builds it and serves ONE event against the bench's
// DynamoDB Local and s3rver — an API Gateway HTTP API (payload 2.0) event with the JWT authorizer's claims
// for a representative request of the route group, an EventBridge scheduled event for the sweep, an S3
// ObjectCreated event for the upload verifier. Measured inside the child: from the start of the bundle's
// import to the handler's answer (Node's own start-up, the same for every child, is shown beside it:
// `performance.now()` at the answer, from the process's time origin). Against the same for a bundle that
// imports only @aws-sdk/client-dynamodb + lib-dynamodb and makes one consistent GetItem. Also the other
// layout: ONE function bundling every HTTP route group, serving each group's same request cold. Children run
// one at a time, all bundles and requests shuffled in every round, so that the machine's noise hits all
// alike.

import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionGroup } from '#functions/pipeline/route.ts';
import type { RouteDef } from '#functions/pipeline/route.ts';
import { ROUTES } from '#functions/routes.ts';
import { unitKey } from '#functions/store/keys.ts';
import { objectKeyOf } from '#functions/store/object-keys.ts';
import { httpApiEvent } from '../local/http-api-event.ts';
import { s3Event, scheduledEvent } from '../local/job-events.ts';
import { compileRoute } from '../local/server.ts';
import { SIDE_BUNDLES } from '../infra/bundling-options.ts';
import { bundle, deployedBytes, deployedFunctions } from './bundling.ts';
import { type ApiClient, kb, log, median, ms, ROOT, type Row, runNode, times } from './lib.ts';

export interface ColdStartOptions {
  workDir: string;
  api: ApiClient;
  token: (role: string, unitId?: string) => Promise<string>;
  /** The configuration the functions read at cold start (table, bucket, endpoints, credentials…). */
  env: Record<string, string>;
  rounds: number;
}

/** What the child prints: milliseconds from the import's start, and from the process's time origin. */
interface Probe {
  importMs: number;
  firstMs: number;
  sinceSpawnMs: number;
  status: number | string;
}

const PROBE = `
import { readFileSync } from 'node:fs';
const event = JSON.parse(readFileSync(process.env.EVENT_FILE, 'utf8'));
const t0 = performance.now();
const { handler } = await import(process.env.BUNDLE_URL);
const t1 = performance.now();
const context = { awsRequestId: 'cold', functionName: 'cold', getRemainingTimeInMillis: () => 10000 };
const answer = await handler(event, context);
const t2 = performance.now();
const status = answer && typeof answer === 'object' && 'statusCode' in answer ? answer.statusCode : 'event';
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t0, sinceSpawnMs: t2, status }), () => process.exit(0));
`;

interface Data {
  roundId: string;
  unitId: string;
  dossierId: string;
  nominationId: string;
}

interface Request {
  routeId: string;
  path: string;
  role?: string;
  unit?: boolean;
  body?: unknown;
}

/** A representative request of each route group: its main read where it has one (awards has only writes). */
const REQUESTS: Partial<Record<FunctionGroup, (d: Data) => Request>> = {
  meta: () => ({ routeId: 'health', path: '/health' }),
  units: (d) => ({ routeId: 'getUnit', path: `/units/${d.unitId}`, role: 'unit_officer', unit: true }),
  'index-results': () => ({ routeId: 'listIndexResults', path: '/index-results?year=2025', role: 'admin' }),
  rounds: (d) => ({ routeId: 'getRound', path: `/rounds/${d.roundId}`, role: 'unit_officer', unit: true }),
  appraisal: (d) => ({ routeId: 'roundSummary', path: `/rounds/${d.roundId}/summary`, role: 'appraiser' }),
  dossiers: (d) => ({
    routeId: 'getDossier',
    path: `/dossiers/${d.dossierId}`,
    role: 'unit_officer',
    unit: true,
  }),
  nominations: (d) => ({
    routeId: 'getNomination',
    path: `/nominations/${d.nominationId}`,
    role: 'unit_officer',
    unit: true,
  }),
  // An id no document has: the route reads its reference and answers 404 (no presigned URL is signed).
  documents: () => ({
    routeId: 'downloadDocument',
    path: `/documents/${randomUUID()}/download`,
    role: 'unit_officer',
    unit: true,
  }),
  'movement-reports': (d) => ({
    routeId: 'getMovementReport',
    path: `/units/${d.unitId}/movement-reports/2025`,
    role: 'unit_officer',
    unit: true,
  }),
  exports: (d) => ({
    routeId: 'nominationsCsv',
    path: `/rounds/${d.roundId}/nominations.csv`,
    role: 'appraiser',
  }),
  // A draft nomination is not grantable: the route reads the round and the nomination and refuses (409).
  awards: (d) => ({
    routeId: 'grantAwards',
    path: `/rounds/${d.roundId}/awards`,
    role: 'approver',
    body: { nominationIds: [d.nominationId], decisionNo: '1/QĐ-UBND', decisionDate: '2025-12-01' },
  }),
  audit: (d) => ({ routeId: 'listAudit', path: `/audit?entityId=${d.dossierId}`, role: 'admin' }),
  notifications: () => ({
    routeId: 'listNotifications',
    path: '/notifications',
    role: 'unit_officer',
    unit: true,
  }),
};

/** An API Gateway event for `request`, with the claims the JWT authorizer passes. */
function apiEvent(request: Request, unitId: string) {
  const route = ROUTES.find((r) => r.id === request.routeId) as RouteDef;
  const url = new URL(request.path, 'https://api.example');
  const { pattern, names } = compileRoute(route);
  const values = pattern.exec(url.pathname)?.slice(1) ?? [];
  const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  const headers: Record<string, string> = { 'accept-language': 'vi' };
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(body.length);
  }
  const claims = request.role
    ? {
        sub: `${request.role}-cold`,
        'cognito:groups': `[${request.role}]`,
        ...(request.unit ? { 'custom:unitId': unitId } : {}),
      }
    : undefined;
  if (claims) headers.authorization = 'Bearer (checked by the authorizer)';
  return httpApiEvent({
    method: route.method,
    routePath: route.path,
    url,
    pathParameters: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i] ?? '')])),
    headers,
    body,
    claims,
  });
}

/** One draft dossier with one nomination of a unit of the seed, in a round of its own. */
async function prepare(o: ColdStartOptions): Promise<Data> {
  const admin = await o.token('admin');
  const { practiceCampaign } = await import('../test/support/stored.ts');
  const roundId = `bench-f-${randomUUID().slice(0, 6)}`;
  const cell = { collective: 5, individual: 10 };
  await o.api.must(201, 'POST', '/rounds', admin, {
    roundId,
    campaignId: await practiceCampaign(),
    kind: 'annual',
    year: 2025,
    submissionDeadline: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    quotas: { province: cell, district: cell, commune: cell },
  });
  const units = (await o.api.must(200, 'GET', '/units?limit=100', admin)).items as {
    unitId: string;
    tier: string;
    parentUnitId?: string;
  }[];
  const unit = units.find((u) => !u.parentUnitId && u.tier === 'province');
  if (!unit) throw new Error('the seed has no province department');
  const officer = await o.token('unit_officer', unit.unitId);
  const d = await o.api.must(201, 'POST', '/dossiers', officer, { roundId, unitId: unit.unitId });
  const n = await o.api.must(201, 'POST', `/dossiers/${d.dossierId}/nominations`, officer, {
    nomineeType: 'individual',
    nominee: {
      unitId: unit.unitId,
      fullName: 'Nguyễn Văn Lạnh',
      dateOfBirth: '1980-03-15',
      gender: 'male',
      position: 'Chuyên viên chính',
      staffCategory: 'cong_chuc',
    },
    criteriaClaimed: ['AI1', 'AI3'],
    disciplineCompliance: true,
    achievementSummary: 'Tham mưu triển khai một cửa điện tử.',
    citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua',
  });
  // The unit's movement report of 2025 (R-REP-1), which the movement-reports function's request reads.
  const report = await o.api.call('PUT', `/units/${unit.unitId}/movement-reports/2025`, officer);
  if (report.status >= 300) throw new Error(`movement report: ${report.status} ${report.text.slice(0, 200)}`);
  return { roundId, unitId: unit.unitId, dossierId: d.dossierId, nominationId: n.nominationId };
}

interface Child {
  /** Row name. */
  name: string;
  file: string;
  eventFile: string;
  /** Statuses a correct answer may have. */
  expect: readonly (number | string)[];
}

export async function coldStarts(o: ColdStartOptions): Promise<Row[]> {
  const data = await prepare(o);
  const functions = deployedFunctions();
  const dir = join(o.workDir, 'cold');

  // The baseline: the DynamoDB clients as the functions create them, and one consistent GetItem.
  const baselineFile = await bundle(
    {
      code: [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
        'const endpoint = process.env.DYNAMODB_ENDPOINT;',
        'const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION, ...(endpoint ? { endpoint } : {}) }));',
        'export const handler = async (event) => {',
        '  const { Item } = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: event.key, ConsistentRead: true }));',
        '  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? null) };',
        '};',
      ].join('\n'),
      resolveDir: ROOT,
    },
    join(dir, 'baseline'),
  );
  const events = new Map<string, string>();
  const eventFile = async (name: string, event: unknown) => {
    const file = join(dir, `${name.replace(/\//g, '-')}.event.json`);
    await writeFile(file, JSON.stringify(event));
    events.set(name, file);
    return file;
  };
  const children: Child[] = [
    {
      name: 'baseline',
      file: baselineFile,
      eventFile: await eventFile('baseline', { key: unitKey(data.unitId) }),
      expect: [200],
    },
  ];
  const httpGroups: { group: FunctionGroup; entry: string; request: Request }[] = [];
  for (const f of functions) {
    let event: unknown;
    let expect: (number | string)[] = [200];
    if (f.name === 'jobs/sweep') {
      event = scheduledEvent(new Date());
      expect = ['event'];
    } else if (f.name === 'jobs/verify-upload') {
      // A key of the server's shape whose document is unknown: the verifier reads its reference and ignores it.
      event = s3Event(objectKeyOf({ ...data, documentId: randomUUID() }), o.env.BUCKET_NAME as string);
      expect = ['event'];
    } else if (f.name === 'jobs/mailer') {
      // A reminder for a unit without contact addresses: the mailer reads the round and the unit, and sends
      // nothing (no mail service is reached from the bench).
      event = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'SubmissionReminder',
        source: 'commendation.deadlines',
        account: '123456789012',
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: 'ap-southeast-1',
        resources: [],
        detail: {
          notificationId: `submission_reminder:${data.roundId}:so-kh-dt:7:${randomUUID()}`,
          kind: 'submission_reminder',
          roundId: data.roundId,
          unitId: 'so-kh-dt',
          dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          daysBefore: 7,
          createdAt: new Date().toISOString(),
          read: false,
        },
      };
      expect = ['event'];
    } else if (f.group) {
      const make = REQUESTS[f.group];
      if (!make) {
        log(`(f) ${f.name}: no representative request; left out`);
        continue;
      }
      const request = make(data);
      httpGroups.push({ group: f.group, entry: f.entry, request });
      event = apiEvent(request, data.unitId);
      expect = f.group === 'documents' ? [404] : f.group === 'awards' ? [409] : [200];
    } else continue;
    const file = await bundle(join(ROOT, f.entry), join(dir, f.name), f.sideBundles);
    children.push({ name: f.name, file, eventFile: await eventFile(f.name, event), expect });
  }

  // The other layout: one function for every HTTP route, dispatching on the event's routeKey.
  const single = httpGroups.map((g, i) => ({ ...g, alias: `h${i}` }));
  const singleSides = [...new Set(single.flatMap((g) => SIDE_BUNDLES[g.group] ?? []))];
  const routeKeys = ROUTES.filter((r) => !r.localOnly && single.some((g) => g.group === r.group));
  const singleFile = await bundle(
    {
      code: [
        ...single.map((g) => `import { handler as ${g.alias} } from ${JSON.stringify(join(ROOT, g.entry))};`),
        `const byRoute = new Map([${routeKeys
          .map(
            (r) =>
              `[${JSON.stringify(`${r.method} ${r.path}`)}, ${single.find((g) => g.group === r.group)?.alias}]`,
          )
          .join(', ')}]);`,
        'export const handler = (event, context) => byRoute.get(event.routeKey)(event, context);',
      ].join('\n'),
      resolveDir: ROOT,
    },
    join(dir, 'single'),
    singleSides,
  );
  const singleBytes = (await deployedBytes(singleFile, singleSides)).total;
  for (const g of single) {
    const own = children.find((c) => c.name === `http/${g.group}`) as Child;
    children.push({
      name: `single:${g.group}`,
      file: singleFile,
      eventFile: own.eventFile,
      expect: own.expect,
    });
  }

  const env = { ...o.env, LOG_LEVEL: 'ERROR' };
  const once = async (c: Child): Promise<Probe> => {
    const out = await runNode(['--enable-source-maps', '--input-type=module', '-e', PROBE], {
      ...env,
      BUNDLE_URL: pathToFileURL(c.file).href,
      EVENT_FILE: c.eventFile,
    });
    const probe = JSON.parse(out) as Probe;
    if (!c.expect.includes(probe.status))
      throw new Error(`(f) ${c.name}: answered ${probe.status}, expected ${c.expect.join(' or ')}`);
    return probe;
  };
  log(`(f) ${children.length} cold children a round, ${o.rounds} rounds`);
  const samples = new Map<string, Probe[]>(children.map((c) => [c.name, []]));
  for (let r = 0; r < o.rounds; r++) {
    for (const c of [...children].sort(() => Math.random() - 0.5)) samples.get(c.name)?.push(await once(c));
    log(`(f) round ${r + 1}/${o.rounds}`);
  }

  const stats = (name: string) => {
    const s = samples.get(name) ?? [];
    return {
      first: median(s.map((p) => p.firstMs)),
      import: median(s.map((p) => p.importMs)),
      spawn: median(s.map((p) => p.sinceSpawnMs)),
    };
  };
  const base = stats('baseline');
  const rows: Row[] = [
    {
      part: '(f)',
      what: 'baseline: DynamoDB clients + 1 GetItem',
      value: `${ms(base.first)} (import ${ms(base.import)}; ${ms(base.spawn)} from spawn)`,
      target: '(reference)',
    },
  ];
  for (const c of children) {
    if (c.name === 'baseline' || c.name.startsWith('single:')) continue;
    const s = stats(c.name);
    rows.push({
      part: '(f)',
      what: `cold first request ${c.name}`,
      value: `${ms(s.first)} (import ${ms(s.import)}; ${ms(s.spawn)} from spawn)`,
      baseline: `${ms(base.first)}`,
      ratio: times(s.first / base.first),
      target: '≤ 1.5×',
      ok: s.first / base.first <= 1.5,
    });
  }
  // The two layouts over the same requests: every sample of every HTTP group's request, median.
  const pooled = (prefix: string) =>
    median(single.flatMap((g) => (samples.get(`${prefix}${g.group}`) ?? []).map((p) => p.firstMs)));
  const perGroup = pooled('http/');
  const oneFunction = pooled('single:');
  rows.push(
    {
      part: '(f)',
      what: `per-group layout: ${single.length} requests pooled`,
      value: ms(perGroup),
      baseline: ms(base.first),
      ratio: times(perGroup / base.first),
      target: '(compared)',
    },
    {
      part: '(f)',
      what: `one function for all routes: the same pooled`,
      value: `${ms(oneFunction)} (${kb(singleBytes)})`,
      baseline: ms(base.first),
      ratio: times(oneFunction / base.first),
      target: '(compared)',
    },
  );
  for (const g of single) {
    const s = stats(`single:${g.group}`);
    const own = stats(`http/${g.group}`);
    rows.push({
      part: '(f)',
      what: `one function for all routes: ${g.request.routeId}`,
      value: `${ms(s.first)} (import ${ms(s.import)}); per-group ${ms(own.first)}`,
      baseline: `${ms(base.first)}`,
      ratio: times(s.first / base.first),
      target: '(compared)',
    });
  }
  return rows;
}
