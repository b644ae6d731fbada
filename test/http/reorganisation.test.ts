// A reorganisation of the registry loaded as one CSV file (R-UNIT-1), and what it implies (R-UNIT-1,
// R-UNIT-2): since 1 July 2025 a district is abolished and three of its communes form a new one; the old
// units open, submit and are nominated no more, their history stays readable, the new commune works, and its
// period criteria before it was formed await an appraiser, who sees its predecessors' results.

import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/client.ts';
import {
  addNomination,
  createDossier,
  createOpenRound,
  createUnit,
  ifMatch,
  individual,
  listAll,
  nominationBody,
  setIndexResult,
  uniqueId,
} from '../support/fixtures.ts';
import { expectInvalid, expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();
const HEADER = 'unitId,name,tier,parentUnitId,parScored,validFrom,validTo,successorUnitIds';

const importCsv = async (csv: string, token: string) =>
  api().post('/units:import', { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });

const PRE_YEARS = [2021, 2022, 2023, 2024];

describe('R-UNIT-1, R-UNIT-2: a district abolished and three communes merged, in one file', () => {
  let admin: string;
  const district = uniqueId('h-van-ho');
  const communes = [uniqueId('x-long-luong'), uniqueId('x-chieng-yen'), uniqueId('x-muong-men')] as const;
  const merged = uniqueId('x-van-ho');
  let annualRoundId: string;
  let oldDossier: { dossierId: string };
  let oldNominationId: string;
  const department = uniqueId('so-thu');
  const office = uniqueId('so-thu-phong');
  let departmentDossier: { dossierId: string };

  beforeAll(async () => {
    admin = await api().token('admin');
    await createUnit(api(), admin, { tier: 'district', unitId: district, name: 'UBND huyện Vân Hồ (thử)' });
    const names = ['UBND xã Lóng Luông (thử)', 'UBND xã Chiềng Yên (thử)', 'UBND xã Mường Men (thử)'];
    for (const [i, unitId] of communes.entries()) {
      await createUnit(api(), admin, { tier: 'commune', unitId, parentUnitId: district, name: names[i] });
      for (const year of PRE_YEARS) {
        await setIndexResult(api(), admin, year, unitId, {
          parIndexScore: 90 + i,
          satisfactionIndex: 91 + year - 2021,
        });
      }
    }
    // Before the reorganisation is recorded: a dossier of the first commune, with a nomination.
    annualRoundId = (await createOpenRound(api(), admin)).roundId;
    const officer = await api().token('unit_officer', communes[0]);
    oldDossier = await createDossier(api(), officer, annualRoundId, communes[0]);
    oldNominationId = (
      await addNomination(api(), officer, oldDossier.dossierId, nominationBody({ unitId: communes[0] }))
    ).nominationId;

    // And a department's dossier nominating one of its offices, which the reorganisation abolishes.
    await createUnit(api(), admin, { tier: 'province', unitId: department });
    await createUnit(api(), admin, {
      tier: 'province',
      unitId: office,
      parentUnitId: department,
      name: 'Phòng thử',
    });
    const departmentOfficer = await api().token('unit_officer', department);
    departmentDossier = await createDossier(api(), departmentOfficer, annualRoundId, department);
    await addNomination(
      api(),
      departmentOfficer,
      departmentDossier.dossierId,
      nominationBody({ unitId: office }),
    );

    const csv = [
      HEADER,
      `${office},Phòng thử,province,${department},true,,2025-06-30,`,
      `${district},UBND huyện Vân Hồ (thử),district,,true,,2025-06-30,`,
      `${merged},UBND xã Vân Hồ (thử),commune,,false,2025-07-01,,`,
      ...communes.map((unitId, i) => `${unitId},${names[i]},commune,${district},false,,2025-06-30,${merged}`),
    ].join('\n');
    const res = await importCsv(csv, admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 1, updated: 5, unchanged: 0 });
  });

  it('R-UNIT-1: the units carry their history; the new commune has no parent', async () => {
    const old = await api().get(`/units/${communes[1]}`, { token: admin });
    expect(old.body).toMatchObject({
      validTo: '2025-06-30',
      successorUnitIds: [merged],
      parentUnitId: district,
    });
    const formed = await api().get(`/units/${merged}`, { token: admin });
    expect(formed.body).toMatchObject({ tier: 'commune', validFrom: '2025-07-01' });
    expect(formed.body.parentUnitId).toBeUndefined();
    const abolished = await api().get(`/units/${district}`, { token: admin });
    expect(abolished.body).toMatchObject({ validTo: '2025-06-30' });
  });

  it('R-UNIT-1: a file without the history columns keeps the stored history; an empty cell clears it', async () => {
    const [, second, third] = communes;
    const line = (unitId: string, name: string) => `${unitId},${name},commune,${district},false`;
    const kept = await importCsv(
      `unitId,name,tier,parentUnitId,parScored\n${line(second, 'UBND xã Chiềng Yên (thử)')}`,
      admin,
    );
    expect(kept.body, kept.text).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await api().get(`/units/${second}`, { token: admin })).body).toMatchObject({
      validTo: '2025-06-30',
      successorUnitIds: [merged],
    });
    // A column present and empty clears the value: the third commune's end date only, then put back.
    const cleared = await importCsv(
      `unitId,name,tier,parentUnitId,parScored,validTo\n${line(third, 'UBND xã Mường Men (thử)')},`,
      admin,
    );
    expect(cleared.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const read = (await api().get(`/units/${third}`, { token: admin })).body;
    expect(read.validTo).toBeUndefined();
    expect(read.successorUnitIds).toEqual([merged]);
    const restored = await importCsv(
      `unitId,name,tier,parentUnitId,parScored,validTo\n${line(third, 'UBND xã Mường Men (thử)')},2025-06-30`,
      admin,
    );
    expect(restored.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
  });

  it('R-UNIT-1: the abolished district and a merged commune cannot open a dossier (UNIT_INACTIVE)', async () => {
    const roundId = (await createOpenRound(api(), admin)).roundId;
    for (const unitId of [district, communes[1]]) {
      const officer = await api().token('unit_officer', unitId);
      const res = await api().post('/dossiers', { token: officer, body: { roundId, unitId } });
      expectProblem(res, 422, 'UNIT_INACTIVE');
      const en = await api().post('/dossiers', {
        token: officer,
        body: { roundId, unitId },
        headers: { 'accept-language': 'en' },
      });
      expect(en.body.detail).toContain('30/06/2025');
    }
  });

  it('R-UNIT-1: a merged commune cannot submit the dossier it opened before (UNIT_INACTIVE)', async () => {
    const officer = await api().token('unit_officer', communes[0]);
    const { version } = (await api().get(`/dossiers/${oldDossier.dossierId}`, { token: officer })).body;
    const res = await api().post(`/dossiers/${oldDossier.dossierId}/submit`, {
      token: officer,
      headers: ifMatch(version),
    });
    expectProblem(res, 422, 'UNIT_INACTIVE');
    expect(res.body.detail).toContain('UBND xã Vân Hồ (thử)');
  });

  it('R-UNIT-1: an active unit cannot submit a dossier nominating a unit abolished since (UNIT_INACTIVE)', async () => {
    const officer = await api().token('unit_officer', department);
    const { version } = (await api().get(`/dossiers/${departmentDossier.dossierId}`, { token: officer }))
      .body;
    const res = await api().post(`/dossiers/${departmentDossier.dossierId}/submit`, {
      token: officer,
      headers: ifMatch(version),
    });
    expectProblem(res, 422, 'UNIT_INACTIVE');
    expect(res.body.detail).toContain('Phòng thử');
    expect(res.body.detail).toContain('không thể được đề nghị khen thưởng');
  });

  it('R-UNIT-1: the new commune opens a dossier; a merged commune cannot be nominated, as a collective or as an individual’s unit', async () => {
    const roundId = (await createOpenRound(api(), admin)).roundId;
    const officer = await api().token('unit_officer', merged);
    const dossier = await createDossier(api(), officer, roundId, merged);
    for (const nominee of [{ unitId: communes[2] }, individual(communes[2])]) {
      const res = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
        token: officer,
        body: nominationBody(nominee),
      });
      expectProblem(res, 422, 'UNIT_INACTIVE');
    }
    await addNomination(api(), officer, dossier.dossierId, nominationBody({ unitId: merged }));
    await addNomination(api(), officer, dossier.dossierId, nominationBody(individual(merged)));
  });

  it('R-UNIT-1: the merged commune’s history stays readable: its dossier, nomination, index results and audit', async () => {
    const officer = await api().token('unit_officer', communes[0]);
    const dossier = await api().get(`/dossiers/${oldDossier.dossierId}`, { token: officer });
    expect(dossier.status, dossier.text).toBe(200);
    expect(dossier.body.nominations.map((n: { nominationId: string }) => n.nominationId)).toEqual([
      oldNominationId,
    ]);
    const appraiser = await api().token('appraiser');
    expect((await api().get(`/nominations/${oldNominationId}`, { token: officer })).status).toBe(200);
    const results = await listAll<{ unitId: string; parIndexScore: number }>(
      api(),
      '/index-results?year=2023',
      appraiser,
    );
    expect(results.find((r) => r.unitId === communes[0])).toMatchObject({ parIndexScore: 90 });
    const audit = await api().get(`/audit?entityId=${communes[0]}`, { token: admin });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['create', 'import_update']);
    expect(audit.body.items[1].after).toMatchObject({ validTo: '2025-06-30', successorUnitIds: [merged] });
  });

  it('R-UNIT-2: PI3 of the new commune in the 2021–2025 period round is needs_review naming its predecessors’ results', async () => {
    await setIndexResult(api(), admin, 2025, merged, { parIndexScore: 95, satisfactionIndex: 96 });
    const roundId = (await createOpenRound(api(), admin, { kind: 'period' })).roundId;
    const officer = await api().token('unit_officer', merged);
    const dossier = await createDossier(api(), officer, roundId, merged);
    const created = await addNomination(
      api(),
      officer,
      dossier.dossierId,
      nominationBody(individual(merged), { criteriaClaimed: ['PI3'] }),
    );
    const read = await api().get(`/nominations/${created.nominationId}`, { token: officer });
    const pi3 = read.body.eligibility.criteria.find((c: { code: string }) => c.code === 'PI3');
    expect(pi3.status).toBe('needs_review');
    for (const name of ['UBND xã Lóng Luông (thử)', 'UBND xã Chiềng Yên (thử)', 'UBND xã Mường Men (thử)'])
      expect(pi3.reason).toContain(name);
    // Lóng Luông's 2021 result (90 + SIPAS 91) and the new commune's own 2025 result, both shown.
    expect(pi3.reason).toContain('2021 Chỉ số CCHC 90,00, Chỉ số hài lòng 91,00%');
    expect(pi3.reason).toContain('2025 Chỉ số CCHC 95,00');
    expect(read.body.eligibility.eligible).toBeNull();
  });

  it('R-UNIT-2: PC2 of a department merged in 2025 is needs_review naming its predecessors’ ranks', async () => {
    const before = [uniqueId('so-a'), uniqueId('so-b')];
    for (const [i, unitId] of before.entries()) {
      await createUnit(api(), admin, { tier: 'province', unitId, name: `Sở cũ ${i + 1} (thử)` });
      for (const year of PRE_YEARS) await setIndexResult(api(), admin, year, unitId, { parIndexRank: i + 1 });
    }
    const formed = uniqueId('so-moi');
    const csv = [
      HEADER,
      `${formed},Sở hợp nhất (thử),province,,true,2025-03-01,,`,
      ...before.map((unitId, i) => `${unitId},Sở cũ ${i + 1} (thử),province,,true,,2025-02-28,${formed}`),
    ].join('\n');
    expect((await importCsv(csv, admin)).status).toBe(200);
    await setIndexResult(api(), admin, 2025, formed, { parIndexRank: 1 });
    const roundId = (await createOpenRound(api(), admin, { kind: 'period' })).roundId;
    const officer = await api().token('unit_officer', formed);
    const dossier = await createDossier(api(), officer, roundId, formed);
    const created = await addNomination(
      api(),
      officer,
      dossier.dossierId,
      nominationBody({ unitId: formed }, { criteriaClaimed: ['PC2'] }),
    );
    const read = await api().get(`/nominations/${created.nominationId}`, {
      token: officer,
      headers: { 'accept-language': 'en' },
    });
    const pc2 = read.body.eligibility.criteria.find((c: { code: string }) => c.code === 'PC2');
    expect(pc2.status).toBe('needs_review');
    expect(pc2.reason).toContain('1 year(s) in the top 5');
    expect(pc2.reason).toContain('Sở cũ 1 (thử)');
    expect(pc2.reason).toContain('2024 rank 1');
    expect(pc2.reason).toContain('Sở cũ 2 (thử)');
    expect(pc2.reason).toContain('2021 rank 2');
  });
});

describe('R-UNIT-1: a reorganisation file is all or nothing', () => {
  it('VALIDATION_FAILED: one bad line refuses the whole file, each bad line named', async () => {
    const admin = await api().token('admin');
    const district = (await createUnit(api(), admin, { tier: 'district' })).unitId;
    const formed = uniqueId('x-moi');
    const csv = [
      HEADER,
      `${formed},UBND xã Mới (thử),commune,,false,2025-07-01,,`,
      `${district},UBND huyện (thử),district,,true,,2025-06-30,`,
      `${uniqueId('x')},UBND xã A,commune,${district},false,,2025-06-30,${uniqueId('khong-co')}`,
      `${uniqueId('x')},UBND xã B,commune,${district},false,2025-07-02,2025-07-01,`,
      `${uniqueId('x')},UBND xã C,commune,${district},false,,2025-13-01,`,
    ].join('\n');
    const res = await importCsv(csv, admin);
    expectInvalid(res, 'line 4');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['line 4', 'line 5', 'line 6']);
    expect((await api().get(`/units/${formed}`, { token: admin })).status).toBe(404);
    const unchanged = await api().get(`/units/${district}`, { token: admin });
    expect(unchanged.body.validTo).toBeUndefined();
    expect(unchanged.body.version).toBe(1);
  });

  it('VALIDATION_FAILED: POST and PUT /units check the history as the import does', async () => {
    const admin = await api().token('admin');
    const unitId = uniqueId('x-hist');
    expectInvalid(
      await api().post('/units', {
        token: admin,
        body: { unitId, name: 'Xã (thử)', tier: 'commune', successorUnitIds: [unitId] },
      }),
      'body.successorUnitIds.0',
    );
    expectInvalid(
      await api().post('/units', {
        token: admin,
        body: { unitId, name: 'Xã (thử)', tier: 'commune', validFrom: '2025-07-01', validTo: '2025-06-30' },
      }),
      'body.validTo',
    );
    const created = await createUnit(api(), admin, { tier: 'commune', unitId });
    const successor = await createUnit(api(), admin, { tier: 'commune' });
    const put = await api().put(`/units/${unitId}`, {
      token: admin,
      body: {
        name: created.name,
        tier: 'commune',
        validTo: '2025-06-30',
        successorUnitIds: [successor.unitId],
      },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({
      validTo: '2025-06-30',
      successorUnitIds: [successor.unitId],
      version: 2,
    });
  });
});
