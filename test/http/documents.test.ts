// Documents through presigned S3 uploads (R-DOC-1, R-DOC-2, R-DOS-2), end to end: the local HTTP server,
// DynamoDB Local and s3rver. s3rver checks no signature and no checksum, so every rejection below is the
// server's own verification at work.

import type { Context, S3Event } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/client.ts';
import { expectProblem } from '../support/problems.ts';
import {
  confirm,
  declare,
  dossierOf,
  PDF,
  putDocument,
  s3Event,
  startDossier,
  upload,
  uploadedKey,
} from '../support/documents.ts';
import { minimalPdf, onePixelPng, sha256Base64, windowsExe } from '../support/files.ts';
import { handler as verifyUploadHandler } from '#functions/jobs/verify-upload.ts';
import { objectKeyOf } from '#functions/store/object-keys.ts';

const { api } = useLocalApi();

const BUCKET = process.env.BUCKET_NAME ?? '';

describe('R-DOC-1: presigned uploads verified by the server', () => {
  it('R-DOC-1: a PDF goes up through its presigned URL, is verified on confirm and comes back byte for byte', async () => {
    const w = await startDossier(api());
    const pdf = minimalPdf('Bao cao thanh tich 2025');
    const sha256 = sha256Base64(pdf);
    const fileName = 'Báo cáo thành tích – Nguyễn Văn A.pdf';

    const declared = await declare(api(), w.officer, w.dossierId, {
      kind: 'achievement_report',
      nominationId: w.nominationIds[0],
      data: pdf,
      fileName,
    });
    expect(declared.status, declared.text).toBe(201);
    const { documentId, uploadUrl, uploadHeaders, expiresAt, document } = declared.body;
    expect(uploadHeaders).toEqual({
      'content-type': PDF,
      'content-length': String(pdf.length),
      'x-amz-checksum-sha256': sha256,
    });
    expect(document).toMatchObject({
      documentId,
      dossierId: w.dossierId,
      kind: 'achievement_report',
      nominationId: w.nominationIds[0],
      status: 'pending',
      fileName,
      size: pdf.length,
      sha256,
      current: false,
    });
    expect(document).not.toHaveProperty('objectKey');
    // R-DOC-2: the key is the server's, with nothing of the file name; the URL is bound to type, size and
    // checksum and lives 15 minutes.
    const url = new URL(uploadUrl);
    expect(decodeURIComponent(url.pathname)).toBe(
      `/${BUCKET}/dossiers/${w.roundId}/${w.unitId}/${w.dossierId}/${documentId}`,
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;x-amz-checksum-sha256',
    );
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);

    // Exactly what a client does with the ticket.
    const put = await fetch(uploadUrl, { method: 'PUT', headers: uploadHeaders, body: pdf });
    expect(put.status).toBe(200);

    const confirmed = await confirm(api(), w.officer, documentId);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toEqual({ documentId, status: 'verified' });
    // Confirming again changes nothing.
    expect((await confirm(api(), w.officer, documentId)).body).toEqual({ documentId, status: 'verified' });

    const dossier = await dossierOf(api(), w.officer, w.dossierId);
    expect(dossier.documents).toEqual([
      expect.objectContaining({ documentId, status: 'verified', current: true }),
    ]);

    const download = await api().get(`/documents/${documentId}/download`, { token: w.officer });
    expect(download.status, download.text).toBe(200);
    expect(new URL(download.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(Date.parse(download.body.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(download.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    expect(file.headers.get('content-type')).toBe(PDF);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Bao cao thanh tich _ Nguyen Van A.pdf"; ` +
        `filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A0nh%20t%C3%ADch%20%E2%80%93%20Nguy%E1%BB%85n%20V%C4%83n%20A.pdf`,
    );

    // SPEC §6: the declaration and the verdict are audited.
    const audit = await api().get(`/audit?entityId=${documentId}`, { token: w.officer });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['declare', 'verify']);
  });

  it('R-DOC-1: a 1×1 PNG built in the test is verified as evidence of a nomination', async () => {
    const w = await startDossier(api());
    const png = onePixelPng();
    const { documentId, confirmed } = await putDocument(api(), w.officer, w.dossierId, {
      kind: 'evidence',
      nominationId: w.nominationIds[0],
      data: png,
      contentType: 'image/png',
      fileName: 'Quyết định công nhận sáng kiến.png',
    });
    expect(confirmed.body).toEqual({ documentId, status: 'verified' });
    const download = await api().get(`/documents/${documentId}/download`, { token: w.officer });
    const file = await fetch(download.body.url);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
  });

  it('R-DOC-1: bytes that differ from the declared SHA-256 are rejected, and a rejected document is never served', async () => {
    const w = await startDossier(api());
    const declaredPdf = minimalPdf('the file chosen');
    const otherPdf = minimalPdf('another file!!!'); // same length, other bytes
    expect(otherPdf.length).toBe(declaredPdf.length);
    const { documentId, confirmed } = await putDocument(
      api(),
      w.officer,
      w.dossierId,
      { kind: 'proposal_letter', data: declaredPdf },
      otherPdf,
    );
    expect(confirmed.body).toMatchObject({ documentId, status: 'rejected' });
    expect(confirmed.body.reason).toContain('SHA-256');

    const dossier = await dossierOf(api(), w.officer, w.dossierId);
    expect(dossier.documents[0]).toMatchObject({ documentId, status: 'rejected', current: false });
    expect(dossier.documents[0].reason).toContain('SHA-256');

    expectProblem(
      await api().get(`/documents/${documentId}/download`, { token: w.officer }),
      409,
      'INVALID_STATE',
    );
    // A rejected document stays rejected.
    expect((await confirm(api(), w.officer, documentId)).body).toMatchObject({ status: 'rejected' });
  });

  it('R-DOC-1: a truncated file is rejected', async () => {
    const w = await startDossier(api());
    const pdf = minimalPdf();
    const { confirmed } = await putDocument(
      api(),
      w.officer,
      w.dossierId,
      { kind: 'council_minutes', data: pdf },
      pdf.subarray(0, pdf.length - 40),
    );
    expect(confirmed.body.status).toBe('rejected');
    expect(confirmed.body.reason).toContain(`${pdf.length - 40} byte`);
  });

  it('R-DOC-1: a PNG declared as a PDF is rejected', async () => {
    const w = await startDossier(api());
    const { confirmed } = await putDocument(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: onePixelPng(),
      contentType: PDF,
      fileName: 'to-trinh.pdf',
    });
    expect(confirmed.body.status).toBe('rejected');
    expect(confirmed.body.reason).toContain('ảnh PNG');
  });

  it('R-DOC-1: an EXE renamed .pdf is rejected, with the reason in the caller’s language', async () => {
    const w = await startDossier(api());
    const exe = windowsExe();
    const declared = await declare(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: exe,
      fileName: 'to-trinh.pdf',
    });
    expect(declared.status, declared.text).toBe(201);
    await upload(declared.body, exe);
    const confirmed = await confirm(api(), w.officer, declared.body.documentId, { 'accept-language': 'en' });
    expect(confirmed.body.status).toBe('rejected');
    expect(confirmed.body.reason).toContain('Windows program');
    expectProblem(
      await api().get(`/documents/${declared.body.documentId}/download`, { token: w.officer }),
      409,
      'INVALID_STATE',
    );
  });

  it('R-DOC-1: a declaration over the campaign’s 25 MB is 413 and a disallowed type 415, storing nothing', async () => {
    const w = await startDossier(api());
    const pdf = minimalPdf();
    const big = await declare(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: pdf,
      size: 25 * 1024 * 1024 + 1,
    });
    expectProblem(big, 413, 'PAYLOAD_TOO_LARGE');
    const exe = await declare(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: windowsExe(),
      contentType: 'application/x-msdownload',
      fileName: 'setup.exe',
    });
    expectProblem(exe, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await dossierOf(api(), w.officer, w.dossierId)).documents).toEqual([]);
  });

  it('R-DOC-1: a confirm before any upload is 409 and the document stays pending, ready for the upload', async () => {
    const w = await startDossier(api());
    const pdf = minimalPdf();
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'proposal_letter', data: pdf });
    const early = await confirm(api(), w.officer, declared.body.documentId);
    expectProblem(early, 409, 'INVALID_STATE');
    expect((await dossierOf(api(), w.officer, w.dossierId)).documents[0].status).toBe('pending');

    await upload(declared.body, pdf);
    expect((await confirm(api(), w.officer, declared.body.documentId)).body.status).toBe('verified');
  });

  it("SPEC §8: another unit's document is 404 on confirm and download (never revealed)", async () => {
    const w = await startDossier(api());
    const { documentId } = await putDocument(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: minimalPdf(),
    });
    const stranger = await api().token('unit_officer', 'so-tu-phap');
    expectProblem(await confirm(api(), stranger, documentId), 404, 'NOT_FOUND');
    expectProblem(
      await api().get(`/documents/${documentId}/download`, { token: stranger }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await declare(api(), stranger, w.dossierId, { kind: 'proposal_letter', data: minimalPdf() }),
      404,
      'NOT_FOUND',
    );
    // Appraisers see a dossier once submitted, not its draft.
    const appraiser = await api().token('appraiser');
    expectProblem(
      await api().get(`/documents/${documentId}/download`, { token: appraiser }),
      404,
      'NOT_FOUND',
    );
    // An unknown id is the same 404.
    expectProblem(
      await api().get('/documents/no-such-document/download', { token: w.officer }),
      404,
      'NOT_FOUND',
    );
  });

  it('R-DOS-2: an achievement report needs a nomination of this dossier; dossier-level documents refuse one', async () => {
    const w = await startDossier(api());
    const other = await startDossier(api(), { unitId: w.unitId });
    const pdf = minimalPdf();
    const noNomination = await declare(api(), w.officer, w.dossierId, {
      kind: 'achievement_report',
      data: pdf,
    });
    expectProblem(noNomination, 400, 'VALIDATION_FAILED');
    expect(noNomination.body.errors[0].path).toBe('body.nominationId');
    const letterWithNomination = await declare(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      nominationId: w.nominationIds[0],
      data: pdf,
    });
    expectProblem(letterWithNomination, 400, 'VALIDATION_FAILED');
    const foreignNomination = await declare(api(), w.officer, w.dossierId, {
      kind: 'achievement_report',
      nominationId: other.nominationIds[0],
      data: pdf,
    });
    expectProblem(foreignNomination, 400, 'VALIDATION_FAILED');
    expect(foreignNomination.body.errors[0].path).toBe('body.nominationId');
  });

  it('R-DOS-2: a second upload for the same slot keeps both; the newest verified one is current', async () => {
    const w = await startDossier(api());
    const slot = { kind: 'achievement_report', nominationId: w.nominationIds[0] };
    const first = await putDocument(api(), w.officer, w.dossierId, {
      ...slot,
      data: minimalPdf('version 1'),
    });
    const second = await putDocument(api(), w.officer, w.dossierId, {
      ...slot,
      data: minimalPdf('version 2'),
    });
    // A later rejected upload does not displace the verified one.
    const third = await putDocument(
      api(),
      w.officer,
      w.dossierId,
      { ...slot, data: minimalPdf('version 3') },
      windowsExe(),
    );
    expect(third.confirmed.body.status).toBe('rejected');
    const { documents } = await dossierOf(api(), w.officer, w.dossierId);
    const byId = new Map(documents.map((d: { documentId: string }) => [d.documentId, d]));
    expect(documents).toHaveLength(3);
    expect(byId.get(first.documentId)).toMatchObject({ status: 'verified', current: false });
    expect(byId.get(second.documentId)).toMatchObject({ status: 'verified', current: true });
    expect(byId.get(third.documentId)).toMatchObject({ status: 'rejected', current: false });
    // Older verified versions can still be downloaded.
    expect((await api().get(`/documents/${first.documentId}/download`, { token: w.officer })).status).toBe(
      200,
    );
  });

  it('SPEC §8: the same Idempotency-Key and body declare one document once', async () => {
    const w = await startDossier(api());
    const file = { kind: 'proposal_letter', data: minimalPdf() };
    const headers = { 'idempotency-key': `declare-${w.dossierId}` };
    const a = await declare(api(), w.officer, w.dossierId, file, headers);
    const b = await declare(api(), w.officer, w.dossierId, file, headers);
    expect(a.status, a.text).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.documentId).toBe(a.body.documentId);
    expect((await dossierOf(api(), w.officer, w.dossierId)).documents).toHaveLength(1);
  });
});

describe('R-DOC-1: the S3 object-created event', () => {
  const eventFor = (key: string, bucket = BUCKET) => s3Event(key, bucket);
  const keyOf = (uploadUrl: string) => uploadedKey(uploadUrl, BUCKET);
  const invoke = (event: S3Event) => verifyUploadHandler(event, {} as Context);

  it('R-DOC-1: an upload is verified by the event alone, once, however often the event comes', async () => {
    const w = await startDossier(api());
    const pdf = minimalPdf();
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'proposal_letter', data: pdf });
    const event = eventFor(keyOf(declared.body.uploadUrl));

    // An event for an object not there (yet) leaves the document pending.
    expect(await invoke(event)).toMatchObject({ notUploaded: 1 });
    expect((await dossierOf(api(), w.officer, w.dossierId)).documents[0].status).toBe('pending');

    await upload(declared.body, pdf);
    expect(await invoke(event)).toEqual({ verified: 1, rejected: 0, notUploaded: 0, ignored: 0 });
    expect(await invoke(event)).toEqual({ verified: 1, rejected: 0, notUploaded: 0, ignored: 0 });
    expect((await dossierOf(api(), w.officer, w.dossierId)).documents[0].status).toBe('verified');
    // The later confirm finds it verified.
    expect((await confirm(api(), w.officer, declared.body.documentId)).body.status).toBe('verified');
    const audit = await api().get(`/audit?entityId=${declared.body.documentId}`, { token: w.officer });
    const verdicts = audit.body.items.filter((i: { action: string }) => i.action === 'verify');
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ actor: 'system:s3-event', role: 'system' });
  });

  it('R-DOC-1: a confirm racing the event records one verdict, with one audit record', async () => {
    const w = await startDossier(api());
    const pdf = minimalPdf();
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'council_minutes', data: pdf });
    await upload(declared.body, pdf);
    const [confirmed] = await Promise.all([
      confirm(api(), w.officer, declared.body.documentId),
      invoke(eventFor(keyOf(declared.body.uploadUrl))),
      invoke(eventFor(keyOf(declared.body.uploadUrl))),
    ]);
    expect(confirmed.body, confirmed.text).toMatchObject({ status: 'verified' });
    const audit = await api().get(`/audit?entityId=${declared.body.documentId}`, { token: w.officer });
    expect(audit.body.items.filter((i: { action: string }) => i.action === 'verify')).toHaveLength(1);
  });

  it('R-DOC-1: the event rejects a mismatching upload, with the reason in Vietnamese', async () => {
    const w = await startDossier(api());
    const declared = await declare(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: windowsExe(),
    });
    await upload(declared.body, windowsExe());
    expect(await invoke(eventFor(keyOf(declared.body.uploadUrl)))).toMatchObject({ rejected: 1 });
    const doc = (await dossierOf(api(), w.officer, w.dossierId)).documents[0];
    expect(doc.status).toBe('rejected');
    expect(doc.reason).toContain('chương trình Windows');
  });

  it('R-DOC-2: keys the server did not make, unknown documents and other buckets are ignored', async () => {
    const w = await startDossier(api());
    const declared = await declare(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: minimalPdf(),
    });
    const key = keyOf(declared.body.uploadUrl);
    expect(await invoke(eventFor('uploads/Báo cáo.pdf'))).toMatchObject({ ignored: 1 });
    expect(await invoke(eventFor(objectKeyOf({ ...w, documentId: 'not-a-document' })))).toMatchObject({
      ignored: 1,
    });
    // A key naming another dossier than the document's own.
    expect(
      await invoke(
        eventFor(objectKeyOf({ ...w, dossierId: 'other-dossier', documentId: declared.body.documentId })),
      ),
    ).toMatchObject({ ignored: 1 });
    expect(await invoke(eventFor(key, 'another-bucket'))).toMatchObject({ ignored: 1 });
  });
});
