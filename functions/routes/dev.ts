// The routes of the dev group: the local server only, never deployed (local/dev-routes.ts). The whole table
// is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';

export const devToken = defineRoute({
  id: 'devToken',
  method: 'POST',
  path: '/dev/token',
  group: 'dev',
  auth: 'public',
  tag: 'development',
  summary: 'A signed development token (local server only)',
  body: s.DevTokenBody,
  response: s.DevTokenOut,
  localOnly: true,
});

export const devSweep = defineRoute({
  id: 'devSweep',
  method: 'POST',
  path: '/dev/sweep',
  group: 'dev',
  auth: 'public',
  tag: 'development',
  summary: 'Run the deadline sweep for an instant (local server only)',
  body: s.DevSweepBody,
  response: s.DevSweepOut,
  localOnly: true,
});
export const devMail = defineRoute({
  id: 'devMail',
  method: 'GET',
  path: '/dev/mail',
  group: 'dev',
  auth: 'public',
  tag: 'development',
  summary: 'The e-mails the local mail catcher received, newest first (local server only)',
  response: s.CaughtMailList,
  localOnly: true,
});
