import { describe, expect, it } from 'vitest';
import {
  annualSubmissionDeadline,
  appraisalDeadlineFromAnnouncement,
  assertAppraisalReportOnTime,
  assertCanSubmit,
  assertRoundDeadlineMoves,
  assertUnitExtension,
  dueReminderOffset,
  effectiveAppraisalDeadline,
  effectiveSubmissionDeadline,
  formatIct,
  ictDate,
  ictMidnight,
  isBefore,
  reportDeadline,
  TIME_ZONE,
} from '../../domain/deadlines.ts';
import { DeadlinePassedError, ValidationError } from '../../domain/errors.ts';
import type { DossierStatus, Round, UnitExtension } from '../../domain/types.ts';
import { campaign, round } from './fixtures.ts';

const annual2025 = round('annual-2025');
const period = round('period-2021-2025');

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('time zone helpers', () => {
  it('R-DL-1: uses Asia/Ho_Chi_Minh', () => {
    expect(TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
  });

  it.each([
    ['2025-12-30', '2025-12-29T17:00:00.000Z'],
    ['2025-10-30', '2025-10-29T17:00:00.000Z'],
    ['2024-03-01', '2024-02-29T17:00:00.000Z'],
    ['2026-01-01', '2025-12-31T17:00:00.000Z'],
  ])('R-DL-1: ictMidnight(%s) is %s', (date, instant) => {
    expect(ictMidnight(date)).toBe(instant);
  });

  it.each(['2025-02-30', '2025-13-01', '30/12/2025', ''])('R-DL-1: ictMidnight refuses %j', (date) => {
    expect(() => ictMidnight(date)).toThrow(ValidationError);
  });

  it.each([
    ['2025-12-29T16:59:59.999Z', '2025-12-29'],
    ['2025-12-29T17:00:00.000Z', '2025-12-30'],
    ['2025-12-30T00:00:00+07:00', '2025-12-30'],
    ['2025-12-31T23:30:00+07:00', '2025-12-31'],
  ])('R-DL-1: ictDate(%s) is %s', (instant, date) => {
    expect(ictDate(instant)).toBe(date);
    expect(ictDate(new Date(instant))).toBe(date);
  });

  it('R-DL-1: formatIct writes the Vietnamese wall clock', () => {
    expect(formatIct('2025-12-29T17:00:00.000Z')).toBe('00:00 ngày 30/12/2025 (giờ Việt Nam)');
    expect(formatIct('2025-12-29T17:00:00.000Z', 'en')).toBe('30/12/2025 00:00 (Vietnam time, UTC+7)');
  });

  it('R-DL-1: rejects an unreadable instant', () => {
    expect(() => isBefore('yesterday', annual2025.submissionDeadline)).toThrow(ValidationError);
  });
});

describe('submission deadlines', () => {
  it.each([
    { at: '2025-12-29T23:59:59+07:00', onTime: true },
    { at: '2025-12-29T23:59:59.999+07:00', onTime: true },
    { at: '2025-12-30T00:00:00+07:00', onTime: false },
    { at: '2025-12-30T08:00:00+07:00', onTime: false },
    { at: '2021-06-01T08:00:00+07:00', onTime: true },
  ])('D-SUB-A: a draft submitted at $at is on time: $onTime', ({ at, onTime }) => {
    expect(annualSubmissionDeadline(2025)).toBe('2025-12-29T17:00:00.000Z');
    const submit = () => assertCanSubmit({ now: at, round: annual2025, campaign, dossierStatus: 'draft' });
    if (onTime) expect(submit).not.toThrow();
    else expect(submit).toThrow(DeadlinePassedError);
  });

  it('D-SUB-A: the refusal names the deadline in Vietnam time, in both languages', () => {
    const error = caught(() =>
      assertCanSubmit({
        now: '2025-12-30T00:00:00+07:00',
        round: annual2025,
        campaign,
        dossierStatus: 'draft',
      }),
    );
    expect(error).toBeInstanceOf(DeadlinePassedError);
    const e = error as DeadlinePassedError;
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.text.vi).toContain('00:00 ngày 30/12/2025 (giờ Việt Nam)');
    expect(e.text.vi).toContain('quá hạn');
    expect(e.text.en).toContain('30/12/2025 00:00 (Vietnam time, UTC+7)');
    expect(e.details).toMatchObject({ deadline: '2025-12-29T17:00:00.000Z', deadlineKind: 'submission' });
  });

  it.each([
    { at: '2025-10-29T23:59:59+07:00', onTime: true },
    { at: '2025-10-30T00:00:00+07:00', onTime: false },
  ])('D-SUB-P: a period dossier submitted at $at is on time: $onTime', ({ at, onTime }) => {
    const submit = () => assertCanSubmit({ now: at, round: period, campaign, dossierStatus: 'draft' });
    if (onTime) expect(submit).not.toThrow();
    else expect(submit).toThrow(DeadlinePassedError);
  });

  it.each([
    { at: '2024-12-29T23:59:59+07:00', onTime: true },
    { at: '2024-12-30T00:00:00+07:00', onTime: false },
  ])('D-REP: a movement report at $at is on time: $onTime', ({ at, onTime }) => {
    expect(reportDeadline(2024)).toBe('2024-12-29T17:00:00.000Z');
    expect(isBefore(at, reportDeadline(2024))).toBe(onTime);
  });

  it('R-DL-1: deadlines are strict and accept Date objects for the server clock', () => {
    const deadline = annual2025.submissionDeadline;
    expect(isBefore(new Date('2025-12-29T16:59:59.999Z'), deadline)).toBe(true);
    expect(isBefore(new Date('2025-12-29T17:00:00.000Z'), deadline)).toBe(false);
  });

  const returnedRound: Round = { ...annual2025, announcementDate: '2026-03-20' };
  it.each([
    {
      what: 'after D-SUB, before the appraisal deadline',
      r: returnedRound,
      at: '2026-02-01T09:00:00+07:00',
      ok: true,
    },
    { what: 'on the appraisal deadline', r: returnedRound, at: '2026-03-11T00:00:00+07:00', ok: false },
    { what: 'with no appraisal deadline set yet', r: annual2025, at: '2026-06-01T09:00:00+07:00', ok: true },
    { what: 'of the period round before 30 Nov 2025', r: period, at: '2025-11-29T23:59:59+07:00', ok: true },
    { what: 'of the period round on 30 Nov 2025', r: period, at: '2025-11-30T00:00:00+07:00', ok: false },
  ])('R-DL-1: a returned dossier resubmitted $what → allowed: $ok', ({ r, at, ok }) => {
    const submit = () => assertCanSubmit({ now: at, round: r, campaign, dossierStatus: 'returned' });
    if (ok) expect(submit).not.toThrow();
    else expect(submit).toThrow(DeadlinePassedError);
  });

  it.each<DossierStatus>(['submitted', 'closed', 'withdrawn', 'expired'])(
    'R-DL-1: a %s dossier is not a deadline matter (the lifecycle refuses it)',
    (status) => {
      expect(() =>
        assertCanSubmit({ now: '2030-01-01T00:00:00Z', round: annual2025, campaign, dossierStatus: status }),
      ).not.toThrow();
    },
  );
});

describe('extensions', () => {
  const ext = (submissionDeadline: string, roundId = 'annual-2025'): UnitExtension => ({
    roundId,
    unitId: 'p-chieng-le',
    submissionDeadline,
    reason: 'Thiên tai',
  });

  it.each([
    { what: 'no extension', e: undefined, expected: '2025-12-29T17:00:00.000Z' },
    {
      what: 'a later unit deadline',
      e: ext('2026-01-09T17:00:00.000Z'),
      expected: '2026-01-09T17:00:00.000Z',
    },
    {
      what: 'an earlier unit deadline',
      e: ext('2025-12-01T17:00:00.000Z'),
      expected: '2025-12-29T17:00:00.000Z',
    },
    {
      what: 'an extension of another round',
      e: ext('2026-01-09T17:00:00.000Z', 'annual-2024'),
      expected: '2025-12-29T17:00:00.000Z',
    },
  ])('R-DL-2: effective D-SUB with $what', ({ e, expected }) => {
    expect(effectiveSubmissionDeadline(annual2025, e)).toBe(expected);
  });

  it('R-DL-2: a unit with an extension submits after the round deadline; another unit does not', () => {
    const now = '2026-01-05T10:00:00+07:00';
    const extension = ext(ictMidnight('2026-01-10'));
    expect(() =>
      assertCanSubmit({ now, round: annual2025, campaign, extension, dossierStatus: 'draft' }),
    ).not.toThrow();
    expect(() => assertCanSubmit({ now, round: annual2025, campaign, dossierStatus: 'draft' })).toThrow(
      DeadlinePassedError,
    );
  });

  it('R-DL-2: an extension of the whole round moves its deadline', () => {
    const extended: Round = { ...annual2025, submissionDeadline: ictMidnight('2026-01-15') };
    expect(() =>
      assertCanSubmit({
        now: '2026-01-14T23:00:00+07:00',
        round: extended,
        campaign,
        dossierStatus: 'draft',
      }),
    ).not.toThrow();
  });

  it('R-DL-2: an explicit appraisal deadline wins over the one derived from the announcement', () => {
    const r: Round = {
      ...annual2025,
      announcementDate: '2026-03-20',
      appraisalDeadline: ictMidnight('2026-03-18'),
    };
    expect(effectiveAppraisalDeadline(r, campaign)).toBe('2026-03-17T17:00:00.000Z');
  });
});

describe('appraisal deadlines', () => {
  // A = 20 Mar 2026: day A − 10 is 10 Mar, day A − 9 is 11 Mar.
  const announced: Round = { ...annual2025, announcementDate: '2026-03-20' };

  it('D-APP-A: the deadline is (A − 9 days) 00:00 ICT', () => {
    expect(appraisalDeadlineFromAnnouncement('2026-03-20', 9)).toBe('2026-03-10T17:00:00.000Z');
    expect(effectiveAppraisalDeadline(announced, campaign)).toBe('2026-03-10T17:00:00.000Z');
  });

  it.each([
    { day: 'A − 11', at: '2026-03-09T10:00:00+07:00', onTime: true },
    { day: 'A − 10, morning', at: '2026-03-10T08:00:00+07:00', onTime: true },
    { day: 'A − 10, last second', at: '2026-03-10T23:59:59+07:00', onTime: true },
    { day: 'A − 9, midnight', at: '2026-03-11T00:00:00+07:00', onTime: false },
    { day: 'A − 9, morning', at: '2026-03-11T08:00:00+07:00', onTime: false },
  ])('D-APP-A: an appraisal report on day $day is on time: $onTime', ({ at, onTime }) => {
    const send = () => assertAppraisalReportOnTime({ now: at, round: announced, campaign });
    if (onTime) expect(send).not.toThrow();
    else expect(send).toThrow(DeadlinePassedError);
  });

  it('D-APP-A: no announcement date yet means no appraisal deadline', () => {
    expect(effectiveAppraisalDeadline(annual2025, campaign)).toBeUndefined();
    expect(() =>
      assertAppraisalReportOnTime({ now: '2027-01-01T00:00:00Z', round: annual2025, campaign }),
    ).not.toThrow();
  });

  it('D-APP-A: the lead time is campaign data', () => {
    const other = { ...campaign, appraisalLeadDays: 14 };
    expect(effectiveAppraisalDeadline(announced, other)).toBe('2026-03-05T17:00:00.000Z');
  });

  it.each([
    { at: '2025-11-29T23:59:59+07:00', onTime: true },
    { at: '2025-11-30T00:00:00+07:00', onTime: false },
  ])('D-APP-P: the period appraisal report at $at is on time: $onTime', ({ at, onTime }) => {
    expect(effectiveAppraisalDeadline(period, campaign)).toBe('2025-11-29T17:00:00.000Z');
    const send = () => assertAppraisalReportOnTime({ now: at, round: period, campaign });
    if (onTime) expect(send).not.toThrow();
    else expect(send).toThrow(DeadlinePassedError);
  });

  it('D-APP-P: the refusal names the deadline', () => {
    const error = caught(() =>
      assertAppraisalReportOnTime({ now: '2025-12-01T00:00:00+07:00', round: period, campaign }),
    ) as DeadlinePassedError;
    expect(error.text.vi).toContain('00:00 ngày 30/11/2025 (giờ Việt Nam)');
    expect(error.details).toMatchObject({ deadlineKind: 'appraisal' });
  });
});

describe('reminders', () => {
  const deadline = '2025-12-29T17:00:00.000Z'; // 30/12/2025 00:00 ICT
  const before = (days: number) => new Date(Date.parse(deadline) - days * 86_400_000).toISOString();

  it.each([
    { left: 15, due: undefined },
    { left: 14.0001, due: undefined },
    { left: 14, due: 14 },
    { left: 13, due: 14 },
    { left: 7.5, due: 14 },
    { left: 7, due: 7 },
    { left: 4, due: 7 },
    { left: 3, due: 3 },
    { left: 1.5, due: 3 },
    { left: 1, due: 1 },
    { left: 0.5, due: 1 },
    { left: 0.0001, due: 1 },
    { left: 0, due: undefined },
    { left: -2, due: undefined },
  ])('R-SWEEP-1: $left days before the deadline the due reminder is $due', ({ left, due }) => {
    expect(dueReminderOffset(before(left), deadline, campaign.reminderOffsetsDays)).toBe(due);
  });

  it('R-SWEEP-1: the daily 07:00 ICT sweep reaches each offset once in order', () => {
    const sweeps = Array.from({ length: 20 }, (_, i) =>
      ictMidnight(`2025-12-${String(10 + i).padStart(2, '0')}`),
    )
      .map((midnight) => new Date(Date.parse(midnight) + 7 * 3_600_000))
      .map((at) => dueReminderOffset(at, deadline, [1, 3, 7, 14]));
    const distinct = [...new Set(sweeps.filter((k) => k !== undefined))];
    expect(distinct).toEqual([14, 7, 3, 1]);
  });
});

describe('moving deadlines', () => {
  // annual-2025: D-SUB 30/12/2025 00:00 ICT, D-REP the same, no D-APP until the announcement date.
  const NOW = '2025-12-10T03:00:00.000Z';
  const D_SUB = '2025-12-29T17:00:00.000Z';
  const later = '2026-01-09T17:00:00.000Z';
  const soon = '2025-12-20T17:00:00.000Z';
  const past = '2025-12-05T17:00:00.000Z';
  const announced: Round = { ...annual2025, announcementDate: '2026-03-20' }; // D-APP-A 11/03/2026 00:00
  type Changes = Parameters<typeof assertRoundDeadlineMoves>[0]['changes'];

  it.each<{ what: string; r?: Round; changes: Changes; refused?: string[] }>([
    { what: 'D-SUB moved later', changes: { submissionDeadline: later } },
    { what: 'D-SUB moved earlier to a future instant', changes: { submissionDeadline: soon } },
    { what: 'D-SUB kept as it is', changes: { submissionDeadline: D_SUB } },
    {
      what: 'D-SUB moved earlier to a passed instant',
      changes: { submissionDeadline: past },
      refused: ['body.submissionDeadline'],
    },
    {
      what: 'D-SUB moved earlier to exactly now',
      changes: { submissionDeadline: NOW },
      refused: ['body.submissionDeadline'],
    },
    { what: 'a first D-APP in the future', changes: { appraisalDeadline: soon } },
    {
      what: 'a first D-APP already passed (earlier than none)',
      changes: { appraisalDeadline: past },
      refused: ['body.appraisalDeadline'],
    },
    {
      what: 'D-APP moved later than the one derived from the announcement, even if that passed',
      r: announced,
      changes: { appraisalDeadline: '2026-03-12T17:00:00.000Z' },
    },
    {
      what: 'D-APP moved earlier than the derived D-APP-A to a passed instant',
      r: announced,
      changes: { appraisalDeadline: past },
      refused: ['body.appraisalDeadline'],
    },
    {
      what: 'D-APP set to a passed instant, beside a valid D-SUB move',
      changes: { submissionDeadline: later, appraisalDeadline: past },
      refused: ['body.appraisalDeadline'],
    },
    {
      what: 'every passed instant named, in field order',
      changes: { appraisalDeadline: past, submissionDeadline: past },
      refused: ['body.submissionDeadline', 'body.appraisalDeadline'],
    },
  ])('R-DL-2: a round deadline change — $what', ({ r, changes, refused }) => {
    const move = () => assertRoundDeadlineMoves({ now: NOW, round: r ?? annual2025, campaign, changes });
    if (refused === undefined) {
      expect(move).not.toThrow();
      return;
    }
    const error = caught(move) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.items.map((i) => i.path)).toEqual(refused);
    expect(error.items[0]?.message.vi).toMatch(/\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
  });

  const previous: UnitExtension = {
    roundId: 'annual-2025',
    unitId: 'p-chieng-le',
    submissionDeadline: later,
    reason: 'Thiên tai',
  };
  it.each<{ what: string; to: string; prev?: UnitExtension; now?: string; ok: boolean }>([
    { what: 'later than the round D-SUB', to: later, ok: true },
    { what: 'at the round D-SUB (no extension at all)', to: D_SUB, ok: false },
    { what: 'earlier than the round D-SUB (stored, it would never apply)', to: soon, ok: false },
    {
      what: 'later than the round D-SUB but passed, after the round D-SUB passed',
      to: '2026-01-02T17:00:00.000Z',
      now: '2026-01-05T00:00:00.000Z',
      ok: true,
    },
    { what: 'shortened to a future instant', to: '2026-01-02T17:00:00.000Z', prev: previous, ok: true },
    {
      what: 'shortened to a passed instant',
      to: '2026-01-02T17:00:00.000Z',
      prev: previous,
      now: '2026-01-05T00:00:00.000Z',
      ok: false,
    },
    { what: 'lengthened', to: '2026-02-01T17:00:00.000Z', prev: previous, ok: true },
  ])('R-DL-2: a per-unit extension $what → allowed $ok', ({ to, prev, now, ok }) => {
    const extend = () =>
      assertUnitExtension({ now: now ?? NOW, round: annual2025, previous: prev, submissionDeadline: to });
    if (ok) {
      expect(extend).not.toThrow();
      return;
    }
    const error = caught(extend) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.items.map((i) => i.path)).toEqual(['body.submissionDeadline']);
  });
});
