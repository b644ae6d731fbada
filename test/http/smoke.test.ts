import { describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/client.ts';
import { createOpenRound, individual } from '../support/fixtures.ts';

const { api } = useLocalApi();

describe('a unit officer walks a dossier to its eligibility', () => {
  it('R-DOS-1: creates a dossier with a nomination and reads its eligibility with reasons', async () => {
    const admin = await api().token('admin');
    const officer = await api().token('unit_officer', 'so-noi-vu');
    const round = await createOpenRound(api(), admin);
    const dossier = await api().post('/dossiers', {
      token: officer,
      body: { roundId: round.roundId, unitId: 'so-noi-vu' },
    });
    expect(dossier.status, dossier.text).toBe(201);
    const nomination = await api().post(`/dossiers/${dossier.body.dossierId}/nominations`, {
      token: officer,
      body: {
        nomineeType: 'individual',
        nominee: individual('so-noi-vu'),
        criteriaClaimed: ['AI3'],
        disciplineCompliance: true,
        achievementSummary: 'Tham mưu cải cách hành chính',
        citationText: 'Đã có thành tích xuất sắc',
      },
    });
    expect(nomination.status, nomination.text).toBe(201);
    const read = await api().get(`/nominations/${nomination.body.nominationId}`, { token: officer });
    expect(read.status).toBe(200);
    expect(read.body.eligibility.eligible).toBeNull();
    expect(read.body.eligibility.criteria[0]).toMatchObject({ code: 'AI3', status: 'needs_review' });
    expect(typeof read.body.eligibility.criteria[0].reason).toBe('string');
  });
});
