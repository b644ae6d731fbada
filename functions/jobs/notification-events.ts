// Where notification events go (SPEC §7: "published as events on an EventBridge bus for mail/SMS
// integrations"): PutEvents on EVENT_BUS_NAME in AWS; locally, with no bus, one JSON line per event appended
// to LOCAL_EVENTS_FILE (default .local/events.jsonl), the same envelope a bus rule would deliver.
// Delivery is at least once, as on EventBridge itself: consumers deduplicate on `detail.notificationId`.

import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { NOTIFICATION_EVENT_SOURCE } from '#domain/mail.ts';
import type { NotificationKind } from '#domain/sweep.ts';
import { AWS_REGION, EVENT_BUS_NAME, LOCAL_EVENTS_FILE } from '../config.ts';
import type { NotificationRecord } from '../store/notifications.ts';

export const EVENT_SOURCE = NOTIFICATION_EVENT_SOURCE;

export const DETAIL_TYPES: Readonly<Record<NotificationKind, string>> = {
  submission_reminder: 'SubmissionReminder',
  report_reminder: 'ReportReminder',
  appraisal_reminder: 'AppraisalReminder',
  dossier_expired: 'DossierExpired',
  appraisal_overdue: 'AppraisalOverdue',
};

/** PutEvents takes at most 10 entries a call. */
export const MAX_ENTRIES_PER_CALL = 10;

export interface PublishResult {
  published: string[];
  failed: string[];
}

export interface EventSink {
  readonly name: 'eventbridge' | 'file';
  publish(notifications: readonly NotificationRecord[]): Promise<PublishResult>;
}

/** The event's detail: the notification as stored, without the outbox bookkeeping. */
const detailOf = ({ publishedAt: _published, ...n }: NotificationRecord) => n;

export function eventBridgeSink(client: EventBridgeClient, busName: string): EventSink {
  return {
    name: 'eventbridge',
    async publish(notifications) {
      const result: PublishResult = { published: [], failed: [] };
      for (let i = 0; i < notifications.length; i += MAX_ENTRIES_PER_CALL) {
        const batch = notifications.slice(i, i + MAX_ENTRIES_PER_CALL);
        try {
          const out = await client.send(
            new PutEventsCommand({
              Entries: batch.map((n) => ({
                EventBusName: busName,
                Source: EVENT_SOURCE,
                DetailType: DETAIL_TYPES[n.kind],
                Time: new Date(n.createdAt),
                Detail: JSON.stringify(detailOf(n)),
              })),
            }),
          );
          // Entries answer in order; an entry with an ErrorCode was not accepted.
          batch.forEach((n, j) => {
            (out.Entries?.[j]?.ErrorCode ? result.failed : result.published).push(n.notificationId);
          });
        } catch {
          result.failed.push(...batch.map((n) => n.notificationId));
        }
      }
      return result;
    },
  };
}

export function fileSink(path: string): EventSink {
  return {
    name: 'file',
    async publish(notifications) {
      if (notifications.length === 0) return { published: [], failed: [] };
      const lines = notifications.map((n) =>
        JSON.stringify({
          source: EVENT_SOURCE,
          'detail-type': DETAIL_TYPES[n.kind],
          time: n.createdAt,
          detail: detailOf(n),
        }),
      );
      await mkdir(dirname(path), { recursive: true });
      // One append per batch: lines of concurrent sweeps never interleave within a line.
      await appendFile(path, `${lines.join('\n')}\n`, 'utf8');
      return { published: notifications.map((n) => n.notificationId), failed: [] };
    },
  };
}

const client = EVENT_BUS_NAME ? new EventBridgeClient({ region: AWS_REGION }) : undefined;

/** The bus when one is configured, else the local file. */
export const defaultSink = (): EventSink =>
  client && EVENT_BUS_NAME ? eventBridgeSink(client, EVENT_BUS_NAME) : fileSink(LOCAL_EVENTS_FILE);
