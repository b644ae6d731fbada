// SPEC §3, §4, §7 and §8 through the admin API: the unit registry (R-TIER-1), index results and their
// effect on eligibility (AC2), rounds with deadlines and extensions (R-DL-2) and their audit trail, and
// the OpenAPI document with its explorer.
//
// The registry tests list every unit (pages, tiers, a district's communes) and count them, and the file
// creates units of its own: it runs on a table of its own, seeded like the shared one, so that neither the
// units other test files add meanwhile change what it lists nor its units change what they count.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

await vi.hoisted(async () => {
  // Before any module reads the configuration.
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('units-rounds');
});

import { ROUTES } from '#functions/routes.ts';
import { useLocalApi } from '../support/client.ts';
import { practiceCampaign } from '../support/stored.ts';
import { expectInvalid, expectProblem } from '../support/problems.ts';
import {
  ANNUAL_TEST_QUOTAS,
  createDossier,
  createOpenRound,
  createUnit,
  ifMatch,
  listAll,
  nominationBody,
  roundBody,
  uniqueId,
} from '../support/fixtures.ts';

const { api } = useLocalApi();

const ADMIN_SUB = `admin-${uniqueId('audit')}`;
const SEEDED_UNITS = readFileSync(new URL('../../data/son-la-units.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',') as [string, string, string, string, string]);
const COMMUNES_OF_TP_SON_LA = SEEDED_UNITS.filter(
  ([, , tier, parent]) => tier === 'commune' && parent === 'tp-son-la',
).map(([id]) => id);

let admin: string;
let officer: string;

beforeAll(async () => {
  const res = await api().post('/dev/token', { body: { role: 'admin', sub: ADMIN_SUB } });
  admin = res.body.token;
  officer = await api().token('unit_officer', 'so-noi-vu');
});

/** A unit of the province tier, not scored by the province unless told (the API's default). */
const newProvinceUnit = (overrides: { parScored?: boolean; parentUnitId?: string } = {}) =>
  createUnit(api(), admin, { tier: 'province', parScored: false, ...overrides });

describe('R-TIER-1: units CRUD as admin', () => {
  it('R-TIER-1: POST /units creates a unit that GET /units/{unitId} reads back', async () => {
    const unit = await newProvinceUnit({ parScored: true });
    expect(unit).toMatchObject({ tier: 'province', parScored: true, version: 1 });
    const read = await api().get(`/units/${unit.unitId}`, { token: officer });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(unit);
  });

  it('R-TIER-1: a parent of another tier is 400 (sub-units inherit their parent’s tier)', async () => {
    const cases = [
      { tier: 'province', parentUnitId: 'tp-son-la' },
      { tier: 'district', parentUnitId: 'so-noi-vu' },
      { tier: 'commune', parentUnitId: 'so-noi-vu' },
    ];
    for (const placement of cases) {
      const unitId = uniqueId('u-bad');
      const res = await api().post('/units', {
        token: admin,
        body: { unitId, name: 'Sai cấp', ...placement },
      });
      expectInvalid(res, 'body.tier');
      expectProblem(await api().get(`/units/${unitId}`, { token: admin }), 404, 'NOT_FOUND');
    }
    const orphan = await api().post('/units', {
      token: admin,
      body: { unitId: uniqueId('u-bad'), name: 'Mồ côi', tier: 'province', parentUnitId: 'no-such-unit' },
    });
    expectInvalid(orphan, 'body.parentUnitId');
  });

  it('R-TIER-1: a commune belongs to a district; its sub-unit keeps the province tier of its sở', async () => {
    const district = await api().post('/units', {
      token: admin,
      body: { unitId: uniqueId('h'), name: 'UBND huyện thử', tier: 'district', parScored: true },
    });
    expect(district.status, district.text).toBe(201);
    const commune = await api().post('/units', {
      token: admin,
      body: {
        unitId: uniqueId('x'),
        name: 'UBND xã thử',
        tier: 'commune',
        parentUnitId: district.body.unitId,
      },
    });
    expect(commune.status, commune.text).toBe(201);
    const children = await api().get(`/units?parentUnitId=${district.body.unitId}`, { token: officer });
    expect(children.body.items.map((u: { unitId: string }) => u.unitId)).toEqual([commune.body.unitId]);
  });

  it('INVALID_STATE: a duplicate unit id is 409 and the first unit is unchanged', async () => {
    const unit = await newProvinceUnit();
    const res = await api().post('/units', {
      token: admin,
      body: { unitId: unit.unitId, name: 'Trùng mã', tier: 'district' },
    });
    expectProblem(res, 409, 'INVALID_STATE');
    expect((await api().get(`/units/${unit.unitId}`, { token: admin })).body).toEqual(unit);
    const seeded = await api().post('/units', {
      token: admin,
      body: { unitId: 'so-noi-vu', name: 'X', tier: 'province' },
    });
    expectProblem(seeded, 409, 'INVALID_STATE');
  });

  it('R-TIER-1: PUT /units/{unitId} changes the name and moves the version', async () => {
    const unit = await newProvinceUnit();
    const res = await api().put(`/units/${unit.unitId}`, {
      token: admin,
      body: { name: 'Tên mới của đơn vị', tier: 'province', parScored: true },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Tên mới của đơn vị',
      parScored: true,
      version: unit.version + 1,
    });
    expect((await api().get(`/units/${unit.unitId}`, { token: officer })).body.name).toBe(
      'Tên mới của đơn vị',
    );
    const audit = await api().get(`/audit?entityId=${unit.unitId}`, { token: admin });
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual(['create', 'update']);
  });

  it('VERSION_CONFLICT: PUT /units/{unitId} with a stale If-Match is 412 and changes nothing', async () => {
    const unit = await newProvinceUnit();
    const current = await api().get(`/units/${unit.unitId}`, { token: admin });
    expect(current.headers.get('etag')).toBe(`"${unit.version}"`);
    // Another admin's edit moves the version on (sent with the ETag read above, as a client would).
    const first = await api().put(`/units/${unit.unitId}`, {
      token: admin,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
      body: { name: 'Tên do quản trị viên thứ nhất đặt', tier: 'province' },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body.version).toBe(unit.version + 1);

    // The second edit was prepared on the version both read: refused, in either spelling of If-Match.
    for (const stale of [`"${unit.version}"`, String(unit.version)]) {
      const res = await api().put(`/units/${unit.unitId}`, {
        token: admin,
        headers: { 'if-match': stale },
        body: { name: 'Tên ghi đè', tier: 'province', parScored: true },
      });
      expectProblem(res, 412, 'VERSION_CONFLICT');
    }
    expect((await api().get(`/units/${unit.unitId}`, { token: admin })).body).toEqual(first.body);
    const audit = await api().get(`/audit?entityId=${unit.unitId}`, { token: admin });
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual(['create', 'update']);

    // SPEC §6 requires If-Match on changes to dossiers and nominations (428 without); on a unit it is
    // optional: without one the edit applies to the current version (R-TIER-1 test above), with the
    // current one it applies too.
    const retried = await api().put(`/units/${unit.unitId}`, {
      token: admin,
      headers: ifMatch(first.body.version),
      body: { name: 'Tên ghi đè', tier: 'province', parScored: true },
    });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toMatchObject({ name: 'Tên ghi đè', parScored: true, version: unit.version + 2 });
  });

  it('VALIDATION_FAILED: PUT cannot change the unit id, nor hang a unit below its own sub-unit', async () => {
    const parent = await newProvinceUnit();
    const child = await newProvinceUnit({ parentUnitId: parent.unitId });
    const rename = await api().put(`/units/${parent.unitId}`, {
      token: admin,
      body: { unitId: uniqueId('u'), name: parent.name, tier: 'province' },
    });
    expectInvalid(rename, 'body.unitId');
    const loop = await api().put(`/units/${parent.unitId}`, {
      token: admin,
      body: { name: parent.name, tier: 'province', parentUnitId: child.unitId },
    });
    expectInvalid(loop, 'body.parentUnitId');
    expect((await api().get(`/units/${parent.unitId}`, { token: admin })).body.parentUnitId).toBeUndefined();
    const self = await api().put(`/units/${parent.unitId}`, {
      token: admin,
      body: { name: parent.name, tier: 'province', parentUnitId: parent.unitId },
    });
    expectInvalid(self, 'body.parentUnitId');
  });

  it('NOT_FOUND: PUT of an unknown unit is 404', async () => {
    const res = await api().put('/units/no-such-unit', {
      token: admin,
      body: { name: 'X', tier: 'province' },
    });
    expectProblem(res, 404, 'NOT_FOUND');
  });

  it('R-TIER-1: GET /units?tier=commune&parentUnitId=tp-son-la lists its 12 communes', async () => {
    expect(COMMUNES_OF_TP_SON_LA).toHaveLength(12);
    const res = await api().get('/units?tier=commune&parentUnitId=tp-son-la', { token: officer });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((u: { unitId: string }) => u.unitId);
    expect(ids).toEqual(expect.arrayContaining(COMMUNES_OF_TP_SON_LA));
    expect(ids).not.toContain('tpsl-phong-noi-vu');
    for (const unit of res.body.items)
      expect(unit).toMatchObject({ tier: 'commune', parentUnitId: 'tp-son-la' });
  });

  it('SPEC §8 pagination: limit/nextToken walks every unit once', async () => {
    const small = await listAll<{ unitId: string }>(api(), '/units', officer, 7);
    const ids = small.map((u) => u.unitId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(SEEDED_UNITS.map(([id]) => id)));
    const first = await api().get('/units?limit=7', { token: officer });
    expect(first.body.items).toHaveLength(7);
    expect(typeof first.body.nextToken).toBe('string');
    const communes = await listAll<{ tier: string }>(api(), '/units?tier=commune', officer, 5);
    expect(communes.every((u) => u.tier === 'commune')).toBe(true);
    expect(communes.length).toBeGreaterThanOrEqual(16);
  });
});

describe('SPEC §4 index results: PUT, GET and CSV import (all lines or none)', () => {
  const YEAR = 2031;
  const header = 'year,unitId,parIndexScore,parIndexRank,satisfactionIndex';
  const ofYear = async () =>
    new Map(
      (await listAll<{ unitId: string }>(api(), `/index-results?year=${YEAR}`, officer)).map((r) => [
        r.unitId,
        r,
      ]),
    );

  it('SPEC §4: PUT /index-results/{year}/{unitId} stores a result that GET ?year= lists', async () => {
    const unit = await newProvinceUnit({ parScored: true });
    const res = await api().put(`/index-results/${YEAR}/${unit.unitId}`, {
      token: admin,
      body: { parIndexScore: 91.25, parIndexRank: 3, satisfactionIndex: 88.5 },
    });
    expect(res.status, res.text).toBe(200);
    expect((await ofYear()).get(unit.unitId)).toMatchObject({
      year: YEAR,
      unitId: unit.unitId,
      parIndexScore: 91.25,
      parIndexRank: 3,
      satisfactionIndex: 88.5,
    });
    const unknown = await api().put(`/index-results/${YEAR}/no-such-unit`, {
      token: admin,
      body: { parIndexScore: 90 },
    });
    expectProblem(unknown, 404, 'NOT_FOUND');
  });

  it('SPEC §4: a good CSV file imports every line (BOM, CRLF and empty cells allowed)', async () => {
    const [u1, u2, u3] = await Promise.all([newProvinceUnit(), newProvinceUnit(), newProvinceUnit()]);
    const csv = `\uFEFF${header}\r\n${YEAR},${u1.unitId},92.5,1,90\r\n${YEAR},${u2.unitId},85,7,\r\n${YEAR},${u3.unitId},,,95.75\r\n`;
    const res = await api().post('/index-results:import', {
      token: admin,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: 3, years: [YEAR] });
    const stored = await ofYear();
    expect(stored.get(u1.unitId)).toMatchObject({
      parIndexScore: 92.5,
      parIndexRank: 1,
      satisfactionIndex: 90,
    });
    expect(stored.get(u2.unitId)).toMatchObject({ parIndexScore: 85, parIndexRank: 7 });
    expect(stored.get(u2.unitId)).not.toHaveProperty('satisfactionIndex');
    expect(stored.get(u3.unitId)).toMatchObject({ satisfactionIndex: 95.75 });
  });

  it('VALIDATION_FAILED: a file with two bad lines reports both line numbers and stores nothing', async () => {
    const [u1, u2] = await Promise.all([newProvinceUnit(), newProvinceUnit()]);
    const csv = [
      header,
      `${YEAR},${u1.unitId},90,1,90`,
      `${YEAR},no-such-unit,90,1,90`,
      `${YEAR},${u2.unitId},91,2,91`,
      `${YEAR},${u2.unitId}-x,101,0,90`,
      '',
    ].join('\n');
    const res = await api().post('/index-results:import', {
      token: admin,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const lines = new Set(res.body.errors.map((e: { path: string }) => e.path));
    expect([...lines].sort()).toEqual(['line 3', 'line 5']);
    const stored = await ofYear();
    expect(stored.has(u1.unitId)).toBe(false);
    expect(stored.has(u2.unitId)).toBe(false);
  });

  it('VALIDATION_FAILED: a wrong header line is reported as line 1', async () => {
    const res = await api().post('/index-results:import', {
      token: admin,
      rawBody: 'nam,donVi,diem\n2031,so-noi-vu,90\n',
      headers: { 'content-type': 'text/csv' },
    });
    expectInvalid(res, 'line 1');
  });

  it('AC2: a province-scored collective is needs_review before the import, met at 90.00, not_met at 89.99', async () => {
    const year = 2032;
    const unit = await newProvinceUnit({ parScored: true });
    const unitOfficer = await api().token('unit_officer', unit.unitId);
    const roundId = (await createOpenRound(api(), admin, { year })).roundId;
    const dossier = await createDossier(api(), unitOfficer, roundId, unit.unitId);
    const created = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: unitOfficer,
      body: nominationBody({ unitId: unit.unitId }, { criteriaClaimed: ['AC2'] }),
    });
    expect(created.status, created.text).toBe(201);
    const eligibility = async () =>
      (await api().get(`/nominations/${created.body.nominationId}`, { token: unitOfficer })).body.eligibility;

    expect(await eligibility()).toMatchObject({
      eligible: null,
      criteria: [{ code: 'AC2', status: 'needs_review' }],
    });

    const imported = await api().post('/index-results:import', {
      token: admin,
      rawBody: `${header}\n${year},${unit.unitId},90.00,4,80\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status, imported.text).toBe(200);
    const met = await eligibility();
    expect(met).toMatchObject({ eligible: true, criteria: [{ code: 'AC2', status: 'met' }] });
    expect(met.criteria[0].reason).toMatch(/90/);

    const lowered = await api().put(`/index-results/${year}/${unit.unitId}`, {
      token: admin,
      body: { parIndexScore: 89.99, parIndexRank: 5 },
    });
    expect(lowered.status, lowered.text).toBe(200);
    expect(await eligibility()).toMatchObject({
      eligible: false,
      criteria: [{ code: 'AC2', status: 'not_met' }],
    });
  });

  it('AC2: a unit the province does not score is not_applicable', async () => {
    const unit = await newProvinceUnit({ parScored: false });
    const unitOfficer = await api().token('unit_officer', unit.unitId);
    const roundId = (await createOpenRound(api(), admin)).roundId;
    const dossier = await createDossier(api(), unitOfficer, roundId, unit.unitId);
    const res = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: unitOfficer,
      body: nominationBody({ unitId: unit.unitId }, { criteriaClaimed: ['AC2'] }),
    });
    expect(res.body.eligibility).toMatchObject({
      eligible: false,
      criteria: [{ code: 'AC2', status: 'not_applicable' }],
    });
  });
});

describe('R-ROUND-1 and R-DL-2: rounds, deadlines and extensions', () => {
  /** An annual 2026 round in a campaign of its own (R-ROUND-2: one annual round a year per campaign). */
  const body = async (roundId: string, extra: Record<string, unknown> = {}) =>
    roundBody(roundId, {
      campaignId: await practiceCampaign(),
      year: 2026,
      submissionDeadline: '2026-12-30T00:00:00+07:00',
      ...extra,
    });

  it('R-ROUND-1: POST /rounds creates a round that GET /rounds/{roundId} reads with quotas and counts', async () => {
    const roundId = uniqueId('r');
    const created = await body(roundId);
    const res = await api().post('/rounds', { token: admin, body: created });
    expect(res.status, res.text).toBe(201);
    const read = await api().get(`/rounds/${roundId}`, { token: officer });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      roundId,
      campaignId: created.campaignId,
      kind: 'annual',
      year: 2026,
      quotas: ANNUAL_TEST_QUOTAS,
      extensions: [],
      version: 1,
    });
    expect(read.body.awarded.commune).toEqual({ collective: 0, individual: 0 });
    const all = await listAll<{ roundId: string }>(api(), '/rounds', officer);
    expect(all.map((r) => r.roundId)).toEqual(
      expect.arrayContaining([roundId, 'annual-2025', 'period-2021-2025']),
    );
  });

  it('VALIDATION_FAILED: an annual round needs a year, a period round its years; a duplicate id is 409', async () => {
    const { year: _y, ...noYear } = await body(uniqueId('r'));
    expectInvalid(await api().post('/rounds', { token: admin, body: noYear }), 'body.year');
    expectInvalid(
      await api().post('/rounds', { token: admin, body: { ...noYear, kind: 'period' } }),
      'body.years',
    );
    expectProblem(
      await api().post('/rounds', { token: admin, body: await body('annual-2025') }),
      409,
      'INVALID_STATE',
    );
    expectInvalid(
      await api().post('/rounds', {
        token: admin,
        body: await body(uniqueId('r'), { quotas: { province: {} } }),
      }),
      /^body\.quotas/,
    );
  });

  it('D-APP-A: PATCH announcementDate sets effectiveAppraisalDeadline to A − 9 days 00:00 ICT', async () => {
    const roundId = uniqueId('r');
    expect((await api().post('/rounds', { token: admin, body: await body(roundId) })).status).toBe(201);
    const res = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { announcementDate: '2027-03-15', reason: 'Bộ Nội vụ công bố Chỉ số CCHC ngày 15/3/2027' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.announcementDate).toBe('2027-03-15');
    // 2027-03-06 00:00 in Asia/Ho_Chi_Minh: on or before day A − 10 is on time.
    expect(new Date(res.body.effectiveAppraisalDeadline).toISOString()).toBe('2027-03-05T17:00:00.000Z');
    expect(res.body.version).toBe(2);
    const read = await api().get(`/rounds/${roundId}`, { token: officer });
    expect(read.body.effectiveAppraisalDeadline).toBe(res.body.effectiveAppraisalDeadline);
  });

  it('R-DL-2: a PATCH without a reason (or with a blank one, or changing nothing) is 400', async () => {
    const roundId = uniqueId('r');
    await api().post('/rounds', { token: admin, body: await body(roundId) });
    const patch = (b: unknown) => api().patch(`/rounds/${roundId}`, { token: admin, body: b });
    expectInvalid(await patch({ submissionDeadline: '2027-01-15T00:00:00+07:00' }), 'body.reason');
    expectInvalid(
      await patch({ submissionDeadline: '2027-01-15T00:00:00+07:00', reason: '   ' }),
      'body.reason',
    );
    expectProblem(await patch({ reason: 'không đổi gì' }), 400, 'VALIDATION_FAILED');
    expectInvalid(
      await patch({ announcementDate: '2027-02-30', reason: 'ngày sai' }),
      'body.announcementDate',
    );
    expect((await api().get(`/rounds/${roundId}`, { token: admin })).body.version).toBe(1);
    expectProblem(
      await api().patch('/rounds/no-such-round', {
        token: admin,
        body: { announcementDate: '2027-03-15', reason: 'x' },
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('R-DL-2: a per-unit extension is listed in the round and reopens submission for that unit only', async () => {
    const roundId = uniqueId('r');
    const past = new Date(Date.now() - 86_400_000).toISOString();
    expect(
      (await api().post('/rounds', { token: admin, body: await body(roundId, { submissionDeadline: past }) }))
        .status,
    ).toBe(201);
    const late = await api().post('/dossiers', { token: officer, body: { roundId, unitId: 'so-noi-vu' } });
    expectProblem(late, 422, 'DEADLINE_PASSED');

    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const reason = 'Gia hạn do sự cố mạng diện rộng';
    const res = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { unitId: 'so-noi-vu', submissionDeadline: until, reason },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.extensions).toEqual([{ unitId: 'so-noi-vu', submissionDeadline: until, reason }]);
    expect(res.body.submissionDeadline).toBe(past);
    expect((await api().get(`/rounds/${roundId}`, { token: officer })).body.extensions).toHaveLength(1);

    expect(
      (await api().post('/dossiers', { token: officer, body: { roundId, unitId: 'so-noi-vu' } })).status,
    ).toBe(201);
    const other = await api().token('unit_officer', 'so-tu-phap');
    expectProblem(
      await api().post('/dossiers', { token: other, body: { roundId, unitId: 'so-tu-phap' } }),
      422,
      'DEADLINE_PASSED',
    );

    const unknownUnit = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { unitId: 'no-such-unit', submissionDeadline: until, reason },
    });
    expectProblem(unknownUnit, 404, 'NOT_FOUND');
    const extensionOfAnnouncement = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { unitId: 'so-noi-vu', announcementDate: '2027-03-15', reason },
    });
    expectInvalid(extensionOfAnnouncement, 'body.unitId');
  });

  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  it('R-DL-2: a round deadline moved earlier to a passed instant, or first set in the past, is 400 and stores nothing', async () => {
    const roundId = uniqueId('r');
    const created = await api().post('/rounds', {
      token: admin,
      body: await body(roundId, { submissionDeadline: inDays(30) }),
    });
    expect(created.status, created.text).toBe(201);
    const patch = (b: Record<string, unknown>) =>
      api().patch(`/rounds/${roundId}`, { token: admin, body: { reason: 'Điều chỉnh hạn', ...b } });

    expectInvalid(await patch({ submissionDeadline: inDays(-1) }), 'body.submissionDeadline');
    expectInvalid(await patch({ appraisalDeadline: inDays(-1) }), 'body.appraisalDeadline');
    // One refused field refuses the whole change.
    expectInvalid(
      await patch({ submissionDeadline: inDays(40), reportDeadline: inDays(-2) }),
      'body.reportDeadline',
    );
    const unchanged = await api().get(`/rounds/${roundId}`, { token: admin });
    expect(unchanged.body).toMatchObject({ version: 1, submissionDeadline: created.body.submissionDeadline });
    expect(unchanged.body.appraisalDeadline).toBeUndefined();
    const audit = await api().get(`/audit?entityId=${roundId}`, { token: admin });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['create']);

    // Earlier, but still ahead; and a first appraisal deadline ahead: both stored.
    const moved = await patch({ submissionDeadline: inDays(10), appraisalDeadline: inDays(20) });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ version: 2, submissionDeadline: expect.any(String) });
    expect(Date.parse(moved.body.submissionDeadline)).toBeLessThan(
      Date.parse(created.body.submissionDeadline),
    );
  });

  it('R-DL-2: a per-unit extension not later than the round deadline is 400 and never stored', async () => {
    const roundId = uniqueId('r');
    expect(
      (
        await api().post('/rounds', {
          token: admin,
          body: await body(roundId, { submissionDeadline: inDays(30) }),
        })
      ).status,
    ).toBe(201);
    const extend = (submissionDeadline: string) =>
      api().patch(`/rounds/${roundId}`, {
        token: admin,
        body: { unitId: 'so-noi-vu', submissionDeadline, reason: 'Gia hạn riêng' },
      });
    expectInvalid(await extend(inDays(10)), 'body.submissionDeadline');
    const read = await api().get(`/rounds/${roundId}`, { token: admin });
    expect(read.body.extensions).toEqual([]);
    expect(
      (await api().get(`/audit?entityId=${roundId}`, { token: admin })).body.items.map(
        (a: { action: string }) => a.action,
      ),
    ).toEqual(['create']);

    const longer = inDays(40);
    expect((await extend(longer)).status).toBe(200);
    // Shortened, but still ahead: allowed.
    const shorter = inDays(35);
    const res = await extend(shorter);
    expect(res.status, res.text).toBe(200);
    expect(res.body.extensions).toEqual([
      { unitId: 'so-noi-vu', submissionDeadline: shorter, reason: 'Gia hạn riêng' },
    ]);
  });

  it('R-ROUND-2: a second round of the same kind and year in a campaign is 409, however concurrent', async () => {
    const campaignId = await practiceCampaign();
    const round = (year: number | number[], roundId = uniqueId('r')) =>
      roundBody(roundId, {
        campaignId,
        ...(Array.isArray(year) ? { kind: 'period', years: year } : { year }),
      });
    const first = await api().post('/rounds', { token: admin, body: round(2026) });
    expect(first.status, first.text).toBe(201);
    const secondId = uniqueId('r');
    expectProblem(
      await api().post('/rounds', { token: admin, body: round(2026, secondId) }),
      409,
      'INVALID_STATE',
    );
    expectProblem(await api().get(`/rounds/${secondId}`, { token: admin }), 404, 'NOT_FOUND');

    const twins = await Promise.all(
      [1, 2, 3].map(() => api().post('/rounds', { token: admin, body: round(2027) })),
    );
    expect(twins.map((r) => r.status).sort(), twins.map((r) => r.text).join('\n')).toEqual([201, 409, 409]);

    expect((await api().post('/rounds', { token: admin, body: round(2028) })).status).toBe(201);
    const period = await api().post('/rounds', { token: admin, body: round([2021, 2022, 2023, 2024, 2025]) });
    expect(period.status, period.text).toBe(201);
    // One period round per campaign, whatever its years.
    expectProblem(
      await api().post('/rounds', { token: admin, body: round([2026, 2027]) }),
      409,
      'INVALID_STATE',
    );
  });

  it('R-ROUND-2: Plan 1109 already holds its annual rounds 2021–2025 and its period round', async () => {
    for (const extra of [
      { year: 2025 },
      { year: 2021 },
      { kind: 'period', years: [2021, 2022, 2023, 2024, 2025] },
    ]) {
      const res = await api().post('/rounds', {
        token: admin,
        body: roundBody(uniqueId('r'), { ...extra, campaignId: 'plan-1109' }),
      });
      expectProblem(res, 409, 'INVALID_STATE');
    }
  });

  it('R-ROUND-2: a year outside the campaign period is 400 naming it, and nothing is stored', async () => {
    const annual = uniqueId('r');
    expectInvalid(
      await api().post('/rounds', {
        token: admin,
        body: roundBody(annual, { campaignId: 'plan-1109', year: 2026 }),
      }),
      'body.year',
    );
    const period = uniqueId('r');
    const res = await api().post('/rounds', {
      token: admin,
      body: roundBody(period, { campaignId: 'plan-1109', kind: 'period', years: [2024, 2025, 2026] }),
    });
    expectInvalid(res, 'body.years[2]');
    for (const id of [annual, period])
      expectProblem(await api().get(`/rounds/${id}`, { token: admin }), 404, 'NOT_FOUND');
  });

  it('SPEC §6 audit: each round change is recorded with actor, role, before, after and reason', async () => {
    const roundId = uniqueId('r');
    expect((await api().post('/rounds', { token: admin, body: await body(roundId) })).status).toBe(201);
    await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { announcementDate: '2027-03-15', reason: 'Công bố chỉ số' },
    });
    await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { submissionDeadline: '2027-01-10T00:00:00+07:00', reason: 'Lùi hạn nộp toàn đợt' },
    });
    await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: {
        unitId: 'so-tu-phap',
        submissionDeadline: '2027-01-20T00:00:00+07:00',
        reason: 'Gia hạn riêng',
      },
    });
    const res = await api().get(`/audit?entityId=${roundId}`, { token: admin });
    expect(res.status, res.text).toBe(200);
    const records = res.body.items as {
      action: string;
      actor: string;
      role: string;
      at: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      reason?: string;
      unitId?: string;
    }[];
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(record).toMatchObject({
        actor: ADMIN_SUB,
        role: 'admin',
        entityId: roundId,
        entityType: 'round',
      });
      expect(Number.isNaN(Date.parse(record.at))).toBe(false);
    }
    const [created, announced, moved, extended] = records;
    expect(created).toMatchObject({ action: 'create', before: null, after: { roundId } });
    expect(announced).toMatchObject({
      reason: 'Công bố chỉ số',
      after: { announcementDate: '2027-03-15', version: 2 },
    });
    expect(announced?.before).not.toHaveProperty('announcementDate');
    expect(moved).toMatchObject({
      reason: 'Lùi hạn nộp toàn đợt',
      before: { submissionDeadline: '2026-12-30T00:00:00+07:00' },
      after: { submissionDeadline: '2027-01-10T00:00:00+07:00' },
    });
    expect(extended).toMatchObject({
      action: 'extend_unit_deadline',
      unitId: 'so-tu-phap',
      reason: 'Gia hạn riêng',
      before: null,
      after: { unitId: 'so-tu-phap', submissionDeadline: '2027-01-20T00:00:00+07:00' },
    });
  });

  it('SPEC §6 audit: a unit officer does not read the trail of a round', async () => {
    expectProblem(await api().get('/audit?entityId=annual-2025', { token: officer }), 404, 'NOT_FOUND');
  });
});

interface Operation {
  operationId: string;
  security?: unknown[];
  responses: Record<string, unknown>;
  parameters: { name: string }[];
  requestBody?: {
    content: Record<string, { schema?: { additionalProperties?: unknown; required?: string[] } }>;
  };
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown> }>;
    securitySchemes: Record<string, unknown>;
  };
}

describe('SPEC §8: /openapi.json and /docs', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    const res = await api().get('/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  it('SPEC §8: /openapi.json is OpenAPI 3.1 with an operation for every non-local route', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toEqual(expect.any(String));
    for (const route of ROUTES.filter((r) => !r.localOnly)) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      if (!operation) continue;
      expect(operation.operationId).toBe(route.id);
      if (route.auth === 'public') expect(operation.security).toEqual([]);
      else expect(operation.responses['401'], route.id).toBeDefined();
      if (route.ifMatch)
        expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('If-Match');
      if (route.body)
        expect(operation.requestBody?.content?.['application/json']?.schema, route.id).toBeDefined();
    }
  });

  it('SPEC §8: component schemas are published, with the problem shape and a bearer scheme', () => {
    // The named zod schemas (.meta({ id })) are the document's components, shared by the operations.
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Problem',
        'Unit',
        'Round',
        'Dossier',
        'Nomination',
        'Eligibility',
        'AuditRecord',
      ]),
    );
    expect(doc.components.schemas.Problem?.properties).toHaveProperty('code');
    expect(doc.components.schemas.Problem?.properties).toHaveProperty('errors');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Request schemas are the strict zod ones: unknown fields refused in the document too.
    const create = doc.paths['/dossiers']?.post?.requestBody?.content['application/json']?.schema;
    expect(create?.additionalProperties).toBe(false);
    expect(create?.required).toEqual(expect.arrayContaining(['roundId', 'unitId']));
  });

  it('SPEC §8: every $ref of the document resolves inside it', () => {
    const refs = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.add(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    const unresolved = [...refs].filter((ref) => {
      if (!ref.startsWith('#/')) return true;
      let node: unknown = doc;
      for (const part of ref.slice(2).split('/'))
        node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      return node === undefined;
    });
    expect(unresolved).toEqual([]);
  });

  it('SPEC §9: /docs is an HTML page loading /docs/swagger-ui-bundle.js, which is served', async () => {
    const page = await api().get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type') ?? '').toContain('text/html');
    expect(page.text).toContain('/docs/swagger-ui-bundle.js');
    expect(page.text).toContain('/openapi.json');
    const bundle = await api().get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type') ?? '').toContain('javascript');
    expect(bundle.text.length).toBeGreaterThan(100_000);
    const css = await api().get('/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expectProblem(await api().get('/docs/..%2Fpackage.json'), 404, 'NOT_FOUND');
  });
});
