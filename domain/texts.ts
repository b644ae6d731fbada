// R-I18N-1: texts that are stored (notifications, reasons the system writes in the audit trail) are kept as
// a code with parameters, never as a sentence, and rendered in the reader's language when a response is
// made. Parameters are plain values (names, numbers, ISO instants); formatting happens at rendering, so a
// Vietnamese reader sees "30/12/2025 00:00 (giờ Việt Nam)" and an English one "(Vietnam time, UTC+7)".
// Records written before keep working: a stored {vi, en} pair or a plain string still renders.

import { formatIct } from './format.ts';
import type { Lang, LocalizedText } from './types.ts';

const dayWord = (n: number, lang: Lang) => (lang === 'vi' ? `${n} ngày` : n === 1 ? '1 day' : `${n} days`);

interface Reminder {
  /** The round's name (never its id). */
  round: string;
  /** Days left until the deadline. */
  days: number;
  /** The deadline, an ISO instant. */
  dueAt: string;
}

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
