// The built-in campaign, Plan 1109 (Decision 1109/QĐ-UBND, 2021–2025), as data (R-CAMP-1): its
// thresholds, quotas, document rules and rounds. Another campaign (say 2026–2030) is another value of
// the same types; nothing in the rules reads these constants directly.

import { annualSubmissionDeadline, ictMidnight } from './deadlines.ts';
import { type ErrorItem, InvalidStateError, ValidationError } from './errors.ts';
import type { CampaignDefinition, QuotaCell, Quotas, Round, RoundKind } from './types.ts';
import { TIERS } from './types.ts';

/** Seed III.2.1: at most 16 collectives and 16 individuals a year (2/4 province, 2/4 district, 12/8 commune). */
export const ANNUAL_QUOTAS: Quotas = {
  province: { collective: 2, individual: 4 },
  district: { collective: 2, individual: 4 },
  commune: { collective: 12, individual: 8 },
};

/** Seed III.2.2: at most 20 collectives and 40 individuals for 2021–2025 (5/10, 3/6, 12/24). */
export const PERIOD_QUOTAS: Quotas = {
  province: { collective: 5, individual: 10 },
  district: { collective: 3, individual: 6 },
  commune: { collective: 12, individual: 24 },
};

export const PLAN_1109: CampaignDefinition = {
  campaignId: 'plan-1109',
  name: 'Phong trào thi đua “Đẩy mạnh cải cách hành chính Nhà nước tỉnh Sơn La” giai đoạn 2021–2025',
  // Seed II.3: from the decision date to 30 November 2025.
  startDate: '2021-06-01',
  endDate: '2025-11-30',
  thresholds: {
    parScoreMin: 90, // III.1.1.a: "đạt từ 90 điểm trở lên"
    combinedIndexMin: 90, // III.1.1.b / III.1.2.b: PAR Index and SIPAS "trung bình đạt từ 90% trở lên"
    topRankProvince: 5, // III.1.2.a: top 5 for agencies under the Provincial PC
    topRankDistrict: 3, // III.1.2.a: top 3 for districts and the city
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

function copyQuotas(quotas: Quotas): Quotas {
  return {
    province: { ...quotas.province },
    district: { ...quotas.district },
    commune: { ...quotas.commune },
  };
}

/** R-ROUND-1: annual-2021 … annual-2025 and period-2021-2025, each with its own copy of the quotas. */
export function plan1109Rounds(): Round[] {
  const annual = PLAN_1109_YEARS.map(
    (year): Round => ({
      roundId: `annual-${year}`,
      campaignId: PLAN_1109.campaignId,
      kind: 'annual',
      year,
      submissionDeadline: annualSubmissionDeadline(year), // D-SUB-A
      // D-APP-A is derived once the admin records the PAR Index announcement date.
      quotas: copyQuotas(ANNUAL_QUOTAS),
    }),
  );
  const period: Round = {
    roundId: 'period-2021-2025',
    campaignId: PLAN_1109.campaignId,
    kind: 'period',
    years: [...PLAN_1109_YEARS],
    submissionDeadline: ictMidnight('2025-10-30'), // D-SUB-P, seed III.4.2: "trước ngày 30 tháng 10 năm 2025"
    appraisalDeadline: ictMidnight('2025-11-30'), // D-APP-P, seed III.4.2: "trước ngày 30 tháng 11 năm 2025"
    quotas: copyQuotas(PERIOD_QUOTAS),
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
      collective: sum.collective + quotas[tier].collective,
      individual: sum.individual + quotas[tier].individual,
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
      vi: `Năm của đợt khen thưởng phải nằm trong thời gian của phong trào ${campaign.campaignId}.`,
      en: `A round's years must lie within the period of campaign ${campaign.campaignId}.`,
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
      vi: `Phong trào ${campaignId} đã có ${what.vi}; mỗi phong trào chỉ có một đợt khen thưởng hàng năm cho mỗi năm và một đợt tổng kết giai đoạn.`,
      en: `Campaign ${campaignId} already has ${what.en}; a campaign has one annual round a year and one period round.`,
    },
    [],
    { campaignId, ...roundSlot(round) },
  );
}
