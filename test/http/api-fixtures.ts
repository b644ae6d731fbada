// Shared pieces of the API contract tests (test/http/api-*.test.ts): problem assertions, request bodies,
// and which routes have an implementation yet. Everything goes through the real local HTTP server.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RouteDef } from '#functions/pipeline/route.ts';
import { groupEntry } from '#functions/routes.ts';
import type { Api, ApiResponse } from './helpers.ts';

// A run of these files sends several hundred requests; one INFO line each would bury the test report.
// Warnings and errors (an unhandled error, a store failure) are still logged. Read by functions/config.ts
// when the first handler is imported, i.e. at the first request, after this module has run.
process.env.LOG_LEVEL ??= 'WARN';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether a route is implemented: its group's handler file exists and binds it (`routes.<id>`). */
export function isImplemented(route: RouteDef): boolean {
  const file = `${ROOT}${groupEntry(route.group)}`;
  if (!existsSync(file)) return false;
  return readFileSync(file, 'utf8').includes(`routes.${route.id}`);
}

/** Text that would betray internals: a stack frame, a source path, a Node error class. */
const LEAK = /\bat\s+\S+\s+\(|\bat\s+file:|node_modules|\.ts:\d+|\.js:\d+|TypeError|ReferenceError|\bstack\b/;

/** SPEC §8, §10: never a 5xx on bad input, never internals in a body. */
export function expectNoLeak(res: ApiResponse): void {
  expect(res.status, res.text).toBeLessThan(500);
  expect(res.text, 'body leaks internals').not.toMatch(LEAK);
}

/** An application/problem+json answer (RFC 9457) with the given status and stable code. */
export function expectProblem(res: ApiResponse, status: number, code: string): void {
  expectNoLeak(res);
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type') ?? '').toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code });
  expect(typeof res.body.type).toBe('string');
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

/** A VALIDATION_FAILED problem naming `path` (exactly, or as a prefix) among its errors. */
export function expectInvalid(res: ApiResponse, path: string | RegExp): void {
  expectProblem(res, 400, 'VALIDATION_FAILED');
  const paths: string[] = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  for (const e of res.body.errors ?? []) expect(typeof e.message).toBe('string');
  if (typeof path === 'string') expect(paths, res.text).toContain(path);
  else
    expect(
      paths.some((p) => path.test(p)),
      `${path} in ${JSON.stringify(paths)}`,
    ).toBe(true);
}

export const individual = (
  unitId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  unitId,
  fullName: `Lò Văn ${Math.random().toString(36).slice(2, 8)}`,
  dateOfBirth: '1985-04-12',
  gender: 'male',
  position: 'Chuyên viên',
  staffCategory: 'cong_chuc',
  ...overrides,
});

/** A whole, valid nomination body of an annual round. */
export function nominationBody(
  nominee: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const collective = !('fullName' in nominee);
  return {
    nomineeType: collective ? 'collective' : 'individual',
    nominee,
    criteriaClaimed: collective ? ['AC1'] : ['AI1'],
    disciplineCompliance: true,
    achievementSummary: 'Tham mưu thực hiện tốt 5 nội dung cải cách hành chính',
    citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính',
    ...overrides,
  };
}

/** A draft dossier of `unitId` in `roundId`, created by that unit's officer. */
export async function createDossier(api: Api, officer: string, roundId: string, unitId: string) {
  const res = await api.post('/dossiers', { token: officer, body: { roundId, unitId } });
  if (res.status !== 201) throw new Error(`dossier: ${res.status} ${res.text}`);
  return res.body as { dossierId: string; version: number; unitId: string; roundId: string };
}

export async function addNomination(
  api: Api,
  officer: string,
  dossierId: string,
  body: Record<string, unknown>,
) {
  const res = await api.post(`/dossiers/${dossierId}/nominations`, { token: officer, body });
  if (res.status !== 201) throw new Error(`nomination: ${res.status} ${res.text}`);
  return res.body as { nominationId: string; version: number; nominee: Record<string, unknown> };
}

/** Creates a unit through the admin API (tests use their own units so seeded data stays as seeded). */
export async function createUnit(api: Api, admin: string, unit: Record<string, unknown>) {
  const res = await api.post('/units', { token: admin, body: unit });
  if (res.status !== 201) throw new Error(`unit: ${res.status} ${res.text}`);
  return res.body as { unitId: string; version: number };
}

/** Every page of a list, following nextToken. */
export async function listAll<T = Record<string, unknown>>(
  api: Api,
  path: string,
  token: string,
  limit = 100,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 0; page < 100; page++) {
    const url = `${path}${sep}limit=${limit}${next ? `&nextToken=${encodeURIComponent(next)}` : ''}`;
    const res = await api.get(url, { token });
    expect(res.status, res.text).toBe(200);
    items.push(...(res.body.items as T[]));
    next = res.body.nextToken;
    if (!next) return items;
  }
  throw new Error(`more than 100 pages at ${path}`);
}
