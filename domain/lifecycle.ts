// The lifecycles of dossiers and nominations (SPEC §6) as transition tables: every allowed move is one
// entry; anything else is an InvalidStateError naming the status and the action.

import { assertCampaignConsistent } from './campaign.ts';
import { assertComplete } from './completeness.ts';
import { assertBeforeSubmissionDeadline, assertCanSubmit } from './deadlines.ts';
import { InvalidStateError, versionConflict } from './errors.ts';
import { DOSSIER_STATUS_LABELS, NOMINATION_STATUS_LABELS } from './labels.ts';
import type {
  CampaignDefinition,
  DocumentRef,
  DossierStatus,
  LocalizedText,
  NominationContent,
  NominationStatus,
  Round,
  UnitExtension,
} from './types.ts';

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
// recommended → awarded | not_awarded; draft|submitted|returned → withdrawn. An appraisal is revised
// (R-APP-1) by recommended → rejected | returned and rejected → recommended — only until the round's
// appraisal report carries it, which appraisal.ts judges (prepareAppraisal).
const NOMINATION_TRANSITIONS: Readonly<
  Record<NominationStatus, Partial<Record<NominationAction, NominationStatus>>>
> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { recommend: 'recommended', reject: 'rejected', return: 'returned', withdraw: 'withdrawn' },
  returned: { submit: 'submitted', withdraw: 'withdrawn' },
  recommended: { reject: 'rejected', return: 'returned', award: 'awarded', not_award: 'not_awarded' },
  rejected: { recommend: 'recommended' },
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

/** A dossier's or nomination's status as people name it. */
const statusLabel = (status: DossierStatus | NominationStatus): LocalizedText =>
  (DOSSIER_STATUS_LABELS as Readonly<Record<string, LocalizedText>>)[status] ??
  NOMINATION_STATUS_LABELS[status as NominationStatus];

/** SPEC §6: the refusal of an edit of a dossier that is neither a draft nor returned. */
export const notEditableError = (status: DossierStatus | NominationStatus) =>
  new InvalidStateError({
    vi: `Hồ sơ đang ở trạng thái “${statusLabel(status).vi}”: chỉ sửa được khi là bản nháp hoặc bị trả lại.`,
    en: `The dossier is ${statusLabel(status).en}: it can be edited only as a draft or when returned.`,
  });

/** SPEC §6: an edit of a dossier needs it editable and the caller's version current. */
export function assertEditable(
  dossier: { status: DossierStatus } & Versioned,
  expectedVersion: number,
): void {
  if (!isEditable(dossier.status)) throw notEditableError(dossier.status);
  assertVersion(dossier, expectedVersion);
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

// ---- The decisions of a lifecycle step: what the next records are, or a named error ----
// Each function takes what was read and the server's clock and returns the records to write; the store
// turns them into one transaction (conditions, audit, locks). Records keep their other fields.

/** What every stored record carries for optimistic concurrency (SPEC §6). */
export interface Versioned {
  version: number;
  updatedAt: string;
}

export interface DossierState extends Versioned {
  status: DossierStatus;
  submittedAt?: string | undefined;
  returnReasons?: readonly ReturnReason[] | undefined;
}

export interface NominationState extends Versioned {
  nominationId: string;
  status: NominationStatus;
}

export interface ReturnReason {
  nominationId: string;
  reason: string;
}

/**
 * The record after a change: the given fields changed (status, stamps), version + 1, updatedAt now.
 * Records keep every other field, whatever else their type carries.
 */
export const advance = <T extends Versioned>(
  record: T,
  changes: Readonly<Record<string, unknown>>,
  now: Date,
): T => ({
  ...record,
  ...changes,
  version: record.version + 1,
  updatedAt: now.toISOString(),
});

/** SPEC §6: the nominations that go with their dossier when it is submitted (first time or again). */
export const MOVES_ON_SUBMIT: ReadonlySet<NominationStatus> = new Set(['draft', 'returned']);
/** SPEC §6: final nominations a withdrawal leaves as they are; every other one is withdrawn with it. */
export const KEPT_ON_WITHDRAW: ReadonlySet<NominationStatus> = new Set([
  'withdrawn',
  'rejected',
  'not_awarded',
]);

export interface DossierStep<D, N> {
  dossier: D;
  /** The nominations that change with the dossier, in their order; the others stay as they are. */
  nominations: N[];
}

const moveAll = <N extends NominationState>(
  nominations: readonly N[],
  action: NominationAction,
  now: Date,
): N[] => nominations.map((n) => advance(n, { status: nextNominationStatus(n.status, action) }, now));

/** SPEC §6: a change names the version it was made on (If-Match); a stale one changes nothing. */
export function assertVersion(record: Versioned, expected: number): void {
  if (record.version !== expected) throw versionConflict();
}

/**
 * Submitting a draft or returned dossier (SPEC §6), judged in this order: the status allows it, the
 * caller's version is current, the deadline holds by the server's clock (R-DL-1, with the unit's or the
 * round's extension, R-DL-2), and the dossier is complete (R-DOS-3). The dossier becomes `submitted` with
 * `submittedAt`, the reasons of a return are answered (the audit trail keeps them), and its draft and
 * returned nominations go to the appraisers with it; submitted, appraised and withdrawn ones stay.
 */
export function submitDossier<D extends DossierState, N extends NominationState & NominationContent>(args: {
  dossier: D;
  nominations: readonly N[];
  documents: readonly DocumentRef[];
  round: Round;
  campaign: CampaignDefinition;
  extension: UnitExtension | undefined;
  expectedVersion: number;
  now: Date;
}): DossierStep<D, N> {
  const { dossier, nominations, round, now } = args;
  const status = nextDossierStatus(dossier.status, 'submit');
  assertVersion(dossier, args.expectedVersion);
  assertRoundOpen(round);
  assertCanSubmit({
    now,
    round,
    campaign: args.campaign,
    extension: args.extension,
    dossierStatus: dossier.status,
  });
  assertComplete({
    nominations: nominations.map((n) => ({ nominationId: n.nominationId, status: n.status, content: n })),
    documents: args.documents,
    roundKind: round.kind,
  });
  return {
    dossier: advance(dossier, { status, submittedAt: now.toISOString(), returnReasons: undefined }, now),
    nominations: moveAll(
      nominations.filter((n) => MOVES_ON_SUBMIT.has(n.status)),
      'submit',
      now,
    ),
  };
}

/**
 * Withdrawing a draft or returned dossier (SPEC §6): every nomination not already final is withdrawn
 * with it — an appraised one still open (recommended, awarded) cannot be, so the whole withdrawal is
 * refused. Each withdrawn nomination frees its nominee (R-DUP-1) and the unit may open a new dossier.
 */
export function withdrawDossier<D extends DossierState, N extends NominationState>(args: {
  dossier: D;
  nominations: readonly N[];
  expectedVersion: number;
  now: Date;
}): DossierStep<D, N> {
  const { dossier, now } = args;
  const status = nextDossierStatus(dossier.status, 'withdraw');
  assertVersion(dossier, args.expectedVersion);
  return {
    dossier: advance(dossier, { status }, now),
    nominations: moveAll(
      args.nominations.filter((n) => !KEPT_ON_WITHDRAW.has(n.status)),
      'withdraw',
      now,
    ),
  };
}

/**
 * SPEC §6: returning one nomination returns its whole dossier to the unit, with the reasons listed per
 * nomination. A dossier already returned by an earlier `return` of the same appraisal stays returned and
 * gains the new reason; a fresh return starts the list anew. `action` names the step for the audit trail.
 */
export function returnDossier<D extends DossierState>(
  dossier: D,
  returned: ReturnReason,
  now: Date,
): { dossier: D; action: 'return' | 'add_return_reason' } {
  const fresh = dossier.status !== 'returned';
  // A dossier neither submitted nor already returned is not under appraisal: the lifecycle refuses it.
  const status = fresh ? nextDossierStatus(dossier.status, 'return') : dossier.status;
  const returnReasons = [...(fresh ? [] : (dossier.returnReasons ?? [])), returned];
  return {
    dossier: advance(dossier, { status, returnReasons }, now),
    action: fresh ? 'return' : 'add_return_reason',
  };
}

/**
 * Closing a round (seed III.4, after the Chairman's decision), one record at a time: a recommended
 * nomination not granted becomes `not_awarded`, a submitted dossier `closed`.
 */
export const notAward = <N extends NominationState>(n: N, now: Date): N =>
  advance(n, { status: nextNominationStatus(n.status, 'not_award') }, now);

export const closeDossier = <D extends DossierState>(d: D, now: Date): D =>
  advance(d, { status: nextDossierStatus(d.status, 'close') }, now);

/**
 * A round once closing has begun (seed III.4: the Chairman decided its awards): it takes no more dossiers,
 * nominations or submissions, and nothing more is appraised or granted in it.
 */
export const roundClosedError = () =>
  new InvalidStateError({
    vi: 'Đợt khen thưởng này đã kết thúc: không nhận thêm hồ sơ, không thẩm định hay khen thưởng thêm.',
    en: 'This round is closed: it takes no more dossiers, appraisals or awards.',
  });

export function assertRoundOpen(round: { roundId: string; closedAt?: string | undefined }): void {
  if (round.closedAt) throw roundClosedError();
}

/**
 * Closing begins by stamping `closedAt` on the round, once: a round already closing keeps its stamp
 * (`changed: false`), so closing again only finishes what the first run left.
 */
export function closeRound<R extends Versioned & { closedAt?: string | undefined }>(
  round: R,
  now: Date,
): { round: R; changed: boolean } {
  if (round.closedAt) return { round, changed: false };
  return { round: advance(round, { closedAt: now.toISOString() }, now), changed: true };
}

// ---- Nominations inside an editable dossier ----

/**
 * R-DOS-5: the largest dossier. Submitting or withdrawing moves a whole dossier in one transaction (≤ 100
 * items, ≤ 4 MB: each nomination and its audit record), so a dossier holds at most this many nominations
 * that are not withdrawn — far above the plan's quotas (at most 24 awards in a cell).
 */
export const MAX_NOMINATIONS_PER_DOSSIER = 32;

/** R-DOS-5: the dossier already holds as many nominations as it may. */
export const dossierFullError = () =>
  new InvalidStateError(
    {
      vi: `Mỗi hồ sơ có tối đa ${MAX_NOMINATIONS_PER_DOSSIER} đề nghị khen thưởng (không tính đề nghị đã rút); hồ sơ này đã đủ.`,
      en: `A dossier holds at most ${MAX_NOMINATIONS_PER_DOSSIER} nominations (withdrawn ones aside); this one is full.`,
    },
    [],
    { max: MAX_NOMINATIONS_PER_DOSSIER },
  );

/**
 * A new nomination needs, in this order: an editable dossier (SPEC §6); when the dossier was returned, the
 * unit's D-SUB not passed yet — after it a returned dossier only corrects what was returned (R-DL-1;
 * editing the returned nominations stays allowed until the appraisal deadline); and room in the dossier
 * (R-DOS-5, withdrawn nominations do not count). The store enforces the room again under concurrency.
 */
export function assertCanAddNomination(args: {
  dossier: { status: DossierStatus };
  nominations: readonly { status: NominationStatus }[];
  round: Round;
  extension: UnitExtension | undefined;
  now: Date;
}): void {
  const { dossier } = args;
  if (!isEditable(dossier.status)) throw notEditableError(dossier.status);
  assertRoundOpen(args.round);
  if (dossier.status === 'returned') assertBeforeSubmissionDeadline(args);
  if (args.nominations.filter((n) => n.status !== 'withdrawn').length >= MAX_NOMINATIONS_PER_DOSSIER) {
    throw dossierFullError();
  }
}

/** SPEC §6: a nomination is edited while both it and its dossier are draft or returned, at its version. */
export function assertNominationEditable(
  dossier: { status: DossierStatus },
  nomination: { status: NominationStatus } & Versioned,
  expectedVersion: number,
): void {
  if (!isEditable(dossier.status)) throw notEditableError(dossier.status);
  if (!isEditable(nomination.status)) throw notEditableError(nomination.status);
  assertVersion(nomination, expectedVersion);
}

/**
 * Deleting a nomination of an editable dossier (SPEC §6): a draft never submitted is erased (its audit
 * record remains); a returned one has a history with the appraisers, so it is withdrawn, not erased.
 * Either way its nominee is free again (R-DUP-1). Anything else cannot be deleted.
 */
export function deleteNomination<N extends NominationState>(
  dossier: { status: DossierStatus },
  nomination: N,
  expectedVersion: number,
  now: Date,
): { erase: true } | { erase: false; nomination: N } {
  if (!isEditable(dossier.status)) throw notEditableError(dossier.status);
  assertVersion(nomination, expectedVersion);
  if (nomination.status === 'draft') return { erase: true };
  if (!isEditable(nomination.status)) {
    throw new InvalidStateError({
      vi: `Không xoá được đề nghị đang ở trạng thái “${NOMINATION_STATUS_LABELS[nomination.status].vi}”.`,
      en: `A nomination that is ${NOMINATION_STATUS_LABELS[nomination.status].en} cannot be deleted.`,
    });
  }
  return {
    erase: false,
    nomination: advance(nomination, { status: nextNominationStatus(nomination.status, 'withdraw') }, now),
  };
}

/**
 * SPEC §6: an extension reopens an expired dossier as it was (draft or returned), when the deadline that
 * closed it is again in the future (the sweep's mayReopen decides that).
 */
export function reopenDossier<D extends DossierState & { expiredFrom?: 'draft' | 'returned' | undefined }>(
  dossier: D,
  now: Date,
): D {
  const expiredFrom = dossier.expiredFrom ?? 'draft';
  return advance(
    dossier,
    { status: nextDossierStatus(dossier.status, 'reopen', { expiredFrom }), expiredFrom: undefined },
    now,
  );
}

// ---- Campaigns (R-CAMP-2) ----

/**
 * R-CAMP-2: a campaign edited at the version the admin read (412 otherwise): the changes applied and the
 * whole result checked again. Rounds created before keep the rules they copied.
 */
export function reviseCampaign<C extends CampaignDefinition & Versioned>(
  before: C,
  changes: Partial<Omit<CampaignDefinition, 'campaignId'>>,
  expectedVersion: number,
  now: Date,
): C {
  if (before.version !== expectedVersion) throw versionConflict();
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const after = advance(before, given, now);
  assertCampaignConsistent(after);
  return after;
}
