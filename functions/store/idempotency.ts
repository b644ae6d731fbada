// Idempotency-Key on creating POSTs (SPEC §8): the same key and body give the same result and create
// nothing twice. The record is written in the SAME transaction as the creation, so a crash between the
// two cannot leave an object without its record; a concurrent twin loses on the record's condition and
// answers with the winner's stored response.

import { createHash } from 'node:crypto';
import { type DomainError, IdempotencyKeyReusedError, ValidationError } from '#domain/errors.ts';
import type { Lang } from '#domain/types.ts';
import type { HttpResult, Reply } from '../http/handler.ts';
import type { RouteDef } from '../http/route.ts';
import { create, getItem, transact, type TxItem } from './db.ts';
import { idempotencyKey } from './keys.ts';

const TTL_SECONDS = 24 * 60 * 60;

interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: string;
}

export interface IdempotencyScope {
  /** The record to add to the creating transaction; `body` is what the route answers. */
  record(status: number, body: unknown): TxItem;
  /** Writes the record on its own when the implementation did not include it in a transaction. */
  complete(reply: Reply): Promise<void>;
}

/** Thrown when a concurrent request with the same key committed first. */
export class IdempotencyRace extends Error {
  override readonly name = 'IdempotencyRace';
  constructor(
    readonly subject: string,
    readonly key: string,
    readonly requestHash: string,
  ) {
    super('idempotent request already completed');
  }
}

/** The request a key stands for: the route, its path parameters (which dossier) and the body. */
const hashOf = (route: RouteDef, params: unknown, body: unknown) =>
  createHash('sha256')
    .update(
      `${route.method} ${route.path}\n${JSON.stringify(params ?? null)}\n${JSON.stringify(body ?? null)}`,
    )
    .digest('base64url');

const keyReused = () =>
  new IdempotencyKeyReusedError({
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.',
    en: 'This Idempotency-Key was used for a different request; use a new key.',
  });

const replayOf = (stored: StoredResponse): HttpResult => ({
  statusCode: stored.statusCode,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'idempotent-replayed': 'true',
    'cache-control': 'no-store',
  },
  body: stored.body,
});

/**
 * The answer to a request that lost the race to its twin: the twin's stored answer when both sent the same
 * request, a 422 when the same key came with another request.
 */
export async function settleRace(race: IdempotencyRace): Promise<HttpResult | DomainError | undefined> {
  const stored = await getItem<StoredResponse>(idempotencyKey(race.subject, race.key));
  if (!stored) return undefined;
  return stored.requestHash === race.requestHash ? replayOf(stored) : keyReused();
}

export async function beginIdempotency(args: {
  subject: string;
  key: string;
  route: RouteDef;
  /** Path parameters: the same key and body sent to another dossier is another request. */
  params: unknown;
  body: unknown;
  lang: Lang;
  now: Date;
}): Promise<{ replay: HttpResult; scope?: undefined } | { replay?: undefined; scope: IdempotencyScope }> {
  if (!/^[\x21-\x7e]{1,200}$/.test(args.key)) {
    throw new ValidationError({ vi: 'Idempotency-Key không hợp lệ.', en: 'Invalid Idempotency-Key.' }, [
      {
        path: 'headers.idempotency-key',
        message: { vi: '1–200 ký tự ASCII in được', en: '1–200 printable ASCII characters' },
      },
    ]);
  }
  const requestHash = hashOf(args.route, args.params, args.body);
  const key = idempotencyKey(args.subject, args.key);
  const stored = await getItem<StoredResponse>(key);
  if (stored) {
    if (stored.requestHash !== requestHash) throw keyReused();
    return { replay: replayOf(stored) };
  }
  let recorded = false;
  const record = (status: number, body: unknown): TxItem => {
    recorded = true;
    const item = create(
      {
        ...key,
        requestHash,
        statusCode: status,
        body: JSON.stringify(body),
        expiresAt: Math.floor(args.now.getTime() / 1000) + TTL_SECONDS,
      },
      () => new IdempotencyRace(args.subject, args.key, requestHash),
    );
    return { ...item, decisive: true };
  };
  return {
    scope: {
      record,
      complete: async (reply) => {
        if (recorded) return;
        await transact([record(reply.status ?? args.route.successStatus ?? 200, reply.body)]);
      },
    },
  };
}
