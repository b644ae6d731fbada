// The audit trail (SPEC §6): every state change writes one record in the same transaction as the change,
// with what changed (the fields that differ, before and after). Records are only ever created
// (attribute_not_exists); the API has no route that updates or deletes one.

import type { StoredText } from '#domain/texts.ts';
import { randomUUID } from 'node:crypto';
import { create, type Item, putVersioned, queryPage, strip, type TxItem } from './db.ts';
import { auditByEntity, auditKey } from './keys.ts';

export interface AuditRecord {
  auditId: string;
  entityId: string;
  entityType:
    | 'unit'
    | 'campaign'
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
  /** The changed fields as they were (null for a creation; the whole record for a deletion). */
  before: unknown;
  /** The changed fields as they are now (the whole record for a creation; null for a deletion). */
  after: unknown;
  /** Typed by a person (a string), or written by the system as a code or in both languages (R-I18N-1). */
  reason?: StoredText | undefined;
}

/** Who made a change, as the audit trail records it: a user (token subject and role) or the system. */
export interface Actor {
  sub: string;
  role: string;
}

export const SYSTEM_ACTOR: Actor = { sub: 'system:sweep', role: 'system' };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of stored values (JSON-like: records, arrays, strings, numbers, booleans, null). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, i) => same(value, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!same(a[key], b[key])) return false;
  return true;
}

/**
 * What an audit record keeps of a change (R-DOS-5: limits count bytes as well as items): of two versions of
 * a record, only the fields that differ, `before` with their old values and `after` with their new ones; a
 * field added appears only in `after`, one removed only in `before`. A creation keeps the whole new record
 * and a deletion the whole old one. Two whole copies of a nomination at its maximal size would double what
 * every transaction moving 32 of them writes, and past 4 MB DynamoDB refuses it; what changed is also what
 * a reader of the trail looks for.
 */
export function changedFields(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (!isRecord(before) || !isRecord(after)) return { before, after };
  const was: Record<string, unknown> = {};
  const is: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    if (before[key] !== undefined) was[key] = before[key];
    if (after[key] !== undefined) is[key] = after[key];
  }
  return { before: was, after: is };
}

export function auditPut(
  actor: Actor,
  at: Date,
  entry: Omit<AuditRecord, 'auditId' | 'actor' | 'role' | 'at'>,
): TxItem {
  const auditId = randomUUID();
  const iso = at.toISOString();
  const record: AuditRecord = {
    auditId,
    actor: actor.sub,
    role: actor.role,
    at: iso,
    ...entry,
    ...changedFields(entry.before, entry.after),
  };
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
