// SPEC §8 and §10, validation: bad input gets a clear 4xx problem+json naming the field (`errors[].path`),
// never a 5xx and never internals, and nothing is stored half-way. Messages are Vietnamese by default and
// English on Accept-Language: en.

import { beforeAll, describe, expect, it } from 'vitest';
import { AwardsBody } from '#functions/schemas.ts';
import { type ApiResponse, useLocalApi } from '../support/client.ts';
import { expectInvalid, expectNoLeak, expectProblem } from '../support/problems.ts';
import {
  addNomination,
  createDossier,
  createOpenRound,
  individual,
  nominationBody,
  uniqueId,
} from '../support/fixtures.ts';

const { api } = useLocalApi();

const UNIT = 'so-kh-dt';

let admin: string;
let officer: string;
let roundId: string;
let dossier: { dossierId: string; version: number };

beforeAll(async () => {
  admin = await api().token('admin');
  officer = await api().token('unit_officer', UNIT);
  roundId = (await createOpenRound(api(), admin)).roundId;
  dossier = await createDossier(api(), officer, roundId, UNIT);
});

const postNomination = (body: unknown, headers: Record<string, string> = {}) =>
  api().post(`/dossiers/${dossier.dossierId}/nominations`, { token: officer, body, headers });

/** The dossier as its officer reads it (version and nominations), to show a refusal stored nothing. */
async function dossierNow() {
  const res = await api().get(`/dossiers/${dossier.dossierId}`, { token: officer });
  expect(res.status).toBe(200);
  return { version: res.body.version as number, nominations: (res.body.nominations as unknown[]).length };
}

describe('VALIDATION_FAILED: request bodies are checked field by field', () => {
  it('VALIDATION_FAILED: wrong types name each field', async () => {
    const res = await api().post('/dossiers', { token: officer, body: { roundId: 5, unitId: true } });
    expectInvalid(res, 'body.roundId');
    expectInvalid(res, 'body.unitId');
    const nomination = await postNomination(
      nominationBody(individual(UNIT, { dateOfBirth: 19850412 }), {
        disciplineCompliance: 'yes',
        criteriaClaimed: 'AI1',
      }),
    );
    expectInvalid(nomination, 'body.nominee.dateOfBirth');
    expectInvalid(nomination, 'body.disciplineCompliance');
    expectInvalid(nomination, 'body.criteriaClaimed');
  });

  it('VALIDATION_FAILED: unknown fields are refused (strict objects), named by their path', async () => {
    const top = await api().post('/dossiers', {
      token: officer,
      body: { roundId, unitId: UNIT, status: 'submitted' },
    });
    expectInvalid(top, 'body.status');
    const nested = await postNomination(nominationBody(individual(UNIT, { salary: 10 }), { eligible: true }));
    expectInvalid(nested, 'body.nominee.salary');
    expectInvalid(nested, 'body.eligible');
    const patch = await api().patch(`/dossiers/${dossier.dossierId}`, {
      token: officer,
      body: { version: 99 },
      headers: { 'if-match': String(dossier.version) },
    });
    expectInvalid(patch, 'body.version');
  });

  it('VALIDATION_FAILED: a missing nomineeType or an unknown one is refused', async () => {
    const { nomineeType: _t, ...untyped } = nominationBody(individual(UNIT));
    expectInvalid(await postNomination(untyped), /^body(\.nomineeType)?$/);
    expectInvalid(await postNomination({ ...untyped, nomineeType: 'family' }), /^body(\.nomineeType)?$/);
  });

  it('SPEC §10: oversized strings are refused: fullName 201 characters, citationText 501', async () => {
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT, { fullName: 'A'.repeat(201) }))),
      'body.nominee.fullName',
    );
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT), { citationText: 'x'.repeat(501) })),
      'body.citationText',
    );
    expectInvalid(
      await api().post('/dossiers', {
        token: officer,
        body: { roundId, unitId: UNIT, proposalNo: '1'.repeat(101) },
      }),
      'body.proposalNo',
    );
  });

  it('SPEC §10: limits are inclusive: fullName of 200 and citationText of 500 characters are accepted', async () => {
    const res = await postNomination(
      nominationBody(individual(UNIT, { fullName: `Đ${'a'.repeat(199)}` }), {
        citationText: 'x'.repeat(500),
      }),
    );
    expect(res.status, res.text).toBe(201);
  });

  it('SPEC §10: too many items are refused: 21 initiatives', async () => {
    const initiative = {
      title: 'Sáng kiến số hoá hồ sơ',
      decisionNo: '12/QĐ-HĐSK',
      recognizedOn: '2025-03-01',
      council: 'basic_initiative',
      applied: true,
    };
    const res = await postNomination(
      nominationBody(individual(UNIT), { initiatives: Array.from({ length: 21 }, () => initiative) }),
    );
    expectInvalid(res, 'body.initiatives');
  });

  it('SPEC §10: awards with 101 nomination ids are refused (schema of POST /rounds/{roundId}/awards)', async () => {
    const body = {
      nominationIds: Array.from({ length: 101 }, (_, i) => `n-${i}`),
      decisionNo: '1/QĐ',
      decisionDate: '2025-12-01',
    };
    const parsed = AwardsBody().safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('nominationIds');
    const approver = await api().token('approver');
    const res = await api().post(`/rounds/${roundId}/awards`, { token: approver, body });
    expectInvalid(res, 'body.nominationIds');
  });

  it('VALIDATION_FAILED: invalid calendar dates (2025-02-30, 2023-02-29) are refused; 2024-02-29 is a date', async () => {
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT, { dateOfBirth: '2025-02-30' }))),
      'body.nominee.dateOfBirth',
    );
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT, { dateOfBirth: '2023-02-29' }))),
      'body.nominee.dateOfBirth',
    );
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT, { dateOfBirth: '12/04/1985' }))),
      'body.nominee.dateOfBirth',
    );
    const patch = await api().patch(`/dossiers/${dossier.dossierId}`, {
      token: officer,
      body: { proposalDate: '2025-02-30' },
      headers: { 'if-match': String((await dossierNow()).version) },
    });
    expectInvalid(patch, 'body.proposalDate');
    const leap = await postNomination(nominationBody(individual(UNIT, { dateOfBirth: '1984-02-29' })));
    expect(leap.status, leap.text).toBe(201);
  });

  it('VALIDATION_FAILED: an instant must be ISO 8601 with an offset', async () => {
    const res = await api().post('/rounds', {
      token: admin,
      body: {
        roundId: uniqueId('r-bad'),
        kind: 'annual',
        year: 2025,
        submissionDeadline: '2025-12-30 00:00',
        quotas: {
          province: { collective: 2, individual: 4 },
          district: { collective: 2, individual: 4 },
          commune: { collective: 12, individual: 8 },
        },
      },
    });
    expectInvalid(res, 'body.submissionDeadline');
  });

  it('SPEC §4: claiming a criterion of another round kind (PC1 on an annual round) is 400', async () => {
    const before = await dossierNow();
    const res = await postNomination(nominationBody({ unitId: UNIT }, { criteriaClaimed: ['PC1'] }));
    expectInvalid(res, /^body\.criteriaClaimed/);
    const wrongType = await postNomination(nominationBody({ unitId: UNIT }, { criteriaClaimed: ['AI2'] }));
    expectInvalid(wrongType, /^body\.criteriaClaimed/);
    expect(await dossierNow()).toEqual(before);
  });

  it('SPEC §4: criteriaClaimed empty is 400; an unknown code is 400', async () => {
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT), { criteriaClaimed: [] })),
      'body.criteriaClaimed',
    );
    expectInvalid(
      await postNomination(nominationBody(individual(UNIT), { criteriaClaimed: ['ZZ9'] })),
      /^body\.criteriaClaimed/,
    );
  });

  it('VALIDATION_FAILED: a citizen id must be 12 digits', async () => {
    const res = await postNomination(nominationBody(individual(UNIT, { citizenId: '12345' })));
    expectInvalid(res, 'body.nominee.citizenId');
  });

  it('VALIDATION_FAILED: the messages of our own checks follow Accept-Language too', async () => {
    const find = (res: { body: { errors: { path: string; message: string }[] } }) =>
      res.body.errors.find((e) => e.path === 'body.nominee.citizenId')?.message;
    const body = nominationBody(individual(UNIT, { citizenId: '12345' }));
    expect(find(await postNomination(body))).toBe('gồm đúng 12 chữ số');
    expect(find(await postNomination(body, { 'accept-language': 'en' }))).toBe('12 digits');
  });

  it('VALIDATION_FAILED: a PATCH making the nomination invalid as a whole is refused and changes nothing', async () => {
    const n = await addNomination(api(), officer, dossier.dossierId, nominationBody(individual(UNIT)));
    const res = await api().patch(`/nominations/${n.nominationId}`, {
      token: officer,
      body: { criteriaClaimed: ['AC2'] },
      headers: { 'if-match': String(n.version) },
    });
    expectInvalid(res, /^body\.criteriaClaimed/);
    const after = await api().get(`/nominations/${n.nominationId}`, { token: officer });
    expect(after.body.version).toBe(n.version);
    expect(after.body.criteriaClaimed).toEqual(['AI1']);
    const empty = await api().patch(`/nominations/${n.nominationId}`, {
      token: officer,
      body: {},
      headers: { 'if-match': String(n.version) },
    });
    expectProblem(empty, 400, 'VALIDATION_FAILED');
  });
});

describe('SPEC §10: the body itself: JSON, size, media type', () => {
  it('VALIDATION_FAILED: invalid JSON is 400 at path body', async () => {
    const res = await api().post('/dossiers', {
      token: officer,
      rawBody: '{"roundId": "r-1", ',
      headers: { 'content-type': 'application/json' },
    });
    expectInvalid(res, 'body');
  });

  it('PAYLOAD_TOO_LARGE: a 300 KB JSON body is 413 and stores nothing', async () => {
    const before = await dossierNow();
    const res = await postNomination(
      nominationBody(individual(UNIT), { achievementSummary: 'x'.repeat(300 * 1024) }),
    );
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await dossierNow()).toEqual(before);
  });

  it('UNSUPPORTED_MEDIA_TYPE: a JSON route refuses text/plain and form bodies with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await api().post('/dossiers', {
        token: officer,
        rawBody: JSON.stringify({ roundId, unitId: UNIT }),
        headers: { 'content-type': type },
      });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('UNSUPPORTED_MEDIA_TYPE: the CSV import refuses application/json with 415', async () => {
    const res = await api().post('/index-results:import', {
      token: admin,
      rawBody: '{"year": 2025}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('VALIDATION_FAILED: a JSON array or a bare string instead of an object is 400', async () => {
    for (const raw of ['[]', '"text"', 'null', '42']) {
      const res = await api().post('/dossiers', {
        token: officer,
        rawBody: raw,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
  });
});

describe('SPEC §6: If-Match on changes', () => {
  it('VERSION_REQUIRED: a PATCH without If-Match is 428', async () => {
    const res = await api().patch(`/dossiers/${dossier.dossierId}`, {
      token: officer,
      body: { proposalNo: '1/TTr' },
    });
    expectProblem(res, 428, 'VERSION_REQUIRED');
    const del = await api().delete('/nominations/any-id-0000', { token: officer });
    expectProblem(del, 428, 'VERSION_REQUIRED');
  });

  it('VALIDATION_FAILED: a malformed If-Match is 400 at headers.if-match', async () => {
    for (const value of ['abc', '"v3"', '1.5', '-1']) {
      const res = await api().patch(`/dossiers/${dossier.dossierId}`, {
        token: officer,
        body: { proposalNo: '1/TTr' },
        headers: { 'if-match': value },
      });
      expectInvalid(res, 'headers.if-match');
    }
  });

  it('SPEC §6: If-Match is accepted quoted, unquoted and as a weak ETag', async () => {
    let version = (await dossierNow()).version;
    for (const [i, format] of [
      (v: number) => `"${v}"`,
      (v: number) => `${v}`,
      (v: number) => `W/"${v}"`,
    ].entries()) {
      const res = await api().patch(`/dossiers/${dossier.dossierId}`, {
        token: officer,
        body: { proposalNo: `${i + 1}/TTr-SKHĐT` },
        headers: { 'if-match': format(version) },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
      version = res.body.version;
    }
  });
});

describe('SPEC §8: lists and pagination parameters', () => {
  it('VALIDATION_FAILED: a bad nextToken is 400 at query.nextToken', async () => {
    const tokens = ['not-base64-json', Buffer.from('{"pk":"UNIT#x","sk":"UNIT"}').toString('base64url')];
    for (const token of tokens) {
      expectInvalid(await api().get(`/units?nextToken=${token}`, { token: officer }), 'query.nextToken');
    }
    // A token of one list does not resume another.
    const units = await api().get('/units?limit=1', { token: officer });
    expect(units.body.nextToken).toBeDefined();
    const other = await api().get(`/index-results?year=2025&nextToken=${units.body.nextToken}`, {
      token: officer,
    });
    expectInvalid(other, 'query.nextToken');
  });

  it('VALIDATION_FAILED: limit=101, 0 or abc is 400 at query.limit; limit=100 is fine', async () => {
    for (const limit of ['101', '0', 'abc', '1.5']) {
      expectInvalid(await api().get(`/units?limit=${limit}`, { token: officer }), 'query.limit');
    }
    expect((await api().get('/units?limit=100', { token: officer })).status).toBe(200);
  });

  it('VALIDATION_FAILED: unknown query parameters and bad enum values are refused', async () => {
    expectInvalid(await api().get('/units?colour=blue', { token: officer }), /^query/);
    expectInvalid(await api().get('/units?tier=village', { token: officer }), 'query.tier');
    expectInvalid(await api().get('/index-results?year=abc', { token: officer }), 'query.year');
    expectInvalid(await api().get('/index-results', { token: officer }), 'query.year');
  });

  it('VALIDATION_FAILED: path parameters are checked too', async () => {
    expectInvalid(await api().get('/units/Not_A_Slug', { token: officer }), 'params.unitId');
    expectInvalid(await api().get('/dossiers/bad%20id', { token: officer }), 'params.dossierId');
    expectInvalid(
      await api().put('/index-results/1999/so-noi-vu', { token: admin, body: { parIndexScore: 90 } }),
      'params.year',
    );
  });
});

describe('SPEC §8: language of problems', () => {
  it('SPEC §8: Vietnamese by default, English on Accept-Language: en', async () => {
    const body = { roundId: 5, unitId: UNIT };
    const vi = await api().post('/dossiers', { token: officer, body });
    expect(vi.body.title).toBe('Dữ liệu không hợp lệ');
    expect(vi.body.detail).toBe('Dữ liệu gửi lên không hợp lệ.');
    for (const lang of ['en', 'en-US,en;q=0.9']) {
      const en = await api().post('/dossiers', {
        token: officer,
        body,
        headers: { 'accept-language': lang },
      });
      expect(en.body.title).toBe('Validation failed');
      expect(en.body.detail).toBe('The request is not valid.');
      expect(en.body.errors[0].message).toMatch(/[a-z]/i);
    }
    const viExplicit = await api().post('/dossiers', {
      token: officer,
      body,
      headers: { 'accept-language': 'vi' },
    });
    expect(viExplicit.body.title).toBe('Dữ liệu không hợp lệ');
  });

  it("R-I18N-1: every field message is a whole sentence in the caller's language", async () => {
    const body = { roundId: 5, unitId: UNIT };
    const vi = await api().post('/dossiers', { token: officer, body });
    const en = await api().post('/dossiers', { token: officer, body, headers: { 'accept-language': 'en' } });
    const of = (res: ApiResponse, path: string) =>
      (res.body.errors as { path: string; message: string }[]).find((e) => e.path === path)?.message;
    expect(of(vi, 'body.roundId')).toBe('phải là chuỗi ký tự, nhận được số');
    expect(of(en, 'body.roundId')).toBe('must be a string, not a number');
    const query = { token: admin };
    const viQuery = await api().get('/units?limit=0', query);
    const enQuery = await api().get('/units?limit=0', { ...query, headers: { 'accept-language': 'en' } });
    expect(of(viQuery, 'query.limit')).toBe('phải lớn hơn hoặc bằng 1');
    expect(of(enQuery, 'query.limit')).toBe('must be greater than or equal to 1');
    const missing = await api().post('/dossiers', { token: officer, body: { unitId: UNIT } });
    expect(of(missing, 'body.roundId')).toBe('bắt buộc phải có');
  });

  it('R-I18N-1: an unknown route (404) and a wrong method (405) answer problem+json like every other error', async () => {
    const missing = await api().get('/no-such-thing');
    expectProblem(missing, 404, 'NOT_FOUND');
    expect(missing.body.title).toBe('Không tìm thấy');
    expect(missing.body.detail).toContain('/no-such-thing');
    expect(typeof missing.body.instance).toBe('string');
    const missingEn = await api().get('/no-such-thing', { headers: { 'accept-language': 'en' } });
    expect(missingEn.body.title).toBe('Not found');
    const wrong = await api().request('DELETE', '/units', { token: admin });
    expectProblem(wrong, 405, 'METHOD_NOT_ALLOWED');
    expect(wrong.body.title).toBe('Phương thức không được hỗ trợ');
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(typeof wrong.body.instance).toBe('string');
    const wrongEn = await api().request('DELETE', '/units', { headers: { 'accept-language': 'en' } });
    expect(wrongEn.body.title).toBe('Method not allowed');
    expect(wrongEn.body.detail).toBe('/units does not take DELETE; it takes: GET, POST.');
  });

  it('SPEC §8: auth problems are localised too', async () => {
    const vi = await api().get('/units');
    expect(vi.body.title).toBe('Chưa xác thực');
    const en = await api().get('/units', { headers: { 'accept-language': 'en' } });
    expect(en.body.title).toBe('Unauthenticated');
    expect(en.body.detail).toMatch(/bearer token/i);
  });

  it('SPEC §8: domain problems carry both languages (the R-PROP-1 reason in English, without the rule id)', async () => {
    const res = await postNomination(nominationBody({ unitId: 'tp-son-la' }), { 'accept-language': 'en' });
    expectInvalid(res, 'body.nominee.unitId');
    expect(res.body.detail).toBe('This unit may not propose this nominee.');
    expect(res.body.errors[0].message).toMatch(/a unit proposes itself/);
    expect(res.body.errors[0].message).not.toMatch(/R-[A-Z]+-\d/);
  });
});

describe('SPEC §10: nothing is stored after a refused create', () => {
  it('SPEC §10: a refused POST /dossiers leaves no dossier in the list', async () => {
    const fresh = (await createOpenRound(api(), admin)).roundId;
    const refused: ApiResponse[] = [
      await api().post('/dossiers', {
        token: officer,
        body: { roundId: fresh, unitId: UNIT, proposalDate: '2025-02-30' },
      }),
      await api().post('/dossiers', { token: officer, body: { roundId: fresh, unitId: UNIT, extra: 1 } }),
      await api().post('/dossiers', { token: officer, body: { roundId: fresh, unitId: 'so-tu-phap' } }),
    ];
    for (const res of refused) expect(res.status).toBeGreaterThanOrEqual(400);
    const list = await api().get(`/dossiers?roundId=${fresh}`, { token: officer });
    expect(list.body.items).toEqual([]);
    // And the unit can still create its one dossier of the round.
    expect(
      (await api().post('/dossiers', { token: officer, body: { roundId: fresh, unitId: UNIT } })).status,
    ).toBe(201);
  });

  it('SPEC §10: refused nominations leave the dossier as it was', async () => {
    const before = await dossierNow();
    await postNomination(nominationBody(individual(UNIT), { criteriaClaimed: [] }));
    await postNomination(nominationBody(individual('tp-son-la')));
    await postNomination(nominationBody(individual('no-such-unit')));
    expect(await dossierNow()).toEqual(before);
  });

  it('SPEC §10: a refused POST /rounds or POST /units stores nothing', async () => {
    const roundId2 = uniqueId('r-none');
    const res = await api().post('/rounds', {
      token: admin,
      body: { roundId: roundId2, kind: 'annual', quotas: {} },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expectProblem(await api().get(`/rounds/${roundId2}`, { token: admin }), 404, 'NOT_FOUND');
    const unitId = uniqueId('u-none');
    const unit = await api().post('/units', {
      token: admin,
      body: { unitId, name: 'Phòng thử', tier: 'province', parentUnitId: 'tp-son-la' },
    });
    expectProblem(unit, 400, 'VALIDATION_FAILED');
    expectProblem(await api().get(`/units/${unitId}`, { token: admin }), 404, 'NOT_FOUND');
  });
});

describe('SPEC §10: never a 5xx, never internals', () => {
  it('SPEC §10: hostile requests all get a 4xx without a stack trace', async () => {
    const hostile: Promise<ApiResponse>[] = [
      api().post('/dossiers', {
        token: officer,
        rawBody: '{"__proto__": {"admin": true}}',
        headers: { 'content-type': 'application/json' },
      }),
      api().post('/dossiers', {
        token: officer,
        rawBody: '\u0000\u0001',
        headers: { 'content-type': 'application/json' },
      }),
      api().post('/dossiers', {
        token: officer,
        rawBody: Buffer.from([0xff, 0xfe, 0xfd]),
        headers: { 'content-type': 'application/json' },
      }),
      api().post('/dossiers', { token: officer, body: { roundId: 'x'.repeat(10_000), unitId: UNIT } }),
      api().get(`/dossiers/${'a'.repeat(500)}`, { token: officer }),
      api().get('/dossiers/%E0%A4%A', { token: officer }),
      api().get(`/units?nextToken=${'%'.repeat(3)}`, { token: officer }),
      api().get('/audit', { token: officer }),
      api().post(`/dossiers/${dossier.dossierId}/nominations`, {
        token: officer,
        body: { nomineeType: 'individual', nominee: null },
      }),
      api().post(`/dossiers/${dossier.dossierId}/nominations`, {
        token: officer,
        body: { nomineeType: 'individual', nominee: [] },
      }),
      api().patch(`/nominations/x`, {
        token: officer,
        body: { nominee: { unitId: UNIT } },
        headers: { 'if-match': '1' },
      }),
      api().put('/index-results/2025/so-noi-vu', { token: admin, body: { parIndexScore: 90.001 } }),
      api().put('/index-results/2025/so-noi-vu', { token: admin, body: { parIndexScore: 101 } }),
      api().put('/index-results/2025/so-noi-vu', { token: admin, body: { parIndexScore: 'NaN' } }),
      api().post('/index-results:import', {
        token: admin,
        rawBody: '',
        headers: { 'content-type': 'text/csv' },
      }),
      api().post('/index-results:import', {
        token: admin,
        rawBody: 'a,b\n"unterminated',
        headers: { 'content-type': 'text/csv' },
      }),
      api().post('/rounds', {
        token: admin,
        body: { roundId: 'r', kind: 'annual', year: 2025, submissionDeadline: 'soon', quotas: null },
      }),
      api().post('/dev/token', { body: { role: 'root' } }),
      api().post('/dossiers', {
        token: officer,
        body: { roundId, unitId: UNIT },
        headers: { 'idempotency-key': 'x'.repeat(300) },
      }),
    ];
    for (const res of await Promise.all(hostile)) {
      expectNoLeak(res);
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type') ?? '').toContain('application/problem+json');
    }
  });
});
