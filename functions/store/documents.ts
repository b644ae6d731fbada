// Documents in the store: a declared document moves its dossier's version (touchDossier), gets an id
// reference and its audit record, in one transaction; a verification's verdict likewise (the judging:
// functions/lib/verify-document.ts). R-DOC-3: both writes hold only while the statuses they were decided
// on still hold, so a submit or an appraisal racing them cannot let a document slip into frozen evidence.

import type { StoredText } from '#domain/texts.ts';
import { EVIDENCE_OPEN_STATUSES } from '#domain/evidence.ts';
import type { DossierStatus, NominationStatus } from '#domain/types.ts';
import { type Actor, auditedReplace, auditPut } from './audit.ts';
import { check, create, getItem, type Item, transact, type TxItem } from './db.ts';
import { type DocumentRecord, documentItem, refItem, rememberRef, touchDossier } from './dossiers.ts';
import { dossierKey, nominationKey, refKey } from './keys.ts';

/** `#s IN (:s0, :s1, …)` over a list of statuses, with its values. */
function statusIn(statuses: readonly string[]) {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return { condition: `#s IN (${Object.keys(values).join(', ')})`, values };
}

/** R-DOC-3: the nomination a document belongs to still takes evidence (draft or returned). */
const nominationOpen = (dossierId: string, nominationId: string, onFail: () => Error) => {
  const { condition, values } = statusIn(EVIDENCE_OPEN_STATUSES.nomination);
  return check(
    nominationKey(dossierId, nominationId),
    condition,
    { names: { '#s': 'status' }, values },
    onFail,
  );
};

export async function createDocumentRecord(
  document: DocumentRecord,
  change: {
    actor: Actor;
    now: Date;
    /** The refusal when the dossier or the document's nomination stopped taking evidence meanwhile. */
    onFrozen: () => Error;
    idempotency?: TxItem | undefined;
  },
): Promise<void> {
  const { actor, now } = change;
  await transact([
    touchDossier(document.dossierId, now, change.onFrozen),
    ...(document.nominationId !== undefined
      ? [nominationOpen(document.dossierId, document.nominationId, change.onFrozen)]
      : []),
    create(documentItem(document)),
    refItem(document.documentId, 'document', document),
    declarationAudit(actor, now, document),
    ...(change.idempotency ? [change.idempotency] : []),
  ]);
  rememberRef(document.documentId, 'document', document);
}

/** The audit record of a document's declaration (a dossier's or a movement report's). */
export const declarationAudit = (
  actor: Actor,
  now: Date,
  document: { documentId: string; unitId: string },
): TxItem =>
  auditPut(actor, now, {
    entityId: document.documentId,
    entityType: 'document',
    action: 'declare',
    unitId: document.unitId,
    before: null,
    after: document,
  });

/** Another writer changed the document, its dossier or its nomination between the read and the write. */
export class DocumentChanged extends Error {
  override readonly name = 'DocumentChanged';
}

const changed = () => new DocumentChanged();

/** What a verdict was decided on: the statuses read, and whether they let evidence change (R-DOC-3). */
export interface VerdictBasis {
  open: boolean;
  dossierStatus: DossierStatus;
  /** The status of the document's nomination as read; undefined when it no longer exists. */
  nominationStatus?: NominationStatus | undefined;
}

/**
 * The statuses a verdict was decided on must still hold when it is written. Decided open: the dossier and
 * the nomination still take evidence, and the dossier's version moves (a submit prepared from an older
 * read then fails instead of missing the change). Decided frozen: they are still the ones read, so a
 * dossier returned meanwhile is judged again rather than refused for being late.
 */
function basisHolds(document: DocumentRecord, basis: VerdictBasis, now: Date): TxItem[] {
  const { dossierId, nominationId } = document;
  if (basis.open) {
    return [
      touchDossier(dossierId, now, changed),
      ...(nominationId !== undefined ? [nominationOpen(dossierId, nominationId, changed)] : []),
    ];
  }
  const same = (status: string) => ({ names: { '#s': 'status' }, values: { ':s': status } });
  return [
    check(dossierKey(dossierId), '#s = :s', same(basis.dossierStatus), changed),
    ...(nominationId === undefined
      ? []
      : basis.nominationStatus === undefined
        ? [check(nominationKey(dossierId, nominationId), 'attribute_not_exists(pk)', {}, changed)]
        : [check(nominationKey(dossierId, nominationId), '#s = :s', same(basis.nominationStatus), changed)]),
  ];
}

/**
 * A verification's verdict (verified or rejected) written over the document as read, with its audit record
 * (the reason, in both languages, on a rejection): the pair a dossier's document and a movement report's
 * share (store/movement-reports.ts).
 */
export function verdictWrites<
  D extends {
    documentId: string;
    unitId: string;
    status: string;
    version: number;
    reason?: StoredText | undefined;
  },
>(item: Item, before: D, after: D, actor: Actor, now: Date, onChanged: () => Error): TxItem[] {
  // The audit trail keeps the verdict's reason as stored, rendered in the reader's language (R-I18N-1).
  const reason = after.reason;
  return auditedReplace(item, before.version, onChanged, {
    actor,
    now,
    entityId: after.documentId,
    entityType: 'document',
    action: after.status === 'verified' ? 'verify' : 'reject',
    unitId: after.unitId,
    before,
    after,
    ...(reason ? { reason } : {}),
  });
}

/** Records a verification's verdict (verified or rejected) with its audit record, on the basis it was decided. */
export async function saveVerdict(args: {
  before: DocumentRecord;
  after: DocumentRecord;
  basis: VerdictBasis;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { before, after, now } = args;
  await transact([
    ...verdictWrites(documentItem(after), before, after, args.actor, now, changed),
    ...basisHolds(after, args.basis, now),
  ]);
}
/** Where a document id belongs (its id reference, read consistently): a dossier or a movement report. */
export type DocumentOwner =
  | { kind: 'dossier'; dossierId: string }
  | { kind: 'movement_report'; unitId: string; year: number };

export async function documentOwnerOf(documentId: string): Promise<DocumentOwner | undefined> {
  const ref = await getItem<{ kind?: string; dossierId?: string; unitId?: string; year?: number }>(
    refKey(documentId),
  );
  if (ref?.kind === 'document' && ref.dossierId) return { kind: 'dossier', dossierId: ref.dossierId };
  if (ref?.kind === 'report_document' && ref.unitId && typeof ref.year === 'number')
    return { kind: 'movement_report', unitId: ref.unitId, year: ref.year };
  return undefined;
}
