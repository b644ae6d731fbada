// The store calls behind the main dossier and nomination routes (SPEC §10: warm reads ≤ 3× one GetItem,
// writes ≤ 2.5× their transaction) and behind a round's read on a cold container, counted on the DynamoDB
// client, and the guarantees the shorter paths keep: an index result written is seen by the next read (the
// bound on results written through another container: test/stores/reference-cache.test.ts), an appraisal
// decides on the results stored now, another unit's objects 404 even when this container knows their ids, a
// deleted nomination 404, the version and ETag of the last write.

import { beforeAll, describe, expect, it } from 'vitest';
import { getItem, put, transact } from '#functions/store/db.ts';
import { refKey, roundKey } from '#functions/store/keys.ts';
import { getCampaign } from '#functions/store/rounds.ts';
import { indexResultItem, registryCache, UnitDirectory } from '#functions/store/units.ts';
import { useLocalApi } from '../support/client.ts';
import {
  addNomination,
  createDossier,
  createOpenRound,
  createUnit,
  ifMatch,
  individual,
  nominationBody,
  setIndexResult,
} from '../support/fixtures.ts';
import { expectProblem } from '../support/problems.ts';
import { countStoreCalls } from '../support/store-calls.ts';
import { submittedDossier } from '../support/stored.ts';

const { api } = useLocalApi();
const calls = countStoreCalls();
const YEAR = 2033;

let admin: string;

beforeAll(async () => {
  admin = await api().token('admin');
});

/** A unit of its own with a draft dossier holding a collective nomination (AC2) and an individual one. */
async function dossierOfNewUnit() {
  const unit = await createUnit(api(), admin, { tier: 'province', parScored: true });
  const officer = await api().token('unit_officer', unit.unitId);
  const { roundId } = await createOpenRound(api(), admin, { year: YEAR });
  const dossier = await createDossier(api(), officer, roundId, unit.unitId);
  const collective = await addNomination(
    api(),
    officer,
    dossier.dossierId,
    nominationBody({ unitId: unit.unitId }, { criteriaClaimed: ['AC2'] }),
  );
  const person = await addNomination(
    api(),
    officer,
    dossier.dossierId,
    nominationBody(individual(unit.unitId)),
  );
  return { unitId: unit.unitId, officer, roundId, dossierId: dossier.dossierId, collective, person };
}

/** The store calls one request makes, by operation, and in how many waves (see store-calls.ts). */
async function counted<T>(request: () => Promise<T>) {
  calls.reset();
  const result = await request();
  return { result, operations: Object.fromEntries(calls.operations), waves: calls.waves };
}

describe('warm reads: one Query', () => {
  it('GET /dossiers/{id}: the dossier partition only', async () => {
    const w = await dossierOfNewUnit();
    const get = () => api().get(`/dossiers/${w.dossierId}`, { token: w.officer });
    expect((await get()).status).toBe(200);
    const { result, operations, waves } = await counted(get);
    expect(result.status, result.text).toBe(200);
    expect(result.body.nominations).toHaveLength(2);
    // Units, their index results, the round and the campaign come from the container's copy
    // (REFERENCE_CACHE_SECONDS).
    expect(operations).toEqual({ QueryCommand: 1 });
    expect(waves).toBe(1);
  });

  it('GET /nominations/{id}: the same, the dossier’s Query filtered to that nomination', async () => {
    const w = await dossierOfNewUnit();
    const get = () => api().get(`/nominations/${w.person.nominationId}`, { token: w.officer });
    expect((await get()).status).toBe(200);
    const { result, operations, waves } = await counted(get);
    expect(result.status, result.text).toBe(200);
    expect(result.body.nominationId).toBe(w.person.nominationId);
    expect(operations).toEqual({ QueryCommand: 1 });
    expect(waves).toBe(1);
  });

  it('an id no nomination has is 404 once its id reference is read (an absent reference is never kept)', async () => {
    const w = await dossierOfNewUnit();
    for (let i = 0; i < 2; i++) {
      const unknown = await counted(() =>
        api().get('/nominations/00000000-0000-4000-8000-000000000000', { token: w.officer }),
      );
      expectProblem(unknown.result, 404, 'NOT_FOUND');
      expect(unknown.operations).toEqual({ GetItemCommand: 1 });
    }
  });
});

describe('ids this container has not seen (a cold container, or another container wrote them)', () => {
  it('a nomination’s id reference names its dossier and its round: GET /nominations/{id} reads the round beside the dossier', async () => {
    const unit = await createUnit(api(), admin, { tier: 'province', parScored: true });
    const { roundId } = await createOpenRound(api(), admin, { year: YEAR });
    // Written straight to the table, as another container would: this one has not learnt the ids.
    const stored = await submittedDossier({
      roundId,
      unitId: unit.unitId,
      nominations: [
        { nomineeType: 'individual', nominee: individual(unit.unitId), criteriaClaimed: ['AI1'] },
      ],
    });
    const nominationId = stored.nominationIds[0] as string;
    expect(await getItem(refKey(nominationId))).toMatchObject({ dossierId: stored.dossierId, roundId });
    // The registry and the campaign as a warm container holds them; the round and the ids are not known.
    const round = await getItem<{ campaignId: string }>(roundKey(roundId));
    await getCampaign(round?.campaignId ?? '');
    const units = new UnitDirectory(registryCache, { recentResults: true });
    await units.load(unit.unitId);
    await units.indexResultsOf([unit.unitId]);
    const appraiser = await api().token('appraiser');
    const { result, operations, waves } = await counted(() =>
      api().get(`/nominations/${nominationId}`, { token: appraiser }),
    );
    expect(result.status, result.text).toBe(200);
    expect(result.body.roundId).toBe(roundId);
    // The reference (GetItem), then the dossier's Query and the round's GetItem side by side.
    expect(operations).toEqual({ GetItemCommand: 2, QueryCommand: 1 });
    expect(waves).toBe(2);
  });
});

describe('what the shorter paths still guarantee', () => {
  it('SPEC §6: an appraisal decides on the index results stored now, though the GET routes keep a recent copy', async () => {
    const unit = await createUnit(api(), admin, { tier: 'province', parScored: true });
    const { roundId } = await createOpenRound(api(), admin);
    await setIndexResult(api(), admin, 2025, unit.unitId, { parIndexScore: 89.99, parIndexRank: 7 });
    const stored = await submittedDossier({
      roundId,
      unitId: unit.unitId,
      nominations: [
        { nomineeType: 'collective', nominee: { unitId: unit.unitId }, criteriaClaimed: ['AC2'] },
      ],
    });
    const nominationId = stored.nominationIds[0] as string;
    const appraiser = await api().token('appraiser');
    const shown = await api().get(`/nominations/${nominationId}`, { token: appraiser });
    expect(shown.body.eligibility.eligible, shown.text).toBe(false);
    // Another container imports the year's results: this one's copy is not told.
    await transact([
      put(
        indexResultItem({
          year: 2025,
          unitId: unit.unitId,
          parIndexScore: 90,
          parIndexRank: 6,
          updatedAt: new Date().toISOString(),
        }),
      ),
    ]);
    const decided = await api().post(`/nominations/${nominationId}/appraisal`, {
      token: appraiser,
      body: { decision: 'recommend' },
      headers: ifMatch(1),
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body).toMatchObject({ status: 'recommended', eligibility: { eligible: true } });
  });

  it('SPEC §4: an index result written through this container is seen at once by both reads', async () => {
    const w = await dossierOfNewUnit();
    const ac2 = async () => {
      const nomination = await api().get(`/nominations/${w.collective.nominationId}`, { token: w.officer });
      const dossier = await api().get(`/dossiers/${w.dossierId}`, { token: w.officer });
      const inDossier = dossier.body.nominations.find(
        (n: { nominationId: string }) => n.nominationId === w.collective.nominationId,
      );
      return [nomination.body.eligibility.criteria[0].status, inDossier.eligibility.criteria[0].status];
    };
    expect(await ac2()).toEqual(['needs_review', 'needs_review']);
    const put = await api().put(`/index-results/${YEAR}/${w.unitId}`, {
      token: admin,
      body: { parIndexScore: 90, parIndexRank: 4, satisfactionIndex: 80 },
    });
    expect(put.status, put.text).toBe(200);
    expect(await ac2()).toEqual(['met', 'met']);
  });

  it('NOT_FOUND: another unit’s officer gets 404 for ids this container already knows', async () => {
    const w = await dossierOfNewUnit();
    const other = await dossierOfNewUnit();
    // The owner's reads teach this container which dossier the ids belong to.
    expect((await api().get(`/dossiers/${w.dossierId}`, { token: w.officer })).status).toBe(200);
    expect((await api().get(`/nominations/${w.person.nominationId}`, { token: w.officer })).status).toBe(200);
    expectProblem(await api().get(`/dossiers/${w.dossierId}`, { token: other.officer }), 404, 'NOT_FOUND');
    expectProblem(
      await api().get(`/nominations/${w.person.nominationId}`, { token: other.officer }),
      404,
      'NOT_FOUND',
    );
  });

  it('a deleted nomination is 404 though this container knows its id', async () => {
    const w = await dossierOfNewUnit();
    const read = await api().get(`/nominations/${w.person.nominationId}`, { token: w.officer });
    expect(read.status).toBe(200);
    const deleted = await api().delete(`/nominations/${w.person.nominationId}`, {
      token: w.officer,
      headers: ifMatch(read.body.version),
    });
    expect(deleted.status, deleted.text).toBe(204);
    expectProblem(
      await api().get(`/nominations/${w.person.nominationId}`, { token: w.officer }),
      404,
      'NOT_FOUND',
    );
    const dossier = await api().get(`/dossiers/${w.dossierId}`, { token: w.officer });
    expect(dossier.body.nominations.map((n: { nominationId: string }) => n.nominationId)).not.toContain(
      w.person.nominationId,
    );
  });

  it('the next GET shows the last write: version and ETag of the nomination and of its dossier', async () => {
    const w = await dossierOfNewUnit();
    const before = await api().get(`/nominations/${w.person.nominationId}`, { token: w.officer });
    const dossierBefore = await api().get(`/dossiers/${w.dossierId}`, { token: w.officer });
    const patched = await api().patch(`/nominations/${w.person.nominationId}`, {
      token: w.officer,
      headers: ifMatch(before.body.version),
      body: { citationText: 'Đã có thành tích xuất sắc (sửa)' },
    });
    expect(patched.status, patched.text).toBe(200);
    const after = await api().get(`/nominations/${w.person.nominationId}`, { token: w.officer });
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.headers.get('etag')).toBe(`"${before.body.version + 1}"`);
    expect(after.body.citationText).toBe('Đã có thành tích xuất sắc (sửa)');
    const dossierAfter = await api().get(`/dossiers/${w.dossierId}`, { token: w.officer });
    expect(dossierAfter.body.version).toBe(dossierBefore.body.version + 1);
    expect(dossierAfter.headers.get('etag')).toBe(`"${dossierBefore.body.version + 1}"`);
  });

  it('a unit edit made through this container is seen at once by the dossier reads', async () => {
    const w = await dossierOfNewUnit();
    const status = async () =>
      (await api().get(`/nominations/${w.collective.nominationId}`, { token: w.officer })).body.eligibility
        .criteria[0].status;
    expect(await status()).toBe('needs_review');
    const unit = (await api().get(`/units/${w.unitId}`, { token: admin })).body;
    const edited = await api().put(`/units/${w.unitId}`, {
      token: admin,
      headers: ifMatch(unit.version),
      body: { name: unit.name, tier: unit.tier, parScored: false },
    });
    expect(edited.status, edited.text).toBe(200);
    // AC2 of a unit the province does not score is no longer left to the index (SPEC §4).
    expect(await status()).not.toBe('needs_review');
  });
});

describe('writes: the reads before the transaction', () => {
  it('POST /dossiers/{id}/nominations: the dossier and the round as stored now side by side, then one transaction', async () => {
    const w = await dossierOfNewUnit();
    const { result, operations, waves } = await counted(() =>
      api().post(`/dossiers/${w.dossierId}/nominations`, {
        token: w.officer,
        body: nominationBody(individual(w.unitId)),
      }),
    );
    expect(result.status, result.text).toBe(201);
    // The answer's eligibility on the nominee's index results as recently read (nothing is decided on them).
    expect(operations).toEqual({ QueryCommand: 1, GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    // The round's read starts beside the dossier's (the container knows the dossier's round): the reads,
    // then the transaction.
    expect(waves).toBe(2);
  });

  it('PATCH /nominations/{id}: the same reads, then the transaction', async () => {
    const w = await dossierOfNewUnit();
    const { result, operations, waves } = await counted(() =>
      api().patch(`/nominations/${w.person.nominationId}`, {
        token: w.officer,
        headers: ifMatch(w.person.version),
        body: { citationText: 'Sửa một lần' },
      }),
    );
    expect(result.status, result.text).toBe(200);
    expect(operations).toEqual({ QueryCommand: 1, GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(waves).toBe(2);
  });
});

describe("a round's requests on a cold container: the round brings its campaign (R-CAMP-2)", () => {
  /**
   * A round written straight to the table in a campaign of its own that this process never read (as a cold
   * container meets them), with the campaign it kept when it was created or, like an older record, without.
   */
  async function storedRound(keepsCampaign: boolean) {
    const { campaignCopy, PLAN_1109, roundRulesFrom } = await import('#domain/campaign.ts');
    const { create, getItem, strip, transact } = await import('#functions/store/db.ts');
    const { campaignKey } = await import('#functions/store/keys.ts');
    const { roundItem } = await import('#functions/store/rounds.ts');
    const { practiceCampaign } = await import('../support/stored.ts');
    const campaignId = await practiceCampaign();
    const campaign = await getItem(campaignKey(campaignId));
    if (!campaign) throw new Error('the practice campaign is missing');
    const at = new Date().toISOString();
    const round = {
      roundId: `r-cold-${campaignId}`,
      campaignId,
      ...roundRulesFrom(PLAN_1109, 'annual'),
      kind: 'annual' as const,
      year: YEAR,
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      ...(keepsCampaign ? { campaign: campaignCopy(strip(campaign)) } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await transact([create(roundItem(round))]);
    return round.roundId;
  }

  it('GET /rounds/{id}: no read of the campaign beside the round; a round stored without the copy reads it', async () => {
    const [kept, older] = [await storedRound(true), await storedRound(false)];
    const withCopy = await counted(() => api().get(`/rounds/${kept}`, { token: admin }));
    const without = await counted(() => api().get(`/rounds/${older}`, { token: admin }));
    expect(withCopy.result.status, withCopy.result.text).toBe(200);
    expect(without.result.status, without.result.text).toBe(200);
    // The round, its awards and its extensions side by side: one round trip.
    expect(withCopy.operations).toEqual({ GetItemCommand: 1, QueryCommand: 2 });
    expect(withCopy.waves).toBe(1);
    // An older round's campaign is read once the round names it (possibly while the Queries are in flight).
    expect(without.operations).toEqual({ GetItemCommand: 2, QueryCommand: 2 });
    expect(without.waves).toBeLessThanOrEqual(2);
  });
});
