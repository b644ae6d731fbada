// Campaigns as data an admin manages (R-CAMP-2) and a two-tier movement run through every rule
// (R-TIER-2): a 2026–2030 campaign created through the API only — province and commune tiers, communes
// proposing their own individuals — beside Plan 1109, which keeps its three tiers.

import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#functions/lib/csv.ts';
import { useLocalApi } from '../support/client.ts';
import { ai3Nomination, completeDossier, dossierOf } from '../support/documents.ts';
import {
  addNomination,
  createDossier,
  createUnit,
  ifMatch,
  individual,
  nominationBody,
  setIndexResult,
  uniqueId,
} from '../support/fixtures.ts';
import { expectProblem } from '../support/problems.ts';

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

/** A two-tier movement of 2026–2030 (numbers of this test's choosing). */
const twoTierCampaign = (campaignId: string) => ({
  campaignId,
  name: `Phong trào thi đua cải cách hành chính giai đoạn 2026–2030 (${campaignId})`,
  decisionNo: '99/QĐ-UBND',
  decisionDate: '2026-01-15',
  startDate: '2026-01-15',
  endDate: '2030-11-30',
  tiers: ['province', 'commune'],
  quotas: {
    annual: { province: { collective: 1, individual: 1 }, commune: { collective: 1, individual: 2 } },
    period: { province: { collective: 3, individual: 6 }, commune: { collective: 8, individual: 16 } },
  },
  thresholds: {
    parScoreMin: 92,
    combinedIndexMin: 91,
    topRank: { province: 3 },
    topYearsMin: 3,
    annualInitiativesMin: 1,
    periodCollectiveInitiativesMin: 2,
    periodIndividualInitiativesMin: 1,
  },
  communeIndividualProposer: 'self',
  reportingTiers: ['province', 'commune'],
  documents: { maxFileBytes: 10 * 1024 * 1024, allowedContentTypes: ['application/pdf'] },
  reminderOffsetsDays: [10, 3],
  appraisalLeadDays: 9,
});

async function createCampaign(body: Record<string, unknown>) {
  const res = await api().post('/campaigns', { token: admin, body });
  expect(res.status, res.text).toBe(201);
  return res.body as { campaignId: string; version: number };
}

async function createRound(body: Record<string, unknown>) {
  const res = await api().post('/rounds', { token: admin, body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const annualRound = (campaignId: string, extra: Record<string, unknown> = {}) => ({
  roundId: uniqueId('r'),
  campaignId,
  kind: 'annual',
  year: 2026,
  submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  ...extra,
});

describe('campaigns through the API (R-CAMP-2)', () => {
  it('R-CAMP-2: the seeded Plan 1109 is a stored campaign with its three tiers, readable by any role', async () => {
    const officer = await api().token('unit_officer', 'so-noi-vu');
    const res = await api().get('/campaigns/plan-1109', { token: officer });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      campaignId: 'plan-1109',
      tiers: ['province', 'district', 'commune'],
      communeIndividualProposer: 'parent',
      thresholds: { topRank: { province: 5, district: 3 } },
      quotas: { annual: { commune: { collective: 12, individual: 8 } } },
    });
    const list = await api().get('/campaigns?limit=100', { token: officer });
    expect(list.body.items.map((c: { campaignId: string }) => c.campaignId)).toContain('plan-1109');
    // Plan 1109's rounds carry names and the three tiers they copied.
    const round = await api().get('/rounds/annual-2025', { token: officer });
    expect(round.body).toMatchObject({
      name: 'Khen thưởng năm 2025',
      tiers: ['province', 'district', 'commune'],
      communeIndividualProposer: 'parent',
    });
  });

  it('R-CAMP-2: only an admin creates one; the same Idempotency-Key creates it once', async () => {
    const body = twoTierCampaign(uniqueId('c'));
    const officer = await api().token('unit_officer', 'so-noi-vu');
    expectProblem(await api().post('/campaigns', { token: officer, body }), 403, 'FORBIDDEN');
    const key = { 'idempotency-key': uniqueId('k') };
    const first = await api().post('/campaigns', { token: admin, body, headers: key });
    const again = await api().post('/campaigns', { token: admin, body, headers: key });
    expect(first.status, first.text).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({ version: 1, tiers: ['province', 'commune'] });
    expectProblem(await api().post('/campaigns', { token: admin, body }), 409, 'INVALID_STATE');
  });

  it.each([
    {
      what: 'a tier listed twice',
      change: { tiers: ['province', 'province'] },
      paths: ['body.tiers[1]'],
    },
    {
      what: 'no tier',
      change: { tiers: [] },
      paths: ['body.tiers'],
    },
    {
      what: 'quotas of a tier outside the campaign and a campaign tier left out',
      change: {
        quotas: {
          annual: { province: { collective: 1, individual: 1 }, district: { collective: 1, individual: 1 } },
          period: { province: { collective: 1, individual: 1 }, commune: { collective: 1, individual: 1 } },
        },
      },
      paths: ['body.quotas.annual.commune', 'body.quotas.annual.district'],
    },
    {
      what: 'a top rank for a tier outside the campaign, and a score above 100',
      change: {
        thresholds: { ...twoTierCampaign('x').thresholds, parScoreMin: 101, topRank: { district: 3 } },
      },
      paths: ['body.thresholds.parScoreMin'],
    },
    {
      what: 'the district proposing commune individuals without a district tier',
      change: { communeIndividualProposer: 'parent' },
      paths: ['body.communeIndividualProposer'],
    },
    {
      what: 'a reporting tier outside the campaign',
      change: { reportingTiers: ['district'] },
      paths: ['body.reportingTiers[0]'],
    },
    {
      what: 'a file limit below 1 KB and an unknown file type',
      change: {
        documents: { maxFileBytes: 1000, allowedContentTypes: ['text/html'] },
      },
      paths: ['body.documents.maxFileBytes', 'body.documents.allowedContentTypes.0'],
    },
    {
      what: 'an end before the start',
      change: { endDate: '2025-01-01' },
      paths: ['body.endDate'],
    },
    {
      what: 'an unknown field',
      change: { colour: 'red' },
      paths: ['body.colour'],
    },
  ])('R-CAMP-2: $what is a 400 naming each path, and nothing is stored', async ({ change, paths }) => {
    const body = { ...twoTierCampaign(uniqueId('c')), ...change };
    const res = await api().post('/campaigns', { token: admin, body });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const got = (res.body.errors as { path: string }[]).map((e) => e.path);
    for (const path of paths) expect(got, res.text).toContain(path);
    const stored = await api().get(`/campaigns/${body.campaignId}`, { token: admin });
    expect(stored.status).toBe(404);
  });

  it('R-CAMP-2: a campaign is edited with If-Match (428 without, 412 stale), audited', async () => {
    const { campaignId } = await createCampaign(twoTierCampaign(uniqueId('c')));
    const body = { reminderOffsetsDays: [7, 1] };
    expectProblem(
      await api().patch(`/campaigns/${campaignId}`, { token: admin, body }),
      428,
      'VERSION_REQUIRED',
    );
    const ok = await api().patch(`/campaigns/${campaignId}`, { token: admin, body, headers: ifMatch(1) });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, reminderOffsetsDays: [7, 1] });
    expectProblem(
      await api().patch(`/campaigns/${campaignId}`, { token: admin, body, headers: ifMatch(1) }),
      412,
      'VERSION_CONFLICT',
    );
    // The whole edited campaign is checked again: a district tier with quotas keyed by two tiers is a 400.
    expectProblem(
      await api().patch(`/campaigns/${campaignId}`, {
        token: admin,
        body: { tiers: ['province', 'district', 'commune'] },
        headers: ifMatch(2),
      }),
      400,
      'VALIDATION_FAILED',
    );
    const audit = await api().get(`/audit?entityId=${campaignId}`, { token: admin });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'update']);
  });

  it('R-CAMP-2: editing a campaign changes no existing round; a round created afterwards copies the edit', async () => {
    const { campaignId } = await createCampaign(twoTierCampaign(uniqueId('c')));
    const before = await createRound(annualRound(campaignId));
    const edited = await api().patch(`/campaigns/${campaignId}`, {
      token: admin,
      headers: ifMatch(1),
      body: {
        quotas: {
          annual: { province: { collective: 5, individual: 5 }, commune: { collective: 5, individual: 5 } },
          period: { province: { collective: 5, individual: 5 }, commune: { collective: 5, individual: 5 } },
        },
        thresholds: { ...twoTierCampaign('x').thresholds, parScoreMin: 80 },
      },
    });
    expect(edited.status, edited.text).toBe(200);
    const old = await api().get(`/rounds/${before.roundId}`, { token: admin });
    expect(old.body.quotas).toEqual(twoTierCampaign('x').quotas.annual);
    expect(old.body.thresholds.parScoreMin).toBe(92);
    const after = await createRound(annualRound(campaignId, { year: 2027 }));
    expect(after.quotas.province).toEqual({ collective: 5, individual: 5 });
    expect(after.thresholds.parScoreMin).toBe(80);
  });

  it('R-CAMP-2: a round takes its campaign quotas by default; quotas keyed by a tier outside it are a 400', async () => {
    const { campaignId } = await createCampaign(twoTierCampaign(uniqueId('c')));
    const refused = await api().post('/rounds', {
      token: admin,
      body: annualRound(campaignId, {
        quotas: {
          province: { collective: 1, individual: 1 },
          district: { collective: 1, individual: 1 },
          commune: { collective: 1, individual: 1 },
        },
      }),
    });
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.quotas.district']);
    const round = await createRound(annualRound(campaignId, { name: 'Đợt khen thưởng thử năm 2026' }));
    expect(round).toMatchObject({
      name: 'Đợt khen thưởng thử năm 2026',
      tiers: ['province', 'commune'],
      quotas: twoTierCampaign('x').quotas.annual,
      communeIndividualProposer: 'self',
    });
    expect(Object.keys(round.awarded)).toEqual(['province', 'commune']);
    const period = await createRound({
      roundId: uniqueId('r'),
      campaignId,
      kind: 'period',
      years: [2026, 2027, 2028, 2029, 2030],
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(period.name).toBe('Tổng kết giai đoạn 2026–2030');
    expect(period.quotas).toEqual(twoTierCampaign('x').quotas.period);
  });
});

describe('a two-tier movement end to end (R-TIER-2)', () => {
  it('R-TIER-2: a district unit neither opens a dossier nor is nominated in a two-tier round (422 TIER_NOT_IN_CAMPAIGN)', async () => {
    const { campaignId } = await createCampaign(twoTierCampaign(uniqueId('c')));
    const round = await createRound(annualRound(campaignId));
    const district = await createUnit(api(), admin, { tier: 'district' });
    const districtOfficer = await api().token('unit_officer', district.unitId);
    const opened = await api().post('/dossiers', {
      token: districtOfficer,
      body: { roundId: round.roundId, unitId: district.unitId },
    });
    expectProblem(opened, 422, 'TIER_NOT_IN_CAMPAIGN');
    // A province agency whose sub-unit is a district unit (registry of the old tiers) cannot nominate it.
    const province = await createUnit(api(), admin, { tier: 'province' });
    const officer = await api().token('unit_officer', province.unitId);
    const dossier = await createDossier(api(), officer, round.roundId, province.unitId);
    const nominated = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: officer,
      body: nominationBody(individual(district.unitId)),
    });
    expectProblem(nominated, 422, 'TIER_NOT_IN_CAMPAIGN');
    // The same unit opens a dossier in Plan 1109's three-tier rounds as before.
    const plan = await api().post('/dossiers', {
      token: districtOfficer,
      body: { roundId: 'annual-2025', unitId: district.unitId },
    });
    expect(plan.status === 201 || plan.body.code === 'DEADLINE_PASSED', plan.text).toBe(true);
  });

  it('R-TIER-2: campaign, round, dossiers, eligibility, documents, submit, appraisal, report, grant, exports', async () => {
    const campaign = twoTierCampaign(uniqueId('c'));
    await createCampaign(campaign);
    const round = await createRound(annualRound(campaign.campaignId));
    const province = await createUnit(api(), admin, { tier: 'province' });
    const commune = await createUnit(api(), admin, { tier: 'commune' });
    // 91 points: Plan 1109 (≥ 90) would meet AC2, this campaign's copy (≥ 92) does not.
    await setIndexResult(api(), admin, 2026, province.unitId, { parIndexScore: 91, satisfactionIndex: 95 });
    await setIndexResult(api(), admin, 2026, commune.unitId, { parIndexScore: 93, satisfactionIndex: 93 });

    const workspaces = [];
    for (const unit of [province, commune]) {
      const officer = await api().token('unit_officer', unit.unitId);
      const dossier = await createDossier(api(), officer, round.roundId, unit.unitId);
      const person = await addNomination(
        api(),
        officer,
        dossier.dossierId,
        ai3Nomination(individual(unit.unitId)),
      );
      const collective = await addNomination(
        api(),
        officer,
        dossier.dossierId,
        nominationBody({ unitId: unit.unitId }, { criteriaClaimed: ['AC2'] }),
      );
      workspaces.push({
        admin,
        officer,
        unitId: unit.unitId,
        roundId: round.roundId,
        dossierId: dossier.dossierId,
        nominationIds: [person.nominationId, collective.nominationId],
      });
    }
    const [p, c] = workspaces as [(typeof workspaces)[0], (typeof workspaces)[0]];

    // Eligibility by the round's copy: the commune's own individual meets AI3 (proposer `self`);
    // AC2 at 91 is not met against 92; a commune is not ranked by the province.
    const eligibility = async (w: typeof p, i: number) =>
      (await api().get(`/nominations/${w.nominationIds[i]}`, { token: w.officer })).body.eligibility;
    expect((await eligibility(c, 0)).criteria[0]).toMatchObject({ code: 'AI3', status: 'met' });
    expect((await eligibility(p, 1)).criteria[0]).toMatchObject({ code: 'AC2', status: 'not_met' });
    expect((await eligibility(c, 1)).criteria[0]).toMatchObject({ code: 'AC2', status: 'not_applicable' });

    // Documents through the real upload path; a type outside the campaign's rules is refused (415).
    const badType = await api().post(`/dossiers/${p.dossierId}/documents`, {
      token: p.officer,
      body: {
        kind: 'proposal_letter',
        fileName: 'a.png',
        contentType: 'image/png',
        size: 100,
        sha256: 'A'.repeat(43) + '=',
      },
    });
    expectProblem(badType, 415, 'UNSUPPORTED_MEDIA_TYPE');
    for (const w of workspaces) {
      // The collective claiming AC2 is not eligible: delete it, keep the individual.
      const collectiveId = w.nominationIds[1] as string;
      const current = await api().get(`/nominations/${collectiveId}`, { token: w.officer });
      const deleted = await api().delete(`/nominations/${collectiveId}`, {
        token: w.officer,
        headers: ifMatch(current.body.version),
      });
      expect(deleted.status, deleted.text).toBe(204);
      w.nominationIds = [w.nominationIds[0] as string];
      await completeDossier(api(), w);
      const dossier = await dossierOf(api(), w.officer, w.dossierId);
      const submitted = await api().post(`/dossiers/${w.dossierId}/submit`, {
        token: w.officer,
        headers: ifMatch(dossier.version),
      });
      expect(submitted.status, submitted.text).toBe(200);
    }

    for (const w of workspaces) {
      const current = await api().get(`/nominations/${w.nominationIds[0]}`, { token: appraiser });
      const res = await api().post(`/nominations/${w.nominationIds[0]}/appraisal`, {
        token: appraiser,
        headers: ifMatch(current.body.version),
        body: { decision: 'recommend' },
      });
      expect(res.status, res.text).toBe(200);
    }
    const summary = await api().get(`/rounds/${round.roundId}/summary`, { token: appraiser });
    expect(summary.status, summary.text).toBe(200);
    const cells = (summary.body.cells ?? summary.body.items ?? summary.body) as {
      tier: string;
      nomineeType: string;
      recommended: number;
      quota: number;
    }[];
    expect([...new Set(cells.map((x) => x.tier))]).toEqual(['province', 'commune']);
    expect(cells.find((x) => x.tier === 'commune' && x.nomineeType === 'individual')).toMatchObject({
      recommended: 1,
      quota: 2,
    });

    const report = await api().post(`/rounds/${round.roundId}/appraisal-report`, {
      token: appraiser,
      body: {},
    });
    expect(report.status, report.text).toBe(200);
    // The report lists the round's tiers only, in the campaign's order.
    expect([...new Set((report.body.cells as { tier: string }[]).map((x) => x.tier))]).toEqual([
      'province',
      'commune',
    ]);
    const granted = await api().post(`/rounds/${round.roundId}/awards`, {
      token: approver,
      body: {
        nominationIds: workspaces.map((w) => w.nominationIds[0]),
        decisionNo: '123/QĐ-UBND',
        decisionDate: '2026-12-01',
      },
    });
    expect(granted.status, granted.text).toBe(200);
    const after = await api().get(`/rounds/${round.roundId}`, { token: admin });
    expect(after.body.awarded).toEqual({
      province: { collective: 0, individual: 1 },
      commune: { collective: 0, individual: 1 },
    });

    // Exports: sections in the campaign's tier order, numbered I, II; no district section.
    const xlsx = await api().get(`/rounds/${round.roundId}/awards.xlsx`, { token: approver });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as never);
    const texts: string[] = [];
    workbook.worksheets[0]?.eachRow((row) => {
      texts.push(String(row.getCell(1).value ?? ''));
    });
    expect(texts).toContain('I. CẤP TỈNH');
    expect(texts).toContain('II. CẤP XÃ');
    expect(texts.some((t) => t.includes('HUYỆN'))).toBe(false);
    expect(texts.some((t) => t.includes(campaign.name) && t.includes('Khen thưởng năm 2026'))).toBe(true);
    const csv = await api().get(`/rounds/${round.roundId}/awards.csv`, { token: approver });
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    expect(rows.slice(1).map((r) => r[4])).toEqual(['Cấp tỉnh', 'Cấp xã']);
  });

  it('R-SWEEP-1, R-TIER-2: the sweep reminds the units of the round tiers at the campaign offsets, never a district', async () => {
    const { runSweep } = await import('#functions/jobs/sweep.ts');
    const { campaignId } = await createCampaign(twoTierCampaign(uniqueId('c')));
    const round = await createRound(annualRound(campaignId));
    const [province, commune, district] = await Promise.all([
      createUnit(api(), admin, { tier: 'province' }),
      createUnit(api(), admin, { tier: 'commune' }),
      createUnit(api(), admin, { tier: 'district' }),
    ]);
    // 10 days before D-SUB: one of this campaign's offsets ([10, 3]), none of Plan 1109's.
    const report = await runSweep(new Date(Date.parse(round.submissionDeadline) - 10 * 86_400_000), {
      roundIds: [round.roundId],
    });
    expect(report.rounds.processed).toEqual([round.roundId]);
    const reminders = async (unitId: string) => {
      const officer = await api().token('unit_officer', unitId);
      const res = await api().get('/notifications?limit=100', { token: officer });
      expect(res.status, res.text).toBe(200);
      return (res.body.items as { roundId: string; kind: string; daysBefore?: number }[])
        .filter((n) => n.roundId === round.roundId && n.kind === 'submission_reminder')
        .map((n) => n.daysBefore);
    };
    expect(await reminders(province.unitId)).toEqual([10]);
    expect(await reminders(commune.unitId)).toEqual([10]);
    expect(await reminders(district.unitId)).toEqual([]);
  });

  it("R-QUOTA-2 (b): concurrent grants into two campaigns' rounds never exceed either round's own quota", async () => {
    const { sentWithoutReport, submittedDossier } = await import('../support/stored.ts');
    const small = twoTierCampaign(uniqueId('c'));
    const large = {
      ...twoTierCampaign(uniqueId('c')),
      quotas: {
        annual: { province: { collective: 1, individual: 1 }, commune: { collective: 1, individual: 5 } },
        period: twoTierCampaign('x').quotas.period,
      },
    };
    const rounds = [];
    for (const campaign of [small, large]) {
      await createCampaign(campaign);
      const round = await createRound(annualRound(campaign.campaignId));
      const commune = await createUnit(api(), admin, { tier: 'commune' });
      const dossier = await submittedDossier({
        roundId: round.roundId,
        unitId: commune.unitId,
        nominations: Array.from({ length: 12 }, (_, i) => ({
          nomineeType: 'individual' as const,
          nominee: individual(commune.unitId, { fullName: `Cá nhân số ${i}` }),
          criteriaClaimed: ['AI1' as const],
          status: 'recommended' as const,
        })),
      });
      // On the sent list without the report's own check (R-QUOTA-2 a), so only the counters hold.
      await sentWithoutReport(
        round.roundId,
        dossier.nominationIds.map((nominationId) => ({
          nominationId,
          tier: 'commune' as const,
          nomineeType: 'individual' as const,
        })),
      );
      rounds.push({ round, dossier });
    }
    const grant = (roundId: string, nominationId: string) =>
      api().post(`/rounds/${roundId}/awards`, {
        token: approver,
        body: { nominationIds: [nominationId], decisionNo: '7/QĐ-UBND', decisionDate: '2026-12-01' },
      });
    const results = await Promise.all(
      rounds.flatMap(({ round, dossier }) => dossier.nominationIds.map((id) => grant(round.roundId, id))),
    );
    expect(results.every((r) => r.status === 200 || r.body.code === 'QUOTA_EXCEEDED')).toBe(true);
    const awarded = [];
    for (const { round } of rounds) {
      awarded.push((await api().get(`/rounds/${round.roundId}`, { token: admin })).body.awarded.commune);
    }
    expect(awarded).toEqual([
      { collective: 0, individual: 2 },
      { collective: 0, individual: 5 },
    ]);
  });
});
