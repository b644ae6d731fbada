// The quota cells of a round in the store, one item each (keys.ts: awarded counter). A cell holds
// - `count`: the awards granted, a conditional counter (R-QUOTA-2(b)) — its write and its read side by side;
// - `pending`: the recommendations of the cell no appraisal report has carried yet (R-APP-1: revisable);
// - `sent`: the recommendations a sent report carried (final; the Chairman grants only these, R-AWD-1);
// - `revision`: moved by every change of `pending`, so a report sent meanwhile notices it.
// Each appraisal that recommends, or revises a recommendation, changes its cell in its own transaction, so
// the lists are as consistent as the nominations (the round's nomination index may lag). Both lists are
// bounded (a cell's quota, and MAX_PENDING), so an item stays far below DynamoDB's 400 KB.
// And the one transaction that records a grant.

import type { AwardDecision } from '#domain/awards.ts';
import { quotaCellFullError } from '#domain/awards.ts';
import { type CellList, emptyLists, type RoundLists } from '#domain/appraisal.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { cellLabel } from '#domain/labels.ts';
import { type CellCount, type Counts, emptyCounts, MAX_QUOTA } from '#domain/quota.ts';
import type { NomineeType, Quotas, Tier } from '#domain/types.ts';
import { NOMINEE_TYPES, TIERS } from '#domain/types.ts';
import { type Actor, auditPut } from './audit.ts';
import { check, MAX_TRANSACTION_ITEMS, putVersioned, queryAll, transact, type TxItem, update } from './db.ts';
import { type NominationRecord, nominationItem } from './dossiers.ts';
import { awardedByRound, awardedCellOf, awardedCounterKey } from './keys.ts';
import { roundIsOpen } from './rounds.ts';

/** R-APP-1: recommendations a cell may hold pending a report (beside at most MAX_QUOTA sent ones). */
export const MAX_PENDING = MAX_QUOTA;

type PerCell<T> = Record<Tier, Record<NomineeType, T>>;

/** What a round's cells hold: the awards, the recommended lists, and the revision each list was read at. */
export interface RoundCells {
  awarded: Counts;
  lists: RoundLists;
  /** Per cell, the revision of its pending list (undefined: never changed). */
  revisions: PerCell<number | undefined>;
}

const ids = (value: unknown): string[] => (value instanceof Set ? [...value].map(String) : []);

/** A round's cells in one consistent query of its partition. */
export async function roundCells(roundId: string): Promise<RoundCells> {
  const items = await queryAll({ where: awardedByRound.query({ roundId }) });
  const awarded = emptyCounts();
  const lists = emptyLists();
  const revisions = Object.fromEntries(
    TIERS.map((t) => [t, Object.fromEntries(NOMINEE_TYPES.map((n) => [n, undefined]))]),
  ) as PerCell<number | undefined>;
  for (const item of items) {
    const cell = awardedCellOf(item);
    if (!cell) continue;
    awarded[cell.tier][cell.nomineeType] = Number(item.count ?? 0);
    lists[cell.tier][cell.nomineeType] = {
      pending: ids(item.pending),
      sent: ids(item.sent),
    } satisfies CellList;
    revisions[cell.tier][cell.nomineeType] = item.revision === undefined ? undefined : Number(item.revision);
  }
  return { awarded, lists, revisions };
}

/** Awards granted so far in each cell of a round (a consistent query of the round's cells). */
export async function awardedCounts(roundId: string): Promise<Counts> {
  return (await roundCells(roundId)).awarded;
}

/** The attributes that say which cell an item is, set by whichever write creates it. */
const cellIdentity = (roundId: string, tier: Tier, nomineeType: NomineeType, now: Date) => ({
  set: '#entity = :entity, #round = :round, #tier = :tier, #type = :type, #at = :now',
  names: {
    '#entity': 'entity',
    '#round': 'roundId',
    '#tier': 'tier',
    '#type': 'nomineeType',
    '#at': 'updatedAt',
  },
  values: {
    ':entity': 'counter',
    ':round': roundId,
    ':tier': tier,
    ':type': nomineeType,
    ':now': now.toISOString(),
  },
});

const tooManyPending = (tier: Tier, nomineeType: NomineeType) => () => {
  const label = cellLabel(tier, nomineeType);
  return new InvalidStateError(
    {
      vi: `Nhóm ${label.vi} đã có ${MAX_PENDING} đề xuất chưa trình; hãy xem lại các đề xuất hoặc trình báo cáo thẩm định trước.`,
      en: `The ${label.en} cell already holds ${MAX_PENDING} recommendations not yet reported; revise some or send the appraisal report first.`,
    },
    [],
    { tier, nomineeType, max: MAX_PENDING },
  );
};

/**
 * R-APP-1: a nomination recommended (first, or revised from a rejection) joins its cell's pending list; one
 * revised away from a recommendation leaves it. Either way the list's revision moves.
 */
export function pendingListChange(
  change: 'add' | 'remove',
  cell: { roundId: string; tier: Tier; nomineeType: NomineeType },
  nominationIds: readonly string[],
  now: Date,
): TxItem {
  const key = awardedCounterKey(cell.roundId, cell.tier, cell.nomineeType);
  const identity = cellIdentity(cell.roundId, cell.tier, cell.nomineeType, now);
  const names = { ...identity.names, '#pending': 'pending', '#rev': 'revision' };
  const values = { ...identity.values, ':ids': new Set(nominationIds), ':one': 1 };
  if (change === 'remove') {
    return update(key, `SET ${identity.set} ADD #rev :one DELETE #pending :ids`, { names, values });
  }
  return update(
    key,
    `SET ${identity.set} ADD #rev :one, #pending :ids`,
    {
      names,
      values: { ...values, ':max': MAX_PENDING - nominationIds.length + 1 },
      condition: 'attribute_not_exists(#pending) OR size(#pending) < :max',
    },
    tooManyPending(cell.tier, cell.nomineeType),
  );
}

/**
 * The appraisal report's write of one cell: its pending list, as read, joins its sent list — only if the
 * list is still at the revision read (else `onMoved`: an appraisal changed it meanwhile). A cell with
 * nothing pending is only checked, so that no recommendation slips in unseen.
 */
export function sendCellList(
  roundId: string,
  cell: { tier: Tier; nomineeType: NomineeType },
  read: { pending: readonly string[]; revision: number | undefined },
  now: Date,
  onMoved: () => Error,
): TxItem {
  const key = awardedCounterKey(roundId, cell.tier, cell.nomineeType);
  const unchanged = read.revision === undefined ? 'attribute_not_exists(#rev)' : '#rev = :rev';
  const revValues = read.revision === undefined ? {} : { ':rev': read.revision };
  if (read.pending.length === 0) {
    return check(key, unchanged, { names: { '#rev': 'revision' }, values: revValues }, onMoved);
  }
  const identity = cellIdentity(roundId, cell.tier, cell.nomineeType, now);
  return update(
    key,
    `SET ${identity.set} ADD #sent :ids REMOVE #pending`,
    {
      condition: unchanged,
      names: { ...identity.names, '#sent': 'sent', '#pending': 'pending', '#rev': 'revision' },
      values: { ...identity.values, ...revValues, ':ids': new Set(read.pending) },
    },
    onMoved,
  );
}

/** The ids of a string set as an item returned on a failed condition holds it (raw or unmarshalled). */
const rawIds = (value: unknown): string[] =>
  value instanceof Set
    ? [...value].map(String)
    : Array.isArray((value as { SS?: unknown } | undefined)?.SS)
      ? ((value as { SS: unknown[] }).SS.map(String) as string[])
      : [];

const notOnSentList = (missing: readonly string[]) =>
  new InvalidStateError(
    {
      vi: 'Chỉ khen thưởng được các đề nghị có trong báo cáo thẩm định đã trình; không khen thưởng đề nghị nào.',
      en: 'Only nominations recommended in the sent appraisal report can be granted; nothing was granted.',
    },
    missing.map((id) => ({
      path: id,
      message: { vi: 'không có trong báo cáo thẩm định đã trình', en: 'not in the sent appraisal report' },
    })),
  );

/**
 * R-QUOTA-2(b): ADD the cell's new awards to its counter only while the counter (absent = 0) is at most
 * quota − n. DynamoDB evaluates the condition and applies the ADD atomically, inside the transaction: no
 * read of ours is trusted, so no interleaving of requests can push a cell over its quota. R-AWD-1: the
 * same condition requires every granted nomination of the cell on its sent list. Which of the two failed is
 * told from the cell as it was (a sent list only grows, so normally it is the quota).
 */
function counterUpdate(
  roundId: string,
  cell: CellCount,
  quota: number,
  nominationIds: readonly string[],
  now: Date,
): TxItem {
  const max = quota - cell.count;
  const full = () => quotaCellFullError({ ...cell, quota, requested: cell.count });
  if (max < 0) throw full();
  const identity = cellIdentity(roundId, cell.tier, cell.nomineeType, now);
  const members = nominationIds.map((_, i) => `contains(#sent, :n${i})`);
  const write = update(
    awardedCounterKey(roundId, cell.tier, cell.nomineeType),
    `SET ${identity.set} ADD #c :n`,
    {
      condition: ['(attribute_not_exists(#c) OR #c <= :max)', ...members].join(' AND '),
      names: { ...identity.names, '#c': 'count', '#sent': 'sent' },
      values: {
        ...identity.values,
        ':n': cell.count,
        ':max': max,
        ...Object.fromEntries(nominationIds.map((id, i) => [`:n${i}`, id])),
      },
    },
  );
  return {
    item: {
      Update: { ...write.item.Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
    } as TxItem['item'],
    onConditionFailed: (old) => {
      const sent = new Set(rawIds(old?.sent));
      const missing = nominationIds.filter((id) => !sent.has(id));
      return missing.length > 0 ? notOnSentList(missing) : full();
    },
  };
}

/**
 * A grant's transaction holds, per nomination, its versioned update and its audit record; per quota cell
 * one conditional counter; plus the round-open check and the decision's audit record. DynamoDB takes at
 * most 100 items, so a decision is limited up front instead of being split (it must be all or nothing).
 */
const grantItems = (nominations: number, cells: number) => 2 * nominations + cells + 2;

/** ValidationError when a grant of `count` nominations over `cells` cells cannot be one transaction. */
export function assertGrantFits(count: number, cells = 1): void {
  if (grantItems(count, cells) <= MAX_TRANSACTION_ITEMS) return;
  const most = Math.floor((MAX_TRANSACTION_ITEMS - 2 - Math.max(cells, 1)) / 2);
  throw new ValidationError(
    {
      vi: `Một quyết định khen thưởng ở đây xử lý được tối đa ${most} đề nghị (${cells || 1} nhóm chỉ tiêu) trong một lần, để bảo đảm khen thưởng tất cả hoặc không gì cả; yêu cầu có ${count}. Hãy chia thành nhiều lần gửi.`,
      en: `One grant can take at most ${most} nominations (${cells || 1} quota cell(s)) so that it applies all or nothing; this one has ${count}. Split it into several requests.`,
    },
    [
      {
        path: 'body.nominationIds',
        message: { vi: `tối đa ${most} đề nghị mỗi lần`, en: `at most ${most} per request` },
      },
    ],
  );
}

const changedMeanwhile = (n: NominationRecord) => () =>
  new InvalidStateError(
    {
      vi: 'Một đề nghị vừa được thay đổi bởi thao tác khác (ví dụ đã được khen thưởng); không khen thưởng đề nghị nào. Hãy tải lại và thử lại.',
      en: 'A nomination was changed by another request meanwhile (for example already awarded); nothing was granted. Reload and try again.',
    },
    [{ path: n.nominationId, message: { vi: 'vừa thay đổi', en: 'changed meanwhile' } }],
  );

/**
 * Records a grant decided by the domain (`grantAwards`), all or nothing: the round still open, each
 * cell's counter within its quota and its nominations in its sent list, each nomination unchanged since
 * it was read, with their audit records.
 */
export async function saveGrant(args: {
  roundId: string;
  quotas: Quotas;
  before: readonly NominationRecord[];
  after: readonly NominationRecord[];
  cells: readonly CellCount[];
  award: AwardDecision;
  nominationIds: readonly string[];
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { roundId, actor, now } = args;
  assertGrantFits(args.after.length, args.cells.length);
  await transact([
    roundIsOpen(roundId),
    ...args.cells.map((cell) =>
      counterUpdate(
        roundId,
        cell,
        args.quotas[cell.tier]?.[cell.nomineeType] ?? 0,
        args.after
          .filter((n) => n.tier === cell.tier && n.nomineeType === cell.nomineeType)
          .map((n) => n.nominationId),
        now,
      ),
    ),
    ...args.after.flatMap((next, i) => {
      const before = args.before[i] as NominationRecord;
      return [
        putVersioned(nominationItem(next), before.version, changedMeanwhile(before)),
        auditPut(actor, now, {
          entityId: next.nominationId,
          entityType: 'nomination',
          action: 'award',
          unitId: next.proposingUnitId,
          before,
          after: next,
        }),
      ];
    }),
    auditPut(actor, now, {
      entityId: roundId,
      entityType: 'award',
      action: 'grant',
      before: null,
      after: { ...args.award, nominationIds: args.nominationIds, cells: args.cells },
    }),
  ]);
}
