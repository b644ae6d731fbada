// SPEC R-API-1: /openapi.json is exact. The committed docs/openapi.json is the generated document; the
// contract check of the test clients (test/support/contract.ts) rejects what the document does not allow;
// and every operation accepts a request the document allows.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { committedOpenApi } from '#functions/openapi.ts';
import { OPENAPI_FILE } from '../../local/openapi.ts';
import { ContractViolation, DOCUMENTED_OPERATIONS, validateResponse } from '../support/contract.ts';

describe('R-API-1: the committed document', () => {
  it('docs/openapi.json is the generated document (run `npm run openapi` after changing a route or schema)', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(
      committed === committedOpenApi(),
      'docs/openapi.json differs from the document the routes generate: run `npm run openapi` and commit it',
    ).toBe(true);
  });
});

describe('R-API-1: the contract check of the test clients', () => {
  const answer = (over: Partial<Parameters<typeof validateResponse>[0]>) => ({
    method: 'GET',
    path: '/health',
    status: 200,
    contentType: 'application/json; charset=utf-8',
    text: '{"status":"ok"}',
    ...over,
  });

  it('knows every operation of the route table', () => {
    expect(DOCUMENTED_OPERATIONS).toContain('GET /health');
    expect(DOCUMENTED_OPERATIONS).toContain('POST /dev/sweep');
    expect(DOCUMENTED_OPERATIONS).toContain('POST /units:import');
  });

  it('accepts a documented answer', () => {
    expect(() => validateResponse(answer({}))).not.toThrow();
  });

  it.each([
    ['a field the schema does not have', answer({ text: '{"status":"ok","extra":1}' })],
    ['a wrong value', answer({ text: '{"status":"down"}' })],
    ['a status the operation does not document', answer({ status: 201 })],
    ['a content type the operation does not document', answer({ contentType: 'text/plain' })],
    [
      'a problem without its code',
      answer({ status: 500, contentType: 'application/problem+json', text: '{}' }),
    ],
    ['an unknown path answered other than 404 problem+json', answer({ path: '/nowhere', status: 200 })],
    [
      'a wrong method answered 404 instead of 405',
      answer({
        method: 'DELETE',
        status: 404,
        contentType: 'application/problem+json',
        text: '{"type":"about:blank","title":"x","status":404,"detail":"x","code":"NOT_FOUND"}',
      }),
    ],
  ])('rejects %s', (_name, bad) => {
    expect(() => validateResponse(bad)).toThrow(ContractViolation);
  });

  it('matches paths as API Gateway routes them: percent-encoded, trailing slash, query', () => {
    const unit = (path: string) =>
      answer({ path, status: 401, contentType: 'application/problem+json', text: PROBLEM_401 });
    expect(() => validateResponse(unit('/units/so%2Dnoi-vu/?x=1'))).not.toThrow();
    expect(() => validateResponse(unit('/units:import'))).toThrow(ContractViolation);
    expect(() => validateResponse({ ...unit('/units:import'), method: 'POST' })).not.toThrow();
  });
});

const PROBLEM_401 = JSON.stringify({
  type: 'https://son-la-par.example/problems/unauthenticated',
  title: 'Unauthenticated',
  status: 401,
  detail: 'x',
  code: 'UNAUTHENTICATED',
  instance: 'r',
});
