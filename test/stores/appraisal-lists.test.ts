// The transactions that keep the Chairman's list honest, against DynamoDB Local, below the domain's own
// checks (which a request reads first): an appraisal decided on a round whose report was sent meanwhile, a
// report decided on a recommended list that changed meanwhile, and a grant of a nomination no sent report
// carried each write nothing (R-APP-1, R-AWD-1).

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { awardedCounterKey } from '#functions/store/keys.ts';
import { getItem } from '#functions/store/db.ts';
import { ReadAgain, saveAppraisal, saveAppraisalReport } from '#functions/store/appraisal.ts';
import { pendingListChange, roundCells, saveGrant } from '#functions/store/awards.ts';
import { getNomination, loadDossier, type NominationRecord } from '#functions/store/dossiers.ts';
import { createRoundRecord, getRound, type RoundRecord } from '#functions/store/rounds.ts';
import { transact } from '#functions/store/db.ts';
import { ANNUAL_TEST_QUOTAS } from '../support/fixtures.ts';
import { practiceCampaign, sentWithoutReport, submittedDossier } from '../support/stored.ts';

const ACTOR = { sub: 'store-test', role: 'system' };
const UNIT = 'so-tu-phap';

async function roundWith(statuses: ('recommended' | 'submitted')[]) {
  const at = new Date().toISOString();
  const round: RoundRecord = {
    roundId: `r-${randomUUID().slice(0, 8)}`,
    campaignId: await practiceCampaign(),
    kind: 'annual',
    year: 2025,
    submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    quotas: ANNUAL_TEST_QUOTAS,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await createRoundRecord(round, ACTOR, new Date());
  const dossier = await submittedDossier({
    roundId: round.roundId,
    unitId: UNIT,
    nominations: statuses.map((status) => ({
      nomineeType: 'individual',
      nominee: {
        unitId: UNIT,
        fullName: `Lò Văn ${randomUUID().slice(0, 6)}`,
        dateOfBirth: '1985-04-12',
        gender: 'male',
        position: 'Chuyên viên',
        staffCategory: 'cong_chuc',
      },
      criteriaClaimed: ['AI1'],
      status,
    })),
  });
  const nominations = await Promise.all(
    dossier.nominationIds.map(async (id) => (await getNomination(id)) as NominationRecord),
  );
  return { round, dossierId: dossier.dossierId, nominations };
}

const cellOf = async (roundId: string) =>
  getItem<Record<string, unknown>>(awardedCounterKey(roundId, 'province', 'individual'));

describe('the recommended list in the store', () => {
  it('R-APP-1: an appraisal decided before a report that was sent meanwhile writes nothing (read again)', async () => {
    const { round, dossierId, nominations } = await roundWith(['recommended']);
    const [before] = nominations as [NominationRecord];
    const now = new Date();
    const cells = await roundCells(round.roundId);
    // The report goes first...
    await saveAppraisalReport({
      before: round,
      after: { ...round, appraisalReports: 1, appraisalReportAt: now.toISOString(), version: 2 },
      cells,
      summary: [],
      note: undefined,
      actor: ACTOR,
      now,
    });
    // ...then a rejection decided on the round as it was read before it.
    const bundle = await loadDossier(dossierId);
    const after: NominationRecord = { ...before, status: 'rejected', version: before.version + 1 };
    await expect(
      saveAppraisal({
        before,
        after,
        round,
        dossier: bundle?.dossier as never,
        reason: 'đổi ý',
        actor: ACTOR,
        now,
      }),
    ).rejects.toBeInstanceOf(ReadAgain);
    expect((await getNomination(before.nominationId))?.status).toBe('recommended');
    expect((await roundCells(round.roundId)).lists.province.individual).toEqual({
      pending: [],
      sent: [before.nominationId],
    });
  });

  it('R-APP-1: a report decided on a list that an appraisal changed meanwhile writes nothing (read again)', async () => {
    const { round, nominations } = await roundWith(['recommended', 'submitted']);
    const [listed, late] = nominations as [NominationRecord, NominationRecord];
    const stale = await roundCells(round.roundId);
    // A recommendation lands between the report's read and its write.
    await transact([pendingListChange('add', late, [late.nominationId], new Date())]);
    const now = new Date();
    await expect(
      saveAppraisalReport({
        before: round,
        after: { ...round, appraisalReports: 1, appraisalReportAt: now.toISOString(), version: 2 },
        cells: stale,
        summary: [],
        note: undefined,
        actor: ACTOR,
        now,
      }),
    ).rejects.toBeInstanceOf(ReadAgain);
    expect((await getRound(round.roundId))?.appraisalReports).toBeUndefined();
    const cell = (await cellOf(round.roundId)) ?? {};
    expect(cell.sent).toBeUndefined();
    expect([...(cell.pending as Set<string>)].sort()).toEqual(
      [listed.nominationId, late.nominationId].sort(),
    );
  });

  it('R-AWD-1: a grant of a nomination no sent report carried writes nothing, even past the domain checks', async () => {
    const { round, nominations } = await roundWith(['recommended', 'recommended']);
    const [sent, unsent] = nominations as [NominationRecord, NominationRecord];
    await sentWithoutReport(round.roundId, [sent]);
    const now = new Date();
    const award = { decisionNo: '1/QĐ-UBND', decisionDate: '2025-12-20', at: now.toISOString() };
    const grantOf = (ns: NominationRecord[]) =>
      saveGrant({
        roundId: round.roundId,
        quotas: round.quotas,
        before: ns,
        after: ns.map((n) => ({ ...n, status: 'awarded', award, version: n.version + 1 })),
        cells: [{ tier: 'province', nomineeType: 'individual', count: ns.length }],
        award,
        nominationIds: ns.map((n) => n.nominationId),
        actor: ACTOR,
        now,
      });
    await expect(grantOf([sent, unsent])).rejects.toMatchObject({
      code: 'INVALID_STATE',
      items: [expect.objectContaining({ path: unsent.nominationId })],
    });
    expect((await getNomination(sent.nominationId))?.status).toBe('recommended');
    expect((await roundCells(round.roundId)).awarded.province.individual).toBe(0);

    await grantOf([sent]);
    expect((await getNomination(sent.nominationId))?.status).toBe('awarded');
    expect((await roundCells(round.roundId)).awarded.province.individual).toBe(1);
  });
});
