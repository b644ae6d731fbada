// R-MAIL-1: the e-mail a notification becomes, and who receives it. Pure: the mailer (functions/jobs/)
// reads the round, the unit and the stage settings, and the transport (SES in AWS, SMTP locally) sends
// what this module renders. The message is built from the notification's structured fields (kind, round,
// unit, role, deadline, days before) — never from its stored text — in Vietnamese (R-I18N-1: e-mails are
// Vietnamese and show labels, never internal codes).

import { ictDate } from './deadlines.ts';
import { formatIctTimeAndDay } from './format.ts';
import type { NotificationKind } from './sweep.ts';

/** The `source` of the notification events on the bus, which the mailer's rule matches. */
export const NOTIFICATION_EVENT_SOURCE = 'commendation.deadlines';

/** At most this many contact addresses per unit (R-MAIL-1). */
export const MAX_CONTACT_EMAILS = 5;

/** The fields of a notification an e-mail is made of. */
export interface MailableNotification {
  notificationId: string;
  kind: NotificationKind;
  roundId: string;
  unitId?: string | undefined;
  role?: string | undefined;
  /** The deadline the notification is about (ISO instant). */
  dueAt: string;
  daysBefore?: number | undefined;
  /** When the sweep made it (its "now"). */
  createdAt: string;
}

export interface MailContext {
  /** The round's Vietnamese name (never its id). */
  roundName: string;
  /** The addressed unit's name, for a unit's notification. */
  unitName?: string | undefined;
  /** The frontend (stage setting `appUrl`). */
  appUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const DAY_MS = 86_400_000;

/** A deadline as Vietnamese readers write it, in ICT: "00:00 ngày 30/12/2025". */
export const vietnameseDeadline = (instant: string): string => formatIctTimeAndDay(instant);

/**
 * Whole days left until the deadline: the reminder's own count (14, 7, 3, 1) when it has one, else counted
 * from when the notification was made (a part of a day counts as a day); 0 once it has passed.
 */
export function daysLeft(n: Pick<MailableNotification, 'dueAt' | 'daysBefore' | 'createdAt'>): number {
  if (n.daysBefore !== undefined) return n.daysBefore;
  const ms = Date.parse(n.dueAt) - Date.parse(n.createdAt);
  return ms > 0 ? Math.ceil(ms / DAY_MS) : 0;
}

/** Who a role's notification is for, as a person reads it (no role codes in an e-mail). */
export const ROLE_LABELS_VI: Readonly<Record<string, string>> = {
  appraiser: 'Bộ phận thẩm định (Sở Nội vụ)',
  approver: 'Văn phòng Chủ tịch UBND tỉnh',
  admin: 'Quản trị hệ thống',
  unit_officer: 'Cán bộ đơn vị',
};

interface Wording {
  subject: string;
  /** The paragraph that says what is due. */
  what: string;
  /** The call to act. */
  act: string;
}

function wordingOf(n: MailableNotification, c: MailContext, days: number, deadline: string): Wording {
  const round = `“${c.roundName}”`;
  const left = `còn ${days} ngày`;
  switch (n.kind) {
    case 'submission_reminder':
      return {
        subject: `[Nhắc hạn] Hồ sơ đề nghị khen thưởng đợt ${round}: ${left} (hạn ${deadline})`,
        what: `Hồ sơ đề nghị khen thưởng đợt ${round} của đơn vị chưa được nộp. Hạn nộp: trước ${deadline} (giờ Việt Nam), ${left}.`,
        act: 'Vui lòng hoàn thiện và nộp hồ sơ trước hạn.',
      };
    case 'report_reminder': {
      // D-REP is 30 Dec 00:00 ICT of the year reported on (R-REP-1): the report is the year's, not a round's.
      const year = ictDate(n.dueAt).slice(0, 4);
      return {
        subject: `[Nhắc hạn] Báo cáo kết quả phong trào thi đua năm ${year}: ${left} (hạn ${deadline})`,
        what: `Đơn vị chưa nộp báo cáo kết quả thực hiện phong trào thi đua năm ${year}. Hạn nộp: trước ${deadline} (giờ Việt Nam), ${left}.`,
        act: 'Vui lòng tải lên và nộp báo cáo trước hạn.',
      };
    }
    case 'appraisal_reminder':
      return {
        subject: `[Nhắc hạn] Báo cáo thẩm định đợt ${round}: ${left} (hạn ${deadline})`,
        what: `Báo cáo thẩm định đợt ${round} chưa được trình Chủ tịch UBND tỉnh. Hạn trình: trước ${deadline} (giờ Việt Nam), ${left}.`,
        act: 'Vui lòng hoàn tất thẩm định và trình báo cáo trước hạn.',
      };
    case 'dossier_expired':
      return {
        subject: `[Quá hạn] Hồ sơ đề nghị khen thưởng đợt ${round} đã hết hạn`,
        what: `Hồ sơ đề nghị khen thưởng đợt ${round} của đơn vị không được nộp trước hạn (trước ${deadline}, giờ Việt Nam) và đã chuyển sang trạng thái hết hạn.`,
        act: 'Nếu có lý do chính đáng, đơn vị liên hệ Sở Nội vụ để được xem xét gia hạn.',
      };
    case 'appraisal_overdue':
      return {
        subject: `[Quá hạn] Báo cáo thẩm định đợt ${round} chưa được trình`,
        what: `Đã quá hạn trình báo cáo thẩm định đợt ${round} (trước ${deadline}, giờ Việt Nam) mà báo cáo chưa được gửi.`,
        act: 'Vui lòng trình báo cáo thẩm định hoặc đề nghị gia hạn.',
      };
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The Vietnamese e-mail of one notification: subject, plain text and HTML with the same content. */
export function renderNotificationMail(n: MailableNotification, c: MailContext): RenderedMail {
  const deadline = vietnameseDeadline(n.dueAt);
  const days = daysLeft(n);
  const w = wordingOf(n, c, days, deadline);
  const to =
    n.unitId !== undefined ? (c.unitName ?? 'Đơn vị') : (ROLE_LABELS_VI[n.role ?? ''] ?? 'Quý cơ quan');
  const greeting = `Kính gửi: ${to},`;
  const link = `Truy cập hệ thống: ${c.appUrl}`;
  const footer =
    'Thư này được gửi tự động từ Hệ thống khen thưởng phong trào thi đua cải cách hành chính tỉnh Sơn La; vui lòng không trả lời thư này.';
  const facts: [string, string][] = [
    ['Đợt khen thưởng', c.roundName],
    ['Hạn', `trước ${deadline} (giờ Việt Nam)`],
    ['Số ngày còn lại', days > 0 ? `${days} ngày` : 'đã quá hạn'],
  ];
  const text = [
    greeting,
    '',
    w.what,
    w.act,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    link,
    '',
    '--',
    footer,
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html lang="vi"><head><meta charset="utf-8"><title>',
    escapeHtml(w.subject),
    '</title></head><body style="font-family: Arial, sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(w.what)}</p>`,
    `<p>${escapeHtml(w.act)}</p>`,
    '<table cellpadding="4" style="border-collapse: collapse">',
    ...facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    `<p><a href="${escapeHtml(c.appUrl)}">Truy cập hệ thống khen thưởng</a></p>`,
    `<p style="color: #666; font-size: small">${escapeHtml(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: w.subject, text, html };
}

/** An address compared and stored as one: trimmed, lower case. */
export const normalizeAddress = (address: string) => address.trim().toLowerCase();

/**
 * The addresses a notification goes to: the unit's contacts for a unit's notification, the role's list
 * (stage configuration) for a role's. Each once, in the order given; none is not an error.
 */
export function recipientsOf(
  n: Pick<MailableNotification, 'unitId' | 'role'>,
  unitContacts: readonly string[] | undefined,
  roleAddresses: Readonly<Record<string, readonly string[]>>,
): string[] {
  const listed = n.unitId !== undefined ? (unitContacts ?? []) : (roleAddresses[n.role ?? ''] ?? []);
  return [...new Set(listed.map(normalizeAddress).filter((a) => a !== ''))];
}
