// Grants from the sent appraisal report (R-AWD-1) within quotas under concurrency (R-QUOTA-2(b)), all or
// nothing, the official award list (CSV and Excel), the appraisers' working list and closing a round,
// through the local HTTP server.

import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tier } from '#domain/types.ts';
import { parseCsv } from '#functions/lib/csv.ts';
import { useLocalApi } from '../support/client.ts';
import { ai3Nomination, startDossier } from '../support/documents.ts';
import { ANNUAL_TEST_QUOTAS, createOpenRound, createUnit, ifMatch, individual } from '../support/fixtures.ts';
import { type FixtureNomination, sentWithoutReport, submittedDossier } from '../support/stored.ts';

const { api } = useLocalApi();

let admin: string;
let appraiser: string;
let approver: string;

beforeAll(async () => {
  [admin, appraiser, approver] = await Promise.all([
    api().token('admin'),
    api().token('appraiser'),
    api().token('approver'),
  ]);
});

const QUOTAS = {
  province: { collective: 2, individual: 2 },
  district: { collective: 2, individual: 2 },
  commune: { collective: 2, individual: 2 },
};

const recommendedIndividual = (unitId: string, fullName?: string): FixtureNomination => ({
  nomineeType: 'individual',
  nominee: individual(unitId, fullName ? { fullName } : {}),
  criteriaClaimed: ['AI1'],
  status: 'recommended',
});

const recommendedCollective = (unitId: string): FixtureNomination => ({
  nomineeType: 'collective',
  nominee: { unitId },
  criteriaClaimed: ['AC1'],
  status: 'recommended',
});

/** A fresh round and unit of a tier, and a submitted dossier of that unit holding the given nominations. */
async function roundWithDossier(tier: Tier, nominations: (unitId: string) => FixtureNomination[]) {
  const round = await createOpenRound(api(), admin, { quotas: QUOTAS });
  const unitId = (await createUnit(api(), admin, { tier })).unitId;
  const dossier = await submittedDossier({
    roundId: round.roundId,
    unitId,
    nominations: nominations(unitId),
  });
  return { round, unitId, dossier };
}

/** SPEC §8: the award list's Vietnamese headers, written out here as the contract fixes them. */
const AWARD_LIST_HEADERS = [
  'STT',
  'Họ và tên / Tên tập thể',
  'Chức vụ',
  'Đơn vị',
  'Cấp',
  'Tiêu chuẩn đạt',
  'Số quyết định',
];

/** Sở Nội vụ sends the round's appraisal report (seed III.4), which the Chairman grants from (R-AWD-1). */
async function sendReport(roundId: string) {
  const res = await api().post(`/rounds/${roundId}/appraisal-report`, { token: appraiser, body: {} });
  expect(res.status, res.text).toBe(200);
  return res.body as { nominationIds: string[]; appraisalReports: number };
}

/** The stored nominations of a dossier, with the cell each belongs to. */
async function cellMembers(dossierId: string) {
  const res = await api().get(`/dossiers/${dossierId}`, { token: admin });
  return (
    res.body.nominations as { nominationId: string; tier: Tier; nomineeType: 'collective' | 'individual' }[]
  ).map(({ nominationId, tier, nomineeType }) => ({ nominationId, tier, nomineeType }));
}

const grant = (roundId: string, nominationIds: string[], token = approver) =>
  api().post(`/rounds/${roundId}/awards`, {
    token,
    body: { nominationIds, decisionNo: '1234/QĐ-UBND', decisionDate: '2025-12-20' },
  });

async function statusesOf(dossierId: string): Promise<Record<string, string>> {
  const res = await api().get(`/dossiers/${dossierId}`, { token: admin });
  expect(res.status, res.text).toBe(200);
  return Object.fromEntries(
    res.body.nominations.map((n: { nominationId: string; status: string }) => [n.nominationId, n.status]),
  );
}

const awardedCounts = async (roundId: string) =>
  (await api().get(`/rounds/${roundId}`, { token: admin })).body.awarded;

describe('granting awards', () => {
  it('R-QUOTA-2: 50 concurrent grants of one nomination each into a cell with quota 2 award exactly 2', async () => {
    const { round, dossier } = await roundWithDossier('district', (district) =>
      Array.from({ length: 50 }, (_, i) => recommendedIndividual(district, `Cá nhân số ${i}`)),
    );
    // The counters hold on their own: even were all 50 on the sent list (a report refuses that,
    // R-QUOTA-2(a)), no interleaving of grants may award a third.
    await sentWithoutReport(round.roundId, await cellMembers(dossier.dossierId));

    const results = await Promise.all(dossier.nominationIds.map((id) => grant(round.roundId, [id])));

    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(
      ok,
      results
        .filter((r) => r.status !== 200 && r.status !== 409)
        .map((r) => r.text)
        .join('\n'),
    ).toHaveLength(2);
    expect(refused).toHaveLength(48);
    expect(refused.every((r) => r.body.code === 'QUOTA_EXCEEDED')).toBe(true);
    expect((await awardedCounts(round.roundId)).district).toEqual({ collective: 0, individual: 2 });
    const statuses = Object.values(await statusesOf(dossier.dossierId));
    expect(statuses.filter((s) => s === 'awarded')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'recommended')).toHaveLength(48);
  });

  it('R-QUOTA-2: a grant where one cell overflows changes nothing (statuses, counters, audit)', async () => {
    const { round, dossier } = await roundWithDossier('province', (province) => [
      recommendedCollective(province),
      recommendedIndividual(province),
      recommendedIndividual(province),
      recommendedIndividual(province),
    ]);
    // Three individuals in a cell of two, all on the sent list (which a report would refuse).
    await sentWithoutReport(round.roundId, await cellMembers(dossier.dossierId));
    const before = await statusesOf(dossier.dossierId);

    const res = await grant(round.roundId, dossier.nominationIds);
    expect(res.status, res.text).toBe(409);
    expect(res.body.code).toBe('QUOTA_EXCEEDED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['province.individual']);

    expect(await statusesOf(dossier.dossierId)).toEqual(before);
    expect(await awardedCounts(round.roundId)).toEqual({
      province: { collective: 0, individual: 0 },
      district: { collective: 0, individual: 0 },
      commune: { collective: 0, individual: 0 },
    });
    for (const id of dossier.nominationIds) {
      const audit = await api().get(`/audit?entityId=${id}`, { token: admin });
      expect(audit.status === 404 || audit.body.items.length === 0, audit.text).toBe(true);
    }
  });

  it('R-QUOTA-2: a grant within quota awards all at once, records the decision and counts it', async () => {
    const { round, dossier } = await roundWithDossier('province', (province) => [
      recommendedCollective(province),
      recommendedIndividual(province),
      recommendedIndividual(province),
    ]);
    await sendReport(round.roundId);
    const res = await grant(round.roundId, dossier.nominationIds);
    expect(res.status, res.text).toBe(200);
    expect(res.body.awarded).toHaveLength(3);
    expect(res.body.awarded[0]).toMatchObject({
      status: 'awarded',
      version: 2,
      award: { decisionNo: '1234/QĐ-UBND', decisionDate: '2025-12-20' },
      eligibility: expect.any(Object),
    });
    expect((await awardedCounts(round.roundId)).province).toEqual({ collective: 1, individual: 2 });
    const summary = await api().get(`/rounds/${round.roundId}/summary`, { token: appraiser });
    const cell = summary.body.cells.find(
      (c: { tier: string; nomineeType: string }) => c.tier === 'province' && c.nomineeType === 'individual',
    );
    expect(cell).toMatchObject({ recommended: 2, awarded: 2, quota: 2, remaining: 0 });
    const audit = await api().get(`/audit?entityId=${dossier.nominationIds[0]}`, { token: admin });
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'award', role: 'approver' })]);
    const decision = await api().get(`/audit?entityId=${round.roundId}`, { token: admin });
    expect(decision.body.items).toContainEqual(
      expect.objectContaining({
        entityType: 'award',
        action: 'grant',
        after: expect.objectContaining({ decisionNo: '1234/QĐ-UBND' }),
      }),
    );

    // Granting the same nominations again: they are no longer recommended.
    const again = await grant(round.roundId, [dossier.nominationIds[1] as string]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
  });

  it('R-QUOTA-2: refuses duplicates and oversize lists (400), unknown ids (404), other rounds and unrecommended ones (409)', async () => {
    const round = await createOpenRound(api(), admin, { quotas: QUOTAS });
    const other = await createOpenRound(api(), admin, { quotas: QUOTAS });
    const province = (await createUnit(api(), admin, { tier: 'province' })).unitId;
    const here = await submittedDossier({
      roundId: round.roundId,
      unitId: province,
      nominations: [
        recommendedIndividual(province),
        { ...recommendedIndividual(province), status: 'submitted' },
      ],
    });
    const there = await submittedDossier({
      roundId: other.roundId,
      unitId: province,
      nominations: [recommendedIndividual(province)],
    });
    const [recommended, submitted] = here.nominationIds as [string, string];
    await Promise.all([sendReport(round.roundId), sendReport(other.roundId)]);

    const duplicate = await grant(round.roundId, [recommended, recommended]);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].path).toBe('body.nominationIds[1]');

    const oversize = await grant(
      round.roundId,
      Array.from({ length: 49 }, (_, i) => `n-${i}`),
    );
    expect(oversize.status).toBe(400);
    expect(oversize.body.detail).toMatch(/tối đa 48/);

    const unknown = await grant(round.roundId, [recommended, 'no-such-nomination']);
    expect(unknown.status).toBe(404);

    const wrong = await grant(round.roundId, [recommended, submitted, there.nominationIds[0] as string]);
    expect(wrong.status, wrong.text).toBe(409);
    expect(wrong.body.code).toBe('INVALID_STATE');
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.nominationIds[1]',
      'body.nominationIds[2]',
    ]);
    expect((await statusesOf(here.dossierId))[recommended]).toBe('recommended');
  });

  it('R-AWD-1: the Chairman grants from the sent report: nothing before it, nothing it did not carry', async () => {
    const { round, dossier } = await roundWithDossier('province', (province) => [
      recommendedCollective(province),
      { ...recommendedIndividual(province), status: 'submitted' },
    ]);
    const [early, late] = dossier.nominationIds as [string, string];
    const before = await grant(round.roundId, [early]);
    expect(before.status, before.text).toBe(409);
    expect(before.body.code).toBe('INVALID_STATE');
    expect(before.body.detail).toContain('chưa trình báo cáo thẩm định');

    const first = await sendReport(round.roundId);
    expect(first.nominationIds).toEqual([early]);
    // Recommended after the report: not on the Chairman's list until a report carries it.
    const appraised = await api().post(`/nominations/${late}/appraisal`, {
      token: appraiser,
      headers: ifMatch(1),
      body: { decision: 'recommend', verifiedCriteria: ['AI1'] },
    });
    expect(appraised.status, appraised.text).toBe(200);
    const refused = await grant(round.roundId, [early, late]);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.nominationIds[1]']);
    expect(await statusesOf(dossier.dossierId)).toEqual({ [early]: 'recommended', [late]: 'recommended' });

    const second = await sendReport(round.roundId);
    expect(second.appraisalReports).toBe(2);
    expect([...second.nominationIds].sort()).toEqual([early, late].sort());
    const granted = await grant(round.roundId, [early, late]);
    expect(granted.status, granted.text).toBe(200);
  });

  it('SPEC §1: a unit officer (403) and an appraiser (403) cannot grant awards', async () => {
    const round = await createOpenRound(api(), admin, { quotas: QUOTAS });
    const officer = await api().token('unit_officer', 'so-noi-vu');
    for (const token of [officer, appraiser]) {
      const res = await grant(round.roundId, ['x'], token);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });
});

describe('the award list and the working list', () => {
  it('SPEC §8: awards.csv (UTF-8 BOM) and awards.xlsx list the awards by tier, collectives first, with the criteria met', async () => {
    const round = await createOpenRound(api(), admin, { quotas: ANNUAL_TEST_QUOTAS });
    const sở = (await createUnit(api(), admin, { tier: 'province', name: 'Sở Thử nghiệm' })).unitId;
    const phòng = (
      await createUnit(api(), admin, {
        tier: 'province',
        parentUnitId: sở,
        name: 'Phòng Cải cách',
      })
    ).unitId;
    const huyện = (await createUnit(api(), admin, { tier: 'district', name: 'UBND huyện Thử' })).unitId;
    const province = await submittedDossier({
      roundId: round.roundId,
      unitId: sở,
      nominations: [
        {
          nomineeType: 'individual',
          nominee: individual(phòng, { fullName: 'Nguyễn Thị Bình' }),
          criteriaClaimed: ['AI1'],
        },
        { nomineeType: 'collective', nominee: { unitId: phòng }, criteriaClaimed: ['AC1'] },
      ],
    });
    const district = await submittedDossier({
      roundId: round.roundId,
      unitId: huyện,
      nominations: [{ nomineeType: 'collective', nominee: { unitId: huyện }, criteriaClaimed: ['AC1'] }],
    });
    const ids = [...province.nominationIds, ...district.nominationIds];
    for (const [i, id] of ids.entries()) {
      const res = await api().post(`/nominations/${id}/appraisal`, {
        token: appraiser,
        headers: ifMatch(1),
        body: { decision: 'recommend', verifiedCriteria: [i === 0 ? 'AI1' : 'AC1'] },
      });
      expect(res.status, res.text).toBe(200);
    }
    await sendReport(round.roundId);
    expect((await grant(round.roundId, ids)).status).toBe(200);

    const csv = await api().get(`/rounds/${round.roundId}/awards.csv`, { token: approver });
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="danh-sach-khen-thuong-${round.roundId}.csv"`,
    );
    // The decoded text drops a BOM: look at the bytes.
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(AWARD_LIST_HEADERS);
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ['1', 'Phòng Cải cách', '', 'Sở Thử nghiệm', 'Cấp tỉnh'],
      ['2', 'Nguyễn Thị Bình', 'Chuyên viên', 'Phòng Cải cách', 'Cấp tỉnh'],
      ['3', 'UBND huyện Thử', '', '', 'Cấp huyện'],
    ]);
    // Criteria by their titles in the decision's words (R-I18N-1), never as `AC1 – …`.
    expect(rows[1]?.[5]).toMatch(/^Thành tích xuất sắc, tiêu biểu, dẫn đầu/);
    expect(rows[2]?.[5]).toMatch(/^Thành tích xuất sắc, tiêu biểu trong lãnh đạo/);
    expect(rows[1]?.[5]).not.toMatch(/\b[AP][CI][123]\b/);
    expect(rows[1]?.[6]).toBe('1234/QĐ-UBND');

    const xlsx = await api().get(`/rounds/${round.roundId}/awards.xlsx`, { token: admin });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as never);
    const sheet = workbook.worksheets[0]!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(String(values(1)[0])).toContain('BẰNG KHEN');
    // R-I18N-1 (edition 2): the export names the round, never its id.
    expect(String(values(2)[0])).toContain('Khen thưởng năm 2025');
    expect(String(values(2)[0])).not.toContain(round.roundId);
    expect(values(3)).toEqual(AWARD_LIST_HEADERS);
    expect(sheet.getRow(3).font?.bold).toBe(true);
    const texts = Array.from({ length: sheet.rowCount - 3 }, (_, i) => values(i + 4));
    expect(texts.map((v) => v[0])).toEqual([
      'I. CẤP TỈNH',
      'Tập thể',
      1,
      'Cá nhân',
      2,
      'II. CẤP HUYỆN',
      'Tập thể',
      3,
    ]);
    expect(texts[2]?.slice(1, 4)).toEqual(['Phòng Cải cách', '', 'Sở Thử nghiệm']);
    expect(texts[4]?.[1]).toBe('Nguyễn Thị Bình');

    const working = await api().get(`/rounds/${round.roundId}/nominations.csv`, { token: appraiser });
    expect(working.status).toBe(200);
    const list = parseCsv(working.text);
    expect(list[0]).toContain('Đủ điều kiện');
    expect(list).toHaveLength(4);
    expect(list[1]).toContain('được khen thưởng');
    // Criteria by their titles, never by code (R-I18N-1).
    expect(list[1]?.join(';')).toMatch(/Thành tích xuất sắc, tiêu biểu, dẫn đầu[^;]*: đạt/);
    expect(list[1]?.join(';')).not.toMatch(/\bAC1\b/);
    // R-I18N-1 and R-APP-1: the decision by its label, and the sending of the report that carried it.
    expect(list[0]).toContain('Báo cáo thẩm định');
    expect(list[1]).toContain('Đề xuất khen thưởng');
    expect(list[1]).toContain('Đã trình (lần 1)');
    expect(list[1]).not.toContain('recommend');
  });
});

describe('closing a round', () => {
  it('SPEC §6: recommended nominations not granted become not_awarded, submitted dossiers closed; nothing is granted after', async () => {
    const { round, dossier } = await roundWithDossier('province', (province) => [
      recommendedIndividual(province),
      recommendedIndividual(province),
      { ...recommendedIndividual(province), status: 'submitted' },
    ]);
    const [granted, left] = dossier.nominationIds as [string, string];
    await sendReport(round.roundId);
    expect((await grant(round.roundId, [granted])).status).toBe(200);

    const denied = await api().post(`/rounds/${round.roundId}/close`, { token: approver, body: {} });
    expect(denied.status).toBe(403);
    const closed = await api().post(`/rounds/${round.roundId}/close`, {
      token: admin,
      body: { reason: 'Đã có quyết định' },
    });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({ notAwarded: 1, closedDossiers: 1, unappraised: 1 });

    const statuses = await statusesOf(dossier.dossierId);
    expect(statuses[granted]).toBe('awarded');
    expect(statuses[left]).toBe('not_awarded');
    const read = await api().get(`/dossiers/${dossier.dossierId}`, { token: admin });
    expect(read.body.status).toBe('closed');
    expect((await api().get(`/rounds/${round.roundId}`, { token: admin })).body.closedAt).toBe(
      closed.body.closedAt,
    );

    const late = await grant(round.roundId, [left]);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INVALID_STATE');
    const again = await api().post(`/rounds/${round.roundId}/close`, { token: admin, body: {} });
    expect(again.body).toMatchObject({ closedAt: closed.body.closedAt, notAwarded: 0, closedDossiers: 0 });
  });

  it('seed III.4: a closed round takes no new dossier, nomination or submission, its deadline still ahead', async () => {
    // A draft of a round whose D-SUB is a month away, then the round is closed.
    const w = await startDossier(api(), { nominations: 0, days: 30 });
    const closed = await api().post(`/rounds/${w.roundId}/close`, {
      token: w.admin,
      body: { reason: 'Đã có quyết định' },
    });
    expect(closed.status, closed.text).toBe(200);

    const nomination = await api().post(`/dossiers/${w.dossierId}/nominations`, {
      token: w.officer,
      body: ai3Nomination(individual(w.unitId)),
    });
    expect(nomination.status, nomination.text).toBe(409);
    expect(nomination.body.code).toBe('INVALID_STATE');
    expect(nomination.body.detail).toContain('Đợt khen thưởng này đã kết thúc');

    const read = await api().get(`/dossiers/${w.dossierId}`, { token: w.officer });
    const submit = await api().post(`/dossiers/${w.dossierId}/submit`, {
      token: w.officer,
      headers: ifMatch(read.body.version),
      body: {},
    });
    expect(submit.status, submit.text).toBe(409);
    expect(submit.body.code).toBe('INVALID_STATE');

    const officer = await api().token('unit_officer', 'so-tu-phap');
    const opened = await api().post('/dossiers', {
      token: officer,
      body: { roundId: w.roundId, unitId: 'so-tu-phap' },
      headers: { 'accept-language': 'en' },
    });
    expect(opened.status, opened.text).toBe(409);
    expect(opened.body.detail).toContain('This round is closed');
    expect((await api().get(`/dossiers?roundId=${w.roundId}`, { token: officer })).body.items).toEqual([]);
  });
});
