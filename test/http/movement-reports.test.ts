// R-REP-1 and D-REP end to end: the yearly movement report as a filing of its own, through the local HTTP
// server, DynamoDB Local and s3rver. Each test works on a unit of its own; on-time cases use next year's
// report (D-REP ahead by the server's clock), late ones 2025's (D-REP passed).

import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as verifyUploadHandler } from '#functions/jobs/verify-upload.ts';
import { reportObjectKeyOf } from '#functions/store/object-keys.ts';
import { useLocalApi } from '../support/client.ts';
import {
  confirm,
  declare,
  declareReportFile,
  openReport,
  putReportFile,
  reportPath,
  s3Event,
  startDossier,
  upload,
  uploadedKey,
} from '../support/documents.ts';
import { minimalPdf, windowsExe } from '../support/files.ts';
import { createUnit, ifMatch } from '../support/fixtures.ts';
import { expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();
const BUCKET = process.env.BUCKET_NAME ?? '';
/** A year whose D-REP (30 Dec 00:00 ICT) is ahead whenever the suite runs. */
const YEAR = new Date().getUTCFullYear() + 1;
const LATE_YEAR = 2025;

let admin: string;
let appraiser: string;

beforeAll(async () => {
  [admin, appraiser] = await Promise.all([api().token('admin'), api().token('appraiser')]);
});

/** A fresh province unit, a sub-unit below it, and their officers. */
async function units() {
  const unit = (await createUnit(api(), admin, { tier: 'province' })).unitId;
  const child = (await createUnit(api(), admin, { tier: 'province', parentUnitId: unit })).unitId;
  const [officer, childOfficer] = await Promise.all([
    api().token('unit_officer', unit),
    api().token('unit_officer', child),
  ]);
  return { unit, child, officer, childOfficer };
}

const submitReport = (token: string, unitId: string, year: number, version?: number) =>
  api().post(`${reportPath(unitId, year)}/submit`, {
    token,
    ...(version === undefined ? {} : { headers: ifMatch(version) }),
  });

describe('R-REP-1: opening and reading a movement report', () => {
  it('R-REP-1: PUT opens the unit’s draft report of a year; again, it returns the same report', async () => {
    const { unit, officer } = await units();
    const opened = await openReport(api(), officer, unit, YEAR);
    expect(opened.status, opened.text).toBe(200);
    expect(opened.body).toMatchObject({
      unitId: unit,
      year: YEAR,
      status: 'draft',
      version: 1,
      documents: [],
      dueAt: `${YEAR}-12-29T17:00:00.000Z`,
    });
    expect(opened.body.reportId).toEqual(expect.any(String));
    expect(opened.body.submittedAt).toBeUndefined();
    expect(opened.headers.get('etag')).toBe('"1"');

    const again = await openReport(api(), officer, unit, YEAR);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(opened.body);
    // Opened once, audited once.
    const audit = await api().get(`/audit?entityId=${opened.body.reportId}`, { token: officer });
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['create']);
  });

  it('R-REP-1: two PUTs at once open one report', async () => {
    const { unit, officer } = await units();
    const [a, b] = await Promise.all([
      openReport(api(), officer, unit, YEAR),
      openReport(api(), officer, unit, YEAR),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.reportId).toBe(b.body.reportId);
  });

  it('R-REP-1: only the unit’s own officers open it (another unit’s is 404); other roles may not (403)', async () => {
    const { unit, child, childOfficer } = await units();
    const other = await api().token('unit_officer', 'so-tu-phap');
    expectProblem(await openReport(api(), other, unit, YEAR), 404, 'NOT_FOUND');
    // A parent unit reads its sub-units' reports but files only its own.
    const parent = await api().token('unit_officer', unit);
    expectProblem(await openReport(api(), parent, child, YEAR), 404, 'NOT_FOUND');
    expectProblem(await openReport(api(), appraiser, unit, YEAR), 403, 'FORBIDDEN');
    expectProblem(await openReport(api(), admin, unit, YEAR), 403, 'FORBIDDEN');
    // Nothing was opened by the refusals.
    expectProblem(await api().get(reportPath(unit, YEAR), { token: admin }), 404, 'NOT_FOUND');
    expect((await openReport(api(), childOfficer, child, YEAR)).status).toBe(200);
  });

  it('R-REP-1: GET is scoped like unit data — the unit, the units above it, province-wide roles; others 404', async () => {
    const { unit, child, childOfficer } = await units();
    expect((await openReport(api(), childOfficer, child, YEAR)).status).toBe(200);
    const parent = await api().token('unit_officer', unit);
    const approver = await api().token('approver');
    for (const token of [childOfficer, parent, appraiser, approver, admin]) {
      const read = await api().get(reportPath(child, YEAR), { token });
      expect(read.status, read.text).toBe(200);
      expect(read.body).toMatchObject({ unitId: child, year: YEAR, status: 'draft' });
    }
    const stranger = await api().token('unit_officer', 'so-tu-phap');
    expectProblem(await api().get(reportPath(child, YEAR), { token: stranger }), 404, 'NOT_FOUND');
    // A sub-unit does not read its parent's data.
    expect((await openReport(api(), parent, unit, YEAR)).status).toBe(200);
    expectProblem(await api().get(reportPath(unit, YEAR), { token: childOfficer }), 404, 'NOT_FOUND');
    // A report never opened is 404, and a year out of range 400.
    expectProblem(await api().get(reportPath(child, YEAR + 1), { token: childOfficer }), 404, 'NOT_FOUND');
    expectProblem(
      await api().get(reportPath(child, 1999), { token: childOfficer }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('R-REP-1: the report file, uploaded and verified like dossier documents', () => {
  it('R-REP-1: declare → presigned upload under movement-reports/ → confirm → verified, current and downloadable', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, YEAR);
    const pdf = minimalPdf('Bao cao ket qua phong trao');
    const declared = await declareReportFile(api(), officer, unit, YEAR, {
      data: pdf,
      fileName: 'Báo cáo kết quả phong trào.pdf',
    });
    expect(declared.status, declared.text).toBe(201);
    const { documentId, uploadUrl, document } = declared.body;
    expect(document).toMatchObject({
      documentId,
      unitId: unit,
      year: YEAR,
      kind: 'movement_report',
      status: 'pending',
      current: false,
      fileName: 'Báo cáo kết quả phong trào.pdf',
    });
    expect(document).not.toHaveProperty('objectKey');
    expect(uploadedKey(uploadUrl, BUCKET)).toBe(reportObjectKeyOf({ unitId: unit, year: YEAR, documentId }));
    expect(uploadedKey(uploadUrl, BUCKET)).toBe(`movement-reports/${YEAR}/${unit}/${documentId}`);

    await upload(declared.body, pdf);
    const confirmed = await confirm(api(), officer, documentId);
    expect(confirmed.body, confirmed.text).toEqual({ documentId, status: 'verified' });

    const read = await api().get(reportPath(unit, YEAR), { token: officer });
    expect(read.body.documents).toEqual([
      expect.objectContaining({ documentId, status: 'verified', current: true }),
    ]);
    // The declaration and the verification moved the report's version.
    expect(read.body.version).toBe(3);
    for (const token of [officer, appraiser]) {
      const link = await api().get(`/documents/${documentId}/download`, { token });
      expect(link.status, link.text).toBe(200);
      const file = await fetch(link.body.url);
      expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    }
    const stranger = await api().token('unit_officer', 'so-tu-phap');
    expectProblem(
      await api().get(`/documents/${documentId}/download`, { token: stranger }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await confirm(api(), stranger, documentId), 404, 'NOT_FOUND');
    const audit = await api().get(`/audit?entityId=${documentId}`, { token: officer });
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['declare', 'verify']);
  });

  it('R-REP-1 / R-DOC-1: a file that is not what was declared is rejected and never served', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, YEAR);
    const declared = await declareReportFile(api(), officer, unit, YEAR, { data: windowsExe() });
    await upload(declared.body, windowsExe());
    const confirmed = await confirm(api(), officer, declared.body.documentId, { 'accept-language': 'en' });
    expect(confirmed.body).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('Windows program'),
    });
    expectProblem(
      await api().get(`/documents/${declared.body.documentId}/download`, { token: officer }),
      409,
      'INVALID_STATE',
    );
  });

  it('R-REP-1: the declaration follows the campaign’s file rules (413, 415), the report’s scope (404) and its kind (400)', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, YEAR);
    const pdf = minimalPdf();
    expectProblem(
      await declareReportFile(api(), officer, unit, YEAR, { data: pdf, size: 25 * 1024 * 1024 + 1 }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectProblem(
      await declareReportFile(api(), officer, unit, YEAR, {
        data: windowsExe(),
        contentType: 'application/x-msdownload',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await declareReportFile(api(), officer, unit, YEAR, { data: pdf, kind: 'proposal_letter' }),
      400,
      'VALIDATION_FAILED',
    );
    const stranger = await api().token('unit_officer', 'so-tu-phap');
    expectProblem(await declareReportFile(api(), stranger, unit, YEAR, { data: pdf }), 404, 'NOT_FOUND');
    // A report not opened yet takes nothing.
    expectProblem(await declareReportFile(api(), officer, unit, YEAR + 1, { data: pdf }), 404, 'NOT_FOUND');
    expect((await api().get(reportPath(unit, YEAR), { token: officer })).body.documents).toEqual([]);
  });

  it('R-REP-1: the same Idempotency-Key and body declare one file once', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, YEAR);
    const file = { data: minimalPdf() };
    const headers = { 'idempotency-key': `report-${unit}` };
    const a = await declareReportFile(api(), officer, unit, YEAR, file, headers);
    const b = await declareReportFile(api(), officer, unit, YEAR, file, headers);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.documentId).toBe(a.body.documentId);
    expect((await api().get(reportPath(unit, YEAR), { token: officer })).body.documents).toHaveLength(1);
  });

  it('R-REP-1: the S3 event verifies a report file; a key naming another unit is ignored', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, YEAR);
    const pdf = minimalPdf();
    const declared = await declareReportFile(api(), officer, unit, YEAR, { data: pdf });
    await upload(declared.body, pdf);
    const invoke = (key: string) => verifyUploadHandler(s3Event(key, BUCKET), {} as Context);
    const forged = reportObjectKeyOf({
      unitId: 'so-tu-phap',
      year: YEAR,
      documentId: declared.body.documentId,
    });
    expect(await invoke(forged)).toMatchObject({ ignored: 1 });
    expect(await invoke(uploadedKey(declared.body.uploadUrl, BUCKET))).toEqual({
      verified: 1,
      rejected: 0,
      notUploaded: 0,
      ignored: 0,
    });
    const read = await api().get(reportPath(unit, YEAR), { token: officer });
    expect(read.body.documents[0]).toMatchObject({ status: 'verified', current: true });
  });

  it('R-REP-1: a dossier no longer holds a movement report (400)', async () => {
    const w = await startDossier(api());
    const refused = await declare(api(), w.officer, w.dossierId, {
      kind: 'movement_report',
      data: minimalPdf(),
    });
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.errors[0].path).toBe('body.kind');
  });
});

describe('R-REP-1 / D-REP: submitting the report', () => {
  it('R-REP-1: If-Match is required (428) and must be current (412); nothing changes', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, YEAR);
    await putReportFile(api(), officer, unit, YEAR);
    expectProblem(await submitReport(officer, unit, YEAR), 428, 'VERSION_REQUIRED');
    expectProblem(await submitReport(officer, unit, YEAR, 1), 412, 'VERSION_CONFLICT');
    const read = await api().get(reportPath(unit, YEAR), { token: officer });
    expect(read.body).toMatchObject({ status: 'draft', version: 3 });
  });

  it('R-REP-1: without a verified report file it is 422 DOSSIER_INCOMPLETE naming the file', async () => {
    const { unit, officer } = await units();
    const opened = await openReport(api(), officer, unit, YEAR);
    const empty = await submitReport(officer, unit, YEAR, opened.body.version);
    expectProblem(empty, 422, 'DOSSIER_INCOMPLETE');
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toEqual(['documents.movement_report']);
    // A file declared but not verified does not do either.
    await declareReportFile(api(), officer, unit, YEAR, { data: minimalPdf() });
    const { version } = (await api().get(reportPath(unit, YEAR), { token: officer })).body;
    expectProblem(await submitReport(officer, unit, YEAR, version), 422, 'DOSSIER_INCOMPLETE');
  });

  it('R-REP-1: a verified file before D-REP files it: submitted, submittedAt, audited; then it is frozen', async () => {
    const { unit, officer, child } = await units();
    await openReport(api(), officer, unit, YEAR);
    const { documentId } = await putReportFile(api(), officer, unit, YEAR);
    // A second file declared and uploaded before the submit, confirmed after it (R-DOC-3).
    const lateData = minimalPdf('Ban sua');
    const late = await declareReportFile(api(), officer, unit, YEAR, { data: lateData });
    await upload(late.body, lateData);
    const { version } = (await api().get(reportPath(unit, YEAR), { token: officer })).body;

    const submitted = await submitReport(officer, unit, YEAR, version);
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: version + 1 });
    expect(Date.parse(submitted.body.submittedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(submitted.headers.get('etag')).toBe(`"${version + 1}"`);
    const audit = await api().get(`/audit?entityId=${submitted.body.reportId}`, { token: officer });
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['create', 'submit']);
    expect(audit.body.items.at(-1)).toMatchObject({
      before: { status: 'draft' },
      after: { status: 'submitted' },
    });

    // Submitted once; nothing more is declared or verified into it.
    expectProblem(await submitReport(officer, unit, YEAR, version + 1), 409, 'INVALID_STATE');
    expectProblem(
      await declareReportFile(api(), officer, unit, YEAR, { data: minimalPdf() }),
      409,
      'INVALID_STATE',
    );
    const confirmed = await confirm(api(), officer, late.body.documentId);
    expect(confirmed.body).toMatchObject({ status: 'rejected', reason: expect.stringContaining('quá muộn') });
    const read = await api().get(reportPath(unit, YEAR), { token: officer });
    expect(read.body.version).toBe(version + 1);
    expect(
      read.body.documents
        .filter((d: { current: boolean }) => d.current)
        .map((d: { documentId: string }) => d.documentId),
    ).toEqual([documentId]);
    // Only the unit's own officers submit: a sub-unit's officer, even its parent, gets 404 on another unit's.
    const parentOfChild = await api().token('unit_officer', unit);
    expectProblem(await submitReport(parentOfChild, child, YEAR, 1), 404, 'NOT_FOUND');
    expectProblem(await submitReport(appraiser, unit, YEAR, version + 1), 403, 'FORBIDDEN');
  });

  it('D-REP: on or after 30 Dec 00:00 ICT of its year (by the server’s clock) it is 422 DEADLINE_PASSED', async () => {
    const { unit, officer } = await units();
    await openReport(api(), officer, unit, LATE_YEAR);
    await putReportFile(api(), officer, unit, LATE_YEAR);
    const { version } = (await api().get(reportPath(unit, LATE_YEAR), { token: officer })).body;
    const late = await submitReport(officer, unit, LATE_YEAR, version);
    expectProblem(late, 422, 'DEADLINE_PASSED');
    expect(late.body.detail).toContain('00:00 ngày 30/12/2025');
    const read = await api().get(reportPath(unit, LATE_YEAR), { token: officer });
    expect(read.body).toMatchObject({ status: 'draft', version, dueAt: '2025-12-29T17:00:00.000Z' });
  });
});
