// Appraisal in the store: one transaction per appraisal (the nomination, the dossier it returns or the
// check that the dossier is still under appraisal, the round still open, the audit records), and the
// appraisal report's stamp on the round.

import { versionConflict } from '#domain/errors.ts';
import { type Actor, auditPut } from './audit.ts';
import { check, putVersioned, transact, type TxItem } from './db.ts';
import { type DossierRecord, dossierItem, type NominationRecord, nominationItem } from './dossiers.ts';
import { dossierKey } from './keys.ts';
import { type RoundRecord, roundIsOpen, roundItem } from './rounds.ts';

/** The dossier moved between the read and the write: read again and decide again. */
export class DossierMoved extends Error {
  override readonly name = 'DossierMoved';
}

export async function saveAppraisal(args: {
  before: NominationRecord;
  after: NominationRecord;
  /** The dossier as read, and its next state when the appraisal returns it. */
  dossier: DossierRecord;
  returned?: { dossier: DossierRecord; action: 'return' | 'add_return_reason' } | undefined;
  reason: string | undefined;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { before, after, dossier, returned, reason, actor, now } = args;
  const writes: TxItem[] = [
    roundIsOpen(after.roundId),
    putVersioned(nominationItem(after), before.version, versionConflict),
    auditPut(actor, now, {
      entityId: after.nominationId,
      entityType: 'nomination',
      action: after.appraisal?.decision ?? 'appraise',
      unitId: after.proposingUnitId,
      before,
      after,
      reason,
    }),
  ];
  if (returned) {
    writes.push(
      putVersioned(dossierItem(returned.dossier), dossier.version, () => new DossierMoved()),
      auditPut(actor, now, {
        entityId: dossier.dossierId,
        entityType: 'dossier',
        action: returned.action,
        unitId: dossier.unitId,
        before: dossier,
        after: returned.dossier,
        reason,
      }),
    );
  } else {
    writes.push(
      check(
        dossierKey(dossier.dossierId),
        '#s IN (:submitted, :returned)',
        { names: { '#s': 'status' }, values: { ':submitted': 'submitted', ':returned': 'returned' } },
        () => new DossierMoved(),
      ),
    );
  }
  await transact(writes);
}

/** Stamps the round with the sending of its appraisal report, with the list it sent in the audit record. */
export async function saveAppraisalReport(args: {
  before: RoundRecord;
  after: RoundRecord;
  sent: { recommended: string[]; cells: unknown };
  note: string | undefined;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { before, after } = args;
  await transact([
    putVersioned(roundItem(after), before.version, versionConflict),
    auditPut(args.actor, args.now, {
      entityId: after.roundId,
      entityType: 'round',
      action: 'appraisal_report',
      before: { appraisalReportAt: before.appraisalReportAt ?? null },
      after: { appraisalReportAt: after.appraisalReportAt, ...args.sent },
      reason: args.note,
    }),
  ]);
}
