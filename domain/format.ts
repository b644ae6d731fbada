// Numbers, sizes and dates as people read them: Vietnamese uses a decimal comma ("28,6 MB", "92,18%") and
// dd/mm/yyyy; English a decimal point. Where the decision speaks of points and percentages, a value shown
// with fewer decimals than it has is rounded half up (92,175 → 92,18), never cut.

import type { Lang, LocalizedText } from './types.ts';

let collator: Intl.Collator | undefined;

/**
 * Names in Vietnamese order (case and tone marks aside, numbers by value), for the official lists. The
 * collator is made on first use: making one loads ICU's Vietnamese data, about 2 ms that a cold start which
 * sorts nothing need not pay.
 */
export function compareVi(a: string, b: string): number {
  collator ??= new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
  return collator.compare(a, b);
}

const ICT_OFFSET_MS = 7 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Half-up rounding to `decimals` places, immune to binary fractions: 92.175 is stored as 92.17499999…, which
 * `Math.round(x * 100)` would turn down; reading the product back at 12 significant digits gives 9217.5.
 */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(12));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

export interface NumberStyle {
  /** At most this many decimals, rounded half up (default 2). */
  maxDecimals?: number;
  /** At least this many decimals, padded with zeros (default 0). */
  minDecimals?: number;
}

/** 28.6 → "28,6" (vi) / "28.6" (en); 92.175 → "92,18" with two decimals. No thousands grouping. */
export function formatNumber(value: number, lang: Lang, style: NumberStyle = {}): string {
  const max = style.maxDecimals ?? 2;
  const min = Math.min(style.minDecimals ?? 0, max);
  if (!Number.isFinite(value)) return String(value);
  let text = roundHalfUp(value, max).toFixed(max);
  if (max > min) text = text.replace(new RegExp(`\\.?0{1,${max - min}}$`), '');
  if (text === '-0') text = '0';
  return lang === 'vi' ? text.replace('.', ',') : text;
}

export const formatNumberText = (value: number, style: NumberStyle = {}): LocalizedText => ({
  vi: formatNumber(value, 'vi', style),
  en: formatNumber(value, 'en', style),
});

/** 92.175 → "92,18%" (vi) / "92.18%" (en). */
export const formatPercent = (value: number, lang: Lang, style: NumberStyle = {}): string =>
  `${formatNumber(value, lang, style)}%`;

/** 25 MB, 28,6 MB, 1 KB, 300 B: one decimal at most. */
export function formatBytes(bytes: number, lang: Lang): string {
  const one = { maxDecimals: 1 };
  if (bytes >= 1024 * 1024) return `${formatNumber(bytes / (1024 * 1024), lang, one)} MB`;
  if (bytes >= 1024) return `${formatNumber(bytes / 1024, lang, one)} KB`;
  return `${bytes} B`;
}

export const formatBytesText = (bytes: number): LocalizedText => ({
  vi: formatBytes(bytes, 'vi'),
  en: formatBytes(bytes, 'en'),
});

/** An ISO instant, a Date or epoch milliseconds, as milliseconds; NaN when unreadable. */
const millisOf = (instant: string | Date | number): number =>
  typeof instant === 'number' ? instant : instant instanceof Date ? instant.getTime() : Date.parse(instant);

const ictIso = (instant: string | Date | number): string | undefined => {
  const ms = millisOf(instant);
  return Number.isNaN(ms) ? undefined : new Date(ms + ICT_OFFSET_MS).toISOString();
};

/**
 * A calendar day as dd/mm/yyyy in both languages: "2025-12-30" stays that day; an instant is read as its day
 * in Vietnam. An unreadable value is shown as it is.
 */
export function formatDate(date: string | Date | number): string {
  if (typeof date === 'string') {
    const m = DATE_RE.exec(date);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const iso = ictIso(date);
  return iso === undefined ? String(date) : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** An instant in Vietnam as Vietnamese readers write it: "00:00 ngày 30/12/2025" (R-MAIL-1's form). */
export function formatIctTimeAndDay(instant: string | Date | number): string {
  const iso = ictIso(instant);
  if (iso === undefined) return String(instant);
  return `${iso.slice(11, 16)} ngày ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * An instant as "00:00 ngày 30/12/2025 (giờ Việt Nam)", or in English "30/12/2025 00:00 (Vietnam time,
 * UTC+7)": the same form in notifications, problems and e-mails.
 */
export function formatIct(instant: string | Date | number, lang: Lang = 'vi'): string {
  const iso = ictIso(instant);
  if (iso === undefined) return String(instant);
  if (lang === 'vi') return `${formatIctTimeAndDay(instant)} (giờ Việt Nam)`;
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)} (Vietnam time, UTC+7)`;
}

/** Both languages of formatIct, for building LocalizedText messages. */
export const formatIctText = (instant: string | Date | number): LocalizedText => ({
  vi: formatIct(instant, 'vi'),
  en: formatIct(instant, 'en'),
});
