// The routes of the dev group: the local server only, never deployed (local/dev-routes.ts). The whole table
// is functions/routes.ts.

import * as z from 'zod/mini';
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
  get body() {
    return s.DevTokenBody();
  },
  response: z.object({ token: z.string(), expiresAt: s.Instant() }),
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
  get body() {
    return s.DevSweepBody();
  },
  get response() {
    return s.DevSweepOut();
  },
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
  get response() {
    return s.CaughtMailList();
  },
  localOnly: true,
});
