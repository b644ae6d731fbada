// Index results through the API (SPEC §4): partial updates by PUT and by import line (edition 2), and
// their audit trail, read by who may read the unit.

import { beforeAll, describe, expect, it } from 'vitest';
import { getIndexResult, saveIndexResults } from '#functions/store/units.ts';
import { useLocalApi } from '../support/client.ts';
import { createUnit, uniqueId } from '../support/fixtures.ts';
import { expectInvalid, expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();

let admin: string;
beforeAll(async () => {
  admin = await api().token('admin');
});

const YEAR = 2029;
const HEADER = 'year,unitId,parIndexScore,parIndexRank,satisfactionIndex';
const newUnit = () => createUnit(api(), admin, { tier: 'province', parScored: true });
const put = (unitId: string, body: object) =>
  api().put(`/index-results/${YEAR}/${unitId}`, { token: admin, body });
const importCsv = (csv: string) =>
  api().post('/index-results:import', {
    token: admin,
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
/** The stored result, as GET /index-results?year= lists it. */
async function stored(unitId: string) {
  let nextToken: string | undefined;
  do {
    const page = await api().get(
      `/index-results?year=${YEAR}&limit=100${nextToken ? `&nextToken=${nextToken}` : ''}`,
      { token: admin },
    );
    expect(page.status, page.text).toBe(200);
    const found = page.body.items.find((r: { unitId: string }) => r.unitId === unitId);
    if (found) return found;
    nextToken = page.body.nextToken;
  } while (nextToken);
  return undefined;
}
const trail = async (unitId: string) =>
  (await api().get(`/audit?entityId=${YEAR}:${unitId}`, { token: admin })).body.items as {
    action: string;
  }[];

describe('SPEC §4 (edition 2): partial updates of index results', () => {
  it('SPEC §4: a PUT that leaves a field out keeps its stored value, and null clears it', async () => {
    // Prepare
    const { unitId } = await newUnit();
    expect((await put(unitId, { parIndexScore: 91.25, satisfactionIndex: 88.5 })).status).toBe(200);

    // Act: the rank is published later, alone.
    const ranked = await put(unitId, { parIndexRank: 3 });

    // Assess
    expect(ranked.status, ranked.text).toBe(200);
    const all = { year: YEAR, unitId, parIndexScore: 91.25, parIndexRank: 3, satisfactionIndex: 88.5 };
    expect(ranked.body).toMatchObject(all);
    expect(await stored(unitId)).toMatchObject(all);

    // Act: null clears the SIPAS, the rest stays.
    const cleared = await put(unitId, { satisfactionIndex: null });

    // Assess
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).not.toHaveProperty('satisfactionIndex');
    const after = await stored(unitId);
    expect(after).toMatchObject({ parIndexScore: 91.25, parIndexRank: 3 });
    expect(after).not.toHaveProperty('satisfactionIndex');
  });

  it('SPEC §4: a PUT that changes nothing writes nothing (no audit record, same updatedAt)', async () => {
    const { unitId } = await newUnit();
    const first = await put(unitId, { parIndexScore: 90, parIndexRank: 1 });
    const again = await put(unitId, { parIndexScore: 90 });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await trail(unitId)).map((r) => r.action)).toEqual(['create']);
  });

  it('SPEC §4: an import line’s empty cell keeps the stored value, and the word null clears it', async () => {
    // Prepare
    const [a, b, c] = await Promise.all([newUnit(), newUnit(), newUnit()]);
    for (const { unitId } of [a, b, c])
      expect((await put(unitId, { parIndexScore: 80, parIndexRank: 9, satisfactionIndex: 85 })).status).toBe(
        200,
      );

    // Act
    const res = await importCsv(
      [
        HEADER,
        `${YEAR},${a.unitId},,2,`, // the rank only
        `${YEAR},${b.unitId},null,,null`, // clears both scores
        `${YEAR},${c.unitId},,,`, // nothing at all
        '',
      ].join('\n'),
    );

    // Assess
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: 3, years: [YEAR] });
    expect(await stored(a.unitId)).toMatchObject({
      parIndexScore: 80,
      parIndexRank: 2,
      satisfactionIndex: 85,
    });
    const cleared = await stored(b.unitId);
    expect(cleared).toMatchObject({ parIndexRank: 9 });
    expect(cleared).not.toHaveProperty('parIndexScore');
    expect(cleared).not.toHaveProperty('satisfactionIndex');
    expect(await stored(c.unitId)).toMatchObject({
      parIndexScore: 80,
      parIndexRank: 9,
      satisfactionIndex: 85,
    });
    // A line that changes nothing is not written again.
    expect((await trail(c.unitId)).map((r) => r.action)).toEqual(['create']);
  });

  it('VALIDATION_FAILED: a cell that is neither a number, empty nor null is reported by line', async () => {
    const [a, b] = await Promise.all([newUnit(), newUnit()]);
    const res = await importCsv(`${HEADER}\n${YEAR},${a.unitId},none,,\n${YEAR},${b.unitId},Null,,\n`);
    expectInvalid(res, 'line 2');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('line 3');
    expect(await stored(a.unitId)).toBeUndefined();
    expect(await stored(b.unitId)).toBeUndefined();
  });

  it('VERSION_CONFLICT: a change computed from a result replaced meanwhile is refused, the other kept', async () => {
    // Prepare: two changes read the same stored result; one is saved first.
    const { unitId } = await newUnit();
    expect((await put(unitId, { parIndexScore: 80 })).status).toBe(200);
    const before = await getIndexResult(YEAR, unitId);
    const actor = { sub: 'test', role: 'admin' };
    const at = (score: number) => ({ before, after: { ...before!, parIndexScore: score } });
    await saveIndexResults([at(81)], actor, new Date());

    // Act
    const late = saveIndexResults([at(82)], actor, new Date());

    // Assess
    await expect(late).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await stored(unitId)).toMatchObject({ parIndexScore: 81 });
  });
});

describe('SPEC §6 audit of index results: GET /audit?entityId=<year>:<unitId>', () => {
  it('SPEC §6: reviewers and the unit’s own officers read the trail of an index result; other units do not', async () => {
    // Prepare
    const unit = await newUnit();
    const put = (body: object) => api().put(`/index-results/${YEAR}/${unit.unitId}`, { token: admin, body });
    expect((await put({ parIndexScore: 88, parIndexRank: 4 })).status).toBe(200);
    expect((await put({ parIndexScore: 91.5, parIndexRank: 2 })).status).toBe(200);
    const entityId = `${YEAR}:${unit.unitId}`;

    // Act
    const readers = await Promise.all([
      api().token('admin'),
      api().token('appraiser'),
      api().token('approver'),
      api().token('unit_officer', unit.unitId),
    ]);
    const outsider = await api().token('unit_officer', 'so-tu-phap');

    // Assess
    for (const token of readers) {
      const trail = await api().get(`/audit?entityId=${entityId}`, { token });
      expect(trail.status, trail.text).toBe(200);
      expect(trail.body.items).toMatchObject([
        { entityId, entityType: 'index_result', action: 'create', unitId: unit.unitId, before: null },
        {
          entityId,
          action: 'update',
          before: { parIndexScore: 88, parIndexRank: 4 },
          after: { parIndexScore: 91.5, parIndexRank: 2 },
        },
      ]);
    }
    expectProblem(await api().get(`/audit?entityId=${entityId}`, { token: outsider }), 404, 'NOT_FOUND');
  });

  it('VALIDATION_FAILED: an entity id that is neither an id nor <year>:<unitId> is 400 at query.entityId', async () => {
    for (const entityId of ['2025:So-Noi-Vu', '25:so-noi-vu', 'a:b', `${uniqueId('x')}:`]) {
      expectInvalid(
        await api().get(`/audit?entityId=${encodeURIComponent(entityId)}`, { token: admin }),
        'query.entityId',
      );
    }
  });
});
