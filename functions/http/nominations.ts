// Nominations: who a unit proposes (R-PROP-1/2), on which criteria (SPEC §4), once per round (R-DUP-1).
// Eligibility is computed on every read from the stored index results, so an import shows at once.

import { randomUUID } from 'node:crypto';
import { validateClaims } from '#domain/eligibility.ts';
import { DuplicateNomineeError, InvalidStateError, ValidationError } from '#domain/errors.ts';
import { isEditable, nextNominationStatus, notEditableError } from '#domain/lifecycle.ts';
import { nomineeKey } from '#domain/nominee.ts';
import type { NominationContent } from '#domain/types.ts';
import { canPropose, nomineeTier } from '#domain/units.ts';
import * as routes from '../routes.ts';
import { NominationBody } from '../schemas.ts';
import { type Actor, auditPut } from '../store/audit.ts';
import { actorOf } from '../pipeline/principal.ts';
import { create, putVersioned, remove, transact, type TxItem } from '../store/db.ts';
import {
  type NominationRecord,
  nominationItem,
  nominationNotFound,
  refItem,
  touchDossier,
} from '../store/dossiers.ts';
import { nominationKey, nomineeLockKey } from '../store/keys.ts';
import { versionConflict } from '#domain/errors.ts';
import {
  type DossierContext,
  dossierOf,
  eligibilityOf,
  presentNomination,
  writableDossier,
} from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { zodIssuesToItems } from '../pipeline/validation.ts';

/**
 * Submitting or withdrawing moves a whole dossier in one transaction (≤ 100 items: each nomination, its
 * audit record and its nominee lock), so a dossier holds at most this many nominations — far above the
 * plan's quotas (at most 24 awards in a cell).
 */
export const MAX_NOMINATIONS_PER_DOSSIER = 32;

const duplicate = () =>
  new DuplicateNomineeError({
    vi: 'Đối tượng này đã có trong một đề nghị khen thưởng khác của đợt này (R-DUP-1).',
    en: 'This nominee already appears in another nomination of this round (R-DUP-1).',
  });

/** Checks a nomination's content against the round and the registry; returns its tier. */
async function vet(ctx: DossierContext, content: NominationContent) {
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
  if (!ctx.units.lookup(content.nominee.unitId)) {
    throw new ValidationError(
      { vi: 'Đơn vị của đối tượng không tồn tại.', en: "The nominee's unit does not exist." },
      [{ path: 'body.nominee.unitId', message: { vi: 'không tồn tại', en: 'does not exist' } }],
    );
  }
  const proposal = canPropose({
    proposingUnitId: ctx.dossier.unitId,
    nomineeType: content.nomineeType,
    nomineeUnitId: content.nominee.unitId,
    lookup: ctx.units.lookup,
  });
  if (!proposal.ok) {
    throw new ValidationError(
      { vi: 'Đơn vị không được đề nghị đối tượng này.', en: 'This unit may not propose this nominee.' },
      [{ path: 'body.nominee.unitId', message: proposal.reason }],
    );
  }
  return nomineeTier(content.nominee.unitId, ctx.units.lookup);
}

/**
 * The nominee's identity key (R-DUP-1), which becomes the sort key of its lock. A name of 200 characters
 * can grow past DynamoDB's 1 024-byte key limit once normalised (NFC expands some letters into three), which
 * the store would refuse with a 500: refuse it here as the bad input it is.
 */
function identityOf(content: Pick<NominationContent, 'nomineeType' | 'nominee'>): string {
  const key = nomineeKey(content.nomineeType, content.nominee);
  if (Buffer.byteLength(nomineeLockKey('', key).sk, 'utf8') > 1000) {
    throw new ValidationError({ vi: 'Họ và tên quá dài.', en: 'The full name is too long.' }, [
      {
        path: 'body.nominee.fullName',
        message: { vi: 'quá dài sau khi chuẩn hoá Unicode', en: 'too long once Unicode-normalised' },
      },
    ]);
  }
  return key;
}

const dossierLocked = (ctx: DossierContext) => () => notEditableError(ctx.dossier.status);

function audit(
  actor: Actor,
  now: Date,
  action: string,
  before: NominationRecord | null,
  after: NominationRecord | null,
) {
  const subject = (after ?? before) as NominationRecord;
  return auditPut(actor, now, {
    entityId: subject.nominationId,
    entityType: 'nomination',
    action,
    unitId: subject.proposingUnitId,
    before,
    after,
  });
}

const createNomination: Impl<typeof routes.createNomination> = async ({
  params,
  body,
  principal,
  now,
  lang,
  idempotency,
}) => {
  const ctx = await writableDossier(principal, params.dossierId);
  if (!isEditable(ctx.dossier.status)) throw notEditableError(ctx.dossier.status);
  if (ctx.nominations.filter((n) => n.status !== 'withdrawn').length >= MAX_NOMINATIONS_PER_DOSSIER) {
    throw new InvalidStateError({
      vi: `Mỗi hồ sơ có tối đa ${MAX_NOMINATIONS_PER_DOSSIER} đề nghị; hãy lập hồ sơ khác cho các đề nghị còn lại.`,
      en: `A dossier holds at most ${MAX_NOMINATIONS_PER_DOSSIER} nominations; put the others in another dossier.`,
    });
  }
  const tier = await vet(ctx, body);
  const at = now.toISOString();
  const nomination: NominationRecord = {
    ...body,
    nominationId: randomUUID(),
    dossierId: ctx.dossier.dossierId,
    roundId: ctx.round.roundId,
    proposingUnitId: ctx.dossier.unitId,
    tier,
    nomineeKey: identityOf(body),
    status: 'draft',
    verifiedCriteria: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const presented = presentNomination(nomination, await eligibilityOf(ctx, nomination), principal, lang);
  await transact([
    touchDossier(ctx.dossier.dossierId, now, dossierLocked(ctx)),
    create(
      {
        ...nomineeLockKey(ctx.round.roundId, nomination.nomineeKey),
        entity: 'lock',
        nominationId: nomination.nominationId,
      },
      duplicate,
    ),
    create(nominationItem(nomination)),
    refItem(nomination.nominationId, 'nomination', ctx.dossier.dossierId),
    audit(actorOf(principal, 'unit_officer'), now, 'create', null, nomination),
    ...(idempotency ? [idempotency.record(201, presented)] : []),
  ]);
  return { status: 201, body: presented };
};

const getNomination: Impl<typeof routes.getNomination> = async ({ params, principal, lang }) => {
  const ctx = await dossierOf(principal, params.nominationId, 'nomination', 'read', nominationNotFound);
  const nomination = ctx.nominations.find((n) => n.nominationId === params.nominationId);
  if (!nomination) throw nominationNotFound();
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
  const ctx = await dossierOf(principal, params.nominationId, 'nomination', 'write', nominationNotFound);
  const before = ctx.nominations.find((n) => n.nominationId === params.nominationId);
  if (!before) throw nominationNotFound();
  if (!isEditable(ctx.dossier.status)) throw notEditableError(ctx.dossier.status);
  if (!isEditable(before.status)) throw notEditableError(before.status);
  if (before.version !== expectedVersion) throw versionConflict();
  // The merged content must still be a whole, valid nomination.
  const merged = NominationBody.safeParse({
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
  const tier = await vet(ctx, merged.data);
  const next: NominationRecord = {
    ...before,
    ...merged.data,
    tier,
    nomineeKey: identityOf(merged.data),
    version: before.version + 1,
    updatedAt: now.toISOString(),
  };
  const writes: TxItem[] = [
    touchDossier(ctx.dossier.dossierId, now, dossierLocked(ctx)),
    putVersioned(nominationItem(next), expectedVersion, versionConflict),
    audit(actorOf(principal, 'unit_officer'), now, 'update', before, next),
  ];
  if (next.nomineeKey !== before.nomineeKey) {
    writes.push(
      remove(nomineeLockKey(ctx.round.roundId, before.nomineeKey)),
      create(
        {
          ...nomineeLockKey(ctx.round.roundId, next.nomineeKey),
          entity: 'lock',
          nominationId: next.nominationId,
        },
        duplicate,
      ),
    );
  }
  // The answer's eligibility does not depend on the write: read the index results meanwhile.
  const [eligibility] = await Promise.all([eligibilityOf(ctx, next), transact(writes)]);
  return { body: presentNomination(next, eligibility, principal, lang) };
};

const deleteNomination: Impl<typeof routes.deleteNomination> = async ({
  params,
  principal,
  now,
  expectedVersion,
}) => {
  const ctx = await dossierOf(principal, params.nominationId, 'nomination', 'write', nominationNotFound);
  const before = ctx.nominations.find((n) => n.nominationId === params.nominationId);
  if (!before) throw nominationNotFound();
  if (!isEditable(ctx.dossier.status)) throw notEditableError(ctx.dossier.status);
  if (before.version !== expectedVersion) throw versionConflict();
  const actor = actorOf(principal, 'unit_officer');
  const release = remove(nomineeLockKey(ctx.round.roundId, before.nomineeKey));
  if (before.status === 'draft') {
    // A draft that was never submitted leaves no trace but its audit record.
    await transact([
      touchDossier(ctx.dossier.dossierId, now, dossierLocked(ctx)),
      remove(
        nominationKey(ctx.dossier.dossierId, before.nominationId),
        '#v = :v',
        {
          names: { '#v': 'version' },
          values: { ':v': expectedVersion },
        },
        versionConflict,
      ),
      release,
      audit(actor, now, 'delete', before, null),
    ]);
    return { status: 204 };
  }
  if (!isEditable(before.status)) {
    throw new InvalidStateError({
      vi: `Không xoá được đề nghị ở trạng thái "${before.status}".`,
      en: `A nomination in status "${before.status}" cannot be deleted.`,
    });
  }
  // A returned nomination has a history with the appraisers: it is withdrawn, not erased.
  const next: NominationRecord = {
    ...before,
    status: nextNominationStatus(before.status, 'withdraw'),
    version: before.version + 1,
    updatedAt: now.toISOString(),
  };
  await transact([
    touchDossier(ctx.dossier.dossierId, now, dossierLocked(ctx)),
    putVersioned(nominationItem(next), expectedVersion, versionConflict),
    release,
    audit(actor, now, 'withdraw', before, next),
  ]);
  return { status: 204 };
};

export const handler = lambdaHandler([
  on(routes.createNomination, createNomination),
  on(routes.getNomination, getNomination),
  on(routes.patchNomination, patchNomination),
  on(routes.deleteNomination, deleteNomination),
]);
