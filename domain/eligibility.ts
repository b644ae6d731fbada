// Eligibility of a nomination (SPEC §4, seed III.1): R-ELIG-0 (administrative discipline) and the twelve
// criteria AC1–AC3, AI1–AI3, PC1–PC3, PI1–PI3. Only the criteria a nomination claims are evaluated; each
// gets a status and a reason a person can read. Thresholds come from the campaign, never from code.

import { roundYears } from './campaign.ts';
import { ictDate, isCalendarDate } from './deadlines.ts';
import type { ErrorItem } from './errors.ts';
import { formatDate, formatNumberText } from './format.ts';
import { NOMINEE_TYPE_LABELS, ROUND_KIND_LABELS, STAFF_CATEGORY_LABELS } from './labels.ts';
import type {
  CampaignDefinition,
  CriterionCode,
  CriterionResult,
  CriterionStatus,
  DocumentRef,
  Eligibility,
  IndexResult,
  Initiative,
  LocalizedText,
  NominationContent,
  NomineeType,
  Round,
  RoundKind,
  StaffCategory,
  Unit,
} from './types.ts';
import { CRITERION_CODES, JUDGEMENT_CRITERIA } from './types.ts';
import { normaliseName } from './nominee.ts';
import type { UnitLookup } from './units.ts';
import { ancestors, isDistrictProposalForCommune, parentDistrictOf } from './units.ts';

export interface CriterionDefinition {
  code: CriterionCode;
  kind: RoundKind;
  nomineeType: NomineeType;
  /** Where the criterion comes from in the decision's plan. */
  section: string;
  title: LocalizedText;
}

const SECTION: Record<RoundKind, Record<NomineeType, string>> = {
  annual: { collective: 'III.1.1.a', individual: 'III.1.1.b' },
  period: { collective: 'III.1.2.a', individual: 'III.1.2.b' },
};

function define(code: CriterionCode, kind: RoundKind, nomineeType: NomineeType, title: LocalizedText) {
  return { code, kind, nomineeType, section: SECTION[kind][nomineeType], title };
}

/** The criteria of seed III.1 (wording shortened; numbers are campaign thresholds). */
export const CRITERIA: Readonly<Record<CriterionCode, CriterionDefinition>> = {
  AC1: define('AC1', 'annual', 'collective', {
    vi: 'Thành tích xuất sắc, tiêu biểu, dẫn đầu trong thực hiện 05 nội dung thi đua về cải cách hành chính',
    en: 'Outstanding, leading the units of its level in the 5 administrative-reform emulation contents',
  }),
  AC2: define('AC2', 'annual', 'collective', {
    vi: 'Kết quả chấm điểm Chỉ số cải cách hành chính của năm đạt mức quy định',
    en: 'PAR Index score of the year at the required level',
  }),
  AC3: define('AC3', 'annual', 'collective', {
    vi: 'Có sáng kiến, giải pháp về cải cách hành chính được Hội đồng khoa học, Hội đồng sáng kiến công nhận',
    en: 'An administrative-reform initiative recognised by a science or initiative council',
  }),
  AI1: define('AI1', 'annual', 'individual', {
    vi: 'Thành tích xuất sắc, tiêu biểu trong lãnh đạo, chỉ đạo hoặc tham mưu thực hiện 05 nội dung thi đua',
    en: 'Outstanding in leading, directing or advising the 5 emulation contents',
  }),
  AI2: define('AI2', 'annual', 'individual', {
    vi: 'Có sáng kiến thiết thực được công nhận và áp dụng tại cơ quan, đơn vị',
    en: 'A practical initiative recognised and applied at the agency',
  }),
  AI3: define('AI3', 'annual', 'individual', {
    vi: 'Trực tiếp tham mưu, thực hiện cải cách hành chính tại cơ quan có Chỉ số CCHC và Chỉ số hài lòng trung bình đạt mức quy định',
    en: 'Directly advises or implements administrative reform at an agency whose PAR and satisfaction indices average at the required level',
  }),
  PC1: define('PC1', 'period', 'collective', {
    vi: 'Thành tích xuất sắc, tiêu biểu, dẫn đầu trong thực hiện 05 nội dung thi đua trong cả giai đoạn',
    en: 'Outstanding, leading its level in the 5 emulation contents over the period',
  }),
  PC2: define('PC2', 'period', 'collective', {
    vi: 'Nhiều năm trong danh sách đơn vị dẫn đầu Bảng xếp hạng Chỉ số cải cách hành chính',
    en: 'Several years among the leaders of the PAR Index ranking',
  }),
  PC3: define('PC3', 'period', 'collective', {
    vi: 'Có nhiều sáng kiến, giải pháp trội lên được Hội đồng khoa học, Hội đồng sáng kiến công nhận',
    en: 'Several outstanding initiatives recognised by a science or initiative council',
  }),
  PI1: define('PI1', 'period', 'individual', {
    vi: 'Thành tích xuất sắc, tiêu biểu trong tham mưu thực hiện 05 nội dung thi đua trong cả giai đoạn',
    en: 'Outstanding in advising the 5 emulation contents over the period',
  }),
  PI2: define('PI2', 'period', 'individual', {
    vi: 'Có sáng kiến thiết thực được công nhận, áp dụng và được cơ quan, đơn vị đánh giá',
    en: 'A practical initiative recognised, applied and assessed by the agency',
  }),
  PI3: define('PI3', 'period', 'individual', {
    vi: 'Trực tiếp tham mưu, thực hiện cải cách hành chính tại cơ quan có Chỉ số CCHC và Chỉ số hài lòng trung bình cả giai đoạn đạt mức quy định',
    en: 'Directly advises or implements administrative reform at an agency whose PAR and satisfaction indices average over the period at the required level',
  }),
};

const isCriterionCode = (code: string): code is CriterionCode =>
  (CRITERION_CODES as readonly string[]).includes(code);

/** The criteria a nomination of this round kind and nominee type may claim. */
export function claimableCriteria(kind: RoundKind, nomineeType: NomineeType): readonly CriterionCode[] {
  return CRITERION_CODES.filter((c) => CRITERIA[c].kind === kind && CRITERIA[c].nomineeType === nomineeType);
}

/** The judgement criteria (AC1/AI1/PC1/PI1) among the claimed ones: those an appraiser must verify. */
export function judgementCriteriaOf(claimed: readonly CriterionCode[]): CriterionCode[] {
  return claimed.filter((c) => JUDGEMENT_CRITERIA.includes(c));
}

function kindAndType(kind: RoundKind, nomineeType: NomineeType): LocalizedText {
  return {
    vi: `${ROUND_KIND_LABELS[kind].vi}, ${NOMINEE_TYPE_LABELS[nomineeType].vi}`,
    en: `${ROUND_KIND_LABELS[kind].en}, ${NOMINEE_TYPE_LABELS[nomineeType].en}`,
  };
}

/**
 * SPEC §4: a nomination claims at least one criterion, each of its round kind and nominee type, none twice.
 * Empty result ⇒ valid.
 */
export function validateClaims(
  kind: RoundKind,
  nomineeType: NomineeType,
  claimed: readonly string[],
): ErrorItem[] {
  const errors: ErrorItem[] = [];
  if (claimed.length === 0) {
    const allowed = claimableCriteria(kind, nomineeType).join(', ');
    errors.push({
      path: 'criteriaClaimed',
      message: {
        vi: `Phải đăng ký ít nhất một tiêu chuẩn (${allowed})`,
        en: `Claim at least one criterion (${allowed})`,
      },
    });
  }
  const seen = new Set<string>();
  claimed.forEach((code, i) => {
    const path = `criteriaClaimed[${i}]`;
    if (!isCriterionCode(code)) {
      errors.push({ path, message: { vi: `Không có tiêu chuẩn ${code}`, en: `Unknown criterion ${code}` } });
    } else if (CRITERIA[code].kind !== kind || CRITERIA[code].nomineeType !== nomineeType) {
      const own = kindAndType(CRITERIA[code].kind, CRITERIA[code].nomineeType);
      const here = kindAndType(kind, nomineeType);
      errors.push({
        path,
        message: {
          vi: `Tiêu chuẩn ${code} dành cho ${own.vi}, không dùng cho ${here.vi}`,
          en: `Criterion ${code} belongs to ${own.en}, not to ${here.en}`,
        },
      });
    } else if (seen.has(code)) {
      errors.push({
        path,
        message: { vi: `Tiêu chuẩn ${code} bị đăng ký hai lần`, en: `Criterion ${code} is claimed twice` },
      });
    }
    seen.add(code);
  });
  return errors;
}

export interface EligibilityInput {
  campaign: CampaignDefinition;
  round: Round;
  nomination: NominationContent;
  /** The nomination being evaluated, when stored (context for callers; not needed by the rules). */
  nominationId?: string | undefined;
  proposingUnitId: string;
  lookup: UnitLookup;
  /** Index results of any units and years; the evaluation picks what it needs. */
  indexResults: readonly IndexResult[];
  /**
   * R-UNIT-2: the predecessors of the nominee's unit (units whose successorUnitIds contain it), needed only
   * when the unit was formed during the round's years; their results belong in `indexResults`.
   */
  predecessors?: readonly Unit[] | undefined;
  /** The dossier's documents. */
  documents: readonly DocumentRef[];
  /** Judgement criteria an appraiser has verified. */
  verifiedCriteria: readonly CriterionCode[];
}

// ---- numbers: scores keep two decimals and are compared as integers of hundredths ----

/** A score in hundredths, truncated (never rounded up): 89.99 → 8999, 89.995 → 8999, 90 → 9000. */
export function hundredths(value: number): number {
  return Math.floor(Math.round(value * 1e6) / 1e4);
}

/** A score kept in hundredths, shown with its two decimals: 9217 → "92,17" / "92.17". */
const fmtHundredths = (h: number): LocalizedText => formatNumberText(h / 100, { minDecimals: 2 });

function yearsText(years: readonly number[]): LocalizedText {
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return { vi: '(không có năm)', en: '(no year)' };
  if (first === last) return { vi: `năm ${first}`, en: `in ${first}` };
  const contiguous = last - first === sorted.length - 1;
  const span = contiguous ? `${first}–${last}` : sorted.join(', ');
  return { vi: `giai đoạn ${span}`, en: `in ${span}` };
}

const list = (years: readonly number[]) => years.join(', ');

// ---- evaluation ----

interface Context {
  input: EligibilityInput;
  years: number[];
  unit: Unit | undefined;
  verifiedDocumentIds: ReadonlySet<string>;
  hasVerifiedMinutes: boolean;
}

const result = (code: CriterionCode, status: CriterionStatus, vi: string, en: string): CriterionResult => ({
  code,
  status,
  reason: { vi, en },
});

function indexOf(ctx: Context, unitId: string, year: number): IndexResult | undefined {
  return ctx.input.indexResults.find((r) => r.unitId === unitId && r.year === year);
}

function unknownNomineeUnit(code: CriterionCode, ctx: Context): CriterionResult {
  const id = ctx.input.nomination.nominee.unitId;
  return result(
    code,
    'needs_review',
    `Không tìm thấy đơn vị ${id} trong danh mục`,
    `Unit ${id} is not in the registry`,
  );
}

/** AC1/AI1/PC1/PI1: a human judgement, confirmed by an appraiser, backed by the unit's council minutes. */
function evaluateJudgement(code: CriterionCode, ctx: Context): CriterionResult {
  const section = CRITERIA[code].section;
  if (!ctx.input.verifiedCriteria.includes(code)) {
    return result(
      code,
      'needs_review',
      `Chờ Sở Nội vụ thẩm định, xác nhận thành tích (${section})`,
      `Awaiting verification by the appraiser (Department of Home Affairs) (${section})`,
    );
  }
  if (!ctx.hasVerifiedMinutes) {
    return result(
      code,
      'needs_review',
      'Thành tích đã được thẩm định viên xác nhận nhưng hồ sơ chưa có biên bản họp Hội đồng Thi đua – Khen thưởng đã xác minh (III.3)',
      'Verified by the appraiser, but the dossier has no verified emulation-commendation council minutes (III.3)',
    );
  }
  return result(
    code,
    'met',
    `Thành tích được thẩm định viên xác nhận; có biên bản họp Hội đồng Thi đua – Khen thưởng (${section})`,
    `Verified by the appraiser; the council minutes are present (${section})`,
  );
}

/** AC2 (III.1.1.a): PAR Index of the year "từ 90 điểm trở lên", only for units the province scores. */
function evaluateParScore(ctx: Context): CriterionResult {
  const { unit, years } = ctx;
  if (!unit) return unknownNomineeUnit('AC2', ctx);
  if (!unit.parScored) {
    return result(
      'AC2',
      'not_applicable',
      `${unit.name} không thuộc đối tượng được UBND tỉnh đánh giá, xác định Chỉ số cải cách hành chính (III.1.1.a)`,
      `${unit.name} is not scored by the province in the PAR Index (III.1.1.a)`,
    );
  }
  const min = hundredths(ctx.input.campaign.thresholds.parScoreMin);
  const minText = fmtHundredths(min);
  const year = years[0];
  const score = year === undefined ? undefined : indexOf(ctx, unit.unitId, year)?.parIndexScore;
  if (year === undefined || score === undefined) {
    return result(
      'AC2',
      'needs_review',
      `Chưa có kết quả Chỉ số cải cách hành chính ${yearsText(years).vi} của ${unit.name}`,
      `The PAR Index score of ${unit.name} ${yearsText(years).en} has not been imported yet`,
    );
  }
  const got = fmtHundredths(hundredths(score));
  return hundredths(score) >= min
    ? result(
        'AC2',
        'met',
        `Chỉ số cải cách hành chính năm ${year} đạt ${got.vi} điểm (từ ${minText.vi} điểm trở lên)`,
        `PAR Index ${year}: ${got.en} points (at least ${minText.en})`,
      )
    : result(
        'AC2',
        'not_met',
        `Chỉ số cải cách hành chính năm ${year} đạt ${got.vi} điểm, dưới ${minText.vi} điểm`,
        `PAR Index ${year}: ${got.en} points, below ${minText.en}`,
      );
}

/** A repeat of an initiative listed earlier in the same nomination, and the field that repeats. */
export interface RepeatedInitiative {
  /** The position of the repeat (the later one) in the list. */
  index: number;
  field: 'decisionNo' | 'title';
  /** The position of the initiative it repeats. */
  first: number;
}

/**
 * AC3/PC3, AI2/PI2 (edition 2): an initiative counts once, so "từ 02 sáng kiến" needs two different ones.
 * The same initiative is the same recognition decision number, or the same title once normalised as names
 * are (R-DUP-1: case, white space and invisible code points aside). Each later repeat is named.
 */
export function repeatedInitiatives(
  initiatives: readonly Pick<Initiative, 'title' | 'decisionNo'>[],
): RepeatedInitiative[] {
  const decisions = new Map<string, number>();
  const titles = new Map<string, number>();
  const repeats: RepeatedInitiative[] = [];
  initiatives.forEach((initiative, index) => {
    const decision = normaliseName(initiative.decisionNo ?? '');
    const title = normaliseName(initiative.title);
    const sameDecision = decision === '' ? undefined : decisions.get(decision);
    const sameTitle = title === '' ? undefined : titles.get(title);
    if (sameDecision !== undefined) repeats.push({ index, field: 'decisionNo', first: sameDecision });
    else if (sameTitle !== undefined) repeats.push({ index, field: 'title', first: sameTitle });
    if (decision !== '' && !decisions.has(decision)) decisions.set(decision, index);
    if (title !== '' && !titles.has(title)) titles.set(title, index);
  });
  return repeats;
}

function recognitionYear(recognizedOn: string): number | undefined {
  if (isCalendarDate(recognizedOn)) return Number(recognizedOn.slice(0, 4));
  return Number.isNaN(Date.parse(recognizedOn)) ? undefined : Number(ictDate(recognizedOn).slice(0, 4));
}

/**
 * AC3/PC3 (III.1.1.a, III.1.2.a): initiatives recognised by a council within the round's years;
 * AI2/PI2 (III.1.1.b, III.1.2.b): only those applied at the agency count. Evidence: a decision number
 * and a verified document of the dossier.
 */
function evaluateInitiatives(
  code: CriterionCode,
  ctx: Context,
  min: number,
  appliedOnly: boolean,
): CriterionResult {
  const { years } = ctx;
  // Each initiative once (edition 2): a repeat stored before repeats were refused does not count again.
  const repeats = new Set(repeatedInitiatives(ctx.input.nomination.initiatives).map((r) => r.index));
  const all = ctx.input.nomination.initiatives.filter((_, i) => !repeats.has(i));
  const considered = appliedOnly ? all.filter((i) => i.applied) : all;
  const notApplied = all.length - considered.length;
  const inYears = considered.filter((i) => {
    const y = recognitionYear(i.recognizedOn);
    return y !== undefined && years.includes(y);
  });
  const outside = considered.length - inYears.length;
  const isEvidenced = (i: Initiative) =>
    Boolean(i.decisionNo?.trim()) && i.documentId !== undefined && ctx.verifiedDocumentIds.has(i.documentId);
  const evidenced = inYears.filter(isEvidenced).length;
  const unevidenced = inYears.length - evidenced;
  const when = yearsText(years);
  const kindVi = appliedOnly ? 'sáng kiến được công nhận và áp dụng' : 'sáng kiến được công nhận';
  const kindEn = appliedOnly ? 'recognised and applied initiative(s)' : 'recognised initiative(s)';

  const notes = { vi: '', en: '' };
  if (unevidenced > 0) {
    notes.vi += `; ${unevidenced} sáng kiến còn thiếu số quyết định công nhận hoặc tài liệu minh chứng đã xác minh`;
    notes.en += `; ${unevidenced} lack a recognition decision number or a verified evidence document`;
  }
  if (outside > 0) {
    notes.vi += `; ${outside} sáng kiến được công nhận ngoài ${when.vi} không được tính`;
    notes.en += `; ${outside} recognised outside the round's years do not count`;
  }
  if (notApplied > 0) {
    notes.vi += `; ${notApplied} sáng kiến chưa được áp dụng không được tính`;
    notes.en += `; ${notApplied} not applied do not count`;
  }
  const section = CRITERIA[code].section;
  const head = {
    vi: `${evidenced} ${kindVi} trong ${when.vi} có đủ minh chứng, cần từ ${min} (${section})`,
    en: `${evidenced} ${kindEn} ${when.en} with evidence, ${min} needed (${section})`,
  };
  const status: CriterionStatus =
    evidenced >= min ? 'met' : evidenced + unevidenced >= min ? 'needs_review' : 'not_met';
  return result(code, status, head.vi + notes.vi, head.en + notes.en);
}

// ---- R-UNIT-2: a unit formed during the round's years ----

/** R-UNIT-2: the round's years that ended before the unit was formed (its validFrom). */
export function yearsBeforeFormation(unit: Unit, years: readonly number[]): number[] {
  const from = unit.validFrom;
  if (from === undefined) return [];
  const formedIn = Number(from.slice(0, 4));
  return years.filter((y) => y < formedIn);
}

/**
 * R-UNIT-2: the years before the unit was formed are left to an appraiser, who sees its predecessors'
 * results of those years; nothing is inferred from them.
 */
function beforeFormationText(
  ctx: Context,
  unit: Unit,
  before: readonly number[],
  show: (r: IndexResult | undefined) => LocalizedText,
): LocalizedText {
  const predecessors = ctx.input.predecessors ?? [];
  const head = {
    vi: `${unit.name} được thành lập từ ngày ${formatDate(unit.validFrom ?? '')}; năm ${list(before)} trước khi thành lập do thẩm định viên xem xét, không tự suy ra từ đơn vị tiền thân`,
    en: `${unit.name} was formed on ${formatDate(unit.validFrom ?? '')}; ${list(before)}, before it was formed, are for an appraiser to decide, nothing is inferred from its predecessors`,
  };
  if (predecessors.length === 0) {
    return {
      vi: `${head.vi}; không có đơn vị tiền thân trong danh mục`,
      en: `${head.en}; the registry names no predecessor`,
    };
  }
  const lines = predecessors.map((p) => {
    const years = before.map((y) => ({ y, text: show(indexOf(ctx, p.unitId, y)) }));
    return {
      vi: `${p.name} (${p.unitId}): ${years.map(({ y, text }) => `${y} ${text.vi}`).join(', ')}`,
      en: `${p.name} (${p.unitId}): ${years.map(({ y, text }) => `${y} ${text.en}`).join(', ')}`,
    };
  });
  return {
    vi: `${head.vi}; kết quả của các đơn vị tiền thân: ${lines.map((l) => l.vi).join('; ')}`,
    en: `${head.en}; the predecessors' results: ${lines.map((l) => l.en).join('; ')}`,
  };
}

const NO_RESULT: LocalizedText = { vi: 'chưa có kết quả', en: 'no result' };

const rankText = (r: IndexResult | undefined): LocalizedText =>
  r?.parIndexRank === undefined ? NO_RESULT : { vi: `hạng ${r.parIndexRank}`, en: `rank ${r.parIndexRank}` };

const combinedText = (r: IndexResult | undefined): LocalizedText => {
  if (r?.parIndexScore === undefined && r?.satisfactionIndex === undefined) return NO_RESULT;
  const par = r.parIndexScore === undefined ? undefined : fmtHundredths(hundredths(r.parIndexScore));
  const sipas =
    r.satisfactionIndex === undefined ? undefined : fmtHundredths(hundredths(r.satisfactionIndex));
  return {
    vi: `Chỉ số CCHC ${par?.vi ?? 'chưa có'}, Chỉ số hài lòng ${sipas ? `${sipas.vi}%` : 'chưa có'}`,
    en: `PAR Index ${par?.en ?? 'none'}, satisfaction ${sipas ? `${sipas.en}%` : 'none'}`,
  };
};

/** AI3/PI3 (III.1.1.b, III.1.2.b: "Là cán bộ, công chức, viên chức"): who the criterion is for. */
export const COMBINED_INDEX_STAFF: readonly StaffCategory[] = ['can_bo', 'cong_chuc', 'vien_chuc'];

const staffCategoryOf = (nominee: NominationContent['nominee']): StaffCategory | undefined =>
  'staffCategory' in nominee ? nominee.staffCategory : undefined;

/**
 * AI3 (III.1.1.b) and PI3 (III.1.2.b): only for a cán bộ, công chức or viên chức (edition 2). Reading: metric = (PAR score + SIPAS %) / 2 of the agency (the
 * nominee's unit or its nearest ancestor with data) per year, averaged over the round's years; met when
 * "từ 90% trở lên". Commune-level individuals are "do UBND huyện xét và đề xuất" (R-PROP-2).
 */
function evaluateCombinedIndex(code: 'AI3' | 'PI3', ctx: Context): CriterionResult {
  const { unit, years, input } = ctx;
  const section = CRITERIA[code].section;
  const staff = staffCategoryOf(input.nomination.nominee);
  if (staff !== undefined && !COMBINED_INDEX_STAFF.includes(staff)) {
    const label = STAFF_CATEGORY_LABELS[staff];
    return result(
      code,
      'not_met',
      `Tiêu chuẩn này dành cho cán bộ, công chức, viên chức (${section}); người được đề nghị là ${label.vi}`,
      `This criterion is for cadres, civil servants and public employees (cán bộ, công chức, viên chức) (${section}); the nominee is a ${label.en}`,
    );
  }
  if (!unit) return unknownNomineeUnit(code, ctx);
  // R-CAMP-2: only where the campaign has the district propose commune individuals (`parent`, Plan 1109),
  // and only for a commune that has a district above it (under two-level local government since 1 July
  // 2025 a commune with no parent proposes its own).
  if (
    unit.tier === 'commune' &&
    input.campaign.communeIndividualProposer === 'parent' &&
    parentDistrictOf(unit.unitId, input.lookup) !== undefined &&
    !isDistrictProposalForCommune({
      proposingUnitId: input.proposingUnitId,
      nomineeUnitId: unit.unitId,
      lookup: input.lookup,
    })
  ) {
    const district = parentDistrictOf(unit.unitId, input.lookup);
    const by = district ? district.name : 'UBND huyện, thành phố';
    return result(
      code,
      'not_met',
      `Cá nhân cấp xã do UBND cấp huyện xét và đề xuất (${section}): tiêu chuẩn này phải do ${by} đề nghị`,
      `Commune-level individuals are reviewed and proposed by the district (${section}): this criterion must be proposed by ${by}`,
    );
  }
  const when = yearsText(years);
  if (years.length === 0) {
    return result(
      code,
      'needs_review',
      'Đợt khen thưởng chưa có năm xét',
      'The round has no year to evaluate',
    );
  }
  const complete = (u: Unit, year: number) => {
    const r = indexOf(ctx, u.unitId, year);
    return r?.parIndexScore !== undefined && r.satisfactionIndex !== undefined ? r : undefined;
  };
  // R-UNIT-2: a unit formed during the round reads only its own results; the earlier years await review.
  const before = yearsBeforeFormation(unit, years);
  if (before.length > 0) {
    const own = years
      .filter((y) => !before.includes(y))
      .map((y) => ({ y, text: combinedText(indexOf(ctx, unit.unitId, y)) }));
    const ownText = {
      vi: own.map(({ y, text }) => `${y} ${text.vi}`).join(', '),
      en: own.map(({ y, text }) => `${y} ${text.en}`).join(', '),
    };
    const earlier = beforeFormationText(ctx, unit, before, combinedText);
    return result(
      code,
      'needs_review',
      `Kết quả của chính ${unit.name}: ${ownText.vi || 'không có năm nào'}. ${earlier.vi}`,
      `${unit.name}'s own results: ${ownText.en || 'no year'}. ${earlier.en}`,
    );
  }
  const agency = ancestors(unit.unitId, input.lookup).find((u) => years.some((y) => complete(u, y)));
  if (!agency) {
    return result(
      code,
      'needs_review',
      `Chưa có Chỉ số cải cách hành chính và Chỉ số hài lòng ${when.vi} của ${unit.name} hoặc đơn vị cấp trên`,
      `No PAR Index and satisfaction index ${when.en} yet for ${unit.name} or a unit above it`,
    );
  }
  const missing = years.filter((y) => !complete(agency, y));
  if (missing.length > 0) {
    return result(
      code,
      'needs_review',
      `Chưa có Chỉ số cải cách hành chính và Chỉ số hài lòng năm ${list(missing)} của ${agency.name}`,
      `The PAR Index and satisfaction index of ${agency.name} for ${list(missing)} are not imported yet`,
    );
  }
  // Integer arithmetic in hundredths: mean ≥ min ⇔ Σ(PAR + SIPAS) ≥ 2·n·min.
  const sum = years.reduce((s, y) => {
    const r = complete(agency, y)!;
    return s + hundredths(r.parIndexScore!) + hundredths(r.satisfactionIndex!);
  }, 0);
  const min = hundredths(input.campaign.thresholds.combinedIndexMin);
  const met = sum >= 2 * years.length * min;
  // The mean is shown rounded half up to two decimals (92,175 → 92,18), as the decision speaks of points;
  // a mean below the minimum that would round up to it is shown with the decimals that keep it below.
  const exact = sum / (2 * years.length);
  const rounded = Math.floor((sum + years.length) / (2 * years.length));
  const mean =
    met || rounded < min
      ? fmtHundredths(rounded)
      : formatNumberText(exact / 100, { minDecimals: 2, maxDecimals: 4 });
  const minText = fmtHundredths(min);
  return met
    ? result(
        code,
        'met',
        `Người được đề nghị công tác tại ${agency.name}, cơ quan có Chỉ số cải cách hành chính và Chỉ số hài lòng ${when.vi} trung bình đạt ${mean.vi}% (từ ${minText.vi}% trở lên)`,
        `The nominee works at ${agency.name}, whose PAR Index and satisfaction index ${when.en} average ${mean.en}% (at least ${minText.en}%)`,
      )
    : result(
        code,
        'not_met',
        `Người được đề nghị công tác tại ${agency.name}, cơ quan có Chỉ số cải cách hành chính và Chỉ số hài lòng ${when.vi} trung bình đạt ${mean.vi}%, dưới ${minText.vi}%`,
        `The nominee works at ${agency.name}, whose PAR Index and satisfaction index ${when.en} average ${mean.en}%, below ${minText.en}%`,
      );
}

/**
 * PC2 (III.1.2.a): at least 3 of the period's years among the top 5 of the PAR ranking (province-tier
 * agencies) or the top 3 (districts and the city); not applicable to communes or unscored units.
 */
function evaluateTopRanks(ctx: Context): CriterionResult {
  const { unit, years, input } = ctx;
  if (!unit) return unknownNomineeUnit('PC2', ctx);
  const t = input.campaign.thresholds;
  // R-TIER-2: a tier without a topRank in the campaign is not ranked (Plan 1109: communes).
  const topRank = t.topRank[unit.tier];
  if (topRank === undefined || !unit.parScored) {
    return result(
      'PC2',
      'not_applicable',
      `${unit.name} không thuộc Bảng xếp hạng Chỉ số cải cách hành chính của tỉnh (III.1.2.a)`,
      `${unit.name} is not ranked in the provincial PAR Index (III.1.2.a)`,
    );
  }
  const inTop: number[] = [];
  const missing: number[] = [];
  // R-UNIT-2: only the unit's own years are counted; the years before it was formed await review.
  const before = yearsBeforeFormation(unit, years);
  for (const year of years.filter((y) => !before.includes(y))) {
    const rank = indexOf(ctx, unit.unitId, year)?.parIndexRank;
    if (rank === undefined) missing.push(year);
    else if (rank <= topRank) inTop.push(year);
  }
  const status: CriterionStatus =
    inTop.length >= t.topYearsMin
      ? 'met'
      : before.length > 0 || inTop.length + missing.length >= t.topYearsMin
        ? 'needs_review'
        : 'not_met';
  let vi = `${inTop.length} năm trong danh sách ${topRank} đơn vị dẫn đầu Bảng xếp hạng Chỉ số cải cách hành chính`;
  let en = `${inTop.length} year(s) in the top ${topRank} of the PAR Index ranking`;
  if (inTop.length > 0) {
    vi += ` (${list(inTop)})`;
    en += ` (${list(inTop)})`;
  }
  vi += `, cần ít nhất ${t.topYearsMin} năm (III.1.2.a)`;
  en += `, at least ${t.topYearsMin} needed (III.1.2.a)`;
  if (missing.length > 0) {
    vi += `; chưa có kết quả xếp hạng năm ${list(missing)}`;
    en += `; no ranking imported for ${list(missing)}`;
  }
  if (before.length > 0 && status !== 'met') {
    const earlier = beforeFormationText(ctx, unit, before, rankText);
    vi += `. ${earlier.vi}`;
    en += `. ${earlier.en}`;
  }
  return result('PC2', status, vi, en);
}

function evaluateCriterion(code: CriterionCode, ctx: Context): CriterionResult {
  const { round, nomination, campaign } = ctx.input;
  const def = CRITERIA[code];
  if (def.kind !== round.kind || def.nomineeType !== nomination.nomineeType) {
    const own = kindAndType(def.kind, def.nomineeType);
    return result(
      code,
      'not_applicable',
      `Tiêu chuẩn ${code} dành cho ${own.vi}, không áp dụng cho đề nghị này`,
      `Criterion ${code} belongs to ${own.en} and does not apply to this nomination`,
    );
  }
  const t = campaign.thresholds;
  switch (code) {
    case 'AC1':
    case 'AI1':
    case 'PC1':
    case 'PI1':
      return evaluateJudgement(code, ctx);
    case 'AC2':
      return evaluateParScore(ctx);
    case 'AC3':
      return evaluateInitiatives(code, ctx, t.annualInitiativesMin, false);
    case 'AI2':
      return evaluateInitiatives(code, ctx, t.annualInitiativesMin, true);
    case 'PC3':
      return evaluateInitiatives(code, ctx, t.periodCollectiveInitiativesMin, false);
    case 'PI2':
      return evaluateInitiatives(code, ctx, t.periodIndividualInitiativesMin, true);
    case 'AI3':
    case 'PI3':
      return evaluateCombinedIndex(code, ctx);
    case 'PC2':
      return evaluateTopRanks(ctx);
  }
}

/**
 * R-ELIG-0 and SPEC §4: every claimed criterion (in claimed order, once each) is evaluated;
 * eligible = true when discipline holds and one is met, false when discipline fails or none can be met,
 * null while something awaits review.
 */
export function evaluateEligibility(input: EligibilityInput): Eligibility {
  const verifiedDocumentIds = new Set(
    input.documents.filter((d) => d.status === 'verified').map((d) => d.documentId),
  );
  const ctx: Context = {
    input,
    years: roundYears(input.round),
    unit: input.lookup(input.nomination.nominee.unitId),
    verifiedDocumentIds,
    hasVerifiedMinutes: input.documents.some((d) => d.kind === 'council_minutes' && d.status === 'verified'),
  };
  const claimed = [...new Set(input.nomination.criteriaClaimed)];
  const criteria = claimed.map((code) => evaluateCriterion(code, ctx));
  const codes = (status: CriterionStatus) =>
    criteria
      .filter((c) => c.status === status)
      .map((c) => c.code)
      .join(', ');

  // R-ELIG-0 (III.1.1, III.1.2: "thực hiện nghiêm kỷ luật, kỷ cương hành chính Nhà nước").
  if (!input.nomination.disciplineCompliance) {
    return {
      eligible: false,
      criteria,
      summary: {
        vi: 'Không đủ điều kiện: chưa thực hiện nghiêm kỷ luật, kỷ cương hành chính Nhà nước',
        en: 'Not eligible: administrative discipline is not attested',
      },
    };
  }
  if (criteria.some((c) => c.status === 'met')) {
    return {
      eligible: true,
      criteria,
      summary: { vi: `Đạt tiêu chuẩn ${codes('met')}`, en: `Meets ${codes('met')}` },
    };
  }
  if (criteria.some((c) => c.status === 'needs_review')) {
    return {
      eligible: null,
      criteria,
      summary: {
        vi: `Chờ thẩm định: ${codes('needs_review')}`,
        en: `Pending review: ${codes('needs_review')}`,
      },
    };
  }
  return {
    eligible: false,
    criteria,
    summary: {
      vi: 'Không đạt tiêu chuẩn nào trong các tiêu chuẩn đã đăng ký',
      en: 'None of the claimed criteria is met',
    },
  };
}
