// Nominations through the API (edition 2): who is the same nominee (R-DUP-1 revised: either key, invisible
// code points aside), what free text and birth dates are accepted, how many nominations a dossier holds
// under concurrency (R-DOS-5), what a returned dossier may still take after D-SUB (R-DL-1), distinct
// initiatives (PC3/AC3) and the staff category of AI3/PI3.

import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_NOMINATIONS_PER_DOSSIER } from '#domain/lifecycle.ts';
import { type ApiResponse, useLocalApi } from '../support/client.ts';
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
import { submittedDossier } from '../support/stored.ts';

const { api } = useLocalApi();

/** A district and one of its communes (R-PROP-2: the district may propose the commune's individuals). */
const DISTRICT = 'h-moc-chau';
const COMMUNE = 'x-chieng-son';
const PROVINCE = 'so-tu-phap';

let admin: string;
let district: string;
let commune: string;
let province: string;

beforeAll(async () => {
  [admin, district, commune, province] = await Promise.all([
    api().token('admin'),
    api().token('unit_officer', DISTRICT),
    api().token('unit_officer', COMMUNE),
    api().token('unit_officer', PROVINCE),
  ]);
});

const openRound = async () => (await createOpenRound(api(), admin)).roundId;
const citizenId = () => `0${String(randomInt(10 ** 11)).padStart(11, '0')}`;
const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status).sort();
const post = (token: string, dossierId: string, body: Record<string, unknown>) =>
  api().post(`/dossiers/${dossierId}/nominations`, { token, body });

describe('R-DUP-1 (revised): the same nominee, whichever key matches', () => {
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

  it('R-DUP-1: a commune’s nomination with a citizen id, then the district’s without one: 409', async () => {
    const roundId = await openRound();
    const mine = await createDossier(api(), commune, roundId, COMMUNE);
    const theirs = await createDossier(api(), district, roundId, DISTRICT);
    const person = individual(COMMUNE, { fullName: 'Quàng Văn Sơn', dateOfBirth: '1979-03-08' });
    await addNomination(
      api(),
      commune,
      mine.dossierId,
      nominationBody({ ...person, citizenId: citizenId() }),
    );
    const res = await post(district, theirs.dossierId, nominationBody(person));
    expectProblem(res, 409, 'DUPLICATE_NOMINEE');
    const read = await api().get(`/dossiers/${theirs.dossierId}`, { token: district });
    expect(read.body.nominations).toEqual([]);
  });

  it('R-DUP-1: the district’s nomination without a citizen id, then the commune’s with one: 409', async () => {
    const roundId = await openRound();
    const theirs = await createDossier(api(), district, roundId, DISTRICT);
    const mine = await createDossier(api(), commune, roundId, COMMUNE);
    const person = individual(COMMUNE, { fullName: 'Quàng Văn Sơn', dateOfBirth: '1979-03-08' });
    await addNomination(api(), district, theirs.dossierId, nominationBody(person));
    const res = await post(commune, mine.dossierId, nominationBody({ ...person, citizenId: citizenId() }));
    expectProblem(res, 409, 'DUPLICATE_NOMINEE');
  });

  it('R-DUP-1: the commune’s (citizen id) and the district’s (none) sent at once: one 201, one 409', async () => {
    for (let run = 0; run < 3; run++) {
      const roundId = await openRound();
      const theirs = await createDossier(api(), district, roundId, DISTRICT);
      const mine = await createDossier(api(), commune, roundId, COMMUNE);
      const person = individual(COMMUNE, { dateOfBirth: '1988-11-20' });
      const answers = await Promise.all([
        post(commune, mine.dossierId, nominationBody({ ...person, citizenId: citizenId() })),
        post(district, theirs.dossierId, nominationBody(person)),
      ]);
      expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 409]);
      expectProblem(answers.find((a) => a.status === 409) as ApiResponse, 409, 'DUPLICATE_NOMINEE');
    }
  });

  it('R-DUP-1: withdrawing a dossier frees both keys: the same person, by citizen id and by name, is proposed again', async () => {
    const roundId = await openRound();
    const first = await createDossier(api(), district, roundId, DISTRICT);
    const id = citizenId();
    const person = individual(COMMUNE, { citizenId: id });
    await addNomination(api(), district, first.dossierId, nominationBody(person));
    const read = await api().get(`/dossiers/${first.dossierId}`, { token: district });
    const withdrawn = await api().post(`/dossiers/${first.dossierId}/withdraw`, {
      token: district,
      headers: ifMatch(read.body.version),
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);

    // The commune proposes the same person with the same citizen id (both keys taken over) …
    const mine = await createDossier(api(), commune, roundId, COMMUNE);
    const again = await addNomination(api(), commune, mine.dossierId, nominationBody(person));
    // … and now holds both: by citizen id and by name the person is taken again.
    const second = await createDossier(api(), district, roundId, DISTRICT);
    expectProblem(
      await post(district, second.dossierId, nominationBody(individual(COMMUNE, { citizenId: id }))),
      409,
      'DUPLICATE_NOMINEE',
    );
    expectProblem(
      await post(district, second.dossierId, nominationBody({ ...person, citizenId: undefined })),
      409,
      'DUPLICATE_NOMINEE',
    );
    expect(again.nominee.citizenId).toBe(id);
  });

  it('R-DUP-1: deleting a nomination frees both keys; an edit dropping the citizen id frees that one only', async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), province, roundId, PROVINCE);
    const id = citizenId();
    const person = individual(PROVINCE, { citizenId: id });
    const n = await addNomination(api(), province, dossier.dossierId, nominationBody(person));
    const deleted = await api().delete(`/nominations/${n.nominationId}`, {
      token: province,
      headers: ifMatch(n.version),
    });
    expect(deleted.status, deleted.text).toBe(204);
    const back = await addNomination(api(), province, dossier.dossierId, nominationBody(person));

    const { citizenId: _dropped, ...withoutId } = person;
    const edited = await api().patch(`/nominations/${back.nominationId}`, {
      token: province,
      body: { nominee: withoutId },
      headers: ifMatch(back.version),
    });
    expect(edited.status, edited.text).toBe(200);
    // The citizen id is free: another person may carry it; the name key is still held.
    await addNomination(
      api(),
      province,
      dossier.dossierId,
      nominationBody(individual(PROVINCE, { citizenId: id })),
    );
    expectProblem(
      await post(province, dossier.dossierId, nominationBody(withoutId)),
      409,
      'DUPLICATE_NOMINEE',
    );
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

describe('R-DOS-5: the number of nominations of a dossier holds under concurrency', () => {
  it(`R-DOS-5: 45 creations at once give exactly ${MAX_NOMINATIONS_PER_DOSSIER} nominations; the rest 409; withdraw then works`, {
    timeout: 90_000,
  }, async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), province, roundId, PROVINCE);
    const answers = await Promise.all(
      Array.from({ length: 45 }, () =>
        post(province, dossier.dossierId, nominationBody(individual(PROVINCE, { citizenId: citizenId() }))),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(MAX_NOMINATIONS_PER_DOSSIER);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(45 - MAX_NOMINATIONS_PER_DOSSIER);
    for (const res of refused) expectProblem(res, 409, 'INVALID_STATE');

    const read = await api().get(`/dossiers/${dossier.dossierId}`, { token: province });
    expect(read.body.nominations).toHaveLength(MAX_NOMINATIONS_PER_DOSSIER);
    // A deletion makes room for exactly one more.
    const [first] = read.body.nominations as { nominationId: string; version: number }[];
    const deleted = await api().delete(`/nominations/${first?.nominationId}`, {
      token: province,
      headers: ifMatch(first?.version ?? 0),
    });
    expect(deleted.status, deleted.text).toBe(204);
    const refill = await Promise.all(
      [1, 2].map(() =>
        post(province, dossier.dossierId, nominationBody(individual(PROVINCE, { citizenId: citizenId() }))),
      ),
    );
    expect(statuses(refill), refill.map((a) => a.text).join('\n')).toEqual([201, 409]);

    // The full dossier (two locks per nominee) is withdrawn in one step.
    const current = await api().get(`/dossiers/${dossier.dossierId}`, { token: province });
    const withdrawn = await api().post(`/dossiers/${dossier.dossierId}/withdraw`, {
      token: province,
      headers: ifMatch(current.body.version),
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body.nominations.map((n: { status: string }) => n.status)).toEqual(
      Array(MAX_NOMINATIONS_PER_DOSSIER).fill('withdrawn'),
    );
  });
});

describe('R-DL-1: after D-SUB a returned dossier only corrects what was returned', () => {
  /** A unit of its own, its officer, and its dossier returned with one nomination, in a round whose D-SUB is `days` away. */
  async function returnedDossier(days: number) {
    const { roundId } = await createOpenRound(api(), admin, { days });
    const unit = await createUnit(api(), admin, { tier: 'province' });
    const officer = await api().token('unit_officer', unit.unitId);
    const stored = await submittedDossier({
      roundId,
      unitId: unit.unitId,
      status: 'returned',
      nominations: [
        {
          nomineeType: 'individual',
          nominee: individual(unit.unitId),
          criteriaClaimed: ['AI1'],
          status: 'returned',
        },
      ],
    });
    return { unit, officer, stored };
  }

  it('R-DL-1: adding a nomination is 422 DEADLINE_PASSED; the returned nomination and the dossier’s fields stay editable', async () => {
    const { unit, officer, stored } = await returnedDossier(-1);
    const added = await post(officer, stored.dossierId, nominationBody(individual(unit.unitId)));
    expectProblem(added, 422, 'DEADLINE_PASSED');

    const [returnedId] = stored.nominationIds;
    const corrected = await api().patch(`/nominations/${returnedId}`, {
      token: officer,
      body: { citationText: 'Đã có thành tích xuất sắc (bổ sung)' },
      headers: ifMatch(1),
    });
    expect(corrected.status, corrected.text).toBe(200);
    const read = await api().get(`/dossiers/${stored.dossierId}`, { token: officer });
    const fields = await api().patch(`/dossiers/${stored.dossierId}`, {
      token: officer,
      body: { signerTitle: 'Phó Giám đốc' },
      headers: ifMatch(read.body.version),
    });
    expect(fields.status, fields.text).toBe(200);
    expect(fields.body.nominations).toHaveLength(1);
  });

  it('R-DL-1: before D-SUB a returned dossier still takes a new nomination', async () => {
    const { unit, officer, stored } = await returnedDossier(10);
    await addNomination(api(), officer, stored.dossierId, nominationBody(individual(unit.unitId)));
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
