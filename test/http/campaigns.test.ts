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
  listAll,
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

describe('a round keeps its whole campaign (R-CAMP-2)', () => {
  const DAY = 86_400_000;
  const PNG = 'image/png';
  const PDF = 'application/pdf';
  const MiB = 1024 * 1024;
  /** An announcement date (A) after the round's submission deadline, so D-APP-A lies ahead. */
  const announcementDate = new Date(Date.now() + 90 * DAY).toISOString().slice(0, 10);

  /** A dossier of a new province unit in the round, and its officer. */
  async function dossierIn(roundId: string) {
    const unit = await createUnit(api(), admin, { tier: 'province' });
    const officer = await api().token('unit_officer', unit.unitId);
    const dossier = await createDossier(api(), officer, roundId, unit.unitId);
    return { unitId: unit.unitId, officer, dossierId: dossier.dossierId as string };
  }

  /** The status of a file declaration of the given type and size in the dossier (R-DOC-1). */
  async function declared(d: { officer: string; dossierId: string }, contentType: string, size: number) {
    const res = await api().post(`/dossiers/${d.dossierId}/documents`, {
      token: d.officer,
      body: {
        kind: 'proposal_letter',
        fileName: contentType === PNG ? 'to-trinh.png' : 'to-trinh.pdf',
        contentType,
        size,
        sha256: `${'A'.repeat(43)}=`,
      },
    });
    return res.status;
  }

  /** The days before D-SUB of the submission reminders the unit holds for the round. */
  async function reminders(unitId: string, roundId: string) {
    const officer = await api().token('unit_officer', unitId);
    const items = await listAll<{ roundId: string; kind: string; daysBefore?: number }>(
      api(),
      '/notifications',
      officer,
    );
    return items
      .filter((n) => n.roundId === roundId && n.kind === 'submission_reminder')
      .map((n) => n.daysBefore)
      .sort();
  }

  /** The sweep of one round, `days` days before its submission deadline: the rounds it found work in. */
  async function sweepBefore(round: { roundId: string; submissionDeadline: string }, days: number) {
    const { runSweep } = await import('#functions/jobs/sweep.ts');
    const report = await runSweep(new Date(Date.parse(round.submissionDeadline) - days * DAY), {
      roundIds: [round.roundId],
    });
    return report.rounds.processed;
  }

  /** A round written straight to the table (as an older record, or with the copy it kept). */
  async function storedRound(campaignId: string, extra: Record<string, unknown> = {}) {
    const { PLAN_1109, roundRulesFrom } = await import('#domain/campaign.ts');
    const { create, transact } = await import('#functions/store/db.ts');
    const { roundItem } = await import('#functions/store/rounds.ts');
    const at = new Date().toISOString();
    const round = {
      roundId: uniqueId('r'),
      campaignId,
      name: 'Đợt khen thưởng lưu trước',
      ...roundRulesFrom(PLAN_1109, 'annual'),
      kind: 'annual' as const,
      year: 2026,
      submissionDeadline: new Date(Date.now() + 30 * DAY).toISOString(),
      announcementDate,
      version: 1,
      createdAt: at,
      updatedAt: at,
      ...extra,
    };
    await transact([create(roundItem(round))]);
    return round;
  }

  it('R-CAMP-2: editing document rules, reminder offsets and appraisal lead days changes nothing for an existing round; a later round follows the edit', async () => {
    const { appraisalDeadlineFromAnnouncement } = await import('#domain/deadlines.ts');
    const campaign = twoTierCampaign(uniqueId('c'));
    await createCampaign(campaign);
    const old = await createRound(annualRound(campaign.campaignId, { announcementDate }));
    const edited = await api().patch(`/campaigns/${campaign.campaignId}`, {
      token: admin,
      headers: ifMatch(1),
      body: {
        documents: { maxFileBytes: MiB, allowedContentTypes: [PNG] },
        reminderOffsetsDays: [12, 5],
        appraisalLeadDays: 20,
      },
    });
    expect(edited.status, edited.text).toBe(200);
    const later = await createRound(annualRound(campaign.campaignId, { year: 2027, announcementDate }));

    // The old round: PDF up to 10 MiB, offsets [10, 3], D-APP-A at A − 9 days, as when it was created.
    const before = await api().get(`/rounds/${old.roundId}`, { token: admin });
    expect(before.status, before.text).toBe(200);
    expect(before.body.effectiveAppraisalDeadline).toBe(
      appraisalDeadlineFromAnnouncement(announcementDate, 9),
    );
    const inOld = await dossierIn(old.roundId);
    expect(await declared(inOld, PNG, 1000)).toBe(415);
    expect(await declared(inOld, PDF, 5 * MiB)).toBe(201);
    expect(await sweepBefore(old, 12)).toEqual([]);
    expect(await reminders(inOld.unitId, old.roundId)).toEqual([]);
    expect(await sweepBefore(old, 10)).toEqual([old.roundId]);
    expect(await reminders(inOld.unitId, old.roundId)).toEqual([10]);

    // The round created after the edit: PNG up to 1 MiB, offsets [12, 5], D-APP-A at A − 20 days.
    expect(later.effectiveAppraisalDeadline).toBe(appraisalDeadlineFromAnnouncement(announcementDate, 20));
    const inLater = await dossierIn(later.roundId);
    expect(await declared(inLater, PDF, 1000)).toBe(415);
    expect(await declared(inLater, PNG, 2 * MiB)).toBe(413);
    expect(await declared(inLater, PNG, 1000)).toBe(201);
    expect(await sweepBefore(later, 12)).toEqual([later.roundId]);
    expect(await reminders(inLater.unitId, later.roundId)).toEqual([12]);
  });

  it('R-CAMP-2: a round is served by the copy it kept, even after its campaign item changed in the table', async () => {
    const { appraisalDeadlineFromAnnouncement } = await import('#domain/deadlines.ts');
    const { campaignCopy } = await import('#domain/campaign.ts');
    const { getItem, strip, transact, update } = await import('#functions/store/db.ts');
    const { campaignKey } = await import('#functions/store/keys.ts');
    const { practiceCampaign } = await import('../support/stored.ts');
    // Never read through the store before the round's requests: no container keeps it.
    const campaignId = await practiceCampaign({ appraisalLeadDays: 9, reminderOffsetsDays: [4] });
    const stored = await getItem(campaignKey(campaignId));
    if (!stored) throw new Error('the practice campaign is missing');
    const round = await storedRound(campaignId, { campaign: campaignCopy(strip(stored)) });
    await transact([
      update(campaignKey(campaignId), 'SET #lead = :lead, #offsets = :offsets, #documents = :documents', {
        names: { '#lead': 'appraisalLeadDays', '#offsets': 'reminderOffsetsDays', '#documents': 'documents' },
        values: {
          ':lead': 30,
          ':offsets': [8],
          ':documents': { maxFileBytes: 2048, allowedContentTypes: [PNG] },
        },
      }),
    ]);

    const res = await api().get(`/rounds/${round.roundId}`, { token: admin });
    expect(res.status, res.text).toBe(200);
    expect(res.body.effectiveAppraisalDeadline).toBe(appraisalDeadlineFromAnnouncement(announcementDate, 9));
    const d = await dossierIn(round.roundId);
    expect(await declared(d, PDF, 5 * MiB)).toBe(201);
    expect(await sweepBefore(round, 8)).toEqual([]);
    expect(await reminders(d.unitId, round.roundId)).toEqual([]);
    expect(await sweepBefore(round, 4)).toEqual([round.roundId]);
    expect(await reminders(d.unitId, round.roundId)).toEqual([4]);
  });

  it('R-CAMP-2: a round stored before rounds kept their campaign is served by its campaign as stored', async () => {
    const { appraisalDeadlineFromAnnouncement } = await import('#domain/deadlines.ts');
    const { practiceCampaign } = await import('../support/stored.ts');
    const campaignId = await practiceCampaign({
      documents: { maxFileBytes: 2048, allowedContentTypes: [PNG] },
      reminderOffsetsDays: [6],
      appraisalLeadDays: 20,
    });
    const round = await storedRound(campaignId);

    const res = await api().get(`/rounds/${round.roundId}`, { token: admin });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ roundId: round.roundId, tiers: ['province', 'district', 'commune'] });
    expect(res.body.effectiveAppraisalDeadline).toBe(appraisalDeadlineFromAnnouncement(announcementDate, 20));
    const d = await dossierIn(round.roundId);
    expect(await declared(d, PDF, 1000)).toBe(415);
    expect(await declared(d, PNG, 4096)).toBe(413);
    expect(await declared(d, PNG, 1000)).toBe(201);
    const dossier = await api().get(`/dossiers/${d.dossierId}`, { token: d.officer });
    expect(dossier.status, dossier.text).toBe(200);
    expect(await sweepBefore(round, 6)).toEqual([round.roundId]);
    expect(await reminders(d.unitId, round.roundId)).toEqual([6]);
  });

  it('R-CAMP-2: the campaign a round keeps is never shown: not in its creation, GET, the list or the audit trail', async () => {
    const campaign = twoTierCampaign(uniqueId('c'));
    await createCampaign(campaign);
    const created = await createRound(annualRound(campaign.campaignId));
    expect(created).not.toHaveProperty('campaign');
    const one = await api().get(`/rounds/${created.roundId}`, { token: admin });
    expect(one.status, one.text).toBe(200);
    expect(one.body).not.toHaveProperty('campaign');
    expect(one.body).toMatchObject({ campaignId: campaign.campaignId, tiers: ['province', 'commune'] });
    const all = await listAll<Record<string, unknown>>(api(), '/rounds', admin);
    expect(all.map((r) => r.roundId)).toEqual(expect.arrayContaining([created.roundId, 'annual-2025']));
    expect(all.filter((r) => 'campaign' in r).map((r) => r.roundId)).toEqual([]);
    const audit = await api().get(`/audit?entityId=${created.roundId}`, { token: admin });
    expect(audit.status, audit.text).toBe(200);
    const creation = audit.body.items.find((a: { action: string }) => a.action === 'create');
    expect(creation.after).toMatchObject({ roundId: created.roundId });
    expect(creation.after).not.toHaveProperty('campaign');
  });
});
