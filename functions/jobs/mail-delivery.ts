// R-MAIL-1: e-mails one notification to the addresses of its unit or role, each at most once. The same
// code runs in the mailer Lambda (transport: Amazon SES v2) and under `npm start` (transport: SMTP to the
// local mail catcher, injected by local/): only the transport differs.
//
// Per address: claim (store/mail-claims.ts) → render → send → record. A permanent refusal of an address is
// recorded and never retried; a transient failure releases the claim and is reported in `failed`, so the
// caller retries the notification (the Lambda throws: EventBridge/Lambda retry with backoff, then the
// dead-letter queue; the local relay retries with backoff) and only the addresses not yet sent go out.

import { defaultRoundName } from '#domain/campaign.ts';
import { type MailableNotification, recipientsOf, renderNotificationMail } from '#domain/mail.ts';
import { NOTIFICATION_KINDS } from '#domain/sweep.ts';
import { logger } from '../lib/logger.ts';
import { claimMail, markMailFailed, markMailRejected, markMailSent } from '../store/mail-claims.ts';
import { getRound } from '../store/rounds.ts';
import { getUnit } from '../store/units.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly name: 'ses' | 'smtp';
  /** Sends one e-mail; throws PermanentMailFailure when the address is refused for good. */
  send(mail: OutgoingMail): Promise<{ messageId?: string | undefined }>;
}

/** The provider refused this address for good (a 5xx SMTP reply, SES MessageRejected): never retried. */
export class PermanentMailFailure extends Error {
  override readonly name = 'PermanentMailFailure';
}

export interface MailSettings {
  appUrl: string;
  /** Each role's addresses (stage configuration). */
  roleAddresses: Readonly<Record<string, readonly string[]>>;
}

export interface DeliveryReport {
  notificationId: string;
  /** Sent by this call. */
  sent: string[];
  /** Sent or refused for good before, or being sent by another delivery right now. */
  skipped: string[];
  /** Refused for good by this call (recorded; never retried). */
  rejected: string[];
  /** Failed for now: the claim was released; deliver the notification again later. */
  failed: string[];
}

/** The notification of an event's detail, checked field by field (what the bus delivers is data, not trust). */
export function notificationOf(detail: unknown): MailableNotification | undefined {
  if (!detail || typeof detail !== 'object') return undefined;
  const d = detail as Record<string, unknown>;
  const text = (v: unknown, max = 512) => typeof v === 'string' && v.length > 0 && v.length <= max;
  const optionalText = (v: unknown) => v === undefined || text(v, 128);
  if (!text(d.notificationId) || !text(d.roundId, 128) || !text(d.dueAt, 64) || !text(d.createdAt, 64))
    return undefined;
  if (!(NOTIFICATION_KINDS as readonly unknown[]).includes(d.kind)) return undefined;
  if (!optionalText(d.unitId) || !optionalText(d.role)) return undefined;
  if (d.unitId === undefined && d.role === undefined) return undefined;
  if (Number.isNaN(Date.parse(d.dueAt as string)) || Number.isNaN(Date.parse(d.createdAt as string)))
    return undefined;
  if (d.daysBefore !== undefined && !(Number.isInteger(d.daysBefore) && (d.daysBefore as number) >= 0))
    return undefined;
  return {
    notificationId: d.notificationId as string,
    kind: d.kind as MailableNotification['kind'],
    roundId: d.roundId as string,
    dueAt: d.dueAt as string,
    createdAt: d.createdAt as string,
    ...(d.unitId !== undefined ? { unitId: d.unitId as string } : {}),
    ...(d.role !== undefined ? { role: d.role as string } : {}),
    ...(d.daysBefore !== undefined ? { daysBefore: d.daysBefore as number } : {}),
  };
}

const reasonOf = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export async function deliverNotification(
  n: MailableNotification,
  transport: MailTransport,
  settings: MailSettings,
  clock: () => Date = () => new Date(),
): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    notificationId: n.notificationId,
    sent: [],
    skipped: [],
    rejected: [],
    failed: [],
  };
  const unit = n.unitId !== undefined ? await getUnit(n.unitId) : undefined;
  const addresses = recipientsOf(n, unit?.contactEmails, settings.roleAddresses);
  // A unit (or role) without addresses: nothing to send, and nothing wrong.
  if (addresses.length === 0) return report;

  const round = await getRound(n.roundId);
  const mail = renderNotificationMail(n, {
    roundName: round ? (round.name ?? defaultRoundName(round)) : n.roundId,
    unitName: unit?.name,
    appUrl: settings.appUrl,
  });
  for (const to of addresses) {
    const claim = await claimMail(n.notificationId, to, clock());
    if (!claim.claimed) {
      report.skipped.push(to);
      continue;
    }
    try {
      const { messageId } = await transport.send({ to, ...mail });
      await markMailSent(n.notificationId, to, clock(), messageId);
      report.sent.push(to);
    } catch (error) {
      if (error instanceof PermanentMailFailure) {
        await markMailRejected(n.notificationId, to, reasonOf(error));
        report.rejected.push(to);
        logger.warn('address refused for good', {
          notificationId: n.notificationId,
          reason: reasonOf(error),
        });
      } else {
        await markMailFailed(n.notificationId, to, reasonOf(error));
        report.failed.push(to);
      }
    }
  }
  return report;
}
