// Documents in the store: a declared document moves its dossier's version (touchDossier), gets an id
// reference and its audit record, in one transaction; a verification's verdict likewise (the judging:
// functions/lib/verify-document.ts).

import { isEditable } from '#domain/lifecycle.ts';
import type { DossierStatus } from '#domain/types.ts';
import { type Actor, auditPut } from './audit.ts';
import { create, putVersioned, transact, type TxItem } from './db.ts';
import { type DocumentRecord, documentItem, refItem, touchDossier } from './dossiers.ts';

export async function createDocumentRecord(
  document: DocumentRecord,
  change: { actor: Actor; now: Date; onDossierLocked: () => Error; idempotency?: TxItem | undefined },
): Promise<void> {
  const { actor, now } = change;
  await transact([
    touchDossier(document.dossierId, now, change.onDossierLocked),
    create(documentItem(document)),
    refItem(document.documentId, 'document', document.dossierId),
    auditPut(actor, now, {
      entityId: document.documentId,
      entityType: 'document',
      action: 'declare',
      unitId: document.unitId,
      before: null,
      after: document,
    }),
    ...(change.idempotency ? [change.idempotency] : []),
  ]);
}

/** Another writer changed the document or its dossier between the read and the write. */
export class DocumentChanged extends Error {
  override readonly name = 'DocumentChanged';
}

/**
 * Records a verification's verdict (verified or rejected) with its audit record. The verdict changes what
 * the dossier holds: while it is editable its version moves, so a submit prepared from an older read
 * fails instead of missing the change. A closed dossier keeps its version.
 */
export async function saveVerdict(args: {
  before: DocumentRecord;
  after: DocumentRecord;
  dossierStatus: DossierStatus;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { before, after, now } = args;
  await transact([
    putVersioned(documentItem(after), before.version, () => new DocumentChanged()),
    auditPut(args.actor, now, {
      entityId: after.documentId,
      entityType: 'document',
      action: after.status === 'verified' ? 'verify' : 'reject',
      unitId: after.unitId,
      before,
      after,
      ...(after.reason ? { reason: after.reason } : {}),
    }),
    ...(isEditable(args.dossierStatus)
      ? [touchDossier(after.dossierId, now, () => new DocumentChanged())]
      : []),
  ]);
}
