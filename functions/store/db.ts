// Thin helpers over the DynamoDB document client: consistent reads, paginated queries with opaque
// tokens, and transactions whose failed conditions become named domain errors. Network failures of the
// store become StoreUnavailableError (503), never a 500 with internals.

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
import { ValidationError } from '#domain/errors.ts';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const chunks: Key[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) chunks.push(keys.slice(i, i + BATCH_GET_KEYS));
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
  onConditionFailed?: () => Error;
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

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * All or nothing. A failed condition throws the error of the first failed item; a conflict with another
 * transaction is retried with jittered backoff (the conditions are checked again, so nothing applies twice).
 */
export async function transact(items: readonly TxItem[], attempts = 6): Promise<void> {
  if (items.length === 0) return;
  if (items.length > MAX_TRANSACTION_ITEMS) throw new Error(`transaction of ${items.length} items`);
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
        throw onFail ? onFail() : error;
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
