// Awards (seed III.4): the Chairman's office grants the nominations the sent appraisal report recommends
// (R-AWD-1) within the quotas (R-QUOTA-2(b)), and closes the round. The rules are the domain's (grantAwards, closeRound); the store records them.

import { grantAwards } from '#domain/awards.ts';
import { ValidationError } from '#domain/errors.ts';
import { type Lang, NOMINEE_TYPES, TIERS } from '#domain/types.ts';
import {
  type DossierContext,
  eligibilityOf,
  presentNomination,
  readableDossier,
} from '../access/dossiers.ts';
import { lambdaHandler, on, type Impl } from '../pipeline/handler.ts';
import { actorOf, type Principal } from '../pipeline/principal.ts';
import * as routes from '../routes/awards.ts';
import { assertGrantFits, roundCells, saveGrant } from '../store/awards.ts';
import { closeRoundRecords } from '../store/closing.ts';
import { getNomination, type NominationRecord } from '../store/dossiers.ts';
import { getRound, roundNotFound } from '../store/rounds.ts';

// ---- granting ----

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
      const nomination = await getNomination(id);
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

const grant: Impl<typeof routes.grantAwards> = async ({ params, body, principal, now, lang }) => {
  const ids = body.nominationIds;
  assertNoDuplicates(ids);
  assertGrantFits(ids.length);
  // The round, the listed nominations and the round's cells side by side: each read needs only ids.
  const [round, listed, cells] = await Promise.all([
    getRound(params.roundId),
    loadListed(ids),
    roundCells(params.roundId),
  ]);
  if (!round) throw roundNotFound(params.roundId);
  const decided = grantAwards({
    round,
    listed,
    sent: new Set(TIERS.flatMap((t) => NOMINEE_TYPES.flatMap((n) => cells.lists[t][n].sent))),
    awarded: cells.awarded,
    decision: { decisionNo: body.decisionNo, decisionDate: body.decisionDate },
    now,
  });
  await saveGrant({
    roundId: round.roundId,
    quotas: round.quotas,
    ...decided,
    nominationIds: ids,
    actor: actorOf(principal, 'approver'),
    now,
  });
  return { body: { awarded: await presentGranted(decided.after, principal, lang) } };
};

const closeRound: Impl<typeof routes.closeRound> = async ({ params, body, principal, now }) => ({
  body: await closeRoundRecords(params.roundId, now, actorOf(principal, 'admin'), body.reason),
});

export const handler = lambdaHandler([on(routes.grantAwards, grant), on(routes.closeRound, closeRound)]);
