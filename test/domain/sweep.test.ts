import { renderText } from '#domain/texts.ts';
import { describe, expect, it } from 'vitest';
import {
  mayReopen,
  needsNothing,
  notificationIds,
  type PlannedNotification,
  planRoundSweep,
  proposingUnits,
  type RoundSweepInput,
  reportingRounds,
  roundConcerns,
  roundMayBeDue,
  type SweepDossier,
} from '../../domain/sweep.ts';
import { reportDeadline } from '../../domain/deadlines.ts';
import type { DossierStatus, Round, UnitExtension } from '../../domain/types.ts';
import { campaign, round, UNITS } from './fixtures.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** annual-2025; the submission cases plan no D-REP reminders (only a reporting round is given them). */
const annual: Round = round('annual-2025');
const D = annual.submissionDeadline; // 30/12/2025 00:00 ICT = 2025-12-29T17:00:00.000Z
const minus = (deadline: string, ms: number) => new Date(Date.parse(deadline) - ms).toISOString();
const plus = (deadline: string, ms: number) => new Date(Date.parse(deadline) + ms).toISOString();

const PROPOSERS = ['so-noi-vu', 'so-tu-phap', 'tp-son-la', 'p-chieng-le', 'h-moc-chau', 'x-chieng-son'];

let seq = 0;
const dossier = (unitId: string, status: DossierStatus, version = 3): SweepDossier => ({
  dossierId: `d-${unitId}-${++seq}`,
  unitId,
  status,
  version,
});

function plan(overrides: Partial<RoundSweepInput> & { now: string }) {
  return planRoundSweep({
    round: annual,
    campaign,
    extensions: [],
    units: UNITS,
    dossiers: [],
    ...overrides,
  });
}

const ofKind = (notifications: PlannedNotification[], kind: PlannedNotification['kind']) =>
  notifications.filter((n) => n.kind === kind);
const unitsOf = (notifications: PlannedNotification[]) => notifications.map((n) => n.unitId).sort();

describe('who proposes', () => {
  it('R-SWEEP-1: the top unit of each tier proposes (departments, districts, communes), not sub-units', () => {
    expect(
      proposingUnits(UNITS)
        .map((u) => u.unitId)
        .sort(),
    ).toEqual([...PROPOSERS].sort());
  });
});

describe('submission reminders (D-SUB)', () => {
  it('R-SWEEP-1: nothing is due 15 days before D-SUB', () => {
    const p = plan({ now: minus(D, 15 * DAY) });
    expect(p.notifications).toEqual([]);
    expect(p.expiries).toEqual([]);
  });

  it('R-SWEEP-1: 14 days before D-SUB every proposing unit without a dossier is reminded; sub-units are not', () => {
    const p = plan({ now: minus(D, 14 * DAY) });
    expect(unitsOf(p.notifications)).toEqual([...PROPOSERS].sort());
    for (const n of p.notifications) {
      expect(n).toMatchObject({
        kind: 'submission_reminder',
        roundId: 'annual-2025',
        dueAt: D,
        daysBefore: 14,
      });
      expect(n.role).toBeUndefined();
    }
    expect(unitsOf(p.notifications)).not.toContain('snv-phong-cchc');
    expect(unitsOf(p.notifications)).not.toContain('tpsl-phong-noi-vu');
  });

  it.each([
    [14 * DAY, 14],
    [13 * DAY + 17 * HOUR, 14], // the 07:00 ICT sweep on 16 Dec for a deadline of 30 Dec 00:00
    [7 * DAY + 1, 14],
    [7 * DAY, 7],
    [4 * DAY, 7],
    [3 * DAY, 3],
    [2 * DAY, 3],
    [1 * DAY, 1],
    [HOUR, 1],
  ])('R-SWEEP-1: %d ms before D-SUB the offset is %d days', (ms, offset) => {
    const p = plan({ now: minus(D, ms) });
    expect(p.notifications).toHaveLength(PROPOSERS.length);
    expect(new Set(p.notifications.map((n) => n.daysBefore))).toEqual(new Set([offset]));
  });

  it.each([
    ['at D-SUB', D],
    ['after D-SUB', plus(D, HOUR)],
  ])('R-SWEEP-1: no submission reminder %s', (_label, now) => {
    expect(ofKind(plan({ now }).notifications, 'submission_reminder')).toEqual([]);
  });

  it('R-SWEEP-1: units with a submitted or closed dossier are not reminded; draft and withdrawn-only ones are', () => {
    const dossiers = [
      dossier('so-noi-vu', 'submitted'),
      dossier('so-tu-phap', 'closed'),
      dossier('tp-son-la', 'draft'),
      dossier('h-moc-chau', 'withdrawn'),
    ];
    const p = plan({ now: minus(D, 3 * DAY), dossiers });
    expect(unitsOf(p.notifications)).toEqual(['h-moc-chau', 'p-chieng-le', 'tp-son-la', 'x-chieng-son']);
    const draft = p.notifications.find((n) => n.unitId === 'tp-son-la');
    expect(renderText(draft?.message ?? '', 'en')).toMatch(/not submitted yet/);
    expect(renderText(p.notifications.find((n) => n.unitId === 'h-moc-chau')?.message ?? '', 'en')).toMatch(
      /has not submitted/,
    );
  });

  it('R-SWEEP-1: a unit with a submitted dossier and a withdrawn one counts as submitted', () => {
    const dossiers = [dossier('so-noi-vu', 'withdrawn'), dossier('so-noi-vu', 'submitted')];
    expect(unitsOf(plan({ now: minus(D, DAY), dossiers }).notifications)).not.toContain('so-noi-vu');
  });

  it('R-SWEEP-1: a sub-unit that opened a draft dossier of its own is reminded about it', () => {
    const p = plan({ now: minus(D, DAY), dossiers: [dossier('snv-phong-cchc', 'draft')] });
    expect(unitsOf(p.notifications)).toContain('snv-phong-cchc');
  });

  it('R-DL-2: each unit is judged against its own effective deadline; an extension gives fresh ids', () => {
    const extended = plus(D, 10 * DAY);
    const extensions: UnitExtension[] = [
      { roundId: 'annual-2025', unitId: 'so-tu-phap', submissionDeadline: extended, reason: 'lũ quét' },
    ];
    const dayBefore = plan({ now: minus(D, DAY), extensions });
    expect(dayBefore.notifications).toHaveLength(PROPOSERS.length);
    for (const n of dayBefore.notifications) {
      // 11 days before its own deadline so-tu-phap is at the 14-day reminder; the others at 1 day.
      if (n.unitId === 'so-tu-phap') expect(n).toMatchObject({ daysBefore: 14, dueAt: extended });
      else expect(n).toMatchObject({ daysBefore: 1, dueAt: D });
    }

    const later = plan({ now: plus(D, 3 * DAY), extensions });
    expect(later.notifications).toHaveLength(1);
    expect(later.notifications[0]).toMatchObject({
      kind: 'submission_reminder',
      unitId: 'so-tu-phap',
      daysBefore: 7,
      dueAt: extended,
      notificationId: `submission_reminder:annual-2025:so-tu-phap:7:${extended}`,
    });
  });

  it('R-DL-2: an extension for another round does not apply', () => {
    const extensions: UnitExtension[] = [
      { roundId: 'annual-2024', unitId: 'so-tu-phap', submissionDeadline: plus(D, 10 * DAY), reason: 'x' },
    ];
    expect(unitsOf(plan({ now: minus(D, DAY), extensions }).notifications)).toContain('so-tu-phap');
  });
});

describe('expiry at D-SUB (SPEC §6)', () => {
  it('R-SWEEP-1: draft dossiers expire once D-SUB has passed, each with one notice to its unit', () => {
    const draft = dossier('so-noi-vu', 'draft', 4);
    const dossiers = [draft, dossier('so-tu-phap', 'submitted'), dossier('tp-son-la', 'withdrawn')];
    expect(plan({ now: minus(D, 1), dossiers }).expiries).toEqual([]);
    const p = plan({ now: D, dossiers });
    expect(p.expiries).toHaveLength(1);
    expect(p.expiries[0]).toMatchObject({
      dossierId: draft.dossierId,
      unitId: 'so-noi-vu',
      from: 'draft',
      version: 4,
      deadline: D,
      notification: {
        kind: 'dossier_expired',
        roundId: 'annual-2025',
        unitId: 'so-noi-vu',
        dueAt: D,
        notificationId: `dossier_expired:annual-2025:so-noi-vu:${D}:${draft.dossierId}:4`,
      },
    });
    expect(p.expiries[0]?.notification.daysBefore).toBeUndefined();
  });

  it('R-DL-2: a unit whose deadline was extended keeps its draft open until the extension passes', () => {
    const draft = dossier('so-tu-phap', 'draft');
    const extended = plus(D, 5 * DAY);
    const extensions: UnitExtension[] = [
      { roundId: 'annual-2025', unitId: 'so-tu-phap', submissionDeadline: extended, reason: 'x' },
    ];
    expect(plan({ now: plus(D, DAY), dossiers: [draft], extensions }).expiries).toEqual([]);
    expect(plan({ now: extended, dossiers: [draft], extensions }).expiries).toHaveLength(1);
  });

  it('R-DL-1: a returned dossier may be resubmitted until D-APP, so it expires at D-APP, not D-SUB', () => {
    const period = round('period-2021-2025');
    const returned = dossier('h-moc-chau', 'returned');
    const atSub = plan({ round: period, now: plus(period.submissionDeadline, DAY), dossiers: [returned] });
    expect(atSub.expiries).toEqual([]);
    const dApp = period.appraisalDeadline as string;
    const sevenBefore = plan({ round: period, now: minus(dApp, 7 * DAY), dossiers: [returned] });
    expect(ofKind(sevenBefore.notifications, 'submission_reminder')).toEqual([
      expect.objectContaining({ unitId: 'h-moc-chau', dueAt: dApp, daysBefore: 7 }),
    ]);
    expect(
      renderText(sevenBefore.notifications.find((n) => n.unitId === 'h-moc-chau')?.message ?? '', 'en'),
    ).toMatch(/returned/);
    const atApp = plan({ round: period, now: dApp, dossiers: [returned] });
    expect(atApp.expiries).toEqual([
      expect.objectContaining({ dossierId: returned.dossierId, from: 'returned' }),
    ]);
  });

  it('R-DL-1: a returned dossier in a round with no D-APP yet neither expires nor is reminded', () => {
    const p = plan({ now: plus(D, 20 * DAY), dossiers: [dossier('h-moc-chau', 'returned')] });
    expect(p).toMatchObject({ notifications: [], expiries: [] });
  });

  it('R-SWEEP-1: the first edition wording (returned bound by D-SUB) is only a configuration value, not the default', () => {
    const returned = dossier('h-moc-chau', 'returned');
    const p = plan({
      now: D,
      dossiers: [returned],
      readings: { catchUpDays: 7, returnedDossierDeadline: 'submission' },
    });
    expect(p.expiries).toEqual([expect.objectContaining({ from: 'returned', deadline: D })]);
  });
});

describe('movement report reminders (D-REP, R-REP-1)', () => {
  const reporting = (filed: string[] = []) => ({ movementReports: { filed: new Set(filed) } });
  const REPORTERS = ['so-noi-vu', 'so-tu-phap', 'tp-son-la', 'h-moc-chau'];

  it('R-REP-1: before D-REP the top units of the reporting tiers that have not submitted are reminded, not communes', () => {
    const p = plan({ now: minus(D, 7 * DAY), ...reporting(['tp-son-la']) });
    const reports = ofKind(p.notifications, 'report_reminder');
    // Plan 1109: provincial agencies and district people's committees (seed IV.1); no sub-unit, no commune.
    expect(unitsOf(reports)).toEqual(REPORTERS.filter((u) => u !== 'tp-son-la').sort());
    for (const n of reports) {
      expect(n).toMatchObject({ dueAt: reportDeadline(2025), daysBefore: 7 });
      expect(n.notificationId).toBe(`report_reminder:annual-2025:${n.unitId}:7:${reportDeadline(2025)}`);
      expect(renderText(n.message ?? '', 'vi')).toContain('năm 2025');
    }
  });

  it('R-REP-1: who reports is campaign data: a two-tier campaign reminds its communes', () => {
    const twoTier = { ...campaign, reportingTiers: ['province', 'commune'] as const };
    const reports = ofKind(
      plan({ campaign: twoTier, now: minus(D, DAY), ...reporting() }).notifications,
      'report_reminder',
    );
    expect(unitsOf(reports)).toEqual(['p-chieng-le', 'so-noi-vu', 'so-tu-phap', 'x-chieng-son']);
  });

  it("R-REP-1: a report is the unit's own filing: dossiers neither count for it nor are reminded for it", () => {
    const dossiers = [dossier('so-noi-vu', 'submitted'), dossier('h-moc-chau', 'draft')];
    const p = plan({ now: minus(D, 3 * DAY), dossiers, ...reporting() });
    expect(unitsOf(ofKind(p.notifications, 'report_reminder'))).toEqual([...REPORTERS].sort());
    // Reminders about a report address units, never a dossier; no dossier expires before its D-SUB.
    expect(p.expiries).toEqual([]);
  });

  it('R-SWEEP-1: a closed round reminds no unit to submit, whatever its deadlines say; the movement report of its year is still reminded of', () => {
    const closed: Round = { ...annual, closedAt: minus(D, 20 * DAY) };
    const p = plan({
      round: closed,
      now: minus(D, 7 * DAY),
      dossiers: [dossier('so-tu-phap', 'draft')],
      ...reporting(),
    });
    expect(ofKind(p.notifications, 'submission_reminder')).toEqual([]);
    expect(unitsOf(ofKind(p.notifications, 'report_reminder'))).toEqual([...REPORTERS].sort());
    // The same round open: every proposing unit is reminded.
    const open = plan({ now: minus(D, 7 * DAY), dossiers: [dossier('so-tu-phap', 'draft')], ...reporting() });
    expect(unitsOf(ofKind(open.notifications, 'submission_reminder'))).toEqual([...PROPOSERS].sort());
  });

  it('R-REP-1: no report reminders outside the horizon, after D-REP, in period rounds or in a round that does not carry them', () => {
    expect(
      ofKind(plan({ now: minus(D, 15 * DAY), ...reporting() }).notifications, 'report_reminder'),
    ).toEqual([]);
    expect(ofKind(plan({ now: D, ...reporting() }).notifications, 'report_reminder')).toEqual([]);
    const period = round('period-2021-2025');
    expect(
      ofKind(
        plan({ round: period, now: minus(period.submissionDeadline, DAY), ...reporting() }).notifications,
        'report_reminder',
      ),
    ).toEqual([]);
    expect(ofKind(plan({ now: minus(D, DAY) }).notifications, 'report_reminder')).toEqual([]);
  });

  it('R-DL-2: a submission extension does not move D-REP', () => {
    const extensions: UnitExtension[] = [
      { roundId: 'annual-2025', unitId: 'so-noi-vu', submissionDeadline: plus(D, 9 * DAY), reason: 'x' },
    ];
    const reports = ofKind(
      plan({ now: minus(D, DAY), extensions, ...reporting() }).notifications,
      'report_reminder',
    );
    expect(reports.find((n) => n.unitId === 'so-noi-vu')).toMatchObject({ daysBefore: 1, dueAt: D });
  });

  it.each<
    [string, { roundId: string; campaignId: string; kind: 'annual' | 'period'; year?: number }[], string[]]
  >([
    [
      'one annual round per campaign and year carries them',
      [
        { roundId: 'annual-2025', campaignId: 'plan-1109', kind: 'annual', year: 2025 },
        { roundId: 'annual-2024', campaignId: 'plan-1109', kind: 'annual', year: 2024 },
        { roundId: 'period-2021-2025', campaignId: 'plan-1109', kind: 'period' },
      ],
      ['annual-2024', 'annual-2025'],
    ],
    [
      'a practice round of the same year adds none (the first by id carries them)',
      [
        { roundId: 'thu-nghiem-1', campaignId: 'plan-1109', kind: 'annual', year: 2025 },
        { roundId: 'annual-2025', campaignId: 'plan-1109', kind: 'annual', year: 2025 },
      ],
      ['annual-2025'],
    ],
    [
      'each campaign reminds of its own year',
      [
        { roundId: 'annual-2026', campaignId: 'ke-hoach-2026', kind: 'annual', year: 2026 },
        { roundId: 'annual-2025', campaignId: 'plan-1109', kind: 'annual', year: 2025 },
      ],
      ['annual-2025', 'annual-2026'],
    ],
  ])('R-REP-1: reporting rounds — %s', (_name, rounds, expected) => {
    expect([...reportingRounds(rounds)].sort()).toEqual(expected);
  });
});

describe('appraisal deadline (D-APP)', () => {
  // D-APP-A with announcement 2026-03-20 and lead 9 days: before 11/03/2026 00:00 ICT.
  const announced: Round = { ...annual, announcementDate: '2026-03-20' };
  const dApp = '2026-03-10T17:00:00.000Z';

  it('R-SWEEP-1: appraisers are reminded before D-APP, addressed to the role', () => {
    const p = plan({ round: announced, now: minus(dApp, 3 * DAY) });
    expect(p.notifications).toEqual([
      expect.objectContaining({
        kind: 'appraisal_reminder',
        role: 'appraiser',
        dueAt: dApp,
        daysBefore: 3,
        notificationId: `appraisal_reminder:annual-2025:@appraiser:3:${dApp}`,
      }),
    ]);
    expect(p.notifications[0]?.unitId).toBeUndefined();
  });

  it('R-SWEEP-1: a passed D-APP without a report is flagged to appraisers and admins', () => {
    const p = plan({ round: announced, now: plus(dApp, HOUR) });
    expect(p.notifications.map((n) => [n.kind, n.role, n.notificationId])).toEqual([
      ['appraisal_overdue', 'appraiser', `appraisal_overdue:annual-2025:@appraiser:${dApp}`],
      ['appraisal_overdue', 'admin', `appraisal_overdue:annual-2025:@admin:${dApp}`],
    ]);
  });

  it('R-SWEEP-1: a closed round reminds no appraiser and flags no overdue report', () => {
    const closed: Round = { ...announced, closedAt: minus(dApp, 5 * DAY) };
    expect(plan({ round: closed, now: minus(dApp, 3 * DAY) }).notifications).toEqual([]);
    expect(plan({ round: closed, now: plus(dApp, HOUR) }).notifications).toEqual([]);
  });

  it('R-SWEEP-1: once the appraisal report is sent, nothing about D-APP is due', () => {
    const sent: Round = { ...announced, appraisalReportAt: minus(dApp, 5 * DAY) };
    expect(plan({ round: sent, now: minus(dApp, DAY) }).notifications).toEqual([]);
    expect(plan({ round: sent, now: plus(dApp, DAY) }).notifications).toEqual([]);
  });

  it('R-SWEEP-1: with no announcement date there is no D-APP to remind of', () => {
    expect(plan({ now: plus(D, 60 * DAY) }).notifications).toEqual([]);
  });
});

describe('idempotency and cost', () => {
  it('R-SWEEP-1: the plan is deterministic: the same instant gives the same ids', () => {
    const input = { now: minus(D, 7 * DAY), dossiers: [dossier('so-noi-vu', 'draft')] };
    expect(plan(input)).toEqual(plan(input));
    expect(plan(input).notifications.map((n) => n.notificationId)).toContain(
      'submission_reminder:annual-2025:so-noi-vu:7:2025-12-29T17:00:00.000Z',
    );
  });

  it('R-SWEEP-1: ids do not depend on how a deadline was written', () => {
    expect(
      notificationIds.reminder('submission_reminder', 'r', { unitId: 'u' }, 7, '2025-12-30T00:00:00+07:00'),
    ).toBe('submission_reminder:r:u:7:2025-12-29T17:00:00.000Z');
  });

  it('R-SWEEP-1: a round far from its deadlines is skipped before any read', () => {
    expect(roundMayBeDue(minus(D, 15 * DAY), annual, campaign)).toBe(false);
    expect(roundMayBeDue(minus(D, 14 * DAY), annual, campaign)).toBe(true);
    const period = round('period-2021-2025');
    // D-SUB-P long past, D-APP-P near: still looked at.
    expect(roundMayBeDue(minus(period.appraisalDeadline as string, 2 * DAY), period, campaign)).toBe(true);
  });

  it('R-SWEEP-1: a round whose deadlines passed more than the catch-up days ago needs nothing', () => {
    expect(needsNothing(roundConcerns(plus(D, 6 * DAY), annual, campaign, []))).toBe(false);
    expect(needsNothing(roundConcerns(plus(D, 8 * DAY), annual, campaign, []))).toBe(true);
    const extension: UnitExtension = {
      roundId: 'annual-2025',
      unitId: 'so-noi-vu',
      submissionDeadline: plus(D, 20 * DAY),
      reason: 'x',
    };
    const c = roundConcerns(plus(D, 8 * DAY), annual, campaign, [extension]);
    expect(c).toMatchObject({ submission: true, submissionReminders: true, report: false, appraisal: false });
  });

  it('R-SWEEP-1: concerns tell which dossiers to read', () => {
    expect(roundConcerns(minus(D, 3 * DAY), annual, campaign, [])).toMatchObject({
      submission: true,
      submissionReminders: true,
    });
    expect(roundConcerns(plus(D, HOUR), annual, campaign, [])).toMatchObject({
      submission: true,
      submissionReminders: false,
    });
    // D-REP only for the round that carries its campaign's report reminders of the year.
    expect(roundConcerns(minus(D, 3 * DAY), annual, campaign, [], undefined, true)).toMatchObject({
      report: true,
    });
    expect(roundConcerns(minus(D, 3 * DAY), annual, campaign, [])).toMatchObject({ report: false });
  });
});

describe('SPEC §6: an extension reopens an expired dossier as it was', () => {
  const extension = (deadline: string): UnitExtension => ({
    roundId: annual.roundId,
    unitId: 'so-noi-vu',
    submissionDeadline: deadline,
    reason: 'gia hạn',
  });
  const withAppraisal: Round = { ...annual, appraisalDeadline: plus(D, 20 * DAY) };

  it.each([
    {
      case: 'draft, D-SUB passed, no extension',
      round: annual,
      ext: undefined,
      from: 'draft',
      now: plus(D, DAY),
      reopens: false,
    },
    {
      case: 'draft, unit extended past now',
      round: annual,
      ext: extension(plus(D, 3 * DAY)),
      from: 'draft',
      now: plus(D, DAY),
      reopens: true,
    },
    {
      case: 'draft, extension already passed',
      round: annual,
      ext: extension(plus(D, DAY)),
      from: 'draft',
      now: plus(D, DAY),
      reopens: false,
    },
    {
      case: 'returned, no D-APP yet',
      round: annual,
      ext: undefined,
      from: 'returned',
      now: plus(D, DAY),
      reopens: true,
    },
    {
      case: 'returned, D-APP ahead',
      round: withAppraisal,
      ext: undefined,
      from: 'returned',
      now: plus(D, 19 * DAY),
      reopens: true,
    },
    {
      case: 'returned, D-APP passed even if D-SUB is extended',
      round: withAppraisal,
      ext: extension(plus(D, 40 * DAY)),
      from: 'returned',
      now: plus(D, 21 * DAY),
      reopens: false,
    },
  ] as const)('R-DL-2: $case → reopens $reopens', (c) => {
    expect(mayReopen({ round: c.round, campaign, extension: c.ext, expiredFrom: c.from, now: c.now })).toBe(
      c.reopens,
    );
  });
});

describe('R-UNIT-1: units outside their validity are reminded of nothing they could do', () => {
  // h-moc-chau abolished on 30/6/2025 (its commune x-chieng-son with it); so-tu-phap formed only in 2026.
  const reorganised = UNITS.map((u) =>
    u.unitId === 'h-moc-chau' || u.unitId === 'x-chieng-son'
      ? { ...u, validTo: '2025-06-30' }
      : u.unitId === 'so-tu-phap'
        ? { ...u, validFrom: '2026-01-01' }
        : u,
  );

  it('R-UNIT-1: 14 days before D-SUB, inactive units get no submission reminder, whatever their dossier', () => {
    const p = plan({
      now: minus(D, 14 * DAY),
      units: reorganised,
      dossiers: [dossier('x-chieng-son', 'draft')],
    });
    expect(unitsOf(ofKind(p.notifications, 'submission_reminder'))).toEqual(
      ['so-noi-vu', 'tp-son-la', 'p-chieng-le'].sort(),
    );
  });

  it('R-UNIT-1: before D-REP an abolished district is not reminded to report; its draft still expires at D-SUB', () => {
    const p = plan({ now: minus(D, 7 * DAY), units: reorganised, movementReports: { filed: new Set() } });
    expect(unitsOf(ofKind(p.notifications, 'report_reminder'))).toEqual(['so-noi-vu', 'tp-son-la']);
    const late = plan({ now: D, units: reorganised, dossiers: [dossier('h-moc-chau', 'draft')] });
    expect(late.expiries).toEqual([expect.objectContaining({ from: 'draft' })]);
  });
});
