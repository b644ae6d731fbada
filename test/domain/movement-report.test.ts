// R-REP-1 and D-REP: the yearly movement report as a filing of its own. Submission (status, version,
// deadline by the server's clock, a verified report file, in that order), its evidence freeze, who must
// file it (campaign data), and the campaign a year's report falls under.

import { describe, expect, it } from 'vitest';
import { PLAN_1109 } from '../../domain/campaign.ts';
import { reportDeadline } from '../../domain/deadlines.ts';
import type { SlotDocument } from '../../domain/evidence.ts';
import {
  assertReportEvidenceMayChange,
  campaignOfYear,
  type MovementReportState,
  openMovementReport,
  reportEvidenceFreeze,
  reportingUnits,
  submitMovementReport,
} from '../../domain/movement-report.ts';
import { UNITS } from './fixtures.ts';

const YEAR = 2025;
const D_REP = reportDeadline(YEAR); // 30/12/2025 00:00 ICT
const draft = (): MovementReportState & { reportId: string } => ({
  reportId: 'r-1',
  ...openMovementReport({ unitId: 'so-noi-vu', year: YEAR, now: new Date('2025-11-01T00:00:00Z') }),
});
const file = (status: SlotDocument['status'], verifiedAt?: string): SlotDocument => ({
  documentId: `f-${status}`,
  kind: 'movement_report',
  status,
  createdAt: '2025-11-02T00:00:00Z',
  ...(verifiedAt ? { verifiedAt } : {}),
});
const verified = file('verified', '2025-11-02T00:01:00Z');

const submitting = (over: Partial<Parameters<typeof submitMovementReport>[0]> = {}) =>
  submitMovementReport({
    report: draft(),
    documents: [verified],
    expectedVersion: 1,
    now: new Date('2025-12-20T00:00:00Z'),
    ...over,
  });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

describe('R-REP-1: submitting the yearly movement report', () => {
  it('R-REP-1: a draft with a verified report file, before D-REP, becomes submitted with submittedAt', () => {
    const now = new Date('2025-12-20T00:00:00Z');
    expect(submitting({ now })).toMatchObject({
      reportId: 'r-1',
      status: 'submitted',
      submittedAt: now.toISOString(),
      version: 2,
      updatedAt: now.toISOString(),
    });
  });

  it.each<[string, Partial<Parameters<typeof submitMovementReport>[0]>, string]>([
    ['one millisecond before D-REP', { now: new Date(Date.parse(D_REP) - 1) }, 'OK'],
    ['at D-REP (30 Dec 00:00 ICT)', { now: new Date(D_REP) }, 'DEADLINE_PASSED'],
    ['a stale version', { expectedVersion: 2 }, 'VERSION_CONFLICT'],
    ['no report file', { documents: [] }, 'DOSSIER_INCOMPLETE'],
    ['a report file not verified yet', { documents: [file('pending')] }, 'DOSSIER_INCOMPLETE'],
    ['only a rejected report file', { documents: [file('rejected')] }, 'DOSSIER_INCOMPLETE'],
    ['already submitted', { report: { ...draft(), status: 'submitted' } }, 'INVALID_STATE'],
    // Judged in order: the status, the version, the deadline, then the file.
    [
      'submitted, stale, late and empty',
      {
        report: { ...draft(), status: 'submitted' },
        expectedVersion: 9,
        now: new Date(D_REP),
        documents: [],
      },
      'INVALID_STATE',
    ],
    [
      'stale, late and empty',
      { expectedVersion: 9, now: new Date(D_REP), documents: [] },
      'VERSION_CONFLICT',
    ],
    ['late and empty', { now: new Date(D_REP), documents: [] }, 'DEADLINE_PASSED'],
  ])('R-REP-1 / D-REP: %s → %s', (_case, over, code) => {
    expect(codeOf(() => submitting(over))).toBe(code);
  });

  it('R-REP-1: an incomplete report names the missing file, and why, in both languages', () => {
    try {
      submitting({ documents: [file('pending')] });
      expect.unreachable();
    } catch (e) {
      const error = e as { items: { path: string; message: { vi: string; en: string } }[] };
      expect(error.items).toEqual([
        {
          path: 'documents.movement_report',
          message: { vi: expect.stringContaining('chưa được xác minh'), en: 'declared but not verified yet' },
        },
      ]);
    }
  });

  it('D-REP: the late refusal names the deadline in ICT', () => {
    try {
      submitting({ now: new Date(D_REP) });
      expect.unreachable();
    } catch (e) {
      const error = e as { text: { vi: string; en: string }; details: Record<string, unknown> };
      expect(error.text.vi).toContain('00:00 ngày 30/12/2025');
      expect(error.details).toMatchObject({ deadline: D_REP, deadlineKind: 'report' });
    }
  });
});

describe('R-REP-1 with R-DOC-3: a submitted report keeps its documents', () => {
  it.each([
    ['draft', true],
    ['submitted', false],
  ] as const)('R-REP-1: a %s report takes documents: %s', (status, open) => {
    expect(reportEvidenceFreeze(status) === undefined).toBe(open);
    expect(codeOf(() => assertReportEvidenceMayChange(status))).toBe(open ? 'OK' : 'INVALID_STATE');
  });
});

describe('R-REP-1: who must report, and under which campaign', () => {
  it('R-REP-1: Plan 1109 — the top units of the province and district tiers, not sub-units nor communes', () => {
    expect(
      reportingUnits(UNITS, PLAN_1109)
        .map((u) => u.unitId)
        .sort(),
    ).toEqual(['h-moc-chau', 'so-noi-vu', 'so-tu-phap', 'tp-son-la']);
  });

  it('R-REP-1: a campaign that names the commune tier has its communes report', () => {
    const ids = reportingUnits(UNITS, { reportingTiers: ['commune'] }).map((u) => u.unitId);
    expect(ids.sort()).toEqual(['p-chieng-le', 'x-chieng-son']);
  });

  const plan = { campaignId: 'plan-1109', startDate: '2021-06-01', endDate: '2025-11-30' };
  const next = { campaignId: 'ke-hoach-2026', startDate: '2026-01-15', endDate: '2030-11-30' };
  const practice = { campaignId: 'thu-nghiem', startDate: '2025-01-01', endDate: '2025-12-31' };
  it.each<[number, (typeof plan)[], string | undefined]>([
    [2021, [plan, next], 'plan-1109'],
    [2025, [plan, next], 'plan-1109'],
    [2026, [plan, next], 'ke-hoach-2026'],
    // Several hold the year: the latest-starting one.
    [2025, [plan, practice], 'thu-nghiem'],
    // None holds it: the most recent one.
    [2027, [plan], 'plan-1109'],
    [2031, [plan, next], 'ke-hoach-2026'],
    [2025, [], undefined],
  ])('R-REP-1: the report of %i falls under %j → %s', (year, campaigns, expected) => {
    expect(campaignOfYear(campaigns, year)?.campaignId).toBe(expected);
  });
});
