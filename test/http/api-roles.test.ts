// SPEC §1 and §8, roles: every route of the route table, table-driven. Without a valid bearer token a
// non-public route is 401; a role not in the route's `auth` is 403 FORBIDDEN; each allowed role gets past
// auth (the placeholder ids and bodies then give 400/404/422, never 401/403 and never a 5xx).
//
// A route of the table without an implementation fails the first test below.

import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#domain/types.ts';
import type { RouteDef } from '#functions/pipeline/route.ts';
import { ROUTES } from '#functions/routes.ts';
import { issueDevToken } from '../../local/dev-auth.ts';
import { isImplemented, type RequestOptions, useLocalApi } from '../support/client.ts';
import { expectNoLeak, expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();

const OFFICER_UNIT = 'so-noi-vu';
const PLACEHOLDER = 'placeholder-0000';

const served = ROUTES.filter((r) => !r.localOnly);
const implemented = served.filter(isImplemented);
const pending = served.filter((r) => !isImplemented(r));
const guarded = implemented.filter((r): r is RouteDef & { auth: readonly Role[] } => r.auth !== 'public');

/** A concrete path with placeholder ids that pass the params schema (so a handler answers 404). */
function pathOf(route: RouteDef): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'year') return '2099';
    if (name === 'asset') return 'swagger-ui-bundle.js';
    if (name === 'roundId' || name === 'unitId') return 'no-such-id';
    return PLACEHOLDER;
  });
}

/** Minimal valid requests where cheap: they reach the handler and create nothing. */
const REQUESTS: Record<string, RequestOptions & { query?: string }> = {
  listIndexResults: { query: 'year=2099' },
  listDossiers: { query: 'roundId=no-such-round' },
  listAudit: { query: `entityId=${PLACEHOLDER}` },
  // Valid bodies naming things that do not exist: 400/404/422, nothing stored.
  createUnit: {
    body: { unitId: 'roles-probe', name: 'Probe', tier: 'province', parentUnitId: 'no-such-unit' },
  },
  updateUnit: { body: { name: 'Probe', tier: 'province' } },
  putIndexResult: { body: { parIndexScore: 90 } },
  importIndexResults: {
    rawBody: 'year,unitId,parIndexScore,parIndexRank,satisfactionIndex\n2099,no-such-unit,90,1,90\n',
    headers: { 'content-type': 'text/csv' },
  },
  createRound: {
    body: {
      roundId: 'roles-probe',
      campaignId: 'no-such-campaign',
      kind: 'annual',
      year: 2099,
      submissionDeadline: '2099-12-30T00:00:00+07:00',
      quotas: {
        province: { collective: 1, individual: 1 },
        district: { collective: 1, individual: 1 },
        commune: { collective: 1, individual: 1 },
      },
    },
  },
  patchRound: { body: { announcementDate: '2099-12-01', reason: 'probe' } },
  createDossier: { body: { roundId: 'no-such-round', unitId: OFFICER_UNIT } },
  patchDossier: { body: { proposalNo: '1/TTr' } },
  createNomination: {
    body: {
      nomineeType: 'collective',
      nominee: { unitId: OFFICER_UNIT },
      criteriaClaimed: ['AC1'],
      disciplineCompliance: true,
    },
  },
  patchNomination: { body: { citationText: 'probe' } },
  declareDocument: {
    body: {
      kind: 'proposal_letter',
      fileName: 'to-trinh.pdf',
      contentType: 'application/pdf',
      size: 1000,
      sha256: `${'A'.repeat(43)}=`,
    },
  },
  appraiseNomination: { body: { decision: 'reject', reason: 'probe' } },
  appraisalReport: { body: {} },
  grantAwards: {
    body: { nominationIds: [PLACEHOLDER], decisionNo: '1/QĐ-UBND', decisionDate: '2099-01-01' },
  },
};

function send(route: RouteDef, token: string | undefined, extra: Record<string, string> = {}) {
  const spec = REQUESTS[route.id] ?? {};
  const url = `${pathOf(route)}${spec.query ? `?${spec.query}` : ''}`;
  return api().request(route.method, url, {
    token,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.rawBody !== undefined ? { rawBody: spec.rawBody } : {}),
    headers: { ...(route.ifMatch ? { 'if-match': '"1"' } : {}), ...spec.headers, ...extra },
  });
}

const tokens = {} as Record<Role, string>;
const badTokens: [string, string][] = [];

beforeAll(async () => {
  for (const role of ROLES)
    tokens[role] = await api().token(role, role === 'unit_officer' ? OFFICER_UNIT : undefined);
  const now = new Date();
  const expired = await issueDevToken({
    role: 'admin',
    sub: 'roles-expired',
    now: new Date(now.getTime() - 13 * 3600_000),
  });
  const forged = await new SignJWT({ 'cognito:groups': ['admin'], token_use: 'id' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('roles-forged')
    .setIssuer('commendation-local-dev')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
  // A real officer token whose payload is rewritten to claim the admin group (signature no longer matches).
  const [header, payload, signature] = tokens.unit_officer.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  const tampered = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString(
    'base64url',
  );
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
  badTokens.push(
    ['expired', expired.token],
    ['forged (another secret)', forged],
    ['tampered payload', `${header}.${tampered}.${signature}`],
    ['alg none', unsigned],
    ['not a JWT', 'garbage'],
  );
});

describe('SPEC §8 roles: the route table under test', () => {
  it('SPEC §8 roles: every served route of the table has an implementation, and is checked here', () => {
    expect(pending.map((r) => r.id)).toEqual([]);
    expect(implemented.length).toBe(served.length);
    expect(guarded.length).toBeGreaterThan(15);
  });
});

describe('SPEC §8 roles: public routes answer without a token', () => {
  it.each([
    ['/health', 'application/json'],
    ['/openapi.json', 'application/json'],
    ['/docs', 'text/html'],
    ['/docs/swagger-ui-bundle.js', 'javascript'],
  ])('SPEC §8 roles: GET %s is 200 without a token', async (path, type) => {
    const res = await api().get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type') ?? '').toContain(type);
  });

  it('SPEC §8 roles: GET /health is { status: "ok" } even with a bad token', async () => {
    const res = await api().get('/health', { token: 'garbage' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))(
  'SPEC §8 roles: %s',
  (_name, route) => {
    const allowed = route.auth;
    const refused = ROLES.filter((r) => !allowed.includes(r));

    it('UNAUTHENTICATED: no token is 401 problem+json', async () => {
      expectProblem(await send(route, undefined), 401, 'UNAUTHENTICATED');
    });

    it('UNAUTHENTICATED: expired, forged, tampered, unsigned or malformed tokens are 401', async () => {
      for (const [what, token] of badTokens) {
        const res = await send(route, token);
        expect(res.status, `${what}: ${res.text}`).toBe(401);
        expectProblem(res, 401, 'UNAUTHENTICATED');
      }
      // A token in another scheme is no bearer token.
      const basic = await send(route, undefined, { authorization: `Basic ${tokens.admin}` });
      expectProblem(basic, 401, 'UNAUTHENTICATED');
    });

    if (refused.length > 0) {
      it.each(refused)('FORBIDDEN: role %s is 403 problem+json', async (role) => {
        const res = await send(route, tokens[role]);
        expectProblem(res, 403, 'FORBIDDEN');
      });
    }

    it.each([...allowed])('allowed: role %s gets past auth (not 401/403, no 5xx)', async (role) => {
      const res = await send(route, tokens[role]);
      expectNoLeak(res);
      expect([401, 403], `${role}: ${res.status} ${res.text}`).not.toContain(res.status);
    });
  },
);

describe('SPEC §8 roles: principals outside the four roles', () => {
  it('FORBIDDEN: a validly signed token with no known group is 403 on every guarded route', async () => {
    const { token } = await issueDevToken({ role: 'citizen' as Role, sub: 'roles-nobody', now: new Date() });
    for (const route of guarded) {
      const res = await send(route, token);
      expect(res.status, `${route.id}: ${res.text}`).toBe(403);
      expectProblem(res, 403, 'FORBIDDEN');
    }
  });

  it('FORBIDDEN: a unit officer token without custom:unitId is 403 on officer routes', async () => {
    const { token } = await issueDevToken({ role: 'unit_officer', sub: 'roles-no-unit', now: new Date() });
    const res = await api().post('/dossiers', {
      token,
      body: { roundId: 'annual-2025', unitId: OFFICER_UNIT },
    });
    expectProblem(res, 403, 'FORBIDDEN');
  });

  it('SPEC §8 roles: POST /dossiers for another unit than the caller’s is 403 and creates nothing', async () => {
    const res = await api().post('/dossiers', {
      token: tokens.unit_officer,
      body: { roundId: 'annual-2025', unitId: 'so-tu-phap' },
    });
    expectProblem(res, 403, 'FORBIDDEN');
  });
});
