// The routes of the movement-reports group: yearly movement reports (R-REP-1). Its function
// (functions/http/movement-reports.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, OFFICER } from './roles.ts';

export const openMovementReport = defineRoute({
  id: 'openMovementReport',
  method: 'PUT',
  path: '/units/{unitId}/movement-reports/{year}',
  group: 'movement-reports',
  auth: OFFICER,
  tag: 'movement reports',
  summary: "Open the unit's movement report of a year (a draft); an open one is returned as it is",
  params: s.MovementReportParams,
  response: s.MovementReportOut,
});

export const getMovementReport = defineRoute({
  id: 'getMovementReport',
  method: 'GET',
  path: '/units/{unitId}/movement-reports/{year}',
  group: 'movement-reports',
  auth: ANY,
  tag: 'movement reports',
  summary: "A unit's movement report of a year, with its documents and D-REP",
  params: s.MovementReportParams,
  response: s.MovementReportOut,
});

export const declareReportDocument = defineRoute({
  id: 'declareReportDocument',
  method: 'POST',
  path: '/units/{unitId}/movement-reports/{year}/documents',
  group: 'movement-reports',
  auth: OFFICER,
  tag: 'movement reports',
  summary: 'Declare the report file and get a presigned upload URL bound to its type, size and SHA-256',
  params: s.MovementReportParams,
  body: s.ReportDocumentDeclareBody,
  response: s.ReportUploadTicketOut,
  successStatus: 201,
  idempotent: true,
});

export const submitMovementReport = defineRoute({
  id: 'submitMovementReport',
  method: 'POST',
  path: '/units/{unitId}/movement-reports/{year}/submit',
  group: 'movement-reports',
  auth: OFFICER,
  tag: 'movement reports',
  summary: 'Submit the movement report to Sở Nội vụ before D-REP (30 Dec 00:00 ICT of its year)',
  params: s.MovementReportParams,
  response: s.MovementReportOut,
  ifMatch: true,
});
