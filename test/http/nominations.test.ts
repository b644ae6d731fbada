// Nominations through the API (edition 2): distinct initiatives (PC3/AC3) and the staff category of AI3/PI3.

import { beforeAll, describe, expect, it } from 'vitest';
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
import { expectInvalid } from '../support/problems.ts';

const { api } = useLocalApi();

const PROVINCE = 'so-tu-phap';

let admin: string;
let province: string;

beforeAll(async () => {
  [admin, province] = await Promise.all([api().token('admin'), api().token('unit_officer', PROVINCE)]);
});

const openRound = async () => (await createOpenRound(api(), admin)).roundId;
const post = (token: string, dossierId: string, body: Record<string, unknown>) =>
  api().post(`/dossiers/${dossierId}/nominations`, { token, body });

describe('PC3/AC3 (edition 2): each initiative counts once', () => {
  const initiative = (title: string, decisionNo?: string) => ({
    title,
    ...(decisionNo ? { decisionNo } : {}),
    recognizedOn: '2025-03-01',
    council: 'basic_initiative',
    applied: true,
  });

  it.each([
    {
      what: 'the same decision number',
      list: [initiative('Một cửa điện tử', '15/QĐ-HĐSK'), initiative('Một cửa liên thông', '15/QĐ-HĐSK')],
      path: 'body.initiatives.1.decisionNo',
    },
    {
      what: 'the same title typed differently',
      list: [initiative('Một cửa điện tử', '15/QĐ'), initiative('  MỘT cửa  điện tử', '16/QĐ')],
      path: 'body.initiatives.1.title',
    },
    {
      what: 'a third repeating the first',
      list: [initiative('A', '1/QĐ'), initiative('B', '2/QĐ'), initiative('C', '1/QĐ')],
      path: 'body.initiatives.2.decisionNo',
    },
  ])('PC3/AC3: an initiative listed twice ($what) is a 400 naming the repeat', async ({ list, path }) => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), province, roundId, PROVINCE);
    const res = await post(
      province,
      dossier.dossierId,
      nominationBody({ unitId: PROVINCE }, { criteriaClaimed: ['AC3'], initiatives: list }),
    );
    expectInvalid(res, path);
    expect(res.body.errors).toHaveLength(1);

    const n = await addNomination(
      api(),
      province,
      dossier.dossierId,
      nominationBody({ unitId: PROVINCE }, { criteriaClaimed: ['AC3'], initiatives: list.slice(0, 1) }),
    );
    const patched = await api().patch(`/nominations/${n.nominationId}`, {
      token: province,
      body: { initiatives: list },
      headers: ifMatch(n.version),
    });
    expectInvalid(patched, path);
  });
});

describe('AI3/PI3 (edition 2): only a cán bộ, công chức or viên chức', () => {
  it('AI3: an employee under a labour contract is not_met with the reason; a công chức of the same agency is met', async () => {
    const unit = await createUnit(api(), admin, { tier: 'province' });
    await setIndexResult(api(), admin, 2025, unit.unitId, { parIndexScore: 95, satisfactionIndex: 93 });
    const officer = await api().token('unit_officer', unit.unitId);
    const dossier = await createDossier(api(), officer, await openRound(), unit.unitId);
    const ai3 = (staffCategory: string) =>
      nominationBody(individual(unit.unitId, { staffCategory }), { criteriaClaimed: ['AI3'] });

    const worker = await addNomination(api(), officer, dossier.dossierId, ai3('nguoi_lao_dong'));
    const read = await api().get(`/nominations/${worker.nominationId}`, {
      token: officer,
      headers: { 'accept-language': 'en' },
    });
    expect(read.body.eligibility.criteria).toEqual([
      expect.objectContaining({
        code: 'AI3',
        status: 'not_met',
        reason: expect.stringContaining('civil servants'),
      }),
    ]);
    expect(read.body.eligibility.eligible).toBe(false);

    const servant = await addNomination(api(), officer, dossier.dossierId, ai3('cong_chuc'));
    const met = await api().get(`/nominations/${servant.nominationId}`, { token: officer });
    expect(met.body.eligibility.criteria[0]).toMatchObject({ code: 'AI3', status: 'met' });
  });
});
