// SPEC §10 under bad input: every route of the table (except the local-only ones) is fuzzed with wrong
// types, huge and special numbers, long and non-UTF-8 strings, prototype-pollution keys, deep nesting,
// odd content types and junk headers and path parameters. Properties: never a 5xx, every 4xx a
// problem+json with a code (and the field paths of a validation failure), nothing stored, and
// Object.prototype untouched.
//
// The fuzz runs against a table of its own (created and seeded here in the shared DynamoDB Local), so the
// "nothing stored" check is a whole-table snapshot that other test files cannot disturb. Every request
// that could change something carries at least one defect that the route must refuse (a local model of the
// route's checks decides; a request the model cannot show to be refused gets one more defect).
// Reproduce a failure with FUZZ_SEED=<seed printed in the failure> (and FUZZ_RUNS to change the budget).

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '#domain/types.ts';
import type { RouteDef } from '#functions/pipeline/route.ts';
import {
  bodyKindOf,
  bodyLimitOf,
  isImportMediaType,
  isIdempotencyKey,
  isJsonMediaType,
  mediaTypeOf,
  parseIfMatch,
} from '#functions/pipeline/handler.ts';
import { ROUTES } from '#functions/routes.ts';
import {
  addresseeId,
  auditByEntity,
  dossiersByRound,
  dossiersByUnit,
  indexResultKey,
  indexResultsByYear,
  notificationsByAddressee,
  roundKey,
  roundList,
  unitKey,
  unitsByTier,
} from '#functions/store/keys.ts';
import { compileRoute, type LocalServer } from '../../local/server.ts';
import { type RawResponse, send, sendJson } from '../support/client.ts';
import { problemFailure } from '../support/problems.ts';
import { createSeededTable, diffSnapshots, type Snapshot, snapshotTable } from '../support/tables.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 1109_2021);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** A route's test sends RUNS requests (and its explicit cases): its time follows, ~10× a request's ~10 ms. */
const ROUTE_TIMEOUT_MS = 30_000 + RUNS * 100;
const TABLE = `fuzz-${randomUUID().slice(0, 8)}`;

// The handlers read their configuration when first imported (by the server, in beforeAll): this file's
// table, and only warnings in the log (thousands of refusals would otherwise flood the output).
const previousLogLevel = process.env.LOG_LEVEL;
process.env.TABLE_NAME = TABLE;
process.env.LOG_LEVEL = 'WARN';

const OWNER = 'so-tu-phap';
const OTHER = 'so-y-te';
const DISTRICT = 'h-moc-chau';

interface Fixture {
  roundId: string;
  dossierId: string;
  dossierVersion: number;
  nominationId: string;
  nominationVersion: number;
  documentId: string;
  /** OWNER's movement report of REPORT_YEAR (R-REP-1), opened as a draft. */
  reportVersion: number;
}

const REPORT_YEAR = 2025;

type Principal = 'public' | 'admin' | 'appraiser' | 'approver' | 'owner' | 'other' | 'district';

let server: LocalServer;
let base = '';
let fixture: Fixture;
const tokens = new Map<Principal, string>();
/** Ids that name stored objects: a request naming anything else ends in a 404 before any write. */
const existing = new Set<string>();
let before: Snapshot;
const dynamoEndpoint = inject('dynamoEndpoint');
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

// ---------------------------------------------------------------------------------------------------------
// The request model

interface Spec {
  /** Raw (already encoded) path segments by parameter name. */
  params: Record<string, string>;
  /** Raw query string, without '?'. */
  query: string;
  auth: { kind: 'token'; who: Principal } | { kind: 'junk'; value: string } | { kind: 'none' };
  headers: Record<string, string>;
  body?: { label: string; bytes: Buffer } | undefined;
}

const pathOf = (route: RouteDef, spec: Spec) =>
  route.path.replace(/\{([^}]+)\}/g, (_, name: string) => spec.params[name] ?? 'x');

const headersOf = (spec: Spec): Record<string, string> => {
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.auth.kind === 'token') {
    const token = tokens.get(spec.auth.who);
    if (token) headers.authorization = `Bearer ${token}`;
  } else if (spec.auth.kind === 'junk') headers.authorization = spec.auth.value;
  return headers;
};

/** Answers by route and status/code, printed with FUZZ_STATS=1 to see how deep the inputs reach. */
const stats = new Map<string, Map<string, number>>();

const call = async (route: RouteDef, spec: Spec): Promise<RawResponse> => {
  const query = spec.query ? `?${spec.query}` : '';
  const res = await send(base, {
    method: route.method,
    path: `${pathOf(route, spec)}${query}`,
    headers: headersOf(spec),
    body: spec.body?.bytes,
  });
  const key = `${route.method} ${route.path}`;
  const counts = stats.get(key) ?? new Map<string, number>();
  const label = `${res.status}${res.json?.code ? ` ${res.json.code}` : ''}`;
  counts.set(label, (counts.get(label) ?? 0) + 1);
  stats.set(key, counts);
  return res;
};

const roleOf = (who: Principal): Role | undefined =>
  who === 'owner' || who === 'other' || who === 'district'
    ? 'unit_officer'
    : who === 'public'
      ? undefined
      : who;

const safeDecode = (raw: string) => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/**
 * A conservative model of the checks every route makes before it writes: true only when the request is
 * certain to be refused (no route, no auth, a schema failure, a stale If-Match, a bad Idempotency-Key, an
 * object that does not exist). False means "might be accepted".
 */
function surelyRefused(route: RouteDef, spec: Spec): boolean {
  if (route.method === 'GET') return true;
  if (route.auth !== 'public') {
    if (spec.auth.kind !== 'token') return true;
    const role = roleOf(spec.auth.who);
    if (!role || !route.auth.includes(role)) return true;
  }
  const url = new URL(`${pathOf(route, spec)}${spec.query ? `?${spec.query}` : ''}`, 'http://localhost');
  let path = url.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const { pattern, names } = compileRoute(route);
  const match = pattern.exec(path);
  if (!match) return true;
  const params = Object.fromEntries(names.map((n, i) => [n, safeDecode(match[i + 1] ?? '')]));
  if (route.params) {
    const parsed = route.params().safeParse(params);
    if (!parsed.success) return true;
    if (Object.values(parsed.data as object).some((v) => !existing.has(String(v)))) return true;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  if (route.query && !route.query().safeParse(query).success) return true;
  const bytes = spec.body?.bytes ?? Buffer.alloc(0);
  const kind = bodyKindOf(route);
  const contentType = mediaTypeOf(spec.headers['content-type']);
  if (bytes.length > bodyLimitOf(kind)) return true;
  if (kind === 'json') {
    const text = bytes.toString('utf8');
    if (text.length > 0) {
      if (!isJsonMediaType(contentType)) return true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return true;
      }
      if (route.body && !route.body().safeParse(parsed).success) return true;
    } else if (route.body && !route.body().safeParse({}).success) return true;
  }
  if (kind === 'csv') {
    if (!isImportMediaType(route, contentType)) return true;
    // Every CSV this file sends carries a line whose year is not a number, which refuses the whole file.
    if (bytes.toString('utf8').includes('\nNaN,')) return true;
  }
  if (route.ifMatch) {
    let version: number | undefined;
    try {
      version = parseIfMatch(spec.headers['if-match']);
    } catch {
      return true;
    }
    if (version !== currentVersion(route)) return true;
  }
  if (route.idempotent && spec.headers['idempotency-key'] !== undefined) {
    if (!isIdempotencyKey(spec.headers['idempotency-key'])) return true;
  }
  return false;
}

/** The version an If-Match must name for the route's fixture object to be changed. */
const currentVersion = (route: RouteDef) =>
  route.path.startsWith('/nominations')
    ? fixture.nominationVersion
    : route.path.includes('/movement-reports/')
      ? fixture.reportVersion
      : fixture.dossierVersion;

/** Adds one more defect to a request the model cannot show to be refused. */
function poison(route: RouteDef, spec: Spec): Spec {
  if (surelyRefused(route, spec)) return spec;
  if (route.ifMatch) return { ...spec, headers: { ...spec.headers, 'if-match': '"999"' } };
  if (bodyKindOf(route) === 'json') {
    let parsed: unknown = {};
    try {
      parsed = JSON.parse(spec.body?.bytes.toString('utf8') || '{}');
    } catch {
      parsed = {};
    }
    const body = { ...(parsed as object), unexpectedField: true };
    return {
      ...spec,
      headers: { ...spec.headers, 'content-type': 'application/json' },
      body: {
        label: `${spec.body?.label ?? 'empty'} + unknown field`,
        bytes: Buffer.from(JSON.stringify(body)),
      },
    };
  }
  return { ...spec, auth: { kind: 'junk', value: 'Bearer not-a-token' } };
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries

/** Latin-1 header text: bytes 0x80–0xFF are sent as is (not UTF-8), control characters cannot be sent. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

const NASTY_STRINGS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '-1e308',
  '9'.repeat(400),
  '0x10',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '\u202eRTL',
  '\ufeff',
  '🇻🇳 Sơn La',
  'Nguyễn Văn A',
  'Nguye\u0302\u0303n',
  '../..',
  '%00',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  '\r\nX-Injected: 1',
  '2025-02-30',
  '2025-13-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  'a'.repeat(10_000),
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 6000 }) },
);

const nastyNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 5e-324, -0, 0, 1, -1, 0.1 + 0.2, 90.005, 2 ** 53 + 2, 1e21, 1109, 2025),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** An object whose own keys may be `__proto__` etc. (defined, not assigned, so JSON.stringify keeps them). */
const own = (entries: readonly (readonly [string, unknown])[]) => {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
};

const keyArb = fc.oneof(
  fc.constantFrom(
    ...PROTO_KEYS,
    'toString',
    'hasOwnProperty',
    'isAdmin',
    'roles',
    'version',
    'status',
    'unitId',
    'pk',
  ),
  fc.string({ maxLength: 12 }),
);

const { json: nastyJson } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.array(fc.tuple(keyArb, tie('json')), { maxLength: 4 }).map(own),
  ),
}));

const pollution = fc
  .tuple(
    fc.constantFrom(...PROTO_KEYS),
    fc.constantFrom<unknown>({ polluted: 'yes', isAdmin: true }, { toString: 1 }, 'x', null),
  )
  .map(([k, v]) => [k, v] as const);

type Json = unknown;

function paths(
  value: Json,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...at, i], out);
  } else if (value && typeof value === 'object')
    for (const k of Object.keys(value)) paths((value as Record<string, Json>)[k], [...at, k], out);
  return out;
}

type Mutation = {
  op: 'set' | 'delete' | 'proto' | 'unknown' | 'wrap';
  pick: number;
  value: Json;
  proto: readonly [string, unknown];
};

function mutate(sample: Json, mutations: readonly Mutation[]): Json {
  let root: Json = structuredClone(sample);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.pick % all.length] ?? [];
    if (m.op === 'wrap') {
      root = [root];
      continue;
    }
    if (path.length === 0) {
      if (m.op === 'set') root = m.value;
      else if (m.op === 'proto' && root && typeof root === 'object')
        Object.defineProperty(root, m.proto[0], {
          value: m.proto[1],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else if (m.op === 'unknown' && root && typeof root === 'object')
        (root as Record<string, Json>).unexpected = m.value;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], root) as Record<string | number, Json>;
    const last = path[path.length - 1] as string | number;
    const target = parent[last];
    if (m.op === 'set') parent[last] = m.value;
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (m.op === 'proto') {
      const holder = target && typeof target === 'object' && !Array.isArray(target) ? target : parent;
      Object.defineProperty(holder, m.proto[0], {
        value: m.proto[1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (m.op === 'unknown' && target && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, Json>).unexpected = m.value;
  }
  return root;
}

const mutationArb = fc.record({
  op: fc.constantFrom<Mutation['op']>('set', 'set', 'set', 'delete', 'proto', 'unknown', 'wrap'),
  pick: fc.nat(),
  value: nastyJson,
  proto: pollution,
});

const deepArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const deepObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Raw bodies that are not (valid UTF-8) JSON. */
const rawBodies = fc.oneof(
  fc
    .uint8Array({ minLength: 1, maxLength: 512 })
    .map((b) => ({ label: 'random bytes', bytes: Buffer.from(b) })),
  fc.constantFrom(
    {
      label: 'invalid UTF-8 in a string',
      bytes: Buffer.concat([
        Buffer.from('{"proposalNo":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]),
    },
    {
      label: 'UTF-8 encoded surrogate',
      bytes: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    },
    {
      label: 'overlong slash',
      bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    },
    {
      label: 'UTF-16LE JSON with BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]),
    },
    { label: 'gzip magic', bytes: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]) },
    { label: 'NUL bytes', bytes: Buffer.alloc(64) },
    { label: 'truncated JSON', bytes: Buffer.from('{"roundId":"annual-2025",') },
    { label: 'JSON with a NaN literal', bytes: Buffer.from('{"size": NaN, "year": Infinity}') },
    {
      label: 'duplicate keys',
      bytes: Buffer.from('{"unitId":"a","unitId":"so-tu-phap","__proto__":{"admin":true}}'),
    },
    { label: 'form body', bytes: Buffer.from('roundId=annual-2025&unitId=so-tu-phap') },
  ),
);

const deepBodies = fc.constantFrom(
  { label: '10 000 levels of arrays', bytes: Buffer.from(deepArrays(10_000)) },
  { label: '10 000 levels of objects', bytes: Buffer.from(deepObjects(10_000)) },
  { label: '100 000 unclosed arrays', bytes: Buffer.from('['.repeat(100_000)) },
  {
    label: 'deep arrays in a field',
    bytes: Buffer.from(`{"nominee":${deepArrays(10_000)},"initiatives":${deepArrays(5_000)}}`),
  },
);

const hugeBody = fc.constantFrom(
  {
    label: '300 KB string',
    bytes: Buffer.from(JSON.stringify({ achievementSummary: 'x'.repeat(300 * 1024) })),
  },
  { label: '2.5 MB of spaces', bytes: Buffer.alloc(2_500_000, 0x20) },
);

const CONTENT_TYPES = [
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/jsonp',
  '*/*',
  '',
  'application/json\u00ff',
];
const contentTypeArb = (route: RouteDef) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(route.bodyKind === 'csv' ? 'text/csv' : 'application/json') },
    { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: headerText(60) },
  );

const CSV_HEADER = 'year,unitId,parIndexScore,parIndexRank,satisfactionIndex';
const csvBody = fc
  .array(
    fc.tuple(
      fc.constantFrom('2024', '1e308', '-0', '2024.5', '', '__proto__', '9'.repeat(30)),
      fc.constantFrom(OWNER, '__proto__', 'constructor', '../x', '', 'Sở Tư pháp', '"a,b"'),
      nastyString.map((s) => s.slice(0, 30)),
      fc.constantFrom('1', '-1', '0', '1e308', 'NaN', '', '"'),
      fc.constantFrom('90', '100.001', '-0', 'Infinity', ''),
    ),
    { maxLength: 5 },
  )
  .chain((lines) =>
    fc.record({
      header: fc.constantFrom(CSV_HEADER, `\ufeff${CSV_HEADER}`, 'year;unitId', '', '__proto__,constructor'),
      lines: fc.constant(lines.map((l) => l.join(','))),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
    }),
  )
  .map(({ header, lines, eol }) => ({
    label: 'csv',
    bytes: Buffer.from([header, ...lines].join(eol) + '\nNaN,so-tu-phap,1,1,1\n'),
  }));

// Path segments: raw text sent on the request line (the client may not send controls or spaces).
const NASTY_SEGMENTS = [
  '%00',
  'a%00b',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '..%2F..%2Fetc%2Fpasswd',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%FF',
  '%ED%A0%80',
  encodeURIComponent('đơn-vị'),
  encodeURIComponent('🇻🇳'),
  '\u00e9\u00ff',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  '0',
  '-1',
  '1e308',
  'NaN',
  '9'.repeat(30),
  'A'.repeat(3_000),
  'UNIT%23so-tu-phap',
  'so-tu-phap%23x',
];
const segmentArb = fc.oneof(
  fc.constantFrom(...NASTY_SEGMENTS),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => {
    try {
      return encodeURIComponent(s) || 'x';
    } catch {
      return 'x';
    }
  }),
);

const GOOD_PARAMS = (): Record<string, string[]> => ({
  unitId: [OWNER, 'h-moc-chau', `zz-${randomUUID().slice(0, 6)}`],
  year: ['2025', '2024'],
  roundId: [fixture.roundId, 'annual-2025', 'no-such-round'],
  // Read, never edited: a campaign the fuzz changed would change the uploads of every test using it.
  campaignId: ['plan-1109', `zz-${randomUUID().slice(0, 6)}`],
  dossierId: [fixture.dossierId, randomUUID()],
  nominationId: [fixture.nominationId, randomUUID()],
  documentId: [fixture.documentId, randomUUID()],
  notificationId: [randomUUID(), 'x'],
  asset: ['swagger-ui.css', 'favicon-32x32.png', 'index.html'],
});

const QUERY_KEYS = [
  'limit',
  'nextToken',
  'roundId',
  'status',
  'unitId',
  'year',
  'tier',
  'parentUnitId',
  'entityId',
  'unread',
  '__proto__',
  'constructor',
  'prototype',
  'limit[]',
  'a[b]',
];

const token = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o)).toString('base64url');
/**
 * Start keys a client could forge: real partitions (built as the store builds them, so that they pass the
 * partition check) with missing, extra or wrong attributes, and cursors of the merged notification list.
 */
const CRAFTED_TOKENS = () => {
  const registry = unitsByTier.query({}).pk;
  const unitRow = { ...unitKey(OWNER), ...unitsByTier.keys({ tier: 'province', unitId: OWNER }) };
  const roundRow = { ...roundKey('x'), ...roundList.keys({ roundId: 'x' }) };
  const yearRow = {
    ...indexResultKey(OWNER, 2024),
    ...indexResultsByYear.keys({ year: 2024, unitId: OWNER }),
  };
  const ownDossiers = dossiersByUnit.query({ unitId: OWNER }).pk;
  const roundDossiers = dossiersByRound.query({ roundId: fixture.roundId }).pk;
  const audit = auditByEntity.query({ entityId: fixture.dossierId }).pk;
  const unit = addresseeId({ unitId: OWNER });
  const admin = addresseeId({ role: 'admin' });
  const inbox = (addressee: string) => notificationsByAddressee.query({ addressee }).pk;
  return [
    token({ gsi1pk: registry }),
    token({ gsi1pk: registry, gsi1sk: unitsByTier.keys({ tier: 'province', unitId: 'zzz' }).gsi1sk }),
    token({ ...unitRow, sk: undefined }),
    token({ ...roundRow, extra: 'y' }),
    token({ gsi1pk: ownDossiers, gsi1sk: 'x', pk: 'nope', sk: 'nope' }),
    token({ gsi1pk: ownDossiers }),
    token({ gsi2pk: roundDossiers, gsi2sk: '\u0000', pk: 'x', sk: 'y' }),
    token({ pk: audit }),
    token({ pk: audit, sk: 'A'.repeat(2000) }),
    token({ gsi1pk: inbox(unit), gsi1sk: 'x' }),
    token(yearRow),
    token({ gsi1pk: yearRow.gsi1pk }),
    token({ gsi1pk: yearRow.gsi1pk, gsi1sk: 'a', pk: 'b', sk: 'c' }),
    token({ gsi2pk: roundDossiers, gsi2sk: 'x', pk: 'x', sk: 'y', gsi1pk: 'z' }),
    token(roundRow),
    token(unitRow),
    token({ [unit]: token({ gsi1pk: inbox(unit) }) }),
    token({ [unit]: 'garbage', [admin]: null }),
    token({ [admin]: token({ gsi1pk: inbox(admin), gsi1sk: 'x', pk: 1, sk: 'y' }) }),
    token({ __proto__: { x: 1 } } as Record<string, unknown>),
    token([] as unknown as Record<string, unknown>),
    'not base64 !',
    Buffer.from('{"pk":').toString('base64url'),
  ];
};

const queryKeysOf = (route: RouteDef): string[] =>
  route.query && 'shape' in route.query()
    ? Object.keys((route.query() as unknown as { shape: object }).shape)
    : [];

/** A query that passes the route's schema, so that the junk added to it reaches the implementation. */
const goodQuery = (route: RouteDef) =>
  ({
    listIndexResults: 'year=2024',
    listAudit: `entityId=${fixture.dossierId}`,
    listDossiers: `roundId=${fixture.roundId}`,
    listUnits: 'tier=province',
  })[route.id] ?? '';

const encodePair = ([k, v]: readonly [string, string]) => {
  try {
    return `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
  } catch {
    return `${k.length}=x`;
  }
};

const queryArb = (route: RouteDef) => {
  const own = queryKeysOf(route);
  const key = fc.oneof(
    { weight: own.length > 0 ? 4 : 0, arbitrary: fc.constantFrom(...(own.length > 0 ? own : ['limit'])) },
    { weight: 1, arbitrary: fc.constantFrom(...QUERY_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  const value = fc.oneof(
    fc.constantFrom(
      '50',
      '0',
      '101',
      '-1',
      '1e2',
      '2024',
      fixture.roundId,
      OWNER,
      'draft',
      'true',
      'province',
    ),
    fc.constantFrom(...CRAFTED_TOKENS()),
    fc.constantFrom(fixture.dossierId, fixture.nominationId),
    nastyString.map((s) => s.slice(0, 1000)),
  );
  const good = goodQuery(route);
  return fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 }).chain((pairs) => {
    // Node refuses request heads over 16 KB (431) before any route runs: stay under it.
    const junk = pairs.map(encodePair).join('&').slice(0, 5000);
    return fc.constantFrom(junk, good ? `${good}&${junk}` : junk, `${good}&%&=%zz&limit=%00`, good);
  });
};

const authArb = (route: RouteDef) => {
  const good: Principal[] =
    route.auth === 'public'
      ? ['public', 'admin', 'owner']
      : route.auth.flatMap((r): Principal[] =>
          r === 'unit_officer' ? ['owner', 'owner', 'other', 'district'] : [r],
        );
  const wrong: Principal[] = (['admin', 'appraiser', 'approver', 'owner'] as const).filter(
    (p) => route.auth === 'public' || !route.auth.includes(roleOf(p) as Role),
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...good).map((who) => ({ kind: 'token' as const, who })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...(wrong.length > 0 ? wrong : good))
        .map((who) => ({ kind: 'token' as const, who })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            'Bearer ',
            'Bearer',
            'Basic YWRtaW46YWRtaW4=',
            'Bearer a.b.c',
            // alg none, claims of an admin
            `Bearer ${token({ alg: 'none', typ: 'JWT' })}.${token({ sub: 'x', 'cognito:groups': ['admin'] })}.`,
            'bearer  \u00ff\u00fe',
            `Bearer ${'A'.repeat(2000)}`,
          ),
          headerText(100),
        )
        .map((value) => ({ kind: 'junk' as const, value })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
};

const ifMatchArb = fc.oneof(
  fc.constantFrom(
    '"1"',
    '1',
    'W/"2"',
    '"2"',
    '*',
    '',
    '"abc"',
    '-1',
    '1e308',
    'NaN',
    '"',
    '9'.repeat(40),
    '"1", "2"',
    ' 2 ',
  ),
  headerText(40),
);
const idempotencyKeyArb = fc.oneof(
  fc.constantFrom('', ' ', 'ä', 'x'.repeat(300), 'key with spaces', '__proto__', randomUUID()),
  headerText(40),
);
const languageArb = fc.oneof(
  fc.constantFrom('en', 'vi', '*', 'en-US,en;q=0.9', ',,,', 'x'.repeat(2000), 'EN', 'fr;q=0'),
  headerText(40),
);

function bodyArb(route: RouteDef) {
  const kind = bodyKindOf(route);
  const json = (v: unknown, label: string) => ({ label, bytes: Buffer.from(JSON.stringify(v) ?? 'null') });
  if (kind === 'csv') {
    return fc.oneof(
      { weight: 6, arbitrary: csvBody },
      { weight: 1, arbitrary: rawBodies },
      { weight: 1, arbitrary: hugeBody },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  }
  const sample = sampleBody(route);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .array(mutationArb, { minLength: 1, maxLength: 3 })
        .map((m) => json(mutate(sample, m), 'mutated sample')),
    },
    { weight: 2, arbitrary: nastyJson.map((v) => json(v, 'nasty JSON')) },
    {
      weight: 1,
      arbitrary: fc
        .array(pollution, { minLength: 1, maxLength: 3 })
        .map((p) => json(own(p), 'prototype keys')),
    },
    { weight: 2, arbitrary: rawBodies },
    { weight: 1, arbitrary: deepBodies },
    { weight: 1, arbitrary: hugeBody },
    { weight: kind === 'none' ? 2 : 1, arbitrary: fc.constant(undefined) },
  );
}

function specArb(route: RouteDef): fc.Arbitrary<Spec> {
  const { names } = compileRoute(route);
  const good = GOOD_PARAMS();
  const params = fc.record(
    Object.fromEntries(
      names.map((n) => [
        n,
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...(good[n] ?? ['x'])) },
          { weight: 2, arbitrary: segmentArb },
        ),
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
  );
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
  return fc
    .record({
      params,
      query: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 3, arbitrary: queryArb(route) }),
      auth: authArb(route),
      contentType: fc.option(contentTypeArb(route), { nil: undefined, freq: 6 }),
      ifMatch: optional(fc.oneof(fc.constant(String(currentVersion(route))), ifMatchArb)),
      idempotencyKey: fc.option(idempotencyKeyArb, { nil: undefined, freq: 3 }),
      language: fc.option(languageArb, { nil: undefined, freq: 3 }),
      body: bodyArb(route),
    })
    .map(({ contentType, ifMatch, idempotencyKey, language, ...rest }) => {
      const headers: Record<string, string> = {};
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (ifMatch !== undefined) headers['if-match'] = ifMatch;
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      if (language !== undefined) headers['accept-language'] = language;
      return poison(route, { ...rest, headers });
    });
}

/** A valid body per route, the starting point of the mutations. */
function sampleBody(route: RouteDef): unknown {
  const quotas = { collective: 1, individual: 1 };
  switch (route.id) {
    case 'createUnit':
      return {
        unitId: 'fz-new-unit',
        name: 'Đơn vị thử',
        tier: 'district',
        parentUnitId: 'h-moc-chau',
        parScored: false,
      };
    case 'updateUnit':
      return { name: 'Sở Tư pháp', tier: 'province', parScored: true };
    case 'putIndexResult':
      return { parIndexScore: 91.25, parIndexRank: 3, satisfactionIndex: 88.5 };
    case 'createRound':
      return {
        roundId: 'fz-new-round',
        kind: 'annual',
        year: 2025,
        submissionDeadline: '2030-01-01T00:00:00+07:00',
        quotas: { province: quotas, district: quotas, commune: quotas },
      };
    case 'createCampaign':
      return {
        campaignId: `fz-${randomUUID().slice(0, 8)}`,
        name: 'Phong trào thử',
        decisionNo: '1/QĐ-UBND',
        decisionDate: '2026-01-15',
        startDate: '2026-01-15',
        endDate: '2030-11-30',
        tiers: ['province', 'commune'],
        quotas: {
          annual: { province: quotas, commune: quotas },
          period: { province: quotas, commune: quotas },
        },
        thresholds: {
          parScoreMin: 90,
          combinedIndexMin: 90,
          topRank: { province: 5 },
          topYearsMin: 3,
          annualInitiativesMin: 1,
          periodCollectiveInitiativesMin: 2,
          periodIndividualInitiativesMin: 1,
        },
        communeIndividualProposer: 'self',
        reportingTiers: ['province'],
        documents: { maxFileBytes: 1048576, allowedContentTypes: ['application/pdf'] },
        reminderOffsetsDays: [7, 1],
        appraisalLeadDays: 9,
      };
    case 'patchCampaign':
      return { reminderOffsetsDays: [7, 1] };
    case 'patchRound':
      return { submissionDeadline: '2030-02-01T00:00:00Z', unitId: OWNER, reason: 'Gia hạn do thiên tai' };
    case 'createDossier':
      return {
        roundId: fixture.roundId,
        unitId: OWNER,
        proposalNo: '12/TTr-STP',
        proposalDate: '2025-11-01',
      };
    case 'patchDossier':
      return { proposalNo: '12/TTr-STP', signerName: 'Lò Văn A', signerTitle: 'Giám đốc' };
    case 'createNomination':
      return {
        nomineeType: 'individual',
        nominee: {
          unitId: OWNER,
          fullName: 'Cầm Thị B',
          dateOfBirth: '1980-01-31',
          gender: 'female',
          position: 'Phó Giám đốc',
          staffCategory: 'cong_chuc',
          citizenId: '014180000123',
        },
        criteriaClaimed: ['AI2'],
        disciplineCompliance: true,
        achievementSummary: 'Sáng kiến',
        citationText: 'Đã có thành tích xuất sắc',
        initiatives: [
          {
            title: 'Một cửa điện tử',
            decisionNo: '5/QĐ',
            recognizedOn: '2025-03-01',
            council: 'basic_initiative',
            applied: true,
          },
        ],
      };
    case 'patchNomination':
      return { citationText: 'Đã có thành tích', criteriaClaimed: ['AI3'] };
    case 'declareDocument':
      return {
        kind: 'proposal_letter',
        fileName: 'to-trinh.pdf',
        contentType: 'application/pdf',
        size: 1234,
        sha256: `${'A'.repeat(43)}=`,
      };
    case 'declareReportDocument':
      return {
        kind: 'movement_report',
        fileName: 'bao-cao-phong-trao.pdf',
        contentType: 'application/pdf',
        size: 4321,
        sha256: `${'B'.repeat(43)}=`,
      };
    case 'appraiseNomination':
      return { decision: 'recommend', verifiedCriteria: ['AI1'], reason: 'Đạt' };
    case 'appraisalReport':
      return { note: 'Báo cáo thẩm định' };
    case 'grantAwards':
      return { nominationIds: [fixture.nominationId], decisionNo: '123/QĐ-UBND', decisionDate: '2025-12-01' };
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------------------
// The checks

function verdict(route: RouteDef, spec: Spec, res: RawResponse): string | undefined {
  const failure = problemFailure(res);
  if (failure) return failure;
  if (route.method !== 'GET' && res.status < 400)
    return `a request with a defect was accepted (${res.status})`;
  if (res.json?.code === 'VALIDATION_FAILED') {
    const errors = res.json.errors as { path?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) return 'VALIDATION_FAILED without errors[]';
    if (errors.some((e) => typeof e.path !== 'string' || typeof e.message !== 'string'))
      return 'VALIDATION_FAILED with an error lacking path or message';
  }
  if (res.status === 401 && spec.auth.kind === 'token' && route.auth !== 'public')
    return 'a valid token was refused';
  return undefined;
}

const describeSpec = (route: RouteDef, spec: Spec) =>
  JSON.stringify({
    request: `${route.method} ${pathOf(route, spec).slice(0, 200)}${spec.query ? `?${spec.query.slice(0, 200)}` : ''}`,
    auth: spec.auth.kind === 'junk' ? { junk: spec.auth.value.slice(0, 60) } : spec.auth,
    headers: Object.fromEntries(Object.entries(spec.headers).map(([k, v]) => [k, v.slice(0, 80)])),
    body: spec.body ? `${spec.body.label}: ${spec.body.bytes.subarray(0, 200).toString('utf8')}` : undefined,
  });

/** Fixed cases every route receives before the random ones: the inputs the issue names explicitly. */
function explicitCases(route: RouteDef): Spec[] {
  const { names } = compileRoute(route);
  const good = GOOD_PARAMS();
  const params = Object.fromEntries(names.map((n) => [n, good[n]?.[0] ?? 'x']));
  const who: Principal =
    route.auth === 'public'
      ? 'public'
      : route.auth.includes('unit_officer')
        ? 'owner'
        : (route.auth[0] as Principal);
  const base: Spec = {
    params,
    query: '',
    auth: { kind: 'token', who },
    headers: {
      'content-type': route.bodyKind === 'csv' ? 'text/csv' : 'application/json',
      'if-match': '"999"',
    },
  };
  const bodies = [
    { label: '10 000 levels of arrays', bytes: Buffer.from(deepArrays(10_000)) },
    { label: '10 000 levels of objects', bytes: Buffer.from(deepObjects(10_000)) },
    {
      label: 'top-level __proto__',
      bytes: Buffer.from('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
    },
    {
      label: 'nested __proto__',
      bytes: Buffer.from(
        JSON.stringify(
          mutate(sampleBody(route), [
            { op: 'proto', pick: 1, value: null, proto: ['__proto__', { polluted: 'yes' }] },
          ]),
        ),
      ),
    },
    { label: 'non-UTF-8 bytes', bytes: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    { label: '300 KB', bytes: Buffer.from(JSON.stringify({ x: 'x'.repeat(300 * 1024) })) },
  ];
  const cases: Spec[] = bodies.map((body) => ({ ...base, body }));
  for (const n of names) {
    for (const segment of ['%00', '..', encodeURIComponent('đơn-vị-🇻🇳'), '%E0%A4%A']) {
      cases.push({
        ...base,
        params: { ...params, [n]: segment },
        body: { label: 'sample', bytes: Buffer.from(JSON.stringify(sampleBody(route))) },
      });
    }
  }
  cases.push({ ...base, query: 'limit=1e308&nextToken=%00&__proto__=x&constructor[prototype]=1' });
  if (queryKeysOf(route).includes('nextToken')) {
    // Forged pagination tokens, for each kind of caller (a unit's list and a province-wide one differ).
    const callers = (['owner', 'admin'] as const).filter(
      (p) => route.auth === 'public' || route.auth.includes(roleOf(p) as Role),
    );
    for (const who of callers)
      for (const t of CRAFTED_TOKENS()) {
        const good = goodQuery(route);
        cases.push({
          ...base,
          auth: { kind: 'token', who },
          query: `${good ? `${good}&` : ''}nextToken=${encodeURIComponent(t)}`,
        });
      }
  }
  cases.push({
    ...base,
    headers: { ...base.headers, 'accept-language': '\u00ff\u00fe', 'idempotency-key': '\u00e4'.repeat(10) },
  });
  cases.push({ ...base, headers: { ...base.headers, 'if-match': '1e308' } });
  cases.push({ ...base, auth: { kind: 'junk', value: 'Bearer \u00ff' } });
  return cases.map((c) => poison(route, c));
}

// ---------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  await createSeededTable(dynamoEndpoint, TABLE);
  const { startLocalServer } = await import('../../local/server.ts');
  server = await startLocalServer({ port: 0 });
  base = server.url;

  const issue = async (who: Principal, role: Role, unitId?: string) => {
    const res = await sendJson(base, 'POST', '/dev/token', { body: { role, ...(unitId ? { unitId } : {}) } });
    if (res.status !== 200) throw new Error(`token ${who}: ${res.status} ${res.text}`);
    tokens.set(who, res.json.token);
  };
  await issue('admin', 'admin');
  await issue('appraiser', 'appraiser');
  await issue('approver', 'approver');
  await issue('owner', 'unit_officer', OWNER);
  await issue('other', 'unit_officer', OTHER);
  await issue('district', 'unit_officer', DISTRICT);

  const roundId = `fz-${randomUUID().slice(0, 8)}`;
  // A campaign of its own: Plan 1109 has its 2025 annual round already (R-ROUND-2).
  const { practiceCampaign } = await import('../support/stored.ts');
  const round = await sendJson(base, 'POST', '/rounds', {
    token: tokens.get('admin'),
    body: {
      roundId,
      campaignId: await practiceCampaign(),
      kind: 'annual',
      year: 2025,
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      quotas: {
        province: { collective: 1, individual: 1 },
        district: { collective: 1, individual: 1 },
        commune: { collective: 1, individual: 1 },
      },
    },
  });
  if (round.status !== 201) throw new Error(`round: ${round.status} ${round.text}`);
  const dossier = await sendJson(base, 'POST', '/dossiers', {
    token: tokens.get('owner'),
    body: { roundId, unitId: OWNER },
  });
  if (dossier.status !== 201) throw new Error(`dossier: ${dossier.status} ${dossier.text}`);
  const nomination = await sendJson(base, 'POST', `/dossiers/${dossier.json.dossierId}/nominations`, {
    token: tokens.get('owner'),
    body: {
      nomineeType: 'collective',
      nominee: { unitId: OWNER },
      criteriaClaimed: ['AC2'],
      disciplineCompliance: true,
    },
  });
  if (nomination.status !== 201) throw new Error(`nomination: ${nomination.status} ${nomination.text}`);
  const read = await sendJson(base, 'GET', `/dossiers/${dossier.json.dossierId}`, {
    token: tokens.get('owner'),
  });
  fixture = {
    roundId,
    dossierId: dossier.json.dossierId,
    dossierVersion: read.json.version,
    nominationId: nomination.json.nominationId,
    nominationVersion: nomination.json.version,
    documentId: randomUUID(),
    reportVersion: 0,
  };
  const report = await sendJson(base, 'PUT', `/units/${OWNER}/movement-reports/${REPORT_YEAR}`, {
    token: tokens.get('owner'),
  });
  expect(report.status, report.text).toBe(200);
  fixture.reportVersion = report.json.version;
  const doc = await sendJson(base, 'POST', `/dossiers/${fixture.dossierId}/documents`, {
    token: tokens.get('owner'),
    body: sampleBody(ROUTES.find((r) => r.id === 'declareDocument') as RouteDef),
  });
  expect(doc.status, doc.text).toBe(201);
  fixture.documentId = doc.json.documentId;
  const again = await sendJson(base, 'GET', `/dossiers/${fixture.dossierId}`, { token: tokens.get('owner') });
  fixture.dossierVersion = again.json.version;
  const units = await sendJson(base, 'GET', '/units?limit=100', { token: tokens.get('admin') });
  for (const u of units.json.items as { unitId: string }[]) existing.add(u.unitId);
  for (const id of [
    roundId,
    fixture.dossierId,
    fixture.nominationId,
    fixture.documentId,
    '2024',
    '2025',
    'annual-2025',
  ])
    existing.add(id);
  for (const a of ['swagger-ui.css', 'favicon-32x32.png', 'index.html']) existing.add(a);
  before = await snapshotTable(dynamoEndpoint, TABLE);
});

afterAll(async () => {
  if (process.env.FUZZ_STATS) {
    for (const [route, counts] of stats)
      console.info(`${route.padEnd(45)} ${[...counts].map(([k, n]) => `${k}×${n}`).join('  ')}`);
  }
  await server?.close();
  if (previousLogLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previousLogLevel;
});

const fuzzed = ROUTES.filter((r) => !r.localOnly);

describe(`fuzz (seed ${SEED}, ${RUNS} runs per route)`, { timeout: ROUTE_TIMEOUT_MS }, () => {
  for (const route of fuzzed) {
    const name = `${route.method} ${route.path}`;
    it(`${name}: no 5xx, problem+json with a code, nothing accepted with a defect`, async () => {
      for (const spec of explicitCases(route)) {
        const res = await call(route, spec);
        const why = verdict(route, spec, res);
        expect(why, `${why}\n${describeSpec(route, spec)}`).toBeUndefined();
      }
      await fc.assert(
        fc.asyncProperty(specArb(route), async (spec) => {
          const res = await call(route, spec);
          const why = verdict(route, spec, res);
          if (why) throw new Error(`${why}\n${describeSpec(route, spec)}`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  }

  it('stored nothing and left Object.prototype untouched', async () => {
    const after = await snapshotTable(dynamoEndpoint, TABLE);
    expect(diffSnapshots(before, after)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(typeof probe.toString).toBe('function');
  });
});

// Inputs that pass validation but stress the store: each is stored and read back intact, or refused with a
// 4xx naming the field; never a 500. Runs after the snapshot check, on the fixture objects.
describe('odd but valid input', () => {
  it('a name that Unicode normalisation lengthens past the key limit is a 400, not a 500', async () => {
    // U+FB2C has no composed form: NFC spells it with three code points, 200 of them become 1 200 bytes.
    const res = await sendJson(base, 'POST', `/dossiers/${fixture.dossierId}/nominations`, {
      token: tokens.get('owner'),
      body: {
        nomineeType: 'individual',
        nominee: {
          unitId: OWNER,
          fullName: '\ufb2c'.repeat(200),
          dateOfBirth: '1980-01-01',
          gender: 'male',
          position: 'Chuyên viên',
          staffCategory: 'cong_chuc',
        },
        criteriaClaimed: ['AI3'],
        disciplineCompliance: true,
      },
    });
    expect(problemFailure(res), res.text).toBeUndefined();
    expect(res.status, res.text).toBe(400);
    expect(res.json.errors[0].path).toBe('body.nominee.fullName');
  });

  // Edition 2 (R-DUP-1): free text refuses control characters, bidirectional overrides and unpaired
  // surrogates, which used to be stored as sent; a BOM or a zero-width space is still text.
  it('lone surrogates, NUL and direction overrides are a 400 naming each field, and nothing changes', async () => {
    const text = { proposalNo: 'a\ud800b\u0000c\u202e', signerName: '\udfff', signerTitle: 'Giám đốc\u2067' };
    const current = await sendJson(base, 'GET', `/dossiers/${fixture.dossierId}`, {
      token: tokens.get('owner'),
    });
    const res = await sendJson(base, 'PATCH', `/dossiers/${fixture.dossierId}`, {
      token: tokens.get('owner'),
      headers: { 'if-match': String(current.json.version) },
      body: text,
    });
    expect(problemFailure(res), res.text).toBeUndefined();
    expect(res.status, res.text).toBe(400);
    expect((res.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'body.proposalNo',
      'body.signerName',
      'body.signerTitle',
    ]);
    const read = await sendJson(base, 'GET', `/dossiers/${fixture.dossierId}`, {
      token: tokens.get('owner'),
    });
    expect(read.json.version).toBe(current.json.version);
  });

  it('a BOM and a zero-width space in free text are stored and read back as sent', async () => {
    const text = { signerName: 'Lò\u200b Văn A', signerTitle: 'Giám đốc\ufeff' };
    const current = await sendJson(base, 'GET', `/dossiers/${fixture.dossierId}`, {
      token: tokens.get('owner'),
    });
    const res = await sendJson(base, 'PATCH', `/dossiers/${fixture.dossierId}`, {
      token: tokens.get('owner'),
      headers: { 'if-match': String(current.json.version) },
      body: text,
    });
    expect(res.status, res.text).toBe(200);
    const read = await sendJson(base, 'GET', `/dossiers/${fixture.dossierId}`, {
      token: tokens.get('owner'),
    });
    expect({ signerName: read.json.signerName, signerTitle: read.json.signerTitle }).toEqual(text);
  });

  it.each(['9'.repeat(400), 'x1y', '1e3', '-1'])(
    'PUT /units with If-Match %s is a 400, not a 500 or a write',
    async (ifMatch) => {
      const res = await sendJson(base, 'PUT', `/units/${OWNER}`, {
        token: tokens.get('admin'),
        headers: { 'if-match': ifMatch },
        body: { name: 'Sở Tư pháp', tier: 'province', parScored: true },
      });
      expect(problemFailure(res), res.text).toBeUndefined();
      expect(res.status, res.text).toBe(400);
    },
  );
});
