// A caller's notifications: those addressed to its unit (unit officers) or to its roles.

import { NotFoundError } from '#domain/errors.ts';
import * as routes from '../routes.ts';
import type { Addressee } from '../store/keys.ts';
import { getNotification, listNotifications, markRead, type NotificationRecord } from '../store/notifications.ts';
import { transact } from '../store/db.ts';
import { lambdaHandler, on } from './handler.ts';
import type { Principal } from './principal.ts';

/** Unit officers read their unit's notifications; other roles read their role's. */
const addresseesOf = (p: Principal): Addressee[] => [
  ...(p.roles.includes('unit_officer') && p.unitId ? [{ unitId: p.unitId }] : []),
  ...p.roles.filter((r) => r !== 'unit_officer').map((role) => ({ role })),
];

const present = ({ message, ...n }: NotificationRecord, lang: 'vi' | 'en') => ({ ...n, message: message[lang] });

const notFound = () => new NotFoundError({ vi: 'Không tìm thấy thông báo.', en: 'Notification not found.' });

export const handler = lambdaHandler([
  on(routes.listNotifications, async ({ query, principal, lang }) => {
    const addressee = addresseesOf(principal)[0];
    if (!addressee) return { body: { items: [] } };
    const page = await listNotifications(addressee, query.limit, query.nextToken);
    const items = page.items
      .filter((n) => query.unread === undefined || n.read === (query.unread === 'false'))
      .map((n) => present(n, lang));
    return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
  }),

  on(routes.readNotification, async ({ params, principal, lang }) => {
    for (const addressee of addresseesOf(principal)) {
      const found = await getNotification(addressee, params.notificationId);
      if (!found) continue;
      await transact([{ item: markRead(addressee, params.notificationId).item }]);
      return { body: present({ ...found, read: true }, lang) };
    }
    throw notFound();
  }),
]);
