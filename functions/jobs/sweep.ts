// The deadline sweep (R-SWEEP-1), run daily at 07:00 ICT by an EventBridge schedule and on demand
// (POST /dev/sweep locally). It takes the event's `time` as "now", asks the domain planner what each round
// needs, and carries it out:
// - notifications are conditional puts under deterministic ids, so an id that exists is "already done";
// - an expiry is one transaction (versioned dossier write + audit record by the system actor + the
//   unit's notification), so it happens once however many sweeps race for it;
// - every new notification waits in the outbox index until its event is published (EventBridge, or the
//   local JSON Lines file), and each sweep also publishes what an interrupted earlier one left there.
// So a sweep stopped half-way and run again finishes the job, and a second run for the same instant
// creates nothing. Its cost follows what is due: rounds whose deadlines are far (or long past) are skipped
// from the round item alone or with one query of their extensions, and dossiers are read by status from
// the per-round index, never scanned.

import middy from '@middy/core';
import * as z from 'zod/mini';
import { judgedBy } from '#domain/campaign.ts';
import { coded } from '#domain/texts.ts';
import { nextDossierStatus } from '#domain/lifecycle.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  needsNothing,
  notificationIds,
  type PlannedExpiry,
  type PlannedNotification,
  planRoundSweep,
  type RoundConcerns,
  reportingRounds,
  roundConcerns,
  roundMayBeDue,
  SWEEP_READINGS,
  type SweepReadings,
} from '#domain/sweep.ts';
import type { CampaignCopy, DossierStatus, Unit } from '#domain/types.ts';
import { logger } from '../lib/logger.ts';
import type { DossierRecord } from '../store/dossiers.ts';
import {
  createNotification,
  markPublished,
  type NotificationRecord,
  type OutboxPosition,
  pendingNotifications,
} from '../store/notifications.ts';
import {
  type CampaignRecord,
  type ExtensionRecord,
  getCampaign,
  getRound,
  type RoundRecord,
} from '../store/rounds.ts';
import { unitsWithSubmittedReport } from '../store/movement-reports.ts';
import {
  AlreadyNotified,
  allRounds,
  allUnits,
  DossierChanged,
  dossiersOfRound,
  extensionsOf,
  readDossier,
  writeExpiry,
} from '../store/sweep.ts';
import { defaultSink, type EventSink } from './notification-events.ts';

export interface SweepOptions {
  /** Only these rounds (on-demand runs, tests); all rounds by default. */
  roundIds?: readonly string[];
  /** Where events go; the bus or the local file by default. */
  sink?: EventSink;
  readings?: SweepReadings;
}

export interface SweepReport {
  /** The instant the sweep ran for (the event's time). */
  at: string;
  rounds: { processed: string[]; skipped: number };
  /** Notifications this run created, per kind, and their ids. */
  created: Record<NotificationKind, number>;
  notificationIds: string[];
  /** Dossiers this run marked expired. */
  expiredDossierIds: string[];
  /** Found done already (by an earlier or a concurrent run), or no longer due when written. */
  alreadyDone: { notifications: number; expiries: number };
  events: { sink: EventSink['name']; published: number; failed: number; fromEarlierRuns: number };
}

/** Writes in flight at once: enough to hide latency, few enough not to throttle the table. */
const CONCURRENCY = 8;
/** Outbox items an interrupted run left that one sweep republishes at most. */
const MAX_OUTBOX_DRAIN = 1000;

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

const record = (n: PlannedNotification, now: Date): NotificationRecord => ({
  ...n,
  createdAt: now.toISOString(),
  read: false,
});

/** The statuses of a round's dossiers the plan needs, from what is due (reports need none). */
function statusesFor(c: RoundConcerns): DossierStatus[] {
  const statuses = new Set<DossierStatus>();
  if (c.submission) statuses.add('draft');
  if (c.returned) statuses.add('returned');
  if (c.submissionReminders)
    for (const s of ['draft', 'returned', 'submitted', 'closed'] as const) statuses.add(s);
  return [...statuses];
}

interface RunState {
  now: Date;
  report: SweepReport;
  /** Created in this run, to publish. */
  fresh: NotificationRecord[];
}

async function createPlanned(planned: readonly PlannedNotification[], state: RunState) {
  await forEachLimit(planned, CONCURRENCY, async (n) => {
    const notification = record(n, state.now);
    if (await createNotification(notification)) {
      state.report.created[n.kind]++;
      state.report.notificationIds.push(n.notificationId);
      state.fresh.push(notification);
    } else {
      state.report.alreadyDone.notifications++;
    }
  });
}

/**
 * One expiry. If the dossier changed since the index was read but is still in the status the plan
 * expired it from (an edit), the expiry is retried on the fresh version; any other change means it is no
 * longer due (submitted, withdrawn, or expired by a concurrent sweep).
 */
async function expire(planned: PlannedExpiry, dossier: DossierRecord, roundId: string, state: RunState) {
  let current = dossier;
  let notice = planned.notification;
  for (let attempt = 0; attempt < 3; attempt++) {
    const next: DossierRecord = {
      ...current,
      status: nextDossierStatus(current.status, 'expire'),
      expiredFrom: planned.from,
      version: current.version + 1,
      updatedAt: state.now.toISOString(),
    };
    const notification = record(notice, state.now);
    try {
      await writeExpiry({
        dossier: current,
        next,
        notification,
        now: state.now,
        reason: coded('expired_by_sweep', { dueAt: planned.deadline }),
      });
      state.report.created.dossier_expired++;
      state.report.notificationIds.push(notification.notificationId);
      state.report.expiredDossierIds.push(current.dossierId);
      state.fresh.push(notification);
      return;
    } catch (error) {
      if (error instanceof AlreadyNotified) break;
      if (!(error instanceof DossierChanged)) throw error;
      const fresh = await readDossier(current.dossierId);
      if (!fresh || fresh.status !== planned.from) break;
      current = fresh;
      notice = {
        ...notice,
        notificationId: notificationIds.dossierExpired(
          roundId,
          fresh.unitId,
          planned.deadline,
          fresh.dossierId,
          fresh.version,
        ),
      };
    }
  }
  state.report.alreadyDone.expiries++;
}

/** `extensionsRead`: the round's extensions, requested with every other round's that may be due. */
async function sweepRound(
  round: RoundRecord,
  campaign: CampaignCopy,
  extensionsRead: Promise<ExtensionRecord[]>,
  readings: SweepReadings,
  reporting: boolean,
  registry: () => Promise<Unit[]>,
  state: RunState,
): Promise<boolean> {
  const { now } = state;
  const extensions = await extensionsRead;
  const concerns = roundConcerns(now, round, campaign, extensions, readings, reporting);
  if (needsNothing(concerns)) return false;

  const units = concerns.submissionReminders || concerns.report ? await registry() : [];
  const statuses = statusesFor(concerns);
  const dossiers = statuses.length === 0 ? [] : await dossiersOfRound(round.roundId, statuses);
  // D-REP (R-REP-1): one query of the year's submitted reports; dossiers play no part.
  const movementReports =
    concerns.report && round.year !== undefined
      ? { filed: await unitsWithSubmittedReport(round.year) }
      : undefined;

  const plan = planRoundSweep({
    now,
    round,
    campaign,
    extensions,
    units,
    dossiers,
    movementReports,
    readings,
  });
  const byId = new Map(dossiers.map((d) => [d.dossierId, d]));
  await forEachLimit(plan.expiries, CONCURRENCY, async (e) => {
    const dossier = byId.get(e.dossierId);
    if (dossier) await expire(e, dossier, round.roundId, state);
  });
  await createPlanned(plan.notifications, state);
  return true;
}

/** Publishes this run's notifications, then what earlier runs left in the outbox; each leaves the outbox once out. */
async function publish(state: RunState, sink: EventSink) {
  const events = state.report.events;
  const handled = new Set<string>();
  const send = async (batch: NotificationRecord[]) => {
    if (batch.length === 0) return;
    const result = await sink.publish(batch);
    const byId = new Map(batch.map((n) => [n.notificationId, n]));
    await forEachLimit(result.published, CONCURRENCY, async (id) => {
      const n = byId.get(id);
      if (n) await markPublished(n, state.now);
    });
    for (const id of [...result.published, ...result.failed]) handled.add(id);
    events.published += result.published.length;
    events.failed += result.failed.length;
  };
  await send(state.fresh);

  let after: OutboxPosition | undefined;
  let drained = 0;
  do {
    const page = await pendingNotifications(100, after);
    after = page.after;
    const leftovers = page.items.filter((n) => !handled.has(n.notificationId));
    drained += leftovers.length;
    await send(leftovers);
    events.fromEarlierRuns += leftovers.length;
  } while (after && drained < MAX_OUTBOX_DRAIN);
}

export async function runSweep(now: Date, options: SweepOptions = {}): Promise<SweepReport> {
  if (Number.isNaN(now.getTime())) throw new RangeError('runSweep: invalid time');
  const readings = options.readings ?? SWEEP_READINGS;
  const sink = options.sink ?? defaultSink();
  const created = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 0])) as Record<
    NotificationKind,
    number
  >;
  const state: RunState = {
    now,
    fresh: [],
    report: {
      at: now.toISOString(),
      rounds: { processed: [], skipped: 0 },
      created,
      notificationIds: [],
      expiredDossierIds: [],
      alreadyDone: { notifications: 0, expiries: 0 },
      events: { sink: sink.name, published: 0, failed: 0, fromEarlierRuns: 0 },
    },
  };

  const everyRound = await allRounds();
  const rounds = options.roundIds
    ? (await Promise.all(options.roundIds.map((id) => getRound(id)))).filter((r): r is RoundRecord => !!r)
    : everyRound;
  // R-REP-1: which rounds carry their campaign's D-REP reminders, judged among all rounds (not only those
  // swept), so that sweeping a practice round alone never reminds of a report.
  const reporting = reportingRounds([...everyRound, ...rounds]);
  const campaigns = new Map<string, Promise<CampaignRecord | undefined>>();
  let units: Promise<Unit[]> | undefined;
  const registry = () => {
    units ??= allUnits();
    return units;
  };

  // R-CAMP-2: each round is swept by the campaign it kept when it was created — its offsets and lead days —
  // and the rules it copied (its tiers among them); a round stored before rounds kept one, by its campaign
  // as stored, read once a run.
  const judged = await Promise.all(
    rounds.map(async (round) => {
      let stored: CampaignCopy | undefined = round.campaign;
      if (!stored) {
        if (!campaigns.has(round.campaignId)) campaigns.set(round.campaignId, getCampaign(round.campaignId));
        stored = await campaigns.get(round.campaignId);
      }
      return { round, campaign: stored && judgedBy(round, stored), carries: reporting.has(round.roundId) };
    }),
  );
  // The extensions of every round that may be due, requested side by side; each round is then swept in turn
  // (a failed read is met, and thrown, when its round's turn comes).
  const extensionReads = new Map<string, Promise<ExtensionRecord[]>>();
  for (const { round, campaign, carries } of judged) {
    if (!campaign || !roundMayBeDue(now, round, campaign, readings, carries)) continue;
    const read = extensionsOf(round.roundId);
    read.catch(() => undefined);
    extensionReads.set(round.roundId, read);
  }

  for (const { round, campaign, carries } of judged) {
    const extensions = extensionReads.get(round.roundId);
    if (
      campaign &&
      extensions &&
      (await sweepRound(round, campaign, extensions, readings, carries, registry, state))
    ) {
      state.report.rounds.processed.push(round.roundId);
    } else {
      state.report.rounds.skipped++;
    }
  }

  await publish(state, sink);
  const { report } = state;
  logger.info('sweep done', {
    at: report.at,
    rounds: report.rounds.processed.length,
    skipped: report.rounds.skipped,
    created: report.created,
    expired: report.expiredDossierIds.length,
    alreadyDone: report.alreadyDone,
    events: report.events,
  });
  return report;
}

/** The EventBridge scheduled event: its `time` is the sweep's "now" (R-SWEEP-1). */
const ScheduledEvent = z.object({
  'detail-type': z.literal('Scheduled Event'),
  source: z.string().check(z.maxLength(256)),
  time: z.iso.datetime({ offset: true }),
});

export async function sweepScheduledEvent(event: unknown): Promise<SweepReport> {
  const parsed = ScheduledEvent.safeParse(event);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(event)').join(', ');
    logger.error('not a scheduled event', { issues: where });
    throw new TypeError(`The sweep expects an EventBridge scheduled event (invalid: ${where})`);
  }
  return runSweep(new Date(parsed.data.time));
}

export const handler = middy<unknown, SweepReport>().handler(sweepScheduledEvent);
