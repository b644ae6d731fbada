import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANNUAL_QUOTAS, PERIOD_QUOTAS } from '../../domain/campaign.ts';
import { QuotaExceededError } from '../../domain/errors.ts';
import {
  assertGrantWithinQuota,
  assertRecommendedWithinQuota,
  type Counts,
  checkGrant,
  emptyCounts,
  overQuotaCells,
  type QuotaCellRef,
  remaining,
  tally,
} from '../../domain/quota.ts';
import type { NomineeType, Quotas, Tier } from '../../domain/types.ts';
import { NOMINEE_TYPES, TIERS } from '../../domain/types.ts';

const ask = (tier: Tier, nomineeType: NomineeType, n = 1): QuotaCellRef[] =>
  Array.from({ length: n }, () => ({ tier, nomineeType }));

const counts = (partial: Partial<Record<Tier, Partial<Record<NomineeType, number>>>>): Counts => {
  const c = emptyCounts();
  for (const tier of TIERS) for (const type of NOMINEE_TYPES) c[tier][type] = partial[tier]?.[type] ?? 0;
  return c;
};

describe('quota arithmetic', () => {
  it('R-QUOTA-1: nothing awarded leaves the whole quota', () => {
    expect(remaining(ANNUAL_QUOTAS, emptyCounts())).toEqual(ANNUAL_QUOTAS);
  });

  it('R-QUOTA-1: remaining is never negative', () => {
    const left = remaining(ANNUAL_QUOTAS, counts({ province: { collective: 3, individual: 1 } }));
    expect(left.province).toEqual({ collective: 0, individual: 3 });
    expect(left.commune).toEqual({ collective: 12, individual: 8 });
  });

  it('R-QUOTA-1: tally counts nominees per tier and type', () => {
    expect(tally([...ask('commune', 'individual', 3), ...ask('province', 'collective')])).toEqual(
      counts({ commune: { individual: 3 }, province: { collective: 1 } }),
    );
  });
});

describe('granting', () => {
  it.each<{ what: string; quotas: Quotas; awarded: Counts; requested: QuotaCellRef[]; ok: boolean }>([
    {
      what: 'up to the annual province collective quota (2)',
      quotas: ANNUAL_QUOTAS,
      awarded: emptyCounts(),
      requested: ask('province', 'collective', 2),
      ok: true,
    },
    {
      what: 'one over the annual province collective quota',
      quotas: ANNUAL_QUOTAS,
      awarded: counts({ province: { collective: 2 } }),
      requested: ask('province', 'collective'),
      ok: false,
    },
    {
      what: 'the last annual commune individual (8)',
      quotas: ANNUAL_QUOTAS,
      awarded: counts({ commune: { individual: 7 } }),
      requested: ask('commune', 'individual'),
      ok: true,
    },
    {
      what: 'the 9th annual commune individual',
      quotas: ANNUAL_QUOTAS,
      awarded: counts({ commune: { individual: 8 } }),
      requested: ask('commune', 'individual'),
      ok: false,
    },
    {
      what: '13 annual commune collectives at once',
      quotas: ANNUAL_QUOTAS,
      awarded: emptyCounts(),
      requested: ask('commune', 'collective', 13),
      ok: false,
    },
    {
      what: 'the 6th period district individual (6)',
      quotas: PERIOD_QUOTAS,
      awarded: counts({ district: { individual: 5 } }),
      requested: ask('district', 'individual'),
      ok: true,
    },
    {
      what: 'the 4th period district collective (3)',
      quotas: PERIOD_QUOTAS,
      awarded: counts({ district: { collective: 3 } }),
      requested: ask('district', 'collective'),
      ok: false,
    },
    {
      what: 'a full cell next to the one asked for',
      quotas: ANNUAL_QUOTAS,
      awarded: counts({ province: { collective: 2 } }),
      requested: ask('province', 'individual'),
      ok: true,
    },
    {
      what: 'nothing',
      quotas: ANNUAL_QUOTAS,
      awarded: counts({ district: { collective: 2 } }),
      requested: [],
      ok: true,
    },
  ])('R-QUOTA-2: granting $what → ok $ok', ({ quotas, awarded, requested, ok }) => {
    const check = checkGrant(quotas, awarded, requested);
    expect(check.ok).toBe(ok);
    if (check.ok) expect(check.after).toEqual(tally([...requested, ...expandCounts(awarded)]));
  });

  it('R-QUOTA-2: a grant over quota fails whole, naming every exceeded cell', () => {
    const awarded = counts({ province: { collective: 1 }, commune: { individual: 8 } });
    const requested = [
      ...ask('province', 'collective', 2),
      ...ask('commune', 'individual'),
      ...ask('district', 'collective'),
    ];
    const check = checkGrant(ANNUAL_QUOTAS, awarded, requested);
    expect(check).toEqual({
      ok: false,
      cells: [
        { tier: 'province', nomineeType: 'collective', quota: 2, awarded: 1, requested: 2 },
        { tier: 'commune', nomineeType: 'individual', quota: 8, awarded: 8, requested: 1 },
      ],
    });
  });

  it('R-QUOTA-2: assertGrantWithinQuota throws QuotaExceededError with one item per cell', () => {
    const awarded = counts({ province: { collective: 2 } });
    let error: unknown;
    try {
      assertGrantWithinQuota(ANNUAL_QUOTAS, awarded, ask('province', 'collective'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuotaExceededError);
    const e = error as QuotaExceededError;
    expect(e.code).toBe('QUOTA_EXCEEDED');
    expect(e.items.map((i) => i.path)).toEqual(['province.collective']);
    expect(e.items[0]!.message.vi).toContain('cấp tỉnh, tập thể');
    expect(e.items[0]!.message.vi).toContain('tối đa 2');
    expect(awarded).toEqual(counts({ province: { collective: 2 } }));
  });

  it('R-QUOTA-2: assertGrantWithinQuota returns the counts after the grant', () => {
    expect(assertGrantWithinQuota(ANNUAL_QUOTAS, emptyCounts(), ask('district', 'individual', 4))).toEqual(
      counts({ district: { individual: 4 } }),
    );
  });

  it('R-QUOTA-2: no sequence of accepted grants ever exceeds a cell', () => {
    const cell = fc.record({
      tier: fc.constantFrom(...TIERS),
      nomineeType: fc.constantFrom(...NOMINEE_TYPES),
    });
    const quotaCell = fc.record({ collective: fc.nat(6), individual: fc.nat(6) });
    const quotas = fc.record({ province: quotaCell, district: quotaCell, commune: quotaCell });
    fc.assert(
      fc.property(quotas, fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 30 }), (q, grants) => {
        let awarded = emptyCounts();
        for (const requested of grants) {
          const check = checkGrant(q, awarded, requested);
          if (check.ok) awarded = check.after;
          for (const tier of TIERS) {
            for (const type of NOMINEE_TYPES) expect(awarded[tier][type]).toBeLessThanOrEqual(q[tier][type]);
          }
        }
        const left = remaining(q, awarded);
        for (const tier of TIERS) {
          for (const type of NOMINEE_TYPES)
            expect(left[tier][type] + awarded[tier][type]).toBe(q[tier][type]);
        }
      }),
    );
  });

  it('R-QUOTA-2: grants accepted one by one fill every cell exactly to its quota', () => {
    let awarded = emptyCounts();
    const all = TIERS.flatMap((tier) =>
      NOMINEE_TYPES.flatMap((type) => ask(tier, type, PERIOD_QUOTAS[tier][type] + 2)),
    );
    for (const one of all) {
      const check = checkGrant(PERIOD_QUOTAS, awarded, [one]);
      if (check.ok) awarded = check.after;
    }
    expect(awarded).toEqual(PERIOD_QUOTAS);
  });
});

describe('appraisal report', () => {
  it('R-QUOTA-2: a recommended list within every cell passes', () => {
    expect(overQuotaCells(ANNUAL_QUOTAS, counts({ commune: { collective: 12, individual: 8 } }))).toEqual([]);
    expect(() =>
      assertRecommendedWithinQuota(ANNUAL_QUOTAS, tally(ask('province', 'individual', 4))),
    ).not.toThrow();
  });

  it('R-QUOTA-2: the recommended list may not exceed a cell', () => {
    const recommended = counts({ province: { individual: 5 }, district: { collective: 2 } });
    expect(overQuotaCells(ANNUAL_QUOTAS, recommended)).toEqual([
      { tier: 'province', nomineeType: 'individual', quota: 4, count: 5 },
    ]);
    expect(() => assertRecommendedWithinQuota(ANNUAL_QUOTAS, recommended)).toThrow(QuotaExceededError);
  });
});

function expandCounts(c: Counts): QuotaCellRef[] {
  return TIERS.flatMap((tier) => NOMINEE_TYPES.flatMap((type) => ask(tier, type, c[tier][type])));
}
