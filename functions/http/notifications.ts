// A caller's notifications: those addressed to its unit (unit officers) or to its roles (SPEC §7:
// "readable through the API by the units and roles they address").

import { renderText } from '#domain/texts.ts';
import { NotFoundError } from '#domain/errors.ts';
import * as routes from '../routes/notifications.ts';
import {
  type Addressee,
  getNotification,
  listNotifications,
  markRead,
  type NotificationRecord,
} from '../store/notifications.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import type { Principal } from '../pipeline/principal.ts';

/**
 * Unit officers read their unit's notifications; other roles read their role's. A caller holding several
 * roles (say appraiser and admin) reads all of them, merged newest first.
 */
const addresseesOf = (p: Principal): Addressee[] => [
  ...(p.roles.includes('unit_officer') && p.unitId ? [{ unitId: p.unitId }] : []),
  ...p.roles.filter((r) => r !== 'unit_officer').map((role) => ({ role })),
];

const present = ({ message, publishedAt: _published, ...n }: NotificationRecord, lang: 'vi' | 'en') => ({
  ...n,
  message: renderText(message, lang),
});

const notFound = () => new NotFoundError({ vi: 'Không tìm thấy thông báo.', en: 'Notification not found.' });

const listNotificationsRoute: Impl<typeof routes.listNotifications> = async ({ query, principal, lang }) => {
  const addressees = addresseesOf(principal);
  if (addressees.length === 0) return { body: { items: [] } };
  const page = await listNotifications(addressees, {
    limit: query.limit,
    nextToken: query.nextToken,
    unread: query.unread === undefined ? undefined : query.unread === 'true',
  });
  return {
    body: {
      items: page.items.map((n) => present(n, lang)),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    },
  };
};

const readNotification: Impl<typeof routes.readNotification> = async ({ params, principal, lang }) => {
  // Only the caller's own addressees are looked at: another unit's notification is a 404.
  for (const addressee of addresseesOf(principal)) {
    const found = await getNotification(addressee, params.notificationId);
    if (!found) continue;
    if (!found.read) await markRead(addressee, params.notificationId);
    return { body: present({ ...found, read: true }, lang) };
  }
  throw notFound();
};

export const handler = lambdaHandler([
  on(routes.listNotifications, listNotificationsRoute),
  on(routes.readNotification, readNotification),
]);
