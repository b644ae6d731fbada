// Nominations in the store: each change of a nomination moves its dossier's version (touchDossier) and
// holds or frees its nominee's lock (R-DUP-1), with its audit record, in one transaction.

import { DuplicateNomineeError, ValidationError, versionConflict } from '#domain/errors.ts';
import { type Actor, auditPut } from './audit.ts';
import { create, putVersioned, remove, transact, type TxItem } from './db.ts';
import { type NominationRecord, nominationItem, refItem, touchDossier } from './dossiers.ts';
import { nominationKey, nomineeLockKey } from './keys.ts';

const duplicate = () =>
  new DuplicateNomineeError({
    vi: 'Đối tượng này đã có trong một đề nghị khen thưởng khác của đợt này (R-DUP-1).',
    en: 'This nominee already appears in another nomination of this round (R-DUP-1).',
  });

/**
 * A nominee's identity key (R-DUP-1) becomes the sort key of its lock. A name of 200 characters can grow
 * past DynamoDB's 1 024-byte key limit once normalised (NFC expands some letters into three), which the
 * store would refuse with a 500: refuse it as the bad input it is.
 */
export function assertLockable(nomineeKey: string): void {
  if (Buffer.byteLength(nomineeLockKey('', nomineeKey).sk, 'utf8') <= 1000) return;
  throw new ValidationError({ vi: 'Họ và tên quá dài.', en: 'The full name is too long.' }, [
    {
      path: 'body.nominee.fullName',
      message: { vi: 'quá dài sau khi chuẩn hoá Unicode', en: 'too long once Unicode-normalised' },
    },
  ]);
}

const lockOf = (n: NominationRecord) =>
  create(
    { ...nomineeLockKey(n.roundId, n.nomineeKey), entity: 'lock', nominationId: n.nominationId },
    duplicate,
  );

function audit(
  actor: Actor,
  now: Date,
  action: string,
  before: NominationRecord | null,
  after: NominationRecord | null,
) {
  const subject = (after ?? before) as NominationRecord;
  return auditPut(actor, now, {
    entityId: subject.nominationId,
    entityType: 'nomination',
    action,
    unitId: subject.proposingUnitId,
    before,
    after,
  });
}

interface Change {
  actor: Actor;
  now: Date;
  /** The error when the dossier stopped being editable meanwhile. */
  onDossierLocked: () => Error;
}

/** A new nomination: its nominee's lock (409 when taken), its id reference and audit record. */
export async function createNominationRecord(
  nomination: NominationRecord,
  change: Change & { idempotency?: TxItem | undefined },
): Promise<void> {
  const { actor, now } = change;
  await transact([
    touchDossier(nomination.dossierId, now, change.onDossierLocked),
    lockOf(nomination),
    create(nominationItem(nomination)),
    refItem(nomination.nominationId, 'nomination', nomination.dossierId),
    audit(actor, now, 'create', null, nomination),
    ...(change.idempotency ? [change.idempotency] : []),
  ]);
}

/** An edit; a nominee that changed identity frees its old lock and takes the new one. */
export async function saveNominationEdit(
  before: NominationRecord,
  after: NominationRecord,
  change: Change,
): Promise<void> {
  const { actor, now } = change;
  await transact([
    touchDossier(after.dossierId, now, change.onDossierLocked),
    putVersioned(nominationItem(after), before.version, versionConflict),
    audit(actor, now, 'update', before, after),
    ...(after.nomineeKey !== before.nomineeKey
      ? [remove(nomineeLockKey(before.roundId, before.nomineeKey)), lockOf(after)]
      : []),
  ]);
}

/** A deletion the domain decided: a draft erased, or a returned nomination withdrawn; the nominee freed. */
export async function saveNominationDeletion(
  before: NominationRecord,
  withdrawn: NominationRecord | undefined,
  change: Change,
): Promise<void> {
  const { actor, now } = change;
  const release = remove(nomineeLockKey(before.roundId, before.nomineeKey));
  await transact([
    touchDossier(before.dossierId, now, change.onDossierLocked),
    withdrawn
      ? putVersioned(nominationItem(withdrawn), before.version, versionConflict)
      : remove(
          nominationKey(before.dossierId, before.nominationId),
          '#v = :v',
          { names: { '#v': 'version' }, values: { ':v': before.version } },
          versionConflict,
        ),
    release,
    withdrawn ? audit(actor, now, 'withdraw', before, withdrawn) : audit(actor, now, 'delete', before, null),
  ]);
}
