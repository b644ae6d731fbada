// SPEC §8 and §10, concurrency: Idempotency-Key replays, optimistic versions (If-Match) and R-DUP-1
// duplicates hold when requests race (DynamoDB conditions and transactions, never read-then-write).

import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, useLocalApi } from '../support/client.ts';
import { expectProblem } from '../support/problems.ts';
import {
  addNomination,
  createDossier,
  createOpenRound,
  individual,
  nominationBody,
  roundBody,
  uniqueId,
} from '../support/fixtures.ts';
import { practiceCampaign } from '../support/stored.ts';

const { api } = useLocalApi();

const UNIT = 'so-gd-dt';
const OTHER = 'so-tu-phap';

let admin: string;
let officer: string;
let otherOfficer: string;

beforeAll(async () => {
  [admin, officer, otherOfficer] = await Promise.all([
    api().token('admin'),
    api().token('unit_officer', UNIT),
    api().token('unit_officer', OTHER),
  ]);
});

const openRound = async () => (await createOpenRound(api(), admin)).roundId;
const key = () => uniqueId('idem');
const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status).sort();

describe('SPEC §8 Idempotency-Key: the same key and body create one object', () => {
  it('Idempotency-Key: POST /dossiers twice in sequence gives one dossier and equal answers', async () => {
    const roundId = await openRound();
    const headers = { 'idempotency-key': key() };
    const first = await api().post('/dossiers', { token: officer, body: { roundId, unitId: UNIT }, headers });
    const second = await api().post('/dossiers', {
      token: officer,
      body: { roundId, unitId: UNIT },
      headers,
    });
    expect(first.status, first.text).toBe(201);
    expect(second.status, second.text).toBe(201);
    expect(second.body).toEqual(first.body);
    const list = await api().get(`/dossiers?roundId=${roundId}`, { token: officer });
    expect(list.body.items).toHaveLength(1);
  });

  it('Idempotency-Key: POST /dossiers twice concurrently gives one dossier and equal answers', async () => {
    const roundId = await openRound();
    const headers = { 'idempotency-key': key() };
    const answers = await Promise.all(
      [1, 2].map(() => api().post('/dossiers', { token: officer, body: { roundId, unitId: UNIT }, headers })),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 201]);
    expect(answers[1]?.body).toEqual(answers[0]?.body);
    const list = await api().get(`/dossiers?roundId=${roundId}`, { token: officer });
    expect(list.body.items).toHaveLength(1);
  });

  it('Idempotency-Key: POST /dossiers/{id}/nominations in sequence and concurrently creates one each', async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), officer, roundId, UNIT);
    const url = `/dossiers/${dossier.dossierId}/nominations`;
    const sequentialBody = nominationBody(individual(UNIT));
    const seqHeaders = { 'idempotency-key': key() };
    const first = await api().post(url, { token: officer, body: sequentialBody, headers: seqHeaders });
    const second = await api().post(url, { token: officer, body: sequentialBody, headers: seqHeaders });
    expect([first.status, second.status], `${first.text}\n${second.text}`).toEqual([201, 201]);
    expect(second.body.nominationId).toBe(first.body.nominationId);
    expect(second.body).toEqual(first.body);

    const concurrentBody = nominationBody(individual(UNIT));
    const headers = { 'idempotency-key': key() };
    const answers = await Promise.all(
      [1, 2].map(() => api().post(url, { token: officer, body: concurrentBody, headers })),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 201]);
    expect(answers[1]?.body).toEqual(answers[0]?.body);

    const read = await api().get(`/dossiers/${dossier.dossierId}`, { token: officer });
    expect(read.body.nominations).toHaveLength(2);
  });

  it('Idempotency-Key: POST /rounds in sequence and concurrently creates one round', async () => {
    const sequential = roundBody(uniqueId('r-idem'), { campaignId: await practiceCampaign() });
    const seqHeaders = { 'idempotency-key': key() };
    const first = await api().post('/rounds', { token: admin, body: sequential, headers: seqHeaders });
    const second = await api().post('/rounds', { token: admin, body: sequential, headers: seqHeaders });
    expect([first.status, second.status], `${first.text}\n${second.text}`).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);

    const concurrent = uniqueId('r-idem');
    const body = roundBody(concurrent, { campaignId: await practiceCampaign() });
    const headers = { 'idempotency-key': key() };
    const answers = await Promise.all(
      [1, 2].map(() => api().post('/rounds', { token: admin, body, headers })),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 201]);
    expect(answers[1]?.body).toEqual(answers[0]?.body);
    const audit = await api().get(`/audit?entityId=${concurrent}`, { token: admin });
    expect(audit.body.items.filter((r: { action: string }) => r.action === 'create')).toHaveLength(1);
  });

  it('IDEMPOTENCY_KEY_REUSED: the same key with a different body is 422 and creates nothing', async () => {
    const roundA = await openRound();
    const roundB = await openRound();
    const headers = { 'idempotency-key': key() };
    const first = await api().post('/dossiers', {
      token: officer,
      body: { roundId: roundA, unitId: UNIT },
      headers,
    });
    expect(first.status).toBe(201);
    const reused = await api().post('/dossiers', {
      token: officer,
      body: { roundId: roundB, unitId: UNIT },
      headers,
    });
    expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    const list = await api().get(`/dossiers?roundId=${roundB}`, { token: officer });
    expect(list.body.items).toEqual([]);
  });

  it('IDEMPOTENCY_KEY_REUSED: the same key with different bodies sent at once: one 201, one 422, one object', async () => {
    const headers = { 'idempotency-key': key() };
    const ids = [uniqueId('r-twin'), uniqueId('r-twin')];
    // Each in a campaign of its own: only the key, not R-ROUND-2, may set them apart.
    const bodies = await Promise.all(
      ids.map(async (roundId) => roundBody(roundId, { campaignId: await practiceCampaign() })),
    );
    const answers = await Promise.all(
      bodies.map((body) => api().post('/rounds', { token: admin, body, headers })),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 422]);
    const created = await Promise.all(ids.map((id) => api().get(`/rounds/${id}`, { token: admin })));
    expect(statuses(created)).toEqual([200, 404]);
  });

  it('IDEMPOTENCY_KEY_REUSED: the same key and body on another dossier is not a replay of the first', async () => {
    const [roundA, roundB] = await Promise.all([openRound(), openRound()]);
    const [dossierA, dossierB] = await Promise.all([
      createDossier(api(), officer, roundA, UNIT),
      createDossier(api(), officer, roundB, UNIT),
    ]);
    const body = nominationBody(individual(UNIT));
    const headers = { 'idempotency-key': key() };
    const first = await api().post(`/dossiers/${dossierA.dossierId}/nominations`, {
      token: officer,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    const second = await api().post(`/dossiers/${dossierB.dossierId}/nominations`, {
      token: officer,
      body,
      headers,
    });
    // Never dossier A's nomination as the answer for dossier B.
    expect(second.body.dossierId, second.text).not.toBe(dossierA.dossierId);
    expectProblem(second, 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('Idempotency-Key: keys belong to their caller: another officer’s identical key creates its own object', async () => {
    const roundId = await openRound();
    const headers = { 'idempotency-key': key() };
    const mine = await api().post('/dossiers', { token: officer, body: { roundId, unitId: UNIT }, headers });
    const theirs = await api().post('/dossiers', {
      token: otherOfficer,
      body: { roundId, unitId: OTHER },
      headers,
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.dossierId).not.toBe(mine.body.dossierId);
  });
});

describe('SPEC §6 versions: If-Match under concurrency', () => {
  it('VERSION_CONFLICT: two PATCHes with the same version sent together: one 200, one 412', async () => {
    const dossier = await createDossier(api(), officer, await openRound(), UNIT);
    const n = await addNomination(api(), officer, dossier.dossierId, nominationBody(individual(UNIT)));
    const patch = (citationText: string) =>
      api().patch(`/nominations/${n.nominationId}`, {
        token: officer,
        body: { citationText },
        headers: { 'if-match': `"${n.version}"` },
      });
    const answers = await Promise.all([patch('Bản sửa thứ nhất'), patch('Bản sửa thứ hai')]);
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([200, 412]);
    const loser = answers.find((a) => a.status === 412) as ApiResponse;
    expectProblem(loser, 412, 'VERSION_CONFLICT');
    const winner = answers.find((a) => a.status === 200) as ApiResponse;
    const read = await api().get(`/nominations/${n.nominationId}`, { token: officer });
    expect(read.body.version).toBe(n.version + 1);
    expect(read.body.citationText).toBe(winner.body.citationText);
  });

  it('VERSION_CONFLICT: a stale version sent later is 412 and changes nothing', async () => {
    const dossier = await createDossier(api(), officer, await openRound(), UNIT);
    const n = await addNomination(api(), officer, dossier.dossierId, nominationBody(individual(UNIT)));
    const ok = await api().patch(`/nominations/${n.nominationId}`, {
      token: officer,
      body: { citationText: 'mới' },
      headers: { 'if-match': String(n.version) },
    });
    expect(ok.status).toBe(200);
    const stale = await api().patch(`/nominations/${n.nominationId}`, {
      token: officer,
      body: { citationText: 'cũ' },
      headers: { 'if-match': String(n.version) },
    });
    expectProblem(stale, 412, 'VERSION_CONFLICT');
    const staleDelete = await api().delete(`/nominations/${n.nominationId}`, {
      token: officer,
      headers: { 'if-match': String(n.version) },
    });
    expectProblem(staleDelete, 412, 'VERSION_CONFLICT');
    const staleDossier = await api().patch(`/dossiers/${dossier.dossierId}`, {
      token: officer,
      body: { proposalNo: '1/TTr' },
      headers: { 'if-match': String(dossier.version) },
    });
    expectProblem(staleDossier, 412, 'VERSION_CONFLICT');
    const read = await api().get(`/nominations/${n.nominationId}`, { token: officer });
    expect(read.body).toMatchObject({ version: n.version + 1, citationText: 'mới' });
  });

  it('VERSION_CONFLICT: two dossier PATCHes with the same version sent together: one 200, one 412', async () => {
    const dossier = await createDossier(api(), officer, await openRound(), UNIT);
    const answers = await Promise.all(
      ['1/TTr', '2/TTr'].map((proposalNo) =>
        api().patch(`/dossiers/${dossier.dossierId}`, {
          token: officer,
          body: { proposalNo },
          headers: { 'if-match': String(dossier.version) },
        }),
      ),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([200, 412]);
  });
});

describe('R-DUP-1: a nominee appears once per round', () => {
  it('R-DUP-1: the same citizen id twice in a round is 409 DUPLICATE_NOMINEE, even from another unit', async () => {
    const roundId = await openRound();
    const mine = await createDossier(api(), officer, roundId, UNIT);
    const theirs = await createDossier(api(), otherOfficer, roundId, OTHER);
    const citizenId = `0380${String(Date.now()).slice(-8)}`;
    await addNomination(api(), officer, mine.dossierId, nominationBody(individual(UNIT, { citizenId })));
    const again = await api().post(`/dossiers/${mine.dossierId}/nominations`, {
      token: officer,
      body: nominationBody(individual(UNIT, { citizenId, fullName: 'Tên khác hẳn' })),
    });
    expectProblem(again, 409, 'DUPLICATE_NOMINEE');
    const elsewhere = await api().post(`/dossiers/${theirs.dossierId}/nominations`, {
      token: otherOfficer,
      body: nominationBody(individual(OTHER, { citizenId })),
    });
    expectProblem(elsewhere, 409, 'DUPLICATE_NOMINEE');
  });

  it('R-DUP-1: "Nguyễn  Văn A" and "nguyễn văn a" (NFD too) with the same birth date and unit are one nominee', async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), officer, roundId, UNIT);
    await addNomination(
      api(),
      officer,
      dossier.dossierId,
      nominationBody(individual(UNIT, { fullName: 'Nguyễn  Văn A' })),
    );
    for (const fullName of ['nguyễn văn a', ' NGUYỄN VĂN A ', 'Nguyễn Văn A'.normalize('NFD')]) {
      const res = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
        token: officer,
        body: nominationBody(individual(UNIT, { fullName })),
      });
      expectProblem(res, 409, 'DUPLICATE_NOMINEE');
    }
    // Another birth date, or no diacritics, is another person.
    const otherBirth = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: officer,
      body: nominationBody(individual(UNIT, { fullName: 'nguyễn văn a', dateOfBirth: '1990-01-01' })),
    });
    expect(otherBirth.status, otherBirth.text).toBe(201);
    const noMarks = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: officer,
      body: nominationBody(individual(UNIT, { fullName: 'Nguyen Van A' })),
    });
    expect(noMarks.status, noMarks.text).toBe(201);
  });

  it('R-DUP-1: the same nominee sent concurrently: exactly one 201, the others 409', async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), officer, roundId, UNIT);
    const citizenId = `0381${String(Date.now()).slice(-8)}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        api().post(`/dossiers/${dossier.dossierId}/nominations`, {
          token: officer,
          body: nominationBody(individual(UNIT, { citizenId })),
        }),
      ),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 409, 409]);
    for (const res of answers.filter((a) => a.status === 409)) expectProblem(res, 409, 'DUPLICATE_NOMINEE');
    const byName = await Promise.all(
      ['Trần Thị Bình', 'trần  thị bình'].map((fullName) =>
        api().post(`/dossiers/${dossier.dossierId}/nominations`, {
          token: officer,
          body: nominationBody(individual(UNIT, { fullName })),
        }),
      ),
    );
    expect(statuses(byName), byName.map((a) => a.text).join('\n')).toEqual([201, 409]);
    const collective = await Promise.all(
      [1, 2].map(() =>
        api().post(`/dossiers/${dossier.dossierId}/nominations`, {
          token: officer,
          body: nominationBody({ unitId: UNIT }),
        }),
      ),
    );
    expect(statuses(collective), collective.map((a) => a.text).join('\n')).toEqual([201, 409]);
    const read = await api().get(`/dossiers/${dossier.dossierId}`, { token: officer });
    expect(read.body.nominations).toHaveLength(3);
  });

  it('R-DUP-1: after DELETE of the draft nomination the nominee can be nominated again', async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), officer, roundId, UNIT);
    const nominee = individual(UNIT, { citizenId: `0382${String(Date.now()).slice(-8)}` });
    const n = await addNomination(api(), officer, dossier.dossierId, nominationBody(nominee));
    const del = await api().delete(`/nominations/${n.nominationId}`, {
      token: officer,
      headers: { 'if-match': String(n.version) },
    });
    expect(del.status, del.text).toBe(204);
    expectProblem(await api().get(`/nominations/${n.nominationId}`, { token: officer }), 404, 'NOT_FOUND');
    const again = await api().post(`/dossiers/${dossier.dossierId}/nominations`, {
      token: officer,
      body: nominationBody(nominee),
    });
    expect(again.status, again.text).toBe(201);
  });

  it('R-DUP-1: a PATCH turning a nomination into an existing nominee is 409 and changes nothing', async () => {
    const roundId = await openRound();
    const dossier = await createDossier(api(), officer, roundId, UNIT);
    const taken = individual(UNIT, { citizenId: `0383${String(Date.now()).slice(-8)}` });
    await addNomination(api(), officer, dossier.dossierId, nominationBody(taken));
    const n = await addNomination(api(), officer, dossier.dossierId, nominationBody(individual(UNIT)));
    const res = await api().patch(`/nominations/${n.nominationId}`, {
      token: officer,
      body: { nominee: taken },
      headers: { 'if-match': String(n.version) },
    });
    expectProblem(res, 409, 'DUPLICATE_NOMINEE');
    const read = await api().get(`/nominations/${n.nominationId}`, { token: officer });
    expect(read.body.version).toBe(n.version);
    expect(read.body.nominee.fullName).toBe(n.nominee.fullName);
  });

  it('R-DOS-1: two POST /dossiers for the same unit and round: one 201, one 409', async () => {
    const roundId = await openRound();
    const answers = await Promise.all(
      [1, 2].map(() => api().post('/dossiers', { token: officer, body: { roundId, unitId: UNIT } })),
    );
    expect(statuses(answers), answers.map((a) => a.text).join('\n')).toEqual([201, 409]);
    expectProblem(answers.find((a) => a.status === 409) as ApiResponse, 409, 'INVALID_STATE');
    const list = await api().get(`/dossiers?roundId=${roundId}`, { token: officer });
    expect(list.body.items).toHaveLength(1);
  });
});
