import { assertGrantable, quotaCellFullError } from '#domain/awards.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { nextDossierStatus, nextNominationStatus } from '#domain/lifecycle.ts';
import { assertGrantWithinQuota, type QuotaCellRef } from '#domain/quota.ts';
import type { Lang } from '#domain/types.ts';
import * as routes from '../routes.ts';
import { type Actor, actorOf, auditPut } from '../store/audit.ts';
import {
  getItem,
  MAX_TRANSACTION_ITEMS,
  putVersioned,
  strip,
  transact,
  type TxItem,
  update,
} from '../store/db.ts';
import {
  type DossierRecord,
  dossierIdOf,
  dossierItem,
  listDossiersOfRound,
  type NominationRecord,
  nominationItem,
  nominationsOfRound,
} from '../store/dossiers.ts';
import { awardedCounterKey, nominationKey } from '../store/keys.ts';
import { getRound, requireRound, roundItem, roundNotFound, roundState } from '../store/rounds.ts';
import { versionConflict } from './common.ts';
import { type DossierContext, eligibilityOf, presentNomination, readableDossier } from './dossier-access.ts';
import { lambdaHandler, on } from './handler.ts';
import type { Principal } from './principal.ts';
import { assertRoundOpen, type ClosableRound, closedAtOf, roundIsOpen } from './round-closing.ts';

// ---- granting ----

/**
 * A grant's transaction holds, per nomination, its versioned update and its audit record; per quota cell
 * one conditional counter; plus the round-open check and the decision's audit record. DynamoDB takes at
 * most 100 items, so a decision is limited up front instead of being split (it must be all or nothing).
 */
const grantItems = (nominations: number, cells: number) => 2 * nominations + cells + 2;

const tooLarge = (count: number, cells: number) => {
  const most = Math.floor((MAX_TRANSACTION_ITEMS - 2 - Math.max(cells, 1)) / 2);
  return new ValidationError(
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
};

function assertNoDuplicates(ids: readonly string[]): void {
  const seen = new Set<string>();
  const items = [];
  for (const [i, id] of ids.entries()) {
    if (seen.has(id))
      items.push({
        path: `body.nominationIds[${i}]`,
        message: { vi: `${id} bị lặp lại`, en: `${id} is repeated` },
      });
    seen.add(id);
  }
  if (items.length > 0) {
    throw new ValidationError(
      { vi: 'Danh sách đề nghị có mã bị lặp lại.', en: 'The list repeats a nomination id.' },
      items,
    );
  }
}

/**
 * The listed nominations, each read by key (consistent): a grant never needs whole dossiers. A draft is
 * not shown to province-wide readers (SPEC §8: never reveal what one may not read), so it counts as unknown.
 */
async function loadListed(ids: readonly string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const dossierId = await dossierIdOf(id, 'nomination');
      const item = dossierId ? await getItem(nominationKey(dossierId, id)) : undefined;
      const nomination = item ? strip<NominationRecord>(item) : undefined;
      return { id, nomination: nomination?.status === 'draft' ? undefined : nomination };
    }),
  );
}

/** The granted nominations as the API shows them, with their eligibility (one dossier read each). */
async function presentGranted(awarded: readonly NominationRecord[], principal: Principal, lang: Lang) {
  const contexts = new Map<string, DossierContext>();
  for (const dossierId of new Set(awarded.map((n) => n.dossierId))) {
    contexts.set(dossierId, await readableDossier(principal, dossierId));
  }
  return Promise.all(
    awarded.map(async (n) => {
      const ctx = contexts.get(n.dossierId) as DossierContext;
      return presentNomination(n, await eligibilityOf(ctx, n), principal, lang);
    }),
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

interface Cell extends QuotaCellRef {
  count: number;
}

function cellsOf(nominations: readonly NominationRecord[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const n of nominations) {
    const key = `${n.tier}#${n.nomineeType}`;
    const cell = cells.get(key) ?? { tier: n.tier, nomineeType: n.nomineeType, count: 0 };
    cell.count += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/**
 * R-QUOTA-2(b): ADD the cell's new awards to its counter only while the counter (absent = 0) is at most
 * quota − n. DynamoDB evaluates the condition and applies the ADD atomically, inside the transaction: no
 * read of ours is trusted, so no interleaving of requests can push a cell over its quota.
 */
function counterUpdate(roundId: string, cell: Cell, quota: number, now: Date): TxItem {
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

// ---- closing a round ----

/** Marks a write skipped because its object moved since it was read (another request got there first). */
class Moved extends Error {
  override readonly name = 'Moved';
}

/**
 * Applies independent changes in transactions of `size` entries; when one entry's condition fails the
 * chunk is replayed one entry at a time, skipping those that moved. Returns how many were applied.
 */
async function applyEach<T>(
  entries: readonly T[],
  writesOf: (entry: T) => TxItem[],
  size = 25,
): Promise<number> {
  let applied = 0;
  for (let start = 0; start < entries.length; start += size) {
    const chunk = entries.slice(start, start + size);
    try {
      await transact(chunk.flatMap(writesOf));
      applied += chunk.length;
    } catch (error) {
      if (!(error instanceof Moved)) throw error;
      for (const entry of chunk) {
        try {
          await transact(writesOf(entry));
          applied += 1;
        } catch (inner) {
          if (!(inner instanceof Moved)) throw inner;
        }
      }
    }
  }
  return applied;
}

/**
 * Closes a round (seed III.4: after the Chairman's decision): stamps `closedAt` first, so no appraisal or
 * grant can commit afterwards; then recommended nominations not granted become `not_awarded` and
 * submitted dossiers `closed`, each with its audit record in the same transaction. Running it again is
 * harmless and picks up anything the round index showed late. Returned dossiers are left to the
 * deadline sweep; nominations never appraised stay `submitted` and are counted in `unappraised`.
 */
export async function closeRound(roundId: string, now: Date, actor: Actor, reason?: string) {
  const { round } = await requireRound(roundId);
  let closedAt = closedAtOf(round);
  if (!closedAt) {
    closedAt = now.toISOString();
    const next: ClosableRound = { ...round, closedAt, version: round.version + 1, updatedAt: closedAt };
    await transact([
      putVersioned(roundItem(next), round.version, versionConflict),
      auditPut(actor, now, {
        entityId: roundId,
        entityType: 'round',
        action: 'close',
        before: round,
        after: next,
        reason,
      }),
    ]);
  }
  const at = now.toISOString();
  const notAwarded = await applyEach(await nominationsOfRound(roundId, 'recommended'), (n) => {
    const next: NominationRecord = {
      ...n,
      status: nextNominationStatus(n.status, 'not_award'),
      version: n.version + 1,
      updatedAt: at,
    };
    return [
      putVersioned(nominationItem(next), n.version, () => new Moved()),
      auditPut(actor, now, {
        entityId: n.nominationId,
        entityType: 'nomination',
        action: 'not_award',
        unitId: n.proposingUnitId,
        before: n,
        after: next,
        reason,
      }),
    ];
  });
  const submitted: DossierRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listDossiersOfRound(roundId, 'submitted', 100, nextToken);
    submitted.push(...page.items.map((i) => strip<DossierRecord>(i)));
    nextToken = page.nextToken;
  } while (nextToken);
  const closedDossiers = await applyEach(submitted, (d) => {
    const next: DossierRecord = {
      ...d,
      status: nextDossierStatus(d.status, 'close'),
      version: d.version + 1,
      updatedAt: at,
    };
    return [
      putVersioned(dossierItem(next), d.version, () => new Moved()),
      auditPut(actor, now, {
        entityId: d.dossierId,
        entityType: 'dossier',
        action: 'close',
        unitId: d.unitId,
        before: d,
        after: next,
        reason,
      }),
    ];
  });
  const unappraised = (await nominationsOfRound(roundId, 'submitted')).length;
  return { roundId, closedAt, notAwarded, closedDossiers, unappraised };
}

export const handler = lambdaHandler([
  on(routes.grantAwards, async ({ params, body, principal, now, lang }) => {
    const ids = body.nominationIds;
    assertNoDuplicates(ids);
    if (grantItems(ids.length, 1) > MAX_TRANSACTION_ITEMS) throw tooLarge(ids.length, 1);
    const round = await getRound(params.roundId);
    if (!round) throw roundNotFound(params.roundId);
    assertRoundOpen(round);

    const listed = await loadListed(ids);
    assertGrantable(round.roundId, listed);
    const nominations = listed.map((l) => l.nomination as NominationRecord);
    const cells = cellsOf(nominations);
    if (grantItems(nominations.length, cells.length) > MAX_TRANSACTION_ITEMS)
      throw tooLarge(ids.length, cells.length);
    // A read, for a good message only: the counters' conditions below are the guarantee.
    assertGrantWithinQuota(round.quotas, (await roundState(round.roundId)).awarded, nominations);

    const at = now.toISOString();
    const actor = actorOf(principal, 'approver');
    const award = { decisionNo: body.decisionNo, decisionDate: body.decisionDate, at };
    const awarded = nominations.map(
      (n): NominationRecord => ({
        ...n,
        status: nextNominationStatus(n.status, 'award'),
        award,
        version: n.version + 1,
        updatedAt: at,
      }),
    );
    await transact([
      roundIsOpen(round.roundId),
      ...cells.map((cell) =>
        counterUpdate(round.roundId, cell, round.quotas[cell.tier][cell.nomineeType], now),
      ),
      ...awarded.flatMap((next, i) => {
        const before = nominations[i] as NominationRecord;
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
        entityId: round.roundId,
        entityType: 'award',
        action: 'grant',
        before: null,
        after: { ...award, nominationIds: ids, cells },
      }),
    ]);
    const presented = await presentGranted(awarded, principal, lang);
    return { body: { awarded: presented } };
  }),

  on(routes.closeRound, async ({ params, body, principal, now }) => ({
    body: await closeRound(params.roundId, now, actorOf(principal, 'admin'), body.reason),
  })),
]);
