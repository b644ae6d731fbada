// Every campaign-dependent rule with a two-tier campaign (R-TIER-2: province and commune, communes
// proposing their own individuals), beside Plan 1109's three tiers (R-CAMP-2).

import { renderText } from '#domain/texts.ts';
import { describe, expect, it } from 'vitest';
import { officialAwardList } from '../../domain/awards.ts';
import {
  assertCampaignConsistent,
  assertTierInRound,
  judgedBy,
  PLAN_1109,
  roundRulesFrom,
} from '../../domain/campaign.ts';
import { evaluateEligibility } from '../../domain/eligibility.ts';
import { checkGrant, emptyCounts, overQuotaCells, remaining } from '../../domain/quota.ts';
import { planRoundSweep, proposingUnits } from '../../domain/sweep.ts';
import type { CampaignDefinition, IndexResult, Round, Unit } from '../../domain/types.ts';
import { canPropose, makeLookup } from '../../domain/units.ts';
import { nomination, person } from './fixtures.ts';

const TWO_TIER: CampaignDefinition = {
  ...PLAN_1109,
  campaignId: 'cchc-2026-2030',
  name: 'Phong trào thi đua cải cách hành chính giai đoạn 2026–2030',
  decisionNo: '99/QĐ-UBND',
  decisionDate: '2026-01-15',
  startDate: '2026-01-15',
  endDate: '2030-11-30',
  tiers: ['province', 'commune'],
  quotas: {
    annual: { province: { collective: 2, individual: 3 }, commune: { collective: 10, individual: 12 } },
    period: { province: { collective: 4, individual: 8 }, commune: { collective: 12, individual: 24 } },
  },
  thresholds: { ...PLAN_1109.thresholds, topRank: { province: 4 } },
  communeIndividualProposer: 'self',
  reportingTiers: ['province', 'commune'],
  reminderOffsetsDays: [10, 3],
};

const round = (campaign: CampaignDefinition, kind: 'annual' | 'period' = 'annual'): Round => ({
  roundId: `${campaign.campaignId}-${kind}`,
  campaignId: campaign.campaignId,
  kind,
  ...(kind === 'annual' ? { year: 2026 } : { years: [2026, 2027, 2028, 2029, 2030] }),
  submissionDeadline: '2026-12-29T17:00:00.000Z',
  ...roundRulesFrom(campaign, kind),
});

// Two-level government: communes with no district above them (R-UNIT-1).
const UNITS: Unit[] = [
  { unitId: 'so-noi-vu', name: 'Sở Nội vụ', tier: 'province', parScored: true },
  { unitId: 'x-van-ho', name: 'UBND xã Vân Hồ', tier: 'commune', parScored: false },
  { unitId: 'h-moc-chau', name: 'UBND huyện Mộc Châu', tier: 'district', parScored: true },
  {
    unitId: 'x-chieng-son',
    name: 'UBND xã Chiềng Sơn',
    tier: 'commune',
    parentUnitId: 'h-moc-chau',
    parScored: false,
  },
];
const lookup = makeLookup(UNITS);

describe('quota cells of a two-tier round (R-TIER-2, R-QUOTA-1/2)', () => {
  const r = round(TWO_TIER);
  it('R-TIER-2: a round copies only its campaign tiers and their quotas', () => {
    expect(r.tiers).toEqual(['province', 'commune']);
    expect(Object.keys(r.quotas)).toEqual(['province', 'commune']);
  });
  it.each([
    { what: 'two commune individuals within 12', cells: 2, ok: true },
    { what: 'thirteen commune individuals over 12', cells: 13, ok: false },
  ])('R-QUOTA-2 (b): $what', ({ cells, ok }) => {
    const requested = Array.from({ length: cells }, () => ({
      tier: 'commune' as const,
      nomineeType: 'individual' as const,
    }));
    expect(checkGrant(r.quotas, emptyCounts(), requested).ok).toBe(ok);
  });
  it('R-TIER-2: a district nominee meets a quota of 0 in a round without districts', () => {
    const check = checkGrant(r.quotas, emptyCounts(), [{ tier: 'district', nomineeType: 'individual' }]);
    expect(check).toMatchObject({ ok: false, cells: [{ tier: 'district', quota: 0 }] });
    const counts = emptyCounts();
    counts.district.collective = 1;
    expect(overQuotaCells(r.quotas, counts)).toEqual([
      { tier: 'district', nomineeType: 'collective', quota: 0, count: 1 },
    ]);
  });
  it('R-TIER-2: what remains is per the round tiers', () => {
    const left = remaining(r.quotas, emptyCounts());
    expect(left.province).toEqual({ collective: 2, individual: 3 });
    expect(left.commune).toEqual({ collective: 10, individual: 12 });
    expect(left.district).toEqual({ collective: 0, individual: 0 });
  });
});

describe('proposing under each proposer rule (R-PROP-1, R-PROP-2, R-CAMP-2)', () => {
  it.each([
    { rule: 'parent', proposer: 'h-moc-chau', ok: true },
    { rule: 'self', proposer: 'h-moc-chau', ok: false },
    { rule: 'parent', proposer: 'x-chieng-son', ok: true },
    { rule: 'self', proposer: 'x-chieng-son', ok: true },
  ] as const)(
    'R-PROP-2: with communeIndividualProposer $rule, $proposer proposing a commune individual: $ok',
    ({ rule, proposer, ok }) => {
      const check = canPropose({
        proposingUnitId: proposer,
        nomineeType: 'individual',
        nomineeUnitId: 'x-chieng-son',
        lookup,
        communeIndividualProposer: rule,
      });
      expect(check.ok).toBe(ok);
    },
  );
});

describe('eligibility by the round copy (R-CAMP-2, R-TIER-2)', () => {
  const results = (unitId: string, score: number, rank?: number): IndexResult[] =>
    [2026, 2027, 2028, 2029, 2030].map((year) => ({
      year,
      unitId,
      parIndexScore: score,
      satisfactionIndex: score,
      ...(rank === undefined ? {} : { parIndexRank: rank }),
    }));
  const evaluate = (
    campaign: CampaignDefinition,
    r: Round,
    n: ReturnType<typeof nomination>,
    proposer: string,
    indexResults: IndexResult[],
  ) =>
    evaluateEligibility({
      campaign: judgedBy(r, campaign),
      round: r,
      nomination: n,
      proposingUnitId: proposer,
      lookup,
      indexResults,
      documents: [],
      verifiedCriteria: [],
    }).criteria[0];

  // Under `parent` the district proposes a commune's individuals (R-PROP-2); a commune with no district
  // above it (two-level government, R-UNIT-1) has no one else to propose them, so it proposes its own.
  it.each([
    { rule: 'self', commune: 'x-van-ho', status: 'met' },
    { rule: 'self', commune: 'x-chieng-son', status: 'met' },
    { rule: 'parent', commune: 'x-chieng-son', status: 'not_met' },
    { rule: 'parent', commune: 'x-van-ho', status: 'met' },
  ] as const)(
    'AI3: commune $commune proposing its own individual under $rule is $status',
    ({ rule, commune, status }) => {
      const campaign = { ...TWO_TIER, communeIndividualProposer: rule };
      const n = nomination({
        nomineeType: 'individual',
        nominee: person(commune),
        criteriaClaimed: ['AI3'],
      });
      expect(evaluate(campaign, round(campaign), n, commune, results(commune, 95))?.status).toBe(status);
    },
  );

  it.each([
    { unitId: 'so-noi-vu', rank: 4, status: 'met' },
    { unitId: 'so-noi-vu', rank: 5, status: 'not_met' },
    { unitId: 'x-van-ho', rank: 1, status: 'not_applicable' },
  ] as const)(
    'PC2: topRank per tier — $unitId ranked $rank every year is $status',
    ({ unitId, rank, status }) => {
      const r = round(TWO_TIER, 'period');
      const parScored = { ...lookup(unitId), parScored: true } as Unit;
      const n = nomination({ nomineeType: 'collective', nominee: { unitId }, criteriaClaimed: ['PC2'] });
      const input = {
        campaign: judgedBy(r, TWO_TIER),
        round: r,
        nomination: n,
        proposingUnitId: unitId,
        lookup: makeLookup([...UNITS.filter((u) => u.unitId !== unitId), parScored]),
        indexResults: results(unitId, 95, rank),
        documents: [],
        verifiedCriteria: [],
      };
      expect(evaluateEligibility(input).criteria[0]?.status).toBe(status);
    },
  );

  it('R-CAMP-2: a round is judged by its copy, not by its campaign as edited later', () => {
    const r = round(TWO_TIER, 'period');
    const edited = { ...TWO_TIER, thresholds: { ...TWO_TIER.thresholds, topRank: { province: 10 } } };
    expect(judgedBy(r, edited).thresholds.topRank).toEqual({ province: 4 });
  });
});

describe('award list and sweep of a two-tier round (R-TIER-2)', () => {
  const entry = (tier: 'province' | 'commune', name: string) => ({
    nominationId: name,
    tier,
    nomineeType: 'individual' as const,
    name,
    position: '',
    unit: '',
    criteriaMet: [],
    decisionNo: '1',
    decisionDate: '2026-12-01',
  });
  it.each([
    { tiers: ['province', 'commune'] as const, order: ['province', 'commune'] },
    { tiers: ['commune', 'province'] as const, order: ['commune', 'province'] },
  ])('R-TIER-2: award list sections follow the campaign order $order', ({ tiers, order }) => {
    const groups = officialAwardList([entry('commune', 'B'), entry('province', 'A')], tiers);
    expect(groups.map((g) => g.tier)).toEqual(order);
    expect(groups.flatMap((g) => g.rows.map((r) => r.stt))).toEqual([1, 2]);
  });
  it('R-SWEEP-1, R-TIER-2: submission and report reminders of a two-tier round go to its tiers only', () => {
    const r = round(TWO_TIER);
    const plan = planRoundSweep({
      // 10 days before D-SUB, one of this campaign's offsets.
      now: '2026-12-19T17:00:00.000Z',
      round: r,
      campaign: judgedBy(r, TWO_TIER),
      extensions: [],
      units: UNITS,
      dossiers: [],
      movementReports: { filed: new Set() },
    });
    const reminded = (kind: string) =>
      plan.notifications.filter((n) => n.kind === kind).map((n) => [n.unitId, n.daysBefore]);
    expect(reminded('submission_reminder')).toEqual([
      ['so-noi-vu', 10],
      ['x-van-ho', 10],
      ['x-chieng-son', 10],
    ]);
    // Notifications name the round, never its id (SPEC §8, edition 2).
    const first = plan.notifications.find((n) => n.kind === 'submission_reminder');
    expect(renderText(first?.message ?? '', 'vi')).toContain('đợt “Khen thưởng năm 2026”');
    expect(renderText(first?.message ?? '', 'vi')).not.toContain(r.roundId);
    expect(reminded('report_reminder').map(([unitId]) => unitId)).toEqual([
      'so-noi-vu',
      'x-van-ho',
      'x-chieng-son',
    ]);
  });
  it('R-TIER-2: the sweep reminds only units of the round tiers', () => {
    expect(proposingUnits(UNITS, ['province', 'commune']).map((u) => u.unitId)).toEqual([
      'so-noi-vu',
      'x-van-ho',
      'x-chieng-son',
    ]);
    expect(proposingUnits(UNITS).map((u) => u.unitId)).toContain('h-moc-chau');
  });
  it('R-TIER-2: a unit of a tier outside the round is TIER_NOT_IN_CAMPAIGN', () => {
    const r = round(TWO_TIER);
    expect(() => assertTierInRound(r, UNITS[2] as Unit, 'body.unitId')).toThrowError(
      expect.objectContaining({ code: 'TIER_NOT_IN_CAMPAIGN' }),
    );
    expect(() => assertTierInRound(r, UNITS[1] as Unit, 'body.unitId')).not.toThrow();
  });
});

describe('campaign consistency (R-CAMP-2)', () => {
  it.each([
    { what: 'Plan 1109', change: {}, paths: [] },
    { what: 'the two-tier campaign', change: TWO_TIER, paths: [] },
    {
      what: 'parent without districts',
      change: { ...TWO_TIER, communeIndividualProposer: 'parent' as const },
      paths: ['body.communeIndividualProposer'],
    },
    {
      what: 'quotas of a district the campaign lacks',
      change: {
        ...TWO_TIER,
        quotas: {
          ...TWO_TIER.quotas,
          period: { ...TWO_TIER.quotas.period, district: { collective: 1, individual: 1 } },
        },
      },
      paths: ['body.quotas.period.district'],
    },
  ])('R-CAMP-2: $what', ({ change, paths }) => {
    const campaign = { ...PLAN_1109, ...change };
    let got: string[] = [];
    try {
      assertCampaignConsistent(campaign);
    } catch (error) {
      got = (error as { items: { path: string }[] }).items.map((i) => i.path);
    }
    expect(got).toEqual(paths);
  });
});
