// Documents in the store: a declared document moves its dossier's version (touchDossier), gets an id
// reference and its audit record, in one transaction. Verification: functions/lib/verify-document.ts.

import { type Actor, auditPut } from './audit.ts';
import { create, transact, type TxItem } from './db.ts';
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
