// Dossiers with their nominations and documents. They share the dossier's partition, so one
// consistent Query reads a whole dossier; a REF item resolves a nomination or document id to it.

import type { SeenDocument } from '#domain/appraisal.ts';
import { InvalidStateError, NotFoundError, versionConflict } from '#domain/errors.ts';
import { MAX_NOMINATIONS_PER_DOSSIER } from '#domain/lifecycle.ts';
import type {
  CriterionCode,
  DocumentKind,
  DossierStatus,
  NominationContent,
  NominationStatus,
  Tier,
} from '#domain/types.ts';
import { type Actor, auditedReplace, auditPut } from './audit.ts';
import {
  create,
  getItem,
  type Item,
  type Stamps,
  type StoredFile,
  MAX_TRANSACTION_ITEMS,
  putVersioned,
  queryAll,
  queryPage,
  remove,
  strip,
  transact,
  type TxItem,
  update,
} from './db.ts';
import {
  documentKey,
  documentsByDossier,
  dossierById,
  dossierKey,
  dossiersByRound,
  dossiersByUnit,
  nominationKey,
  nominationsByDossier,
  nominationsByRound,
  refKey,
  unitDossierLockKey,
} from './keys.ts';
import { roundIsOpen } from './rounds.ts';

export interface DossierRecord extends Stamps {
  dossierId: string;
  roundId: string;
  unitId: string;
  status: DossierStatus;
  /** The status an expired dossier returns to when a deadline extension reopens it. */
  expiredFrom?: 'draft' | 'returned' | undefined;
  proposalNo?: string | undefined;
  proposalDate?: string | undefined;
  signerName?: string | undefined;
  signerTitle?: string | undefined;
  submittedAt?: string | undefined;
  returnReasons?: { nominationId: string; reason: string }[] | undefined;
  /**
   * How many of its nominations are not withdrawn (R-DOS-5: at most MAX_NOMINATIONS_PER_DOSSIER), kept by
   * touchDossier in the transaction of each creation, deletion or withdrawal of a nomination. A dossier
   * written before the counter existed gets it from the nominations read with its first such change.
   */
  nominationCount?: number | undefined;
}

export interface NominationRecord extends NominationContent, Stamps {
  nominationId: string;
  dossierId: string;
  roundId: string;
  proposingUnitId: string;
  tier: Tier;
  /** The nominee's identity keys (R-DUP-1), on each of which the nomination holds a lock while live. */
  nomineeKeys: string[];
  /** The one key of a nomination stored before R-DUP-1 was revised (edition 1); read by heldKeys. */
  nomineeKey?: string | undefined;
  status: NominationStatus;
  verifiedCriteria: CriterionCode[];
  appraisal?:
    | {
        decision: string;
        reason?: string | undefined;
        at: string;
        by: string;
        /** The criteria found met when recommended (the award list's "Tiêu chuẩn đạt"). */
        criteriaMet?: CriterionCode[] | undefined;
        /** The sending of the round's appraisal report that carries this decision (R-APP-1). */
        report?: number | undefined;
        /** The documents the appraisal saw (R-DOC-3). */
        documents?: SeenDocument[] | undefined;
      }
    | undefined;
  award?: { decisionNo: string; decisionDate: string; at: string } | undefined;
}

export interface DocumentRecord extends StoredFile {
  dossierId: string;
  roundId: string;
  unitId: string;
  kind: DocumentKind;
  nominationId?: string | undefined;
}

export interface DossierBundle {
  dossier: DossierRecord;
  nominations: NominationRecord[];
  documents: DocumentRecord[];
}

export const dossierItem = (d: DossierRecord): Item => ({
  ...dossierKey(d.dossierId),
  ...dossiersByUnit.keys(d),
  ...dossiersByRound.keys(d),
  entity: 'dossier',
  ...d,
});

export const nominationItem = (n: NominationRecord): Item => ({
  ...nominationKey(n.dossierId, n.nominationId),
  ...nominationsByRound.keys(n),
  entity: 'nomination',
  ...n,
});

export const documentItem = (d: DocumentRecord): Item => ({
  ...documentKey(d.dossierId, d.documentId),
  entity: 'document',
  ...d,
});

export type RefKind = 'nomination' | 'document';
/**
 * A nomination's or document's id reference: its dossier, and the dossier's round, so that a request
 * naming the id can read the round beside the dossier instead of after it.
 */
export const refItem = (id: string, kind: RefKind, of: { dossierId: string; roundId: string }) =>
  create({ ...refKey(id), entity: 'ref', kind, dossierId: of.dossierId, roundId: of.roundId });

export const dossierNotFound = () =>
  new NotFoundError({ vi: 'Không tìm thấy hồ sơ.', en: 'Dossier not found.' });
export const nominationNotFound = () =>
  new NotFoundError({ vi: 'Không tìm thấy đề nghị khen thưởng.', en: 'Nomination not found.' });
export const documentNotFound = () =>
  new NotFoundError({ vi: 'Không tìm thấy tài liệu.', en: 'Document not found.' });

/**
 * A dossier whole: its head, nominations and documents, with one consistent Query of its partition. With
 * `only`, of its nominations only that one is returned (a filter on the same Query: one nomination's page
 * does not carry the other thirty).
 */
export async function loadDossier(dossierId: string, only?: string): Promise<DossierBundle | undefined> {
  const items = await queryAll({
    where: dossierById.partition({ dossierId }),
    ...(only === undefined
      ? {}
      : {
          filter: {
            FilterExpression: '#entity <> :nomination OR #nominationId = :only',
            ExpressionAttributeNames: { '#entity': 'entity', '#nominationId': 'nominationId' },
            ExpressionAttributeValues: { ':nomination': 'nomination', ':only': only },
          },
        }),
  });
  const head = items.find((i) => dossierById.holds(i));
  if (!head) return undefined;
  const bundle = {
    dossier: strip<DossierRecord>(head),
    nominations: items.filter((i) => nominationsByDossier.holds(i)).map((i) => strip<NominationRecord>(i)),
    documents: items.filter((i) => documentsByDossier.holds(i)).map((i) => strip<DocumentRecord>(i)),
  };
  for (const n of bundle.nominations) refs.keep(n.nominationId, 'nomination', dossierId);
  for (const d of bundle.documents) refs.keep(d.documentId, 'document', dossierId);
  refs.keep(dossierId, 'round', bundle.dossier.roundId);
  return bundle;
}

/**
 * Which dossier a nomination or document id belongs to, as this container has learnt it (from its REF
 * item, or from a dossier it loaded), and which round a dossier belongs to (kind `round`, keyed by the
 * dossier's id). An id never moves to another dossier, nor a dossier to another round, so nothing here goes
 * stale:
 * an id that was deleted since is simply not found in its dossier's partition, read whole on every
 * request. Misses are not kept. Bounded, so a long-lived container does not grow without end.
 */
class RefMemory {
  private readonly known = new Map<string, { kind: string; dossierId: string }>();
  constructor(private readonly maxEntries = 20_000) {}
  get(id: string) {
    return this.known.get(id);
  }
  keep(id: string, kind: string, dossierId: string) {
    if (this.known.has(id)) return;
    if (this.known.size >= this.maxEntries) this.known.clear();
    this.known.set(id, { kind, dossierId });
  }
}
const refs = new RefMemory();

/**
 * The round of a dossier this container has loaded or created (a dossier never changes round), so that a
 * route can read the round beside the dossier instead of after it.
 */
export const knownRoundOf = (dossierId: string): string | undefined => {
  const known = refs.get(dossierId);
  return known?.kind === 'round' ? known.dossierId : undefined;
};

/** After a transaction that created an id reference: this container knows it without reading it. */
export function rememberRef(id: string, kind: RefKind, of: { dossierId: string; roundId: string }) {
  refs.keep(id, kind, of.dossierId);
  refs.keep(of.dossierId, 'round', of.roundId);
}

/**
 * The dossier a nomination or document belongs to (consistent read of its REF item, once per container),
 * and the dossier's round when the reference carries it (references written before they did, do not).
 */
export async function dossierIdOf(id: string, kind: RefKind): Promise<string | undefined> {
  const ref =
    refs.get(id) ?? (await getItem<{ kind: string; dossierId: string; roundId?: string }>(refKey(id)));
  if (ref && typeof ref.dossierId === 'string') {
    refs.keep(id, ref.kind, ref.dossierId);
    if ('roundId' in ref && typeof ref.roundId === 'string') refs.keep(ref.dossierId, 'round', ref.roundId);
  }
  return ref?.kind === kind ? ref.dossierId : undefined;
}

export async function listDossiersOfUnit(
  unitId: string,
  roundId: string | undefined,
  limit: number,
  nextToken?: string,
) {
  const page = await queryPage({
    where: dossiersByUnit.query({ unitId, roundId: roundId || undefined }),
    limit,
    nextToken,
  });
  return { ...page, items: page.items.map((i) => strip<DossierRecord>(i)) };
}

export async function listDossiersOfRound(
  roundId: string,
  status: string | undefined,
  limit: number,
  nextToken?: string,
) {
  const page = await queryPage({
    where: dossiersByRound.query({ roundId, status: status || undefined }),
    limit,
    nextToken,
  });
  return { ...page, items: page.items.map((i) => strip<DossierRecord>(i)) };
}

/** Every dossier of a round in one status, following pages (bulk work: closing, reopening). */
export async function allDossiersOfRound(roundId: string, status: DossierStatus): Promise<DossierRecord[]> {
  const items = await queryAll({ where: dossiersByRound.query({ roundId, status }) });
  return items.map((i) => strip<DossierRecord>(i));
}

/** One nomination by its id (a consistent read of its id reference, then of the item). */
export async function getNomination(nominationId: string): Promise<NominationRecord | undefined> {
  const dossierId = await dossierIdOf(nominationId, 'nomination');
  const item = dossierId ? await getItem(nominationKey(dossierId, nominationId)) : undefined;
  return item ? strip<NominationRecord>(item) : undefined;
}

/** A round's nominations (optionally of one status) through the round index. */
export async function nominationsOfRound(
  roundId: string,
  status?: NominationStatus,
): Promise<NominationRecord[]> {
  const items = await queryAll({ where: nominationsByRound.query({ roundId, status }) });
  return items.map((i) => strip<NominationRecord>(i));
}

/** How a change moves a dossier's count of nominations that are not withdrawn (R-DOS-5). */
export interface CountChange {
  /** +1 for a new nomination, −1 for one deleted or withdrawn. */
  delta: 1 | -1;
  /** The dossier's nominations not withdrawn as read before the change (a counter not yet stored starts there). */
  counted: number;
}

/**
 * Every change to a dossier's contents (nominations, documents) also moves the dossier's version, inside
 * the same transaction and only while the dossier is editable. A submit prepared from an older read then
 * fails on its version instead of missing the change. A change of the number of live nominations moves
 * the counter too; a new one only while the counter is below the limit, so however many requests race,
 * a dossier never holds more than MAX_NOMINATIONS_PER_DOSSIER (R-DOS-5).
 */
export const touchDossier = (
  dossierId: string,
  now: Date,
  onNotEditable: () => Error,
  count?: CountChange,
) => {
  const editable = '#s IN (:draft, :returned)';
  const names: Record<string, string> = { '#v': 'version', '#s': 'status' };
  const values: Item = { ':one': 1, ':now': now.toISOString(), ':draft': 'draft', ':returned': 'returned' };
  if (!count) {
    return update(
      dossierKey(dossierId),
      'SET #v = #v + :one, updatedAt = :now',
      { condition: editable, names, values },
      onNotEditable,
    );
  }
  names['#n'] = 'nominationCount';
  values[':counted'] = count.counted;
  values[':delta'] = count.delta;
  const condition = count.delta > 0 ? `${editable} AND (attribute_not_exists(#n) OR #n < :max)` : editable;
  if (count.delta > 0) values[':max'] = MAX_NOMINATIONS_PER_DOSSIER;
  return update(
    dossierKey(dossierId),
    'SET #v = #v + :one, updatedAt = :now, #n = if_not_exists(#n, :counted) + :delta',
    { condition, names, values },
    onNotEditable,
  );
};

/** One transaction holds a whole submit or withdraw; a dossier larger than that is refused up front. */
const tooManyNominations = (count: number, max: number, action: { vi: string; en: string }) =>
  new InvalidStateError(
    {
      vi: `Hồ sơ có ${count} đề nghị khen thưởng; mỗi lần ${action.vi} chỉ xử lý được tối đa ${max} đề nghị. Hãy rút bớt đề nghị hoặc liên hệ quản trị viên.`,
      en: `The dossier has ${count} nominations; ${action.en} handles at most ${max} at once. Withdraw some nominations or contact the administrator.`,
    },
    [],
    { nominations: count, max },
  );

const STEP_ACTIONS = {
  submit: { vi: 'nộp', en: 'a submission' },
  withdraw: { vi: 'rút', en: 'a withdrawal' },
} as const;

/**
 * Records a dossier step the domain decided (submitDossier, withdrawDossier) in one transaction: the
 * dossier and each nomination that moved with it, versioned and audited. A withdrawal also frees the
 * unit's place in the round. The nominees' locks stay where they are: a withdrawn nomination is final, so
 * a lock naming one holds nothing, and the next nomination of that nominee takes it over (R-DUP-1,
 * store/nominations.ts). That keeps a withdrawal of the largest dossier (R-DOS-5: 32 nominations, two
 * locks each) within DynamoDB's 100 items: 3 + 2 per nomination, not 3 + 4.
 */
export async function saveDossierStep(args: {
  action: 'submit' | 'withdraw';
  before: DossierRecord;
  after: DossierRecord;
  /** The nominations that moved, as read and as decided, in the same order. */
  moved: readonly { before: NominationRecord; after: NominationRecord }[];
  actor: Actor;
  now: Date;
}): Promise<void> {
  const { action, before, after, moved, actor, now } = args;
  const withdrawing = action === 'withdraw';
  // The dossier's put, its audit record, and the unit's lock (withdraw) or the round still open (submit:
  // closing stamps the round first, so a submission never lands in a round closed meanwhile); per
  // nomination its put and audit record.
  const fixed = 3;
  const max = Math.floor((MAX_TRANSACTION_ITEMS - fixed) / 2);
  if (moved.length > max) throw tooManyNominations(moved.length, max, STEP_ACTIONS[action]);
  const writes: TxItem[] = [
    putVersioned(dossierItem(after), before.version, versionConflict),
    withdrawing ? remove(unitDossierLockKey(before.roundId, before.unitId)) : roundIsOpen(before.roundId),
    auditPut(actor, now, {
      entityId: after.dossierId,
      entityType: 'dossier',
      action,
      unitId: after.unitId,
      before,
      after,
    }),
  ];
  for (const n of moved) {
    writes.push(
      putVersioned(nominationItem(n.after), n.before.version, versionConflict),
      auditPut(actor, now, {
        entityId: n.after.nominationId,
        entityType: 'nomination',
        action,
        unitId: n.after.proposingUnitId,
        before: n.before,
        after: n.after,
      }),
    );
  }
  await transact(writes);
}

const unitHasDossier = () =>
  new InvalidStateError({
    vi: 'Đơn vị đã có một hồ sơ cho đợt này; hãy bổ sung vào hồ sơ đó.',
    en: 'Your unit already has a dossier for this round; add to that one.',
  });

/**
 * A new draft dossier, with the lock that keeps one open dossier per unit and round, its audit record
 * and (when the request carried an Idempotency-Key) the key's record, in one transaction.
 */
export async function createDossierRecord(
  dossier: DossierRecord,
  actor: Actor,
  now: Date,
  idempotency?: TxItem,
): Promise<void> {
  await transact([
    create(
      {
        ...unitDossierLockKey(dossier.roundId, dossier.unitId),
        entity: 'lock',
        dossierId: dossier.dossierId,
      },
      unitHasDossier,
    ),
    create(dossierItem(dossier)),
    auditPut(actor, now, {
      entityId: dossier.dossierId,
      entityType: 'dossier',
      action: 'create',
      unitId: dossier.unitId,
      before: null,
      after: dossier,
    }),
    ...(idempotency ? [idempotency] : []),
  ]);
  refs.keep(dossier.dossierId, 'round', dossier.roundId);
}

/** An edit of a dossier's own fields (proposal letter, signer): versioned and audited. */
export async function saveDossierEdit(before: DossierRecord, after: DossierRecord, actor: Actor, now: Date) {
  await transact(
    auditedReplace(dossierItem(after), before.version, versionConflict, {
      ...{ actor, now, before, after },
      entityId: after.dossierId,
      entityType: 'dossier',
      action: 'update',
      unitId: after.unitId,
    }),
  );
}
