// Nominations: who a unit proposes (R-PROP-1/2), on which criteria (SPEC §4), once per round (R-DUP-1).
// Eligibility is computed on every read from the stored index results, so an import shows at once.

import { randomUUID } from 'node:crypto';
import { assertTierInRound } from '#domain/campaign.ts';
import { validateClaims } from '#domain/eligibility.ts';
import { ValidationError } from '#domain/errors.ts';
import { assertCanAddNomination, assertNominationEditable, deleteNomination } from '#domain/lifecycle.ts';
import { nomineeKeys } from '#domain/nominee.ts';
import type { NominationContent } from '#domain/types.ts';
import { ictDate } from '#domain/deadlines.ts';
import { assertUnitActive, canPropose, nomineeTier } from '#domain/units.ts';
import {
  type DossierContext,
  eligibilityOf,
  nominationOf,
  presentNomination,
  writableDossier,
} from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf } from '../pipeline/principal.ts';
import { zodIssuesToItems } from '../pipeline/validation.ts';
import * as routes from '../routes/nominations.ts';
import { NominationBody } from '../schemas.ts';
import type { NominationRecord } from '../store/dossiers.ts';
import {
  assertLockable,
  createNominationRecord,
  saveNominationDeletion,
  saveNominationEdit,
} from '../store/nominations.ts';
import { getExtension } from '../store/rounds.ts';

/** Checks a nomination's content against the round and the registry on the day of `now`; returns its tier. */
async function vet(ctx: DossierContext, content: NominationContent, now: Date) {
  const claimErrors = validateClaims(ctx.round.kind, content.nomineeType, content.criteriaClaimed);
  if (claimErrors.length > 0) {
    throw new ValidationError(
      {
        vi: 'Tiêu chuẩn đề nghị không thuộc đợt hoặc loại đối tượng này.',
        en: 'Claimed criteria do not fit this round or nominee type.',
      },
      claimErrors.map((e) => ({ ...e, path: `body.${e.path}` })),
    );
  }
  await ctx.units.load(content.nominee.unitId, ctx.dossier.unitId);
  const nomineeUnit = ctx.units.lookup(content.nominee.unitId);
  if (!nomineeUnit) {
    throw new ValidationError(
      { vi: 'Đơn vị của đối tượng không tồn tại.', en: "The nominee's unit does not exist." },
      [{ path: 'body.nominee.unitId', message: { vi: 'không tồn tại', en: 'does not exist' } }],
    );
  }
  // R-UNIT-1: a unit merged, abolished or not yet formed cannot be nominated (nor an individual working there).
  await ctx.units.load(...(nomineeUnit.successorUnitIds ?? []));
  assertUnitActive(nomineeUnit, ictDate(now), 'nominate', ctx.units.lookup);
  assertTierInRound(ctx.round, nomineeUnit, 'body.nominee.unitId');
  const proposal = canPropose({
    proposingUnitId: ctx.dossier.unitId,
    nomineeType: content.nomineeType,
    nomineeUnitId: content.nominee.unitId,
    lookup: ctx.units.lookup,
    communeIndividualProposer: ctx.campaign.communeIndividualProposer,
  });
  if (!proposal.ok) {
    throw new ValidationError(
      { vi: 'Đơn vị không được đề nghị đối tượng này.', en: 'This unit may not propose this nominee.' },
      [{ path: 'body.nominee.unitId', message: proposal.reason }],
    );
  }
  return nomineeTier(content.nominee.unitId, ctx.units.lookup);
}

/** The nominee's identity keys (R-DUP-1), which its locks in the store must be able to hold. */
function identityOf(content: Pick<NominationContent, 'nomineeType' | 'nominee'>): string[] {
  const keys = nomineeKeys(content.nomineeType, content.nominee);
  for (const key of keys) assertLockable(key);
  return keys;
}

/** The dossier's nominations that are not withdrawn (R-DOS-5 counts them). */
const liveCount = (ctx: DossierContext) => ctx.nominations.filter((n) => n.status !== 'withdrawn').length;

const createNomination: Impl<typeof routes.createNomination> = async ({
  params,
  body,
  principal,
  now,
  lang,
  idempotency,
}) => {
  const ctx = await writableDossier(principal, params.dossierId, [body.nominee.unitId]);
  // The unit's extension moves the D-SUB after which a returned dossier takes no new nomination (R-DL-1);
  // a draft's additions are not a deadline matter, so it reads none.
  const extension =
    ctx.dossier.status === 'returned' ? await getExtension(ctx.round.roundId, ctx.dossier.unitId) : undefined;
  assertCanAddNomination({ ...ctx, extension, now });
  const tier = await vet(ctx, body, now);
  const at = now.toISOString();
  const nomination: NominationRecord = {
    ...body,
    nominationId: randomUUID(),
    dossierId: ctx.dossier.dossierId,
    roundId: ctx.round.roundId,
    proposingUnitId: ctx.dossier.unitId,
    tier,
    nomineeKeys: identityOf(body),
    status: 'draft',
    verifiedCriteria: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const presented = presentNomination(nomination, await eligibilityOf(ctx, nomination), principal, lang);
  await createNominationRecord(nomination, {
    actor: actorOf(principal, 'unit_officer'),
    now,
    live: liveCount(ctx),
    idempotency: idempotency?.record(201, presented),
  });
  return { status: 201, body: presented };
};

const getNomination: Impl<typeof routes.getNomination> = async ({ params, principal, lang }) => {
  const { ctx, nomination } = await nominationOf(principal, params.nominationId, 'show');
  return { body: presentNomination(nomination, await eligibilityOf(ctx, nomination), principal, lang) };
};

const patchNomination: Impl<typeof routes.patchNomination> = async ({
  params,
  body,
  principal,
  now,
  lang,
  expectedVersion,
}) => {
  const { ctx, nomination: before } = await nominationOf(principal, params.nominationId, 'write');
  assertNominationEditable(ctx.dossier, before, expectedVersion);
  // The merged content must still be a whole, valid nomination.
  const merged = NominationBody().safeParse({
    nomineeType: body.nomineeType ?? before.nomineeType,
    nominee: body.nominee ?? before.nominee,
    criteriaClaimed: body.criteriaClaimed ?? before.criteriaClaimed,
    disciplineCompliance: body.disciplineCompliance ?? before.disciplineCompliance,
    achievementSummary: body.achievementSummary ?? before.achievementSummary,
    citationText: body.citationText ?? before.citationText,
    initiatives: body.initiatives ?? before.initiatives,
  });
  if (!merged.success) {
    throw new ValidationError(
      { vi: 'Đề nghị sau khi sửa không hợp lệ.', en: 'The edited nomination is not valid.' },
      zodIssuesToItems(merged.error.issues, 'body'),
    );
  }
  const tier = await vet(ctx, merged.data, now);
  const next: NominationRecord = {
    ...before,
    ...merged.data,
    tier,
    nomineeKeys: identityOf(merged.data),
    version: before.version + 1,
    updatedAt: now.toISOString(),
  };
  // The answer's eligibility does not depend on the write: computed meanwhile.
  const [eligibility] = await Promise.all([
    eligibilityOf(ctx, next),
    saveNominationEdit(before, next, { actor: actorOf(principal, 'unit_officer'), now }),
  ]);
  return { body: presentNomination(next, eligibility, principal, lang) };
};

const deleteNominationRoute: Impl<typeof routes.deleteNomination> = async ({
  params,
  principal,
  now,
  expectedVersion,
}) => {
  const { ctx, nomination: before } = await nominationOf(principal, params.nominationId, 'write');
  const decided = deleteNomination(ctx.dossier, before, expectedVersion, now);
  await saveNominationDeletion(before, decided.erase ? undefined : decided.nomination, {
    actor: actorOf(principal, 'unit_officer'),
    now,
    live: liveCount(ctx),
  });
  return { status: 204 };
};

export const handler = lambdaHandler([
  on(routes.createNomination, createNomination),
  on(routes.getNomination, getNomination),
  on(routes.patchNomination, patchNomination),
  on(routes.deleteNomination, deleteNominationRoute),
]);
