// Campaigns, rounds and per-unit extensions. The award counters of each quota cell: awards.ts.

import { judgedBy, roundSlot, roundSlotTakenError } from '#domain/campaign.ts';
import { InvalidStateError, NotFoundError, versionConflict } from '#domain/errors.ts';
import { roundClosedError } from '#domain/lifecycle.ts';
import type { CampaignCopy, CampaignDefinition, Round, UnitExtension } from '#domain/types.ts';
import { type Actor, auditedReplace, auditPut } from './audit.ts';
import {
  check,
  create,
  getItem,
  type Item,
  type Stamps,
  put,
  queryAll,
  queryPage,
  strip,
  transact,
  type TxItem,
} from './db.ts';
import {
  campaignKey,
  campaignList,
  extensionKey,
  extensionsByRound,
  roundKey,
  roundList,
  roundSlotKey,
} from './keys.ts';
import { Recent } from './recent.ts';

/** A stored campaign (R-CAMP-2), versioned like every editable record. */
export interface CampaignRecord extends CampaignDefinition, Stamps {}

/**
 * A stored round. `campaign`: its campaign as read when the round was created (R-CAMP-2), internal to the
 * store — no response, list, export or audit record shows it. A round stored before rounds kept it has none
 * and is served by its campaign as stored now.
 */
export interface RoundRecord extends Round, Stamps {
  campaign?: CampaignCopy | undefined;
}

/**
 * A round without the campaign it keeps: what responses and the audit record of its creation show of it
 * (the records of later changes keep only the fields that changed, and the copy never does).
 */
export function shownRound({ campaign: _kept, ...round }: RoundRecord): Round & Stamps {
  return round;
}

export interface ExtensionRecord extends UnitExtension {
  createdAt: string;
}

export const campaignItem = (c: CampaignRecord): Item => ({
  ...campaignKey(c.campaignId),
  ...campaignList.keys(c),
  entity: 'campaign',
  ...c,
});

export const roundItem = (r: RoundRecord): Item => ({
  ...roundKey(r.roundId),
  ...roundList.keys(r),
  entity: 'round',
  ...r,
});

export const extensionItem = (e: ExtensionRecord): Item => ({
  ...extensionKey(e.roundId, e.unitId),
  entity: 'extension',
  ...e,
});

export const roundNotFound = (roundId: string) =>
  new NotFoundError({
    vi: `Không tìm thấy đợt khen thưởng có mã “${roundId}”.`,
    en: `No round has the id “${roundId}”.`,
  });

export const campaignNotFound = (campaignId: string) =>
  new NotFoundError({
    vi: `Không tìm thấy phong trào có mã “${campaignId}”.`,
    en: `No campaign has the id “${campaignId}”.`,
  });

/**
 * A warm container keeps the campaigns it read for at most REFERENCE_CACHE_SECONDS (store/recent.ts).
 * Campaigns are editable (R-CAMP-2), so another container may serve an edit's old value for that long. What
 * depends on an edit is a new round, which `freshCampaign` reads and keeps a copy of; an existing round is
 * served by its copy and never reads its campaign, except a round stored before rounds kept one.
 */
const campaigns = new Recent<CampaignRecord>();

export function getCampaign(campaignId: string): Promise<CampaignRecord | undefined> {
  return campaigns.through(campaignId, () => readCampaign(campaignId));
}

/** The campaign as stored now (a consistent read), refreshing the container's copy. */
export function freshCampaign(campaignId: string): Promise<CampaignRecord | undefined> {
  return campaigns.through(campaignId, () => readCampaign(campaignId), true);
}

async function readCampaign(campaignId: string): Promise<CampaignRecord | undefined> {
  const item = await getItem(campaignKey(campaignId));
  return item ? strip<CampaignRecord>(item) : undefined;
}

export async function listCampaigns(limit: number, nextToken: string | undefined) {
  const page = await queryPage({ where: campaignList.query({}), limit, nextToken });
  return { items: page.items.map((i) => strip<CampaignRecord>(i)), nextToken: page.nextToken };
}

/** A new campaign (409 when its id is taken), with its audit record and the Idempotency-Key's record. */
export async function createCampaignRecord(
  campaign: CampaignRecord,
  actor: Actor,
  now: Date,
  idempotency?: TxItem,
) {
  const taken = () =>
    new InvalidStateError({
      vi: `Đã có phong trào mang mã “${campaign.campaignId}”.`,
      en: `A campaign with the id “${campaign.campaignId}” already exists.`,
    });
  await transact([
    create(campaignItem(campaign), taken),
    auditPut(actor, now, {
      entityId: campaign.campaignId,
      entityType: 'campaign',
      action: 'create',
      before: null,
      after: campaign,
    }),
    ...(idempotency ? [idempotency] : []),
  ]);
}

/** A campaign edited at the version it was read (412 otherwise), audited. Existing rounds keep their copy. */
export async function saveCampaign(before: CampaignRecord, after: CampaignRecord, actor: Actor, now: Date) {
  await transact(
    auditedReplace(campaignItem(after), before.version, versionConflict, {
      ...{ actor, now, before, after },
      entityId: after.campaignId,
      entityType: 'campaign',
      action: 'update',
    }),
  );
  campaigns.forget(after.campaignId);
}

/** Every campaign (a handful): the movement report finds the campaign of its year among them. */
export async function allCampaigns(): Promise<CampaignRecord[]> {
  return (await queryAll({ where: campaignList.query({}) })).map((i) => strip<CampaignRecord>(i));
}

export async function getRound(roundId: string): Promise<RoundRecord | undefined> {
  return rounds.through(roundId, () => readRound(roundId), true);
}

async function readRound(roundId: string): Promise<RoundRecord | undefined> {
  const item = await getItem(roundKey(roundId));
  return item ? strip<RoundRecord>(item) : undefined;
}

/**
 * Rounds as the read routes see them (`requireRound(id, 'recent')`: GET of a dossier or a nomination, whose
 * answer depends only on the round's kind, years and copied rules, none of which changes after creation),
 * at most REFERENCE_CACHE_SECONDS old. Whatever decides a write (deadlines, closing, the appraisal report)
 * reads the round as stored now.
 */
const rounds = new Recent<RoundRecord>();

/** After a write of a round in this container. */
export const forgetRound = (roundId: string) => rounds.forget(roundId);

/**
 * R-CAMP-2: the campaign a round is served by — the copy it kept when it was created (no read), or, for a
 * round stored before rounds kept one, its campaign as stored (through the container's cache).
 */
export async function campaignOfRound(round: RoundRecord): Promise<CampaignCopy | undefined> {
  return round.campaign ?? (await getCampaign(round.campaignId));
}

/** The round and its campaign's rules as the round copied them; `recent`: see `rounds` above. */
export async function requireRound(
  roundId: string,
  age: 'current' | 'recent' = 'current',
): Promise<{ round: RoundRecord; campaign: CampaignCopy }> {
  const round =
    age === 'recent' ? await rounds.through(roundId, () => readRound(roundId)) : await getRound(roundId);
  if (!round) throw roundNotFound(roundId);
  const campaign = await campaignOfRound(round);
  if (!campaign) throw new Error(`campaign ${round.campaignId} of round ${roundId} is missing`);
  // R-CAMP-2: the round is judged by the rules it copied when it was created.
  return { round, campaign: judgedBy(round, campaign) };
}

export async function listRounds(limit: number, nextToken: string | undefined) {
  const page = await queryPage({ where: roundList.query({}), limit, nextToken });
  return { items: page.items.map((i) => strip<RoundRecord>(i)), nextToken: page.nextToken };
}

export async function getExtension(roundId: string, unitId: string): Promise<ExtensionRecord | undefined> {
  const item = await getItem(extensionKey(roundId, unitId));
  return item ? strip<ExtensionRecord>(item) : undefined;
}

/** A round's per-unit extensions (R-DL-2): a consistent query of the round's partition. */
export async function roundExtensions(roundId: string): Promise<ExtensionRecord[]> {
  const items = await queryAll({ where: extensionsByRound.query({ roundId }) });
  return items.map((i) => strip<ExtensionRecord>(i));
}

/** A transaction condition: the round has not been closed meanwhile (closing stamps `closedAt` first). */
export const roundIsOpen = (roundId: string) =>
  check(roundKey(roundId), 'attribute_not_exists(#closed)', { names: { '#closed': 'closedAt' } }, () =>
    roundClosedError(),
  );

// ---- Writes: each change with its audit record ----

/**
 * R-ROUND-2: the lock of a round's place in its campaign (one annual round a year, one period round), written
 * with the round; `create` refuses a second one.
 */
export const roundSlotLock = (round: Round, onTaken?: () => Error): TxItem => {
  const { kind, slot } = roundSlot(round);
  return create(
    { ...roundSlotKey(round.campaignId, kind, slot), entity: 'lock', roundId: round.roundId },
    onTaken,
  );
};

/**
 * A new round (409 when the id is taken, or its campaign already has a round of that kind and year), with
 * its audit record and the Idempotency-Key's record.
 */
export async function createRoundRecord(round: RoundRecord, actor: Actor, now: Date, idempotency?: TxItem) {
  const taken = () =>
    new InvalidStateError({
      vi: `Đã có đợt khen thưởng mang mã “${round.roundId}”.`,
      en: `A round with the id “${round.roundId}” already exists.`,
    });
  await transact([
    create(roundItem(round), taken),
    roundSlotLock(round, () => roundSlotTakenError(round.campaignId, round)),
    auditPut(actor, now, {
      entityId: round.roundId,
      entityType: 'round',
      action: 'create',
      before: null,
      after: shownRound(round),
    }),
    ...(idempotency ? [idempotency] : []),
  ]);
}

/** A round's deadlines or announcement date changed (R-DL-2), with the reason in the audit record. */
export async function saveRoundDeadlines(
  before: RoundRecord,
  after: RoundRecord,
  reason: string,
  actor: Actor,
  now: Date,
) {
  await transact(
    auditedReplace(roundItem(after), before.version, versionConflict, {
      ...{ actor, now, before, after, reason },
      entityId: after.roundId,
      entityType: 'round',
      action: 'update_deadlines',
    }),
  );
  forgetRound(after.roundId);
}

/** A per-unit extension of a round's D-SUB (R-DL-2), replacing `before` (if any), audited with its reason. */
export async function saveExtension(
  extension: ExtensionRecord,
  before: ExtensionRecord | undefined,
  actor: Actor,
  now: Date,
) {
  await transact([
    put(extensionItem(extension)),
    auditPut(actor, now, {
      entityId: extension.roundId,
      entityType: 'round',
      action: 'extend_unit_deadline',
      unitId: extension.unitId,
      before: before ?? null,
      after: extension,
      reason: extension.reason,
    }),
  ]);
}
