// Deadlines of the campaign (SPEC §7, R-DL-1, R-DL-2, R-SWEEP-1): when each deadline falls, which one
// applies to a unit, and whether "now" is still before it. Every day boundary is 00:00 in
// Asia/Ho_Chi_Minh, which is UTC+7 all year (Vietnam has no daylight saving time), so plain offset
// arithmetic is exact. "Now" is always an argument (the server's clock or the sweep event's time).

import { DeadlinePassedError, type ErrorItem, ValidationError } from './errors.ts';
import { formatIct as formatIctIn } from './format.ts';
import type {
  CampaignDefinition,
  DossierStatus,
  Lang,
  LocalizedText,
  Round,
  UnitExtension,
} from './types.ts';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ICT_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of an ISO instant or a Date; throws ValidationError when unreadable. */
export function toMillis(instant: string | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) {
    throw new ValidationError({
      vi: `Thời điểm không hợp lệ: ${String(instant)}`,
      en: `Invalid instant: ${String(instant)}`,
    });
  }
  return ms;
}

/** Whether a string is a real calendar date `YYYY-MM-DD` (no 2025-02-30). */
export function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** 00:00 of a calendar day in Vietnam, as a UTC ISO instant: 2025-12-30 → 2025-12-29T17:00:00.000Z. */
export function ictMidnight(date: string): string {
  if (!isCalendarDate(date)) {
    throw new ValidationError({ vi: `Ngày không hợp lệ: ${date}`, en: `Invalid date: ${date}` }, [
      { path: 'date', message: { vi: 'Ngày phải có dạng YYYY-MM-DD', en: 'A date must read YYYY-MM-DD' } },
    ]);
  }
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - ICT_OFFSET_MS).toISOString();
}

/** The calendar day (YYYY-MM-DD) in Vietnam of an instant. */
export function ictDate(instant: string | Date): string {
  return new Date(toMillis(instant) + ICT_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as "30/12/2025 00:00 (giờ Việt Nam)" (or "(Vietnam time, UTC+7)" in English). */
export function formatIct(instant: string | Date, lang: Lang = 'vi'): string {
  return formatIctIn(toMillis(instant), lang);
}

/** Both languages of formatIct, for building LocalizedText messages. */
export function formatIctText(instant: string | Date): LocalizedText {
  const ms = toMillis(instant);
  return { vi: formatIctIn(ms, 'vi'), en: formatIctIn(ms, 'en') };
}

/**
 * D-SUB-A (seed III.4.1: "trước ngày 30 tháng 12 hàng năm"). Reading: on time when made before
 * 30 Dec 00:00 ICT of the round's year.
 */
export function annualSubmissionDeadline(year: number): string {
  return ictMidnight(`${year}-12-30`);
}

/**
 * D-REP (seed IV.1): units report the movement's results before 30 Dec 00:00 ICT each year. The one source
 * of this deadline: the movement report's submission and the sweep's reminders both read it (R-REP-1); it
 * belongs to the year, not to a round.
 */
export function reportDeadline(year: number): string {
  return ictMidnight(`${year}-12-30`);
}

/**
 * D-APP-A (seed III.4.1: "chậm nhất 10 ngày trước khi tổ chức công bố Chỉ số"). Reading: the appraisal
 * report is on time before (A − leadDays) 00:00 ICT; with leadDays 9 that is on or before day A − 10.
 */
export function appraisalDeadlineFromAnnouncement(announcementDate: string, leadDays: number): string {
  return new Date(toMillis(ictMidnight(announcementDate)) - leadDays * DAY_MS).toISOString();
}

/** The later of two instants (as given). */
function later(a: string, b: string): string {
  return toMillis(b) > toMillis(a) ? b : a;
}

/**
 * The D-SUB that binds one unit (R-DL-2): a per-unit extension of this round wins, but an extension
 * only ever moves a deadline later, so the later of both applies.
 */
export function effectiveSubmissionDeadline(round: Round, extension?: UnitExtension): string {
  if (!extension || extension.roundId !== round.roundId) return round.submissionDeadline;
  return later(round.submissionDeadline, extension.submissionDeadline);
}

/**
 * The D-APP of a round: an explicit deadline (D-APP-P, or one moved by an admin) wins; an annual round
 * derives it from the announcement date (D-APP-A); otherwise there is no deadline yet.
 */
export function effectiveAppraisalDeadline(round: Round, campaign: CampaignDefinition): string | undefined {
  if (round.appraisalDeadline) return round.appraisalDeadline;
  if (round.kind === 'annual' && round.announcementDate) {
    return appraisalDeadlineFromAnnouncement(round.announcementDate, campaign.appraisalLeadDays);
  }
  return undefined;
}

/** Strict: on time iff now < deadline (every deadline reads "before …"). */
export function isBefore(now: string | Date, deadline: string): boolean {
  return toMillis(now) < toMillis(deadline);
}

export interface CanSubmitArgs {
  now: string | Date;
  round: Round;
  campaign: CampaignDefinition;
  extension?: UnitExtension | undefined;
  dossierStatus: DossierStatus;
}

/** R-DL-1: the refusal of something due before the unit's effective D-SUB. */
function submissionDeadlinePassed(deadline: string, what: LocalizedText): DeadlinePassedError {
  const at = formatIctText(deadline);
  return new DeadlinePassedError(
    { vi: `${what.vi}: hạn nộp là trước ${at.vi}.`, en: `${what.en}: dossiers were due before ${at.en}.` },
    [],
    { deadline, deadlineKind: 'submission' },
  );
}

/**
 * R-DL-1: after the unit's effective D-SUB (R-DL-2: its extension or the round's) a returned dossier may
 * only correct what was returned: a nomination can no longer be added to it.
 */
export function assertBeforeSubmissionDeadline(args: {
  now: string | Date;
  round: Round;
  extension?: UnitExtension | undefined;
}): void {
  const deadline = effectiveSubmissionDeadline(args.round, args.extension);
  if (isBefore(args.now, deadline)) return;
  throw submissionDeadlinePassed(deadline, {
    vi: 'Đã quá hạn nộp hồ sơ: hồ sơ bị trả lại chỉ được sửa các đề nghị bị trả lại, không thêm đề nghị mới',
    en: 'The submission deadline has passed: a returned dossier may only correct the returned nominations, not add new ones',
  });
}

/**
 * R-DL-1: a draft dossier is submitted before the unit's effective D-SUB; a returned dossier may be
 * resubmitted until the appraisal deadline (allowed while none is set). Other statuses are not a deadline
 * matter (the lifecycle refuses them).
 */
export function assertCanSubmit(args: CanSubmitArgs): void {
  const { now, round, campaign, extension, dossierStatus } = args;
  if (dossierStatus === 'draft') {
    const deadline = effectiveSubmissionDeadline(round, extension);
    if (!isBefore(now, deadline)) {
      throw submissionDeadlinePassed(deadline, {
        vi: 'Đã quá hạn nộp hồ sơ đề nghị khen thưởng',
        en: 'The submission deadline has passed',
      });
    }
    return;
  }
  if (dossierStatus === 'returned') {
    const deadline = effectiveAppraisalDeadline(round, campaign);
    if (deadline !== undefined && !isBefore(now, deadline)) {
      const at = formatIctText(deadline);
      throw new DeadlinePassedError(
        {
          vi: `Đã quá hạn nộp lại hồ sơ bị trả lại: hạn thẩm định là trước ${at.vi}.`,
          en: `A returned dossier can no longer be resubmitted: the appraisal deadline was before ${at.en}.`,
        },
        [],
        { deadline, deadlineKind: 'appraisal' },
      );
    }
  }
}

/** D-APP-A / D-APP-P: the appraisal report of a round is sent before its effective appraisal deadline. */
export function assertAppraisalReportOnTime(args: {
  now: string | Date;
  round: Round;
  campaign: CampaignDefinition;
}): void {
  const deadline = effectiveAppraisalDeadline(args.round, args.campaign);
  if (deadline === undefined || isBefore(args.now, deadline)) return;
  const at = formatIctText(deadline);
  throw new DeadlinePassedError(
    {
      vi: `Đã quá hạn trình báo cáo thẩm định lên Chủ tịch UBND tỉnh: hạn là trước ${at.vi}.`,
      en: `The appraisal report deadline has passed: it was due before ${at.en}.`,
    },
    [],
    { deadline, deadlineKind: 'appraisal' },
  );
}

/**
 * R-SWEEP-1: which reminder is due at `now` for a deadline. While the deadline is ahead, the smallest
 * offset k (days) with deadline − k days ≤ now, i.e. the nearest reminder already reached; undefined
 * before the largest offset is reached and once the deadline has passed.
 */
export function dueReminderOffset(
  now: string | Date,
  deadline: string,
  offsets: readonly number[],
): number | undefined {
  const left = toMillis(deadline) - toMillis(now);
  if (left <= 0) return undefined;
  const reached = offsets.filter((k) => k * DAY_MS >= left);
  return reached.length === 0 ? undefined : Math.min(...reached);
}

// ---- Moving deadlines (R-DL-2) ----

/** The round deadlines an admin moves with PATCH /rounds/{id} (D-REP is the year's, not a round's). */
export const MOVABLE_DEADLINES = ['submissionDeadline', 'appraisalDeadline'] as const;
export type MovableDeadline = (typeof MOVABLE_DEADLINES)[number];

const DEADLINE_LABELS: Readonly<Record<MovableDeadline, LocalizedText>> = {
  submissionDeadline: { vi: 'hạn nộp hồ sơ', en: 'the submission deadline' },
  appraisalDeadline: { vi: 'hạn trình báo cáo thẩm định', en: 'the appraisal deadline' },
};

/** The deadline in force that a move of `field` would replace (undefined: none is set yet). */
function deadlineInForce(round: Round, campaign: CampaignDefinition, field: MovableDeadline) {
  if (field === 'appraisalDeadline') return effectiveAppraisalDeadline(round, campaign);
  return round[field];
}

/**
 * R-DL-2 (edition 2): a round deadline may be moved later at any time, but earlier — or set where none
 * was, which is earlier than "none" — only to an instant still in the future, so that nobody is told after
 * the fact that they are late. The appraisal deadline compared is the one in force (an explicit one, or
 * D-APP-A derived from the announcement date). ValidationError naming each refused field; nothing is
 * stored then.
 */
export function assertRoundDeadlineMoves(args: {
  now: string | Date;
  round: Round;
  campaign: CampaignDefinition;
  changes: Partial<Record<MovableDeadline, string>>;
}): void {
  const { now, round, campaign, changes } = args;
  const items: ErrorItem[] = [];
  for (const field of MOVABLE_DEADLINES) {
    const to = changes[field];
    if (to === undefined) continue;
    const from = deadlineInForce(round, campaign, field);
    if (from !== undefined && toMillis(to) >= toMillis(from)) continue;
    if (toMillis(to) > toMillis(now)) continue;
    const label = DEADLINE_LABELS[field];
    const at = formatIctText(to);
    items.push({
      path: `body.${field}`,
      message:
        from === undefined
          ? {
              vi: `chưa có ${label.vi}; thời điểm đặt mới (${at.vi}) đã qua: chỉ đặt được một thời điểm chưa qua`,
              en: `${label.en} is not set yet; the new one (${at.en}) has passed: only an instant still in the future can be set`,
            }
          : {
              vi: `dời ${label.vi} sớm hơn (từ ${formatIctText(from).vi} về ${at.vi}) chỉ được về một thời điểm chưa qua`,
              en: `${label.en} can be moved earlier (from ${formatIctText(from).en} to ${at.en}) only to an instant still in the future`,
            },
    });
  }
  if (items.length === 0) return;
  throw new ValidationError(
    {
      vi: 'Chỉ được dời hạn sớm hơn về một thời điểm chưa qua; không có thay đổi nào được lưu.',
      en: 'A deadline can be moved earlier only to an instant still in the future; nothing was changed.',
    },
    items,
  );
}

/**
 * R-DL-2 (edition 2): a per-unit extension gives the unit more time than the round, so its deadline must be
 * later than the round's D-SUB (an earlier one would be stored and never apply). Replacing an earlier
 * extension by a shorter one is moving the unit's deadline earlier: only to an instant still in the future.
 */
export function assertUnitExtension(args: {
  now: string | Date;
  round: Round;
  previous?: UnitExtension | undefined;
  submissionDeadline: string;
}): void {
  const { now, round, previous, submissionDeadline: to } = args;
  const at = formatIctText(to);
  let message: LocalizedText | undefined;
  if (toMillis(to) <= toMillis(round.submissionDeadline)) {
    const of = formatIctText(round.submissionDeadline);
    message = {
      vi: `gia hạn cho đơn vị (${at.vi}) phải muộn hơn hạn nộp của đợt (${of.vi})`,
      en: `a unit's extension (${at.en}) must be later than the round's submission deadline (${of.en})`,
    };
  } else if (
    previous !== undefined &&
    toMillis(to) < toMillis(previous.submissionDeadline) &&
    toMillis(to) <= toMillis(now)
  ) {
    const of = formatIctText(previous.submissionDeadline);
    message = {
      vi: `rút ngắn gia hạn của đơn vị (từ ${of.vi} về ${at.vi}) chỉ được về một thời điểm chưa qua`,
      en: `the unit's extension can be shortened (from ${of.en} to ${at.en}) only to an instant still in the future`,
    };
  }
  if (message === undefined) return;
  throw new ValidationError(
    {
      vi: 'Gia hạn cho đơn vị không hợp lệ; không có thay đổi nào được lưu.',
      en: 'Invalid unit extension; nothing was changed.',
    },
    [{ path: 'body.submissionDeadline', message }],
  );
}
