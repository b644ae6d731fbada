// Stored notifications (SPEC §7), one item per addressee (a unit or a role), under a deterministic id
// so that a sweep run twice for the same instant writes each notification once. New notifications also
// sit in the outbox index until their event is published (see notificationOutboxKeys).

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationKind } from '#domain/sweep.ts';
import type { MailableNotification } from '#domain/mail.ts';
import { db } from '../clients/dynamodb.ts';
import { TABLE_NAME } from '../config.ts';
import {
  call,
  getItem,
  type Item,
  queryFrom,
  type StartKey,
  startKeyAfter,
  strip,
  transact,
  update,
} from './db.ts';
import {
  type Addressee,
  addresseeId,
  notificationById,
  notificationKey,
  notificationOutbox,
  notificationsByAddressee,
} from './keys.ts';
import { invalidToken, openToken, sealToken } from './page-token.ts';
import type { StoredText } from '#domain/texts.ts';

export type { Addressee };

export type { NotificationKind };

/** A stored notification: what an e-mail is made of (domain/mail.ts), its message, and its state. */
export interface NotificationRecord extends MailableNotification {
  /** R-I18N-1: a code with parameters (records written before: both languages); rendered per reader. */
  message: StoredText;
  read: boolean;
  /** When its event went out on the bus (absent while it waits in the outbox). */
  publishedAt?: string | undefined;
}

export const addresseeOf = (n: Pick<NotificationRecord, 'unitId' | 'role'>): Addressee =>
  n.unitId !== undefined ? { unitId: n.unitId } : { role: n.role ?? 'admin' };

export const notificationItem = (n: NotificationRecord): Item => ({
  ...notificationKey(addresseeOf(n), n.notificationId),
  ...notificationsByAddressee.keys({ ...n, addressee: addresseeId(addresseeOf(n)) }),
  entity: 'notification',
  ...n,
});

/** A new notification that waits in the outbox until its event is published. */
export const pendingNotificationItem = (n: NotificationRecord): Item => ({
  ...notificationItem(n),
  ...notificationOutbox.keys(n),
});

/**
 * Writes a new notification unless one with its id exists (R-SWEEP-1: the id is deterministic, so this
 * is what makes a second sweep harmless). True when this call created it.
 */
export async function createNotification(n: NotificationRecord): Promise<boolean> {
  try {
    await call(() =>
      db.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: pendingNotificationItem(n),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Where a walk through the outbox stands (the page after it starts there). */
export type OutboxPosition = StartKey;

/** A page of notifications still waiting for their event, oldest first, from where the last one ended. */
export async function pendingNotifications(limit: number, after?: OutboxPosition) {
  const page = await queryFrom({ where: notificationOutbox.query({}), limit, startKey: after });
  return { items: page.items.map((i) => strip<NotificationRecord>(i)), after: page.lastKey };
}

const outboxAttributes = `${notificationOutbox.attributes.pk}, ${notificationOutbox.attributes.sk}`;

/** Takes a published notification out of the outbox. */
export async function markPublished(
  n: Pick<NotificationRecord, 'unitId' | 'role' | 'notificationId'>,
  at: Date,
) {
  try {
    await call(() =>
      db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: notificationKey(addresseeOf(n), n.notificationId),
          UpdateExpression: `SET publishedAt = if_not_exists(publishedAt, :at) REMOVE ${outboxAttributes}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Where each addressee's listing stands: a start key, null once exhausted, absent before its start. */
type Cursors = Record<string, StartKey | null>;

const byAddressee = (addressee: string) => notificationsByAddressee.query({ addressee });

/** What a token of a merged listing is bound to: its addressees (in order) and its read filter. */
const listingOf = (ids: readonly string[], unread: boolean | undefined) =>
  JSON.stringify(['notifications', ids, unread ?? null]);

/**
 * A merged listing's token holds, per addressee in order, only the index sort key of the last item read
 * (creation time and id: the rest of the start key follows from it and the addressee), null once that
 * addressee is exhausted, 0 before its start — so that four addressees' cursors stay well within a token.
 */
type CursorState = (string | null | 0)[];

function startKeyOf(addressee: string, sortKey: unknown): StartKey {
  const parts =
    typeof sortKey === 'string'
      ? notificationsByAddressee.sortKeyParts({ [notificationsByAddressee.attributes.sk]: sortKey })
      : undefined;
  if (!parts) throw invalidToken();
  const { createdAt, notificationId } = parts;
  return {
    ...notificationById.keys({ addressee, notificationId }),
    ...notificationsByAddressee.keys({ addressee, createdAt, notificationId }),
  };
}

function openCursors(token: string | undefined, ids: readonly string[], query: string): Cursors {
  if (token === undefined) return {};
  const state = openToken(query, token);
  if (!Array.isArray(state) || state.length !== ids.length) throw invalidToken();
  const cursors: Cursors = {};
  ids.forEach((id, i) => {
    const value: unknown = state[i];
    if (value === 0) return;
    cursors[id] = value === null ? null : startKeyOf(id, value);
  });
  return cursors;
}

const sealCursors = (cursors: Cursors, ids: readonly string[], query: string) => {
  const sortKey = notificationsByAddressee.attributes.sk;
  const state: CursorState = ids.map((id) => {
    const key = cursors[id];
    return key === undefined ? 0 : key === null ? null : String(key[sortKey]);
  });
  return sealToken(query, state);
};

export interface NotificationListArgs {
  limit: number;
  nextToken?: string | undefined;
  /** true: unread only; false: read only; undefined: all. */
  unread?: boolean | undefined;
}

/**
 * The notifications of one or more addressees (a unit, and/or roles), newest first, merged into one
 * paginated list. The read filter is applied in the query, and pages are filled up to `limit` where the
 * filter leaves gaps.
 */
export async function listNotifications(addressees: readonly Addressee[], args: NotificationListArgs) {
  const ids = addressees.map(addresseeId);
  const query = listingOf(ids, args.unread);
  const cursors = openCursors(args.nextToken, ids, query);
  const filter =
    args.unread === undefined
      ? undefined
      : {
          FilterExpression: '#read = :read',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: { ':read': !args.unread },
        };

  /** The index's sort key (creation time, then id): the merged order. */
  const sortKey = notificationsByAddressee.attributes.sk;

  // Up to `limit` items from each addressee, from where its cursor stands.
  const fetched = await Promise.all(
    ids.map(async (id) => {
      const items: Item[] = [];
      let startKey = cursors[id];
      if (startKey === null) return { id, items, after: null };
      do {
        const page = await queryFrom({
          where: byAddressee(id),
          limit: args.limit - items.length,
          startKey,
          newestFirst: true,
          ...(filter ? { filter } : {}),
        });
        items.push(...page.items);
        startKey = page.lastKey;
      } while (startKey && items.length < args.limit);
      return { id, items, after: startKey ?? null };
    }),
  );

  const merged = fetched
    .flatMap((f) => f.items.map((item) => ({ id: f.id, item })))
    .sort((a, b) => String(b.item[sortKey]).localeCompare(String(a.item[sortKey])))
    .slice(0, args.limit);

  const next: Cursors = {};
  for (const f of fetched) {
    const taken = merged.filter((m) => m.id === f.id);
    const last = taken.at(-1)?.item;
    if (f.items.length > 0 && taken.length === f.items.length) next[f.id] = f.after;
    else if (last) next[f.id] = startKeyAfter(last, byAddressee(f.id));
    else if (f.items.length === 0) next[f.id] = f.after;
    else if (cursors[f.id] !== undefined) next[f.id] = cursors[f.id] ?? null;
  }
  const more = ids.some((id) => next[id] !== null);
  return {
    items: merged.map((m) => strip<NotificationRecord>(m.item)),
    ...(more ? { nextToken: sealCursors(next, ids, query) } : {}),
  };
}

export async function getNotification(addressee: Addressee, notificationId: string) {
  const item = await getItem(notificationKey(addressee, notificationId));
  return item ? strip<NotificationRecord>(item) : undefined;
}

/** Marks a notification read (it exists: the condition keeps a late call from creating an item). */
export const markRead = (addressee: Addressee, notificationId: string) =>
  transact([
    update(notificationKey(addressee, notificationId), 'SET #r = :true', {
      condition: 'attribute_exists(pk)',
      names: { '#r': 'read' },
      values: { ':true': true },
    }),
  ]);
