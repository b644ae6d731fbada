// The routes of the awards group: awards and closing a round (R-QUOTA-2, R-AWD-1). Its function
// (functions/http/awards.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ADMIN, APPROVER } from './roles.ts';

export const grantAwards = defineRoute({
  id: 'grantAwards',
  method: 'POST',
  path: '/rounds/{roundId}/awards',
  group: 'awards',
  auth: APPROVER,
  tag: 'awards',
  summary: 'Grant nominations recommended in the sent appraisal report, all or nothing, within quotas',
  params: s.RoundIdParams,
  body: s.AwardsBody,
  response: s.AwardsOut,
});

export const closeRound = defineRoute({
  id: 'closeRound',
  method: 'POST',
  path: '/rounds/{roundId}/close',
  group: 'awards',
  auth: ADMIN,
  tag: 'awards',
  summary: 'Close a round: recommended nominations not granted become not_awarded, submitted dossiers closed',
  params: s.RoundIdParams,
  body: s.RoundCloseBody,
  response: s.RoundCloseOut,
});
