// The routes of the exports group: the lists as CSV and XLSX. Its function (functions/http/exports.ts)
// imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { REVIEWERS } from './roles.ts';

export const nominationsCsv = defineRoute({
  id: 'nominationsCsv',
  method: 'GET',
  path: '/rounds/{roundId}/nominations.csv',
  group: 'exports',
  auth: REVIEWERS,
  tag: 'awards',
  summary: "The appraisers' working list of a round's nominations (CSV, UTF-8 with BOM)",
  params: s.RoundIdParams,
  responseContentType: 'text/csv',
});

export const awardsXlsx = defineRoute({
  id: 'awardsXlsx',
  method: 'GET',
  path: '/rounds/{roundId}/awards.xlsx',
  group: 'exports',
  auth: REVIEWERS,
  tag: 'awards',
  summary: 'The official award list (Excel)',
  params: s.RoundIdParams,
  responseContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});

export const awardsCsv = defineRoute({
  id: 'awardsCsv',
  method: 'GET',
  path: '/rounds/{roundId}/awards.csv',
  group: 'exports',
  auth: REVIEWERS,
  tag: 'awards',
  summary: 'The official award list (CSV, UTF-8 with BOM)',
  params: s.RoundIdParams,
  responseContentType: 'text/csv',
});
