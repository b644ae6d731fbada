// SPEC §1 and §8, scoping: a unit officer reads its own unit's and its sub-units' data and changes only
// its own; another unit's object is 404 (never revealed), and a refused change changes nothing.
// R-PROP-1/2: who may nominate whom. R-DOS-4: the citizen id is whole only for the proposing unit (and
// appraisers), masked elsewhere.

import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/client.ts';
import { expectInvalid, expectProblem } from '../support/problems.ts';
import {
  addNomination,
  createDossier,
  createOpenRound,
  individual,
  nominationBody,
} from '../support/fixtures.ts';
import { completeDossier } from '../support/documents.ts';

const { api } = useLocalApi();

const A = 'so-noi-vu';
const B = 'so-tu-phap';
const SUB_OF_A = 'snv-phong-cchc';
const CITIZEN_ID = '038085001234';
const MASKED = '********1234';

let admin: string;
let appraiser: string;
let approver: string;
let officerA: string;
let officerB: string;
let officerSub: string;
let roundId: string;
let dossierA: { dossierId: string; version: number };
let nominationA: Awaited<ReturnType<typeof addNomination>>;
let dossierSub: { dossierId: string; version: number };
let nominationSub: { nominationId: string; version: number };

beforeAll(async () => {
  [admin, appraiser, approver, officerA, officerB, officerSub] = await Promise.all([
    api().token('admin'),
    api().token('appraiser'),
    api().token('approver'),
    api().token('unit_officer', A),
    api().token('unit_officer', B),
    api().token('unit_officer', SUB_OF_A),
  ]);
  roundId = (await createOpenRound(api(), admin)).roundId;
  dossierA = await createDossier(api(), officerA, roundId, A);
  nominationA = await addNomination(
    api(),
    officerA,
    dossierA.dossierId,
    nominationBody(individual(A, { citizenId: CITIZEN_ID })),
  );
  dossierSub = await createDossier(api(), officerSub, roundId, SUB_OF_A);
  nominationSub = await addNomination(
    api(),
    officerSub,
    dossierSub.dossierId,
    nominationBody(individual(SUB_OF_A, { citizenId: '038085009876' })),
  );
});

/** A's dossier and nomination as A sees them now. */
async function snapshotOfA() {
  const dossier = await api().get(`/dossiers/${dossierA.dossierId}`, { token: officerA });
  const nomination = await api().get(`/nominations/${nominationA.nominationId}`, { token: officerA });
  expect(dossier.status).toBe(200);
  expect(nomination.status).toBe(200);
  return { dossier: dossier.body, nomination: nomination.body };
}

describe('SPEC §8 scoping: another unit’s objects do not exist for a unit officer', () => {
  it('NOT_FOUND: B reading A’s dossier, nomination and audit trail is 404', async () => {
    expectProblem(await api().get(`/dossiers/${dossierA.dossierId}`, { token: officerB }), 404, 'NOT_FOUND');
    expectProblem(
      await api().get(`/nominations/${nominationA.nominationId}`, { token: officerB }),
      404,
      'NOT_FOUND',
    );
    for (const entityId of [dossierA.dossierId, nominationA.nominationId]) {
      expectProblem(await api().get(`/audit?entityId=${entityId}`, { token: officerB }), 404, 'NOT_FOUND');
    }
  });

  it('NOT_FOUND: the 404 for another unit’s object reads like the 404 for an id that never existed', async () => {
    const theirs = await api().get(`/nominations/${nominationA.nominationId}`, { token: officerB });
    const none = await api().get('/nominations/never-existed-0000', { token: officerB });
    expect({ ...theirs.body, instance: undefined }).toEqual({ ...none.body, instance: undefined });
  });

  it('NOT_FOUND: B changing A’s nomination and dossier is 404 and nothing changes', async () => {
    const before = await snapshotOfA();
    const attempts = [
      api().patch(`/nominations/${nominationA.nominationId}`, {
        token: officerB,
        body: { citationText: 'sửa trái phép' },
        headers: { 'if-match': String(nominationA.version) },
      }),
      api().delete(`/nominations/${nominationA.nominationId}`, {
        token: officerB,
        headers: { 'if-match': String(nominationA.version) },
      }),
      api().patch(`/dossiers/${dossierA.dossierId}`, {
        token: officerB,
        body: { proposalNo: '99/TTr-STP' },
        headers: { 'if-match': String(before.dossier.version) },
      }),
      api().post(`/dossiers/${dossierA.dossierId}/nominations`, {
        token: officerB,
        body: nominationBody(individual(B)),
      }),
    ];
    for (const res of await Promise.all(attempts)) expectProblem(res, 404, 'NOT_FOUND');
    const after = await snapshotOfA();
    expect(after.dossier.version).toBe(before.dossier.version);
    expect(after.nomination.version).toBe(before.nomination.version);
    expect(after).toEqual(before);
    expect(after.dossier.nominations).toHaveLength(1);
  });

  it('SPEC §8 scoping: B listing with ?unitId=so-noi-vu sees nothing of A', async () => {
    for (const query of [`unitId=${A}`, `unitId=${A}&roundId=${roundId}`, `roundId=${roundId}`]) {
      const res = await api().get(`/dossiers?${query}`, { token: officerB });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.filter((d: { unitId: string }) => d.unitId !== B)).toEqual([]);
      expect(res.text).not.toContain(dossierA.dossierId);
    }
  });

  it('SPEC §8 scoping: A lists its own dossier of the round', async () => {
    const res = await api().get(`/dossiers?roundId=${roundId}`, { token: officerA });
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { dossierId: string }) => d.dossierId)).toContain(dossierA.dossierId);
  });
});

describe('SPEC §1 scoping: a parent unit reads its sub-units’ data but does not change it', () => {
  it('SPEC §1: so-noi-vu reads the dossier, nomination and audit trail of snv-phong-cchc', async () => {
    const dossier = await api().get(`/dossiers/${dossierSub.dossierId}`, { token: officerA });
    expect(dossier.status, dossier.text).toBe(200);
    expect(dossier.body.unitId).toBe(SUB_OF_A);
    expect((await api().get(`/nominations/${nominationSub.nominationId}`, { token: officerA })).status).toBe(
      200,
    );
    const audit = await api().get(`/audit?entityId=${dossierSub.dossierId}`, { token: officerA });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
  });

  it('NOT_FOUND: so-noi-vu cannot change its sub-unit’s dossier or nomination, and nothing changes', async () => {
    const before = await api().get(`/dossiers/${dossierSub.dossierId}`, { token: officerSub });
    const attempts = await Promise.all([
      api().patch(`/dossiers/${dossierSub.dossierId}`, {
        token: officerA,
        body: { signerName: 'Người khác' },
        headers: { 'if-match': String(before.body.version) },
      }),
      api().patch(`/nominations/${nominationSub.nominationId}`, {
        token: officerA,
        body: { citationText: 'sửa hộ' },
        headers: { 'if-match': String(nominationSub.version) },
      }),
      api().delete(`/nominations/${nominationSub.nominationId}`, {
        token: officerA,
        headers: { 'if-match': String(nominationSub.version) },
      }),
      api().post(`/dossiers/${dossierSub.dossierId}/nominations`, {
        token: officerA,
        body: nominationBody(individual(SUB_OF_A)),
      }),
    ]);
    for (const res of attempts) expectProblem(res, 404, 'NOT_FOUND');
    const after = await api().get(`/dossiers/${dossierSub.dossierId}`, { token: officerSub });
    expect(after.body).toEqual(before.body);
  });

  it('NOT_FOUND: the sub-unit cannot read its parent’s dossier', async () => {
    expectProblem(
      await api().get(`/dossiers/${dossierA.dossierId}`, { token: officerSub }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await api().get(`/nominations/${nominationA.nominationId}`, { token: officerSub }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('SPEC §1 scoping: reviewers see dossiers once submitted, admins always', () => {
  it('NOT_FOUND: appraisers and approvers do not see a draft dossier or its nominations', async () => {
    for (const token of [appraiser, approver]) {
      expectProblem(await api().get(`/dossiers/${dossierA.dossierId}`, { token }), 404, 'NOT_FOUND');
      expectProblem(await api().get(`/nominations/${nominationA.nominationId}`, { token }), 404, 'NOT_FOUND');
      const list = await api().get(`/dossiers?roundId=${roundId}`, { token });
      expect(list.status, list.text).toBe(200);
      expect(list.text).not.toContain(dossierA.dossierId);
    }
  });

  it('NOT_FOUND: nor the audit trail of a draft dossier or its nomination; the admin does', async () => {
    for (const token of [appraiser, approver]) {
      expectProblem(await api().get(`/audit?entityId=${dossierA.dossierId}`, { token }), 404, 'NOT_FOUND');
      expectProblem(
        await api().get(`/audit?entityId=${nominationA.nominationId}`, { token }),
        404,
        'NOT_FOUND',
      );
    }
    const asAdmin = await api().get(`/audit?entityId=${nominationA.nominationId}`, { token: admin });
    expect(asAdmin.status, asAdmin.text).toBe(200);
    expect(asAdmin.body.items.length).toBeGreaterThan(0);
  });

  it('SPEC §1: the admin reads the draft dossier, its nomination and the round’s list', async () => {
    expect((await api().get(`/dossiers/${dossierA.dossierId}`, { token: admin })).status).toBe(200);
    expect((await api().get(`/nominations/${nominationA.nominationId}`, { token: admin })).status).toBe(200);
    const list = await api().get(`/dossiers?roundId=${roundId}`, { token: admin });
    expect(list.body.items.map((d: { dossierId: string }) => d.dossierId)).toEqual(
      expect.arrayContaining([dossierA.dossierId, dossierSub.dossierId]),
    );
  });

  it('VALIDATION_FAILED: a province-wide list needs a roundId', async () => {
    expectInvalid(await api().get('/dossiers', { token: admin }), 'query.roundId');
  });
});

describe('R-DOS-4: the citizen id is whole for the proposing unit, masked elsewhere', () => {
  it('R-DOS-4: the proposing unit’s officer sees it whole (nomination and dossier)', async () => {
    const nomination = await api().get(`/nominations/${nominationA.nominationId}`, { token: officerA });
    expect(nomination.body.nominee.citizenId).toBe(CITIZEN_ID);
    const dossier = await api().get(`/dossiers/${dossierA.dossierId}`, { token: officerA });
    expect(dossier.body.nominations[0].nominee.citizenId).toBe(CITIZEN_ID);
  });

  it('R-DOS-4: the admin sees it masked ********1234 (nomination and dossier)', async () => {
    const nomination = await api().get(`/nominations/${nominationA.nominationId}`, { token: admin });
    expect(nomination.body.nominee.citizenId).toBe(MASKED);
    const dossier = await api().get(`/dossiers/${dossierA.dossierId}`, { token: admin });
    expect(dossier.body.nominations[0].nominee.citizenId).toBe(MASKED);
    expect(dossier.text).not.toContain(CITIZEN_ID);
  });

  it('R-DOS-4: the parent unit’s officer sees its sub-unit’s nominee masked', async () => {
    const res = await api().get(`/nominations/${nominationSub.nominationId}`, { token: officerA });
    expect(res.body.nominee.citizenId).toBe('********9876');
    expect(res.text).not.toContain('038085009876');
  });

  it('R-DOS-4: the audit trail does not show the whole citizen id to those who see it masked', async () => {
    const asAdmin = await api().get(`/audit?entityId=${nominationA.nominationId}`, { token: admin });
    expect(asAdmin.status, asAdmin.text).toBe(200);
    expect(asAdmin.body.items.length).toBeGreaterThan(0);
    expect(asAdmin.text).not.toContain(CITIZEN_ID);
    const asParent = await api().get(`/audit?entityId=${nominationSub.nominationId}`, { token: officerA });
    expect(asParent.status, asParent.text).toBe(200);
    expect(asParent.text).not.toContain('038085009876');
    // The proposing unit keeps seeing its own data whole.
    const asOwner = await api().get(`/audit?entityId=${nominationA.nominationId}`, { token: officerA });
    expect(asOwner.text).toContain(CITIZEN_ID);
    // The nominee key is storage plumbing that embeds the citizen id: it never leaves the store.
    for (const res of [asAdmin, asParent, asOwner]) expect(res.text).not.toContain('nomineeKey');
  });

  it('R-DOS-4: the answer to the creating POST shows it whole to its author', () => {
    expect(nominationA.nominee.citizenId).toBe(CITIZEN_ID);
  });

  it('R-DOS-4: once submitted, the appraiser sees it whole and the approver masked', async () => {
    const unitId = 'so-tai-chinh';
    const citizenId = '038090004321';
    const officer = await api().token('unit_officer', unitId);
    const dossier = await createDossier(api(), officer, roundId, unitId);
    const n = await addNomination(
      api(),
      officer,
      dossier.dossierId,
      nominationBody(individual(unitId, { citizenId })),
    );
    await completeDossier(api(), {
      admin,
      officer,
      unitId,
      roundId,
      dossierId: dossier.dossierId,
      nominationIds: [n.nominationId],
    });
    const version = (await api().get(`/dossiers/${dossier.dossierId}`, { token: officer })).body.version;
    const submitted = await api().post(`/dossiers/${dossier.dossierId}/submit`, {
      token: officer,
      headers: { 'if-match': String(version) },
    });
    expect(submitted.status, submitted.text).toBe(200);

    const asAppraiser = await api().get(`/nominations/${n.nominationId}`, { token: appraiser });
    expect(asAppraiser.status, asAppraiser.text).toBe(200);
    expect(asAppraiser.body.nominee.citizenId).toBe(citizenId);
    const asApprover = await api().get(`/nominations/${n.nominationId}`, { token: approver });
    expect(asApprover.status, asApprover.text).toBe(200);
    expect(asApprover.body.nominee.citizenId).toBe('********4321');
    const dossierAsApprover = await api().get(`/dossiers/${dossier.dossierId}`, { token: approver });
    expect(dossierAsApprover.text).not.toContain(citizenId);
    const auditAsApprover = await api().get(`/audit?entityId=${n.nominationId}`, { token: approver });
    expect(auditAsApprover.status).toBe(200);
    expect(auditAsApprover.text).not.toContain(citizenId);
    const auditAsAppraiser = await api().get(`/audit?entityId=${n.nominationId}`, { token: appraiser });
    expect(auditAsAppraiser.text).toContain(citizenId);
  });
});

describe('R-PROP-1/R-PROP-2: who a unit may nominate', () => {
  it('R-PROP-2: UBND tp-son-la may nominate an individual of its commune p-chieng-le', async () => {
    const district = await api().token('unit_officer', 'tp-son-la');
    const dossier = await createDossier(api(), district, roundId, 'tp-son-la');
    const res = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: district,
      body: nominationBody(individual('p-chieng-le')),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ tier: 'commune', proposingUnitId: 'tp-son-la' });
  });

  it('R-PROP-2: but not the commune collective p-chieng-le, nor an individual of x-chieng-son (h-moc-chau)', async () => {
    const district = await api().token('unit_officer', 'tp-son-la');
    const list = await api().get(`/dossiers?roundId=${roundId}`, { token: district });
    const dossierId = list.body.items.find((d: { unitId: string }) => d.unitId === 'tp-son-la').dossierId;
    const before = await api().get(`/dossiers/${dossierId}`, { token: district });
    const collective = await api().post(`/dossiers/${dossierId}/nominations`, {
      token: district,
      body: nominationBody({ unitId: 'p-chieng-le' }),
    });
    expectInvalid(collective, 'body.nominee.unitId');
    const otherDistrict = await api().post(`/dossiers/${dossierId}/nominations`, {
      token: district,
      body: nominationBody(individual('x-chieng-son')),
    });
    expectInvalid(otherDistrict, 'body.nominee.unitId');
    const after = await api().get(`/dossiers/${dossierId}`, { token: district });
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.nominations).toHaveLength(before.body.nominations.length);
  });

  it('R-PROP-1: a province unit may not nominate a district unit or its people', async () => {
    for (const nominee of [{ unitId: 'tp-son-la' }, individual('tp-son-la'), { unitId: B }, individual(B)]) {
      const res = await api().post(`/dossiers/${dossierA.dossierId}/nominations`, {
        token: officerA,
        body: nominationBody(nominee),
      });
      expectInvalid(res, 'body.nominee.unitId');
    }
  });

  it('R-PROP-1: a unit may nominate its same-tier sub-unit as a collective', async () => {
    const res = await api().post(`/dossiers/${dossierA.dossierId}/nominations`, {
      token: officerA,
      body: nominationBody({ unitId: SUB_OF_A }),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.tier).toBe('province');
  });

  it('NOT_FOUND: a commune officer does not see its district’s dossier', async () => {
    const commune = await api().token('unit_officer', 'p-chieng-le');
    const district = await api().token('unit_officer', 'tp-son-la');
    const list = await api().get(`/dossiers?roundId=${roundId}`, { token: district });
    const dossierId = list.body.items.find((d: { unitId: string }) => d.unitId === 'tp-son-la')?.dossierId;
    expect(dossierId).toBeDefined();
    expectProblem(await api().get(`/dossiers/${dossierId}`, { token: commune }), 404, 'NOT_FOUND');
  });
});
