// The routes of the notifications group: notifications. Its function (functions/http/notifications.ts)
// imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY } from './roles.ts';

export const listNotifications = defineRoute({
  id: 'listNotifications',
  method: 'GET',
  path: '/notifications',
  group: 'notifications',
  auth: ANY,
  tag: 'notifications',
  summary: "The caller's notifications, newest first",
  query: s.NotificationQuery,
  response: () => s.page(s.NotificationOut()),
});

export const readNotification = defineRoute({
  id: 'readNotification',
  method: 'POST',
  path: '/notifications/{notificationId}/read',
  group: 'notifications',
  auth: ANY,
  tag: 'notifications',
  summary: 'Mark a notification read',
  params: s.NotificationIdParams,
  response: s.NotificationOut,
});
