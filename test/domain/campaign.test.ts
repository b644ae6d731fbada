import { describe, expect, it } from 'vitest';
import {
  ANNUAL_QUOTAS,
  assertRoundInCampaign,
  campaignCopy,
  campaignYears,
  judgedBy,
  PERIOD_QUOTAS,
  PLAN_1109,
  plan1109Rounds,
  roundSlot,
  roundSlotTakenError,
  roundYears,
  totalQuota,
} from '../../domain/campaign.ts';
import { reportDeadline } from '../../domain/deadlines.ts';
import { InvalidStateError, ValidationError } from '../../domain/errors.ts';
import type { Round } from '../../domain/types.ts';

describe('campaign Plan 1109', () => {
  it('R-CAMP-1: the default campaign holds its dates, thresholds and document rules as data', () => {
    expect(PLAN_1109).toMatchObject({
      campaignId: 'plan-1109',
      startDate: '2021-06-01',
      endDate: '2025-11-30',
      thresholds: {
        parScoreMin: 90,
        combinedIndexMin: 90,
        topRank: { province: 5, district: 3 },
        topYearsMin: 3,
        annualInitiativesMin: 1,
        periodCollectiveInitiativesMin: 2,
        periodIndividualInitiativesMin: 1,
      },
      reminderOffsetsDays: [14, 7, 3, 1],
      appraisalLeadDays: 9,
      tiers: ['province', 'district', 'commune'],
      communeIndividualProposer: 'parent',
      quotas: { annual: ANNUAL_QUOTAS, period: PERIOD_QUOTAS },
    });
    expect(PLAN_1109.documents.maxFileBytes).toBe(26_214_400);
    // R-REP-1 (seed IV.1): provincial agencies and district people's committees file the yearly report.
    expect(PLAN_1109.reportingTiers).toEqual(['province', 'district']);
    expect(PLAN_1109.documents.allowedContentTypes).toHaveLength(6);
    expect(PLAN_1109.documents.allowedContentTypes).toContain('application/pdf');
    expect(PLAN_1109.documents.allowedContentTypes).toContain('application/msword');
  });

  it('R-ROUND-1: five annual rounds and one period round', () => {
    const rounds = plan1109Rounds();
    expect(rounds.map((r) => r.roundId)).toEqual([
      'annual-2021',
      'annual-2022',
      'annual-2023',
      'annual-2024',
      'annual-2025',
      'period-2021-2025',
    ]);
    expect(rounds.every((r) => r.campaignId === 'plan-1109')).toBe(true);
  });

  it.each([2021, 2022, 2023, 2024, 2025])(
    'R-ROUND-1 / D-SUB-A / D-REP: annual-%i is due before 30 Dec 00:00 ICT, no appraisal deadline yet',
    (year) => {
      const r = plan1109Rounds().find((x) => x.roundId === `annual-${year}`)!;
      expect(r).toMatchObject({ kind: 'annual', year, quotas: ANNUAL_QUOTAS });
      expect(r.submissionDeadline).toBe(`${year}-12-29T17:00:00.000Z`);
      // D-REP belongs to the year, not to the round (R-REP-1); in Plan 1109 it falls with D-SUB-A.
      expect(reportDeadline(year)).toBe(r.submissionDeadline);
      expect(r).not.toHaveProperty('reportDeadline');
      expect(r.appraisalDeadline).toBeUndefined();
      expect(roundYears(r)).toEqual([year]);
    },
  );

  it('R-ROUND-1 / D-SUB-P / D-APP-P: the period round covers 2021–2025, due 30 Oct and 30 Nov 2025', () => {
    const r = plan1109Rounds().find((x) => x.kind === 'period')!;
    expect(r).toMatchObject({
      roundId: 'period-2021-2025',
      years: [2021, 2022, 2023, 2024, 2025],
      submissionDeadline: '2025-10-29T17:00:00.000Z',
      appraisalDeadline: '2025-11-29T17:00:00.000Z',
      quotas: PERIOD_QUOTAS,
    });
    expect(roundYears(r)).toEqual([2021, 2022, 2023, 2024, 2025]);
  });

  it('R-ROUND-1: each round gets its own copy of the quotas', () => {
    const [first] = plan1109Rounds();
    first!.quotas.province!.collective = 99;
    expect(ANNUAL_QUOTAS.province.collective).toBe(2);
    expect(plan1109Rounds()[0]!.quotas.province?.collective).toBe(2);
  });

  it.each([
    {
      name: 'annual',
      quotas: ANNUAL_QUOTAS,
      cells: [2, 4, 2, 4, 12, 8],
      total: { collective: 16, individual: 16 },
    },
    {
      name: 'period',
      quotas: PERIOD_QUOTAS,
      cells: [5, 10, 3, 6, 12, 24],
      total: { collective: 20, individual: 40 },
    },
  ])('R-QUOTA-1: $name quotas per tier and their province-wide total', ({ quotas, cells, total }) => {
    expect([
      quotas.province.collective,
      quotas.province.individual,
      quotas.district.collective,
      quotas.district.individual,
      quotas.commune.collective,
      quotas.commune.individual,
    ]).toEqual(cells);
    expect(totalQuota(quotas)).toEqual(total);
  });

  it('R-CAMP-1: roundYears reads a round of any campaign', () => {
    const r: Round = {
      roundId: 'period-2026-2030',
      campaignId: 'plan-2026',
      kind: 'period',
      years: [2026, 2027, 2028, 2029, 2030],
      submissionDeadline: '2030-10-29T17:00:00.000Z',
      quotas: ANNUAL_QUOTAS,
    };
    expect(roundYears(r)).toEqual([2026, 2027, 2028, 2029, 2030]);
  });
});

describe('rounds of a campaign', () => {
  const plan2026 = { ...PLAN_1109, campaignId: 'plan-2026', startDate: '2026-01-01', endDate: '2030-12-31' };

  it('R-ROUND-2: a campaign runs from the year of its start date to the year of its end date', () => {
    expect(campaignYears(PLAN_1109)).toEqual({ first: 2021, last: 2025 });
    expect(campaignYears(plan2026)).toEqual({ first: 2026, last: 2030 });
  });

  it.each<{ what: string; round: Pick<Round, 'kind' | 'year' | 'years'>; refused?: string[] }>([
    { what: 'an annual round of the first year', round: { kind: 'annual', year: 2021 } },
    { what: 'an annual round of the last year', round: { kind: 'annual', year: 2025 } },
    {
      what: 'an annual round of the year before',
      round: { kind: 'annual', year: 2020 },
      refused: ['body.year'],
    },
    {
      what: 'an annual round of the year after',
      round: { kind: 'annual', year: 2026 },
      refused: ['body.year'],
    },
    {
      what: 'the period round of 2021–2025',
      round: { kind: 'period', years: [2021, 2022, 2023, 2024, 2025] },
    },
    {
      what: 'a period round reaching past the period, each year outside named',
      round: { kind: 'period', years: [2019, 2024, 2025, 2026] },
      refused: ['body.years[0]', 'body.years[3]'],
    },
    {
      what: 'a period round listing a year twice',
      round: { kind: 'period', years: [2023, 2024, 2023] },
      refused: ['body.years[2]'],
    },
  ])('R-ROUND-2: in Plan 1109, $what', ({ round, refused }) => {
    const check = () => assertRoundInCampaign(round, PLAN_1109);
    if (!refused) {
      expect(check).not.toThrow();
      return;
    }
    let error: unknown;
    try {
      check();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).items.map((i) => i.path)).toEqual(refused);
    const outside = (error as ValidationError).items.filter((i) => i.message.vi.includes('ngoài'));
    for (const item of outside) expect(item.message.vi).toContain('2021–2025');
  });

  it('R-ROUND-2: the same years are judged against another campaign period', () => {
    expect(() => assertRoundInCampaign({ kind: 'annual', year: 2026 }, plan2026)).not.toThrow();
    expect(() => assertRoundInCampaign({ kind: 'annual', year: 2025 }, plan2026)).toThrow(ValidationError);
  });

  it.each<{ round: Pick<Round, 'kind' | 'year' | 'years'>; slot: object }>([
    { round: { kind: 'annual', year: 2024 }, slot: { kind: 'annual', slot: '2024' } },
    { round: { kind: 'period', years: [2021, 2022] }, slot: { kind: 'period', slot: 'period' } },
    { round: { kind: 'period', years: [2024, 2025] }, slot: { kind: 'period', slot: 'period' } },
  ])(
    'R-ROUND-2: one annual round per year and one period round: $round.kind $round.year takes $slot.slot',
    ({ round, slot }) => {
      expect(roundSlot(round)).toEqual(slot);
    },
  );

  it('R-ROUND-2: a slot taken is INVALID_STATE naming the year (the campaign in its details, not its id in the text)', () => {
    const error = roundSlotTakenError('plan-1109', { kind: 'annual', year: 2025 });
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error.code).toBe('INVALID_STATE');
    expect(error.text.vi).toContain('2025');
    expect(error.text.en).toContain('2025');
    expect(error.text.en).not.toContain('plan-1109');
    expect(error.details).toEqual({ campaignId: 'plan-1109', kind: 'annual', slot: '2025' });
  });
});

describe('the campaign a round keeps (R-CAMP-2)', () => {
  const stored = {
    ...PLAN_1109,
    version: 3,
    createdAt: '2021-06-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };

  it('R-CAMP-2: is the whole definition with its version, and nothing else of the record', () => {
    const copy = campaignCopy(stored);
    expect(copy).toEqual({ ...PLAN_1109, version: 3 });
    expect(copy).not.toHaveProperty('createdAt');
    expect(copy).not.toHaveProperty('updatedAt');
  });

  it('R-CAMP-2: owns its values: a later change of the campaign read does not reach it', () => {
    const read = structuredClone(stored);
    const copy = campaignCopy(read);
    (read.documents.allowedContentTypes as string[]).push('text/plain');
    (read.reminderOffsetsDays as number[]).push(30);
    read.thresholds.topRank.province = 1;
    expect(copy.documents).toEqual(PLAN_1109.documents);
    expect(copy.reminderOffsetsDays).toEqual(PLAN_1109.reminderOffsetsDays);
    expect(copy.thresholds.topRank.province).toBe(5);
  });

  it("R-CAMP-2: a round is judged by its own rules over the copy's; the copy gives the rest", () => {
    const copy = campaignCopy({ ...stored, appraisalLeadDays: 12 });
    const [round] = plan1109Rounds();
    if (!round) throw new Error('Plan 1109 has rounds');
    const rules = judgedBy(
      { ...round, thresholds: { ...PLAN_1109.thresholds, parScoreMin: 95 }, tiers: ['province'] },
      copy,
    );
    expect(rules.thresholds.parScoreMin).toBe(95);
    expect(rules.tiers).toEqual(['province']);
    expect(rules.appraisalLeadDays).toBe(12);
    expect(rules.documents).toEqual(PLAN_1109.documents);
  });
});
