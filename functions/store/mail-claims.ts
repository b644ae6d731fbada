// R-MAIL-1: each notification is e-mailed at most once per address, whatever retries or sweep re-runs
// happen. Before sending, the mailer claims the (notification, address) pair with a conditional write:
//
//   absent ──claim──▶ sending (lease) ──sent──▶ sent        (final: never claimed again)
//                        │  ╰──────rejected────▶ rejected    (final: the address was refused for good)
//                        ╰──failed (transient)─▶ failed      (may be claimed again at once)
//
// A claim in `sending` whose lease has run out (its sender died between claim and outcome) may be claimed
// again: that is the one case where an e-mail may go out twice, and the lease (longer than the mailer's
// timeout, and than the transport's own timeout) makes it a sender that crashed after the provider accepted
// the message, not one still at work. A success is final: a claim taken by a second sender while the first
// still holds it answers `busy`, and a `sent` claim answers `done`, so two senders never both succeed.
// Claims expire with the table's TTL after CLAIM_TTL_DAYS, long after any retry of their event.

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../clients/dynamodb.ts';
import { TABLE_NAME } from '../config.ts';
import { call, getItem } from './db.ts';
import { mailClaimKey } from './keys.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

export type ClaimState = 'sending' | 'sent' | 'rejected' | 'failed';

export interface MailClaim {
  notificationId: string;
  address: string;
  state: ClaimState;
  /** Epoch ms until which a `sending` claim is held. */
  leaseUntil?: number;
  attempts: number;
  sentAt?: string;
  messageId?: string;
  /** Why the last attempt failed, or why the address was refused. */
  reason?: string;
}

/** How long a claim holds before another sender may take it (well above the mailer's 30 s timeout). */
export const CLAIM_LEASE_MS = 5 * 60_000;
const CLAIM_TTL_DAYS = 90;

export type ClaimResult =
  /** This caller holds the claim: send, then record the outcome. */
  | { claimed: true; attempt: number }
  /** Sent or refused for good already (`done`), or being sent by another caller right now (`busy`). */
  | { claimed: false; why: 'done' | 'busy'; state: ClaimState };

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** Takes the claim of one e-mail, if nobody has sent it, is sending it, or has refused its address. */
export async function claimMail(
  notificationId: string,
  address: string,
  now: Date,
  leaseMs = CLAIM_LEASE_MS,
): Promise<ClaimResult> {
  const key = mailClaimKey(notificationId, address);
  try {
    const out = await call(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: key,
          UpdateExpression:
            'SET #state = :sending, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one, ' +
            'entity = :entity, notificationId = :n, address = :a, #ttl = :ttl REMOVE reason',
          ConditionExpression:
            'attribute_not_exists(pk) OR #state = :failed OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':lease': now.getTime() + leaseMs,
            ':now': now.getTime(),
            ':zero': 0,
            ':one': 1,
            ':entity': 'mail_claim',
            ':n': notificationId,
            ':a': address,
            ':ttl': Math.floor(now.getTime() / 1000) + CLAIM_TTL_DAYS * 86_400,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return { claimed: true, attempt: Number(out.Attributes?.attempts ?? 1) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getMailClaim(notificationId, address);
    const state = current?.state ?? 'sending';
    return { claimed: false, why: state === 'sending' ? 'busy' : 'done', state };
  }
}

/** Records the outcome of a claimed send; only the holder of a `sending` claim records one. */
async function settle(
  notificationId: string,
  address: string,
  state: Exclude<ClaimState, 'sending'>,
  values: Record<string, string>,
): Promise<void> {
  const sets = Object.keys(values).map((k) => `${k} = :${k}`);
  try {
    await call(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: mailClaimKey(notificationId, address),
          UpdateExpression: `SET #state = :state${sets.map((s) => `, ${s}`).join('')} REMOVE leaseUntil`,
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': state,
            ':sending': 'sending',
            ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v])),
          },
        }),
      ),
    );
  } catch (error) {
    // Another sender already recorded an outcome (its lease ran out and it re-claimed): keep theirs.
    if (!isConditionFailure(error)) throw error;
  }
}

export const markMailSent = (notificationId: string, address: string, at: Date, messageId?: string) =>
  settle(notificationId, address, 'sent', {
    sentAt: at.toISOString(),
    ...(messageId ? { messageId } : {}),
  });

/** The address was refused for good (a permanent rejection): recorded, never tried again. */
export const markMailRejected = (notificationId: string, address: string, reason: string) =>
  settle(notificationId, address, 'rejected', { reason: reason.slice(0, 500) });

/** A transient failure: the claim is released, so the next delivery attempt may send it. */
export const markMailFailed = (notificationId: string, address: string, reason: string) =>
  settle(notificationId, address, 'failed', { reason: reason.slice(0, 500) });

export async function getMailClaim(notificationId: string, address: string): Promise<MailClaim | undefined> {
  const item = await getItem<MailClaim>(mailClaimKey(notificationId, address));
  return item
    ? {
        notificationId: item.notificationId,
        address: item.address,
        state: item.state,
        attempts: item.attempts,
        ...(item.leaseUntil !== undefined ? { leaseUntil: item.leaseUntil } : {}),
        ...(item.sentAt ? { sentAt: item.sentAt } : {}),
        ...(item.messageId ? { messageId: item.messageId } : {}),
        ...(item.reason ? { reason: item.reason } : {}),
      }
    : undefined;
}
