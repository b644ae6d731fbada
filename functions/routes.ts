// The route table: one line per endpoint of SPEC §8. The local server dispatches on it, the CDK stack
// loops over it to create API routes and one function per group, and /openapi.json is generated from it.
// Adding an endpoint is one entry here plus its implementation in functions/http/<group>.ts.

import { z } from 'zod';
import { defineRoute, type RouteDef } from './pipeline/route.ts';
import * as s from './schemas.ts';

const ANY = ['unit_officer', 'appraiser', 'approver', 'admin'] as const;
const OFFICER = ['unit_officer'] as const;
const ADMIN = ['admin'] as const;
const APPRAISER = ['appraiser'] as const;
const APPROVER = ['approver'] as const;
const REVIEWERS = ['appraiser', 'approver', 'admin'] as const;

// ---- meta ----
export const health = defineRoute({
  id: 'health',
  method: 'GET',
  path: '/health',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'Liveness check',
  response: z.object({ status: z.literal('ok') }),
});
export const openapi = defineRoute({
  id: 'openapi',
  method: 'GET',
  path: '/openapi.json',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'This API as an OpenAPI 3.1 document',
});
export const docs = defineRoute({
  id: 'docs',
  method: 'GET',
  path: '/docs',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'Interactive API explorer',
  responseContentType: 'text/html',
});
export const docsAsset = defineRoute({
  id: 'docsAsset',
  method: 'GET',
  path: '/docs/{asset}',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'Static files of the API explorer',
  params: z.strictObject({ asset: z.string().min(1).max(100) }),
  responseContentType: ['text/css', 'application/javascript', 'image/png'],
});

// ---- units ----
export const listUnits = defineRoute({
  id: 'listUnits',
  method: 'GET',
  path: '/units',
  group: 'units',
  auth: ANY,
  tag: 'units',
  summary: 'The unit registry',
  query: s.UnitQuery,
  response: s.page(s.UnitOut),
});
export const getUnit = defineRoute({
  id: 'getUnit',
  method: 'GET',
  path: '/units/{unitId}',
  group: 'units',
  auth: ANY,
  tag: 'units',
  summary: 'One unit',
  params: s.UnitIdParams,
  response: s.UnitOut,
});
export const createUnit = defineRoute({
  id: 'createUnit',
  method: 'POST',
  path: '/units',
  group: 'units',
  auth: ADMIN,
  tag: 'units',
  summary: 'Create a unit',
  body: s.UnitBody,
  response: s.UnitOut,
  successStatus: 201,
  idempotent: true,
});
export const updateUnit = defineRoute({
  id: 'updateUnit',
  method: 'PUT',
  path: '/units/{unitId}',
  group: 'units',
  auth: ADMIN,
  tag: 'units',
  summary: 'Update a unit',
  params: s.UnitIdParams,
  body: s.UnitUpdateBody,
  response: s.UnitOut,
});

export const importUnits = defineRoute({
  id: 'importUnits',
  method: 'POST',
  path: '/units:import',
  group: 'units',
  auth: ADMIN,
  tag: 'units',
  summary: 'Import units from CSV: new ones are created, known ones updated (all lines or none)',
  description:
    'Body `text/csv` with the header `unitId,name,tier,parentUnitId,parScored` (a trailing `note` column ' +
    'is allowed: data/son-la-units.csv imports as is). A parent may be in the registry or in the same file. ' +
    'Any bad line refuses the whole file, each bad line reported by number.',
  bodyKind: 'csv',
  response: s.UnitImportReport,
});

// ---- index results ----
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
export const importIndexResults = defineRoute({
  id: 'importIndexResults',
  method: 'POST',
  path: '/index-results:import',
  group: 'index-results',
  auth: ADMIN,
  tag: 'index results',
  summary: 'Import index results from CSV (all lines or none)',
  description:
    'Body `text/csv` with the header `year,unitId,parIndexScore,parIndexRank,satisfactionIndex`. ' +
    'Each line changes only the cells it fills, as a PUT does: an empty cell keeps the stored value and ' +
    'the word `null` clears it. Any bad line refuses the whole file, each bad line reported by number.',
  bodyKind: 'csv',
  response: s.ImportReport,
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
  response: s.page(s.IndexResultOut),
});

// ---- rounds ----
export const listCampaigns = defineRoute({
  id: 'listCampaigns',
  method: 'GET',
  path: '/campaigns',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'Campaigns: tiers, quotas, thresholds and rules their new rounds copy',
  query: z.strictObject({ ...s.Pagination }),
  response: s.page(s.CampaignOut),
});
export const getCampaign = defineRoute({
  id: 'getCampaign',
  method: 'GET',
  path: '/campaigns/{campaignId}',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'One campaign',
  params: s.CampaignIdParams,
  response: s.CampaignOut,
});
export const createCampaign = defineRoute({
  id: 'createCampaign',
  method: 'POST',
  path: '/campaigns',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Create a campaign (R-CAMP-2)',
  body: s.CampaignCreateBody,
  response: s.CampaignOut,
  successStatus: 201,
  idempotent: true,
});
export const patchCampaign = defineRoute({
  id: 'patchCampaign',
  method: 'PATCH',
  path: '/campaigns/{campaignId}',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Edit a campaign; rounds created before keep the rules they copied',
  params: s.CampaignIdParams,
  body: s.CampaignPatchBody,
  response: s.CampaignOut,
  ifMatch: true,
});
export const listRounds = defineRoute({
  id: 'listRounds',
  method: 'GET',
  path: '/rounds',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'Rounds with quotas, deadlines and award counts',
  query: z.strictObject({ ...s.Pagination }),
  response: s.page(s.RoundOut),
});
export const getRound = defineRoute({
  id: 'getRound',
  method: 'GET',
  path: '/rounds/{roundId}',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'One round',
  params: s.RoundIdParams,
  response: s.RoundOut,
});
export const createRound = defineRoute({
  id: 'createRound',
  method: 'POST',
  path: '/rounds',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Create a round in a campaign',
  body: s.RoundCreateBody,
  response: s.RoundOut,
  successStatus: 201,
  idempotent: true,
});
export const patchRound = defineRoute({
  id: 'patchRound',
  method: 'PATCH',
  path: '/rounds/{roundId}',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Set the announcement date or move a deadline (whole round or one unit), with a reason',
  params: s.RoundIdParams,
  body: s.RoundPatchBody,
  response: s.RoundOut,
});
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

// ---- dossiers ----
export const createDossier = defineRoute({
  id: 'createDossier',
  method: 'POST',
  path: '/dossiers',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: "A draft dossier for the caller's unit",
  body: s.DossierCreateBody,
  response: s.DossierOut,
  successStatus: 201,
  idempotent: true,
});
export const listDossiers = defineRoute({
  id: 'listDossiers',
  method: 'GET',
  path: '/dossiers',
  group: 'dossiers',
  auth: ANY,
  tag: 'dossiers',
  summary: 'Dossiers the caller may read',
  query: s.DossierQuery,
  response: s.page(s.DossierSummaryOut),
});
export const getDossier = defineRoute({
  id: 'getDossier',
  method: 'GET',
  path: '/dossiers/{dossierId}',
  group: 'dossiers',
  auth: ANY,
  tag: 'dossiers',
  summary: 'A dossier with its nominations and documents',
  params: s.DossierIdParams,
  response: s.DossierOut,
});
export const patchDossier = defineRoute({
  id: 'patchDossier',
  method: 'PATCH',
  path: '/dossiers/{dossierId}',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: "Edit the proposal letter's number, date and signer (draft or returned)",
  params: s.DossierIdParams,
  body: s.DossierPatchBody,
  response: s.DossierOut,
  ifMatch: true,
});
export const submitDossier = defineRoute({
  id: 'submitDossier',
  method: 'POST',
  path: '/dossiers/{dossierId}/submit',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: 'Submit (or resubmit) the dossier to Sở Nội vụ',
  params: s.DossierIdParams,
  response: s.DossierOut,
  ifMatch: true,
});
export const withdrawDossier = defineRoute({
  id: 'withdrawDossier',
  method: 'POST',
  path: '/dossiers/{dossierId}/withdraw',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: 'Withdraw a draft or returned dossier',
  params: s.DossierIdParams,
  response: s.DossierOut,
  ifMatch: true,
});

// ---- nominations ----
export const createNomination = defineRoute({
  id: 'createNomination',
  method: 'POST',
  path: '/dossiers/{dossierId}/nominations',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Add a nomination to a draft or returned dossier',
  params: s.DossierIdParams,
  body: s.NominationBody,
  response: s.NominationOut,
  successStatus: 201,
  idempotent: true,
});
export const getNomination = defineRoute({
  id: 'getNomination',
  method: 'GET',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: ANY,
  tag: 'nominations',
  summary: 'A nomination with its eligibility and reasons',
  params: s.NominationIdParams,
  response: s.NominationOut,
});
export const patchNomination = defineRoute({
  id: 'patchNomination',
  method: 'PATCH',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Edit a nomination while draft or returned',
  params: s.NominationIdParams,
  body: s.NominationPatchBody,
  response: s.NominationOut,
  ifMatch: true,
});
export const deleteNomination = defineRoute({
  id: 'deleteNomination',
  method: 'DELETE',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Delete a draft nomination (a returned one is withdrawn)',
  params: s.NominationIdParams,
  successStatus: 204,
  ifMatch: true,
});

// ---- documents ----
export const declareDocument = defineRoute({
  id: 'declareDocument',
  method: 'POST',
  path: '/dossiers/{dossierId}/documents',
  group: 'documents',
  auth: OFFICER,
  tag: 'documents',
  summary: 'Declare a file and get a presigned upload URL bound to its type, size and SHA-256',
  params: s.DossierIdParams,
  body: s.DocumentDeclareBody,
  response: s.UploadTicketOut,
  successStatus: 201,
  idempotent: true,
});
export const confirmDocument = defineRoute({
  id: 'confirmDocument',
  method: 'POST',
  path: '/documents/{documentId}/confirm',
  group: 'documents',
  auth: OFFICER,
  tag: 'documents',
  summary: 'Verify the uploaded object against its declaration',
  params: s.DocumentIdParams,
  response: s.ConfirmOut,
});
export const downloadDocument = defineRoute({
  id: 'downloadDocument',
  method: 'GET',
  path: '/documents/{documentId}/download',
  group: 'documents',
  auth: ANY,
  tag: 'documents',
  summary: 'A short-lived download URL for a verified document',
  params: s.DocumentIdParams,
  response: s.DownloadOut,
});

// ---- yearly movement reports (R-REP-1) ----
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

// ---- appraisal and awards ----
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

// ---- audit and notifications ----
export const listAudit = defineRoute({
  id: 'listAudit',
  method: 'GET',
  path: '/audit',
  group: 'audit',
  auth: ANY,
  tag: 'audit',
  summary: 'The audit trail of one entity',
  query: s.AuditQuery,
  response: s.page(s.AuditOut),
});
export const listNotifications = defineRoute({
  id: 'listNotifications',
  method: 'GET',
  path: '/notifications',
  group: 'notifications',
  auth: ANY,
  tag: 'notifications',
  summary: "The caller's notifications, newest first",
  query: s.NotificationQuery,
  response: s.page(s.NotificationOut),
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

// ---- local server only ----
export const devToken = defineRoute({
  id: 'devToken',
  method: 'POST',
  path: '/dev/token',
  group: 'dev',
  auth: 'public',
  tag: 'development',
  summary: 'A signed development token (local server only)',
  body: s.DevTokenBody,
  response: z.object({ token: z.string(), expiresAt: s.Instant }),
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

export const ROUTES: readonly RouteDef[] = [
  health,
  openapi,
  docs,
  docsAsset,
  listUnits,
  getUnit,
  createUnit,
  updateUnit,
  importUnits,
  putIndexResult,
  importIndexResults,
  listIndexResults,
  listCampaigns,
  getCampaign,
  createCampaign,
  patchCampaign,
  listRounds,
  getRound,
  createRound,
  patchRound,
  roundSummary,
  createDossier,
  listDossiers,
  getDossier,
  patchDossier,
  submitDossier,
  withdrawDossier,
  createNomination,
  getNomination,
  patchNomination,
  deleteNomination,
  declareDocument,
  confirmDocument,
  downloadDocument,
  openMovementReport,
  getMovementReport,
  declareReportDocument,
  submitMovementReport,
  appraiseNomination,
  appraisalReport,
  nominationsCsv,
  grantAwards,
  awardsXlsx,
  awardsCsv,
  closeRound,
  listAudit,
  listNotifications,
  readNotification,
  devToken,
  devSweep,
];

/** Non-HTTP functions: the scheduled sweep and the S3 upload verifier. */
export const JOBS = {
  sweep: { entry: 'functions/jobs/sweep.ts', schedule: 'cron(0 0 * * ? *)', description: 'Daily 07:00 ICT' },
  verifyUpload: { entry: 'functions/jobs/verify-upload.ts' },
} as const;

/** Where a group's handler lives (the dev group exists only in the local server). */
export const groupEntry = (group: RouteDef['group']) =>
  group === 'dev' ? 'local/dev-routes.ts' : `functions/http/${group}.ts`;
