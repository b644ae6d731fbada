// The routes of the appraisal group: appraisal (SPEC §6). Its function (functions/http/appraisal.ts) imports
// only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { APPRAISER, REVIEWERS } from './roles.ts';

export const roundSummary = defineRoute({
  id: 'roundSummary',
  method: 'GET',
  path: '/rounds/{roundId}/summary',
  group: 'appraisal',
  auth: REVIEWERS,
  tag: 'appraisal',
  summary: 'Per tier and nominee type: submitted, recommended, awarded, quota, remaining',
  params: s.RoundIdParams,
  response: s.SummaryOut,
});

export const appraiseNomination = defineRoute({
  id: 'appraiseNomination',
  method: 'POST',
  path: '/nominations/{nominationId}/appraisal',
  group: 'appraisal',
  auth: APPRAISER,
  tag: 'appraisal',
  summary:
    'Recommend, reject or return a submitted nomination; revise a decision until the report carries it',
  params: s.NominationIdParams,
  body: s.AppraisalBody,
  response: s.NominationOut,
  ifMatch: true,
});

export const appraisalReport = defineRoute({
  id: 'appraisalReport',
  method: 'POST',
  path: '/rounds/{roundId}/appraisal-report',
  group: 'appraisal',
  auth: APPRAISER,
  tag: 'appraisal',
  summary: "Send the round's recommended list to the Chairman (within quotas and the deadline)",
  description:
    'Each sending carries the appraisals made since the one before and makes them final (R-APP-1); the ' +
    'whole list, earlier sendings included, must fit every quota cell (R-QUOTA-2 a). The Chairman grants ' +
    'only nominations in `nominationIds` (R-AWD-1).',
  params: s.RoundIdParams,
  body: s.AppraisalReportBody,
  response: s.AppraisalReportOut,
});
