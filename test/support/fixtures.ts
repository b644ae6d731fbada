// Builders of request bodies and the objects tests create through the API (units, rounds, dossiers,
// nominations, index results), each with ids of its own so that test files never collide. Nothing here
// loads the configuration: a test file may still choose its table after importing this.

import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { IndividualNominee, Tier } from '#domain/types.ts';
import type { Api } from './client.ts';

/** A unique slug for objects a test creates (rounds, units), so test files never collide. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** If-Match for a version. */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

// ---------------------------------------------------------------------------------------------------------
// Units, index results, rounds

export interface CreatedUnit {
  unitId: string;
  name: string;
  tier: Tier;
  parentUnitId?: string;
  parScored: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A fresh unit of the registry (POST /units as an admin), so index results and dossiers of one test never
 * meet another's. Scored by the province unless told, or unless it is a commune.
 */
export async function createUnit(
  api: Api,
  adminToken: string,
  options: { tier: Tier; unitId?: string; parentUnitId?: string; parScored?: boolean; name?: string },
): Promise<CreatedUnit> {
  const unitId = options.unitId ?? uniqueId(`u-${options.tier}`);
  const res = await api.post('/units', {
    token: adminToken,
    body: {
      unitId,
      name: options.name ?? `Đơn vị thử ${unitId}`,
      tier: options.tier,
      ...(options.parentUnitId ? { parentUnitId: options.parentUnitId } : {}),
      parScored: options.parScored ?? options.tier !== 'commune',
    },
  });
  expect(res.status, `unit: ${res.text}`).toBe(201);
  return res.body as CreatedUnit;
}

/** PUT /index-results/{year}/{unitId} as an admin. */
export async function setIndexResult(
  api: Api,
  adminToken: string,
  year: number,
  unitId: string,
  body: { parIndexScore?: number; parIndexRank?: number; satisfactionIndex?: number },
): Promise<void> {
  const res = await api.put(`/index-results/${year}/${unitId}`, { token: adminToken, body });
  expect(res.status, `index result: ${res.text}`).toBe(200);
}

export const ANNUAL_TEST_QUOTAS = {
  province: { collective: 2, individual: 4 },
  district: { collective: 2, individual: 4 },
  commune: { collective: 12, individual: 8 },
};

/** The body of POST /rounds: an annual round of 2025 with the test quotas, closing in 30 days, unless told. */
export const roundBody = (
  roundId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  roundId,
  kind: 'annual',
  year: 2025,
  submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  quotas: ANNUAL_TEST_QUOTAS,
  ...overrides,
});

/**
 * Creates an open annual round (deadline in `days` days) through the admin API, in a campaign of its own
 * (R-ROUND-2: a campaign has one annual round a year) unless `campaignId` is given. That campaign is
 * written through this process's store modules, into the table they are configured for: a test whose
 * server uses another table or endpoint passes a campaign of that table.
 */
export async function createOpenRound(
  api: Api,
  adminToken: string,
  options: {
    days?: number;
    year?: number;
    kind?: 'annual' | 'period';
    quotas?: typeof ANNUAL_TEST_QUOTAS;
    campaignId?: string;
  } = {},
) {
  const kind = options.kind ?? 'annual';
  // Loaded when called, not at import: the store modules read the configuration when first imported.
  const campaignId = options.campaignId ?? (await (await import('./stored.ts')).practiceCampaign());
  const res = await api.post('/rounds', {
    token: adminToken,
    body: roundBody(uniqueId('r'), {
      campaignId,
      kind,
      ...(kind === 'annual'
        ? { year: options.year ?? 2025 }
        : { year: undefined, years: [2021, 2022, 2023, 2024, 2025] }),
      submissionDeadline: new Date(Date.now() + (options.days ?? 30) * 86_400_000).toISOString(),
      ...(options.quotas ? { quotas: options.quotas } : {}),
    }),
  });
  if (res.status !== 201) throw new Error(`round: ${res.status} ${res.text}`);
  return res.body as { roundId: string; campaignId: string; submissionDeadline: string };
}

// ---------------------------------------------------------------------------------------------------------
// Dossiers and nominations

/**
 * An individual nominee working in `unitId` (a fresh name unless told). Overrides may also be invalid on
 * purpose (a number for a date, an unknown field): the type follows them.
 */
export function individual(unitId: string): IndividualNominee;
export function individual<O extends object>(
  unitId: string,
  overrides: O,
): Omit<IndividualNominee, keyof O> & O;
export function individual(unitId: string, overrides: object = {}) {
  return {
    unitId,
    fullName: `Lò Văn ${randomUUID().slice(0, 6)}`,
    dateOfBirth: '1985-04-12',
    gender: 'male',
    position: 'Chuyên viên',
    staffCategory: 'cong_chuc',
    ...overrides,
  };
}

/** A whole, valid nomination body of an annual round. */
export function nominationBody(
  nominee: object,
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
  expect(res.status, `dossier: ${res.text}`).toBe(201);
  return res.body as { dossierId: string; version: number; unitId: string; roundId: string };
}

/** POST /dossiers/{dossierId}/nominations, which must create it. */
export async function addNomination(
  api: Api,
  officer: string,
  dossierId: string,
  body: Record<string, unknown>,
) {
  const res = await api.post(`/dossiers/${dossierId}/nominations`, { token: officer, body });
  expect(res.status, `nomination: ${res.text}`).toBe(201);
  return res.body as { nominationId: string; version: number; nominee: Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------------------
// Lists

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
