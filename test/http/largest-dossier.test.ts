// R-DOS-5: the largest valid dossier — 32 nominations, every field at its maximum length, two nominee
// locks each — goes through every step with no 5xx: created, submitted, returned and withdrawn; opened
// again with the same nominees, submitted, appraised, reported, granted all in one decision (with four more
// of another unit: 36 at once) and exported. Real documents are uploaded (test/support/documents.ts); the
// four others are stored fixtures (test/support/stored.ts); the quotas of the round are large enough.

import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_NOMINATIONS_PER_DOSSIER } from '#domain/lifecycle.ts';
import { type Api, type ApiResponse, useLocalApi } from '../support/client.ts';
import { completeDossier, type Workspace } from '../support/documents.ts';
import { createOpenRound, createUnit, ifMatch, uniqueId } from '../support/fixtures.ts';
import { expectNoLeak } from '../support/problems.ts';
import { submittedDossier } from '../support/stored.ts';

const { api } = useLocalApi();

/** Every free-text field of the request schemas at its maximum (functions/schemas.ts). */
const MAX = {
  fullName: 200,
  position: 200,
  achievementSummary: 5000,
  citationText: 500,
  initiatives: 20,
  initiativeTitle: 300,
  decisionNo: 100,
  documentId: 64,
  proposalNo: 100,
  signerName: 200,
  signerTitle: 200,
  appraisalReason: 2000,
  reportNote: 2000,
  awardDecisionNo: 100,
} as const;

/**
 * `length` UTF-16 units ending with `tail`, each a Vietnamese letter of three UTF-8 bytes (the most bytes a
 * UTF-16 unit can take), so that every field weighs the most it may.
 */
const viet = (length: number, tail = '') => {
  const letters = 'ễệởữằẫặịọụ';
  return letters.repeat(Math.ceil(length / letters.length)).slice(0, length - tail.length) + tail;
};

const citizenIds = Array.from(
  { length: MAX_NOMINATIONS_PER_DOSSIER },
  () => `0${String(randomInt(10 ** 11)).padStart(11, '0')}`,
);

/** The i-th nomination at full size: an individual with a citizen id, claiming every annual criterion. */
const largest = (unitId: string, i: number) => ({
  nomineeType: 'individual',
  nominee: {
    unitId,
    fullName: viet(MAX.fullName, ` số ${i}`),
    dateOfBirth: '1980-01-01',
    gender: 'female',
    position: viet(MAX.position),
    staffCategory: 'cong_chuc',
    citizenId: citizenIds[i],
  },
  criteriaClaimed: ['AI1', 'AI2', 'AI3'],
  disciplineCompliance: true,
  achievementSummary: `${viet(MAX.achievementSummary / 2 - 1)}\n${viet(MAX.achievementSummary / 2)}`,
  citationText: viet(MAX.citationText),
  initiatives: Array.from({ length: MAX.initiatives }, (_, k) => ({
    title: viet(MAX.initiativeTitle, ` ${i}.${k}`),
    decisionNo: `${i}.${k}/QĐ-HĐSK`.padEnd(MAX.decisionNo, 'X'),
    recognizedOn: '2025-03-01',
    council: 'provincial_initiative',
    applied: true,
    documentId: `doc-${i}-${k}`.padEnd(MAX.documentId, 'x'),
  })),
});

/** No 5xx, and the status expected. */
const ok = (res: ApiResponse, status = 200) => {
  expectNoLeak(res);
  expect(res.status, res.text.slice(0, 500)).toBe(status);
  return res;
};

/** A dossier of 32 full-size nominations with every required document verified; its workspace. */
async function fullDossier(a: Api, w: Omit<Workspace, 'dossierId' | 'nominationIds'>): Promise<Workspace> {
  const created = ok(
    await a.post('/dossiers', {
      token: w.officer,
      body: {
        roundId: w.roundId,
        unitId: w.unitId,
        proposalNo: `12/TTr-${'X'.repeat(MAX.proposalNo - 7)}`,
        proposalDate: '2025-11-20',
        signerName: viet(MAX.signerName),
        signerTitle: viet(MAX.signerTitle),
      },
    }),
    201,
  );
  const dossierId = created.body.dossierId as string;
  const nominationIds: string[] = [];
  for (let i = 0; i < MAX_NOMINATIONS_PER_DOSSIER; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        a.post(`/dossiers/${dossierId}/nominations`, { token: w.officer, body: largest(w.unitId, i + k) }),
      ),
    );
    for (const res of batch) nominationIds.push(ok(res, 201).body.nominationId);
  }
  const workspace = { ...w, dossierId, nominationIds };
  await completeDossier(a, workspace);
  return workspace;
}

const versionOf = async (a: Api, w: Workspace) =>
  ok(await a.get(`/dossiers/${w.dossierId}`, { token: w.officer })).body.version as number;

describe('R-DOS-5: the largest valid dossier, step by step', () => {
  it('R-DOS-5: 32 full-size nominations are created, submitted, returned, withdrawn; again submitted, appraised, reported, granted in one decision (36 with another unit’s) and exported', {
    timeout: 300_000,
  }, async () => {
    const a = api();
    const admin = await a.token('admin');
    const appraiser = await a.token('appraiser');
    const approver = await a.token('approver');
    const unit = await createUnit(a, admin, { tier: 'province' });
    const officer = await a.token('unit_officer', unit.unitId);
    const cell = { collective: 40, individual: 40 };
    const round = await createOpenRound(a, admin, {
      quotas: { province: cell, district: cell, commune: cell },
    });
    const base = { admin, officer, unitId: unit.unitId, roundId: round.roundId };

    // Created and submitted: 32 nominations and their audit records in one transaction.
    const first = await fullDossier(a, base);
    const submitted = ok(
      await a.post(`/dossiers/${first.dossierId}/submit`, {
        token: officer,
        headers: ifMatch(await versionOf(a, first)),
      }),
    );
    expect(submitted.body.nominations).toHaveLength(MAX_NOMINATIONS_PER_DOSSIER);
    expect(new Set(submitted.body.nominations.map((n: { status: string }) => n.status))).toEqual(
      new Set(['submitted']),
    );
    // The audit trail shows what the submit changed, not two copies of the nomination.
    const trail = ok(await a.get(`/audit?entityId=${first.nominationIds[0]}`, { token: officer }));
    expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual(['create', 'submit']);
    const [creation, submission] = trail.body.items;
    expect(creation.after.achievementSummary).toHaveLength(MAX.achievementSummary);
    expect(submission).toMatchObject({
      before: { status: 'draft', version: 1 },
      after: { status: 'submitted', version: 2 },
    });
    expect(submission.after).not.toHaveProperty('achievementSummary');

    // Returned by the appraiser (a reason at full length), then withdrawn whole by the unit.
    const [returnedId] = first.nominationIds;
    ok(
      await a.post(`/nominations/${returnedId}/appraisal`, {
        token: appraiser,
        body: { decision: 'return', reason: viet(MAX.appraisalReason) },
        headers: ifMatch(2),
      }),
    );
    const withdrawn = ok(
      await a.post(`/dossiers/${first.dossierId}/withdraw`, {
        token: officer,
        headers: ifMatch(await versionOf(a, first)),
      }),
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.nominations.map((n: { status: string }) => n.status)).toEqual(
      Array(MAX_NOMINATIONS_PER_DOSSIER).fill('withdrawn'),
    );

    // The same 32 nominees in a new dossier: every lock left by the withdrawal is taken over.
    const second = await fullDossier(a, base);
    const resubmitted = ok(
      await a.post(`/dossiers/${second.dossierId}/submit`, {
        token: officer,
        headers: ifMatch(await versionOf(a, second)),
      }),
    );
    const versions = new Map<string, number>(
      resubmitted.body.nominations.map((n: { nominationId: string; version: number }) => [
        n.nominationId,
        n.version,
      ]),
    );

    // Appraised one by one: all 32 recommended (AI1 verified, the council minutes are there).
    for (const nominationId of second.nominationIds) {
      const res = ok(
        await a.post(`/nominations/${nominationId}/appraisal`, {
          token: appraiser,
          body: { decision: 'recommend', verifiedCriteria: ['AI1'], reason: viet(MAX.appraisalReason) },
          headers: ifMatch(versions.get(nominationId) ?? 0),
        }),
      );
      expect(res.body.status).toBe('recommended');
    }
    // Another unit's four full-size nominations, recommended too.
    const other = await createUnit(a, admin, { tier: 'province' });
    const four = await submittedDossier({
      roundId: round.roundId,
      unitId: other.unitId,
      nominations: [0, 1, 2, 3].map((i) => {
        const body = largest(other.unitId, i);
        return {
          nomineeType: 'individual' as const,
          nominee: { ...body.nominee, citizenId: `9${String(randomInt(10 ** 11)).padStart(11, '0')}` },
          criteriaClaimed: ['AI1' as const],
          initiatives: body.initiatives.map((x) => ({ ...x, council: 'provincial_initiative' as const })),
          achievementSummary: body.achievementSummary,
          citationText: body.citationText,
          status: 'recommended' as const,
        };
      }),
    });
    ok(
      await a.post(`/rounds/${round.roundId}/appraisal-report`, {
        token: appraiser,
        body: { note: viet(MAX.reportNote) },
      }),
    );

    // Granted all 32, and the other four, in one decision: 36 nominations and their audit records in one
    // transaction.
    const decisionNo = `${uniqueId('qd')}/QĐ-UBND`.padEnd(MAX.awardDecisionNo, 'X');
    const nominationIds = [...second.nominationIds, ...four.nominationIds];
    const granted = ok(
      await a.post(`/rounds/${round.roundId}/awards`, {
        token: approver,
        body: { nominationIds, decisionNo, decisionDate: '2025-12-15' },
      }),
    );
    expect(granted.body.awarded).toHaveLength(36);

    // Exported: the award list (CSV and XLSX) and the appraisers' working list.
    const csv = ok(await a.get(`/rounds/${round.roundId}/awards.csv`, { token: approver }));
    expect(csv.text.split('\n').filter((line) => line.includes(decisionNo))).toHaveLength(36);
    const xlsx = ok(await a.get(`/rounds/${round.roundId}/awards.xlsx`, { token: approver }));
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    ok(await a.get(`/rounds/${round.roundId}/nominations.csv`, { token: appraiser }));
  });
});
