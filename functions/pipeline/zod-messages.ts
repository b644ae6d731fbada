// Messages of every issue kind zod can produce, in natural Vietnamese and English, rendered from the issue's
// own fields (so both languages come from one parse). Only zod's types are imported: the module works with
// `zod` and `zod/mini` schemas alike and adds no zod locale to a bundle.

import type * as core from 'zod/v4/core';
import { formatBytes, formatDate, formatNumber } from '#domain/format.ts';
import type { Lang, LocalizedText } from '#domain/types.ts';

type Issue = core.$ZodIssue | core.$ZodRawIssue;
type Text = { vi: string; en: string };

/** What a value is, in words: the `expected` of invalid_type and the kind of what was received. */
const TYPE_NAMES: Readonly<Record<string, Text>> = {
  string: { vi: 'chuỗi ký tự', en: 'a string' },
  number: { vi: 'số', en: 'a number' },
  int: { vi: 'số nguyên', en: 'an integer' },
  boolean: { vi: 'giá trị đúng/sai', en: 'a boolean' },
  bigint: { vi: 'số nguyên lớn', en: 'a big integer' },
  symbol: { vi: 'ký hiệu', en: 'a symbol' },
  undefined: { vi: 'không có giá trị', en: 'undefined' },
  null: { vi: 'giá trị rỗng', en: 'null' },
  never: { vi: 'không có giá trị nào', en: 'nothing' },
  void: { vi: 'không có giá trị', en: 'nothing' },
  date: { vi: 'ngày', en: 'a date' },
  array: { vi: 'danh sách', en: 'a list' },
  object: { vi: 'đối tượng', en: 'an object' },
  tuple: { vi: 'danh sách cố định', en: 'a tuple' },
  record: { vi: 'bảng khoá – giá trị', en: 'a record' },
  map: { vi: 'bảng ánh xạ', en: 'a map' },
  set: { vi: 'tập hợp', en: 'a set' },
  file: { vi: 'tệp', en: 'a file' },
  nonoptional: { vi: 'giá trị bắt buộc', en: 'a required value' },
  nan: { vi: 'giá trị không phải số', en: 'not a number' },
  function: { vi: 'hàm', en: 'a function' },
  promise: { vi: 'lời hứa bất đồng bộ', en: 'a promise' },
};

const typeName = (name: string): Text => TYPE_NAMES[name] ?? { vi: `kiểu ${name}`, en: name };

/** The kind of a received value, named like an expected one. */
function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'nan' : 'date';
  if (typeof input === 'number') return Number.isNaN(input) ? 'nan' : 'number';
  if (typeof File !== 'undefined' && input instanceof File) return 'file';
  if (input instanceof Map) return 'map';
  if (input instanceof Set) return 'set';
  if (input instanceof Promise) return 'promise';
  return typeof input;
}

/** Names of the string formats zod checks (and of a few it may add). */
const FORMAT_NAMES: Readonly<Record<string, Text>> = {
  email: { vi: 'địa chỉ email', en: 'an e-mail address' },
  url: { vi: 'địa chỉ URL', en: 'a URL' },
  emoji: { vi: 'biểu tượng cảm xúc (emoji)', en: 'an emoji' },
  uuid: { vi: 'mã UUID', en: 'a UUID' },
  uuidv4: { vi: 'mã UUID phiên bản 4', en: 'a version 4 UUID' },
  uuidv6: { vi: 'mã UUID phiên bản 6', en: 'a version 6 UUID' },
  uuidv7: { vi: 'mã UUID phiên bản 7', en: 'a version 7 UUID' },
  guid: { vi: 'mã GUID', en: 'a GUID' },
  nanoid: { vi: 'mã định danh nanoid', en: 'a nanoid' },
  cuid: { vi: 'mã định danh cuid', en: 'a cuid' },
  cuid2: { vi: 'mã định danh cuid2', en: 'a cuid2' },
  ulid: { vi: 'mã định danh ULID', en: 'a ULID' },
  xid: { vi: 'mã định danh XID', en: 'an XID' },
  ksuid: { vi: 'mã định danh KSUID', en: 'a KSUID' },
  datetime: {
    vi: 'thời điểm theo ISO 8601 (vd 2026-03-31T17:00:00+07:00)',
    en: 'an ISO 8601 date and time (e.g. 2026-03-31T17:00:00+07:00)',
  },
  date: { vi: 'ngày dạng năm-tháng-ngày (vd 2026-03-31)', en: 'a date as year-month-day (e.g. 2026-03-31)' },
  time: { vi: 'giờ dạng giờ:phút[:giây] (vd 17:00)', en: 'a time as hours:minutes[:seconds] (e.g. 17:00)' },
  duration: { vi: 'khoảng thời gian theo ISO 8601 (vd P3D)', en: 'an ISO 8601 duration (e.g. P3D)' },
  ipv4: { vi: 'địa chỉ IPv4', en: 'an IPv4 address' },
  ipv6: { vi: 'địa chỉ IPv6', en: 'an IPv6 address' },
  mac: { vi: 'địa chỉ MAC', en: 'a MAC address' },
  cidrv4: { vi: 'dải địa chỉ IPv4 (CIDR)', en: 'an IPv4 range (CIDR)' },
  cidrv6: { vi: 'dải địa chỉ IPv6 (CIDR)', en: 'an IPv6 range (CIDR)' },
  base64: { vi: 'chuỗi mã hoá base64', en: 'base64-encoded text' },
  base64url: { vi: 'chuỗi mã hoá base64url', en: 'base64url-encoded text' },
  json_string: { vi: 'chuỗi JSON hợp lệ', en: 'valid JSON text' },
  e164: { vi: 'số điện thoại dạng E.164 (vd +84912345678)', en: 'an E.164 phone number (e.g. +84912345678)' },
  credit_card: { vi: 'số thẻ tín dụng', en: 'a credit card number' },
  currency_code: { vi: 'mã tiền tệ', en: 'a currency code' },
  iban: { vi: 'số tài khoản IBAN', en: 'an IBAN' },
  jwt: { vi: 'mã JWT', en: 'a JWT' },
  hex: { vi: 'chuỗi thập lục phân', en: 'hexadecimal text' },
  hash: { vi: 'mã băm', en: 'a hash' },
  template_literal: { vi: 'chuỗi theo mẫu quy định', en: 'text of the required pattern' },
};

/** What a size limit counts, by the origin of a too_big / too_small issue. */
const UNITS: Readonly<Record<string, Text>> = {
  string: { vi: 'ký tự', en: 'characters' },
  array: { vi: 'phần tử', en: 'items' },
  set: { vi: 'phần tử', en: 'items' },
  map: { vi: 'phần tử', en: 'entries' },
};

const ORIGIN_NAMES: Readonly<Record<string, Text>> = {
  map: { vi: 'bảng ánh xạ', en: 'map' },
  record: { vi: 'bảng khoá – giá trị', en: 'record' },
  set: { vi: 'tập hợp', en: 'set' },
};

const originName = (origin: string): Text => ORIGIN_NAMES[origin] ?? { vi: origin, en: origin };

const num = (n: number | bigint): Text =>
  typeof n === 'bigint'
    ? { vi: n.toString(), en: n.toString() }
    : { vi: formatNumber(n, 'vi', { maxDecimals: 6 }), en: formatNumber(n, 'en', { maxDecimals: 6 }) };

const quoted = (v: unknown): Text => {
  if (typeof v === 'string') return { vi: `“${v}”`, en: `"${v}"` };
  if (typeof v === 'number' || typeof v === 'bigint') return num(v);
  if (v === true) return { vi: 'đúng (true)', en: 'true' };
  if (v === false) return { vi: 'sai (false)', en: 'false' };
  if (v === null) return { vi: 'giá trị rỗng (null)', en: 'null' };
  if (v === undefined) return { vi: 'không có giá trị', en: 'undefined' };
  return { vi: String(v), en: String(v) };
};

const joinOr = (parts: readonly Text[]): Text => ({
  vi: parts
    .map((p) => p.vi)
    .join(', ')
    .replace(/, ([^,]*)$/, ' hoặc $1'),
  en: parts
    .map((p) => p.en)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1'),
});

const t = (vi: string, en: string): Text => ({ vi, en });

function tooSmall(issue: core.$ZodIssueTooSmall | core.$ZodRawIssue<core.$ZodIssueTooSmall>): Text {
  const { origin, minimum, inclusive, exact } = issue;
  if (origin === 'date') {
    const day = formatDate(Number(minimum));
    return inclusive
      ? t(`phải từ ngày ${day} trở đi`, `must be on or after ${day}`)
      : t(`phải sau ngày ${day}`, `must be after ${day}`);
  }
  if (origin === 'file') {
    const size = { vi: formatBytes(Number(minimum), 'vi'), en: formatBytes(Number(minimum), 'en') };
    return exact
      ? t(`tệp phải có kích thước đúng ${size.vi}`, `the file must be exactly ${size.en}`)
      : inclusive
        ? t(`tệp phải có kích thước ít nhất ${size.vi}`, `the file must be at least ${size.en}`)
        : t(`tệp phải lớn hơn ${size.vi}`, `the file must be larger than ${size.en}`);
  }
  const unit = UNITS[origin];
  const n = num(minimum);
  if (unit) {
    if (exact) return t(`phải có đúng ${n.vi} ${unit.vi}`, `must have exactly ${n.en} ${unit.en}`);
    if (origin === 'string' && inclusive && Number(minimum) === 1)
      return t('không được để trống', 'must not be empty');
    if (origin !== 'string' && inclusive && Number(minimum) === 1)
      return t('phải có ít nhất một phần tử', 'must have at least one item');
    return inclusive
      ? t(`phải có ít nhất ${n.vi} ${unit.vi}`, `must have at least ${n.en} ${unit.en}`)
      : t(`phải có nhiều hơn ${n.vi} ${unit.vi}`, `must have more than ${n.en} ${unit.en}`);
  }
  // number, int, bigint and any other ordered value
  return inclusive
    ? t(`phải lớn hơn hoặc bằng ${n.vi}`, `must be greater than or equal to ${n.en}`)
    : t(`phải lớn hơn ${n.vi}`, `must be greater than ${n.en}`);
}

function tooBig(issue: core.$ZodIssueTooBig | core.$ZodRawIssue<core.$ZodIssueTooBig>): Text {
  const { origin, maximum, inclusive, exact } = issue;
  if (origin === 'date') {
    const day = formatDate(Number(maximum));
    return inclusive
      ? t(`phải đến ngày ${day} là muộn nhất`, `must be on or before ${day}`)
      : t(`phải trước ngày ${day}`, `must be before ${day}`);
  }
  if (origin === 'file') {
    const size = { vi: formatBytes(Number(maximum), 'vi'), en: formatBytes(Number(maximum), 'en') };
    return exact
      ? t(`tệp phải có kích thước đúng ${size.vi}`, `the file must be exactly ${size.en}`)
      : inclusive
        ? t(`tệp không được lớn hơn ${size.vi}`, `the file must be at most ${size.en}`)
        : t(`tệp phải nhỏ hơn ${size.vi}`, `the file must be smaller than ${size.en}`);
  }
  const unit = UNITS[origin];
  const n = num(maximum);
  if (unit) {
    if (exact) return t(`phải có đúng ${n.vi} ${unit.vi}`, `must have exactly ${n.en} ${unit.en}`);
    return inclusive
      ? t(`chỉ được có tối đa ${n.vi} ${unit.vi}`, `must have at most ${n.en} ${unit.en}`)
      : t(`phải có ít hơn ${n.vi} ${unit.vi}`, `must have fewer than ${n.en} ${unit.en}`);
  }
  return inclusive
    ? t(`phải nhỏ hơn hoặc bằng ${n.vi}`, `must be less than or equal to ${n.en}`)
    : t(`phải nhỏ hơn ${n.vi}`, `must be less than ${n.en}`);
}

function invalidFormat(issue: core.$ZodIssueInvalidStringFormat & Record<string, unknown>): Text {
  switch (issue.format) {
    case 'starts_with':
      return t(`phải bắt đầu bằng “${String(issue.prefix)}”`, `must start with "${String(issue.prefix)}"`);
    case 'ends_with':
      return t(`phải kết thúc bằng “${String(issue.suffix)}”`, `must end with "${String(issue.suffix)}"`);
    case 'includes':
      return t(`phải chứa “${String(issue.includes)}”`, `must contain "${String(issue.includes)}"`);
    case 'lowercase':
      return t('chỉ được dùng chữ thường', 'must be in lowercase');
    case 'uppercase':
      return t('chỉ được dùng chữ in hoa', 'must be in uppercase');
    case 'regex':
      return t('không đúng định dạng quy định', 'does not have the required form');
  }
  // z.hash(): "sha256_hex", "md5_base64", …
  const hash = /^(md5|sha1|sha256|sha384|sha512)_(hex|base64|base64url)$/.exec(issue.format);
  if (hash) {
    const alg = (hash[1] ?? '').toUpperCase().replace(/^SHA/, 'SHA-');
    return t(`phải là mã băm ${alg} dạng ${hash[2]} hợp lệ`, `must be a ${alg} hash in ${hash[2]}`);
  }
  const name = FORMAT_NAMES[issue.format];
  return name
    ? t(`phải là ${name.vi} hợp lệ`, `must be ${name.en}`)
    : t('không đúng định dạng quy định', 'does not have the required form');
}

/** A decimal step such as 0.01 reads as a number of decimals; any other divisor as a multiple. */
function notMultipleOf(divisor: number): Text {
  const decimals = Math.round(-Math.log10(divisor));
  if (divisor < 1 && decimals > 0 && Math.abs(10 ** -decimals - divisor) < 1e-12) {
    return t(
      `chỉ được có tối đa ${decimals} chữ số thập phân`,
      `must have at most ${decimals} decimal places`,
    );
  }
  const d = num(divisor);
  return t(`phải là bội số của ${d.vi}`, `must be a multiple of ${d.en}`);
}

function invalidUnion(issue: core.$ZodIssueInvalidUnion & { options?: unknown[] }): Text {
  if (issue.discriminator !== undefined && issue.options && issue.options.length > 0) {
    const options = joinOr(issue.options.map(quoted));
    return t(
      `trường “${issue.discriminator}” phải là ${options.vi}`,
      `the field "${issue.discriminator}" must be ${options.en}`,
    );
  }
  if (issue.inclusive === false) {
    return t('khớp với nhiều hơn một dạng được chấp nhận', 'matches more than one accepted form');
  }
  // Each alternative failed only on its type: name the types it accepts.
  const types = issue.errors.map((e) =>
    e.length === 1 && e[0]?.code === 'invalid_type' && e[0].path.length === 0 ? e[0].expected : undefined,
  );
  if (types.length > 0 && types.every((x) => x !== undefined)) {
    const names = joinOr([...new Set(types)].map((x) => typeName(x)));
    return t(`phải là ${names.vi}`, `must be ${names.en}`);
  }
  return t('không khớp với dạng nào được chấp nhận', 'matches none of the accepted forms');
}

const inner = (issues: readonly core.$ZodIssue[]): Text | undefined => {
  const first = issues[0];
  return first ? zodIssueText(first) : undefined;
};

/** The message of one zod issue (as reported, or raw in an error map) in both languages. */
export function zodIssueText(issue: Issue): LocalizedText {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if ('input' in issue) {
        if (issue.input === undefined) return t('bắt buộc phải có', 'is required');
        const got = typeName(kindOf(issue.input));
        return t(`phải là ${expected.vi}, nhận được ${got.vi}`, `must be ${expected.en}, not ${got.en}`);
      }
      return t(`phải là ${expected.vi}`, `must be ${expected.en}`);
    }
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return invalidFormat(issue as core.$ZodIssueInvalidStringFormat & Record<string, unknown>);
    case 'not_multiple_of':
      return notMultipleOf(Number(issue.divisor));
    case 'unrecognized_keys': {
      const keys = issue.keys;
      return keys.length === 1
        ? t(`trường “${keys[0]}” không được phép`, `the field "${keys[0]}" is not allowed`)
        : t(
            `các trường ${keys.map((k) => `“${k}”`).join(', ')} không được phép`,
            `the fields ${keys.map((k) => `"${k}"`).join(', ')} are not allowed`,
          );
    }
    case 'invalid_union':
      return invalidUnion(issue as core.$ZodIssueInvalidUnion & { options?: unknown[] });
    case 'invalid_key': {
      const where = originName(issue.origin);
      const why = inner(issue.issues);
      return t(
        `khoá không hợp lệ trong ${where.vi}${why ? `: ${why.vi}` : ''}`,
        `invalid key in the ${where.en}${why ? `: ${why.en}` : ''}`,
      );
    }
    case 'invalid_element': {
      const where = originName(issue.origin);
      const why = inner(issue.issues);
      return t(
        `phần tử không hợp lệ trong ${where.vi}${why ? `: ${why.vi}` : ''}`,
        `invalid element in the ${where.en}${why ? `: ${why.en}` : ''}`,
      );
    }
    case 'invalid_value': {
      const values = issue.values.map(quoted);
      if (values.length === 1) return t(`phải là ${values[0]?.vi}`, `must be ${values[0]?.en}`);
      const list = { vi: values.map((v) => v.vi).join(', '), en: values.map((v) => v.en).join(', ') };
      return t(`phải là một trong các giá trị: ${list.vi}`, `must be one of: ${list.en}`);
    }
    default:
      return t('giá trị không hợp lệ', 'is not valid');
  }
}

/** An error map for `safeParse(input, { error })`: the issue's message in one language. */
export const zodErrorMap =
  (lang: Lang) =>
  (issue: core.$ZodRawIssue): string =>
    zodIssueText(issue)[lang];
