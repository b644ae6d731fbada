// Named domain errors. They know nothing about HTTP: the edge maps `code` to a status and a
// problem+json body (functions/http/problem.ts). Every message exists in Vietnamese and English.

import type { LocalizedText } from './types.ts';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'INVALID_STATE'
  | 'DUPLICATE_NOMINEE'
  | 'QUOTA_EXCEEDED'
  | 'VERSION_CONFLICT'
  | 'VERSION_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DOSSIER_INCOMPLETE'
  | 'DEADLINE_PASSED'
  | 'NOT_ELIGIBLE'
  | 'UNIT_INACTIVE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TIER_NOT_IN_CAMPAIGN';

export interface ErrorItem {
  /** Where the problem is: a field path, a document kind, a nomination id, a quota cell. */
  path: string;
  message: LocalizedText;
}

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly text: LocalizedText;
  readonly items: readonly ErrorItem[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(text: LocalizedText, items: readonly ErrorItem[] = [], details: Record<string, unknown> = {}) {
    super(text.en);
    this.text = text;
    this.items = items;
    this.details = details;
  }
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_FAILED';
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

export class InvalidStateError extends DomainError {
  override readonly name = 'InvalidStateError';
  readonly code = 'INVALID_STATE';
}

export class DuplicateNomineeError extends DomainError {
  override readonly name = 'DuplicateNomineeError';
  readonly code = 'DUPLICATE_NOMINEE';
}

export class QuotaExceededError extends DomainError {
  override readonly name = 'QuotaExceededError';
  readonly code = 'QUOTA_EXCEEDED';
}

export class VersionConflictError extends DomainError {
  override readonly name = 'VersionConflictError';
  readonly code = 'VERSION_CONFLICT';
}

/** SPEC §6: the object's version moved since the caller read it (If-Match or a conditional write). */
export const versionConflict = () =>
  new VersionConflictError({
    vi: 'Đối tượng đã thay đổi kể từ lần đọc trước (có thể do chính thao tác tải lên hoặc xác nhận của bạn). Hãy tải lại để lấy phiên bản mới rồi thử lại.',
    en: 'This object changed since it was read (possibly by your own upload or confirmation). Reload it to get the new version and try again.',
  });

export class VersionRequiredError extends DomainError {
  override readonly name = 'VersionRequiredError';
  readonly code = 'VERSION_REQUIRED';
}

export class PayloadTooLargeError extends DomainError {
  override readonly name = 'PayloadTooLargeError';
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class UnsupportedMediaTypeError extends DomainError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

export class DossierIncompleteError extends DomainError {
  override readonly name = 'DossierIncompleteError';
  readonly code = 'DOSSIER_INCOMPLETE';
}

export class DeadlinePassedError extends DomainError {
  override readonly name = 'DeadlinePassedError';
  readonly code = 'DEADLINE_PASSED';
}

export class NotEligibleError extends DomainError {
  override readonly name = 'NotEligibleError';
  readonly code = 'NOT_ELIGIBLE';
}

/** R-UNIT-1: the unit lies outside its validity on the day of the request (merged, abolished, not yet formed). */
export class UnitInactiveError extends DomainError {
  override readonly name = 'UnitInactiveError';
  readonly code = 'UNIT_INACTIVE';
}

export class IdempotencyKeyReusedError extends DomainError {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

/** R-TIER-2: a unit whose tier is not among its round's campaign tiers opens no dossier and is not nominated. */
export class TierNotInCampaignError extends DomainError {
  override readonly name = 'TierNotInCampaignError';
  readonly code = 'TIER_NOT_IN_CAMPAIGN';
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
