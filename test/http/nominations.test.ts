// Nominations through the API (edition 2): names with invisible code points (R-DUP-1), what free text and
// dates of birth are accepted, distinct initiatives (PC3/AC3) and the staff category of AI3/PI3.

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
import { expectInvalid, expectProblem } from '../support/problems.ts';

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

describe('R-DUP-1: the same name, whatever invisible code points it carries', () => {
  it.each([
    ['U+200B ZERO WIDTH SPACE', '\u200b'],
    ['U+200D ZERO WIDTH JOINER', '\u200d'],
    ['U+00AD SOFT HYPHEN', '\u00ad'],
    ['U+2060 WORD JOINER', '\u2060'],
  ])('R-DUP-1: the same name with %s inside is the same nominee: 409', async (_what, invisible) => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), province, roundId, PROVINCE);
    await addNomination(
      api(),
      province,
      dossier.dossierId,
      nominationBody(individual(PROVINCE, { fullName: 'Lò Thị Hương' })),
    );
    for (const fullName of [
      `Lò Th${invisible}ị Hương`,
      `${invisible}Lò Thị Hương`,
      `Lò ${invisible}Thị Hương`,
    ]) {
      const res = await post(province, dossier.dossierId, nominationBody(individual(PROVINCE, { fullName })));
      expectProblem(res, 409, 'DUPLICATE_NOMINEE');
    }
  });
});

describe('R-DUP-1 (edition 2): free text and dates of birth', () => {
  let dossierId = '';
  beforeAll(async () => {
    dossierId = (await createDossier(api(), province, await openRound(), PROVINCE)).dossierId;
  });

  it.each([
    ['a control character (U+0007)', 'Lò Văn\u0007 An'],
    ['NUL', 'Lò Văn\u0000An'],
    ['a line break', 'Lò Văn\nAn'],
    ['a right-to-left override (U+202E)', 'Lò Văn \u202eAn'],
    ['a left-to-right embedding (U+202A)', '\u202aLò Văn An'],
    ['a first-strong isolate (U+2068)', 'Lò Văn \u2068An'],
    ['an unpaired high surrogate', 'Lò Văn \ud800An'],
    ['an unpaired low surrogate', 'Lò Văn An\udc00'],
    ['a C1 control (U+0085)', 'Lò Văn\u0085An'],
    ['nothing visible (zero-width spaces)', '\u200b\u200b'],
  ])('R-DUP-1: a full name with %s is a 400 naming the field', async (_what, fullName) => {
    const res = await post(province, dossierId, nominationBody(individual(PROVINCE, { fullName })));
    expectInvalid(res, 'body.nominee.fullName');
  });

  it.each([
    [
      'the position',
      { nominee: individual(PROVINCE, { position: 'Chuyên viên\u202e' }) },
      'body.nominee.position',
    ],
    ['the citation', { citationText: 'Đã có thành tích\u0000' }, 'body.citationText'],
    ['the achievement summary', { achievementSummary: 'Thành tích \u2066ẩn' }, 'body.achievementSummary'],
    [
      'an initiative title',
      {
        criteriaClaimed: ['AI2'],
        initiatives: [
          { title: 'Một cửa\u0008', recognizedOn: '2025-03-01', council: 'basic_initiative', applied: true },
        ],
      },
      'body.initiatives.0.title',
    ],
  ])('R-DUP-1: %s refuses control, bidi and broken characters too (400)', async (_what, overrides, path) => {
    const { nominee, ...rest } = overrides as { nominee?: object } & Record<string, unknown>;
    const res = await post(province, dossierId, nominationBody(nominee ?? individual(PROVINCE), rest));
    expectInvalid(res, path);
  });

  it('R-DUP-1: the dossier’s own fields refuse them as well (PATCH /dossiers, 400, nothing changed)', async () => {
    const read = await api().get(`/dossiers/${dossierId}`, { token: province });
    for (const [field, value] of [
      ['proposalNo', '12/TTr\u202e'],
      ['signerName', 'Lò Văn \ud800A'],
      ['signerTitle', 'Giám đốc\u001b'],
    ] as const) {
      const res = await api().patch(`/dossiers/${dossierId}`, {
        token: province,
        body: { [field]: value },
        headers: ifMatch(read.body.version),
      });
      expectInvalid(res, `body.${field}`);
    }
    const after = await api().get(`/dossiers/${dossierId}`, { token: province });
    expect(after.body.version).toBe(read.body.version);
  });

  it('R-DUP-1: multi-line fields keep their line breaks and tabs; an emoji and a BOM are not refused', async () => {
    const res = await post(
      province,
      dossierId,
      nominationBody(individual(PROVINCE, { fullName: 'Lò Văn 🇻🇳 Bình' }), {
        achievementSummary: 'Thành tích:\n\t- tham mưu\r\n\t- triển khai',
        citationText: 'Dòng 1\nDòng 2\ufeff',
      }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.achievementSummary).toBe('Thành tích:\n\t- tham mưu\r\n\t- triển khai');
  });

  const daysFromNow = (days: number) =>
    new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

  it.each([
    ['1899-12-31', 400],
    ['1900-01-01', 201],
    ['yesterday but one', 201],
    ['the day after tomorrow', 400],
    ['9999-12-31', 400],
  ])('R-DUP-1: a date of birth of %s → %i', async (when, status) => {
    const dateOfBirth =
      when === 'yesterday but one'
        ? daysFromNow(-2)
        : when === 'the day after tomorrow'
          ? daysFromNow(2)
          : when;
    const res = await post(province, dossierId, nominationBody(individual(PROVINCE, { dateOfBirth })));
    if (status === 201) expect(res.status, res.text).toBe(201);
    else expectInvalid(res, 'body.nominee.dateOfBirth');
  });
});

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
