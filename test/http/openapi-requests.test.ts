// SPEC R-API-1: requests the document allows are the requests the server accepts. For every operation of
// /openapi.json, a request built from the document alone (its path and query parameters, its required
// headers, the smallest body its schema allows or the example of a CSV body) is never refused as invalid:
// the server may still answer 404, 409 or 422 for reasons of the data (a made-up id, a state, a deadline).
// The answers themselves are checked against the document by the test client, as every answer is.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '#domain/types.ts';
import { ROUTES } from '#functions/routes.ts';
import { useLocalApi } from '../support/client.ts';
import { allows, CONTRACT_DOCUMENT, minimalValue } from '../support/contract.ts';

const { api } = useLocalApi();

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Json;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Json; example?: string }> };
}

const OPERATIONS = Object.entries(CONTRACT_DOCUMENT.paths).flatMap(([path, item]) =>
  Object.entries(item as unknown as Record<string, Operation>).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    op,
  })),
);

/** The request the document allows, made of its parameters and request body alone. */
function requestFor(path: string, op: Operation) {
  const unique = randomUUID().slice(0, 8);
  let url = path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of op.parameters ?? []) {
    if (!p.required) continue;
    const value = minimalValue(p.schema, unique);
    expect(allows(p.schema, value), `${op.operationId}: ${p.name} = ${String(value)}`).toBe(true);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query') query.set(p.name, String(value));
    else headers[p.name] = p.name === 'If-Match' ? '"1"' : String(value);
  }
  if (query.size > 0) url += `?${query}`;
  const content = op.requestBody?.content ?? {};
  const json = content['application/json'];
  const csv = content['text/csv'];
  if (json?.schema) {
    const body = minimalValue(json.schema, unique);
    expect(allows(json.schema, body), `${op.operationId}: ${JSON.stringify(body)}`).toBe(true);
    return { url, headers, body };
  }
  if (csv) {
    expect(csv.example, `${op.operationId}: a CSV body needs an example in the document`).toBeTypeOf(
      'string',
    );
    return { url, headers: { ...headers, 'content-type': 'text/csv' }, rawBody: csv.example as string };
  }
  return { url, headers };
}

const tokenFor = async (operationId: string) => {
  const route = ROUTES.find((r) => r.id === operationId);
  if (!route || route.auth === 'public') return undefined;
  const role = route.auth[0] as Role;
  return api().token(role, role === 'unit_officer' ? 'so-noi-vu' : undefined);
};

describe('R-API-1: every request the document allows is accepted', () => {
  it('covers every operation of the document', () => {
    expect(OPERATIONS.length).toBe(ROUTES.length);
  });

  it.each(OPERATIONS.map((o) => [`${o.method} ${o.path}`, o] as const))(
    '%s',
    async (_name, { method, path, op }) => {
      const request = requestFor(path, op);
      const res = await api().request(method, request.url, {
        ...request,
        token: await tokenFor(op.operationId),
      });
      expect(res.status, `${method} ${request.url}: ${res.text}`).not.toBe(400);
      expect(res.status, `${method} ${request.url}: ${res.text}`).toBeLessThan(500);
    },
  );
});

describe('R-I18N-1: any Accept-Language is accepted, English only when it prefers en', () => {
  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['en', 'en'],
    ['fr', 'vi'],
    ['*', 'vi'],
    ['vi-VN,vi;q=0.9,en;q=0.5', 'vi'],
    ['', 'vi'],
  ])('Accept-Language: %j', async (value, lang) => {
    const res = await api().get('/units/khong-ton-tai', {
      token: await api().token('admin'),
      headers: { 'accept-language': value },
    });
    expect(res.status).toBe(404);
    expect(res.body.title).toBe(lang === 'en' ? 'Not found' : 'Không tìm thấy');
  });
});
