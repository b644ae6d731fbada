// Closing a round in the store (seed III.4: after the Chairman's decision). The decisions are the
// domain's (closeRound, notAward, closeDossier); this module applies them to every record concerned, in
// transactions of bounded size, each change with its audit record.

import { closeDossier, closeRound, notAward } from '#domain/lifecycle.ts';
import { versionConflict } from '#domain/errors.ts';
import { type Actor, auditedReplace } from './audit.ts';
import { transact, type TxItem } from './db.ts';
import { dossierItem, allDossiersOfRound, nominationItem, nominationsOfRound } from './dossiers.ts';
import { forgetRound, requireRound, roundItem } from './rounds.ts';

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
 * Stamps `closedAt` on the round first, so no appraisal or grant can commit afterwards; then recommended
 * nominations not granted become `not_awarded` and submitted dossiers `closed`. Running it again is
 * harmless and picks up anything the round index showed late. Returned dossiers are left to the deadline
 * sweep; nominations never appraised stay `submitted` and are counted in `unappraised`.
 */
export async function closeRoundRecords(roundId: string, now: Date, actor: Actor, reason?: string) {
  const { round } = await requireRound(roundId);
  const closing = closeRound(round, now);
  if (closing.changed) {
    await transact(
      auditedReplace(roundItem(closing.round), round.version, versionConflict, {
        actor,
        now,
        reason,
        entityId: roundId,
        entityType: 'round',
        action: 'close',
        before: round,
        after: closing.round,
      }),
    );
    forgetRound(roundId);
  }
  // Each record with its audit record; one that moved meanwhile is left to whoever moved it.
  const moved = () => new Moved();
  const notAwarded = await applyEach(await nominationsOfRound(roundId, 'recommended'), (before) => {
    const after = notAward(before, now);
    const entity = {
      entityId: before.nominationId,
      entityType: 'nomination',
      unitId: before.proposingUnitId,
    } as const;
    return auditedReplace(nominationItem(after), before.version, moved, {
      ...entity,
      action: 'not_award',
      before,
      after,
      actor,
      now,
      reason,
    });
  });
  const closedDossiers = await applyEach(await allDossiersOfRound(roundId, 'submitted'), (before) => {
    const after = closeDossier(before, now);
    const entity = { entityId: before.dossierId, entityType: 'dossier', unitId: before.unitId } as const;
    return auditedReplace(dossierItem(after), before.version, moved, {
      ...entity,
      action: 'close',
      before,
      after,
      actor,
      now,
      reason,
    });
  });
  const unappraised = (await nominationsOfRound(roundId, 'submitted')).length;
  return { roundId, closedAt: closing.round.closedAt as string, notAwarded, closedDossiers, unappraised };
}
