// Appraisal by Sở Nội vụ (SPEC §6, seed III.4): what each decision needs, when it may be revised (R-APP-1),
// the round summary per quota cell, and the appraisal report that the Chairman grants from, judged by the
// quotas (R-QUOTA-2(a)). Pure: the edge loads, this decides.
//
// Reading of seed III.4 ("Sở Nội vụ thẩm định thành tích và trình Chủ tịch UBND tỉnh khen thưởng", before
// the deadline): the report is Sở Nội vụ's submission (tờ trình) to the Chairman, and it may be sent again
// before the deadline as a supplement (tờ trình bổ sung) — say for dossiers returned, corrected and
// appraised after the first sending. Each sending carries the appraisals made since the one before, and
// what a sending carried is final: a recommendation in it stays recommended (the Chairman decides on it),
// a rejection stays rejected. So the sent list only ever grows, every sending is judged on the whole list
// against the quotas, and appraisals made after a sending may be revised until the next one.

import { assertAppraisalReportOnTime, formatIctText } from './deadlines.ts';
import { assertRecommendedWithinQuota, type Counts, emptyCounts } from './quota.ts';
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
  LocalizedText,
  NominationStatus,
  NomineeType,
  Quotas,
  Round,
  Tier,
} from './types.ts';
import { currentDocuments, type SlotDocument } from './evidence.ts';
import { JUDGEMENT_CRITERIA, NOMINATION_STATUSES, NOMINEE_TYPES, TIERS } from './types.ts';

export const APPRAISAL_DECISIONS = ['recommend', 'reject', 'return'] as const;
export type AppraisalDecision = (typeof APPRAISAL_DECISIONS)[number];

/** What an appraisal decided, as lists and exports show it (R-I18N-1: labels, never codes). */
export const APPRAISAL_DECISION_LABELS: Readonly<Record<AppraisalDecision, LocalizedText>> = {
  recommend: { vi: 'Đề xuất khen thưởng', en: 'Recommended' },
  reject: { vi: 'Không đề xuất', en: 'Rejected' },
  return: { vi: 'Trả lại để bổ sung', en: 'Returned for correction' },
};

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
        vi: 'Chưa thực hiện nghiêm kỷ luật, kỷ cương hành chính Nhà nước',
        en: 'Administrative discipline is not attested',
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

/**
 * A quota cell's recommended list as the store keeps it, consistently with each appraisal: `pending`, the
 * recommendations no report has carried yet (revisable, R-APP-1), and `sent`, those a sent report carried
 * (final; the Chairman grants from them, R-AWD-1). Awarded nominations stay in `sent`.
 */
export interface CellList {
  pending: readonly string[];
  sent: readonly string[];
}
export type RoundLists = Record<Tier, Record<NomineeType, CellList>>;

/** Lists with nothing recommended yet. */
export function emptyLists(): RoundLists {
  const cell = (): CellList => ({ pending: [], sent: [] });
  return {
    province: { collective: cell(), individual: cell() },
    district: { collective: cell(), individual: cell() },
    commune: { collective: cell(), individual: cell() },
  };
}

export interface SummaryCell {
  tier: Tier;
  nomineeType: NomineeType;
  submitted: number;
  recommended: number;
  /** Recommended in a sent appraisal report: what the Chairman may grant (R-AWD-1). */
  sent: number;
  awarded: number;
  quota: number;
  remaining: number;
  overRecommended: boolean;
}

/**
 * GET /rounds/{id}/summary: per tier × nominee type the nominations that reached appraisal, the
 * recommended list (and how much of it a sent report carried), the awards (from the conditional
 * counters, the authority on R-QUOTA-2(b)), the quota and what remains of it.
 */
export function summarizeRound(
  quotas: Quotas,
  nominations: readonly { tier: Tier; nomineeType: NomineeType; status: NominationStatus }[],
  awarded: Counts,
  lists: RoundLists = emptyLists(),
  /** The round's tiers in its campaign's order (R-TIER-2); by default the tiers its quotas name. */
  tiers: readonly Tier[] = TIERS.filter((tier) => quotas[tier] !== undefined),
): SummaryCell[] {
  return tiers.flatMap((tier) =>
    NOMINEE_TYPES.map((nomineeType) => {
      const inCell = nominations.filter((n) => n.tier === tier && n.nomineeType === nomineeType);
      const quota = quotas[tier]?.[nomineeType] ?? 0;
      const recommended = inCell.filter((n) => ON_RECOMMENDED_LIST.includes(n.status)).length;
      const got = awarded[tier][nomineeType];
      return {
        tier,
        nomineeType,
        submitted: inCell.filter((n) => REACHED_APPRAISAL.includes(n.status)).length,
        recommended,
        sent: lists[tier][nomineeType].sent.length,
        awarded: got,
        quota,
        remaining: Math.max(0, quota - got),
        overRecommended: recommended > quota,
      };
    }),
  );
}

/** The recommended list's counts per cell — sent or not — as the quota rules take them. */
export function listedCounts(lists: RoundLists): Counts {
  const counts = emptyCounts();
  for (const tier of TIERS)
    for (const type of NOMINEE_TYPES) {
      const { pending, sent } = lists[tier][type];
      counts[tier][type] = new Set([...pending, ...sent]).size;
    }
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

/** What a round's appraisal report stands at: how many times it was sent (none: undefined). */
export interface ReportState {
  roundId: string;
  appraisalReports?: number | undefined;
  appraisalReportAt?: string | undefined;
}

/** What an appraisal records of the report it goes into. */
export interface AppraisalStamp {
  /** The sending of the round's appraisal report that carries this decision: 1 for the first, … */
  report?: number | undefined;
}

/** R-APP-1: the appraised statuses whose decision an appraiser may revise (until a report carries it). */
export const REVISABLE: ReadonlySet<NominationStatus> = new Set(['recommended', 'rejected']);

/** R-APP-1: the sending of the report a decision made now goes into. */
export const nextReport = (round: ReportState): number => (round.appraisalReports ?? 0) + 1;

/**
 * R-APP-1: an appraisal is final once the report carrying it has been sent. A decision recorded before
 * reports were numbered goes into the first one.
 */
export const isFinal = (appraisal: AppraisalStamp | undefined, round: ReportState): boolean =>
  appraisal !== undefined && (round.appraisalReports ?? 0) >= (appraisal.report ?? 1);

/**
 * Where an appraisal stands with the report, as the appraisers' working list shows it: which sending
 * carried it (final), or not sent yet (still revisable, R-APP-1). Empty when nothing was decided.
 */
export function reportStanding(
  appraisal: (AppraisalStamp & { decision: string }) | undefined,
  round: ReportState,
): LocalizedText {
  if (appraisal === undefined) return { vi: '', en: '' };
  if (!isFinal(appraisal, round)) return { vi: 'Chưa trình', en: 'Not sent yet' };
  const n = appraisal.report ?? 1;
  return { vi: `Đã trình (lần ${n})`, en: `Sent (report ${n})` };
}

/** R-APP-1: the refusal of a revision of an appraisal a sent report carried. */
export const appraisalFinalError = (round: ReportState) => {
  const when = round.appraisalReportAt ? formatIctText(round.appraisalReportAt) : undefined;
  return new InvalidStateError(
    {
      vi: `Kết quả thẩm định đã được trình Chủ tịch UBND tỉnh trong báo cáo thẩm định của đợt${when ? ` (${when.vi})` : ''}; không thể thay đổi.`,
      en: `This appraisal went to the Chairman in the round's appraisal report${when ? ` (${when.en})` : ''}; it is final.`,
    },
    [],
    { final: true },
  );
};

/**
 * What an appraisal request must satisfy before the nomination is judged (SPEC §6): the round still open,
 * the dossier under appraisal, the decision allowed from the nomination's status — a revision of a
 * recommendation or a rejection only while no sent report carried it (R-APP-1) — the caller's version
 * current, only claimed judgement criteria verified, and a reason for a return or rejection. Returns the
 * verified criteria (each once) to evaluate eligibility with, and the trimmed reason.
 */
export function prepareAppraisal(args: {
  round: ReportState & { closedAt?: string | undefined };
  dossier: { status: DossierStatus };
  nomination: {
    status: NominationStatus;
    version: number;
    criteriaClaimed: readonly CriterionCode[];
    appraisal?: AppraisalStamp | undefined;
  };
  expectedVersion: number;
  request: AppraisalRequest;
}): { verifiedCriteria: CriterionCode[]; reason: string | undefined } {
  const { round, nomination, request } = args;
  assertRoundOpen(round);
  if (!UNDER_APPRAISAL.has(args.dossier.status)) throw notUnderAppraisal(args.dossier.status);
  nextNominationStatus(nomination.status, request.decision);
  if (REVISABLE.has(nomination.status) && isFinal(nomination.appraisal, round)) {
    throw appraisalFinalError(round);
  }
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

/** A document an appraisal saw (R-DOC-3): which one, and the SHA-256 of its bytes. */
export interface SeenDocument {
  documentId: string;
  sha256: string;
}

/**
 * R-DOC-3: the documents an appraisal of a nomination sees — each current document of the nomination
 * and of its dossier (the dossier-level ones), with the checksum of the bytes verified.
 */
export function documentsSeen(
  documents: readonly (SlotDocument & { sha256: string })[],
  nominationId: string,
): SeenDocument[] {
  return currentDocuments(documents)
    .filter((d) => d.nominationId === undefined || d.nominationId === nominationId)
    .map((d) => ({ documentId: d.documentId, sha256: d.sha256 }));
}

/**
 * The appraisal itself, on the nomination's eligibility with the verified criteria: a recommendation
 * needs `eligible = true` and records the criteria met; every decision records who decided, when, why,
 * the report it goes into (R-APP-1) and the documents it saw (R-DOC-3). A `return` also returns the
 * dossier (returnDossier): `dossier` is then the dossier's next state.
 */
export function appraiseNomination<N extends AppraisableNomination, D extends DossierState>(args: {
  nomination: N;
  dossier: D;
  round: ReportState;
  decision: AppraisalDecision;
  verifiedCriteria: readonly CriterionCode[];
  reason: string | undefined;
  eligibility: Eligibility;
  documents: readonly SeenDocument[];
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
        report: nextReport(args.round),
        documents: args.documents,
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
 * whole recommended list — what earlier sendings carried and what is pending — within every quota cell
 * (R-QUOTA-2(a)). Returns the round stamped with this sending (its number and time) and the list it
 * sends per cell: every recommendation pending joins the sent ones, and all of them are final from now on.
 */
export function sendAppraisalReport<R extends Round & Versioned>(args: {
  round: R;
  campaign: CampaignDefinition;
  lists: RoundLists;
  now: Date;
}): { round: R; sent: Record<Tier, Record<NomineeType, string[]>> } {
  const { round, lists, now } = args;
  assertRoundOpen(round);
  assertAppraisalReportOnTime({ now, round, campaign: args.campaign });
  assertRecommendedWithinQuota(round.quotas, listedCounts(lists));
  const cell = (tier: Tier, type: NomineeType) => [
    ...new Set([...lists[tier][type].sent, ...lists[tier][type].pending]),
  ];
  const sent = {
    province: { collective: cell('province', 'collective'), individual: cell('province', 'individual') },
    district: { collective: cell('district', 'collective'), individual: cell('district', 'individual') },
    commune: { collective: cell('commune', 'collective'), individual: cell('commune', 'individual') },
  };
  return {
    round: advance(round, { appraisalReportAt: now.toISOString(), appraisalReports: nextReport(round) }, now),
    sent,
  };
}
