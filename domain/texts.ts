// R-I18N-1: texts that are stored (notifications, reasons the system writes in the audit trail) are kept as
// a code with parameters, never as a sentence, and rendered in the reader's language when a response is
// made. Parameters are plain values (names, numbers, ISO instants); formatting happens at rendering, so a
// Vietnamese reader sees "30/12/2025 00:00 (giờ Việt Nam)" and an English one "(Vietnam time, UTC+7)".
// Records written before keep working: a stored {vi, en} pair or a plain string still renders.

import {
  type DocumentReasonParams as Of,
  fileTypeLabel,
  MISSING_END_LABELS,
  SNIFFED_LABELS,
} from './files.ts';
import { evidenceFreeze } from './evidence.ts';
import { formatIct } from './format.ts';
import { type MovementReportStatus, reportEvidenceFreeze } from './movement-report.ts';
import type { DossierStatus, Lang, LocalizedText, NominationStatus } from './types.ts';

const dayWord = (n: number, lang: Lang) => (lang === 'vi' ? `${n} ngày` : n === 1 ? '1 day' : `${n} days`);

interface Reminder {
  /** The round's name (never its id). */
  round: string;
  /** Days left until the deadline. */
  days: number;
  /** The deadline, an ISO instant. */
  dueAt: string;
}

const FROZEN: LocalizedText = { vi: 'tài liệu không còn được nhận', en: 'the slot takes no more documents' };

/** Why the slot of a dossier's document was frozen, from the statuses it was judged on. */
const frozenBy = (p: { dossierStatus: DossierStatus; nominationStatus?: NominationStatus | null }) =>
  evidenceFreeze(
    p.dossierStatus,
    p.nominationStatus === undefined
      ? { level: 'dossier' }
      : { level: 'nomination', status: p.nominationStatus ?? undefined },
  ) ?? FROZEN;

const reportFrozen = (status: MovementReportStatus) => reportEvidenceFreeze(status) ?? FROZEN;

type Template<P> = Readonly<Record<Lang, (p: P) => string>>;
const template = <P>(vi: (p: P) => string, en: (p: P) => string): Template<P> => ({ vi, en });

/** Every stored text, by code: one template per language with typed parameters. */
export const TEXTS = {
  // ---- notifications of the deadline sweep (R-SWEEP-1) ----
  submission_none: template<Reminder>(
    (p) =>
      `Đơn vị chưa nộp hồ sơ đề nghị khen thưởng đợt “${p.round}”: còn ${dayWord(p.days, 'vi')} đến hạn nộp (trước ${formatIct(p.dueAt, 'vi')}).`,
    (p) =>
      `Your unit has not submitted a commendation dossier for round “${p.round}”: ${dayWord(p.days, 'en')} left (due before ${formatIct(p.dueAt, 'en')}).`,
  ),
  submission_draft: template<Reminder>(
    (p) =>
      `Hồ sơ đề nghị khen thưởng đợt “${p.round}” của đơn vị chưa được nộp: còn ${dayWord(p.days, 'vi')} đến hạn nộp (trước ${formatIct(p.dueAt, 'vi')}).`,
    (p) =>
      `Your commendation dossier for round “${p.round}” is not submitted yet: ${dayWord(p.days, 'en')} left (due before ${formatIct(p.dueAt, 'en')}).`,
  ),
  submission_returned: template<Reminder>(
    (p) =>
      `Hồ sơ đợt “${p.round}” của đơn vị đã bị trả lại để bổ sung: còn ${dayWord(p.days, 'vi')} để nộp lại (trước ${formatIct(p.dueAt, 'vi')}).`,
    (p) =>
      `Your dossier for round “${p.round}” was returned for correction: ${dayWord(p.days, 'en')} left to resubmit (before ${formatIct(p.dueAt, 'en')}).`,
  ),
  movement_report_due: template<{ year?: number | undefined; days: number; dueAt: string }>(
    (p) =>
      `Đơn vị chưa gửi báo cáo kết quả phong trào thi đua${p.year ? ` năm ${p.year}` : ''}: còn ${dayWord(p.days, 'vi')} đến hạn (trước ${formatIct(p.dueAt, 'vi')}).`,
    (p) =>
      `Your unit has not sent its emulation movement report${p.year ? ` for ${p.year}` : ''}: ${dayWord(p.days, 'en')} left (due before ${formatIct(p.dueAt, 'en')}).`,
  ),
  appraisal_report_due: template<Reminder>(
    (p) =>
      `Còn ${dayWord(p.days, 'vi')} đến hạn trình báo cáo thẩm định đợt “${p.round}” lên Chủ tịch UBND tỉnh (trước ${formatIct(p.dueAt, 'vi')}).`,
    (p) =>
      `${dayWord(p.days, 'en')} left to send the appraisal report of round “${p.round}” to the Chairman (due before ${formatIct(p.dueAt, 'en')}).`,
  ),
  dossier_expired: template<{ round: string; dueAt: string }>(
    (p) =>
      `Hồ sơ đề nghị khen thưởng đợt “${p.round}” của đơn vị đã quá hạn nộp (trước ${formatIct(p.dueAt, 'vi')}) và chuyển sang trạng thái quá hạn; hồ sơ được mở lại nếu được gia hạn.`,
    (p) =>
      `Your commendation dossier for round “${p.round}” missed its deadline (before ${formatIct(p.dueAt, 'en')}) and is now expired; an extension reopens it.`,
  ),
  appraisal_overdue: template<{ round: string; dueAt: string }>(
    (p) =>
      `Đã quá hạn trình báo cáo thẩm định đợt “${p.round}” (trước ${formatIct(p.dueAt, 'vi')}) mà chưa có báo cáo.`,
    (p) =>
      `The appraisal report of round “${p.round}” is overdue: it was due before ${formatIct(p.dueAt, 'en')} and has not been sent.`,
  ),
  // ---- why an uploaded document was rejected (R-DOC-1, R-DOC-3) ----
  document_size_mismatch: template<Of<'document_size_mismatch'>>(
    (p) =>
      `Kích thước tệp đã tải lên (${p.observed} byte) khác với kích thước đã khai báo (${p.declared} byte); tệp có thể bị thiếu hoặc bị thay đổi.`,
    (p) =>
      `The uploaded file is ${p.observed} bytes, not the ${p.declared} bytes declared; it may be truncated or altered.`,
  ),
  document_type_mismatch: template<Of<'document_type_mismatch'>>(
    (p) => `Tệp được tải lên với loại "${p.observed}", khác với loại đã khai báo "${p.declared}".`,
    (p) => `The file was uploaded as "${p.observed}", not as the declared "${p.declared}".`,
  ),
  document_checksum_mismatch: template<Of<'document_checksum_mismatch'>>(
    () =>
      'Mã băm SHA-256 của tệp đã tải lên khác với mã đã khai báo; tệp có thể bị hỏng hoặc không phải tệp đã chọn.',
    () =>
      'The SHA-256 checksum of the uploaded file differs from the one declared; the file may be corrupted or not the one chosen.',
  ),
  document_content_mismatch: template<Of<'document_content_mismatch'>>(
    (p) =>
      `Nội dung tệp không khớp loại đã khai báo (${fileTypeLabel(p.type).vi}): phần đầu tệp cho thấy đây là ${SNIFFED_LABELS[p.seen].vi}.`,
    (p) =>
      `The file content does not match the declared type (${fileTypeLabel(p.type).en}): its leading bytes show ${SNIFFED_LABELS[p.seen].en}.`,
  ),
  document_incomplete: template<Of<'document_incomplete'>>(
    (p) => `Tệp ${fileTypeLabel(p.type).vi} không hoàn chỉnh: ${MISSING_END_LABELS[p.missing].vi}.`,
    (p) => `The ${fileTypeLabel(p.type).en} is incomplete: ${MISSING_END_LABELS[p.missing].en}.`,
  ),
  document_not_office: template<Of<'document_not_office'>>(
    (p) =>
      `Tệp là tệp nén ZIP nhưng không phải ${fileTypeLabel(p.type).vi} (thiếu [Content_Types].xml hoặc thư mục ${p.part}).`,
    (p) =>
      `The file is a ZIP archive but not a ${fileTypeLabel(p.type).en} (no [Content_Types].xml or ${p.part} part).`,
  ),
  document_unverifiable: template<Of<'document_unverifiable'>>(
    (p) => `Không kiểm tra được loại tệp "${p.type}".`,
    (p) => `Files of type "${p.type}" cannot be verified.`,
  ),
  /**
   * R-DOC-3: the statuses that froze the document's slot when it was judged; `nominationStatus` for a
   * document of a nomination (null: the nomination no longer exists).
   */
  document_too_late: template<{ dossierStatus: DossierStatus; nominationStatus?: NominationStatus | null }>(
    (p) => `Tệp đến quá muộn nên không được nhận: ${frozenBy(p).vi}. Tệp này sẽ không được sử dụng.`,
    (p) => `The file came too late and is not accepted: ${frozenBy(p).en}. It will not be used.`,
  ),
  /** R-REP-1: a document of a movement report judged after the report was submitted. */
  report_document_too_late: template<{ reportStatus: MovementReportStatus }>(
    (p) =>
      `Tệp đến quá muộn nên không được nhận: ${reportFrozen(p.reportStatus).vi}. Tệp này sẽ không được sử dụng.`,
    (p) =>
      `The file came too late and is not accepted: ${reportFrozen(p.reportStatus).en}. It will not be used.`,
  ),
  // ---- reasons the system writes in the audit trail ----
  expired_by_sweep: template<{ dueAt: string }>(
    (p) => `Quá hạn nộp hồ sơ (hạn trước ${formatIct(p.dueAt, 'vi')})`,
    (p) => `Deadline passed (due before ${formatIct(p.dueAt, 'en')})`,
  ),
} as const;

export type TextCode = keyof typeof TEXTS;
export type TextParams<C extends TextCode> = Parameters<(typeof TEXTS)[C]['vi']>[0];

/** A stored text: what to say (the code) and with what (the parameters). */
export type CodedText = { [C in TextCode]: { code: C; params: TextParams<C> } }[TextCode];

export const coded = <C extends TextCode>(code: C, params: TextParams<C>): CodedText =>
  ({ code, params }) as CodedText;

/** Anything a record may hold as a text: a code (now), both languages or one string (records before). */
export type StoredText = CodedText | LocalizedText | string;

const isCoded = (text: StoredText): text is CodedText =>
  typeof text === 'object' && 'code' in text && Object.hasOwn(TEXTS, text.code);

/** A stored text in the reader's language. */
export function renderText(text: StoredText, lang: Lang): string;
export function renderText(text: StoredText | undefined, lang: Lang): string | undefined;
export function renderText(text: StoredText | undefined, lang: Lang): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'string') return text;
  if (isCoded(text)) {
    const render = TEXTS[text.code][lang] as (p: unknown) => string;
    return render(text.params);
  }
  return (text as LocalizedText)[lang];
}

/** Both languages of a stored text, for what needs both (an event, an e-mail in either language). */
export const renderBoth = (text: StoredText): LocalizedText => ({
  vi: renderText(text, 'vi'),
  en: renderText(text, 'en'),
});
