// Reopening expired dossiers after an extension (SPEC §6, R-DL-2). Whether a dossier may reopen is the
// sweep's rule (mayReopen), how it reopens the lifecycle's (reopenDossier); this module applies them to the
// expired dossiers of a round, each with its audit record.

import { versionConflict } from '#domain/errors.ts';
import { reopenDossier } from '#domain/lifecycle.ts';
import { mayReopen } from '#domain/sweep.ts';
import type { CampaignDefinition, Round } from '#domain/types.ts';
import { type Actor, auditedReplace } from './audit.ts';
import { transact } from './db.ts';
import { allDossiersOfRound, dossierItem } from './dossiers.ts';
import { getExtension } from './rounds.ts';

/** Reopens the round's expired dossiers (of one unit, when given) whose closing deadline is again ahead. */
export async function reopenExpired(args: {
  round: Round;
  campaign: CampaignDefinition;
  reason: string;
  onlyUnit?: string | undefined;
  actor: Actor;
  now: Date;
}): Promise<number> {
  const { round, campaign, now } = args;
  let reopened = 0;
  for (const dossier of await allDossiersOfRound(round.roundId, 'expired')) {
    if (args.onlyUnit && dossier.unitId !== args.onlyUnit) continue;
    const extension = await getExtension(round.roundId, dossier.unitId);
    if (!mayReopen({ round, campaign, extension, expiredFrom: dossier.expiredFrom ?? 'draft', now }))
      continue;
    const next = reopenDossier(dossier, now);
    await transact(
      auditedReplace(dossierItem(next), dossier.version, versionConflict, {
        actor: args.actor,
        now,
        reason: args.reason,
        entityId: dossier.dossierId,
        entityType: 'dossier',
        action: 'reopen',
        unitId: dossier.unitId,
        before: dossier,
        after: next,
      }),
    );
    reopened++;
  }
  return reopened;
}
