// How lambdaHandler runs the chain of functions/pipeline/handler.ts (as @middy/core ran it): the pipeline,
// then the implementation raced against the function's remaining time; any error, the pipeline's refusals
// included, answered as problem+json. Routes of its own with public access, so no store is reached.

import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { NotFoundError } from '#domain/errors.ts';
import { type HttpEvent, type Impl, lambdaHandler, on } from '#functions/pipeline/handler.ts';
import { defineRoute } from '#functions/pipeline/route.ts';

const whatParams = z.strictObject({ what: z.enum(['ok', 'missing', 'broken', 'hang']) });
const ping = defineRoute({
  id: 'pingRun',
  method: 'GET',
  path: '/run/{what}',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'A route of this test',
  params: () => whatParams,
});
const staffOnly = defineRoute({
  id: 'staffRun',
  method: 'GET',
  path: '/run-staff',
  group: 'meta',
  auth: ['admin'],
  tag: 'meta',
  summary: 'A route of this test that needs a token',
});

const impl: Impl<typeof ping> = async ({ params }) => {
  if (params.what === 'missing') throw new NotFoundError({ vi: 'Không có.', en: 'Nothing here.' });
  if (params.what === 'broken') throw new Error('boom');
  if (params.what === 'hang') return new Promise(() => {});
  return { body: { what: params.what } };
};
const handler = lambdaHandler([on(ping, impl), on(staffOnly, async () => ({ body: {} }))]);

const event = (path: string, routeKey: string, pathParameters?: Record<string, string>) =>
  ({
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'accept-language': 'en' },
    ...(pathParameters ? { pathParameters } : {}),
    isBase64Encoded: false,
    requestContext: { requestId: 'run-test', http: { method: 'GET', path } },
  }) as unknown as HttpEvent;

const context = (remainingMs?: number) =>
  ({
    awsRequestId: 'run-test',
    functionName: 'run-test',
    ...(remainingMs === undefined ? {} : { getRemainingTimeInMillis: () => remainingMs }),
  }) as unknown as Context;

const what = (value: string) => event(`/run/${value}`, 'GET /run/{what}', { what: value });
const json = (body: string | undefined) => JSON.parse(body ?? '{}');

describe('lambdaHandler runs the pipeline, the implementation and the error answer', () => {
  it('answers what the implementation replies, with or without a Lambda clock', async () => {
    for (const ctx of [context(30_000), context()]) {
      const result = await handler(what('ok'), ctx);
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['x-request-id']).toBe('run-test');
      expect(json(result.body)).toEqual({ what: 'ok' });
    }
  });

  it("answers the pipeline's own refusals (validation, no token) as problems", async () => {
    const invalid = await handler(what('nope'), context(30_000));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(invalid.body).code).toBe('VALIDATION_FAILED');
    const anonymous = await handler(event('/run-staff', 'GET /run-staff'), context(30_000));
    expect(anonymous.statusCode).toBe(401);
    expect(json(anonymous.body).code).toBe('UNAUTHENTICATED');
  });

  it("answers an implementation's domain error and its unexpected error as problems", async () => {
    const missing = await handler(what('missing'), context(30_000));
    expect(missing.statusCode).toBe(404);
    expect(json(missing.body)).toMatchObject({ code: 'NOT_FOUND', detail: 'Nothing here.' });
    const broken = await handler(what('broken'), context(30_000));
    expect(broken.statusCode).toBe(500);
    expect(json(broken.body)).toMatchObject({ code: 'INTERNAL', instance: 'run-test' });
  });

  it('answers 500 when the implementation is still running at the end of the time Lambda leaves it', async () => {
    // 5 ms left: the race ends at once, rather than Lambda cutting the function off without an answer.
    const late = await handler(what('hang'), context(5));
    expect(late.statusCode).toBe(500);
    expect(json(late.body).code).toBe('INTERNAL');
  });
});
