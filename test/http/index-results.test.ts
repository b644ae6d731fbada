// Index results through the API (SPEC §4): their audit trail, read by who may read the unit.

import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/client.ts';
import { createUnit, uniqueId } from '../support/fixtures.ts';
import { expectInvalid, expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();

let admin: string;
beforeAll(async () => {
  admin = await api().token('admin');
});

const YEAR = 2029;
const newUnit = () => createUnit(api(), admin, { tier: 'province', parScored: true });

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
