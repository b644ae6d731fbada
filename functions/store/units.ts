// The unit registry (R-TIER-1) and the index results (SPEC §4) in the table.

import { InvalidStateError, NotFoundError, versionConflict } from '#domain/errors.ts';
import {
  applyIndexResultChange,
  INDEX_RESULT_FIELDS,
  type IndexResultChange,
  sameIndexResult,
} from '#domain/index-results.ts';
import type { IndexResult, Tier, Unit } from '#domain/types.ts';
import { type Actor, auditPut } from './audit.ts';
import {
  create,
  getItem,
  getItems,
  type Item,
  mapLimit,
  PARALLEL_CALLS,
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
import { Recent } from './recent.ts';

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
 * A warm container's copy of the unit registry: each unit, and each unit's predecessor links (R-UNIT-2),
 * kept at most REFERENCE_CACHE_SECONDS (store/recent.ts). The registry changes a few times a year (an
 * import, a merger), while every dossier and nomination request walks unit chains; with this copy a warm
 * request reads none of them. Each unit's index results are kept the same way, but served only to the
 * routes that show a dossier or a nomination (UnitDirectory `recentResults`); every other route, and
 * every decision, computes eligibility on the results stored now.
 */
export class RegistryCache {
  readonly units: Recent<UnitRecord>;
  readonly links: Recent<string[]>;
  readonly results: Recent<IndexResultRecord[]>;

  constructor(ttlMs?: number, clock?: () => number) {
    this.units = new Recent(ttlMs, clock);
    this.links = new Recent(ttlMs, clock);
    this.results = new Recent(ttlMs, clock);
  }

  /** A unit read less than the bound ago, or undefined (then read it with `read`). */
  unit(unitId: string): UnitRecord | undefined {
    return this.units.get(unitId);
  }

  read(unitId: string): Promise<UnitRecord | undefined> {
    return this.units.through(unitId, () => getUnit(unitId), true);
  }

  /** The ids of the units merged into `unitId` (R-UNIT-2). */
  async predecessorIds(unitId: string): Promise<string[]> {
    return (await this.links.through(unitId, () => readPredecessorIds(unitId))) ?? [];
  }

  /** A unit's index results of every year: as read less than the bound ago, else read now. */
  indexResults(unitId: string, fresh: boolean): Promise<IndexResultRecord[]> {
    return this.results
      .through(unitId, () => readIndexResults(unitId), fresh)
      .then((results) => results ?? []);
  }

  /** After a write of these units: their copies, and every predecessor link, are read again. */
  forget(unitIds: Iterable<string>) {
    for (const id of unitIds) this.units.forget(id);
    this.links.clear();
  }

  /** After a write of these units' index results: read again on the next request. */
  forgetResults(unitIds: Iterable<string>) {
    for (const id of unitIds) this.results.forget(id);
  }
}

/** This container's registry copy, used by the dossier and nomination routes (access/dossiers.ts). */
export const registryCache = new RegistryCache();

async function readIndexResults(unitId: string): Promise<IndexResultRecord[]> {
  const items = await queryAll({ where: indexResultsByUnit.query({ unitId }) });
  return items.map((i) => strip<IndexResultRecord>(i));
}

async function readPredecessorIds(unitId: string): Promise<string[]> {
  const links = await queryAll({ where: predecessorsOfUnit.query({ unitId }) });
  return links.flatMap((l) => predecessorsOfUnit.sortKeyParts(l)?.predecessorUnitId ?? []).sort();
}

/**
 * Units of one request (and their index results), loaded on demand with their ancestors and memoised,
 * so the pure domain can use a synchronous lookup. The chain is at most a few levels deep (sở → phòng;
 * huyện → xã). With a `cache` (registryCache), units come from the container's copy of the registry,
 * at most its `ttlMs` old; without, each is read from the table once per request. Index results are read
 * as stored now unless `recentResults` (a route that only shows a dossier or a nomination): then from the
 * cache's copy, at most as old.
 */
export class UnitDirectory {
  private readonly units = new Map<string, UnitRecord | null>();

  constructor(
    private readonly cache?: RegistryCache,
    private readonly options: { recentResults?: boolean } = {},
  ) {}

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
        const cached = this.cache?.unit(id);
        if (cached) this.units.set(id, cached);
        else {
          if (!loading) {
            loading = (this.cache ? this.cache.read(id) : getUnit(id)).then(
              (unit) => void this.units.set(id, unit ?? null),
            );
            this.pending.set(id, loading);
          }
          await loading;
        }
      }
      next = this.units.get(id)?.parentUnitId;
    }
  }

  /**
   * Loads many units and their chains with batch reads, one level of parents at a time (a registry
   * import checks thousands of units at once).
   */
  async loadMany(unitIds: Iterable<string>): Promise<void> {
    let level = [...new Set(unitIds)].filter((id) => !this.units.has(id));
    for (let depth = 0; level.length > 0 && depth < 8; depth++) {
      const found = await getUnits(level);
      for (const id of level) this.units.set(id, found.get(id) ?? null);
      level = [
        ...new Set([...found.values()].flatMap((u) => (u.parentUnitId ? [u.parentUnitId] : []))),
      ].filter((id) => !this.units.has(id));
    }
  }

  readonly lookup = (unitId: string): Unit | undefined => this.units.get(unitId) ?? undefined;

  /** A loaded unit and its loaded ancestors, nearest first. */
  chainOf(unitId: string): string[] {
    const chain: string[] = [];
    for (
      let u = this.lookup(unitId);
      u && chain.length < 8;
      u = u.parentUnitId ? this.lookup(u.parentUnitId) : undefined
    )
      chain.push(u.unitId);
    return chain;
  }

  /** The stored record of a loaded unit (with its version). */
  record(unitId: string): UnitRecord | undefined {
    return this.units.get(unitId) ?? undefined;
  }

  /** R-UNIT-2: the units merged into this one (whose successorUnitIds contain it), loaded. */
  predecessorsOf(unitId: string): Promise<UnitRecord[]> {
    let loading = this.predecessors.get(unitId);
    if (!loading) {
      loading = (async () => {
        const ids = this.cache ? await this.cache.predecessorIds(unitId) : await readPredecessorIds(unitId);
        await this.load(...ids);
        return ids.flatMap((id) => this.units.get(id) ?? []);
      })();
      this.predecessors.set(unitId, loading);
    }
    return loading;
  }

  private readonly predecessors = new Map<string, Promise<UnitRecord[]>>();

  private readonly results = new Map<string, Promise<IndexResultRecord[]>>();

  /** All years' index results of these units, each unit read once per request. */
  async indexResultsOf(unitIds: readonly string[]): Promise<IndexResultRecord[]> {
    const results = await Promise.all(
      [...new Set(unitIds)].map((unitId) => {
        let loading = this.results.get(unitId);
        if (!loading) {
          // Through the cache even when fresh: what a route reads now renews the copy the GETs are served.
          loading = this.cache
            ? this.cache.indexResults(unitId, this.options.recentResults !== true)
            : readIndexResults(unitId);
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

/** Many units by id, with consistent batch reads; unknown ids are absent from the map. */
export async function getUnits(unitIds: readonly string[]): Promise<Map<string, UnitRecord>> {
  const items = await getItems(unitIds.map(unitKey));
  return new Map(items.map((i) => strip<UnitRecord>(i)).map((u) => [u.unitId, u]));
}

/** Many stored results, by their entity id (`<year>:<unitId>`), with consistent batch reads. */
export async function getIndexResults(
  of: readonly { year: number; unitId: string }[],
): Promise<Map<string, IndexResultRecord>> {
  const items = await getItems(of.map((r) => indexResultKey(r.unitId, r.year)));
  return new Map(items.map((i) => strip<IndexResultRecord>(i)).map((r) => [indexResultEntityId(r), r]));
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
  registryCache.forget([unit.unitId]);
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
  registryCache.forget([after.unitId]);
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
    const last = batches[batches.length - 1] as TxItem[];
    if (last.length + writes.length > IMPORT_ITEMS_PER_TRANSACTION) batches.push(writes);
    else last.push(...writes);
  }
  try {
    await transactAll(batches.filter((b) => b.length > 0));
  } finally {
    registryCache.forget(changes.map((c) => c.after.unitId));
  }
}

/**
 * Writes more than one transaction holds, as the given transactions, a few at once. Each is all or
 * nothing; the whole is not — imports are capped (csv-import.ts) so that they finish well within their
 * function's timeout, and sending the same file again completes one a store failure interrupted.
 */
async function transactAll(batches: readonly TxItem[][]) {
  await mapLimit(batches, PARALLEL_CALLS, (batch) => transact(batch));
}

/** The audit trail's id of an index result: `<year>:<unitId>`. */
export const indexResultEntityId = (r: { year: number; unitId: string }) => `${r.year}:${r.unitId}`;

/** The stored result is still the one read: each field as read (or absent), or no result when none was. */
function asRead(before: IndexResultRecord | undefined) {
  if (!before) return { condition: 'attribute_not_exists(pk)', names: {}, values: {} };
  const names: Record<string, string> = {};
  const values: Item = {};
  const terms = [...INDEX_RESULT_FIELDS, 'updatedAt' as const].map((field, i) => {
    names[`#f${i}`] = field;
    const value = before[field];
    if (value === undefined) return `attribute_not_exists(#f${i})`;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  return { condition: terms.join(' AND '), names, values };
}

/** One result's change: the new record, written only over the record it was computed from. */
export interface IndexResultChangeRecord {
  before: IndexResultRecord | undefined;
  after: IndexResultRecord;
}

/** The change and the record it leaves, unless it leaves the stored result as it was (PUT and import). */
export function indexResultChangeOf(
  before: IndexResultRecord | undefined,
  of: { year: number; unitId: string },
  change: IndexResultChange,
  now: Date,
): IndexResultChangeRecord | undefined {
  const next = applyIndexResultChange(before, of, change);
  if (sameIndexResult(before, next)) return undefined;
  return { before, after: { ...next, updatedAt: now.toISOString() } };
}

const indexResultWrites = ({ before, after }: IndexResultChangeRecord, actor: Actor, now: Date) => {
  const { condition, names, values } = asRead(before);
  return [
    put(indexResultItem(after), condition, { names, values }, versionConflict),
    auditPut(actor, now, {
      entityId: indexResultEntityId(after),
      entityType: 'index_result',
      action: before ? 'update' : 'create',
      unitId: after.unitId,
      before: before ?? null,
      after,
    }),
  ];
};

/** A result and its audit record: 2 items, so 45 results fit in one transaction of ≤ 100 items. */
const RESULTS_PER_TRANSACTION = 45;

/**
 * Index results written with their audit records, each over the record its change was computed from (a
 * change computed from a result someone replaced meanwhile is 412, never a silent overwrite).
 */
export async function saveIndexResults(changes: readonly IndexResultChangeRecord[], actor: Actor, now: Date) {
  const writes = changes.flatMap((change) => indexResultWrites(change, actor, now));
  const size = 2 * RESULTS_PER_TRANSACTION;
  try {
    await transactAll(
      Array.from({ length: Math.ceil(writes.length / size) }, (_, i) =>
        writes.slice(i * size, (i + 1) * size),
      ),
    );
  } finally {
    // Even after a failure half-way: some transactions may have landed.
    registryCache.forgetResults(changes.map((c) => c.after.unitId));
  }
}
