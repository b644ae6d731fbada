// Submitting and withdrawing dossiers (R-DOS-3, R-DL-1, R-DL-2, SPEC §6), end to end through the local HTTP
// server with real uploaded documents. Deadlines are moved through PATCH /rounds/{id} relative to the
// test's clock; the server checks them with its own.

import { describe, expect, it } from 'vitest';
import { type Api, useLocalApi } from '../support/client.ts';
import { expectProblem } from '../support/problems.ts';
import { addNomination, individual } from '../support/fixtures.ts';
import {
  ai3Nomination,
  completeDossier,
  confirm,
  declare,
  dossierOf,
  putDocument,
  startDossier,
  upload,
  type Workspace,
} from '../support/documents.ts';
import { minimalPdf } from '../support/files.ts';
import { setRoundDeadlines } from '../support/stored.ts';

const { api } = useLocalApi();

const submit = (a: Api, w: Workspace, version: number | undefined) =>
  a.post(`/dossiers/${w.dossierId}/submit`, {
    token: w.officer,
    ...(version === undefined ? {} : { headers: { 'if-match': `"${version}"` } }),
  });
const withdraw = (a: Api, w: Workspace, version: number) =>
  a.post(`/dossiers/${w.dossierId}/withdraw`, { token: w.officer, headers: { 'if-match': String(version) } });
const versionOf = async (a: Api, w: Workspace): Promise<number> =>
  (await dossierOf(a, w.officer, w.dossierId)).version;

const moveDeadline = async (a: Api, w: Workspace, deadline: Date, unitId?: string) => {
  const res = await a.patch(`/rounds/${w.roundId}`, {
    token: w.admin,
    body: {
      submissionDeadline: deadline.toISOString(),
      reason: unitId ? 'Gia hạn cho đơn vị do sự cố mạng' : 'Điều chỉnh hạn nộp',
      ...(unitId ? { unitId } : {}),
    },
  });
  expect(res.status, res.text).toBe(200);
};

describe('R-DOS-3: only a complete dossier is submitted', () => {
  it('R-DOS-3: a submit missing one achievement report is 422 DOSSIER_INCOMPLETE naming that nomination', async () => {
    const w = await startDossier(api(), { nominations: 2 });
    const [reported, missing] = w.nominationIds as [string, string];
    await completeDossier(api(), w, [reported]);

    const refused = await submit(api(), w, await versionOf(api(), w));
    expectProblem(refused, 422, 'DOSSIER_INCOMPLETE');
    const paths = refused.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual([`nominations.${missing}.achievement_report`]);
    expect((await dossierOf(api(), w.officer, w.dossierId)).status).toBe('draft');

    await putDocument(api(), w.officer, w.dossierId, {
      kind: 'achievement_report',
      nominationId: missing,
      data: minimalPdf('Bao cao 2'),
    });
    const version = await versionOf(api(), w);
    const submitted = await submit(api(), w, version);
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: version + 1 });
    expect(submitted.headers.get('etag')).toBe(`"${version + 1}"`);
    expect(Date.parse(submitted.body.submittedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(submitted.body.nominations.map((n: { status: string }) => n.status)).toEqual([
      'submitted',
      'submitted',
    ]);

    // SPEC §6: audited with the change, for the dossier and each nomination.
    const dossierAudit = await api().get(`/audit?entityId=${w.dossierId}`, { token: w.officer });
    expect(dossierAudit.body.items.at(-1)).toMatchObject({ action: 'submit', before: { status: 'draft' } });
    const nominationAudit = await api().get(`/audit?entityId=${missing}`, { token: w.officer });
    expect(nominationAudit.body.items.at(-1)).toMatchObject({
      action: 'submit',
      after: { status: 'submitted' },
    });

    // The appraisers now see it; the unit can no longer change it.
    const appraiser = await api().token('appraiser');
    expect((await api().get(`/dossiers/${w.dossierId}`, { token: appraiser })).status).toBe(200);
    expectProblem(
      await declare(api(), w.officer, w.dossierId, { kind: 'evidence', data: minimalPdf() }),
      409,
      'INVALID_STATE',
    );
  });

  it('R-DOC-3: a pending file does not hold the submission back; confirmed after it, it is rejected without touching the submitted dossier', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const evidence = minimalPdf('Quyet dinh cong nhan sang kien');
    const declared = await declare(api(), w.officer, w.dossierId, { kind: 'evidence', data: evidence });
    expect(declared.status, declared.text).toBe(201);
    // A pending evidence file does not hold the submission back.
    const submitted = await submit(api(), w, await versionOf(api(), w));
    expect(submitted.status, submitted.text).toBe(200);

    await upload(declared.body, evidence);
    const confirmed = await confirm(api(), w.officer, declared.body.documentId);
    expect(confirmed.body, confirmed.text).toMatchObject({ status: 'rejected' });
    const dossier = await dossierOf(api(), w.officer, w.dossierId);
    expect(dossier).toMatchObject({ status: 'submitted', version: submitted.body.version });
    expect(dossier.documents.find((d: { kind: string }) => d.kind === 'evidence')).toMatchObject({
      status: 'rejected',
      current: false,
    });
  });

  it('R-DOS-3: a dossier without documents lists every missing one at once', async () => {
    const w = await startDossier(api());
    const refused = await submit(api(), w, await versionOf(api(), w));
    expectProblem(refused, 422, 'DOSSIER_INCOMPLETE');
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'documents.proposal_letter',
      'documents.council_minutes',
      `nominations.${w.nominationIds[0]}.achievement_report`,
    ]);
  });
});

describe('R-DL-1, R-DL-2: the submission deadline, by the server clock', () => {
  it('R-DL-1: one second after the deadline is 422 DEADLINE_PASSED; just before it, the submit goes through', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const version = await versionOf(api(), w);

    // The deadline passes (an admin may not move it into the past, R-DL-2).
    await setRoundDeadlines(w.roundId, { submissionDeadline: new Date(Date.now() - 1_000).toISOString() });
    expectProblem(await submit(api(), w, version), 422, 'DEADLINE_PASSED');
    expect((await dossierOf(api(), w.officer, w.dossierId)).status).toBe('draft');

    // A few seconds of margin: the PATCH and the submit must both fit before the deadline.
    await moveDeadline(api(), w, new Date(Date.now() + 5_000));
    const accepted = await submit(api(), w, version);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.status).toBe('submitted');
  });

  it("R-DL-2: an extension for the unit re-allows a submit after the round's deadline", async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const version = await versionOf(api(), w);
    await setRoundDeadlines(w.roundId, { submissionDeadline: new Date(Date.now() - 1_000).toISOString() });
    const late = await submit(api(), w, version);
    expectProblem(late, 422, 'DEADLINE_PASSED');

    await moveDeadline(api(), w, new Date(Date.now() + 86_400_000), w.unitId);
    const extended = await submit(api(), w, version);
    expect(extended.status, extended.text).toBe(200);
    expect(extended.body.status).toBe('submitted');
  });
});

describe('SPEC §6: versions and the dossier lifecycle', () => {
  it('SPEC §6: submit with a stale If-Match is 412 and without one 428, changing nothing', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const version = await versionOf(api(), w);
    expectProblem(await submit(api(), w, version - 1), 412, 'VERSION_CONFLICT');
    expectProblem(await submit(api(), w, undefined), 428, 'VERSION_REQUIRED');
    const dossier = await dossierOf(api(), w.officer, w.dossierId);
    expect(dossier).toMatchObject({ status: 'draft', version });
  });

  it('SPEC §6: a submitted dossier cannot be withdrawn by the unit (409)', async () => {
    const w = await startDossier(api());
    await completeDossier(api(), w);
    const submitted = await submit(api(), w, await versionOf(api(), w));
    expect(submitted.status, submitted.text).toBe(200);
    expectProblem(await withdraw(api(), w, submitted.body.version), 409, 'INVALID_STATE');
    // Nor submitted twice.
    expectProblem(await submit(api(), w, submitted.body.version), 409, 'INVALID_STATE');
    expect((await dossierOf(api(), w.officer, w.dossierId)).status).toBe('submitted');
  });

  it('R-DUP-1: withdrawing a draft frees its nominee and the unit’s place in the round', async () => {
    const w = await startDossier(api(), { nominations: 0 });
    const nominee = individual(w.unitId);
    const { nominationId } = await addNomination(api(), w.officer, w.dossierId, ai3Nomination(nominee));
    // While the draft holds the nominee, a second nomination of the same person is refused.
    const twin = await api().post(`/dossiers/${w.dossierId}/nominations`, {
      token: w.officer,
      body: {
        nomineeType: 'individual',
        nominee,
        criteriaClaimed: ['AI3'],
        disciplineCompliance: true,
        achievementSummary: 'x',
        citationText: 'x',
      },
    });
    expectProblem(twin, 409, 'DUPLICATE_NOMINEE');

    const version = await versionOf(api(), w);
    expectProblem(await withdraw(api(), w, version - 1), 412, 'VERSION_CONFLICT');
    const withdrawn = await withdraw(api(), w, version);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: version + 1 });
    expect(withdrawn.body.nominations).toEqual([
      expect.objectContaining({ nominationId, status: 'withdrawn' }),
    ]);
    const audit = await api().get(`/audit?entityId=${nominationId}`, { token: w.officer });
    expect(audit.body.items.at(-1)).toMatchObject({ action: 'withdraw', after: { status: 'withdrawn' } });

    // A new dossier for the same round and unit can nominate the same person.
    const again = await api().post('/dossiers', {
      token: w.officer,
      body: { roundId: w.roundId, unitId: w.unitId },
    });
    expect(again.status, again.text).toBe(201);
    await addNomination(api(), w.officer, again.body.dossierId, ai3Nomination(nominee));
    // The withdrawn dossier stays withdrawn and closed to changes.
    expectProblem(await withdraw(api(), w, version + 1), 409, 'INVALID_STATE');
  });
});
