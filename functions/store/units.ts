// The unit registry (R-TIER-1) and the index results (SPEC §4) in the table.

import { InvalidStateError, NotFoundError, versionConflict } from '#domain/errors.ts';
import type { IndexResult, Tier, Unit } from '#domain/types.ts';
import { type Actor, auditPut } from './audit.ts';
import {
  create,
  getItem,
  type Item,
  type Stamps,
  put,
  putVersioned,
  queryAll,
  queryPage,
  remove,
  strip,
  transact,
  type TxItem,
} from './db.ts';
import {
  indexResultKey,
  indexResultsByUnit,
  indexResultsByYear,
  predecessorsOfUnit,
  unitKey,
  unitsByParent,
  unitsByTier,
} from './keys.ts';

export interface UnitRecord extends Unit, Stamps {}

export interface IndexResultRecord extends IndexResult {
  updatedAt: string;
}

export const unitItem = (u: UnitRecord): Item => ({
  ...unitKey(u.unitId),
  ...unitsByTier.keys(u),
  ...(u.parentUnitId ? unitsByParent.keys({ parentUnitId: u.parentUnitId, unitId: u.unitId }) : {}),
  entity: 'unit',
  ...u,
});

/** R-UNIT-2: a predecessor link of each successor, so a successor finds the units merged into it. */
const predecessorLink = (predecessorUnitId: string, successorUnitId: string): Item => ({
  ...predecessorsOfUnit.keys({ unitId: successorUnitId, predecessorUnitId }),
  entity: 'unit_predecessor',
  unitId: successorUnitId,
  predecessorUnitId,
});

/** The link writes that follow a unit's successorUnitIds from `before` to `after`. */
function linkWrites(before: Unit | undefined, after: Unit): TxItem[] {
  const was = new Set(before?.successorUnitIds ?? []);
  const is = new Set(after.successorUnitIds ?? []);
  return [
    ...[...is].filter((id) => !was.has(id)).map((id) => put(predecessorLink(after.unitId, id))),
    ...[...was]
      .filter((id) => !is.has(id))
      .map((id) => remove(predecessorsOfUnit.keys({ unitId: id, predecessorUnitId: after.unitId }))),
  ];
}

export const indexResultItem = (r: IndexResultRecord): Item => ({
  ...indexResultKey(r.unitId, r.year),
  ...indexResultsByYear.keys(r),
  entity: 'index_result',
  ...r,
});

export const unitNotFound = (unitId: string) =>
  new NotFoundError({ vi: `Không tìm thấy đơn vị ${unitId}.`, en: `Unit ${unitId} not found.` });

export async function getUnit(unitId: string): Promise<UnitRecord | undefined> {
  const item = await getItem(unitKey(unitId));
  return item ? strip<UnitRecord>(item) : undefined;
}

export async function listUnits(args: {
  tier?: Tier | undefined;
  parentUnitId?: string | undefined;
  limit: number;
  nextToken?: string | undefined;
}) {
  const page = args.parentUnitId
    ? await queryPage({
        where: unitsByParent.query({ parentUnitId: args.parentUnitId }),
        limit: args.limit,
        nextToken: args.nextToken,
      })
    : await queryPage({
        where: unitsByTier.query({ tier: args.tier }),
        limit: args.limit,
        nextToken: args.nextToken,
      });
  let items = page.items.map((i) => strip<UnitRecord>(i));
  if (args.parentUnitId && args.tier) items = items.filter((u) => u.tier === args.tier);
  return { items, nextToken: page.nextToken };
}

/**
 * Units of one request (and their index results), loaded on demand with their ancestors and memoised,
 * so the pure domain can use a synchronous lookup. The chain is at most a few levels deep (sở → phòng;
 * huyện → xã).
 */
export class UnitDirectory {
  private readonly units = new Map<string, UnitRecord | null>();

  /** Loads the chains of several units side by side; each chain is walked upwards one level at a time. */
  async load(...unitIds: readonly string[]): Promise<void> {
    await Promise.all(unitIds.map((id) => this.loadChain(id)));
  }

  private readonly pending = new Map<string, Promise<void>>();

  private async loadChain(unitId: string): Promise<void> {
    let next: string | undefined = unitId;
    for (let depth = 0; next !== undefined && depth < 8; depth++) {
      const id: string = next;
      if (!this.units.has(id)) {
        let loading = this.pending.get(id);
        if (!loading) {
          loading = getUnit(id).then((unit) => void this.units.set(id, unit ?? null));
          this.pending.set(id, loading);
        }
        await loading;
      }
      next = this.units.get(id)?.parentUnitId;
    }
  }

  readonly lookup = (unitId: string): Unit | undefined => this.units.get(unitId) ?? undefined;

  /** R-UNIT-2: the units merged into this one (whose successorUnitIds contain it), loaded. */
  async predecessorsOf(unitId: string): Promise<UnitRecord[]> {
    const links = await queryAll({ where: predecessorsOfUnit.query({ unitId }) });
    const ids = links.flatMap((l) => predecessorsOfUnit.sortKeyParts(l)?.predecessorUnitId ?? []).sort();
    await this.load(...ids);
    return ids.flatMap((id) => this.units.get(id) ?? []);
  }

  private readonly results = new Map<string, Promise<IndexResultRecord[]>>();

  /** All years' index results of these units, each unit read once per request. */
  async indexResultsOf(unitIds: readonly string[]): Promise<IndexResultRecord[]> {
    const results = await Promise.all(
      [...new Set(unitIds)].map((unitId) => {
        let loading = this.results.get(unitId);
        if (!loading) {
          loading = queryAll({ where: indexResultsByUnit.query({ unitId }) }).then((items) =>
            items.map((i) => strip<IndexResultRecord>(i)),
          );
          this.results.set(unitId, loading);
        }
        return loading;
      }),
    );
    return results.flat();
  }

  async require(unitId: string): Promise<UnitRecord> {
    await this.load(unitId);
    const unit = this.units.get(unitId);
    if (!unit) throw unitNotFound(unitId);
    return unit;
  }
}

export async function getIndexResult(year: number, unitId: string) {
  const item = await getItem(indexResultKey(unitId, year));
  return item ? strip<IndexResultRecord>(item) : undefined;
}

export async function listIndexResults(year: number, limit: number, nextToken: string | undefined) {
  const page = await queryPage({ where: indexResultsByYear.query({ year }), limit, nextToken });
  return { items: page.items.map((i) => strip<IndexResultRecord>(i)), nextToken: page.nextToken };
}

// ---- Writes: each change with its audit record ----

const unitAudit = (actor: Actor, now: Date, action: string, before: UnitRecord | null, after: UnitRecord) =>
  auditPut(actor, now, {
    entityId: after.unitId,
    entityType: 'unit',
    action,
    unitId: after.unitId,
    before,
    after,
  });

/** A new unit (409 when the id is taken), with its audit record and the Idempotency-Key's record. */
export async function createUnitRecord(unit: UnitRecord, actor: Actor, now: Date, idempotency?: TxItem) {
  const taken = () =>
    new InvalidStateError({
      vi: `Mã đơn vị ${unit.unitId} đã tồn tại.`,
      en: `Unit id ${unit.unitId} already exists.`,
    });
  await transact([
    create(unitItem(unit), taken),
    ...linkWrites(undefined, unit),
    unitAudit(actor, now, 'create', null, unit),
    ...(idempotency ? [idempotency] : []),
  ]);
}

/** An edit of a unit at the version the caller read (412 otherwise). */
export async function saveUnitEdit(
  before: UnitRecord,
  after: UnitRecord,
  expectedVersion: number,
  actor: Actor,
  now: Date,
) {
  await transact([
    putVersioned(unitItem(after), expectedVersion, versionConflict),
    ...linkWrites(before, after),
    unitAudit(actor, now, 'update', before, after),
  ]);
}

/** Items of one import transaction (DynamoDB takes at most 100). */
const IMPORT_ITEMS_PER_TRANSACTION = 90;

/**
 * The changes of a registry import: units created, or replaced at the version read, each with its audit
 * record and predecessor links (R-UNIT-2) in the same transaction; a unit's writes are never split.
 */
export async function saveUnitImport(
  changes: readonly { before: UnitRecord | undefined; after: UnitRecord }[],
  actor: Actor,
  now: Date,
): Promise<void> {
  const batches: TxItem[][] = [[]];
  for (const { before, after } of changes) {
    const writes = [
      before
        ? putVersioned(unitItem(after), before.version, versionConflict)
        : create(unitItem(after), versionConflict),
      ...linkWrites(before, after),
      unitAudit(actor, now, before ? 'import_update' : 'import_create', before ?? null, after),
    ];
    const last = batches[batches.length - 1]!;
    if (last.length + writes.length > IMPORT_ITEMS_PER_TRANSACTION) batches.push(writes);
    else last.push(...writes);
  }
  for (const batch of batches) if (batch.length > 0) await transact(batch);
}

/** The audit trail's id of an index result: `<year>:<unitId>`. */
export const indexResultEntityId = (r: { year: number; unitId: string }) => `${r.year}:${r.unitId}`;

const indexResultWrites = (
  record: IndexResultRecord,
  before: IndexResultRecord | undefined,
  actor: Actor,
  now: Date,
) => [
  put(indexResultItem(record)),
  auditPut(actor, now, {
    entityId: indexResultEntityId(record),
    entityType: 'index_result',
    action: before ? 'update' : 'create',
    unitId: record.unitId,
    before: before ?? null,
    after: record,
  }),
];

/** A result and its audit record: 2 items, so 45 results fit in one transaction of ≤ 100 items. */
const RESULTS_PER_TRANSACTION = 45;

/** Index results written with their audit records (each records what it replaced). */
export async function saveIndexResults(records: readonly IndexResultRecord[], actor: Actor, now: Date) {
  for (let i = 0; i < records.length; i += RESULTS_PER_TRANSACTION) {
    const batch = records.slice(i, i + RESULTS_PER_TRANSACTION);
    const items: TxItem[] = [];
    for (const r of batch)
      items.push(...indexResultWrites(r, await getIndexResult(r.year, r.unitId), actor, now));
    await transact(items);
  }
}
