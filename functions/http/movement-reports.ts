// The yearly movement report (R-REP-1, seed IV.1, D-REP): a filing of a unit's own, one per year, apart from
// any dossier. The unit opens it, declares its report file (a presigned upload verified like a dossier's
// documents: confirm at POST /documents/{documentId}/confirm or the S3 event), and submits it with If-Match
// before 30 Dec 00:00 ICT of the year by the server's clock.

import { randomUUID } from 'node:crypto';
import { assertDeclarable, declaredDocument, normalizeContentType } from '#domain/files.ts';
import {
  assertReportEvidenceMayChange,
  campaignOfYear,
  openMovementReport,
  reportFrozenMeanwhile,
  submitMovementReport,
} from '#domain/movement-report.ts';
import {
  mayWriteReportOf,
  presentReport,
  presentReportDocuments,
  readableReport,
  reportNotFound,
  writableReport,
} from '../access/movement-reports.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf } from '../pipeline/principal.ts';
import * as routes from '../routes/movement-reports.ts';
import {
  createMovementReport,
  createReportDocument,
  loadMovementReport,
  type MovementReportRecord,
  type ReportDocumentRecord,
  ReportExists,
  saveReportSubmission,
} from '../store/movement-reports.ts';
import { reportObjectKeyOf, uploadTicketFor } from '../store/objects.ts';
import { allCampaigns } from '../store/rounds.ts';
import { getUnit, unitNotFound } from '../store/units.ts';

// PUT: idempotent; the unit's report of the year is created once, whoever asks first. Another unit's
// report is not the caller's to open: 404, as for every object of another unit (403 is for roles).
const openReport: Impl<typeof routes.openMovementReport> = async ({ params, principal, now, lang }) => {
  const { unitId, year } = params;
  if (!mayWriteReportOf(principal, unitId)) throw reportNotFound();
  const existing = await loadMovementReport(unitId, year);
  if (existing) return { body: presentReport(existing, lang) };
  if (!(await getUnit(unitId))) throw unitNotFound(unitId);
  const report: MovementReportRecord = {
    reportId: randomUUID(),
    ...openMovementReport({ unitId, year, now }),
  };
  try {
    await createMovementReport(report, actorOf(principal, 'unit_officer'), now);
  } catch (error) {
    if (!(error instanceof ReportExists)) throw error;
    // A concurrent twin opened it first: answer with the report as it stands.
    const opened = await loadMovementReport(unitId, year);
    if (opened) return { body: presentReport(opened, lang) };
    throw error;
  }
  return { body: presentReport({ report, documents: [] }, lang) };
};

const getReport: Impl<typeof routes.getMovementReport> = async ({ params, principal, lang }) => {
  const bundle = await readableReport(principal, params.unitId, params.year);
  return { body: presentReport(bundle, lang) };
};

// R-DOC-1 for the report file: type and size within the rules of the campaign of the report's year.
const declareReportDocument: Impl<typeof routes.declareReportDocument> = async ({
  params,
  body,
  principal,
  now,
  lang,
  idempotency,
}) => {
  const { unitId, year } = params;
  const { report } = await writableReport(principal, unitId, year);
  assertReportEvidenceMayChange(report.status);
  const campaign = campaignOfYear(await allCampaigns(), year);
  if (!campaign) throw new Error('no campaign is stored');
  const contentType = normalizeContentType(body.contentType);
  assertDeclarable(campaign.documents, { contentType, size: body.size });

  const documentId = randomUUID();
  const document: ReportDocumentRecord = {
    reportId: report.reportId,
    unitId,
    year,
    ...declaredDocument(
      body,
      { documentId, contentType, objectKey: reportObjectKeyOf({ unitId, year, documentId }) },
      now,
    ),
  };
  const presented = await uploadTicketFor(document, presentReportDocuments([document], lang)[0], now);
  await createReportDocument(document, {
    actor: actorOf(principal, 'unit_officer'),
    now,
    onFrozen: reportFrozenMeanwhile,
    idempotency: idempotency?.record(201, presented),
  });
  return { status: 201, body: presented };
};

// R-REP-1, D-REP: draft → submitted, on time and with a verified report file; audited.
const submitReport: Impl<typeof routes.submitMovementReport> = async (req) => {
  const { principal, now, lang } = req;
  const bundle = await writableReport(principal, req.params.unitId, req.params.year);
  const next = submitMovementReport({
    report: bundle.report,
    documents: bundle.documents,
    expectedVersion: req.expectedVersion,
    now,
  });
  await saveReportSubmission(bundle.report, next, actorOf(principal, 'unit_officer'), now);
  return { body: presentReport({ ...bundle, report: next }, lang) };
};

export const handler = lambdaHandler([
  on(routes.openMovementReport, openReport),
  on(routes.getMovementReport, getReport),
  on(routes.declareReportDocument, declareReportDocument),
  on(routes.submitMovementReport, submitReport),
]);
