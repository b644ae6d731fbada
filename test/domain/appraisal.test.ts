import { describe, expect, it } from 'vitest';
import {
  assertRecommendable,
  criteriaMet,
  emptyLists,
  listedCounts,
  reportStanding,
  requireReason,
  summarizeRound,
  validateVerifiedCriteria,
} from '../../domain/appraisal.ts';
import { ANNUAL_QUOTAS } from '../../domain/campaign.ts';
import { NotEligibleError, ValidationError } from '../../domain/errors.ts';
import { emptyCounts } from '../../domain/quota.ts';
import type { CriterionCode, Eligibility, NominationStatus } from '../../domain/types.ts';

const eligibility = (eligible: boolean | null, statuses: [CriterionCode, string][]): Eligibility => ({
  eligible,
  criteria: statuses.map(([code, status]) => ({
    code,
    status: status as Eligibility['criteria'][number]['status'],
    reason: { vi: `lý do ${code}`, en: `reason ${code}` },
  })),
});

describe('verified criteria', () => {
  it.each<{ what: string; claimed: CriterionCode[]; verified: CriterionCode[]; paths: string[] }>([
    { what: 'a claimed judgement criterion', claimed: ['AC1', 'AC2'], verified: ['AC1'], paths: [] },
    { what: 'nothing verified', claimed: ['AC2'], verified: [], paths: [] },
    { what: 'a data criterion', claimed: ['AC1', 'AC2'], verified: ['AC2'], paths: ['verifiedCriteria[0]'] },
    {
      what: 'an unclaimed judgement criterion',
      claimed: ['AC2'],
      verified: ['AC1'],
      paths: ['verifiedCriteria[0]'],
    },
    {
      what: 'a judgement criterion of another type',
      claimed: ['AC1'],
      verified: ['AC1', 'AI1'],
      paths: ['verifiedCriteria[1]'],
    },
  ])('SPEC §6: $what', ({ claimed, verified, paths }) => {
    expect(validateVerifiedCriteria(claimed, verified).map((e) => e.path)).toEqual(paths);
  });
});

describe('reasons', () => {
  it('SPEC §6: reject and return need a non-blank reason; recommend does not', () => {
    expect(() => requireReason('reject', undefined)).toThrow(ValidationError);
    expect(() => requireReason('return', '  \n ')).toThrow(ValidationError);
    expect(requireReason('return', '  Thiếu biên bản ')).toBe('Thiếu biên bản');
    expect(requireReason('recommend', undefined)).toBeUndefined();
    expect(requireReason('recommend', ' ')).toBeUndefined();
  });
});

describe('recommending', () => {
  it('SPEC §6: eligible nominations can be recommended; the criteria met are kept', () => {
    const e = eligibility(true, [
      ['AC1', 'needs_review'],
      ['AC2', 'met'],
    ]);
    expect(() => assertRecommendable(e, true)).not.toThrow();
    expect(criteriaMet(e)).toEqual(['AC2']);
  });

  it('AC2: a criterion not met is listed with its reason (NOT_ELIGIBLE)', () => {
    try {
      assertRecommendable(eligibility(false, [['AC2', 'not_met']]), true);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotEligibleError);
      expect((error as NotEligibleError).items).toEqual([
        { path: 'AC2', message: { vi: 'lý do AC2', en: 'reason AC2' } },
      ]);
    }
  });

  it('R-ELIG-0: missing discipline is listed first; pending criteria refuse too', () => {
    expect(() => assertRecommendable(eligibility(null, [['AI1', 'needs_review']]), true)).toThrow(
      NotEligibleError,
    );
    try {
      assertRecommendable(eligibility(false, [['AI1', 'met']]), false);
      expect.unreachable();
    } catch (error) {
      expect((error as NotEligibleError).items.map((i) => i.path)).toEqual(['disciplineCompliance']);
    }
  });
});

describe('round summary', () => {
  it('R-QUOTA-2(a): the listed count of a cell is its pending and sent recommendations, each once', () => {
    const lists = emptyLists();
    lists.commune.individual = { pending: ['a', 'b'], sent: ['c', 'a'] };
    lists.province.collective = { pending: [], sent: ['x'] };
    const counts = listedCounts(lists);
    expect(counts.commune.individual).toBe(3);
    expect(counts.province.collective).toBe(1);
    expect(counts.district.collective).toBe(0);
  });

  const n = (status: NominationStatus, tier: 'province' | 'commune' = 'province') => ({
    tier,
    nomineeType: 'collective' as const,
    status,
  });

  it('R-QUOTA-2(a): counts what reached appraisal, the recommended list and the room left', () => {
    const awarded = emptyCounts();
    awarded.province.collective = 1;
    const lists = emptyLists();
    lists.province.collective = { pending: ['r1'], sent: ['r2', 'a1'] };
    const cells = summarizeRound(
      ANNUAL_QUOTAS,
      [
        n('draft'),
        n('withdrawn'),
        n('submitted'),
        n('rejected'),
        n('returned'),
        n('recommended'),
        n('recommended'),
        n('awarded'),
        n('not_awarded'),
        n('recommended', 'commune'),
      ],
      awarded,
      lists,
    );
    expect(cells).toHaveLength(6);
    expect(cells[0]).toEqual({
      tier: 'province',
      nomineeType: 'collective',
      submitted: 7,
      recommended: 3,
      sent: 2,
      awarded: 1,
      quota: 2,
      remaining: 1,
      overRecommended: true,
    });
    expect(cells.find((c) => c.tier === 'commune' && c.nomineeType === 'collective')?.overRecommended).toBe(
      false,
    );
  });
});

describe('the report standing of an appraisal', () => {
  const round = (appraisalReports?: number) => ({ roundId: 'annual-2025', appraisalReports });
  it.each([
    { what: 'nothing decided', a: undefined, reports: 1, vi: '' },
    {
      what: 'decided, no report sent',
      a: { decision: 'reject', report: 1 },
      reports: undefined,
      vi: 'Chưa trình',
    },
    {
      what: 'carried by the first report',
      a: { decision: 'recommend', report: 1 },
      reports: 1,
      vi: 'Đã trình (lần 1)',
    },
    {
      what: 'decided after the first report',
      a: { decision: 'recommend', report: 2 },
      reports: 1,
      vi: 'Chưa trình',
    },
    {
      what: 'carried by the second report',
      a: { decision: 'recommend', report: 2 },
      reports: 3,
      vi: 'Đã trình (lần 2)',
    },
    {
      what: 'recorded before reports were numbered',
      a: { decision: 'reject' },
      reports: 1,
      vi: 'Đã trình (lần 1)',
    },
  ])('R-APP-1: the working list shows $what as “$vi”', ({ a, reports, vi }) => {
    expect(reportStanding(a, round(reports)).vi).toBe(vi);
  });
});
