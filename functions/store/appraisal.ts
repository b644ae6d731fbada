// Appraisal in the store: one transaction per appraisal (the nomination; the dossier it returns or the
// check that the dossier is still under appraisal; the round still open and its report not sent since it
// was read; the cell's recommended list when the decision enters or leaves it; the audit records), and
// one per sending of the appraisal report (the round's stamp, every cell's list moving from pending to
// sent, the audit record).

import { versionConflict } from '#domain/errors.ts';
import { NOMINEE_TYPES, TIERS } from '#domain/types.ts';
import { type Actor, auditPut } from './audit.ts';
import { check, putVersioned, transact, type TxItem } from './db.ts';
import { pendingListChange, type RoundCells, sendCellList } from './awards.ts';
import { type DossierRecord, dossierItem, type NominationRecord, nominationItem } from './dossiers.ts';
import { dossierKey, roundKey } from './keys.ts';
import { forgetRound, type RoundRecord, roundItem } from './rounds.ts';

/**
 * What the decision was made on moved between the read and the write — the dossier, the round's report
 * (sent meanwhile), or a cell's recommended list under a report: read again and decide again.
 */
export class ReadAgain extends Error {
  override readonly name = 'ReadAgain';
}

/**
 * A transaction condition: the round is not closed, and its appraisal report has been sent exactly as many
 * times as when it was read — a report sent meanwhile may have made the decision final (R-APP-1).
 */
const roundAsRead = (round: RoundRecord): TxItem => {
  const reports = round.appraisalReports;
  return check(
    roundKey(round.roundId),
    `attribute_not_exists(#closed) AND ${reports === undefined ? 'attribute_not_exists(#reports)' : '#reports = :reports'}`,
    {
      names: { '#closed': 'closedAt', '#reports': 'appraisalReports' },
      values: reports === undefined ? {} : { ':reports': reports },
    },
    () => new ReadAgain(),
  );
};

export async function saveAppraisal(args: {
  before: NominationRecord;
  after: NominationRecord;
  /** The round as read: the appraisal holds only if its report was not sent since. */
  round: RoundRecord;
  /** The dossier as read, and its next state when the appraisal returns it. */
  dossier: DossierRecord;
  returned?: { dossier: DossierRecord; action: 'return' | 'add_return_reason' } | undefined;
  reason: string | undefined;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { before, after, round, dossier, returned, reason, actor, now } = args;
  const writes: TxItem[] = [
    roundAsRead(round),
    putVersioned(nominationItem(after), before.version, versionConflict),
    auditPut(actor, now, {
      entityId: after.nominationId,
      entityType: 'nomination',
      action: after.appraisal?.decision ?? 'appraise',
      unitId: after.proposingUnitId,
      before,
      after,
      reason,
    }),
  ];
  // R-APP-1: the cell's pending list follows the recommendations.
  const wasListed = before.status === 'recommended';
  const isListed = after.status === 'recommended';
  if (wasListed !== isListed)
    writes.push(pendingListChange(isListed ? 'add' : 'remove', after, [after.nominationId], now));
  if (returned) {
    writes.push(
      putVersioned(dossierItem(returned.dossier), dossier.version, () => new ReadAgain()),
      auditPut(actor, now, {
        entityId: dossier.dossierId,
        entityType: 'dossier',
        action: returned.action,
        unitId: dossier.unitId,
        before: dossier,
        after: returned.dossier,
        reason,
      }),
    );
  } else {
    writes.push(
      check(
        dossierKey(dossier.dossierId),
        '#s IN (:submitted, :returned)',
        { names: { '#s': 'status' }, values: { ':submitted': 'submitted', ':returned': 'returned' } },
        () => new ReadAgain(),
      ),
    );
  }
  await transact(writes);
}

/**
 * A sending of the appraisal report: the round stamped with it (versioned), every cell's pending list
 * joining its sent list as read (each cell unchanged since, else ReadAgain), and the audit record with
 * what this sending carried (the recommendations it made final; earlier ones are in earlier records). A
 * round changed meanwhile (closed, its deadline moved) fails on its version and reads again.
 */
export async function saveAppraisalReport(args: {
  before: RoundRecord;
  after: RoundRecord;
  /** The cells as read, with the revision of each pending list. */
  cells: RoundCells;
  summary: unknown;
  note: string | undefined;
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { before, after, cells, now } = args;
  const moved = () => new ReadAgain();
  const cellWrites = TIERS.flatMap((tier) =>
    NOMINEE_TYPES.map((nomineeType) =>
      sendCellList(
        after.roundId,
        { tier, nomineeType },
        { pending: cells.lists[tier][nomineeType].pending, revision: cells.revisions[tier][nomineeType] },
        now,
        moved,
      ),
    ),
  );
  await transact([
    putVersioned(roundItem(after), before.version, moved),
    ...cellWrites,
    auditPut(args.actor, now, {
      entityId: after.roundId,
      entityType: 'round',
      action: 'appraisal_report',
      before: {
        appraisalReportAt: before.appraisalReportAt ?? null,
        appraisalReports: before.appraisalReports ?? 0,
      },
      after: {
        appraisalReportAt: after.appraisalReportAt,
        appraisalReports: after.appraisalReports,
        nominationIds: TIERS.flatMap((t) => NOMINEE_TYPES.flatMap((n) => cells.lists[t][n].pending)),
        cells: args.summary,
      },
      reason: args.note,
    }),
  ]);
  forgetRound(after.roundId);
}
