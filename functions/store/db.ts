// Thin helpers over the DynamoDB document client: consistent reads (one item or many), paginated queries
// with sealed tokens (page-token.ts), and transactions whose failed conditions become named domain errors.
// Network failures of the store become StoreUnavailableError (503), never a 500 with internals.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { PayloadTooLargeError } from '#domain/errors.ts';
import type { StoredText } from '#domain/texts.ts';
import type { DocumentStatus } from '#domain/types.ts';
import { db } from '../clients/dynamodb.ts';
import { TABLE_NAME } from '../config.ts';
import { KEY_ATTRIBUTES, type Key, type KeyCondition } from './keys.ts';
import { invalidToken, openToken, sealToken } from './page-token.ts';
import { GSIS, TABLE_KEYS } from './table-schema.ts';

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|TimeoutError|ServiceUnavailable|InternalServerError|RequestTimeout/;

/** Runs a store call; connection-level failures become StoreUnavailableError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string; $metadata?: unknown };
    const text = `${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`;
    if (UNAVAILABLE.test(text) || (e.name === 'AggregateError' && !e.$metadata)) {
      throw new StoreUnavailableError(text.trim());
    }
    throw error;
  }
}

export type Item = Record<string, unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every versioned record carries (SPEC §8: `version`, `createdAt`, `updatedAt`; §6: If-Match). */
export interface Stamps {
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * What every document record holds of its file and its verification (R-DOC-1): a dossier's (DocumentRecord)
 * and a movement report's (ReportDocumentRecord) add their owner's fields and kind.
 */
export interface StoredFile extends Stamps {
  documentId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  objectKey: string;
  status: DocumentStatus;
  /** Why it was rejected: a code rendered per reader (a plain string in records written before R-I18N-1). */
  reason?: StoredText | undefined;
  verifiedAt?: string | undefined;
}

export async function getItem<T = Item>(key: Key, consistent = true): Promise<T | undefined> {
  const input: GetCommandInput = { TableName: TABLE_NAME, Key: key, ConsistentRead: consistent };
  const out = await call(() => db.send(new GetCommand(input)));
  return out.Item as T | undefined;
}

/** Runs `fn` over `items`, at most `parallel` at once, keeping their order in the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  parallel: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** BatchGetItem takes at most this many keys a call. */
const BATCH_GET_KEYS = 100;
/** Calls of a large read (or transactions of a large write) in flight at once. */
export const PARALLEL_CALLS = 4;

/**
 * Many items by key with consistent reads (BatchGetItem, 100 keys a call, a few calls at once; keys the
 * store leaves unprocessed are asked again). Items that do not exist are simply absent from the answer.
 */
export async function getItems(keys: readonly Key[]): Promise<Item[]> {
  // BatchGetItem refuses a request that names one key twice.
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_KEYS));
  const pages = await mapLimit(chunks, PARALLEL_CALLS, async (chunk) => {
    const found: Item[] = [];
    let pending: Item[] = chunk.map((key) => ({ ...key }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await call(() =>
        db.send(
          new BatchGetCommand({
            RequestItems: { [TABLE_NAME]: { Keys: pending, ConsistentRead: true } },
          }),
        ),
      );
      found.push(...(out.Responses?.[TABLE_NAME] ?? []));
      pending = out.UnprocessedKeys?.[TABLE_NAME]?.Keys ?? [];
      if (pending.length > 0) {
        if (attempt >= 8) throw new StoreUnavailableError('batch read left keys unprocessed');
        await sleep(Math.random() * 25 * 2 ** attempt);
      }
    }
    return found;
  });
  return pages.flat();
}

/** Removes storage plumbing (keys, index attributes) from an item before it leaves the store layer. */
export function strip<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const attr of KEY_ATTRIBUTES) delete copy[attr];
  return copy as T;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Where a walk through a query stands: DynamoDB's start key. It never leaves the process as is. */
export type StartKey = Item;

interface QueryInput {
  /** Which partition, and which sort keys in it: built by an access pattern of keys.ts. */
  where: KeyCondition;
  limit?: number;
  newestFirst?: boolean;
  consistent?: boolean;
  filter?: Pick<
    QueryCommandInput,
    'FilterExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'
  >;
}

/** A page for a client: it resumes from, and hands out, a sealed token (page-token.ts). */
export interface QueryArgs extends QueryInput {
  nextToken?: string | undefined;
}

/** The key attributes of the table or index a condition queries. */
const keyNamesOf = (where: KeyCondition) => {
  const keys = where.index ? GSIS[where.index] : TABLE_KEYS;
  return { pk: keys.partitionKey.name, sk: keys.sortKey.name };
};

/** The attributes of a start key (LastEvaluatedKey) of a query with this condition. */
const startKeyNamesOf = (where: KeyCondition): string[] => {
  const { pk, sk } = keyNamesOf(where);
  const table = [TABLE_KEYS.partitionKey.name, TABLE_KEYS.sortKey.name];
  return where.index ? [...table, pk, sk] : table;
};

/** The start key of a page that resumes a query with this condition just after `item`. */
export const startKeyAfter = (item: Item, where: KeyCondition): StartKey =>
  Object.fromEntries(startKeyNamesOf(where).map((name) => [name, item[name]]));

/** A start key without what its query already says (the partition it reads): what a token carries. */
function compactStartKey(where: KeyCondition, key: StartKey): Item {
  const { [keyNamesOf(where).pk]: _partition, ...rest } = key;
  return rest;
}

/**
 * The start key a token's state stands for in a query with this condition: exactly the key attributes of
 * that table or index, all strings (DynamoDB answers a start key of any other shape with a 500-worthy
 * ValidationException). Anything else is an invalid token.
 */
function expandStartKey(where: KeyCondition, state: unknown): StartKey {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw invalidToken();
  const key: StartKey = { ...(state as Item), [keyNamesOf(where).pk]: where.pk };
  const names = startKeyNamesOf(where);
  if (Object.keys(key).length !== names.length || names.some((n) => typeof key[n] !== 'string'))
    throw invalidToken();
  return key;
}

/** What a token is bound to: the index, partition, sort-key prefix, order and filter of its query. */
const queryIdentity = (q: QueryInput): string =>
  JSON.stringify([
    'query',
    q.where.index ?? 'table',
    q.where.pk,
    q.where.skPrefix ?? null,
    q.newestFirst === true,
    q.filter ?? null,
  ]);

/** One page of a query from a start key (internal walks: queryAll, the sweep, merged lists). */
export async function queryFrom(
  args: QueryInput & { startKey?: StartKey | undefined },
): Promise<{ items: Item[]; lastKey?: StartKey }> {
  const { where } = args;
  const { pk: pkName, sk: skName } = keyNamesOf(where);
  const names: Record<string, string> = { '#pk': pkName, ...args.filter?.ExpressionAttributeNames };
  const values: Item = { ':pk': where.pk, ...args.filter?.ExpressionAttributeValues };
  let condition = '#pk = :pk';
  if (where.skPrefix !== undefined) {
    names['#sk'] = skName;
    values[':sk'] = where.skPrefix;
    condition += ' AND begins_with(#sk, :sk)';
  }
  const input: QueryCommandInput = {
    TableName: TABLE_NAME,
    IndexName: where.index,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    Limit: args.limit,
    ScanIndexForward: !args.newestFirst,
    ConsistentRead: where.index ? false : (args.consistent ?? true),
    ExclusiveStartKey: args.startKey,
    ...(args.filter?.FilterExpression ? { FilterExpression: args.filter.FilterExpression } : {}),
  };
  const out = await call(() => db.send(new QueryCommand(input)));
  return { items: out.Items ?? [], ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
}

/** One page for a client: the token it sends is opened for this query, the next one sealed for it. */
export async function queryPage(args: QueryArgs): Promise<Page<Item>> {
  const query = queryIdentity(args);
  const startKey =
    args.nextToken === undefined ? undefined : expandStartKey(args.where, openToken(query, args.nextToken));
  const { items, lastKey } = await queryFrom({ ...args, startKey }).catch((error: unknown) => {
    // A start key DynamoDB refuses (a token sealed before a key format changed) is still a bad token.
    if (startKey && (error as Error).name === 'ValidationException') throw invalidToken();
    throw error;
  });
  return {
    items,
    ...(lastKey ? { nextToken: sealToken(query, compactStartKey(args.where, lastKey)) } : {}),
  };
}

/** Every item of a query, following pages (for bounded sets: a dossier, a round's nominations). */
export async function queryAll(args: Omit<QueryInput, 'limit'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: StartKey | undefined;
  do {
    const page = await queryFrom({ ...args, startKey });
    items.push(...page.items);
    startKey = page.lastKey;
  } while (startKey);
  return items;
}

type DocTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One write of a transaction, with the domain error its condition stands for. */
export interface TxItem {
  item: DocTransactItem;
  /**
   * The error the item's failed condition stands for; given the item as it was when the write asked for it
   * (ReturnValuesOnConditionCheckFailure ALL_OLD), in DynamoDB's own attribute-value form.
   */
  onConditionFailed?: (old?: Record<string, unknown>) => Error;
  /**
   * When several conditions of one transaction fail, the error of the item that explains the others wins
   * (an Idempotency-Key's record: its twin committed first, which is why the object's own lock failed too).
   */
  decisive?: boolean;
}

export const put = (
  item: Item,
  condition?: string,
  extra: Partial<CondArgs> = {},
  onFail?: () => Error,
): TxItem => ({
  item: {
    Put: {
      TableName: TABLE_NAME,
      Item: item,
      ...(condition ? { ConditionExpression: condition } : {}),
      ...cond(extra),
    },
  },
  ...(onFail ? { onConditionFailed: onFail } : {}),
});

/** Put that must create: the key must not exist yet. */
export const create = (item: Item, onFail?: () => Error): TxItem =>
  put(item, 'attribute_not_exists(pk)', {}, onFail);

interface CondArgs {
  names: Record<string, string>;
  values: Item;
}
const cond = (c: Partial<CondArgs>) => ({
  ...(c.names && Object.keys(c.names).length > 0 ? { ExpressionAttributeNames: c.names } : {}),
  ...(c.values && Object.keys(c.values).length > 0 ? { ExpressionAttributeValues: c.values } : {}),
});

export const update = (
  key: Key,
  expression: string,
  args: Partial<CondArgs> & { condition?: string },
  onFail?: () => Error,
): TxItem => ({
  item: {
    Update: {
      TableName: TABLE_NAME,
      Key: key,
      UpdateExpression: expression,
      ...(args.condition ? { ConditionExpression: args.condition } : {}),
      ...cond(args),
    },
  },
  ...(onFail ? { onConditionFailed: onFail } : {}),
});

export const remove = (
  key: Key,
  condition?: string,
  args: Partial<CondArgs> = {},
  onFail?: () => Error,
): TxItem => ({
  item: {
    Delete: {
      TableName: TABLE_NAME,
      Key: key,
      ...(condition ? { ConditionExpression: condition } : {}),
      ...cond(args),
    },
  },
  ...(onFail ? { onConditionFailed: onFail } : {}),
});

export const check = (key: Key, condition: string, args: Partial<CondArgs>, onFail: () => Error): TxItem => ({
  item: {
    ConditionCheck: { TableName: TABLE_NAME, Key: key, ConditionExpression: condition, ...cond(args) },
  },
  onConditionFailed: onFail,
});

/**
 * A replacing put guarded by the optimistic version (SPEC §6): succeeds only if the stored version is
 * still `expected`. The new item must carry version expected + 1.
 */
export const putVersioned = (item: Item, expected: number, onFail: () => Error): TxItem =>
  put(item, '#v = :expected', { names: { '#v': 'version' }, values: { ':expected': expected } }, onFail);

/**
 * DynamoDB's limits (R-DOS-5): items of one TransactWriteItems (100), and its bytes (4 MB) and one item's
 * (400 KB), the last two less 2 % for what txItemBytes may count short.
 */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = Math.floor(0.98 * 4 * 1024 * 1024);
export const MAX_ITEM_BYTES = Math.floor(0.98 * 400 * 1024);

/**
 * What one write weighs: the UTF-8 length of its JSON. DynamoDB counts attribute names and values (strings
 * as UTF-8, a number a byte per two digits, a few bytes per list, map and element); JSON spells names,
 * strings and maps — what this table's items are made of — with more bytes than that (quotes, colons,
 * commas). Only lists of small numbers or booleans weigh more in DynamoDB, hence the margin of the limits
 * below. `item` is what a Put stores; `request` the whole write (an Update's values included).
 */
export function txItemBytes(write: TxItem): { item: number; request: number } {
  const request = Buffer.byteLength(JSON.stringify(write.item), 'utf8');
  const stored = write.item.Put?.Item;
  return { item: stored ? Buffer.byteLength(JSON.stringify(stored), 'utf8') : 0, request };
}

/**
 * R-DOS-5: a transaction that DynamoDB would refuse for its size is refused here first, as a clear 413 that
 * names the limit, instead of the store's ValidationException (a 500). The writes of the API's own steps are
 * sized to stay below these limits; this is what still answers if data ever outgrows them.
 */
export function assertTransactionFits(items: readonly TxItem[]): void {
  let total = 0;
  let largest = 0;
  for (const write of items) {
    const { item, request } = txItemBytes(write);
    total += request;
    largest = Math.max(largest, item);
  }
  const kb = (bytes: number) => Math.ceil(bytes / 1024);
  const refuse = (vi: string, en: string, details: Record<string, number>) =>
    new PayloadTooLargeError(
      {
        vi: `Thay đổi này quá lớn để lưu trong một lần: ${vi}. Không có gì được lưu; hãy rút gọn nội dung hoặc chia nhỏ thao tác.`,
        en: `This change is too large to store at once: ${en}. Nothing was stored; shorten the content or split the operation.`,
      },
      [],
      details,
    );
  if (items.length > MAX_TRANSACTION_ITEMS)
    throw refuse(
      `${items.length} bản ghi, tối đa ${MAX_TRANSACTION_ITEMS}`,
      `${items.length} records, at most ${MAX_TRANSACTION_ITEMS}`,
      { items: items.length, maxItems: MAX_TRANSACTION_ITEMS },
    );
  if (largest > MAX_ITEM_BYTES)
    throw refuse(
      `một bản ghi ${kb(largest)} KB, tối đa ${kb(MAX_ITEM_BYTES)} KB`,
      `one record of ${kb(largest)} KB, at most ${kb(MAX_ITEM_BYTES)} KB`,
      { itemBytes: largest, maxItemBytes: MAX_ITEM_BYTES },
    );
  if (total > MAX_TRANSACTION_BYTES)
    throw refuse(
      `${kb(total)} KB, tối đa ${kb(MAX_TRANSACTION_BYTES)} KB`,
      `${kb(total)} KB, at most ${kb(MAX_TRANSACTION_BYTES)} KB`,
      { bytes: total, maxBytes: MAX_TRANSACTION_BYTES },
    );
}

/**
 * All or nothing. A failed condition throws the error of the first failed item; a conflict with another
 * transaction is retried with jittered backoff (the conditions are checked again, so nothing applies twice).
 */
export async function transact(items: readonly TxItem[], attempts = 6): Promise<void> {
  if (items.length === 0) return;
  assertTransactionFits(items);
  for (let attempt = 1; ; attempt++) {
    try {
      await call(() => db.send(new TransactWriteCommand({ TransactItems: items.map((i) => i.item) })));
      return;
    } catch (error) {
      if (
        !(error instanceof TransactionCanceledException) &&
        (error as Error).name !== 'TransactionCanceledException'
      )
        throw error;
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      const failedAt = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
      const decisive = items.findIndex((item, i) => item.decisive === true && failedAt(i));
      const failed = decisive >= 0 ? decisive : reasons.findIndex((_, i) => failedAt(i));
      if (failed >= 0) {
        const onFail = items[failed]?.onConditionFailed;
        throw onFail ? onFail(reasons[failed]?.Item as Record<string, unknown> | undefined) : error;
      }
      const retryable = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (!retryable || attempt >= attempts) {
        if (retryable) throw new StoreUnavailableError('transaction conflict persisted');
        throw error;
      }
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}
