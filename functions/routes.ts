// The route table: one line per endpoint of SPEC §8, each group's routes in functions/routes/<group>.ts
// (a group's function imports only its own). The local server dispatches on the table, the CDK stack loops
// over it to create API routes and one function per group, and /openapi.json is generated from it. Adding
// an endpoint is one entry in its group's file, here in ROUTES, and its implementation in
// functions/http/<group>.ts.

import { NOTIFICATION_EVENT_SOURCE } from '#domain/mail.ts';
import type { RouteDef } from './pipeline/route.ts';
import { health, openapi, docs, docsAsset } from './routes/meta.ts';
import { listUnits, getUnit, createUnit, updateUnit } from './routes/units.ts';
import { putIndexResult, listIndexResults } from './routes/index-results.ts';
import {
  listCampaigns,
  getCampaign,
  createCampaign,
  patchCampaign,
  listRounds,
  getRound,
  createRound,
  patchRound,
} from './routes/rounds.ts';
import { roundSummary, appraiseNomination, appraisalReport } from './routes/appraisal.ts';
import {
  createDossier,
  listDossiers,
  getDossier,
  patchDossier,
  submitDossier,
  withdrawDossier,
} from './routes/dossiers.ts';
import { createNomination, getNomination, patchNomination, deleteNomination } from './routes/nominations.ts';
import { declareDocument, confirmDocument, downloadDocument } from './routes/documents.ts';
import {
  openMovementReport,
  getMovementReport,
  declareReportDocument,
  submitMovementReport,
} from './routes/movement-reports.ts';
import { nominationsCsv, awardsXlsx, awardsCsv, importUnits, importIndexResults } from './routes/exports.ts';
import { grantAwards, closeRound } from './routes/awards.ts';
import { listAudit } from './routes/audit.ts';
import { listNotifications, readNotification } from './routes/notifications.ts';
import { devToken, devSweep, devMail } from './routes/dev.ts';

export * from './routes/meta.ts';
export * from './routes/units.ts';
export * from './routes/index-results.ts';
export * from './routes/rounds.ts';
export * from './routes/appraisal.ts';
export * from './routes/dossiers.ts';
export * from './routes/nominations.ts';
export * from './routes/documents.ts';
export * from './routes/movement-reports.ts';
export * from './routes/exports.ts';
export * from './routes/awards.ts';
export * from './routes/audit.ts';
export * from './routes/notifications.ts';
export * from './routes/dev.ts';

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
  devMail,
];

/** Non-HTTP functions: the scheduled sweep, the S3 upload verifier and the mailer (notification bus rule). */
export const JOBS = {
  sweep: { entry: 'functions/jobs/sweep.ts', schedule: 'cron(0 0 * * ? *)', description: 'Daily 07:00 ICT' },
  verifyUpload: { entry: 'functions/jobs/verify-upload.ts' },
  // R-MAIL-1: invoked by a rule on the notification bus for the events of this source (notification-events.ts).
  mailer: { entry: 'functions/jobs/mailer.ts', eventSource: NOTIFICATION_EVENT_SOURCE },
} as const;

/** Where a group's handler lives (the dev group exists only in the local server). */
export const groupEntry = (group: RouteDef['group']) =>
  group === 'dev' ? 'local/dev-routes.ts' : `functions/http/${group}.ts`;
