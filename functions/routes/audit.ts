// The routes of the audit group: the audit trail. Its function (functions/http/audit.ts) imports only these;
// the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY } from './roles.ts';

export const listAudit = defineRoute({
  id: 'listAudit',
  method: 'GET',
  path: '/audit',
  group: 'audit',
  auth: ANY,
  tag: 'audit',
  summary: 'The audit trail of one entity',
  query: s.AuditQuery,
  response: () => s.page(s.AuditOut()),
});
