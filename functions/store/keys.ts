// Single-table key formats: every pk/sk/GSI key in the table is built here, nowhere else.
// Each builder's comment names the access pattern it serves. Attribute names: see table-schema.ts.
//
//  entity            pk                         sk                          gsi1 (pk / sk)                       gsi2 (pk / sk)
//  unit              UNIT#<unitId>              UNIT                        UNITS / <tier>#<unitId>              UNITCHILDREN#<parent> / <unitId>
//  index result      UNIT#<unitId>              INDEX#<year>                INDEX#<year> / <unitId>              -
//  campaign          CAMPAIGN#<id>              CAMPAIGN                    CAMPAIGNS / <id>                     -
//  round             ROUND#<roundId>            ROUND                       ROUNDS / <roundId>                   -
//  unit extension    ROUND#<roundId>            EXT#<unitId>                -                                    -
//  awarded counter   ROUND#<roundId>            AWARDED#<tier>#<type>       -                                    -
//  nominee lock      ROUND#<roundId>            NOMINEE#<nomineeKey>        -                                    -
//  unit dossier lock ROUND#<roundId>            UNITDOSSIER#<unitId>        -                                    -
//  dossier           DOSSIER#<dossierId>        DOSSIER                     UNITDOSSIERS#<unitId> / <round>#<id> ROUNDDOSSIERS#<roundId> / <status>#<unitId>#<id>
//  nomination        DOSSIER#<dossierId>        NOM#<nominationId>          -                                    ROUNDNOMS#<roundId> / <status>#<tier>#<type>#<id>
//  document          DOSSIER#<dossierId>        DOC#<documentId>            -                                    -
//  id reference      REF#<id>                   REF                         -                                    -
//  audit record      AUDIT#<entityId>           <at>#<auditId>              -                                    -
//  notification      NOTIF#<addressee>          <notificationId>            NOTIFS#<addressee> / <createdAt>#<id> NOTIFOUTBOX / <createdAt>#<id> (until published)
//  idempotency       IDEMP#<subject>#<key>      IDEMP                       -                                    -

import type { NomineeType, Tier } from '#domain/types.ts';

export interface Key {
  pk: string;
  sk: string;
}

export const unitKey = (unitId: string): Key => ({ pk: `UNIT#${unitId}`, sk: 'UNIT' });
/** List the registry, optionally by tier (begins_with `<tier>#`). */
export const unitListKeys = (tier: Tier, unitId: string) => ({
  gsi1pk: 'UNITS',
  gsi1sk: `${tier}#${unitId}`,
});
/** List the direct children of a unit. */
export const unitChildKeys = (parentUnitId: string, unitId: string) => ({
  gsi2pk: `UNITCHILDREN#${parentUnitId}`,
  gsi2sk: unitId,
});

/** One unit's results for all years in one consistent query (eligibility needs them together). */
export const indexResultKey = (unitId: string, year: number): Key => ({
  pk: `UNIT#${unitId}`,
  sk: `INDEX#${year}`,
});
export const INDEX_RESULT_PREFIX = 'INDEX#';
/** All units' results of one year (GET /index-results?year=). */
export const indexYearKeys = (year: number, unitId: string) => ({ gsi1pk: `INDEX#${year}`, gsi1sk: unitId });

export const campaignKey = (campaignId: string): Key => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });
export const campaignListKeys = (campaignId: string) => ({ gsi1pk: 'CAMPAIGNS', gsi1sk: campaignId });

export const roundKey = (roundId: string): Key => ({ pk: `ROUND#${roundId}`, sk: 'ROUND' });
export const roundListKeys = (roundId: string) => ({ gsi1pk: 'ROUNDS', gsi1sk: roundId });
export const roundPartition = (roundId: string) => `ROUND#${roundId}`;

/** Per-unit deadline extension of a round (R-DL-2); all of a round's read with begins_with EXT#. */
export const extensionKey = (roundId: string, unitId: string): Key => ({
  pk: roundPartition(roundId),
  sk: `EXT#${unitId}`,
});
export const EXTENSION_PREFIX = 'EXT#';

/** Conditional counter of awards granted in one quota cell (R-QUOTA-2). */
export const awardedCounterKey = (roundId: string, tier: Tier, nomineeType: NomineeType): Key => ({
  pk: roundPartition(roundId),
  sk: `AWARDED#${tier}#${nomineeType}`,
});
export const AWARDED_PREFIX = 'AWARDED#';
/** The quota cell an awarded counter's sort key names. */
export const awardedCellOf = (sk: string) => {
  const [, tier, nomineeType] = sk.split('#') as [string, Tier, NomineeType];
  return { tier, nomineeType };
};

/** One non-withdrawn nomination per nominee and round (R-DUP-1), enforced by attribute_not_exists. */
export const nomineeLockKey = (roundId: string, nomineeKey: string): Key => ({
  pk: roundPartition(roundId),
  sk: `NOMINEE#${nomineeKey}`,
});

/** One open dossier per proposing unit and round. */
export const unitDossierLockKey = (roundId: string, unitId: string): Key => ({
  pk: roundPartition(roundId),
  sk: `UNITDOSSIER#${unitId}`,
});

/** A dossier, its nominations and documents share a partition: one consistent Query reads them all. */
export const dossierPartition = (dossierId: string) => `DOSSIER#${dossierId}`;
export const dossierKey = (dossierId: string): Key => ({ pk: dossierPartition(dossierId), sk: 'DOSSIER' });
export const dossierIndexKeys = (d: {
  unitId: string;
  roundId: string;
  dossierId: string;
  status: string;
}) => ({
  gsi1pk: `UNITDOSSIERS#${d.unitId}`,
  gsi1sk: `${d.roundId}#${d.dossierId}`,
  gsi2pk: `ROUNDDOSSIERS#${d.roundId}`,
  gsi2sk: `${d.status}#${d.unitId}#${d.dossierId}`,
});

export const nominationKey = (dossierId: string, nominationId: string): Key => ({
  pk: dossierPartition(dossierId),
  sk: `NOM#${nominationId}`,
});
export const NOMINATION_PREFIX = 'NOM#';
/** A round's nominations by status, tier and type (summary, appraisal report, award list). */
export const nominationIndexKeys = (n: {
  roundId: string;
  status: string;
  tier: Tier;
  nomineeType: NomineeType;
  nominationId: string;
}) => ({
  gsi2pk: `ROUNDNOMS#${n.roundId}`,
  gsi2sk: `${n.status}#${n.tier}#${n.nomineeType}#${n.nominationId}`,
});

export const documentKey = (dossierId: string, documentId: string): Key => ({
  pk: dossierPartition(dossierId),
  sk: `DOC#${documentId}`,
});
export const DOCUMENT_PREFIX = 'DOC#';

/** Resolves a nomination or document id to its dossier with a consistent GetItem. Written once, never changed. */
export const refKey = (id: string): Key => ({ pk: `REF#${id}`, sk: 'REF' });

/** Audit trail of one entity in time order; records are only ever put, with attribute_not_exists. */
export const auditKey = (entityId: string, at: string, auditId: string): Key => ({
  pk: `AUDIT#${entityId}`,
  sk: `${at}#${auditId}`,
});
export const auditPartition = (entityId: string) => `AUDIT#${entityId}`;

/** Addressee of a notification: a unit or a role. */
export type Addressee = { unitId: string } | { role: string };
export const addresseeId = (a: Addressee) => ('unitId' in a ? `UNIT#${a.unitId}` : `ROLE#${a.role}`);
/** Deterministic per (round, addressee, kind, offset): the conditional put makes sweeps idempotent. */
export const notificationKey = (addressee: Addressee, notificationId: string): Key => ({
  pk: `NOTIF#${addresseeId(addressee)}`,
  sk: notificationId,
});
export const notificationIndexKeys = (addressee: Addressee, createdAt: string, notificationId: string) => ({
  gsi1pk: `NOTIFS#${addresseeId(addressee)}`,
  gsi1sk: `${createdAt}#${notificationId}`,
});

/**
 * The notification outbox: a sparse index of the notifications not yet published on the event bus. The
 * sweep writes a notification with these keys and removes them once its event is out, so a sweep that
 * stopped half-way leaves the rest here for the next one (one Query, normally empty).
 */
export const NOTIFICATION_OUTBOX = 'NOTIFOUTBOX';
export const notificationOutboxKeys = (createdAt: string, notificationId: string) => ({
  gsi2pk: NOTIFICATION_OUTBOX,
  gsi2sk: `${createdAt}#${notificationId}`,
});

export const idempotencyKey = (subject: string, key: string): Key => ({
  pk: `IDEMP#${subject}#${key}`,
  sk: 'IDEMP',
});

/** Attributes that are storage plumbing, stripped before an item leaves the repository. */
export const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'entity',
  'expiresAt',
] as const;
