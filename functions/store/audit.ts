// The audit trail (SPEC §6): every state change writes one record in the same transaction as the change.
// Records are only ever created (attribute_not_exists); the API has no route that updates or deletes one.

import { randomUUID } from 'node:crypto';
import { create, type Item, putVersioned, queryPage, strip, type TxItem } from './db.ts';
import { auditByEntity, auditKey } from './keys.ts';

export interface AuditRecord {
  auditId: string;
  entityId: string;
  entityType:
    | 'unit'
    | 'index_result'
    | 'round'
    | 'dossier'
    | 'nomination'
    | 'document'
    | 'award'
    | 'movement_report';
  action: string;
  actor: string;
  role: string;
  /** The unit whose data this is: scopes who may read the record. */
  unitId?: string | undefined;
  at: string;
  before: unknown;
  after: unknown;
  reason?: string | undefined;
}

/** Who made a change, as the audit trail records it: a user (token subject and role) or the system. */
export interface Actor {
  sub: string;
  role: string;
}

export const SYSTEM_ACTOR: Actor = { sub: 'system:sweep', role: 'system' };

export function auditPut(
  actor: Actor,
  at: Date,
  entry: Omit<AuditRecord, 'auditId' | 'actor' | 'role' | 'at'>,
): TxItem {
  const auditId = randomUUID();
  const iso = at.toISOString();
  const record: AuditRecord = { auditId, actor: actor.sub, role: actor.role, at: iso, ...entry };
  return create({ ...auditKey(entry.entityId, iso, auditId), entity: 'audit', ...record });
}

/**
 * A record replaced at the version it was read, and the audit record of that change: the pair every
 * versioned state change writes (SPEC §6). `onConflict` is the error when the version moved meanwhile.
 */
export function auditedReplace(
  item: Item,
  expectedVersion: number,
  onConflict: () => Error,
  audit: { actor: Actor; now: Date } & Omit<AuditRecord, 'auditId' | 'actor' | 'role' | 'at'>,
): TxItem[] {
  const { actor, now, ...entry } = audit;
  return [putVersioned(item, expectedVersion, onConflict), auditPut(actor, now, entry)];
}

export async function listAudit(entityId: string, limit: number, nextToken: string | undefined) {
  const page = await queryPage({ where: auditByEntity.query({ entityId }), limit, nextToken });
  return { items: page.items.map((i: Item) => strip<AuditRecord>(i)), nextToken: page.nextToken };
}
