// (d) 200 award requests at once into one quota cell (R-QUOTA-2): 200 recommended individual nominations
// of province departments, walked there through the API (dossiers, real PDF uploads through presigned
// URLs, submission, appraisal); the appraiser revises all but the quota's worth into rejections (R-APP-1)
// and sends the appraisal report; then 200 concurrent POST /rounds/{id}/awards of one reported nomination
// each (R-AWD-1), the quota's worth over and over. Exactly the quota may be granted; every other request is
// a 409; none is a 5xx.

import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { minimalPdf } from '../test/support/files.ts';
import { type ApiClient, apiClient, eachLimit, log, ms, quantile, type Row } from './lib.ts';

export interface AwardsOptions {
  api: ApiClient;
  baseUrl: string;
  token: (role: string, unitId?: string) => Promise<string>;
  requests: number;
  quota: number;
}

export async function awards(o: AwardsOptions): Promise<Row[]> {
  const { api } = o;
  const admin = await o.token('admin');
  const appraiser = await o.token('appraiser');
  const approver = await o.token('approver');
  const roundId = `bench-d-${randomUUID().slice(0, 6)}`;
  const quotas = {
    province: { collective: 1, individual: o.quota },
    district: { collective: 1, individual: 1 },
    commune: { collective: 1, individual: 1 },
  };
  // A campaign of its own: Plan 1109 has its 2025 annual round already (R-ROUND-2).
  const { practiceCampaign } = await import('../test/support/stored.ts');
  await api.must(201, 'POST', '/rounds', admin, {
    roundId,
    campaignId: await practiceCampaign(),
    kind: 'annual',
    year: 2025,
    submissionDeadline: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    quotas,
  });
  const units = (await api.must(200, 'GET', '/units?tier=province&limit=100', admin)).items as {
    unitId: string;
    parentUnitId?: string;
  }[];
  const departments = units.filter((u) => !u.parentUnitId);
  const perDossier = Math.ceil(o.requests / departments.length);
  const nominationIds: string[] = [];

  const upload = async (token: string, dossierId: string, kind: string, nominationId?: string) => {
    const data = minimalPdf(`${kind} ${nominationId ?? dossierId}`);
    const ticket = await api.must(201, 'POST', `/dossiers/${dossierId}/documents`, token, {
      kind,
      fileName: `${kind}.pdf`,
      contentType: 'application/pdf',
      size: data.length,
      sha256: createHash('sha256').update(data).digest('base64'),
      ...(nominationId ? { nominationId } : {}),
    });
    const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.uploadHeaders, body: data });
    await put.arrayBuffer();
    if (put.status !== 200) throw new Error(`upload: ${put.status}`);
    const confirmed = await api.must(200, 'POST', `/documents/${ticket.documentId}/confirm`, token);
    if (confirmed.status !== 'verified')
      throw new Error(`document not verified: ${JSON.stringify(confirmed)}`);
  };

  await eachLimit(departments, 4, async (u) => {
    const want = Math.min(perDossier, o.requests - nominationIds.length);
    if (want <= 0) return;
    const token = await o.token('unit_officer', u.unitId);
    const dossier = await api.must(201, 'POST', '/dossiers', token, { roundId, unitId: u.unitId });
    const mine: string[] = [];
    for (let i = 0; i < want && nominationIds.length + mine.length < o.requests; i++) {
      const n = await api.must(201, 'POST', `/dossiers/${dossier.dossierId}/nominations`, token, {
        nomineeType: 'individual',
        nominee: {
          unitId: u.unitId,
          fullName: `Lò Văn ${u.unitId} ${i}`,
          dateOfBirth: '1979-11-20',
          gender: 'male',
          position: 'Trưởng phòng',
          staffCategory: 'cong_chuc',
        },
        criteriaClaimed: ['AI1'],
        disciplineCompliance: true,
        achievementSummary: 'Dẫn đầu phong trào cải cách hành chính của đơn vị',
        citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính năm 2025',
      });
      mine.push(n.nominationId);
    }
    // Other departments filled the count meanwhile: this draft stays empty.
    if (mine.length === 0) return;
    await upload(token, dossier.dossierId, 'proposal_letter');
    await upload(token, dossier.dossierId, 'council_minutes');
    for (const id of mine) await upload(token, dossier.dossierId, 'achievement_report', id);
    const current = await api.must(200, 'GET', `/dossiers/${dossier.dossierId}`, token);
    await api.must(200, 'POST', `/dossiers/${dossier.dossierId}/submit`, token, undefined, {
      'if-match': `"${current.version}"`,
    });
    nominationIds.push(...mine);
  });
  log(`(d) ${nominationIds.length} nominations submitted`);
  await eachLimit(nominationIds, 4, async (id) => {
    const n = await api.must(200, 'GET', `/nominations/${id}`, appraiser);
    await api.must(
      200,
      'POST',
      `/nominations/${id}/appraisal`,
      appraiser,
      { decision: 'recommend', verifiedCriteria: ['AI1'] },
      {
        'if-match': `"${n.version}"`,
      },
    );
  });
  // R-QUOTA-2(a): the report takes at most the quota; the others are revised before it is sent (R-APP-1).
  await eachLimit(nominationIds.slice(o.quota), 4, async (id) => {
    const n = await api.must(200, 'GET', `/nominations/${id}`, appraiser);
    await api.must(
      200,
      'POST',
      `/nominations/${id}/appraisal`,
      appraiser,
      { decision: 'reject', reason: 'Vượt chỉ tiêu của đợt' },
      { 'if-match': `"${n.version}"` },
    );
  });
  const report = await api.must(200, 'POST', `/rounds/${roundId}/appraisal-report`, appraiser, {});
  const reported = report.nominationIds as string[];
  log(`(d) ${nominationIds.length} nominations recommended, ${reported.length} reported; granting at once`);

  // All at once, each on its own connection.
  const burst = apiClient(o.baseUrl, o.requests);
  const results = await Promise.all(
    Array.from({ length: o.requests }, async (_, i) => {
      const id = reported[i % reported.length] as string;
      const start = performance.now();
      const res = await burst.call('POST', `/rounds/${roundId}/awards`, approver, {
        nominationIds: [id],
        decisionNo: `${1000 + i}/QĐ-UBND`,
        decisionDate: '2025-12-20',
      });
      return {
        status: res.status,
        code: res.json?.code as string | undefined,
        ms: performance.now() - start,
      };
    }),
  );
  burst.close();
  const granted = results.filter((r) => r.status === 200).length;
  const refused = results.filter((r) => r.status === 409).length;
  const quotaRefusals = results.filter((r) => r.code === 'QUOTA_EXCEEDED').length;
  const errors = results.filter((r) => r.status >= 500).length;
  const other = results.length - granted - refused - errors;
  const round = await api.must(200, 'GET', `/rounds/${roundId}`, admin);
  const counter = round.awarded.province.individual as number;
  const p99 = quantile(
    results.map((r) => r.ms),
    0.99,
  );
  return [
    {
      part: '(d)',
      what: `${o.requests} concurrent awards, quota ${o.quota}: granted`,
      value: String(granted),
      baseline: `counter ${counter}`,
      target: `= ${o.quota}`,
      ok: granted === o.quota && counter === o.quota,
    },
    {
      part: '(d)',
      what: '… refused 409',
      value: `${refused} (${quotaRefusals} QUOTA_EXCEEDED)`,
      target: `= ${o.requests - o.quota}`,
      ok: refused === o.requests - o.quota,
    },
    { part: '(d)', what: '… 5xx', value: String(errors), target: '= 0', ok: errors === 0 },
    ...(other > 0
      ? [{ part: '(d)', what: '… other answers', value: String(other), target: '= 0', ok: false }]
      : []),
    { part: '(d)', what: '… p99 latency', value: ms(p99), target: '(shown)' },
  ];
}
