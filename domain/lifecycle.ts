// The lifecycles of dossiers and nominations (SPEC §6) as transition tables: every allowed move is one
// entry; anything else is an InvalidStateError naming the status and the action.

import { InvalidStateError } from './errors.ts';
import { DOSSIER_STATUS_LABELS, NOMINATION_STATUS_LABELS } from './labels.ts';
import type { DossierStatus, LocalizedText, NominationStatus } from './types.ts';

export const DOSSIER_ACTIONS = ['submit', 'withdraw', 'return', 'expire', 'reopen', 'close'] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

export const NOMINATION_ACTIONS = [
  'submit',
  'recommend',
  'reject',
  'return',
  'award',
  'not_award',
  'withdraw',
] as const;
export type NominationAction = (typeof NOMINATION_ACTIONS)[number];

type Reopened = 'reopened';

// Dossier: draft → submitted → (returned → submitted)* → closed; draft|returned → withdrawn;
// draft|returned → expired (the sweep, once D-SUB passed); an extension reopens it as it was (R-DL-2).
const DOSSIER_TRANSITIONS: Readonly<
  Record<DossierStatus, Partial<Record<DossierAction, DossierStatus | Reopened>>>
> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn', expire: 'expired' },
  returned: { submit: 'submitted', withdraw: 'withdrawn', expire: 'expired' },
  submitted: { return: 'returned', close: 'closed' },
  expired: { reopen: 'reopened' },
  closed: {},
  withdrawn: {},
};

// Nomination: draft → submitted → recommended | rejected | returned; returned → submitted;
// recommended → awarded | not_awarded; draft|submitted|returned → withdrawn.
const NOMINATION_TRANSITIONS: Readonly<
  Record<NominationStatus, Partial<Record<NominationAction, NominationStatus>>>
> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { recommend: 'recommended', reject: 'rejected', return: 'returned', withdraw: 'withdrawn' },
  returned: { submit: 'submitted', withdraw: 'withdrawn' },
  recommended: { award: 'awarded', not_award: 'not_awarded' },
  rejected: {},
  awarded: {},
  not_awarded: {},
  withdrawn: {},
};

const DOSSIER_ACTION_LABELS: Readonly<Record<DossierAction, LocalizedText>> = {
  submit: { vi: 'nộp', en: 'submit' },
  withdraw: { vi: 'rút', en: 'withdraw' },
  return: { vi: 'trả lại', en: 'return' },
  expire: { vi: 'đánh dấu quá hạn', en: 'expire' },
  reopen: { vi: 'mở lại', en: 'reopen' },
  close: { vi: 'kết thúc', en: 'close' },
};

const NOMINATION_ACTION_LABELS: Readonly<Record<NominationAction, LocalizedText>> = {
  submit: { vi: 'nộp', en: 'submit' },
  recommend: { vi: 'đề xuất khen thưởng', en: 'recommend' },
  reject: { vi: 'không đề xuất', en: 'reject' },
  return: { vi: 'trả lại', en: 'return' },
  award: { vi: 'khen thưởng', en: 'award' },
  not_award: { vi: 'không khen thưởng', en: 'not award' },
  withdraw: { vi: 'rút', en: 'withdraw' },
};

/**
 * The dossier status after an action. `reopen` returns an expired dossier to the status it expired from
 * (`opts.expiredFrom`, draft when unknown).
 */
export function nextDossierStatus(
  from: DossierStatus,
  action: DossierAction,
  opts?: { expiredFrom?: 'draft' | 'returned' },
): DossierStatus {
  const to = DOSSIER_TRANSITIONS[from][action];
  if (to === 'reopened') return opts?.expiredFrom ?? 'draft';
  if (to !== undefined) return to;
  const status = DOSSIER_STATUS_LABELS[from];
  const act = DOSSIER_ACTION_LABELS[action];
  throw new InvalidStateError(
    {
      vi: `Không thể ${act.vi} hồ sơ đang ở trạng thái “${status.vi}”`,
      en: `Cannot ${act.en} a dossier that is ${status.en}`,
    },
    [],
    { entity: 'dossier', status: from, action },
  );
}

/** The nomination status after an action. */
export function nextNominationStatus(from: NominationStatus, action: NominationAction): NominationStatus {
  const to = NOMINATION_TRANSITIONS[from][action];
  if (to !== undefined) return to;
  const status = NOMINATION_STATUS_LABELS[from];
  const act = NOMINATION_ACTION_LABELS[action];
  throw new InvalidStateError(
    {
      vi: `Không thể ${act.vi} đề nghị khen thưởng đang ở trạng thái “${status.vi}”`,
      en: `Cannot ${act.en} a nomination that is ${status.en}`,
    },
    [],
    { entity: 'nomination', status: from, action },
  );
}

/** SPEC §6: editing is allowed only in draft and returned. */
export function isEditable(status: DossierStatus | NominationStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/**
 * SPEC §1: appraisers and approvers read the dossiers that have been submitted — those now with them
 * (submitted, returned for correction, closed) and any that was once submitted. A draft never submitted,
 * and what a unit withdrew or let expire before submitting, stay the unit's own.
 */
export function seenByReviewers(dossier: {
  status: DossierStatus;
  submittedAt?: string | undefined;
}): boolean {
  return (
    dossier.status === 'submitted' ||
    dossier.status === 'returned' ||
    dossier.status === 'closed' ||
    dossier.submittedAt !== undefined
  );
}
