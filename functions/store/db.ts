// Thin helpers over the DynamoDB document client: consistent reads, paginated queries with opaque
// tokens, and transactions whose failed conditions become named domain errors. Network failures of the
// store become StoreUnavailableError (503), never a 500 with internals.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  type GetCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { PayloadTooLargeError, ValidationError } from '#domain/errors.ts';
import { db } from '../clients/dynamodb.ts';
import { TABLE_NAME } from '../config.ts';
import { KEY_ATTRIBUTES, type Key, type KeyCondition } from './keys.ts';
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

/** What every versioned record carries (SPEC §8: `version`, `createdAt`, `updatedAt`; §6: If-Match). */
export interface Stamps {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export async function getItem<T = Item>(key: Key, consistent = true): Promise<T | undefined> {
  const input: GetCommandInput = { TableName: TABLE_NAME, Key: key, ConsistentRead: consistent };
  const out = await call(() => db.send(new GetCommand(input)));
  return out.Item as T | undefined;
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

const INVALID_TOKEN = new ValidationError({ vi: 'nextToken không hợp lệ.', en: 'Invalid nextToken.' }, [
  { path: 'query.nextToken', message: { vi: 'không hợp lệ', en: 'invalid' } },
]);

export function encodeToken(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/**
 * The start key a token stands for. A token only resumes the query it came from: same partition, and
 * exactly the key attributes of that table or index (DynamoDB answers a ValidationException, a 500, for a
 * start key of any other shape), each a string within DynamoDB's key sizes.
 */
export function decodeToken(
  token: string | undefined,
  partition: { name: string; value: string },
  keyNames: readonly string[] = [],
): Item | undefined {
  if (token === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw INVALID_TOKEN;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    (parsed as Item)[partition.name] !== partition.value ||
    Object.values(parsed).some((v) => typeof v !== 'string' || Buffer.byteLength(v, 'utf8') > 1024) ||
    Object.keys(parsed).length > 6 ||
    (keyNames.length > 0 &&
      (Object.keys(parsed).length !== keyNames.length ||
        keyNames.some((k) => !Object.hasOwn(parsed as Item, k))))
  ) {
    throw INVALID_TOKEN;
  }
  return parsed as Item;
}

export interface QueryArgs {
  /** Which partition, and which sort keys in it: built by an access pattern of keys.ts. */
  where: KeyCondition;
  limit?: number;
  nextToken?: string | undefined;
  newestFirst?: boolean;
  consistent?: boolean;
  filter?: Pick<
    QueryCommandInput,
    'FilterExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'
  >;
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
export const startKeyAfter = (item: Item, where: KeyCondition): Item =>
  Object.fromEntries(startKeyNamesOf(where).map((name) => [name, item[name]]));

export async function queryPage(args: QueryArgs): Promise<Page<Item>> {
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
    ExclusiveStartKey: decodeToken(args.nextToken, { name: pkName, value: where.pk }, startKeyNamesOf(where)),
    ...(args.filter?.FilterExpression ? { FilterExpression: args.filter.FilterExpression } : {}),
  };
  const out = await call(() => db.send(new QueryCommand(input))).catch((error: unknown) => {
    // Whatever else DynamoDB finds wrong with a client's start key is still the client's bad token.
    if (input.ExclusiveStartKey && (error as Error).name === 'ValidationException') throw INVALID_TOKEN;
    throw error;
  });
  const token = encodeToken(out.LastEvaluatedKey);
  return { items: out.Items ?? [], ...(token ? { nextToken: token } : {}) };
}

/** Every item of a query, following pages (for bounded sets: a dossier, a round's nominations). */
export async function queryAll(args: Omit<QueryArgs, 'limit' | 'nextToken'>): Promise<Item[]> {
  const items: Item[] = [];
  let nextToken: string | undefined;
  do {
    const page = await queryPage({ ...args, nextToken });
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
