// The mailer (R-MAIL-1): a rule on the notification bus delivers each notification event here, and each
// notification is e-mailed through Amazon SES v2 to the addresses of its unit or role, at most once per
// address (functions/jobs/mail-delivery.ts). A transient failure of any address makes the invocation fail,
// so EventBridge and Lambda retry it with backoff — the addresses already sent are not sent again — and
// after the last retry the event goes to the dead-letter queue, whose alarm calls an operator. A
// permanently refused address (SES MessageRejected) is recorded and never retried; it fails nothing.

import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import middy from '@middy/core';
import { NOTIFICATION_EVENT_SOURCE } from '#domain/mail.ts';
import { APP_URL, AWS_REGION, MAIL_CONFIGURATION_SET, MAIL_FROM, MAIL_ROLE_ADDRESSES } from '../config.ts';
import { logger } from '../lib/logger.ts';
import {
  type DeliveryReport,
  deliverNotification,
  type MailTransport,
  notificationOf,
  PermanentMailFailure,
} from './mail-delivery.ts';

/** SES v2 errors that refuse this message for good: retrying sends the same refused message again. */
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'BadRequestException']);

export function sesTransport(client: SESv2Client, from: string, configurationSet?: string): MailTransport {
  return {
    name: 'ses',
    async send(mail) {
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [mail.to] },
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: mail.text, Charset: 'UTF-8' },
                  Html: { Data: mail.html, Charset: 'UTF-8' },
                },
              },
            },
            ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          }),
        );
        return { messageId: out.MessageId };
      } catch (error) {
        const name = (error as Error).name;
        if (PERMANENT_SES_ERRORS.has(name))
          throw new PermanentMailFailure(`${name}: ${(error as Error).message}`);
        throw error;
      }
    },
  };
}

// Well under the function's timeout and the claim lease: a send that hangs fails and is retried.
const client = new SESv2Client({ region: AWS_REGION, requestHandler: { requestTimeout: 10_000 } });

/** The EventBridge event a rule on the notification bus delivers: its detail is the notification. */
export async function mailNotificationEvent(event: unknown): Promise<DeliveryReport> {
  const e = (event ?? {}) as { source?: unknown; detail?: unknown };
  const notification = e.source === NOTIFICATION_EVENT_SOURCE ? notificationOf(e.detail) : undefined;
  if (!notification) {
    logger.error('not a notification event', { source: String(e.source) });
    throw new TypeError('The mailer expects a notification event of the notification bus');
  }
  const report = await deliverNotification(
    notification,
    sesTransport(client, MAIL_FROM, MAIL_CONFIGURATION_SET),
    {
      appUrl: APP_URL,
      roleAddresses: MAIL_ROLE_ADDRESSES,
    },
  );
  const counts = {
    sent: report.sent.length,
    skipped: report.skipped.length,
    rejected: report.rejected.length,
    failed: report.failed.length,
  };
  logger.info('notification mailed', { notificationId: notification.notificationId, ...counts });
  if (report.failed.length > 0) {
    // Retried by Lambda/EventBridge; what was sent stays sent (the claims).
    throw new Error(`${report.failed.length} address(es) failed for now; the event will be retried`);
  }
  return report;
}

export const handler = middy<unknown, DeliveryReport>().handler(mailNotificationEvent);
