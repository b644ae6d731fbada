// SPEC §1 behind API Gateway. The HTTP API's JWT authorizer hands the token's claims to the Lambda as
// strings, and an array claim such as Cognito's `cognito:groups` arrives as "[admin appraiser]" (the values
// between brackets, separated by spaces), not as the JSON array the local server's dev tokens carry. These
// tests call the group handlers themselves with API Gateway HTTP API events (payload format 2.0) whose
// `requestContext.authorizer.jwt.claims` are shaped that way, for routes that need one of the roles.

import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as appraisal } from '#functions/http/appraisal.ts';
import { handler as dossiers } from '#functions/http/dossiers.ts';
import type { HttpEvent, HttpResult } from '#functions/pipeline/handler.ts';
import type { RouteDef } from '#functions/pipeline/route.ts';
import { handler as rounds } from '#functions/http/rounds.ts';
import * as routes from '#functions/routes.ts';
import { individual, roundBody, uniqueId } from '../support/fixtures.ts';
import { practiceCampaign, submittedDossier } from '../support/stored.ts';

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** The claims of a Cognito ID token as API Gateway's JWT authorizer passes them on: every value a string. */
const claims = (groups: string, extra: Record<string, string> = {}): Record<string, string> => {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: randomUUID(),
    'cognito:groups': groups,
    'cognito:username': `user-${randomUUID().slice(0, 8)}`,
    iss: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_TestPool1',
    aud: '1example23456789',
    token_use: 'id',
    auth_time: String(now),
    iat: String(now),
    exp: String(now + 3600),
    ...extra,
  };
};

/** An API Gateway HTTP API event (payload format 2.0) for `route`, as the JWT authorizer lets it through. */
function gatewayEvent(
  route: RouteDef,
  jwtClaims: Record<string, string>,
  options: { params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): HttpEvent {
  const params = options.params ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const routeKey = `${route.method} ${route.path}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      authorization: 'Bearer eyJraWQiOiJ0ZXN0In0.e30.c2ln',
      host: 'abcdef1234.execute-api.ap-southeast-1.amazonaws.com',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      domainName: 'abcdef1234.execute-api.ap-southeast-1.amazonaws.com',
      domainPrefix: 'abcdef1234',
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      http: {
        method: route.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'vitest',
      },
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: jwtClaims, scopes: [] } },
    },
  } as HttpEvent;
}

async function invoke(handler: Handler, event: HttpEvent) {
  const context = {
    awsRequestId: event.requestContext.requestId,
    functionName: 'commendation-test',
    getRemainingTimeInMillis: () => 30_000,
  } as unknown as Context;
  const result = await handler(event, context);
  const text = result.body ?? '';
  return {
    status: result.statusCode ?? 0,
    headers: result.headers ?? {},
    text,
    body: text ? JSON.parse(text) : {},
  };
}

describe('SPEC §1: cognito:groups as API Gateway passes it, "[group group]"', () => {
  it('"[admin appraiser]" is both an admin (POST /rounds) and an appraiser (POST …/appraisal)', async () => {
    const both = claims('[admin appraiser]');
    const roundId = uniqueId('r-gw');
    const created = await invoke(
      rounds as Handler,
      gatewayEvent(routes.createRound, both, {
        body: roundBody(roundId, { campaignId: await practiceCampaign() }),
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ roundId, version: 1 });

    const dossier = await submittedDossier({
      roundId,
      unitId: 'so-y-te',
      nominations: [{ nomineeType: 'individual', nominee: individual('so-y-te'), criteriaClaimed: ['AI1'] }],
    });
    const [nominationId] = dossier.nominationIds as [string];
    const appraised = await invoke(
      appraisal as Handler,
      gatewayEvent(routes.appraiseNomination, both, {
        params: { nominationId },
        headers: { 'if-match': '"1"' },
        body: { decision: 'reject', reason: 'Thành tích chưa nổi bật' },
      }),
    );
    expect(appraised.status, appraised.text).toBe(200);
    expect(appraised.body).toMatchObject({
      nominationId,
      status: 'rejected',
      appraisal: { decision: 'reject', by: both.sub },
    });
  });

  it('"[unit_officer]" with custom:unitId is that unit\'s officer (POST /dossiers), of no other unit', async () => {
    const roundId = uniqueId('r-gw');
    const admin = await invoke(
      rounds as Handler,
      gatewayEvent(routes.createRound, claims('[admin]'), {
        body: roundBody(roundId, { campaignId: await practiceCampaign() }),
      }),
    );
    expect(admin.status, admin.text).toBe(201);

    const officer = claims('[unit_officer]', { 'custom:unitId': 'so-tu-phap' });
    const own = await invoke(
      dossiers as Handler,
      gatewayEvent(routes.createDossier, officer, { body: { roundId, unitId: 'so-tu-phap' } }),
    );
    expect(own.status, own.text).toBe(201);
    expect(own.body).toMatchObject({ roundId, unitId: 'so-tu-phap', status: 'draft' });

    const other = await invoke(
      dossiers as Handler,
      gatewayEvent(routes.createDossier, officer, { body: { roundId, unitId: 'so-noi-vu' } }),
    );
    expect(other.status, other.text).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
  });

  it('a string of unknown groups is no role: 403 FORBIDDEN, even on a route any role may call', async () => {
    const strangers = claims('[guests visitors]');
    const list = await invoke(rounds as Handler, gatewayEvent(routes.listRounds, strangers));
    expect(list.status, list.text).toBe(403);
    expect(list.headers['content-type']).toContain('application/problem+json');
    expect(list.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const roundId = uniqueId('r-gw');
    const create = await invoke(
      rounds as Handler,
      gatewayEvent(routes.createRound, strangers, { body: roundBody(roundId) }),
    );
    expect(create.status, create.text).toBe(403);
    const read = await invoke(
      rounds as Handler,
      gatewayEvent(routes.getRound, claims('[admin]'), { params: { roundId } }),
    );
    expect(read.status, read.text).toBe(404);
  });
});
