// Awards (Bằng khen của Chủ tịch UBND tỉnh, seed III.2, III.4): the explanation of a quota cell that a
// concurrent grant found full (R-QUOTA-2(b)), and the official award list: grouped by tier (province,
// district, commune), collectives before individuals, in Vietnamese alphabetical order, numbered.

import type { ErrorItem } from './errors.ts';
import { InvalidStateError, NotFoundError, QuotaExceededError } from './errors.ts';
import { compareVi } from './format.ts';
import { cellLabel, NOMINATION_STATUS_LABELS, TIER_LABELS } from './labels.ts';
import { advance, assertRoundOpen, type NominationState, nextNominationStatus } from './lifecycle.ts';
import { assertGrantWithinQuota, type CellCount, type Counts, cellCounts } from './quota.ts';
import type { CriterionCode, CriterionStatus, NominationStatus, NomineeType, Quotas, Tier } from './types.ts';
import { NOMINEE_TYPES, TIERS } from './types.ts';

/**
 * R-QUOTA-2(b): the conditional counter of a cell refused a grant (another grant took the places first).
 * Nothing of the grant was applied.
 */
export function quotaCellFullError(cell: {
  tier: Tier;
  nomineeType: NomineeType;
  quota: number;
  requested: number;
}) {
  const label = cellLabel(cell.tier, cell.nomineeType);
  return new QuotaExceededError(
    {
      vi: 'Số khen thưởng vượt chỉ tiêu của đợt; không khen thưởng đề nghị nào trong lần này',
      en: 'The grant would exceed the round quota; nothing was granted',
    },
    [
      {
        path: `${cell.tier}.${cell.nomineeType}`,
        message: {
          vi: `Vượt chỉ tiêu ${label.vi}: tối đa ${cell.quota}, không còn đủ chỗ cho ${cell.requested} đề nghị`,
          en: `Quota exceeded for ${label.en}: at most ${cell.quota}, no room left for ${cell.requested} more`,
        },
      },
    ],
    { cells: [cell] },
  );
}

/**
 * SPEC §8 (POST /rounds/{id}/awards): every listed nomination must exist (NotFoundError naming the unknown
 * ones) and be a `recommended` nomination of this round that a sent appraisal report carried (R-AWD-1:
 * the Chairman awards on Sở Nội vụ's submission; InvalidStateError naming the others). Paths point into
 * the request body.
 */
export function assertGrantable(
  roundId: string,
  listed: readonly { id: string; nomination?: { roundId: string; status: NominationStatus } | undefined }[],
  sent: ReadonlySet<string>,
): void {
  const unknown: ErrorItem[] = [];
  const refused: ErrorItem[] = [];
  listed.forEach(({ id, nomination: n }, i) => {
    const path = `body.nominationIds[${i}]`;
    if (!n) unknown.push({ path, message: { vi: `không tìm thấy ${id}`, en: `${id} not found` } });
    else if (n.roundId !== roundId) {
      refused.push({
        path,
        message: {
          vi: `${id} thuộc một đợt khen thưởng khác, không thuộc đợt này`,
          en: `${id} belongs to another round, not this one`,
        },
      });
    } else if (n.status !== 'recommended') {
      const s = NOMINATION_STATUS_LABELS[n.status];
      refused.push({
        path,
        message: {
          vi: `${id} đang ở trạng thái “${s.vi}”, chưa được đề xuất khen thưởng`,
          en: `${id} is ${s.en}, not recommended`,
        },
      });
    } else if (!sent.has(id)) {
      refused.push({
        path,
        message: {
          vi: `${id} được đề xuất sau lần trình báo cáo thẩm định gần nhất; chỉ khen thưởng được khi một báo cáo thẩm định đã trình có đề nghị này`,
          en: `${id} was recommended after the last appraisal report; it can be granted once a sent report carries it`,
        },
      });
    }
  });
  if (unknown.length > 0) {
    throw new NotFoundError(
      { vi: 'Không tìm thấy một số đề nghị khen thưởng.', en: 'Some nominations were not found.' },
      unknown,
    );
  }
  if (refused.length > 0) {
    throw new InvalidStateError(
      {
        vi: 'Chỉ khen thưởng được các đề nghị của đợt này có trong báo cáo thẩm định đã trình; không khen thưởng đề nghị nào.',
        en: 'Only nominations of this round recommended in the sent appraisal report can be granted; nothing was granted.',
      },
      refused,
    );
  }
}

/** R-AWD-1: the Chairman awards on Sở Nội vụ's submission — no grant before the appraisal report is sent. */
export function assertReportSent(round: { roundId: string; appraisalReports?: number | undefined }): void {
  if ((round.appraisalReports ?? 0) > 0) return;
  throw new InvalidStateError(
    {
      vi: `Sở Nội vụ chưa trình báo cáo thẩm định của đợt khen thưởng này; Chủ tịch UBND tỉnh khen thưởng trên cơ sở báo cáo thẩm định.`,
      en: `The appraisal report of this round has not been sent; the Chairman awards on Sở Nội vụ's report.`,
    },
    [],
    { reportSent: false },
  );
}

/** The Chairman's decision a grant records on each nomination (SPEC §8). */
export interface AwardDecision {
  decisionNo: string;
  decisionDate: string;
  at: string;
}

export interface GrantableNomination extends NominationState {
  roundId: string;
  tier: Tier;
  nomineeType: NomineeType;
}

/**
 * A grant (POST /rounds/{id}/awards), all or nothing: the round must still be open, its appraisal report
 * sent, every listed nomination a recommended one of this round carried by a sent report (R-AWD-1), and
 * every quota cell keep room for its new awards given what is `awarded` already (R-QUOTA-2(b)). Returns
 * the awarded nominations, the decision they carry and the cells with their counts — which the store turns
 * into one conditional counter each, the guarantee under concurrency (the counts read here only explain a
 * refusal).
 */
export function grantAwards<N extends GrantableNomination>(args: {
  round: {
    roundId: string;
    quotas: Quotas;
    closedAt?: string | undefined;
    appraisalReports?: number | undefined;
  };
  listed: readonly { id: string; nomination?: N | undefined }[];
  /** The nominations the sent appraisal reports carried (the cells' sent lists). */
  sent: ReadonlySet<string>;
  awarded: Counts;
  decision: { decisionNo: string; decisionDate: string };
  now: Date;
}): { before: N[]; after: N[]; award: AwardDecision; cells: CellCount[] } {
  const { round, listed, now } = args;
  assertRoundOpen(round);
  assertReportSent(round);
  assertGrantable(round.roundId, listed, args.sent);
  const before = listed.map((l) => l.nomination as N);
  assertGrantWithinQuota(round.quotas, args.awarded, before);
  const award: AwardDecision = { ...args.decision, at: now.toISOString() };
  const after = before.map((n) =>
    advance(n, { status: nextNominationStatus(n.status, 'award'), award }, now),
  );
  return { before, after, award, cells: cellCounts(before) };
}

/**
 * The criteria in the decision's own words, shortened, for lists people read (seed III.1): the award list's
 * "Tiêu chuẩn đạt" column and the working list. AI3/PI3 speak of the person (a cán bộ, công chức, viên chức
 * working at an agency whose indices reach the level), not of the agency.
 */
export const CRITERION_SHORT_LABELS: Readonly<Record<CriterionCode, string>> = {
  AC1: 'Thành tích xuất sắc, tiêu biểu, dẫn đầu trong thực hiện 05 nội dung thi đua về cải cách hành chính',
  AC2: 'Chỉ số cải cách hành chính của năm đạt mức quy định',
  AC3: 'Có sáng kiến, giải pháp về cải cách hành chính được Hội đồng khoa học, Hội đồng sáng kiến công nhận',
  AI1: 'Thành tích xuất sắc, tiêu biểu trong lãnh đạo, chỉ đạo hoặc tham mưu thực hiện 05 nội dung thi đua',
  AI2: 'Có sáng kiến thiết thực được công nhận và áp dụng tại cơ quan, đơn vị',
  AI3: 'Là cán bộ, công chức, viên chức trực tiếp tham mưu, thực hiện cải cách hành chính tại cơ quan có Chỉ số cải cách hành chính và Chỉ số hài lòng trung bình đạt mức quy định',
  PC1: 'Thành tích xuất sắc, tiêu biểu, dẫn đầu trong thực hiện 05 nội dung thi đua cả giai đoạn',
  PC2: 'Ít nhất 03 năm trong nhóm dẫn đầu Bảng xếp hạng Chỉ số cải cách hành chính',
  PC3: 'Có từ 02 sáng kiến, giải pháp về cải cách hành chính trội lên được công nhận',
  PI1: 'Thành tích xuất sắc, tiêu biểu trong tham mưu thực hiện 05 nội dung thi đua cả giai đoạn',
  PI2: 'Có sáng kiến thiết thực được công nhận, áp dụng và được cơ quan, đơn vị đánh giá',
  PI3: 'Là cán bộ, công chức, viên chức trực tiếp tham mưu, thực hiện cải cách hành chính tại cơ quan có Chỉ số cải cách hành chính và Chỉ số hài lòng trung bình cả giai đoạn đạt mức quy định',
};

/** "Chỉ số cải cách hành chính của năm đạt mức quy định; Có sáng kiến, …": titles, never internal codes. */
export const criteriaText = (codes: readonly CriterionCode[]) =>
  codes.map((c) => CRITERION_SHORT_LABELS[c]).join('; ');

export const AWARD_LIST_HEADERS = [
  'STT',
  'Họ và tên / Tên tập thể',
  'Chức vụ',
  'Đơn vị',
  'Cấp',
  'Tiêu chuẩn đạt',
  'Số quyết định',
] as const;

export interface AwardListEntry {
  nominationId: string;
  tier: Tier;
  nomineeType: NomineeType;
  /** The individual's full name or the collective's name. */
  name: string;
  /** Chức vụ of an individual; empty for a collective. */
  position: string;
  /** Where an individual works, or the unit a collective belongs to. */
  unit: string;
  criteriaMet: readonly CriterionCode[];
  decisionNo: string;
  decisionDate: string;
}

export interface AwardListRow extends AwardListEntry {
  /** Số thứ tự: 1, 2, … across the whole list. */
  stt: number;
}

export interface AwardListGroup {
  tier: Tier;
  nomineeType: NomineeType;
  /** "Cấp tỉnh – Tập thể". */
  title: string;
  rows: AwardListRow[];
}

const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** "Cấp tỉnh" */
export const tierTitle = (tier: Tier) => capitalise(TIER_LABELS[tier].vi);
const TYPE_TITLES: Record<NomineeType, string> = { collective: 'Tập thể', individual: 'Cá nhân' };

/**
 * The official list: tiers in the order of the round's campaign (R-TIER-2; Plan 1109: province, district,
 * commune); within a tier collectives then individuals; within a group by name (Vietnamese collation),
 * then unit, then id for a stable order. Empty groups are left out; STT runs through the whole list.
 */
export function officialAwardList(
  entries: readonly AwardListEntry[],
  tiers: readonly Tier[] = TIERS,
): AwardListGroup[] {
  const groups: AwardListGroup[] = [];
  let stt = 0;
  for (const tier of tiers) {
    for (const nomineeType of NOMINEE_TYPES) {
      const rows = entries
        .filter((e) => e.tier === tier && e.nomineeType === nomineeType)
        .sort(
          (a, b) =>
            compareVi(a.name, b.name) ||
            compareVi(a.unit, b.unit) ||
            a.nominationId.localeCompare(b.nominationId),
        )
        .map((e) => ({ ...e, stt: ++stt }));
      if (rows.length > 0) {
        groups.push({ tier, nomineeType, title: `${tierTitle(tier)} – ${TYPE_TITLES[nomineeType]}`, rows });
      }
    }
  }
  return groups;
}

/** One row's cells, in the order of AWARD_LIST_HEADERS. */
export const awardListCells = (
  row: AwardListRow,
): [number, string, string, string, string, string, string] => [
  row.stt,
  row.name,
  row.position,
  row.unit,
  tierTitle(row.tier),
  criteriaText(row.criteriaMet),
  row.decisionNo,
];

/** Vietnamese words for a criterion's status in the appraisers' working list. */
export const CRITERION_STATUS_VI: Readonly<Record<CriterionStatus, string>> = {
  met: 'đạt',
  not_met: 'không đạt',
  needs_review: 'chờ thẩm định',
  not_applicable: 'không áp dụng',
};

/** "Có" / "Không" / "Chờ thẩm định" for eligible true / false / null. */
export const eligibleText = (eligible: boolean | null) =>
  eligible === true ? 'Có' : eligible === false ? 'Không' : 'Chờ thẩm định';
