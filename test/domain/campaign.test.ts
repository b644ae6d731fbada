import { describe, expect, it } from 'vitest';
import {
  ANNUAL_QUOTAS,
  PERIOD_QUOTAS,
  PLAN_1109,
  plan1109Rounds,
  roundYears,
  totalQuota,
} from '../../domain/campaign.ts';
import { reportDeadline } from '../../domain/deadlines.ts';
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
        topRankProvince: 5,
        topRankDistrict: 3,
        topYearsMin: 3,
        annualInitiativesMin: 1,
        periodCollectiveInitiativesMin: 2,
        periodIndividualInitiativesMin: 1,
      },
      reminderOffsetsDays: [14, 7, 3, 1],
      appraisalLeadDays: 9,
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
    first!.quotas.province.collective = 99;
    expect(ANNUAL_QUOTAS.province.collective).toBe(2);
    expect(plan1109Rounds()[0]!.quotas.province.collective).toBe(2);
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
