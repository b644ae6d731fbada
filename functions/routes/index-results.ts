// The routes of the index-results group: PAR Index and SIPAS results (SPEC §4). Its function
// (functions/http/index-results.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, ADMIN } from './roles.ts';

export const putIndexResult = defineRoute({
  id: 'putIndexResult',
  method: 'PUT',
  path: '/index-results/{year}/{unitId}',
  group: 'index-results',
  auth: ADMIN,
  tag: 'index results',
  summary: "Record a unit's PAR Index score, rank and SIPAS for a year",
  description:
    'Only the fields sent change: a field left out keeps its stored value and `null` clears it (results ' +
    'are published at different times: sending a rank keeps the scores recorded before). A change that ' +
    'leaves the result as stored writes nothing.',
  params: s.IndexResultParams,
  body: s.IndexResultBody,
  response: s.IndexResultOut,
});

export const listIndexResults = defineRoute({
  id: 'listIndexResults',
  method: 'GET',
  path: '/index-results',
  group: 'index-results',
  auth: ANY,
  tag: 'index results',
  summary: "A year's index results",
  query: s.IndexResultQuery,
  response: () => s.page(s.IndexResultOut()),
});
