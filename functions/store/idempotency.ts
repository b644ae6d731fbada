// Idempotency-Key on creating POSTs (SPEC §8): the same key and body give the same result and create
// nothing twice. The record is written in the SAME transaction as the creation, so a crash between the
// two cannot leave an object without its record; a concurrent twin loses on the record's condition and
// answers with the winner's stored response.

import { createHash } from 'node:crypto';
import { type DomainError, IdempotencyKeyReusedError } from '#domain/errors.ts';
import { create, getItem, transact, type TxItem } from './db.ts';
import { idempotencyKey } from './keys.ts';

const TTL_SECONDS = 24 * 60 * 60;

/** The answer a key stands for, as first given; the HTTP layer replays it. */
export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: string;
}

export interface IdempotencyScope {
  /** The record to add to the creating transaction; `body` is what the route answers. */
  record(status: number, body: unknown): TxItem;
  /** Writes the record on its own when the implementation did not include it in a transaction. */
  complete(status: number, body: unknown): Promise<void>;
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

/** The request a key stands for: the operation, its path parameters (which dossier) and the body. */
const hashOf = (operation: string, params: unknown, body: unknown) =>
  createHash('sha256')
    .update(`${operation}\n${JSON.stringify(params ?? null)}\n${JSON.stringify(body ?? null)}`)
    .digest('base64url');

const keyReused = () =>
  new IdempotencyKeyReusedError({
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.',
    en: 'This Idempotency-Key was used for a different request; use a new key.',
  });

/**
 * The answer to a request that lost the race to its twin: the twin's stored answer when both sent the same
 * request, a 422 when the same key came with another request.
 */
export async function settleRace(race: IdempotencyRace): Promise<StoredResponse | DomainError | undefined> {
  const stored = await getItem<StoredResponse>(idempotencyKey(race.subject, race.key));
  if (!stored) return undefined;
  return stored.requestHash === race.requestHash ? stored : keyReused();
}

/**
 * Starts an idempotent request: the stored answer when the same key came before with the same request
 * (a replay), a 422 when it came with another, else a scope whose record the creation writes.
 */
export async function beginIdempotency(args: {
  /** Who sent the key: keys are per caller. */
  subject: string;
  key: string;
  /** The operation, e.g. `POST /dossiers/{dossierId}/nominations`. */
  operation: string;
  /** Path parameters: the same key and body sent to another dossier is another request. */
  params: unknown;
  body: unknown;
  now: Date;
}): Promise<{ replay: StoredResponse; scope?: undefined } | { replay?: undefined; scope: IdempotencyScope }> {
  const requestHash = hashOf(args.operation, args.params, args.body);
  const key = idempotencyKey(args.subject, args.key);
  const stored = await getItem<StoredResponse>(key);
  if (stored) {
    if (stored.requestHash !== requestHash) throw keyReused();
    return { replay: stored };
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
      complete: async (status, body) => {
        if (recorded) return;
        await transact([record(status, body)]);
      },
    },
  };
}
