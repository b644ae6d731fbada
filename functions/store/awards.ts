// Awards in the store: the conditional counter of each quota cell (R-QUOTA-2(b)) — its write and its
// read side by side — and the one transaction that records a grant.

import { ValidationError } from '#domain/errors.ts';
import type { AwardDecision } from '#domain/awards.ts';
import { quotaCellFullError } from '#domain/awards.ts';
import { type CellCount, type Counts, emptyCounts } from '#domain/quota.ts';
import type { Quotas } from '#domain/types.ts';
import { type Actor, auditPut } from './audit.ts';
import { MAX_TRANSACTION_ITEMS, putVersioned, queryAll, transact, type TxItem, update } from './db.ts';
import { type NominationRecord, nominationItem } from './dossiers.ts';
import { awardedByRound, awardedCellOf, awardedCounterKey } from './keys.ts';
import { roundIsOpen } from './rounds.ts';
import { InvalidStateError } from '#domain/errors.ts';

/** Awards granted so far in each cell of a round (a consistent query of the round's counters). */
export async function awardedCounts(roundId: string): Promise<Counts> {
  const items = await queryAll({ where: awardedByRound.query({ roundId }) });
  const awarded = emptyCounts();
  for (const item of items) {
    const cell = awardedCellOf(item);
    if (cell) awarded[cell.tier][cell.nomineeType] = Number(item.count ?? 0);
  }
  return awarded;
}

/**
 * R-QUOTA-2(b): ADD the cell's new awards to its counter only while the counter (absent = 0) is at most
 * quota − n. DynamoDB evaluates the condition and applies the ADD atomically, inside the transaction: no
 * read of ours is trusted, so no interleaving of requests can push a cell over its quota.
 */
function counterUpdate(roundId: string, cell: CellCount, quota: number, now: Date): TxItem {
  const max = quota - cell.count;
  if (max < 0) throw quotaCellFullError({ ...cell, quota, requested: cell.count });
  return update(
    awardedCounterKey(roundId, cell.tier, cell.nomineeType),
    'SET #entity = :entity, #round = :round, #tier = :tier, #type = :type, #at = :now ADD #c :n',
    {
      condition: 'attribute_not_exists(#c) OR #c <= :max',
      names: {
        '#c': 'count',
        '#entity': 'entity',
        '#round': 'roundId',
        '#tier': 'tier',
        '#type': 'nomineeType',
        '#at': 'updatedAt',
      },
      values: {
        ':n': cell.count,
        ':max': max,
        ':entity': 'counter',
        ':round': roundId,
        ':tier': cell.tier,
        ':type': cell.nomineeType,
        ':now': now.toISOString(),
      },
    },
    () => quotaCellFullError({ ...cell, quota, requested: cell.count }),
  );
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
 * cell's counter within its quota, each nomination unchanged since it was read, with their audit records.
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
    ...args.cells.map((cell) => counterUpdate(roundId, cell, args.quotas[cell.tier][cell.nomineeType], now)),
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
