// The built-in campaign, Plan 1109 (Decision 1109/QĐ-UBND, 2021–2025), as data (R-CAMP-1): its
// thresholds, quotas, document rules and rounds. Another campaign (say 2026–2030) is another value of
// the same types; nothing in the rules reads these constants directly.

import { annualSubmissionDeadline, ictMidnight } from './deadlines.ts';
import { type ErrorItem, InvalidStateError, TierNotInCampaignError, ValidationError } from './errors.ts';
import { TIER_LABELS } from './labels.ts';
import type { CampaignCopy, CampaignDefinition, QuotaCell, Quotas, Round, RoundKind, Tier } from './types.ts';
import { TIERS } from './types.ts';

/** Seed III.2.1: at most 16 collectives and 16 individuals a year (2/4 province, 2/4 district, 12/8 commune). */
export const ANNUAL_QUOTAS: Record<Tier, QuotaCell> = {
  province: { collective: 2, individual: 4 },
  district: { collective: 2, individual: 4 },
  commune: { collective: 12, individual: 8 },
};

/** Seed III.2.2: at most 20 collectives and 40 individuals for 2021–2025 (5/10, 3/6, 12/24). */
export const PERIOD_QUOTAS: Record<Tier, QuotaCell> = {
  province: { collective: 5, individual: 10 },
  district: { collective: 3, individual: 6 },
  commune: { collective: 12, individual: 24 },
};

export const PLAN_1109: CampaignDefinition = {
  campaignId: 'plan-1109',
  name: 'Phong trào thi đua “Đẩy mạnh cải cách hành chính Nhà nước tỉnh Sơn La” giai đoạn 2021–2025',
  decisionNo: '1109/QĐ-UBND',
  decisionDate: '2021-06-01',
  // Seed II.1: provincial agencies, district people's committees and communes (three-level government).
  tiers: ['province', 'district', 'commune'],
  quotas: { annual: ANNUAL_QUOTAS, period: PERIOD_QUOTAS },
  // Seed III.1.1.b: "cá nhân cấp xã do UBND huyện xét và đề xuất" (R-PROP-2).
  communeIndividualProposer: 'parent',
  // Seed II.3: from the decision date to 30 November 2025.
  startDate: '2021-06-01',
  endDate: '2025-11-30',
  thresholds: {
    parScoreMin: 90, // III.1.1.a: "đạt từ 90 điểm trở lên"
    combinedIndexMin: 90, // III.1.1.b / III.1.2.b: PAR Index and SIPAS "trung bình đạt từ 90% trở lên"
    // III.1.2.a: top 5 for agencies under the Provincial PC, top 3 for districts and the city; communes
    // are not ranked.
    topRank: { province: 5, district: 3 },
    topYearsMin: 3, // III.1.2.a: "có ít nhất 03 năm"
    annualInitiativesMin: 1, // III.1.1.a/b: "có sáng kiến"
    periodCollectiveInitiativesMin: 2, // III.1.2.a: "có từ 02 sáng kiến"
    periodIndividualInitiativesMin: 1, // III.1.2.b: "có sáng kiến thiết thực"
  },
  documents: {
    maxFileBytes: 25 * 1024 * 1024,
    allowedContentTypes: [
      'application/pdf',
      'image/jpeg',
      'image/png',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
  },
  reminderOffsetsDays: [14, 7, 3, 1],
  // Reading of D-APP-A ("chậm nhất 10 ngày trước khi công bố"): on time before (A − 9) 00:00.
  appraisalLeadDays: 9,
  // Seed IV.1: "Các cơ quan, đơn vị thuộc UBND tỉnh, UBND các huyện, thành phố … báo cáo kết quả":
  // the provincial agencies and the district people's committees file the yearly report, not communes.
  reportingTiers: ['province', 'district'],
};

export const PLAN_1109_YEARS: readonly number[] = [2021, 2022, 2023, 2024, 2025];

/** A copy of a quota table, keeping only the given tiers (a round owns its copy, R-CAMP-2). */
export function copyQuotas(quotas: Quotas, tiers: readonly Tier[] = TIERS): Quotas {
  const copy: Quotas = {};
  for (const tier of tiers) {
    const cell = quotas[tier];
    if (cell) copy[tier] = { ...cell };
  }
  return copy;
}

/** The Vietnamese name a round gets when its creator gives none: "Khen thưởng năm 2025". */
export function defaultRoundName(round: Pick<Round, 'kind' | 'year' | 'years'>): string {
  if (round.kind === 'annual') return `Khen thưởng năm ${round.year}`;
  const years = [...(round.years ?? [])].sort((a, b) => a - b);
  return `Tổng kết giai đoạn ${years[0]}–${years[years.length - 1]}`;
}

/**
 * R-CAMP-2: what a new round copies from its campaign — its tiers, thresholds and proposer rule, and the
 * campaign's quotas for the round kind unless the round brings its own.
 */
export function roundRulesFrom(campaign: CampaignDefinition, kind: RoundKind) {
  return {
    tiers: [...campaign.tiers],
    thresholds: { ...campaign.thresholds, topRank: { ...campaign.thresholds.topRank } },
    communeIndividualProposer: campaign.communeIndividualProposer,
    quotas: copyQuotas(campaign.quotas[kind], campaign.tiers),
  };
}

/** Every field a round keeps of its campaign: the whole definition and its version (a new field is a type error here). */
const COPIED_FIELDS: { readonly [K in keyof CampaignCopy]-?: true } = {
  campaignId: true,
  name: true,
  decisionNo: true,
  decisionDate: true,
  tiers: true,
  quotas: true,
  communeIndividualProposer: true,
  startDate: true,
  endDate: true,
  thresholds: true,
  documents: true,
  reminderOffsetsDays: true,
  appraisalLeadDays: true,
  reportingTiers: true,
  version: true,
};

/**
 * R-CAMP-2: the campaign a new round keeps, as it was read when the round was created — its definition and
 * version, without the record's other attributes (timestamps). Nothing of it changes when the campaign is
 * edited later.
 */
export function campaignCopy(campaign: CampaignCopy): CampaignCopy {
  const copy: Record<string, unknown> = {};
  for (const field of Object.keys(COPIED_FIELDS) as (keyof CampaignCopy)[])
    if (campaign[field] !== undefined) copy[field] = structuredClone(campaign[field]);
  return copy as unknown as CampaignCopy;
}

/**
 * R-CAMP-2: the rules a round is judged by — its own copy, taken when it was created; a round stored
 * before rounds carried a copy is judged by its campaign's. `campaign` is the campaign the round kept
 * (`campaignCopy`), or the stored one for a round that kept none. The domain reads rules from the result only.
 */
export function judgedBy<C extends CampaignDefinition>(round: Round, campaign: C): C {
  return {
    ...campaign,
    tiers: round.tiers ?? campaign.tiers,
    thresholds: round.thresholds ?? campaign.thresholds,
    communeIndividualProposer: round.communeIndividualProposer ?? campaign.communeIndividualProposer,
  };
}

/** The tiers of a round, in its campaign's order: its copy, else the tiers its quotas name. */
export function roundTiers(round: Pick<Round, 'tiers' | 'quotas'>): readonly Tier[] {
  return round.tiers ?? TIERS.filter((tier) => round.quotas[tier] !== undefined);
}

/** R-TIER-2: 422 TIER_NOT_IN_CAMPAIGN when a unit's tier is not among the round's tiers. */
export function assertTierInRound(
  round: Pick<Round, 'tiers' | 'quotas' | 'campaignId'>,
  unit: { unitId: string; name: string; tier: Tier },
  path: string,
): void {
  const tiers = roundTiers(round);
  if (tiers.includes(unit.tier)) return;
  const label = TIER_LABELS[unit.tier];
  const listed = {
    vi: tiers.map((t) => TIER_LABELS[t].vi).join(', '),
    en: tiers.map((t) => TIER_LABELS[t].en).join(', '),
  };
  throw new TierNotInCampaignError(
    {
      vi: `${unit.name} thuộc ${label.vi}, không thuộc các cấp của đợt khen thưởng này (${listed.vi}).`,
      en: `${unit.name} is of the ${label.en}, not a tier of this round (${listed.en}).`,
    },
    [
      {
        path,
        message: { vi: `${label.vi} không thuộc phong trào`, en: `${label.en} is not in the campaign` },
      },
    ],
    { unitId: unit.unitId, tier: unit.tier, tiers },
  );
}

/**
 * R-CAMP-2: the rules between a campaign's fields that its schema cannot state alone — tiers without
 * repeats; quotas of each round kind keyed by exactly its tiers; topRank and reportingTiers only for its
 * tiers; the district proposing commune individuals (`parent`) only where both tiers exist; dates in order.
 * ValidationError naming every offending path under `body.`.
 */
export function assertCampaignConsistent(campaign: CampaignDefinition): void {
  const items: ErrorItem[] = [];
  const add = (path: string, vi: string, en: string) =>
    items.push({ path: `body.${path}`, message: { vi, en } });
  const tiers = campaign.tiers;
  tiers.forEach((tier, i) => {
    if (tiers.indexOf(tier) !== i)
      add(`tiers[${i}]`, `cấp ${tier} bị lặp lại`, `tier ${tier} is listed twice`);
  });
  for (const kind of ['annual', 'period'] as const) {
    const quotas = campaign.quotas[kind];
    for (const tier of TIERS) {
      const has = quotas[tier] !== undefined;
      if (tiers.includes(tier) && !has)
        add(`quotas.${kind}.${tier}`, 'thiếu chỉ tiêu của cấp này', 'the quota of this tier is missing');
      if (!tiers.includes(tier) && has)
        add(`quotas.${kind}.${tier}`, 'cấp này không thuộc phong trào', 'this tier is not in the campaign');
    }
  }
  for (const tier of TIERS)
    if (campaign.thresholds.topRank[tier] !== undefined && !tiers.includes(tier))
      add(`thresholds.topRank.${tier}`, 'cấp này không thuộc phong trào', 'this tier is not in the campaign');
  campaign.reportingTiers.forEach((tier, i) => {
    if (!tiers.includes(tier))
      add(`reportingTiers[${i}]`, 'cấp này không thuộc phong trào', 'this tier is not in the campaign');
    else if (campaign.reportingTiers.indexOf(tier) !== i)
      add(`reportingTiers[${i}]`, `cấp ${tier} bị lặp lại`, `tier ${tier} is listed twice`);
  });
  if (
    campaign.communeIndividualProposer === 'parent' &&
    !(tiers.includes('district') && tiers.includes('commune'))
  )
    add(
      'communeIndividualProposer',
      '`parent` (UBND cấp huyện đề nghị cá nhân cấp xã) cần cả cấp huyện và cấp xã trong phong trào',
      '`parent` (the district proposes commune individuals) needs both the district and the commune tier',
    );
  if (campaign.endDate < campaign.startDate)
    add('endDate', 'ngày kết thúc trước ngày bắt đầu', 'the end date is before the start date');
  if (campaign.decisionDate > campaign.endDate)
    add('decisionDate', 'ngày quyết định sau ngày kết thúc', 'the decision date is after the end date');
  if (items.length === 0) return;
  throw new ValidationError(
    { vi: 'Phong trào thi đua không hợp lệ.', en: 'The campaign is not valid.' },
    items,
  );
}

/**
 * R-CAMP-2 / R-TIER-2: quotas a round brings must be keyed by exactly its campaign's tiers (a tier outside
 * the campaign, or one of its tiers left out, is a 400 at `body.quotas.<tier>`).
 */
export function assertQuotasOfCampaign(quotas: Quotas, campaign: CampaignDefinition): void {
  const items: ErrorItem[] = [];
  for (const tier of TIERS) {
    const has = quotas[tier] !== undefined;
    if (!has && campaign.tiers.includes(tier))
      items.push({
        path: `body.quotas.${tier}`,
        message: { vi: 'thiếu chỉ tiêu của cấp này', en: 'the quota of this tier is missing' },
      });
    if (has && !campaign.tiers.includes(tier))
      items.push({
        path: `body.quotas.${tier}`,
        message: {
          vi: `cấp này không thuộc phong trào “${campaign.name}”`,
          en: `this tier is not in the campaign “${campaign.name}”`,
        },
      });
  }
  if (items.length === 0) return;
  throw new ValidationError(
    {
      vi: 'Chỉ tiêu của đợt phải theo đúng các cấp của phong trào.',
      en: "A round's quotas must be keyed by exactly its campaign's tiers.",
    },
    items,
  );
}

/** R-ROUND-1: annual-2021 … annual-2025 and period-2021-2025, each with its own copy of the quotas. */
export function plan1109Rounds(): Round[] {
  const annual = PLAN_1109_YEARS.map(
    (year): Round => ({
      roundId: `annual-${year}`,
      campaignId: PLAN_1109.campaignId,
      name: defaultRoundName({ kind: 'annual', year }),
      ...roundRulesFrom(PLAN_1109, 'annual'),
      kind: 'annual',
      year,
      submissionDeadline: annualSubmissionDeadline(year), // D-SUB-A
      // D-APP-A is derived once the admin records the PAR Index announcement date.
    }),
  );
  const period: Round = {
    roundId: 'period-2021-2025',
    campaignId: PLAN_1109.campaignId,
    name: defaultRoundName({ kind: 'period', years: PLAN_1109_YEARS }),
    ...roundRulesFrom(PLAN_1109, 'period'),
    kind: 'period',
    years: [...PLAN_1109_YEARS],
    submissionDeadline: ictMidnight('2025-10-30'), // D-SUB-P, seed III.4.2: "trước ngày 30 tháng 10 năm 2025"
    appraisalDeadline: ictMidnight('2025-11-30'), // D-APP-P, seed III.4.2: "trước ngày 30 tháng 11 năm 2025"
  };
  return [...annual, period];
}

/** The years a round evaluates: [year] for an annual round, its years for a period round. */
export function roundYears(round: Round): number[] {
  if (round.kind === 'annual' && round.year !== undefined) return [round.year];
  return [...(round.years ?? [])];
}

/** The province-wide total of a quota table (seed III.2: 16/16 a year, 20/40 for the period). */
export function totalQuota(quotas: Quotas): QuotaCell {
  return TIERS.reduce<QuotaCell>(
    (sum, tier) => ({
      collective: sum.collective + (quotas[tier]?.collective ?? 0),
      individual: sum.individual + (quotas[tier]?.individual ?? 0),
    }),
    { collective: 0, individual: 0 },
  );
}

// ---- Rounds of a campaign (R-ROUND-2) ----

/** The calendar years a campaign runs: from the year of its start date to the year of its end date. */
export function campaignYears(campaign: Pick<CampaignDefinition, 'startDate' | 'endDate'>): {
  first: number;
  last: number;
} {
  return { first: Number(campaign.startDate.slice(0, 4)), last: Number(campaign.endDate.slice(0, 4)) };
}

type RoundShape = Pick<Round, 'kind' | 'year' | 'years'>;

/**
 * R-ROUND-2 (edition 2): a round's years lie within its campaign's period — a round of another year would
 * hand out quotas the decision does not grant ("tối đa … hàng năm"). ValidationError naming each year
 * outside the period (and a year a period round lists twice), with request-body paths.
 */
export function assertRoundInCampaign(round: RoundShape, campaign: CampaignDefinition): void {
  const { first, last } = campaignYears(campaign);
  const listed: { year: number; path: string }[] =
    round.kind === 'annual'
      ? round.year === undefined
        ? []
        : [{ year: round.year, path: 'body.year' }]
      : (round.years ?? []).map((year, i) => ({ year, path: `body.years[${i}]` }));
  const items: ErrorItem[] = [];
  const seen = new Set<number>();
  for (const { year, path } of listed) {
    if (year < first || year > last) {
      items.push({
        path,
        message: {
          vi: `năm ${year} nằm ngoài thời gian của phong trào (${first}–${last})`,
          en: `${year} lies outside the campaign's period (${first}–${last})`,
        },
      });
    } else if (seen.has(year)) {
      items.push({ path, message: { vi: `năm ${year} bị lặp lại`, en: `${year} is listed twice` } });
    }
    seen.add(year);
  }
  if (items.length === 0) return;
  throw new ValidationError(
    {
      vi: `Năm của đợt khen thưởng phải nằm trong thời gian của phong trào “${campaign.name}”.`,
      en: `A round's years must lie within the period of the campaign “${campaign.name}”.`,
    },
    items,
  );
}

/**
 * R-ROUND-2: the place a round takes in its campaign — one annual round per year, one period round. The
 * store locks it when the round is created, so a second round of the same kind and year is refused however
 * concurrent.
 */
export function roundSlot(round: RoundShape): { kind: RoundKind; slot: string } {
  return round.kind === 'annual'
    ? { kind: 'annual', slot: String(round.year) }
    : { kind: 'period', slot: 'period' };
}

/** R-ROUND-2: the refusal of a second round in a slot that is taken (409). */
export function roundSlotTakenError(campaignId: string, round: RoundShape) {
  const what =
    round.kind === 'annual'
      ? { vi: `đợt khen thưởng hàng năm ${round.year}`, en: `an annual round for ${round.year}` }
      : { vi: 'đợt khen thưởng tổng kết giai đoạn', en: 'a period round' };
  return new InvalidStateError(
    {
      vi: `Phong trào này đã có ${what.vi}; mỗi phong trào chỉ có một đợt khen thưởng hàng năm cho mỗi năm và một đợt tổng kết giai đoạn.`,
      en: `This campaign already has ${what.en}; a campaign has one annual round a year and one period round.`,
    },
    [],
    { campaignId, ...roundSlot(round) },
  );
}
