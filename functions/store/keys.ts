// Single-table key formats: every pk/sk/GSI value in the table, query partitions and sort-key prefixes
// included, is built here and nowhere else (test/stores/keys.test.ts fails on a key spelled elsewhere).
//
// Each access pattern is declared once, as where it reads (the table or an index) and the shape of its
// partition and sort key. Writes take an item's key attributes from it (`keys`), reads their Query condition
// (`query`, `partition`), and an item read back from a shared partition is told apart by it (`holds`).
// Attribute names: see table-schema.ts. S3 object keys: see object-keys.ts.
//
//  entity            pk                         sk                          gsi1 (pk / sk)                       gsi2 (pk / sk)
//  unit              UNIT#<unitId>              UNIT                        UNITS / <tier>#<unitId>              UNITCHILDREN#<parent> / <unitId>
//  index result      UNIT#<unitId>              INDEX#<year>                INDEX#<year> / <unitId>              -
//  predecessor link  UNIT#<successorId>         PREDECESSOR#<unitId>        -                                    -
//  campaign          CAMPAIGN#<id>              CAMPAIGN                    CAMPAIGNS / <id>                     -
//  round slot lock   CAMPAIGN#<id>              ROUNDSLOT#<kind>#<slot>     -                                    -
//  round             ROUND#<roundId>            ROUND                       ROUNDS / <roundId>                   -
//  unit extension    ROUND#<roundId>            EXT#<unitId>                -                                    -
//  awarded counter   ROUND#<roundId>            AWARDED#<tier>#<type>       -                                    -
//  nominee lock      ROUND#<roundId>            NOMINEE#<nomineeKey>        -                                    -
//  unit dossier lock ROUND#<roundId>            UNITDOSSIER#<unitId>        -                                    -
//  dossier           DOSSIER#<dossierId>        DOSSIER                     UNITDOSSIERS#<unitId> / <round>#<id> ROUNDDOSSIERS#<roundId> / <status>#<unitId>#<id>
//  nomination        DOSSIER#<dossierId>        NOM#<nominationId>          -                                    ROUNDNOMS#<roundId> / <status>#<tier>#<type>#<id>
//  document          DOSSIER#<dossierId>        DOC#<documentId>            -                                    -
//  id reference      REF#<id>                   REF                         -                                    -
//  movement report   MOVREPORT#<unitId>#<year>  MOVREPORT                   MOVREPORTS#<year> / <status>#<unitId> -
//  report document   MOVREPORT#<unitId>#<year>  DOC#<documentId>            -                                    -
//  audit record      AUDIT#<entityId>           <at>#<auditId>              -                                    -
//  notification      NOTIF#<addressee>          <notificationId>            NOTIFS#<addressee> / <createdAt>#<id> NOTIFOUTBOX / <createdAt>#<id> (until published)
//  idempotency       IDEMP#<subject>#<key>      IDEMP                       -                                    -
//  mail claim        MAIL#<notificationId>      TO#<address>                -                                    -
//
// <addressee> is UNIT#<unitId> or ROLE#<role>.

import type { NomineeType, Tier } from '#domain/types.ts';
import { GSIS, type GsiName, keyAttributes, TABLE_KEYS, TTL_ATTRIBUTE } from './table-schema.ts';

export interface Key {
  pk: string;
  sk: string;
}

/** A value that goes into a key. */
type Part = string | number;

const labels = new Set<string>();
/** Every fixed label of a key format declared below (the check that no other module spells one). */
export const KEY_LABELS: ReadonlySet<string> = labels;

/**
 * The shape of one key value: an optional fixed label, then the named parts, joined with '#'. Only the
 * last part may itself contain '#' (a nominee key does).
 */
class KeyFormat<P extends string> {
  constructor(
    readonly label: string | undefined,
    readonly parts: readonly P[],
  ) {
    if (label !== undefined) labels.add(label);
  }

  private join(values: readonly Part[]): string {
    return (this.label === undefined ? values : [this.label, ...values]).join('#');
  }

  /** The whole value (writes, GetItem). */
  build(values: Record<P, Part>): string {
    return this.join(this.parts.map((p) => values[p]));
  }

  /**
   * The begins_with prefix of a Query: the label and the leading parts that are given, then '#' (all parts
   * given: the whole value). Undefined when there is nothing to narrow by.
   */
  prefix(values: Partial<Record<P, Part | undefined>>): string | undefined {
    const given: Part[] = [];
    for (const p of this.parts) {
      const v = values[p];
      if (v === undefined) break;
      given.push(v);
    }
    if (given.length === this.parts.length) return this.join(given);
    if (this.label === undefined && given.length === 0) return undefined;
    return `${this.join(given)}#`;
  }

  /** Whether a stored value is of this shape, by its label (tells the items of a shared partition apart). */
  matches(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    if (this.label === undefined) return true;
    return this.parts.length === 0 ? value === this.label : value.startsWith(`${this.label}#`);
  }

  /** The named parts of a stored value; undefined when the value is not of this shape. */
  parse(value: string): Record<P, string> | undefined {
    if (!this.matches(value)) return undefined;
    const rest = this.label === undefined ? value : value.slice(this.label.length + 1);
    const pieces = this.parts.length === 0 ? [] : rest.split('#');
    if (pieces.length < this.parts.length) return undefined;
    const last = pieces.splice(this.parts.length - 1).join('#');
    const values = [...pieces, last];
    return Object.fromEntries(this.parts.map((p, i) => [p, values[i]])) as Record<P, string>;
  }
}

const format = <const P extends string = never>(label: string | undefined, ...parts: P[]) =>
  new KeyFormat<P>(label, parts);

/** Where an access pattern reads: the base table or one of its indexes. */
type Source = 'table' | GsiName;

type AttributesOf<S extends Source> = S extends GsiName
  ? { pk: (typeof GSIS)[S]['partitionKey']['name']; sk: (typeof GSIS)[S]['sortKey']['name'] }
  : { pk: typeof TABLE_KEYS.partitionKey.name; sk: typeof TABLE_KEYS.sortKey.name };

/** The key attributes an item carries for one access pattern. */
type KeysOf<S extends Source> = { [A in AttributesOf<S>['pk'] | AttributesOf<S>['sk']]: string };

declare const declared: unique symbol;

/**
 * The key condition of a Query, as queryPage/queryAll take it. Only the access patterns of this module
 * build one, so no Query runs on a partition spelled anywhere else.
 */
export interface KeyCondition {
  readonly index?: GsiName;
  readonly pk: string;
  /** begins_with on the sort key. */
  readonly skPrefix?: string;
  readonly [declared]: true;
}

const sortKeyOf = (item: object, attribute: string): unknown => (item as Record<string, unknown>)[attribute];

/** One access pattern: where it reads, and the formats of its partition and sort key. */
class AccessPattern<S extends Source, P extends string, K extends string> {
  /** The attribute names of this pattern's partition and sort key. */
  readonly attributes: AttributesOf<S>;

  constructor(
    readonly source: S,
    readonly pk: KeyFormat<P>,
    readonly sk: KeyFormat<K>,
  ) {
    // One set of values fills both keys (and a query's prefix): a part name may serve only one of them.
    const shared = pk.parts.filter((p) => (sk.parts as readonly string[]).includes(p));
    if (shared.length > 0) throw new Error(`key parts in both partition and sort key: ${shared.join(', ')}`);
    const schema = source === 'table' ? TABLE_KEYS : GSIS[source as GsiName];
    this.attributes = { pk: schema.partitionKey.name, sk: schema.sortKey.name } as AttributesOf<S>;
  }

  /** The key attributes of an item of this pattern (writes). */
  keys(values: Record<P | K, Part>): KeysOf<S> {
    return {
      [this.attributes.pk]: this.pk.build(values),
      [this.attributes.sk]: this.sk.build(values),
    } as KeysOf<S>;
  }

  /** A Query of one partition, narrowed to the sort keys that begin with the leading sort-key parts given. */
  query(values: Record<P, Part> & Partial<Record<K, Part | undefined>>): KeyCondition {
    const skPrefix = this.sk.prefix(values);
    return { ...this.partition(values), ...(skPrefix === undefined ? {} : { skPrefix }) } as KeyCondition;
  }

  /** A Query of one whole partition, whatever the sort keys (other patterns' items that share it included). */
  partition(values: Record<P, Part>): KeyCondition {
    return {
      ...(this.source === 'table' ? {} : { index: this.source }),
      pk: this.pk.build(values),
    } as KeyCondition;
  }

  /** Whether an item read from a shared partition is one of this pattern's (by its sort key). */
  holds(item: object): boolean {
    return this.sk.matches(sortKeyOf(item, this.attributes.sk));
  }

  /** The named parts of an item's sort key; undefined when the item is not one of this pattern's. */
  sortKeyParts(item: object): Record<K, string> | undefined {
    const sk = sortKeyOf(item, this.attributes.sk);
    return typeof sk === 'string' ? this.sk.parse(sk) : undefined;
  }
}

const pattern = <S extends Source, P extends string, K extends string>(
  source: S,
  pk: KeyFormat<P>,
  sk: KeyFormat<K>,
) => new AccessPattern(source, pk, sk);

// ---- units and index results ----

const unitPartition = format('UNIT', 'unitId');

/** A unit by id (GetItem). */
export const unitById = pattern('table', unitPartition, format('UNIT'));
export const unitKey = (unitId: string): Key => unitById.keys({ unitId });
/** The unit registry, all units or one tier's (GET /units?tier=, the sweep). */
export const unitsByTier = pattern('gsi1', format('UNITS'), format(undefined, 'tier', 'unitId'));
/** The direct children of a unit (GET /units?parentUnitId=). */
export const unitsByParent = pattern(
  'gsi2',
  format('UNITCHILDREN', 'parentUnitId'),
  format(undefined, 'unitId'),
);

/** One unit's results for all years in one consistent query (eligibility needs them together). */
export const indexResultsByUnit = pattern('table', unitPartition, format('INDEX', 'year'));
export const indexResultKey = (unitId: string, year: number): Key =>
  indexResultsByUnit.keys({ unitId, year });
/**
 * R-UNIT-2: the units merged into a unit (those whose successorUnitIds contain it), one link item per
 * predecessor in the successor's partition, written in the same transaction as the predecessor.
 */
export const predecessorsOfUnit = pattern('table', unitPartition, format('PREDECESSOR', 'predecessorUnitId'));
/** All units' results of one year (GET /index-results?year=). */
export const indexResultsByYear = pattern('gsi1', format('INDEX', 'year'), format(undefined, 'unitId'));

// ---- campaigns, rounds and what a round's partition holds ----

const campaignPartition = format('CAMPAIGN', 'campaignId');

/** A campaign by id (GetItem). */
export const campaignById = pattern('table', campaignPartition, format('CAMPAIGN'));
export const campaignKey = (campaignId: string): Key => campaignById.keys({ campaignId });
/** Every campaign (the movement report finds the campaign of its year among them). */
export const campaignList = pattern('gsi1', format('CAMPAIGNS'), format(undefined, 'campaignId'));

/**
 * R-ROUND-2: one annual round per year and one period round per campaign, enforced by attribute_not_exists
 * on a lock the round's create transaction takes (slot: the year of an annual round, `period` otherwise).
 */
export const roundSlotsByCampaign = pattern('table', campaignPartition, format('ROUNDSLOT', 'kind', 'slot'));
export const roundSlotKey = (campaignId: string, kind: string, slot: string): Key =>
  roundSlotsByCampaign.keys({ campaignId, kind, slot });

const roundPartition = format('ROUND', 'roundId');

/** A round by id (GetItem). */
export const roundById = pattern('table', roundPartition, format('ROUND'));
export const roundKey = (roundId: string): Key => roundById.keys({ roundId });
/** Every round (GET /rounds, the sweep). */
export const roundList = pattern('gsi1', format('ROUNDS'), format(undefined, 'roundId'));

/** Per-unit deadline extensions of a round (R-DL-2), all of a round's in one consistent query. */
export const extensionsByRound = pattern('table', roundPartition, format('EXT', 'unitId'));
export const extensionKey = (roundId: string, unitId: string): Key =>
  extensionsByRound.keys({ roundId, unitId });

/** Conditional counters of the awards granted in each quota cell of a round (R-QUOTA-2). */
export const awardedByRound = pattern('table', roundPartition, format('AWARDED', 'tier', 'nomineeType'));
export const awardedCounterKey = (roundId: string, tier: Tier, nomineeType: NomineeType): Key =>
  awardedByRound.keys({ roundId, tier, nomineeType });
/** The quota cell an awarded counter's sort key names; undefined for any other item. */
export const awardedCellOf = (item: object) =>
  awardedByRound.sortKeyParts(item) as { tier: Tier; nomineeType: NomineeType } | undefined;

/** One non-withdrawn nomination per nominee and round (R-DUP-1), enforced by attribute_not_exists. */
export const nomineeLocksByRound = pattern('table', roundPartition, format('NOMINEE', 'nomineeKey'));
export const nomineeLockKey = (roundId: string, nomineeKey: string): Key =>
  nomineeLocksByRound.keys({ roundId, nomineeKey });

/** One open dossier per proposing unit and round. */
export const unitDossierLocksByRound = pattern('table', roundPartition, format('UNITDOSSIER', 'unitId'));
export const unitDossierLockKey = (roundId: string, unitId: string): Key =>
  unitDossierLocksByRound.keys({ roundId, unitId });

// ---- dossiers, their nominations and documents ----

/** A dossier, its nominations and documents share a partition: one consistent Query reads them all. */
const dossierPartition = format('DOSSIER', 'dossierId');

/** A dossier by id; `dossierById.partition` reads it whole, nominations and documents included. */
export const dossierById = pattern('table', dossierPartition, format('DOSSIER'));
export const dossierKey = (dossierId: string): Key => dossierById.keys({ dossierId });
/** A unit's dossiers, all or one round's (GET /dossiers as a unit officer). */
export const dossiersByUnit = pattern(
  'gsi1',
  format('UNITDOSSIERS', 'unitId'),
  format(undefined, 'roundId', 'dossierId'),
);
/** A round's dossiers, all or one status's (GET /dossiers?roundId=, the sweep, extending and closing a round). */
export const dossiersByRound = pattern(
  'gsi2',
  format('ROUNDDOSSIERS', 'roundId'),
  format(undefined, 'status', 'unitId', 'dossierId'),
);

/** The nominations of a dossier, in its partition. */
export const nominationsByDossier = pattern('table', dossierPartition, format('NOM', 'nominationId'));
export const nominationKey = (dossierId: string, nominationId: string): Key =>
  nominationsByDossier.keys({ dossierId, nominationId });
/** A round's nominations by status, tier and type (summary, appraisal report, award list). */
export const nominationsByRound = pattern(
  'gsi2',
  format('ROUNDNOMS', 'roundId'),
  format(undefined, 'status', 'tier', 'nomineeType', 'nominationId'),
);

/** The documents of a dossier, in its partition (the sweep's movement-report check). */
export const documentsByDossier = pattern('table', dossierPartition, format('DOC', 'documentId'));
export const documentKey = (dossierId: string, documentId: string): Key =>
  documentsByDossier.keys({ dossierId, documentId });

// ---- yearly movement reports (R-REP-1) ----

/** A unit's report of one year and its documents share a partition: one consistent Query reads them all. */
const movementReportPartition = format('MOVREPORT', 'unitId', 'year');

/** A movement report by unit and year; `movementReportById.partition` reads it whole, documents included. */
export const movementReportById = pattern('table', movementReportPartition, format('MOVREPORT'));
export const movementReportKey = (unitId: string, year: number): Key =>
  movementReportById.keys({ unitId, year });
/** The documents of a movement report, in its partition. */
export const reportDocumentsByReport = pattern('table', movementReportPartition, format('DOC', 'documentId'));
export const reportDocumentKey = (unitId: string, year: number, documentId: string): Key =>
  reportDocumentsByReport.keys({ unitId, year, documentId });
/** A year's reports by status (the sweep's D-REP reminders: who has submitted). */
export const movementReportsByYear = pattern(
  'gsi1',
  format('MOVREPORTS', 'year'),
  format(undefined, 'status', 'unitId'),
);

/**
 * Resolves a nomination or document id to its dossier (or a report document's id to its report) with a
 * consistent GetItem. Written once, never changed.
 */
export const refById = pattern('table', format('REF', 'id'), format('REF'));
export const refKey = (id: string): Key => refById.keys({ id });

// ---- audit, notifications, idempotency ----

/** Audit trail of one entity in time order; records are only ever put, with attribute_not_exists. */
export const auditByEntity = pattern(
  'table',
  format('AUDIT', 'entityId'),
  format(undefined, 'at', 'auditId'),
);
export const auditKey = (entityId: string, at: string, auditId: string): Key =>
  auditByEntity.keys({ entityId, at, auditId });

/** Addressee of a notification: a unit or a role. */
export type Addressee = { unitId: string } | { role: string };
const unitAddressee = format('UNIT', 'unitId');
const roleAddressee = format('ROLE', 'role');
/** The addressee as it appears in notification keys (and in the cursors of a merged listing). */
export const addresseeId = (a: Addressee) =>
  'unitId' in a ? unitAddressee.build(a) : roleAddressee.build(a);

/** A notification by addressee and id; the id is deterministic, so the conditional put makes sweeps idempotent. */
export const notificationById = pattern(
  'table',
  format('NOTIF', 'addressee'),
  format(undefined, 'notificationId'),
);
export const notificationKey = (addressee: Addressee, notificationId: string): Key =>
  notificationById.keys({ addressee: addresseeId(addressee), notificationId });
/** An addressee's notifications in time order (GET /notifications, newest first). */
export const notificationsByAddressee = pattern(
  'gsi1',
  format('NOTIFS', 'addressee'),
  format(undefined, 'createdAt', 'notificationId'),
);

/**
 * The notification outbox: a sparse index of the notifications not yet published on the event bus. The
 * sweep writes a notification with these keys and removes them once its event is out, so a sweep that
 * stopped half-way leaves the rest here for the next one (one Query, normally empty).
 */
export const notificationOutbox = pattern(
  'gsi2',
  format('NOTIFOUTBOX'),
  format(undefined, 'createdAt', 'notificationId'),
);

/** The stored response of an Idempotency-Key (SPEC §8), by subject and key. */
export const idempotencyRecord = pattern('table', format('IDEMP', 'subject', 'key'), format('IDEMP'));
export const idempotencyKey = (subject: string, key: string): Key => idempotencyRecord.keys({ subject, key });

/**
 * R-MAIL-1: the claim of one e-mail, a notification to one address, taken with a condition before it is
 * sent, so that retries and sweep re-runs never send it twice (store/mail-claims.ts).
 */
export const mailClaimsByNotification = pattern(
  'table',
  format('MAIL', 'notificationId'),
  format('TO', 'address'),
);
export const mailClaimKey = (notificationId: string, address: string): Key =>
  mailClaimsByNotification.keys({ notificationId, address });

/** Attributes that are storage plumbing, stripped before an item leaves the repository. */
export const KEY_ATTRIBUTES: readonly string[] = [
  ...keyAttributes().map((a) => a.name),
  'entity',
  TTL_ATTRIBUTE,
];
