// Stored notifications (SPEC §7), one item per addressee (a unit or a role), under a deterministic id
// so that a sweep run twice for the same instant writes each notification once.

import { getItem, type Item, queryPage, strip, update } from './db.ts';
import { type Addressee, addresseeId, notificationIndexKeys, notificationKey } from './keys.ts';

export type NotificationKind =
  | 'submission_reminder'
  | 'report_reminder'
  | 'appraisal_reminder'
  | 'dossier_expired'
  | 'appraisal_overdue';

export interface NotificationRecord {
  notificationId: string;
  kind: NotificationKind;
  roundId: string;
  unitId?: string | undefined;
  role?: string | undefined;
  dueAt: string;
  daysBefore?: number | undefined;
  message: { vi: string; en: string };
  createdAt: string;
  read: boolean;
}

export const addresseeOf = (n: Pick<NotificationRecord, 'unitId' | 'role'>): Addressee =>
  n.unitId !== undefined ? { unitId: n.unitId } : { role: n.role ?? 'admin' };

export const notificationItem = (n: NotificationRecord): Item => ({
  ...notificationKey(addresseeOf(n), n.notificationId),
  ...notificationIndexKeys(addresseeOf(n), n.createdAt, n.notificationId),
  entity: 'notification',
  ...n,
});

export async function listNotifications(addressee: Addressee, limit: number, nextToken: string | undefined) {
  const page = await queryPage({ index: 'gsi1', pk: `NOTIFS#${addresseeId(addressee)}`, limit, nextToken, newestFirst: true });
  return { items: page.items.map((i) => strip<NotificationRecord>(i)), nextToken: page.nextToken };
}

export async function getNotification(addressee: Addressee, notificationId: string) {
  const item = await getItem(notificationKey(addressee, notificationId));
  return item ? strip<NotificationRecord>(item) : undefined;
}

export const markRead = (addressee: Addressee, notificationId: string) =>
  update(notificationKey(addressee, notificationId), 'SET #r = :true', {
    condition: 'attribute_exists(pk)',
    names: { '#r': 'read' },
    values: { ':true': true },
  });
