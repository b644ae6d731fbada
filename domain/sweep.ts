// The deadline sweep's decisions (R-SWEEP-1, SPEC §6 and §7), as a pure plan: given the time, one round,
// its extensions, the unit registry and the round's open dossiers, which notifications are due and which
// dossiers expire. The sweep job (functions/jobs/sweep.ts) loads the inputs and carries the plan out;
// nothing here reads a clock or a store.
//
// Readings taken here (configuration values in SWEEP_READINGS, not branches):
// - Who is reminded to submit: every *proposing unit* (the top unit of its tier: a sở/ban/ngành, a UBND
//   huyện/thành phố, a UBND xã/phường/thị trấn; not a sub-unit such as a department's phòng) that has no
//   dossier in the round, and every unit whose dossier is still `draft` or `returned`. Each unit is
//   judged against its own effective D-SUB (a per-unit extension wins, R-DL-2).
// - A `returned` dossier is bound by the appraisal deadline, not D-SUB (R-DL-1, edition 2, and SPEC §6):
//   its resubmission is allowed until D-APP (`assertCanSubmit` enforces exactly that), so expiring it at
//   D-SUB would refuse an action the rules allow. It is reminded before, and expires at, the effective
//   D-APP; with no D-APP set it neither expires nor is reminded. (`returnedDossierDeadline: 'submission'`
//   is the first edition's §6 wording, kept as a configuration value only; the rule is 'appraisal'.)
// - A deadline is looked at for `catchUpDays` after it passed: a sweep that first runs later than that
//   (runs missed for a week) leaves what it would have expired as it is.
// - D-REP (seed IV.1, R-REP-1): the yearly movement report is a filing of its own, due before 30 Dec 00:00
//   ICT of its year (deadlines.ts `reportDeadline`, its one source). Each campaign's reminders of a year
//   hang on one annual round of that year (`reportingRounds`: the first by id), so practice rounds sharing
//   the year add none; they go to the top units of the campaign's `reportingTiers` that have not submitted
//   their report of the year. Dossiers play no part: none is reminded, expired or blocked for a report.
//   Per-unit extensions move D-SUB only, never D-REP.
// - Reminder offsets are the campaign's `reminderOffsetsDays` for every deadline (D-SUB, D-REP, D-APP):
//   at each sweep the nearest offset already reached (`dueReminderOffset`), so a sweep that missed a day
//   still sends the reminder that is due, and never a stale one.
// - Notification ids are deterministic in (kind, round, addressee, offset, deadline): a second sweep for
//   the same instant writes nothing, and an extension that moves a unit's deadline gives fresh reminders.

import {
  dueReminderOffset,
  ictDate,
  effectiveAppraisalDeadline,
  effectiveSubmissionDeadline,
  reportDeadline,
  toMillis,
} from './deadlines.ts';
import { defaultRoundName } from './campaign.ts';
import { type CodedText, coded } from './texts.ts';
import { reportingUnits } from './movement-report.ts';
import type { CampaignDefinition, DossierStatus, Round, Tier, Unit, UnitExtension } from './types.ts';
import { isActiveOn, makeLookup, topUnitOf } from './units.ts';

export const NOTIFICATION_KINDS = [
  'submission_reminder',
  'report_reminder',
  'appraisal_reminder',
  'dossier_expired',
  'appraisal_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The roles the sweep writes to: appraisers prepare the report; admins oversee the deadlines. */
export type SweepRole = 'appraiser' | 'admin';

export interface SweepReadings {
  /**
   * Days after a deadline during which the sweep still looks at a round for expiries and an overdue
   * appraisal report (catching up after missed runs); beyond them a round with nothing ahead is skipped.
   */
  catchUpDays: number;
  /** Which deadline binds a `returned` dossier (see the header): R-DL-1 says the appraisal deadline. */
  returnedDossierDeadline: 'appraisal' | 'submission';
}

export const SWEEP_READINGS: SweepReadings = { catchUpDays: 7, returnedDossierDeadline: 'appraisal' };

export interface PlannedNotification {
  notificationId: string;
  kind: NotificationKind;
  roundId: string;
  unitId?: string | undefined;
  role?: SweepRole | undefined;
  /** The deadline the notification is about. */
  dueAt: string;
  daysBefore?: number | undefined;
  message: CodedText;
}

export interface PlannedExpiry {
  dossierId: string;
  unitId: string;
  from: 'draft' | 'returned';
  /** The version the expiry was planned on: the write is conditional on it. */
  version: number;
  deadline: string;
  notification: PlannedNotification;
}

export interface RoundSweepPlan {
  roundId: string;
  notifications: PlannedNotification[];
  expiries: PlannedExpiry[];
}

/** What the sweep knows of a dossier: enough to decide, and to write a versioned expiry. */
export interface SweepDossier {
  dossierId: string;
  unitId: string;
  status: DossierStatus;
  version: number;
}

export interface RoundSweepInput {
  now: string | Date;
  round: Round;
  campaign: CampaignDefinition;
  extensions: readonly UnitExtension[];
  /** The unit registry; "no dossier yet" reminders go to its proposing units. */
  units: readonly Unit[];
  /**
   * The round's dossiers. Must hold every dossier in `draft`, `returned`, `submitted` and `closed` while
   * submission reminders are due (a unit absent from it counts as having no dossier); other statuses may
   * be left out.
   */
  dossiers: readonly SweepDossier[];
  /**
   * D-REP (R-REP-1): given only to the round that carries its campaign's movement-report reminders of its
   * year (reportingRounds), with the units whose report of that year is submitted.
   */
  movementReports?: { filed: ReadonlySet<string> } | undefined;
  readings?: SweepReadings;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** An instant in one canonical form (UTC, milliseconds), so that ids do not depend on how it was typed. */
const canonical = (instant: string) => new Date(toMillis(instant)).toISOString();

/**
 * The units that propose to a round: the top unit of each tier (a unit whose parent is absent or of
 * another tier). Sub-units propose through their top unit (R-PROP-1) and get no "no dossier" reminders.
 * Given the round's tiers, only units of those tiers (R-TIER-2: the others cannot open a dossier).
 */
export function proposingUnits(units: readonly Unit[], tiers?: readonly Tier[]): Unit[] {
  const lookup = makeLookup(units);
  return units.filter(
    (u) =>
      topUnitOf(u.unitId, lookup)?.unitId === u.unitId && (tiers === undefined || tiers.includes(u.tier)),
  );
}

/**
 * R-REP-1: the rounds that carry D-REP reminders — per campaign and year, the first annual round by id. The
 * report is one per unit and year, so each campaign reminds of it once a year, however many rounds
 * (practice ones included) share the year.
 */
export function reportingRounds(
  rounds: readonly Pick<Round, 'roundId' | 'campaignId' | 'kind' | 'year'>[],
): Set<string> {
  const first = new Map<string, string>();
  for (const r of rounds) {
    if (r.kind !== 'annual' || r.year === undefined) continue;
    const key = `${r.campaignId} ${r.year}`;
    const seen = first.get(key);
    if (seen === undefined || r.roundId < seen) first.set(key, r.roundId);
  }
  return new Set(first.values());
}

/** The addressee part of a notification id: a unit id, or `@role`. */
const addresseePart = (a: { unitId: string } | { role: SweepRole }) =>
  'unitId' in a ? a.unitId : `@${a.role}`;

/** R-SWEEP-1: deterministic ids, so that the conditional put of a second sweep finds the first one's. */
export const notificationIds = {
  reminder: (
    kind: 'submission_reminder' | 'report_reminder' | 'appraisal_reminder',
    roundId: string,
    addressee: { unitId: string } | { role: SweepRole },
    daysBefore: number,
    deadline: string,
  ) => `${kind}:${roundId}:${addresseePart(addressee)}:${daysBefore}:${canonical(deadline)}`,
  /** One per expiry of one dossier version: a dossier reopened and expired again is told again. */
  dossierExpired: (roundId: string, unitId: string, deadline: string, dossierId: string, version: number) =>
    `dossier_expired:${roundId}:${unitId}:${canonical(deadline)}:${dossierId}:${version}`,
  appraisalOverdue: (roundId: string, role: SweepRole, deadline: string) =>
    `appraisal_overdue:${roundId}:@${role}:${canonical(deadline)}`,
};

/** The round's Vietnamese name (a round stored before rounds had one gets the default). */
const roundName = (round: Round) => round.name ?? defaultRoundName(round);

// Rounds are named as people name them (SPEC §8 edition 2: the round's name, never its id); the texts
// are stored as codes and rendered per reader (domain/texts.ts).

type UnitStanding = 'none' | 'draft' | 'returned' | 'done';

/** A unit's standing in the round from its dossiers: a submitted or closed one settles it. */
function standings(dossiers: readonly SweepDossier[]): Map<string, UnitStanding> {
  const rank: Record<UnitStanding, number> = { none: 0, draft: 1, returned: 2, done: 3 };
  const byUnit = new Map<string, UnitStanding>();
  for (const d of dossiers) {
    const standing: UnitStanding =
      d.status === 'submitted' || d.status === 'closed'
        ? 'done'
        : d.status === 'draft' || d.status === 'returned'
          ? d.status
          : 'none';
    if (rank[standing] > rank[byUnit.get(d.unitId) ?? 'none']) byUnit.set(d.unitId, standing);
  }
  return byUnit;
}

/** The deadlines one unit is held to in a round. */
function unitDeadlines(
  round: Round,
  campaign: CampaignDefinition,
  extensions: readonly UnitExtension[],
  r: SweepReadings,
) {
  const byUnit = new Map(extensions.filter((e) => e.roundId === round.roundId).map((e) => [e.unitId, e]));
  const appraisal = effectiveAppraisalDeadline(round, campaign);
  const submission = (unitId: string) => effectiveSubmissionDeadline(round, byUnit.get(unitId));
  return {
    submission,
    /** The deadline of a returned dossier (undefined: none yet). */
    returned: (unitId: string) =>
      r.returnedDossierDeadline === 'appraisal' ? appraisal : submission(unitId),
    appraisal,
  };
}

const passed = (now: number, deadline: string) => now >= toMillis(deadline);

/** R-SWEEP-1: what one round needs at `now`. */
export function planRoundSweep(input: RoundSweepInput): RoundSweepPlan {
  const { round, campaign } = input;
  const readings = input.readings ?? SWEEP_READINGS;
  const now = toMillis(input.now);
  const offsets = campaign.reminderOffsetsDays;
  const deadlines = unitDeadlines(round, campaign, input.extensions, readings);
  const standing = standings(input.dossiers);
  const notifications: PlannedNotification[] = [];
  const expiries: PlannedExpiry[] = [];

  // R-UNIT-1: a unit merged, abolished or not yet formed on the sweep's day is reminded of nothing (it
  // can neither open nor submit a dossier, and is not there to report); its dossiers still expire.
  const today = ictDate(input.now);
  const unitById = makeLookup(input.units);
  const active = (unitId: string) => {
    const unit = unitById(unitId);
    return unit === undefined || isActiveOn(unit, today);
  };

  // A closed round is over: its awards are decided and nothing can be submitted or appraised in it any
  // more, so it reminds no unit to submit and no appraiser of D-APP. The year's movement report is a
  // filing of its own (R-REP-1) and is still reminded of.
  const closed = round.closedAt !== undefined;

  // Submission reminders: proposing units with no dossier, and every unit with an unsubmitted one.
  const addressed = new Set<string>();
  const unsubmitted = [...standing]
    .filter(([, s]) => s === 'draft' || s === 'returned')
    .map(([unitId]) => unitId);
  const candidates = closed
    ? []
    : [...proposingUnits(input.units, campaign.tiers).map((u) => u.unitId), ...unsubmitted].filter(active);
  for (const unitId of candidates) {
    if (addressed.has(unitId)) continue;
    addressed.add(unitId);
    const state = standing.get(unitId) ?? 'none';
    if (state === 'done') continue;
    const deadline = state === 'returned' ? deadlines.returned(unitId) : deadlines.submission(unitId);
    if (deadline === undefined) continue;
    const k = dueReminderOffset(input.now, deadline, offsets);
    if (k === undefined) continue;
    notifications.push({
      notificationId: notificationIds.reminder('submission_reminder', round.roundId, { unitId }, k, deadline),
      kind: 'submission_reminder',
      roundId: round.roundId,
      unitId,
      dueAt: canonical(deadline),
      daysBefore: k,
      message: coded(
        state === 'returned'
          ? 'submission_returned'
          : state === 'draft'
            ? 'submission_draft'
            : 'submission_none',
        { round: roundName(round), days: k, dueAt: canonical(deadline) },
      ),
    });
  }

  // D-REP (seed IV.1, R-REP-1): the units that must report and have not filed the year's report.
  if (input.movementReports && round.kind === 'annual' && round.year !== undefined) {
    const deadline = reportDeadline(round.year);
    const k = dueReminderOffset(input.now, deadline, offsets);
    if (k !== undefined) {
      for (const unit of reportingUnits(input.units, campaign)) {
        if (input.movementReports.filed.has(unit.unitId) || !active(unit.unitId)) continue;
        notifications.push({
          notificationId: notificationIds.reminder(
            'report_reminder',
            round.roundId,
            { unitId: unit.unitId },
            k,
            deadline,
          ),
          kind: 'report_reminder',
          roundId: round.roundId,
          unitId: unit.unitId,
          dueAt: canonical(deadline),
          daysBefore: k,
          message: coded('movement_report_due', { year: round.year, days: k, dueAt: canonical(deadline) }),
        });
      }
    }
  }

  // D-APP: remind the appraisers while the report is not sent; flag it once the deadline has passed.
  const appraisal = deadlines.appraisal;
  if (!closed && appraisal !== undefined && !round.appraisalReportAt) {
    const k = dueReminderOffset(input.now, appraisal, offsets);
    if (k !== undefined) {
      notifications.push({
        notificationId: notificationIds.reminder(
          'appraisal_reminder',
          round.roundId,
          { role: 'appraiser' },
          k,
          appraisal,
        ),
        kind: 'appraisal_reminder',
        roundId: round.roundId,
        role: 'appraiser',
        dueAt: canonical(appraisal),
        daysBefore: k,
        message: coded('appraisal_report_due', {
          round: roundName(round),
          days: k,
          dueAt: canonical(appraisal),
        }),
      });
    } else if (passed(now, appraisal)) {
      for (const role of ['appraiser', 'admin'] as const) {
        notifications.push({
          notificationId: notificationIds.appraisalOverdue(round.roundId, role, appraisal),
          kind: 'appraisal_overdue',
          roundId: round.roundId,
          role,
          dueAt: canonical(appraisal),
          message: coded('appraisal_overdue', { round: roundName(round), dueAt: canonical(appraisal) }),
        });
      }
    }
  }

  // SPEC §6: draft (and returned) dossiers whose deadline has passed expire, and their unit is told.
  for (const dossier of input.dossiers) {
    if (dossier.status !== 'draft' && dossier.status !== 'returned') continue;
    const deadline =
      dossier.status === 'returned'
        ? deadlines.returned(dossier.unitId)
        : deadlines.submission(dossier.unitId);
    if (deadline === undefined || !passed(now, deadline)) continue;
    expiries.push({
      dossierId: dossier.dossierId,
      unitId: dossier.unitId,
      from: dossier.status,
      version: dossier.version,
      deadline: canonical(deadline),
      notification: {
        notificationId: notificationIds.dossierExpired(
          round.roundId,
          dossier.unitId,
          deadline,
          dossier.dossierId,
          dossier.version,
        ),
        kind: 'dossier_expired',
        roundId: round.roundId,
        unitId: dossier.unitId,
        dueAt: canonical(deadline),
        message: coded('dossier_expired', { round: roundName(round), dueAt: canonical(deadline) }),
      },
    });
  }

  return { roundId: round.roundId, notifications, expiries };
}

export interface RoundConcerns {
  /** Some unit's D-SUB is within the reminder horizon, or passed within the catch-up window. */
  submission: boolean;
  /** Submission reminders may be due: the dossiers must include the settled ones (submitted, closed). */
  submissionReminders: boolean;
  /** Returned dossiers may be due (reminders or expiry) on their own deadline (D-APP by default). */
  returned: boolean;
  /** D-REP reminders may be due (a round that carries them, reportingRounds). */
  report: boolean;
  /** D-APP reminders or the overdue flag may be due. */
  appraisal: boolean;
}

const inWindow = (now: number, deadline: string, beforeDays: number, afterDays: number) => {
  const d = toMillis(deadline);
  return now >= d - beforeDays * DAY_MS && now < d + afterDays * DAY_MS;
};

/**
 * Which parts of a round the sweep must look at, so that its cost follows what is due: rounds whose
 * deadlines are all beyond the reminder horizon, or passed more than `catchUpDays` ago, need nothing.
 */
export function roundConcerns(
  now: string | Date,
  round: Round,
  campaign: CampaignDefinition,
  extensions: readonly UnitExtension[],
  readings: SweepReadings = SWEEP_READINGS,
  /** Whether the round carries its campaign's D-REP reminders of its year (reportingRounds). */
  reporting = false,
): RoundConcerns {
  const t = toMillis(now);
  const horizon = Math.max(0, ...campaign.reminderOffsetsDays);
  const subDeadlines = [
    round.submissionDeadline,
    ...extensions
      .filter((e) => e.roundId === round.roundId)
      .map((e) => effectiveSubmissionDeadline(round, e)),
  ];
  const submissionReminders = subDeadlines.some((d) => inWindow(t, d, horizon, 0));
  const submission = subDeadlines.some((d) => inWindow(t, d, horizon, readings.catchUpDays));
  const appraisalDeadline = effectiveAppraisalDeadline(round, campaign);
  const returned =
    readings.returnedDossierDeadline === 'submission'
      ? submission
      : appraisalDeadline !== undefined && inWindow(t, appraisalDeadline, horizon, readings.catchUpDays);
  const report =
    reporting &&
    round.kind === 'annual' &&
    round.year !== undefined &&
    inWindow(t, reportDeadline(round.year), horizon, 0);
  const appraisal =
    appraisalDeadline !== undefined &&
    !round.appraisalReportAt &&
    inWindow(t, appraisalDeadline, horizon, readings.catchUpDays);
  return { submission, submissionReminders, returned, report, appraisal };
}

/**
 * Before reading a round's extensions: false when nothing of the round can be due, because D-SUB (which
 * extensions only move later) is beyond the reminder horizon and neither D-REP nor D-APP is near.
 */
export function roundMayBeDue(
  now: string | Date,
  round: Round,
  campaign: CampaignDefinition,
  readings: SweepReadings = SWEEP_READINGS,
  reporting = false,
): boolean {
  const t = toMillis(now);
  const horizon = Math.max(0, ...campaign.reminderOffsetsDays);
  if (t >= toMillis(round.submissionDeadline) - horizon * DAY_MS) return true;
  const c = roundConcerns(now, round, campaign, [], readings, reporting);
  return c.returned || c.report || c.appraisal;
}

export const needsNothing = (c: RoundConcerns) => !c.submission && !c.returned && !c.report && !c.appraisal;

/**
 * SPEC §6: the deadline that closed an expired dossier — D-SUB (with the unit's extension) for a draft,
 * and, under the `returnedDossierDeadline` reading, D-APP for a returned one. An extension reopens the
 * dossier when this deadline is again in the future (undefined: no deadline, so it reopens).
 */
export function expiryDeadline(args: {
  round: Round;
  campaign: CampaignDefinition;
  extension?: UnitExtension | undefined;
  expiredFrom: 'draft' | 'returned';
  readings?: SweepReadings;
}): string | undefined {
  const deadlines = unitDeadlines(
    args.round,
    args.campaign,
    args.extension ? [args.extension] : [],
    args.readings ?? SWEEP_READINGS,
  );
  const unitId = args.extension?.unitId ?? '';
  return args.expiredFrom === 'draft' ? deadlines.submission(unitId) : deadlines.returned(unitId);
}

/** Whether an expired dossier may reopen at `now` (SPEC §6: an extension reopens it as it was). */
export function mayReopen(args: Parameters<typeof expiryDeadline>[0] & { now: string | Date }): boolean {
  const deadline = expiryDeadline(args);
  return deadline === undefined || toMillis(args.now) < toMillis(deadline);
}
