// Appraisal through the local HTTP server against DynamoDB Local: recommend / reject / return (SPEC §6),
// the round summary, and the appraisal report within quotas (R-QUOTA-2(a)) and deadlines (D-APP-A/P).

import { beforeAll, describe, expect, it } from 'vitest';
import { ictDate } from '#domain/deadlines.ts';
import { useLocalApi } from '../support/client.ts';
import {
  ANNUAL_TEST_QUOTAS,
  createOpenRound,
  createUnit,
  ifMatch,
  individual,
  setIndexResult,
  uniqueId,
} from '../support/fixtures.ts';
import {
  addVerifiedDocument,
  type FixtureNomination,
  practiceCampaign,
  submittedDossier,
} from '../support/stored.ts';

const { api } = useLocalApi();

let admin: string;
let appraiser: string;
let approver: string;
let province: string;

beforeAll(async () => {
  [admin, appraiser, approver] = await Promise.all([
    api().token('admin'),
    api().token('appraiser'),
    api().token('approver'),
  ]);
  province = (await createUnit(api(), admin, { tier: 'province', parScored: true })).unitId;
});

const appraise = (nominationId: string, version: number, body: object, token = appraiser) =>
  api().post(`/nominations/${nominationId}/appraisal`, { token, body, headers: ifMatch(version) });

const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);

/** A fresh open round and a submitted dossier of the test's province unit holding these nominations. */
async function provinceDossier(nominations: FixtureNomination[]) {
  const round = await createOpenRound(api(), admin);
  const dossier = await submittedDossier({ roundId: round.roundId, unitId: province, nominations });
  return { round, dossier };
}

describe('appraising a nomination', () => {
  it('AC2: a PAR Index of 89.99 cannot be recommended (422 NOT_ELIGIBLE), 90.00 can', async () => {
    const round = await createOpenRound(api(), admin);
    const unit = (await createUnit(api(), admin, { tier: 'province', parScored: true })).unitId;
    await setIndexResult(api(), admin, 2025, unit, { parIndexScore: 89.99, parIndexRank: 7 });
    const dossier = await submittedDossier({
      roundId: round.roundId,
      unitId: unit,
      nominations: [{ nomineeType: 'collective', nominee: { unitId: unit }, criteriaClaimed: ['AC2'] }],
    });
    const [id] = dossier.nominationIds as [string];

    const refused = await appraise(id, 1, { decision: 'recommend' });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.code).toBe('NOT_ELIGIBLE');
    expect(refused.body.errors).toEqual([{ path: 'AC2', message: expect.stringContaining('89,99') }]);

    await setIndexResult(api(), admin, 2025, unit, { parIndexScore: 90, parIndexRank: 6 });
    const ok = await appraise(id, 1, { decision: 'recommend' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'recommended',
      version: 2,
      eligibility: { eligible: true },
      appraisal: { decision: 'recommend', criteriaMet: ['AC2'] },
    });
    expect(ok.headers.get('etag')).toBe('"2"');
  });

  it('AC1: recommending needs the appraiser to verify it and the council minutes in the dossier', async () => {
    const round = await createOpenRound(api(), admin);
    const unit = (await createUnit(api(), admin, { tier: 'province' })).unitId;
    const dossier = await submittedDossier({
      roundId: round.roundId,
      unitId: unit,
      councilMinutes: false,
      nominations: [
        { nomineeType: 'collective', nominee: { unitId: unit }, criteriaClaimed: ['AC1', 'AC3'] },
      ],
    });
    const [id] = dossier.nominationIds as [string];

    const unverified = await appraise(id, 1, { decision: 'recommend' });
    expect(unverified.status).toBe(422);
    expect(paths(unverified)).toEqual(['AC1', 'AC3']);

    const noMinutes = await appraise(id, 1, { decision: 'recommend', verifiedCriteria: ['AC1'] });
    expect(noMinutes.status).toBe(422);
    expect(noMinutes.body.code).toBe('NOT_ELIGIBLE');

    // Only claimed judgement criteria can be verified.
    const dataCriterion = await appraise(id, 1, { decision: 'recommend', verifiedCriteria: ['AC3'] });
    expect(dataCriterion.status).toBe(400);
    expect(paths(dataCriterion)).toEqual(['body.verifiedCriteria[0]']);
    const unclaimed = await appraise(id, 1, { decision: 'recommend', verifiedCriteria: ['AC1', 'AI1'] });
    expect(unclaimed.status).toBe(400);
    expect(paths(unclaimed)).toEqual(['body.verifiedCriteria[1]']);

    await addVerifiedDocument(
      { dossierId: dossier.dossierId, roundId: round.roundId, unitId: unit },
      'council_minutes',
    );
    const ok = await appraise(id, 1, { decision: 'recommend', verifiedCriteria: ['AC1'] });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'recommended',
      verifiedCriteria: ['AC1'],
      appraisal: { criteriaMet: ['AC1'] },
    });
  });

  it('R-ELIG-0: without administrative discipline nothing can be recommended, whatever is verified', async () => {
    const { dossier } = await provinceDossier([
      {
        nomineeType: 'individual',
        nominee: individual(province),
        criteriaClaimed: ['AI1'],
        disciplineCompliance: false,
      },
    ]);
    const res = await appraise(dossier.nominationIds[0] as string, 1, {
      decision: 'recommend',
      verifiedCriteria: ['AI1'],
    });
    expect(res.status).toBe(422);
    expect(paths(res)).toContain('disciplineCompliance');
  });

  it('SPEC §6: reject and return need a reason (400); reject keeps the reason and the appraiser', async () => {
    const { dossier } = await provinceDossier([
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
    ]);
    const [id] = dossier.nominationIds as [string];
    for (const body of [{ decision: 'reject' }, { decision: 'return', reason: '   ' }]) {
      const res = await appraise(id, 1, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(paths(res)).toEqual(['body.reason']);
    }
    const rejected = await appraise(id, 1, { decision: 'reject', reason: 'Thành tích chưa nổi bật' });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      appraisal: { decision: 'reject', reason: 'Thành tích chưa nổi bật', by: expect.any(String) },
    });
    // A decided nomination cannot be appraised again.
    const again = await appraise(id, 2, { decision: 'reject', reason: 'lần hai' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
  });

  it('SPEC §6: an appraisal carries If-Match: stale is 412, missing is 428', async () => {
    const { dossier } = await provinceDossier([
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
    ]);
    const [id] = dossier.nominationIds as [string];
    const stale = await appraise(id, 7, { decision: 'reject', reason: 'x' });
    expect(stale.status).toBe(412);
    const missing = await api().post(`/nominations/${id}/appraisal`, {
      token: appraiser,
      body: { decision: 'reject', reason: 'x' },
    });
    expect(missing.status).toBe(428);
  });

  it('SPEC §6: return sends the whole dossier back with the reasons listed per nomination, audited', async () => {
    const { dossier } = await provinceDossier([
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
    ]);
    const [first, second] = dossier.nominationIds as [string, string];
    const returned = await appraise(first, 1, { decision: 'return', reason: 'Thiếu số liệu minh chứng' });
    expect(returned.status, returned.text).toBe(200);
    expect(returned.body.status).toBe('returned');
    // The second nomination of the same appraisal adds its reason to the already returned dossier.
    const alsoReturned = await appraise(second, 1, { decision: 'return', reason: 'Sai chức vụ' });
    expect(alsoReturned.status, alsoReturned.text).toBe(200);

    const read = await api().get(`/dossiers/${dossier.dossierId}`, { token: appraiser });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('returned');
    expect(read.body.version).toBe(3);
    expect(read.body.returnReasons).toEqual([
      { nominationId: first, reason: 'Thiếu số liệu minh chứng' },
      { nominationId: second, reason: 'Sai chức vụ' },
    ]);
    expect(read.body.nominations.map((n: { status: string }) => n.status)).toEqual(['returned', 'returned']);

    const audit = await api().get(`/audit?entityId=${dossier.dossierId}`, { token: admin });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'return',
      'add_return_reason',
    ]);
    const nominationAudit = await api().get(`/audit?entityId=${first}`, { token: admin });
    expect(nominationAudit.body.items).toEqual([
      expect.objectContaining({ action: 'return', role: 'appraiser', reason: 'Thiếu số liệu minh chứng' }),
    ]);
  });

  it('SPEC §1: a unit officer (403) and an approver (403) cannot appraise', async () => {
    const { round, dossier } = await provinceDossier([
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
    ]);
    const officer = await api().token('unit_officer', province);
    for (const token of [officer, approver]) {
      const res = await appraise(
        dossier.nominationIds[0] as string,
        1,
        { decision: 'reject', reason: 'x' },
        token,
      );
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const report = await api().post(`/rounds/${round.roundId}/appraisal-report`, {
      token: approver,
      body: {},
    });
    expect(report.status).toBe(403);
  });
});

const sendReport = (roundId: string, body: object = {}) =>
  api().post(`/rounds/${roundId}/appraisal-report`, { token: appraiser, body });

const nominationOf = async (id: string) => {
  const res = await api().get(`/nominations/${id}`, { token: appraiser });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

/** A fresh round, three province units, each with a submitted dossier holding one collective claiming AC1. */
async function threeCollectives() {
  const round = await createOpenRound(api(), admin);
  const units = await Promise.all(
    [1, 2, 3].map(async () => (await createUnit(api(), admin, { tier: 'province' })).unitId),
  );
  const dossiers = await Promise.all(
    units.map((unitId) =>
      submittedDossier({
        roundId: round.roundId,
        unitId,
        nominations: [{ nomineeType: 'collective', nominee: { unitId }, criteriaClaimed: ['AC1'] }],
      }),
    ),
  );
  return { round, dossiers, ids: dossiers.map((d) => d.nominationIds[0] as string) };
}

const recommend = (id: string, version: number) =>
  appraise(id, version, { decision: 'recommend', verifiedCriteria: ['AC1'] });

describe('revising appraisals until the report is sent (R-APP-1)', () => {
  it('R-APP-1, R-QUOTA-2(a): one recommendation too many no longer jams the report: the appraiser revises, then sends', async () => {
    // Quota: 2 province collectives (ANNUAL_TEST_QUOTAS); three are recommended.
    const { round, dossiers, ids } = await threeCollectives();
    const [a, b, c] = ids as [string, string, string];
    for (const id of ids) expect((await recommend(id, 1)).status).toBe(200);
    const jammed = await sendReport(round.roundId);
    expect(jammed.status, jammed.text).toBe(409);
    expect(jammed.body.code).toBe('QUOTA_EXCEEDED');
    expect(paths(jammed)).toEqual(['province.collective']);

    // A revision needs a reason and the current version, like any appraisal.
    expect(paths(await appraise(c, 2, { decision: 'reject' }))).toEqual(['body.reason']);
    expect((await appraise(c, 1, { decision: 'reject', reason: 'x' })).status).toBe(412);
    const missing = await api().post(`/nominations/${c}/appraisal`, {
      token: appraiser,
      body: { decision: 'reject', reason: 'x' },
    });
    expect(missing.status).toBe(428);

    const rejected = await appraise(c, 2, { decision: 'reject', reason: 'Vượt chỉ tiêu cấp tỉnh' });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      version: 3,
      appraisal: { decision: 'reject', reason: 'Vượt chỉ tiêu cấp tỉnh', report: 1 },
    });
    expect(rejected.body.appraisal.criteriaMet).toBeUndefined();
    // The appraiser changes their mind: c recommended again (eligibility as for any recommendation), b
    // returned to its unit instead — which returns b's dossier too.
    expect((await appraise(c, 3, { decision: 'recommend' })).body.code).toBe('NOT_ELIGIBLE');
    expect((await recommend(c, 3)).body).toMatchObject({ status: 'recommended', version: 4 });
    const returned = await appraise(b, 2, { decision: 'return', reason: 'Bổ sung biên bản họp Hội đồng' });
    expect(returned.status, returned.text).toBe(200);
    expect(returned.body.status).toBe('returned');
    const dossierB = await api().get(`/dossiers/${dossiers[1]?.dossierId}`, { token: appraiser });
    expect(dossierB.body).toMatchObject({
      status: 'returned',
      returnReasons: [{ nominationId: b, reason: 'Bổ sung biên bản họp Hội đồng' }],
    });
    const trail = await api().get(`/audit?entityId=${c}`, { token: admin });
    expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual([
      'recommend',
      'reject',
      'recommend',
    ]);
    expect(trail.body.items[1]).toMatchObject({ role: 'appraiser', reason: 'Vượt chỉ tiêu cấp tỉnh' });

    const report = await sendReport(round.roundId, { note: 'Tờ trình số 01' });
    expect(report.status, report.text).toBe(200);
    expect(report.body).toMatchObject({ roundId: round.roundId, appraisalReports: 1 });
    expect([...report.body.nominationIds].sort()).toEqual([a, c].sort());
    const summary = await api().get(`/rounds/${round.roundId}/summary`, { token: approver });
    expect(
      summary.body.cells.find(
        (x: { tier: string; nomineeType: string }) => x.tier === 'province' && x.nomineeType === 'collective',
      ),
    ).toMatchObject({ recommended: 2, sent: 2, quota: 2 });
    expect((await api().get(`/rounds/${round.roundId}`, { token: admin })).body.appraisalReports).toBe(1);
  });

  it('R-APP-1: once the report is sent, its appraisals are final: no revision (409), whatever the decision', async () => {
    const { round, ids } = await threeCollectives();
    const [a, b, c] = ids as [string, string, string];
    await recommend(a, 1);
    await appraise(b, 1, { decision: 'reject', reason: 'Chưa tiêu biểu' });
    expect((await sendReport(round.roundId)).status).toBe(200);

    for (const [id, body] of [
      [a, { decision: 'reject', reason: 'đổi ý' }],
      [a, { decision: 'return', reason: 'đổi ý' }],
      [b, { decision: 'recommend', verifiedCriteria: ['AC1'] }],
    ] as const) {
      const res = await appraise(id, 2, body);
      expect(res.status, res.text).toBe(409);
      expect(res.body.code).toBe('INVALID_STATE');
      expect(res.body.detail).toContain('trình Chủ tịch UBND tỉnh');
    }
    expect((await nominationOf(a)).status).toBe('recommended');
    expect((await nominationOf(b)).status).toBe('rejected');

    // A nomination still to be appraised is appraised after the report; that decision goes into the next
    // sending and may be revised until then.
    const later = await recommend(c, 1);
    expect(later.body).toMatchObject({ status: 'recommended', appraisal: { report: 2 } });
    expect((await appraise(c, 2, { decision: 'reject', reason: 'xem lại' })).status).toBe(200);
    expect((await recommend(c, 3)).status).toBe(200);
    const again = await sendReport(round.roundId);
    expect(again.status, again.text).toBe(200);
    expect(again.body.appraisalReports).toBe(2);
    expect([...again.body.nominationIds].sort()).toEqual([a, c].sort());
    expect((await appraise(c, 4, { decision: 'reject', reason: 'muộn' })).status).toBe(409);
  });

  it('R-APP-1: an appraisal racing the report either lands before it (and the report sends it) or is refused as final', async () => {
    // Each trial: two recommended, one rejected; at once, the report and revisions of all three.
    const trials = await Promise.all([1, 2, 3, 4, 5, 6].map(() => threeCollectives()));
    await Promise.all(
      trials.map(async ({ ids: [a, b, c] }) => {
        await recommend(a as string, 1);
        await recommend(b as string, 1);
        await appraise(c as string, 1, { decision: 'reject', reason: 'Chưa tiêu biểu' });
      }),
    );
    await Promise.all(
      trials.map(async ({ round, ids: [a, b, c] }) => {
        const [report, ...revisions] = await Promise.all([
          sendReport(round.roundId),
          appraise(a as string, 2, { decision: 'reject', reason: 'đổi ý' }),
          appraise(b as string, 2, { decision: 'return', reason: 'đổi ý' }),
          appraise(c as string, 2, { decision: 'recommend', verifiedCriteria: ['AC1'] }),
        ]);
        for (const r of [report, ...revisions]) expect([200, 409], r.text).toContain(r.status);
        if (report.status !== 200) {
          // c recommended first: three in a cell of two. Nothing was sent, so every revision went through.
          expect(report.body.code).toBe('QUOTA_EXCEEDED');
          expect(revisions.map((r) => r.status)).toEqual([200, 200, 200]);
          return;
        }
        // Whatever the order, the list the Chairman received is exactly what is recommended now, and a
        // revision refused was refused as final.
        const sent = new Set<string>(report.body.nominationIds);
        for (const id of [a, b, c] as string[]) {
          const status = (await nominationOf(id)).status;
          expect(status === 'recommended', `${id} ${status}`).toBe(sent.has(id));
        }
        for (const r of revisions.filter((x) => x.status === 409))
          expect(r.body.detail).toContain('trình Chủ tịch');
      }),
    );
  });

  it('R-DOC-3: an appraisal records the documents it saw, shown on the nomination', async () => {
    const { dossier } = await provinceDossier([
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
      { nomineeType: 'individual', nominee: individual(province), criteriaClaimed: ['AI1'] },
    ]);
    const [first, second] = dossier.nominationIds as [string, string];
    const read = await api().get(`/dossiers/${dossier.dossierId}`, { token: appraiser });
    const docs = read.body.documents as { documentId: string; sha256: string; nominationId?: string }[];
    const res = await appraise(first, 1, { decision: 'reject', reason: 'Thành tích chưa nổi bật' });
    expect(res.status, res.text).toBe(200);
    const expected = docs
      .filter((d) => d.nominationId === undefined || d.nominationId === first)
      .map(({ documentId, sha256 }) => ({ documentId, sha256 }));
    expect(expected).toHaveLength(3); // proposal letter, council minutes, its achievement report
    expect(res.body.appraisal.documents).toEqual(expected);
    expect((await nominationOf(first)).appraisal.documents).toEqual(expected);
    expect(JSON.stringify((await nominationOf(first)).appraisal.documents)).not.toContain(second);
  });
});

describe('the round summary and the appraisal report', () => {
  it('R-QUOTA-2(a): the summary counts each cell and an appraisal report over quota is 409 naming the cells', async () => {
    const round = await createOpenRound(api(), admin, {
      quotas: { ...ANNUAL_TEST_QUOTAS, province: { collective: 2, individual: 1 } },
    });
    const recommended = {
      nomineeType: 'individual' as const,
      criteriaClaimed: ['AI1' as const],
      status: 'recommended' as const,
    };
    await submittedDossier({
      roundId: round.roundId,
      unitId: province,
      nominations: [
        { ...recommended, nominee: individual(province) },
        { ...recommended, nominee: individual(province) },
        { ...recommended, nominee: individual(province), status: 'rejected' },
        { ...recommended, nominee: individual(province), status: 'submitted' },
        {
          nomineeType: 'collective',
          nominee: { unitId: province },
          criteriaClaimed: ['AC1'],
          status: 'recommended',
        },
      ],
    });
    const summary = await api().get(`/rounds/${round.roundId}/summary`, { token: approver });
    expect(summary.status, summary.text).toBe(200);
    const cell = (tier: string, type: string) =>
      summary.body.cells.find(
        (c: { tier: string; nomineeType: string }) => c.tier === tier && c.nomineeType === type,
      );
    expect(cell('province', 'individual')).toEqual({
      tier: 'province',
      nomineeType: 'individual',
      submitted: 4,
      recommended: 2,
      sent: 0,
      awarded: 0,
      quota: 1,
      remaining: 1,
      overRecommended: true,
    });
    expect(cell('province', 'collective')).toMatchObject({
      submitted: 1,
      recommended: 1,
      overRecommended: false,
    });
    expect(cell('commune', 'individual')).toMatchObject({ submitted: 0, quota: 8, remaining: 8 });

    const report = await api().post(`/rounds/${round.roundId}/appraisal-report`, {
      token: appraiser,
      body: {},
    });
    expect(report.status, report.text).toBe(409);
    expect(report.body.code).toBe('QUOTA_EXCEEDED');
    expect(paths(report)).toEqual(['province.individual']);
    const read = await api().get(`/rounds/${round.roundId}`, { token: admin });
    expect(read.body.appraisalReportAt).toBeUndefined();
  });

  it('D-APP-A: no deadline before the announcement date; after (A − 10) the report is 422 until extended', async () => {
    const round = await createOpenRound(api(), admin);
    const first = await api().post(`/rounds/${round.roundId}/appraisal-report`, {
      token: appraiser,
      body: { note: 'Báo cáo lần 1' },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body.cells).toHaveLength(6);

    // The announcement is today: the report was due on or before 10 days ago.
    const announced = await api().patch(`/rounds/${round.roundId}`, {
      token: admin,
      body: { announcementDate: ictDate(new Date()), reason: 'Công bố Chỉ số CCHC' },
    });
    expect(announced.status, announced.text).toBe(200);
    const late = await api().post(`/rounds/${round.roundId}/appraisal-report`, {
      token: appraiser,
      body: {},
    });
    expect(late.status, late.text).toBe(422);
    expect(late.body.code).toBe('DEADLINE_PASSED');

    const extendedTo = new Date(Date.now() + 86_400_000).toISOString();
    const extended = await api().patch(`/rounds/${round.roundId}`, {
      token: admin,
      body: { appraisalDeadline: extendedTo, reason: 'Gia hạn thẩm định' },
    });
    expect(extended.status, extended.text).toBe(200);
    const onTime = await api().post(`/rounds/${round.roundId}/appraisal-report`, {
      token: appraiser,
      body: {},
    });
    expect(onTime.status, onTime.text).toBe(200);

    // Sent twice: each sending is recorded.
    const read = await api().get(`/rounds/${round.roundId}`, { token: admin });
    expect(Date.parse(read.body.appraisalReportAt)).toBeGreaterThan(Date.now() - 60_000);
    const audit = await api().get(`/audit?entityId=${round.roundId}`, { token: admin });
    const reports = audit.body.items.filter((a: { action: string }) => a.action === 'appraisal_report');
    expect(reports).toHaveLength(2);
    expect(reports[0].reason).toBe('Báo cáo lần 1');
  });

  it('D-APP-P: a period round whose appraisal deadline has passed refuses the report until extended', async () => {
    const roundId = uniqueId('p');
    const created = await api().post('/rounds', {
      token: admin,
      body: {
        roundId,
        campaignId: await practiceCampaign(),
        kind: 'period',
        years: [2021, 2022, 2023, 2024, 2025],
        submissionDeadline: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        appraisalDeadline: new Date(Date.now() - 1000).toISOString(),
        quotas: ANNUAL_TEST_QUOTAS,
      },
    });
    expect(created.status, created.text).toBe(201);
    const late = await api().post(`/rounds/${roundId}/appraisal-report`, { token: appraiser, body: {} });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('DEADLINE_PASSED');
    await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { appraisalDeadline: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Gia hạn' },
    });
    const onTime = await api().post(`/rounds/${roundId}/appraisal-report`, { token: appraiser, body: {} });
    expect(onTime.status, onTime.text).toBe(200);
  });
});
