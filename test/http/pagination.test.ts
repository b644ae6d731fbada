// Pagination tokens through the API (SPEC §8, edition 2): every list pages as before, its tokens reveal
// nothing of the page they follow — not even to a caller who lists what they may not read —, and a token
// that was modified, truncated or issued for another list is a 400 at query.nextToken.

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Pagination } from '#functions/schemas.ts';
import { listNotifications } from '#functions/store/notifications.ts';
import { type Api, useLocalApi } from '../support/client.ts';
import { createDossier, createOpenRound, createUnit, listAll, uniqueId } from '../support/fixtures.ts';
import { expectInvalid } from '../support/problems.ts';
import { storedNotification } from '../support/stored.ts';

const { api } = useLocalApi();

/** A year no other test file writes index results for. */
const YEAR = 2087;

let admin: string;
let appraiser: string;
let unitId: string;
let officer: string;
let outsider: string;
const roundIds: string[] = [];
const dossierIds: string[] = [];
const childIds: string[] = [];
const resultUnitIds: string[] = [];

beforeAll(async () => {
  admin = await api().token('admin');
  appraiser = await api().token('appraiser');
  const unit = await createUnit(api(), admin, { tier: 'province', parScored: true });
  unitId = unit.unitId;
  officer = await api().token('unit_officer', unitId);
  outsider = await api().token('unit_officer', 'so-tu-phap');
  // Three draft dossiers of the unit, one per round.
  for (let i = 0; i < 3; i++) {
    const { roundId } = await createOpenRound(api(), admin);
    roundIds.push(roundId);
    dossierIds.push((await createDossier(api(), officer, roundId, unitId)).dossierId);
  }
  // Five sub-units; and three updates of the unit, for its audit trail.
  for (let i = 0; i < 5; i++)
    childIds.push((await createUnit(api(), admin, { tier: 'province', parentUnitId: unitId })).unitId);
  for (let i = 0; i < 3; i++) {
    const res = await api().put(`/units/${unitId}`, {
      token: admin,
      body: { name: `Đơn vị thử đổi tên ${i}`, tier: 'province', parScored: true },
    });
    expect(res.status, res.text).toBe(200);
  }
  // Index results of three units for a year of this file's own.
  for (const id of [unitId, ...childIds.slice(0, 2)]) {
    resultUnitIds.push(id);
    const res = await api().put(`/index-results/${YEAR}/${id}`, {
      token: admin,
      body: { parIndexScore: 90 },
    });
    expect(res.status, res.text).toBe(200);
  }
  // Five notifications of the unit, a second apart.
  for (let i = 0; i < 5; i++)
    await storedNotification(
      { unitId },
      { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() },
    );
});

/** Every page of a list with `limit`, each token kept. */
async function walk(client: Api, path: string, token: string, limit: number) {
  const items: Record<string, unknown>[] = [];
  const tokens: string[] = [];
  let next: string | undefined;
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 0; page < 200; page++) {
    const res = await client.get(`${path}${sep}limit=${limit}${next ? `&nextToken=${next}` : ''}`, { token });
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    next = res.body.nextToken;
    if (!next) return { items, tokens };
    tokens.push(next);
  }
  throw new Error(`more than 200 pages at ${path}`);
}

/** What a caller may try to read a token with. */
const decodings = (token: string) => {
  const bytes = [Buffer.from(token, 'base64url'), Buffer.from(token, 'base64')];
  return [token, ...bytes.flatMap((b) => [b.toString('utf8'), b.toString('latin1'), b.toString('hex')])];
};

/** None of `secrets` (ids, key labels, statuses) can be read from the token, however decoded. */
function expectOpaque(token: string, secrets: readonly string[]) {
  for (const text of decodings(token))
    for (const secret of secrets) expect(text, `token shows "${secret}"`).not.toContain(secret);
}

/** Labels and attribute names of the table's keys (long enough never to appear by chance in random bytes). */
const KEY_LABELS = ['UNIT#', 'UNITS', 'DOSSIER', 'ROUND', 'AUDIT#', 'NOTIF', 'INDEX#', 'gsi1', 'gsi2'];

const flip = (token: string, at: number) => {
  const bytes = Buffer.from(token, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 0x20;
  return bytes.toString('base64url');
};

/** A token changed in its middle and at its end, and cut short. */
const damaged = (token: string) => {
  const length = Buffer.from(token, 'base64url').length;
  return [flip(token, Math.floor(length / 2)), flip(token, length - 1), flip(token, 1), token.slice(0, -6)];
};

const ids = (items: Record<string, unknown>[], field: string) => items.map((i) => String(i[field]));

describe('SPEC §8 (edition 2): paging still works everywhere, tokens sealed', () => {
  it.each([
    ['units of a parent', () => `/units?parentUnitId=${unitId}`, () => admin, 'unitId', () => childIds],
    ['dossiers of a unit', () => '/dossiers', () => officer, 'dossierId', () => dossierIds],
    [
      'audit of a unit',
      () => `/audit?entityId=${unitId}`,
      () => admin,
      'action',
      () => ['create', 'update', 'update', 'update'],
    ],
    [
      'index results of a year',
      () => `/index-results?year=${YEAR}`,
      () => admin,
      'unitId',
      () => resultUnitIds,
    ],
    ['notifications of a unit', () => '/notifications', () => officer, 'notificationId', () => undefined],
  ])(
    'SPEC §8: %s page by page, each item once, tokens revealing nothing',
    async (_, path, who, field, expected) => {
      const { items, tokens } = await walk(api(), path(), who(), 2);
      const all = await listAll<Record<string, unknown>>(api(), path(), who(), 100);
      expect(ids(items, field)).toEqual(ids(all, field));
      const want = expected();
      if (want) expect([...ids(items, field)].sort()).toEqual([...want].sort());
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) expectOpaque(token, [unitId, ...ids(items, field), ...KEY_LABELS]);
    },
  );

  it('SPEC §8: rounds page by page, the ones created here each once', async () => {
    const { items, tokens } = await walk(api(), '/rounds', officer, 10);
    const listed = ids(items, 'roundId');
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(roundIds));
    for (const token of tokens.slice(0, 5)) expectOpaque(token, [...listed.slice(0, 20), ...KEY_LABELS]);
  });

  it('SPEC §8: notifications newest first across pages, the unread filter paging too', async () => {
    const { items } = await walk(api(), '/notifications', officer, 2);
    const created = items.map((n) => String(n.createdAt));
    expect(created).toEqual([...created].sort().reverse());
    expect(items).toHaveLength(5);
    expect((await walk(api(), '/notifications?unread=true', officer, 2)).items).toHaveLength(5);
  });
});

describe('SPEC §8 (edition 2): merged notification lists', () => {
  it('SPEC §8: four addressees with the longest ids page through tokens a request still takes', async () => {
    // Prepare: a unit and three roles (the most a caller reads at once), ids and notification ids as long
    // as they get (a dossier_expired id names the round, the unit, the deadline and the dossier).
    const tag = uniqueId('n');
    const unit = `${tag}-${'u'.repeat(64 - tag.length - 1)}`;
    const addressees = [{ unitId: unit }, ...['a', 'b', 'c'].map((r) => ({ role: `${tag}-${r}` }))];
    const longId = (i: number) =>
      `dossier_expired:${'r'.repeat(64)}:${unit}:2025-12-30T00:00:00.000Z:${randomUUID()}:${i}`;
    for (const [a, to] of addressees.entries())
      for (let i = 0; i < 3; i++)
        await storedNotification(to, {
          notificationId: longId(i),
          createdAt: new Date(Date.UTC(2026, 1, 1, a, 0, i)).toISOString(),
        });

    // Act: one item a page, so every addressee's cursor is in the token.
    const seen: string[] = [];
    let nextToken: string | undefined;
    let longest = 0;
    do {
      const page = await listNotifications(addressees, { limit: 1, nextToken });
      seen.push(...page.items.map((n) => n.notificationId));
      nextToken = page.nextToken;
      longest = Math.max(longest, nextToken?.length ?? 0);
      if (nextToken) expect(Pagination().nextToken.safeParse(nextToken).success).toBe(true);
    } while (nextToken);

    // Assess
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(longest).toBeLessThanOrEqual(2048);
  });
});

describe('SPEC §8 (edition 2): a token reveals nothing to who lists what they may not read', () => {
  it("SPEC §8: another unit's dossiers: nothing listed, and the token shows none of their ids or rounds", async () => {
    const res = await api().get(`/dossiers?unitId=${unitId}&limit=1`, { token: outsider });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(typeof res.body.nextToken).toBe('string');
    expectOpaque(res.body.nextToken, [...dossierIds, ...roundIds, unitId, 'draft', ...KEY_LABELS]);
  });

  it('SPEC §8: a reviewer listing a round sees no draft, nor its id or status in the token', async () => {
    // Prepare: a second unit's draft in the same round, so the page of one is followed by a token.
    const other = await createUnit(api(), admin, { tier: 'province' });
    const otherOfficer = await api().token('unit_officer', other.unitId);
    const draft = await createDossier(api(), otherOfficer, roundIds[0]!, other.unitId);

    const res = await api().get(`/dossiers?roundId=${roundIds[0]}&limit=1`, { token: appraiser });

    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(typeof res.body.nextToken).toBe('string');
    expectOpaque(res.body.nextToken, [
      draft.dossierId,
      dossierIds[0]!,
      other.unitId,
      unitId,
      'draft',
      roundIds[0]!,
      ...KEY_LABELS,
    ]);
  });
});

describe('SPEC §8 (edition 2): a modified, truncated or foreign token is a 400', () => {
  it.each([
    ['units', () => `/units?parentUnitId=${unitId}`, () => admin],
    ['rounds', () => '/rounds', () => admin],
    ['dossiers of a unit', () => '/dossiers', () => officer],
    ['dossiers of a round', () => `/dossiers?roundId=${roundIds[0]}`, () => admin],
    ['audit', () => `/audit?entityId=${unitId}`, () => admin],
    ['index results', () => `/index-results?year=${YEAR}`, () => admin],
    ['notifications', () => '/notifications', () => officer],
  ])('VALIDATION_FAILED: a damaged token of %s', async (_, path, who) => {
    const first = await api().get(`${path()}${path().includes('?') ? '&' : '?'}limit=1`, { token: who() });
    expect(first.body.nextToken, first.text).toEqual(expect.any(String));
    for (const token of damaged(first.body.nextToken)) {
      const res = await api().get(`${path()}${path().includes('?') ? '&' : '?'}nextToken=${token}`, {
        token: who(),
      });
      expectInvalid(res, 'query.nextToken');
    }
  });

  it('VALIDATION_FAILED: a token of one list does not resume another, nor the same list elsewhere', async () => {
    const token = async (path: string, who: string) => {
      const res = await api().get(`${path}${path.includes('?') ? '&' : '?'}limit=1`, { token: who });
      expect(res.body.nextToken, `${path}: ${res.text}`).toEqual(expect.any(String));
      return res.body.nextToken as string;
    };
    const resume = (path: string, who: string, t: string) =>
      api().get(`${path}${path.includes('?') ? '&' : '?'}nextToken=${t}`, { token: who });

    const units = await token(`/units?parentUnitId=${unitId}`, admin);
    const round0 = await token(`/dossiers?roundId=${roundIds[0]}`, admin);
    const audit = await token(`/audit?entityId=${unitId}`, admin);
    const unread = await token('/notifications?unread=true', officer);
    const results = await token(`/index-results?year=${YEAR}`, admin);

    const foreign: [string, string, string][] = [
      ['/rounds', admin, units],
      [`/units?parentUnitId=${childIds[0]}`, admin, units],
      ['/units', admin, units],
      [`/dossiers?roundId=${roundIds[1]}`, admin, round0],
      [`/dossiers?roundId=${roundIds[0]}&status=submitted`, admin, round0],
      [`/audit?entityId=${childIds[0]}`, admin, audit],
      ['/notifications', officer, unread],
      [`/index-results?year=${YEAR + 1}`, admin, results],
      [`/audit?entityId=${unitId}`, admin, results],
    ];
    for (const [path, who, t] of foreign) expectInvalid(await resume(path, who, t), 'query.nextToken');
  });
});
