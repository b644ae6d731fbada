// Nominations in the store: each change of a nomination moves its dossier's version and its count of
// live nominations (touchDossier), and holds or frees its nominee's locks (R-DUP-1), with its audit record,
// in one transaction.
//
// A nomination holds one lock per identity key (domain/nominee.ts: an individual's name key always, its
// citizen-id key too when given). A lock is created with attribute_not_exists, so however many requests
// race, one nomination holds a key. Editing a nominee frees the keys it drops; deleting a nomination frees
// all of them. Withdrawing a whole dossier leaves its nominations' locks in place (store/dossiers.ts keeps
// that transaction within DynamoDB's limits): a lock whose nomination is withdrawn, or gone, holds nothing,
// and the next nomination of that nominee takes it over on the condition that this is still so.

import { DuplicateNomineeError, ValidationError, versionConflict } from '#domain/errors.ts';
import { dossierFullError, isEditable, notEditableError } from '#domain/lifecycle.ts';
import { type Actor, auditPut } from './audit.ts';
import { check, create, getItem, put, putVersioned, remove, transact, type TxItem } from './db.ts';
import {
  type CountChange,
  type DossierRecord,
  dossierIdOf,
  dossierNotFound,
  type NominationRecord,
  nominationItem,
  refItem,
  rememberRef,
  touchDossier,
} from './dossiers.ts';
import { dossierKey, nominationKey, nomineeLockKey } from './keys.ts';

const duplicate = () =>
  new DuplicateNomineeError({
    vi: 'Đối tượng này đã có trong một đề nghị khen thưởng khác của đợt này.',
    en: 'This nominee already appears in another nomination of this round.',
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

/** The keys a stored nomination holds locks on (one stored before R-DUP-1 was revised holds its one key). */
export const heldKeys = (n: NominationRecord): readonly string[] =>
  n.nomineeKeys ?? (n.nomineeKey === undefined ? [] : [n.nomineeKey]);

/** Who a lock names. `dossierId` is missing on locks written before it was recorded. */
interface LockHolder {
  nominationId: string;
  dossierId?: string | undefined;
}

const lockItem = (n: NominationRecord, key: string) => ({
  ...nomineeLockKey(n.roundId, key),
  entity: 'lock',
  nominationId: n.nominationId,
  dossierId: n.dossierId,
});

const release = (n: NominationRecord, key: string) => remove(nomineeLockKey(n.roundId, key));

/**
 * The writes that give `n` the locks of `keys`: a free key is created (409 when taken meanwhile); a key
 * whose lock holds nothing any more (`stale`) is taken over, on the conditions that the lock still names
 * the same nomination and that this nomination is still withdrawn or gone (withdrawn is final).
 */
function lockWrites(
  n: NominationRecord,
  keys: readonly string[],
  stale: ReadonlyMap<string, Required<LockHolder>>,
): TxItem[] {
  const writes: TxItem[] = [];
  const checked = new Set<string>();
  for (const key of keys) {
    const old = stale.get(key);
    if (!old) {
      writes.push(create(lockItem(n, key), duplicate));
      continue;
    }
    writes.push(
      put(
        lockItem(n, key),
        '#n = :old',
        { names: { '#n': 'nominationId' }, values: { ':old': old.nominationId } },
        duplicate,
      ),
    );
    if (checked.has(old.nominationId)) continue;
    checked.add(old.nominationId);
    writes.push(
      check(
        nominationKey(old.dossierId, old.nominationId),
        'attribute_not_exists(pk) OR #s = :withdrawn',
        { names: { '#s': 'status' }, values: { ':withdrawn': 'withdrawn' } },
        duplicate,
      ),
    );
  }
  return writes;
}

/**
 * After a lock refused `n`: which of its keys are held by a nomination that is withdrawn or gone (and may
 * be taken over). A key held by a live nomination is the duplicate it looked like.
 */
async function staleLocks(
  n: NominationRecord,
  keys: readonly string[],
): Promise<Map<string, Required<LockHolder>>> {
  const stale = new Map<string, Required<LockHolder>>();
  for (const key of keys) {
    const lock = await getItem<LockHolder>(nomineeLockKey(n.roundId, key));
    if (!lock || lock.nominationId === n.nominationId) continue;
    const dossierId = lock.dossierId ?? (await dossierIdOf(lock.nominationId, 'nomination'));
    if (!dossierId) throw duplicate();
    const holder = await getItem<{ status: string }>(nominationKey(dossierId, lock.nominationId));
    if (holder && holder.status !== 'withdrawn') throw duplicate();
    stale.set(key, { nominationId: lock.nominationId, dossierId });
  }
  return stale;
}

/**
 * One transaction: `others` and the locks of `keys` for `n`. A refused lock is looked at once: held by a
 * live nomination it is a 409; left by a withdrawn one it is taken over in a second attempt (a third
 * covers a lock freed or taken between the reads and the write).
 */
async function transactWithLocks(
  n: NominationRecord,
  keys: readonly string[],
  others: () => TxItem[],
): Promise<void> {
  let stale = new Map<string, Required<LockHolder>>();
  for (let attempt = 1; ; attempt++) {
    try {
      await transact([...others(), ...lockWrites(n, keys, stale)]);
      return;
    } catch (error) {
      if (!(error instanceof DuplicateNomineeError) || attempt >= 3 || keys.length === 0) throw error;
      stale = await staleLocks(n, keys);
    }
  }
}

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

/** The dossier refused the change (touchDossier's condition): read again why. */
class DossierRefused extends Error {
  override readonly name = 'DossierRefused';
}

/**
 * Runs a change whose touchDossier may refuse it, and explains a refusal from the dossier as it is now:
 * no longer editable (SPEC §6), or — for a new nomination — full (R-DOS-5).
 */
async function explained(dossierId: string, adding: boolean, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof DossierRefused)) throw error;
    const current = await getItem<DossierRecord>(dossierKey(dossierId));
    if (!current) throw dossierNotFound();
    if (!adding || !isEditable(current.status)) throw notEditableError(current.status);
    throw dossierFullError();
  }
}

interface Change {
  actor: Actor;
  now: Date;
  /** The dossier's nominations not withdrawn, as read before the change (R-DOS-5). */
  live: number;
}

const touch = (dossierId: string, now: Date, count?: CountChange) =>
  touchDossier(dossierId, now, () => new DossierRefused(), count);

/**
 * A new nomination: a place in its dossier (409 when full, R-DOS-5), its nominee's locks (409 when taken,
 * R-DUP-1), its id reference and audit record.
 */
export async function createNominationRecord(
  nomination: NominationRecord,
  change: Change & { idempotency?: TxItem | undefined },
): Promise<void> {
  const { actor, now } = change;
  await explained(nomination.dossierId, true, () =>
    transactWithLocks(nomination, heldKeys(nomination), () => [
      touch(nomination.dossierId, now, { delta: 1, counted: change.live }),
      create(nominationItem(nomination)),
      refItem(nomination.nominationId, 'nomination', nomination),
      audit(actor, now, 'create', null, nomination),
      ...(change.idempotency ? [change.idempotency] : []),
    ]),
  );
  rememberRef(nomination.nominationId, 'nomination', nomination);
}

/** An edit; a nominee that changed identity frees the keys it dropped and takes the new ones. */
export async function saveNominationEdit(
  before: NominationRecord,
  after: NominationRecord,
  change: Omit<Change, 'live'>,
): Promise<void> {
  const { actor, now } = change;
  const kept = new Set(heldKeys(before));
  const wanted = new Set(heldKeys(after));
  await explained(after.dossierId, false, () =>
    transactWithLocks(
      after,
      [...wanted].filter((k) => !kept.has(k)),
      () => [
        touch(after.dossierId, now),
        putVersioned(nominationItem(after), before.version, versionConflict),
        audit(actor, now, 'update', before, after),
        ...[...kept].filter((k) => !wanted.has(k)).map((k) => release(before, k)),
      ],
    ),
  );
}

/**
 * A deletion the domain decided: a draft erased, or a returned nomination withdrawn; either way it leaves
 * the dossier's count and frees its nominee's keys.
 */
export async function saveNominationDeletion(
  before: NominationRecord,
  withdrawn: NominationRecord | undefined,
  change: Change,
): Promise<void> {
  const { actor, now } = change;
  await explained(before.dossierId, false, () =>
    transact([
      touch(before.dossierId, now, { delta: -1, counted: change.live }),
      withdrawn
        ? putVersioned(nominationItem(withdrawn), before.version, versionConflict)
        : remove(
            nominationKey(before.dossierId, before.nominationId),
            '#v = :v',
            { names: { '#v': 'version' }, values: { ':v': before.version } },
            versionConflict,
          ),
      ...heldKeys(before).map((k) => release(before, k)),
      withdrawn
        ? audit(actor, now, 'withdraw', before, withdrawn)
        : audit(actor, now, 'delete', before, null),
    ]),
  );
}
