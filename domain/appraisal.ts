// Appraisal by Sở Nội vụ (SPEC §6, seed III.4): what each decision needs and the round summary per
// quota cell that the appraisal report is judged by (R-QUOTA-2(a)). Pure: the edge loads, this decides.

import { assertAppraisalReportOnTime } from './deadlines.ts';
import { assertRecommendedWithinQuota, type Counts } from './quota.ts';
import type { ErrorItem } from './errors.ts';
import { InvalidStateError, NotEligibleError, ValidationError, versionConflict } from './errors.ts';
import { DOSSIER_STATUS_LABELS } from './labels.ts';
import {
  advance,
  assertRoundOpen,
  type DossierState,
  type NominationState,
  nextNominationStatus,
  type Versioned,
  returnDossier,
} from './lifecycle.ts';
import type {
  CampaignDefinition,
  CriterionCode,
  DossierStatus,
  Eligibility,
  NominationStatus,
  NomineeType,
  Quotas,
  Round,
  Tier,
} from './types.ts';
import { JUDGEMENT_CRITERIA, NOMINATION_STATUSES, NOMINEE_TYPES, TIERS } from './types.ts';

export const APPRAISAL_DECISIONS = ['recommend', 'reject', 'return'] as const;
export type AppraisalDecision = (typeof APPRAISAL_DECISIONS)[number];

/**
 * SPEC §4/§6: an appraiser verifies only judgement criteria (AC1/AI1/PC1/PI1), and only those the
 * nomination claims. Empty result ⇒ valid. Paths are relative to the request body.
 */
export function validateVerifiedCriteria(
  claimed: readonly CriterionCode[],
  verified: readonly CriterionCode[],
): ErrorItem[] {
  const errors: ErrorItem[] = [];
  verified.forEach((code, i) => {
    const path = `verifiedCriteria[${i}]`;
    if (!JUDGEMENT_CRITERIA.includes(code)) {
      errors.push({
        path,
        message: {
          vi: `${code} không phải tiêu chuẩn cần thẩm định viên xác nhận (chỉ ${JUDGEMENT_CRITERIA.join(', ')}); tiêu chuẩn này được đánh giá từ dữ liệu`,
          en: `${code} is not a judgement criterion (only ${JUDGEMENT_CRITERIA.join(', ')}); it is evaluated from data`,
        },
      });
    } else if (!claimed.includes(code)) {
      errors.push({
        path,
        message: {
          vi: `Đề nghị không đăng ký tiêu chuẩn ${code} (đã đăng ký: ${claimed.join(', ')})`,
          en: `The nomination does not claim ${code} (claimed: ${claimed.join(', ')})`,
        },
      });
    }
  });
  return errors;
}

/** The verified judgement criteria, each once, in the order given. */
export const uniqueCriteria = (codes: readonly CriterionCode[]): CriterionCode[] => [...new Set(codes)];

/**
 * SPEC §6: "A return or reject needs a reason." Returns the trimmed reason (undefined when none is
 * needed and none was given).
 */
export function requireReason(decision: AppraisalDecision, reason: string | undefined): string | undefined {
  const text = reason?.trim() ?? '';
  if (decision === 'recommend') return text === '' ? undefined : text;
  if (text !== '') return text;
  const what =
    decision === 'reject'
      ? { vi: 'Không đề xuất khen thưởng', en: 'A rejection' }
      : { vi: 'Trả lại hồ sơ để bổ sung', en: 'A return for correction' };
  throw new ValidationError({ vi: `${what.vi} phải ghi rõ lý do.`, en: `${what.en} needs a reason.` }, [
    { path: 'reason', message: { vi: 'bắt buộc, không được để trống', en: 'required, must not be empty' } },
  ]);
}

/**
 * SPEC §6: recommending needs `eligible = true` after the appraiser's verification. Otherwise
 * NotEligibleError listing R-ELIG-0 (when it fails) and every claimed criterion that is not met, with
 * its reason.
 */
export function assertRecommendable(eligibility: Eligibility, disciplineCompliance: boolean): void {
  if (eligibility.eligible === true) return;
  const items: ErrorItem[] = [];
  if (!disciplineCompliance) {
    items.push({
      path: 'disciplineCompliance',
      message: {
        vi: 'Chưa thực hiện nghiêm kỷ luật, kỷ cương hành chính Nhà nước (R-ELIG-0)',
        en: 'Administrative discipline is not attested (R-ELIG-0)',
      },
    });
  }
  for (const c of eligibility.criteria) {
    if (c.status !== 'met') items.push({ path: c.code, message: c.reason });
  }
  const pending = eligibility.eligible === null;
  throw new NotEligibleError(
    pending
      ? {
          vi: 'Chưa thể đề xuất khen thưởng: các tiêu chuẩn đã đăng ký còn chờ thẩm định hoặc thiếu dữ liệu.',
          en: 'Cannot recommend yet: the claimed criteria still await review or data.',
        }
      : {
          vi: 'Không thể đề xuất khen thưởng: đối tượng không đạt tiêu chuẩn nào đã đăng ký.',
          en: 'Cannot recommend: the nominee meets none of the claimed criteria.',
        },
    items,
    { eligible: eligibility.eligible },
  );
}

/** The criteria met, in claimed order: kept on the nomination when recommended (for the award list). */
export const criteriaMet = (eligibility: Eligibility): CriterionCode[] =>
  eligibility.criteria.filter((c) => c.status === 'met').map((c) => c.code);

/** Nominations that reached appraisal: submitted once and not withdrawn. */
export const REACHED_APPRAISAL: readonly NominationStatus[] = NOMINATION_STATUSES.filter(
  (s) => s !== 'draft' && s !== 'withdrawn',
);
/** On the recommended list (an award does not take a nominee off it). */
export const ON_RECOMMENDED_LIST: readonly NominationStatus[] = ['recommended', 'awarded'];

export interface SummaryCell {
  tier: Tier;
  nomineeType: NomineeType;
  submitted: number;
  recommended: number;
  awarded: number;
  quota: number;
  remaining: number;
  overRecommended: boolean;
}

/**
 * GET /rounds/{id}/summary: per tier × nominee type the nominations that reached appraisal, the
 * recommended list, the awards (from the conditional counters, the authority on R-QUOTA-2(b)), the
 * quota and what remains of it.
 */
export function summarizeRound(
  quotas: Quotas,
  nominations: readonly { tier: Tier; nomineeType: NomineeType; status: NominationStatus }[],
  awarded: Counts,
): SummaryCell[] {
  return TIERS.flatMap((tier) =>
    NOMINEE_TYPES.map((nomineeType) => {
      const inCell = nominations.filter((n) => n.tier === tier && n.nomineeType === nomineeType);
      const quota = quotas[tier][nomineeType];
      const recommended = inCell.filter((n) => ON_RECOMMENDED_LIST.includes(n.status)).length;
      const got = awarded[tier][nomineeType];
      return {
        tier,
        nomineeType,
        submitted: inCell.filter((n) => REACHED_APPRAISAL.includes(n.status)).length,
        recommended,
        awarded: got,
        quota,
        remaining: Math.max(0, quota - got),
        overRecommended: recommended > quota,
      };
    }),
  );
}

/** The recommended list's counts per cell, as the quota rules take them. */
export function recommendedCounts(cells: readonly SummaryCell[]): Counts {
  const counts = {
    province: { collective: 0, individual: 0 },
    district: { collective: 0, individual: 0 },
    commune: { collective: 0, individual: 0 },
  };
  for (const c of cells) counts[c.tier][c.nomineeType] = c.recommended;
  return counts;
}

// ---- One appraisal: the checks before eligibility is evaluated, then the decision ----

/**
 * The appraisal of one submission goes on while the dossier is `submitted`, and also once an earlier
 * `return` of the same appraisal has sent it back: its nominations still `submitted` cannot be edited by
 * the unit, so the appraiser may still decide on them (and a further `return` adds its reason).
 */
const UNDER_APPRAISAL: ReadonlySet<DossierStatus> = new Set(['submitted', 'returned']);

const notUnderAppraisal = (status: DossierStatus) =>
  new InvalidStateError({
    vi: `Hồ sơ đang ở trạng thái “${DOSSIER_STATUS_LABELS[status].vi}”: chỉ thẩm định hồ sơ đã nộp.`,
    en: `The dossier is ${DOSSIER_STATUS_LABELS[status].en}: only submitted dossiers are appraised.`,
  });

export interface AppraisalRequest {
  decision: AppraisalDecision;
  verifiedCriteria: readonly CriterionCode[];
  reason?: string | undefined;
}

const inBody = (error: ValidationError) =>
  new ValidationError(
    error.text,
    error.items.map((e) => ({ ...e, path: `body.${e.path}` })),
  );

/**
 * What an appraisal request must satisfy before the nomination is judged (SPEC §6): the round still open,
 * the dossier under appraisal, the decision allowed from the nomination's status, the caller's version
 * current, only claimed judgement criteria verified, and a reason for a return or rejection. Returns the
 * verified criteria (each once) to evaluate eligibility with, and the trimmed reason.
 */
export function prepareAppraisal(args: {
  round: { roundId: string; closedAt?: string | undefined };
  dossier: { status: DossierStatus };
  nomination: { status: NominationStatus; version: number; criteriaClaimed: readonly CriterionCode[] };
  expectedVersion: number;
  request: AppraisalRequest;
}): { verifiedCriteria: CriterionCode[]; reason: string | undefined } {
  const { nomination, request } = args;
  assertRoundOpen(args.round);
  if (!UNDER_APPRAISAL.has(args.dossier.status)) throw notUnderAppraisal(args.dossier.status);
  nextNominationStatus(nomination.status, request.decision);
  if (nomination.version !== args.expectedVersion) throw versionConflict();
  const invalid = validateVerifiedCriteria(nomination.criteriaClaimed, request.verifiedCriteria);
  if (invalid.length > 0) {
    throw inBody(
      new ValidationError(
        {
          vi: 'Chỉ xác nhận được các tiêu chuẩn cần thẩm định mà đề nghị đã đăng ký.',
          en: 'Only judgement criteria that the nomination claims can be verified.',
        },
        invalid,
      ),
    );
  }
  try {
    return {
      verifiedCriteria: uniqueCriteria(request.verifiedCriteria),
      reason: requireReason(request.decision, request.reason),
    };
  } catch (error) {
    throw error instanceof ValidationError ? inBody(error) : error;
  }
}

export interface AppraisableNomination extends NominationState {
  verifiedCriteria: readonly CriterionCode[];
  disciplineCompliance: boolean;
}

/**
 * The appraisal itself, on the nomination's eligibility with the verified criteria: a recommendation
 * needs `eligible = true` and records the criteria met; every decision records who decided, when and
 * why. A `return` also returns the dossier (returnDossier): `dossier` is then the dossier's next state.
 */
export function appraiseNomination<N extends AppraisableNomination, D extends DossierState>(args: {
  nomination: N;
  dossier: D;
  decision: AppraisalDecision;
  verifiedCriteria: readonly CriterionCode[];
  reason: string | undefined;
  eligibility: Eligibility;
  by: string;
  now: Date;
}): { nomination: N; dossier?: { dossier: D; action: 'return' | 'add_return_reason' } } {
  const { nomination: before, decision, reason, eligibility, now } = args;
  if (decision === 'recommend') assertRecommendable(eligibility, before.disciplineCompliance);
  const nomination = advance(
    before,
    {
      verifiedCriteria: args.verifiedCriteria,
      status: nextNominationStatus(before.status, decision),
      appraisal: {
        decision,
        ...(reason !== undefined ? { reason } : {}),
        at: now.toISOString(),
        by: args.by,
        ...(decision === 'recommend' ? { criteriaMet: criteriaMet(eligibility) } : {}),
      },
    },
    now,
  );
  if (decision !== 'return') return { nomination };
  return {
    nomination,
    dossier: returnDossier(args.dossier, { nominationId: before.nominationId, reason: reason ?? '' }, now),
  };
}

/**
 * Sending the appraisal report to the Chairman (seed III.4): while the round is open, on time by the
 * server's clock (D-APP, R-DL-1; an admin's extension is a new appraisalDeadline, R-DL-2), and with the
 * recommended list within every quota cell (R-QUOTA-2(a)). It may be sent again (for example after
 * returned dossiers were corrected and appraised): each sending is checked again and re-stamps the round.
 */
export function sendAppraisalReport<R extends Round & Versioned>(args: {
  round: R;
  campaign: CampaignDefinition;
  cells: readonly SummaryCell[];
  now: Date;
}): R {
  const { round, now } = args;
  assertRoundOpen(round);
  assertAppraisalReportOnTime({ now, round, campaign: args.campaign });
  assertRecommendedWithinQuota(round.quotas, recommendedCounts(args.cells));
  return advance(round, { appraisalReportAt: now.toISOString() }, now);
}
