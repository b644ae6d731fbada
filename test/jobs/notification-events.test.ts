// SPEC §7: notifications are published as events on an EventBridge bus. In AWS the sweep's sink calls
// PutEvents on EVENT_BUS_NAME; here the same code talks to a local peer that speaks EventBridge's JSON
// protocol (./eventbridge-peer.ts), reached through the configuration the function uses in AWS: the bus
// name from EVENT_BUS_NAME, the region from AWS_REGION, and the SDK's standard endpoint setting
// AWS_ENDPOINT_URL_EVENTBRIDGE. Nothing of the production code is replaced.
//
// The sweep publishes what waits in the outbox of the whole table, and these tests count what goes out, so
// the file runs on a table of its own (seeded like the shared one).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const { peer, BUS } = await vi.hoisted(async () => {
  // Before any module reads the configuration.
  const { startEventBridgePeer } = await import('./eventbridge-peer.ts');
  const peer = await startEventBridgePeer();
  const BUS = 'commendation-notifications-test';
  process.env.EVENT_BUS_NAME = BUS;
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = peer.url;
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('events');
  return { peer, BUS };
});

import type { NotificationKind } from '#domain/sweep.ts';
import { defaultSink } from '#functions/jobs/notification-events.ts';
import { runSweep, type SweepReport } from '#functions/jobs/sweep.ts';
import { getItem, type Item, strip } from '#functions/store/db.ts';
import { notificationKey } from '#functions/store/keys.ts';
import type { NotificationRecord } from '#functions/store/notifications.ts';
import { useLocalApi } from '../support/client.ts';
import { createOpenRound } from '../support/fixtures.ts';
import type { PutEventsCall, PutEventsEntry } from './eventbridge-peer.ts';

const { api } = useLocalApi();

afterAll(async () => {
  await peer.close();
});

const DAY = 86_400_000;
/** PutEvents takes at most 10 entries a call. */
const PUT_EVENTS_LIMIT = 10;
/** The event's detail-type for each kind of notification (SPEC §7). */
const DETAIL_TYPE: Record<NotificationKind, string> = {
  submission_reminder: 'SubmissionReminder',
  report_reminder: 'ReportReminder',
  appraisal_reminder: 'AppraisalReminder',
  dossier_expired: 'DossierExpired',
  appraisal_overdue: 'AppraisalOverdue',
};

const entriesOf = (calls: readonly PutEventsCall[]) => calls.flatMap((c) => c.entries);
const detailOf = (entry: PutEventsEntry) => JSON.parse(entry.Detail ?? 'null') as NotificationRecord;
const idsOf = (calls: readonly PutEventsCall[]) => entriesOf(calls).map((e) => detailOf(e).notificationId);
const total = (r: SweepReport) => Object.values(r.created).reduce((a, b) => a + b, 0);

/** A notification as stored, read through the store (undefined when absent). */
/** A notification still waiting in the outbox: in its sparse index, not stamped as published. */
async function expectInOutbox(id: string): Promise<Item | undefined> {
  const stored = await storedNotification(id);
  expect(stored?.gsi2pk, id).toBe('NOTIFOUTBOX');
  expect(stored?.publishedAt, id).toBeUndefined();
  return stored;
}

/** A notification whose event went out: stamped as published and out of the outbox index. */
async function expectPublished(id: string): Promise<Item | undefined> {
  const stored = await storedNotification(id);
  expect(stored?.publishedAt, id).toBeTypeOf('string');
  expect(stored?.gsi2pk, id).toBeUndefined();
  return stored;
}

async function storedNotification(id: string): Promise<Item | undefined> {
  const [kind, , unitOrRole] = id.split(':') as [string, string, string];
  const addressee = unitOrRole.startsWith('@') ? { role: unitOrRole.slice(1) } : { unitId: unitOrRole };
  expect(kind in DETAIL_TYPE, id).toBe(true);
  return getItem<Item>(notificationKey(addressee, id));
}

/** Every call was a PutEvents the real service accepts: signed for `events` in the region, ≤ 10 entries. */
function expectWellFormed(calls: readonly PutEventsCall[]) {
  for (const call of calls) {
    expect(call.method).toBe('POST');
    expect(call.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(call.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(call.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/ap-southeast-1\/events\//,
    );
    expect(call.entries.length).toBeGreaterThan(0);
    expect(call.entries.length).toBeLessThanOrEqual(PUT_EVENTS_LIMIT);
  }
}

describe('SPEC §7: the EventBridge sink', () => {
  it('publishes on the configured bus with PutEvents: source, detail-type, detail, time; ≤ 10 entries a call', async () => {
    const kinds = Object.keys(DETAIL_TYPE) as NotificationKind[];
    const notifications: NotificationRecord[] = Array.from({ length: 23 }, (_, i) => {
      const kind = kinds[i % kinds.length] as NotificationKind;
      return {
        notificationId: `${kind}:r-sink:unit-${i}:14:2031-01-01T17:00:00.000Z`,
        kind,
        roundId: 'r-sink',
        unitId: `unit-${i}`,
        dueAt: '2031-01-01T17:00:00.000Z',
        daysBefore: 14,
        message: { vi: `Nhắc việc ${i}`, en: `Reminder ${i}` },
        createdAt: new Date(Date.UTC(2030, 11, 18, 0, 0, i)).toISOString(),
        read: false,
      };
    });
    // Outbox bookkeeping never goes out with the event.
    const withBookkeeping = {
      ...notifications[0],
      publishedAt: '2030-12-18T00:00:30.000Z',
    } as NotificationRecord;
    peer.answer = { kind: 'accept' };
    peer.calls.length = 0;

    const sink = defaultSink();
    expect(sink.name).toBe('eventbridge');
    const result = await sink.publish([withBookkeeping, ...notifications.slice(1)]);

    expect(result).toEqual({ published: notifications.map((n) => n.notificationId), failed: [] });
    expectWellFormed(peer.calls);
    expect(peer.calls.map((c) => c.entries.length)).toEqual([10, 10, 3]);
    const entries = entriesOf(peer.calls);
    expect(entries).toHaveLength(notifications.length);
    entries.forEach((entry, i) => {
      const n = notifications[i] as NotificationRecord;
      expect(entry).toMatchObject({
        EventBusName: BUS,
        Source: 'commendation.deadlines',
        DetailType: DETAIL_TYPE[n.kind],
        Time: Date.parse(n.createdAt) / 1000,
      });
      expect(detailOf(entry)).toEqual(n);
    });
  });

  describe('with the sweep: what is not accepted stays in the outbox, and the next run publishes it', () => {
    let roundId: string;
    let D: string;
    const sweep = (offsetMs: number) => runSweep(new Date(Date.parse(D) + offsetMs), { roundIds: [roundId] });

    beforeAll(async () => {
      const admin = await api().token('admin');
      const round = await createOpenRound(api(), admin, { days: 60 });
      roundId = round.roundId;
      D = new Date(round.submissionDeadline).toISOString();
    });

    it('a partial failure (FailedEntryCount 1) leaves that one notification in the outbox; the next sweep publishes it', async () => {
      const refusedId = `submission_reminder:${roundId}:so-tu-phap:14:${D}`;
      peer.answer = {
        kind: 'accept',
        refuse: (entry) => (detailOf(entry).notificationId === refusedId ? 'InternalFailure' : undefined),
      };
      peer.calls.length = 0;
      const first = await sweep(-14 * DAY);

      const created = total(first);
      expect(created).toBeGreaterThan(PUT_EVENTS_LIMIT);
      expect(first.notificationIds).toContain(refusedId);
      expect(first.events).toEqual({
        sink: 'eventbridge',
        published: created - 1,
        failed: 1,
        fromEarlierRuns: 0,
      });
      expectWellFormed(peer.calls);
      expect(peer.calls).toHaveLength(Math.ceil(created / PUT_EVENTS_LIMIT));
      expect(idsOf(peer.calls).sort()).toEqual([...first.notificationIds].sort());
      for (const entry of entriesOf(peer.calls)) expect(entry.EventBusName).toBe(BUS);

      const refused = await expectInOutbox(refusedId);
      for (const id of first.notificationIds.filter((x) => x !== refusedId)) await expectPublished(id);

      // The next run, at the same instant, creates nothing and publishes the one left behind, alone.
      peer.answer = { kind: 'accept' };
      peer.calls.length = 0;
      const second = await sweep(-14 * DAY);
      expect(total(second)).toBe(0);
      expect(second.events).toEqual({ sink: 'eventbridge', published: 1, failed: 0, fromEarlierRuns: 1 });
      expectWellFormed(peer.calls);
      expect(peer.calls).toHaveLength(1);
      const [entry] = entriesOf(peer.calls) as [PutEventsEntry];
      expect(entry).toMatchObject({
        EventBusName: BUS,
        Source: 'commendation.deadlines',
        DetailType: 'SubmissionReminder',
      });
      const { publishedAt: _, ...asStored } = strip<NotificationRecord>(refused as Item);
      expect(detailOf(entry)).toEqual(asStored);
      await expectPublished(refusedId);

      // Nothing is left: a third run sends nothing.
      peer.calls.length = 0;
      const third = await sweep(-14 * DAY);
      expect(third.events).toEqual({ sink: 'eventbridge', published: 0, failed: 0, fromEarlierRuns: 0 });
      expect(peer.calls).toEqual([]);
    });

    it('a refused call (HTTP 500) fails its whole batch: every notification stays in the outbox until a run gets through', async () => {
      peer.answer = { kind: 'error', status: 500, type: 'InternalException', message: 'try again later' };
      peer.calls.length = 0;
      const first = await sweep(-7 * DAY);

      const created = total(first);
      expect(created).toBeGreaterThan(PUT_EVENTS_LIMIT);
      expect(first.events).toEqual({
        sink: 'eventbridge',
        published: 0,
        failed: created,
        fromEarlierRuns: 0,
      });
      expectWellFormed(peer.calls);
      // Each batch was tried (the SDK may retry a 500), and every notification was in one of them.
      expect(peer.calls.length).toBeGreaterThanOrEqual(Math.ceil(created / PUT_EVENTS_LIMIT));
      expect(new Set(idsOf(peer.calls))).toEqual(new Set(first.notificationIds));
      for (const id of first.notificationIds) await expectInOutbox(id);

      peer.answer = { kind: 'accept' };
      peer.calls.length = 0;
      const second = await sweep(-7 * DAY);
      expect(total(second)).toBe(0);
      expect(second.events).toEqual({
        sink: 'eventbridge',
        published: created,
        failed: 0,
        fromEarlierRuns: created,
      });
      expectWellFormed(peer.calls);
      expect(peer.calls).toHaveLength(Math.ceil(created / PUT_EVENTS_LIMIT));
      expect(idsOf(peer.calls).sort()).toEqual([...first.notificationIds].sort());
      for (const id of first.notificationIds) {
        await expectPublished(id);
      }
    });
  });
});
