// Errors to application/problem+json (RFC 9457). The one place that knows HTTP statuses of domain
// error codes. Vietnamese by default, English on Accept-Language: en. A 5xx never shows internals.

import type { ErrorCode, ErrorItem } from '#domain/errors.ts';
import type { Lang, LocalizedText } from '#domain/types.ts';

export type ProblemCode =
  | ErrorCode
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL'
  | 'SERVICE_UNAVAILABLE';

export const STATUS_OF: Record<ProblemCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_STATE: 409,
  DUPLICATE_NOMINEE: 409,
  QUOTA_EXCEEDED: 409,
  VERSION_CONFLICT: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  DOSSIER_INCOMPLETE: 422,
  DEADLINE_PASSED: 422,
  NOT_ELIGIBLE: 422,
  UNIT_INACTIVE: 422,
  TIER_NOT_IN_CAMPAIGN: 422,
  VERSION_REQUIRED: 428,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

const TITLES: Record<ProblemCode, LocalizedText> = {
  VALIDATION_FAILED: { vi: 'Dữ liệu không hợp lệ', en: 'Validation failed' },
  UNAUTHENTICATED: { vi: 'Chưa xác thực', en: 'Unauthenticated' },
  FORBIDDEN: { vi: 'Không có quyền', en: 'Forbidden' },
  NOT_FOUND: { vi: 'Không tìm thấy', en: 'Not found' },
  METHOD_NOT_ALLOWED: { vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  INVALID_STATE: { vi: 'Trạng thái không cho phép thao tác này', en: 'Invalid state' },
  DUPLICATE_NOMINEE: { vi: 'Đối tượng đã được đề nghị', en: 'Duplicate nominee' },
  QUOTA_EXCEEDED: { vi: 'Vượt số lượng khen thưởng tối đa', en: 'Quota exceeded' },
  VERSION_CONFLICT: { vi: 'Dữ liệu đã bị thay đổi', en: 'Version conflict' },
  VERSION_REQUIRED: { vi: 'Thiếu phiên bản (If-Match)', en: 'Version required' },
  PAYLOAD_TOO_LARGE: { vi: 'Dữ liệu quá lớn', en: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Định dạng không được hỗ trợ', en: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: { vi: 'Idempotency-Key đã dùng cho yêu cầu khác', en: 'Idempotency key reused' },
  DOSSIER_INCOMPLETE: { vi: 'Hồ sơ chưa đầy đủ', en: 'Dossier incomplete' },
  DEADLINE_PASSED: { vi: 'Đã quá thời hạn', en: 'Deadline passed' },
  NOT_ELIGIBLE: { vi: 'Không đủ tiêu chuẩn', en: 'Not eligible' },
  UNIT_INACTIVE: { vi: 'Đơn vị không còn hoặc chưa hoạt động', en: 'Unit inactive' },
  TIER_NOT_IN_CAMPAIGN: { vi: 'Cấp của đơn vị không thuộc phong trào', en: 'Tier not in campaign' },
  INTERNAL: { vi: 'Lỗi hệ thống', en: 'Internal error' },
  SERVICE_UNAVAILABLE: { vi: 'Dịch vụ tạm thời không sẵn sàng', en: 'Service unavailable' },
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export const problemType = (code: ProblemCode) => `https://son-la-par.example/problems/${code.toLowerCase()}`;

export function problem(
  code: ProblemCode,
  detail: LocalizedText,
  lang: Lang,
  items: readonly ErrorItem[] = [],
  extra: Record<string, unknown> = {},
): ProblemBody {
  return {
    // Extension members first: a domain detail such as a lifecycle `status` never replaces a standard member.
    ...extra,
    type: problemType(code),
    title: TITLES[code][lang],
    status: STATUS_OF[code],
    detail: detail[lang],
    code,
    ...(items.length > 0 ? { errors: items.map((i) => ({ path: i.path, message: i.message[lang] })) } : {}),
  };
}

/** Accept-Language: en (or en-US, …) as the first preference gives English; anything else Vietnamese. */
export function langOf(acceptLanguage: string | undefined): Lang {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
