// What the deadline sweep reads and writes (R-SWEEP-1). Every read is a Query on a key or an index,
// never a scan: the round list, a round's extensions, the unit registry, a round's dossiers by status
// (the per-round status index); on D-REP reminder days the year's submitted movement reports are one
// Query of their own index (store/movement-reports.ts).

import type { StoredText } from '#domain/texts.ts';
import type { DossierStatus } from '#domain/types.ts';
import { SYSTEM_ACTOR, auditPut } from './audit.ts';
import { create, getItem, type Item, putVersioned, queryAll, strip, transact } from './db.ts';
import { type DossierRecord, dossierItem } from './dossiers.ts';
import { dossierKey, dossiersByRound, extensionsByRound, roundList, unitsByTier } from './keys.ts';
import { type NotificationRecord, pendingNotificationItem } from './notifications.ts';
import type { ExtensionRecord, RoundRecord } from './rounds.ts';
import type { UnitRecord } from './units.ts';

/** Every round (a few per campaign): the sweep decides from their deadlines which to look into. */
export async function allRounds(): Promise<RoundRecord[]> {
  return (await queryAll({ where: roundList.query({}) })).map((i) => strip<RoundRecord>(i));
}

export async function extensionsOf(roundId: string): Promise<ExtensionRecord[]> {
  const items = await queryAll({ where: extensionsByRound.query({ roundId }) });
  return items.map((i) => strip<ExtensionRecord>(i));
}

export async function allUnits(): Promise<UnitRecord[]> {
  return (await queryAll({ where: unitsByTier.query({}) })).map((i) => strip<UnitRecord>(i));
}

/** A round's dossiers in the given statuses (all statuses: 'all'), page by page through the status index. */
export async function dossiersOfRound(roundId: string, statuses: readonly DossierStatus[] | 'all') {
  const each = statuses === 'all' ? [undefined] : [...new Set(statuses)];
  const pages = await Promise.all(
    each.map((status) => queryAll({ where: dossiersByRound.query({ roundId, status }) })),
  );
  return pages.flat().map((i) => strip<DossierRecord>(i));
}

export async function readDossier(dossierId: string): Promise<DossierRecord | undefined> {
  const item = await getItem<Item>(dossierKey(dossierId));
  return item ? strip<DossierRecord>(item) : undefined;
}

/** The dossier moved on since it was read (another write, or another sweep expired it). */
export class DossierChanged extends Error {
  override readonly name = 'DossierChanged';
}
/** The expiry notice exists already: this very expiry was written before. */
export class AlreadyNotified extends Error {
  override readonly name = 'AlreadyNotified';
}

/**
 * SPEC §6: draft|returned → expired, as one transaction: the versioned dossier write, its audit record
 * (system actor) and the unit's notification (which waits in the outbox for its event).
 */
export async function writeExpiry(args: {
  dossier: DossierRecord;
  next: DossierRecord;
  notification: NotificationRecord;
  now: Date;
  reason: StoredText;
}): Promise<void> {
  const { dossier, next, notification, now, reason } = args;
  await transact([
    putVersioned(dossierItem(next), dossier.version, () => new DossierChanged()),
    auditPut(SYSTEM_ACTOR, now, {
      entityId: dossier.dossierId,
      entityType: 'dossier',
      action: 'expire',
      unitId: dossier.unitId,
      before: dossier,
      after: next,
      reason,
    }),
    create(pendingNotificationItem(notification), () => new AlreadyNotified()),
  ]);
}
