// Quotas of awards per round, tier and nominee type (R-QUOTA-1, seed III.2) and the rule that binds them
// (R-QUOTA-2): the appraisal report's recommended list and every grant stay within each cell, and a grant
// that would exceed one fails whole. The store enforces the same bound atomically with conditional
// writes; these functions decide it and explain it.

import type { ErrorItem } from './errors.ts';
import { QuotaExceededError } from './errors.ts';
import { cellLabel } from './labels.ts';
import type { NomineeType, QuotaCell, Quotas, Tier } from './types.ts';
import { NOMINEE_TYPES, TIERS } from './types.ts';

export type Counts = Record<Tier, QuotaCell>;

/**
 * The largest quota of one cell. The plan's largest is 24; the bound keeps a cell's recommended lists (kept
 * by id with the cell, R-AWD-1) far below DynamoDB's 400 KB an item.
 */
export const MAX_QUOTA = 1000;

export interface QuotaCellRef {
  tier: Tier;
  nomineeType: NomineeType;
}

export interface ExceededCell extends QuotaCellRef {
  quota: number;
  awarded: number;
  requested: number;
}

export interface OverQuotaCell extends QuotaCellRef {
  quota: number;
  count: number;
}

export function emptyCounts(): Counts {
  return {
    province: { collective: 0, individual: 0 },
    district: { collective: 0, individual: 0 },
    commune: { collective: 0, individual: 0 },
  };
}

/** Counts of a list of nominees by tier and type (e.g. the recommended list of a round). */
export function tally(items: readonly QuotaCellRef[]): Counts {
  const counts = emptyCounts();
  for (const { tier, nomineeType } of items) counts[tier][nomineeType] += 1;
  return counts;
}

export interface CellCount extends QuotaCellRef {
  count: number;
}

/** The cells a list touches, each with its count, in the order of the quota table (tiers, then types). */
export function cellCounts(items: readonly QuotaCellRef[]): CellCount[] {
  const counts = tally(items);
  return cells()
    .map(({ tier, nomineeType }) => ({ tier, nomineeType, count: counts[tier][nomineeType] }))
    .filter((c) => c.count > 0);
}

/** The quota of one cell; a tier the round's campaign does not have has none (R-TIER-2). */
const quotaOf = (quotas: Quotas, { tier, nomineeType }: QuotaCellRef) => quotas[tier]?.[nomineeType] ?? 0;

/**
 * Every cell of the quota table: the round's tiers (the keys of its quotas, R-TIER-2), each with both
 * nominee types. A count in a tier outside them meets a quota of 0.
 */
function cells(quotas?: Quotas): QuotaCellRef[] {
  const tiers = quotas ? TIERS.filter((tier) => quotas[tier] !== undefined) : TIERS;
  return tiers.flatMap((tier) => NOMINEE_TYPES.map((nomineeType) => ({ tier, nomineeType })));
}

/** The cells a count touches outside the round's tiers, so a check never skips them. */
function touched(quotas: Quotas, counts: Counts): QuotaCellRef[] {
  return cells().filter((c) => quotas[c.tier] === undefined && counts[c.tier][c.nomineeType] > 0);
}

/** What is still available in each cell; never negative. */
export function remaining(quotas: Quotas, awarded: Counts): Counts {
  const left = emptyCounts();
  for (const cell of cells(quotas)) {
    left[cell.tier][cell.nomineeType] = Math.max(
      0,
      quotaOf(quotas, cell) - awarded[cell.tier][cell.nomineeType],
    );
  }
  return left;
}

export type GrantCheck = { ok: true; after: Counts } | { ok: false; cells: ExceededCell[] };

/** R-QUOTA-2(b): whether granting `requested` on top of `awarded` keeps every cell within its quota. */
export function checkGrant(quotas: Quotas, awarded: Counts, requested: readonly QuotaCellRef[]): GrantCheck {
  const asked = tally(requested);
  const after = emptyCounts();
  const exceeded: ExceededCell[] = [];
  for (const { tier, nomineeType } of [...cells(quotas), ...touched(quotas, asked)]) {
    const quota = quotaOf(quotas, { tier, nomineeType });
    const already = awarded[tier][nomineeType];
    const more = asked[tier][nomineeType];
    after[tier][nomineeType] = already + more;
    if (more > 0 && already + more > quota) {
      exceeded.push({ tier, nomineeType, quota, awarded: already, requested: more });
    }
  }
  return exceeded.length === 0 ? { ok: true, after } : { ok: false, cells: exceeded };
}

function exceededItem(cell: ExceededCell): ErrorItem {
  const label = cellLabel(cell.tier, cell.nomineeType);
  return {
    path: `${cell.tier}.${cell.nomineeType}`,
    message: {
      vi: `Vượt chỉ tiêu ${label.vi}: tối đa ${cell.quota}, đã khen thưởng ${cell.awarded}, đề nghị thêm ${cell.requested}`,
      en: `Quota exceeded for ${label.en}: at most ${cell.quota}, ${cell.awarded} awarded, ${cell.requested} requested`,
    },
  };
}

/** R-QUOTA-2(b): the counts after the grant, or QuotaExceededError naming every cell it would exceed. */
export function assertGrantWithinQuota(
  quotas: Quotas,
  awarded: Counts,
  requested: readonly QuotaCellRef[],
): Counts {
  const check = checkGrant(quotas, awarded, requested);
  if (check.ok) return check.after;
  throw new QuotaExceededError(
    {
      vi: 'Số khen thưởng vượt chỉ tiêu của đợt; không khen thưởng đề nghị nào trong lần này',
      en: 'The grant would exceed the round quota; nothing was granted',
    },
    check.cells.map(exceededItem),
    { cells: check.cells },
  );
}

/** R-QUOTA-2(a): the cells in which `counts` (e.g. the appraisal report's recommended list) exceed the quota. */
export function overQuotaCells(quotas: Quotas, counts: Counts): OverQuotaCell[] {
  return [...cells(quotas), ...touched(quotas, counts)]
    .map(({ tier, nomineeType }) => ({
      tier,
      nomineeType,
      quota: quotaOf(quotas, { tier, nomineeType }),
      count: counts[tier][nomineeType],
    }))
    .filter((c) => c.count > c.quota);
}

/** R-QUOTA-2(a): QuotaExceededError when the recommended list of an appraisal report exceeds a cell. */
export function assertRecommendedWithinQuota(quotas: Quotas, recommended: Counts): void {
  const over = overQuotaCells(quotas, recommended);
  if (over.length === 0) return;
  throw new QuotaExceededError(
    {
      vi: 'Danh sách đề xuất khen thưởng vượt chỉ tiêu của đợt',
      en: 'The recommended list exceeds the round quota',
    },
    over.map((c) => {
      const label = cellLabel(c.tier, c.nomineeType);
      return {
        path: `${c.tier}.${c.nomineeType}`,
        message: {
          vi: `Vượt chỉ tiêu ${label.vi}: tối đa ${c.quota}, đề xuất ${c.count}`,
          en: `Quota exceeded for ${label.en}: at most ${c.quota}, ${c.count} recommended`,
        },
      };
    }),
    { cells: over },
  );
}
