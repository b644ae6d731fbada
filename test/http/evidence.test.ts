// R-DOC-3 end to end: evidence freezes at submission. Real uploads through presigned URLs to s3rver, the
// confirm route and the S3 object-created event, against DynamoDB Local. A document whose slot froze after
// it was declared ends rejected, with that reason, is never served and never becomes current; a returned
// dossier opens again only for its returned nominations and its dossier-level documents.

import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as verifyUploadHandler } from '#functions/jobs/verify-upload.ts';
import { verifyDocument } from '#functions/lib/verify-document.ts';
import { loadDossier } from '#functions/store/dossiers.ts';
import { type Api, useLocalApi } from '../support/client.ts';
import {
  completeDossier,
  confirm,
  declare,
  dossierOf,
  putDocument,
  s3Event,
  startDossier,
  upload,
  uploadedKey,
  type Workspace,
} from '../support/documents.ts';
import { minimalPdf } from '../support/files.ts';
import { createOpenRound, createUnit, ifMatch, individual, setIndexResult } from '../support/fixtures.ts';
import { expectProblem } from '../support/problems.ts';
import { submittedDossier } from '../support/stored.ts';

const { api } = useLocalApi();
const BUCKET = process.env.BUCKET_NAME ?? '';

const submit = async (a: Api, w: Workspace) => {
  const { version } = await dossierOf(a, w.officer, w.dossierId);
  const res = await a.post(`/dossiers/${w.dossierId}/submit`, {
    token: w.officer,
    headers: ifMatch(version),
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

type Doc = {
  documentId: string;
  kind: string;
  nominationId?: string;
  status: string;
  current: boolean;
  reason?: string;
};
const docs = async (w: Workspace, lang?: string): Promise<Map<string, Doc>> => {
  const res = await api().get(`/dossiers/${w.dossierId}`, {
    token: w.officer,
    ...(lang ? { headers: { 'accept-language': lang } } : {}),
  });
  expect(res.status, res.text).toBe(200);
  return new Map((res.body.documents as Doc[]).map((d) => [d.documentId, d]));
};
const currentIds = (documents: Map<string, Doc>) =>
  [...documents.values()]
    .filter((d) => d.current)
    .map((d) => d.documentId)
    .sort();

const download = (w: Workspace, documentId: string) =>
  api().get(`/documents/${documentId}/download`, { token: w.officer });

describe('R-DOC-3: a submitted dossier keeps the evidence it was submitted with', () => {
  it('R-DOC-3: a second proposal letter declared before the submit and confirmed after it ends rejected, not current, never served', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const late = minimalPdf('To trinh moi');
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'proposal_letter', data: late });
    expect(declared.status, declared.text).toBe(201);
    const submitted = await submit(api(), w);
    const before = currentIds(await docs(w));

    await upload(declared.body, late);
    const confirmed = await confirm(api(), w.officer, declared.body.documentId, { 'accept-language': 'en' });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ documentId: declared.body.documentId, status: 'rejected' });
    expect(confirmed.body.reason).toContain('too late');
    expect(confirmed.body.reason).toContain('the dossier is submitted');

    const after = await docs(w);
    expect(after.get(declared.body.documentId)).toMatchObject({ status: 'rejected', current: false });
    expect(after.get(declared.body.documentId)?.reason).toContain('quá muộn');
    expect(currentIds(after)).toEqual(before);
    expectProblem(await download(w, declared.body.documentId), 409, 'INVALID_STATE');
    // The submitted dossier itself did not move.
    expect((await dossierOf(api(), w.officer, w.dossierId)).version).toBe(submitted.version);
    // The verdict is audited with its reason.
    const audit = await api().get(`/audit?entityId=${declared.body.documentId}`, { token: w.officer });
    expect(audit.body.items.at(-1)).toMatchObject({
      action: 'reject',
      reason: expect.stringContaining('quá muộn'),
    });
    // R-I18N-1: confirmed by an English reader, the reason is stored in no one language: each reader
    // gets it in theirs, in the audit trail too.
    expect(audit.body.items.at(-1).reason).not.toContain('too late');
    const auditEn = await api().get(`/audit?entityId=${declared.body.documentId}`, {
      token: w.officer,
      headers: { 'accept-language': 'en' },
    });
    expect(auditEn.body.items.at(-1).reason).toContain('too late');
    expect(auditEn.body.items.at(-1).reason).not.toContain('quá muộn');
    expect((await docs(w, 'en')).get(declared.body.documentId)?.reason).toContain('too late');
  });

  it('R-DOC-3: a confirm after the submit is rejected even when the file never arrived', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const declared = await declare(api(), w.officer, w.dossierId, {
      kind: 'evidence',
      nominationId: w.nominationIds[0],
      data: minimalPdf('Quyet dinh'),
    });
    await submit(api(), w);
    const confirmed = await confirm(api(), w.officer, declared.body.documentId);
    expect(confirmed.body, confirmed.text).toMatchObject({ status: 'rejected' });
    expect(confirmed.body.reason).toContain('hồ sơ đã nộp');
  });

  it('R-DOC-3: the S3 event of an upload that lands after the submit rejects it too', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const late = minimalPdf('Bien ban moi');
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'council_minutes', data: late });
    await submit(api(), w);
    const before = currentIds(await docs(w));

    await upload(declared.body, late);
    const event = s3Event(uploadedKey(declared.body.uploadUrl, BUCKET), BUCKET);
    expect(await verifyUploadHandler(event, {} as Context)).toEqual({
      verified: 0,
      rejected: 1,
      notUploaded: 0,
      ignored: 0,
    });
    const after = await docs(w);
    expect(after.get(declared.body.documentId)).toMatchObject({ status: 'rejected', current: false });
    expect(after.get(declared.body.documentId)?.reason).toContain('quá muộn');
    expect(currentIds(after)).toEqual(before);
    // The confirm that follows finds it rejected; it is never served.
    expect((await confirm(api(), w.officer, declared.body.documentId)).body.status).toBe('rejected');
    expectProblem(await download(w, declared.body.documentId), 409, 'INVALID_STATE');
    const audit = await api().get(`/audit?entityId=${declared.body.documentId}`, { token: w.officer });
    expect(audit.body.items.at(-1)).toMatchObject({ action: 'reject', actor: 'system:s3-event' });
  });

  it('R-DOC-3: a verification decided on a read from before the submit is not written as verified', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const late = minimalPdf('Ban moi');
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'proposal_letter', data: late });
    await upload(declared.body, late);
    // A verifier that read the dossier while it was a draft, and writes only after the submit.
    const stale = await loadDossier(w.dossierId);
    await submit(api(), w);
    const outcome = await verifyDocument({
      dossierId: w.dossierId,
      documentId: declared.body.documentId,
      actor: { sub: 'test', role: 'system' },
      now: new Date(),
      bundle: stale,
    });
    expect(outcome?.document.status).toBe('rejected');
    expect((await docs(w)).get(declared.body.documentId)).toMatchObject({
      status: 'rejected',
      current: false,
    });
  });

  it('R-DOC-3: a submitted dossier refuses a declaration with 409 INVALID_STATE naming why', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    await submit(api(), w);
    const refused = await declare(
      api(),
      w.officer,
      w.dossierId,
      { kind: 'proposal_letter', data: minimalPdf() },
      { 'accept-language': 'en' },
    );
    expectProblem(refused, 409, 'INVALID_STATE');
    expect(refused.body.detail).toContain('the dossier is submitted');
  });
});

describe('R-DOC-3: a returned dossier opens only what was returned', () => {
  let unitId: string;

  beforeAll(async () => {
    const admin = await api().token('admin');
    unitId = (await createUnit(api(), admin, { tier: 'province', parScored: true })).unitId;
    // AI3 met: the unit's PAR Index and SIPAS average ≥ 90 (so a nomination can be recommended).
    await setIndexResult(api(), admin, 2025, unitId, {
      parIndexScore: 95,
      parIndexRank: 1,
      satisfactionIndex: 95,
    });
  });

  /** Two nominations submitted; the first recommended, the second returned. Also a report of the first
   * declared and uploaded while the dossier was a draft, but not yet confirmed. */
  async function returnedDossier() {
    const w = await startDossier(api(), { unitId, nominations: 2 });
    const [kept, returned] = w.nominationIds as [string, string];
    await completeDossier(api(), w);
    const pendingData = minimalPdf('Bao cao bo sung');
    const pending = await declare(api(), w.officer, w.dossierId, {
      kind: 'achievement_report',
      nominationId: kept,
      data: pendingData,
    });
    expect(pending.status, pending.text).toBe(201);
    await upload(pending.body, pendingData);
    await submit(api(), w);
    const appraiser = await api().token('appraiser');
    const recommend = await api().post(`/nominations/${kept}/appraisal`, {
      token: appraiser,
      headers: ifMatch(2),
      body: { decision: 'recommend' },
    });
    expect(recommend.status, recommend.text).toBe(200);
    const back = await api().post(`/nominations/${returned}/appraisal`, {
      token: appraiser,
      headers: ifMatch(2),
      body: { decision: 'return', reason: 'Bổ sung báo cáo thành tích' },
    });
    expect(back.status, back.text).toBe(200);
    expect((await dossierOf(api(), w.officer, w.dossierId)).status).toBe('returned');
    return { w, kept, returned, pendingId: pending.body.documentId as string };
  }

  it('R-DOC-3: the report of a recommended nomination cannot be replaced (409 naming why); a late confirm of it is rejected', async () => {
    const { w, kept, pendingId } = await returnedDossier();
    const before = currentIds(await docs(w));
    const refused = await declare(
      api(),
      w.officer,
      w.dossierId,
      { kind: 'achievement_report', nominationId: kept, data: minimalPdf('Thay bao cao') },
      { 'accept-language': 'en' },
    );
    expectProblem(refused, 409, 'INVALID_STATE');
    expect(refused.body.detail).toContain('has been appraised (recommended)');
    const evidence = await declare(api(), w.officer, w.dossierId, {
      kind: 'evidence',
      nominationId: kept,
      data: minimalPdf('Minh chung'),
    });
    expectProblem(evidence, 409, 'INVALID_STATE');
    expect(evidence.body.detail).toContain('đã được thẩm định');

    const confirmed = await confirm(api(), w.officer, pendingId);
    expect(confirmed.body, confirmed.text).toMatchObject({ status: 'rejected' });
    expect(confirmed.body.reason).toContain('đề nghị khen thưởng đã được thẩm định');
    const after = await docs(w);
    expect(after.get(pendingId)).toMatchObject({ status: 'rejected', current: false });
    expect(currentIds(after)).toEqual(before);
  });

  it('R-DOC-3: the returned nomination and the dossier-level documents may change, and the new ones are current', async () => {
    const { w, returned } = await returnedDossier();
    const before = await docs(w);
    const report = await putDocument(api(), w.officer, w.dossierId, {
      kind: 'achievement_report',
      nominationId: returned,
      data: minimalPdf('Bao cao da bo sung'),
    });
    expect(report.confirmed.body.status).toBe('verified');
    const letter = await putDocument(api(), w.officer, w.dossierId, {
      kind: 'proposal_letter',
      data: minimalPdf('To trinh bo sung'),
    });
    expect(letter.confirmed.body.status).toBe('verified');
    const after = await docs(w);
    expect(after.get(report.documentId)?.current).toBe(true);
    expect(after.get(letter.documentId)?.current).toBe(true);
    // The documents they replace stay, verified but no longer current.
    const replaced = [...before.values()].filter(
      (d) =>
        d.current &&
        (d.kind === 'proposal_letter' || (d.kind === 'achievement_report' && d.nominationId === returned)),
    );
    expect(replaced).toHaveLength(2);
    for (const d of replaced)
      expect(after.get(d.documentId)).toMatchObject({ status: 'verified', current: false });
  });

  it('R-DOC-3: an awarded nomination of a returned dossier takes no document', async () => {
    const admin = await api().token('admin');
    const round = await createOpenRound(api(), admin);
    const officer = await api().token('unit_officer', unitId);
    const stored = await submittedDossier({
      roundId: round.roundId,
      unitId,
      status: 'returned',
      nominations: [
        {
          nomineeType: 'individual',
          nominee: individual(unitId),
          criteriaClaimed: ['AI3'],
          status: 'awarded',
        },
        {
          nomineeType: 'individual',
          nominee: individual(unitId),
          criteriaClaimed: ['AI3'],
          status: 'returned',
        },
      ],
    });
    const [awarded, returned] = stored.nominationIds as [string, string];
    const refused = await declare(api(), officer, stored.dossierId, {
      kind: 'achievement_report',
      nominationId: awarded,
      data: minimalPdf(),
    });
    expectProblem(refused, 409, 'INVALID_STATE');
    expect(refused.body.detail).toContain('được khen thưởng');
    const accepted = await declare(api(), officer, stored.dossierId, {
      kind: 'achievement_report',
      nominationId: returned,
      data: minimalPdf(),
    });
    expect(accepted.status, accepted.text).toBe(201);
  });
});
