// Fixtures written straight into the table with the store's own item builders: a dossier that has already
// been submitted (with its required documents verified), so appraisal and award tests do not depend on the
// upload and submit routes; a movement report in a given status; a notification, so list tests do not
// depend on the sweep. Importing this loads the configuration (the store modules read it at import).

import { randomUUID } from 'node:crypto';
import { PLAN_1109 } from '#domain/campaign.ts';
import type { MovementReportStatus } from '#domain/movement-report.ts';
import { nomineeKeys } from '#domain/nominee.ts';
import type {
  CampaignDefinition,
  CollectiveNominee,
  CriterionCode,
  DocumentKind,
  DossierStatus,
  IndividualNominee,
  Initiative,
  NominationStatus,
  NomineeType,
  Tier,
} from '#domain/types.ts';
import { nomineeTier } from '#domain/units.ts';
import { pendingListChange } from '#functions/store/awards.ts';
import {
  create,
  MAX_TRANSACTION_ITEMS,
  putVersioned,
  transact,
  type TxItem,
  update,
} from '#functions/store/db.ts';
import {
  type DocumentRecord,
  type DossierRecord,
  documentItem,
  dossierItem,
  type NominationRecord,
  nominationItem,
  refItem,
} from '#functions/store/dossiers.ts';
import { awardedCounterKey, nomineeLockKey, roundKey, unitDossierLockKey } from '#functions/store/keys.ts';
import { createMovementReport, type MovementReportRecord } from '#functions/store/movement-reports.ts';
import { type NotificationRecord, notificationItem } from '#functions/store/notifications.ts';
import { objectKeyOf } from '#functions/store/object-keys.ts';
import { campaignItem, getRound, roundItem } from '#functions/store/rounds.ts';
import { UnitDirectory } from '#functions/store/units.ts';

export interface FixtureNomination {
  nomineeType: NomineeType;
  nominee: CollectiveNominee | IndividualNominee;
  criteriaClaimed: CriterionCode[];
  disciplineCompliance?: boolean;
  initiatives?: Initiative[];
  achievementSummary?: string;
  citationText?: string;
  /** `submitted` unless told (e.g. `recommended` to prepare a grant). */
  status?: NominationStatus;
}

export interface FixtureDossier {
  dossierId: string;
  nominationIds: string[];
  version: number;
}

const SHA = Buffer.alloc(32, 7).toString('base64');

/**
 * A campaign of the test's own, with Plan 1109's rules and any year's rounds (2000–2100) unless told. A campaign
 * has one annual round a year and one period round (R-ROUND-2), so every round a test creates lives in a
 * campaign of its own. Written straight to the table: campaigns have no route yet.
 */
export async function practiceCampaign(overrides: Partial<CampaignDefinition> = {}): Promise<string> {
  const campaignId = overrides.campaignId ?? `c-${randomUUID().slice(0, 8)}`;
  await transact([
    create(
      campaignItem({
        ...PLAN_1109,
        name: `Phong trào thử nghiệm ${campaignId}`,
        startDate: '2000-01-01',
        endDate: '2100-12-31',
        // The yearly movement report is one per unit and year (R-REP-1): Plan 1109 asks for it, a practice
        // campaign does not, so its rounds remind of none.
        reportingTiers: [],
        ...overrides,
        campaignId,
        version: 1,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      }),
    ),
  ]);
  return campaignId;
}

/** A verified document of a dossier (R-DOS-2). */
export function verifiedDocument(
  dossier: { dossierId: string; roundId: string; unitId: string },
  kind: DocumentKind,
  nominationId?: string,
): DocumentRecord {
  const at = new Date().toISOString();
  const documentId = randomUUID();
  return {
    documentId,
    dossierId: dossier.dossierId,
    roundId: dossier.roundId,
    unitId: dossier.unitId,
    kind,
    ...(nominationId ? { nominationId } : {}),
    fileName: `${kind}.pdf`,
    contentType: 'application/pdf',
    size: 1024,
    sha256: SHA,
    objectKey: objectKeyOf({ ...dossier, documentId }),
    status: 'verified',
    verifiedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

async function writeAll(items: readonly TxItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += MAX_TRANSACTION_ITEMS) {
    await transact(items.slice(i, i + MAX_TRANSACTION_ITEMS));
  }
}

/**
 * A dossier of `unitId` in `roundId`, already submitted, its nominations `submitted` (or the status asked),
 * with a verified proposal letter, council minutes (unless `councilMinutes: false`) and an achievement
 * report per nomination. The nominee locks (R-DUP-1, one per identity key) and the unit's dossier lock are written as the API
 * does.
 */
export async function submittedDossier(args: {
  roundId: string;
  unitId: string;
  nominations: FixtureNomination[];
  councilMinutes?: boolean;
  status?: DossierStatus;
}): Promise<FixtureDossier> {
  const units = new UnitDirectory();
  await units.load(args.unitId, ...args.nominations.map((n) => n.nominee.unitId));
  const at = new Date().toISOString();
  const dossier: DossierRecord = {
    dossierId: randomUUID(),
    roundId: args.roundId,
    unitId: args.unitId,
    status: args.status ?? 'submitted',
    proposalNo: '12/TTr-UBND',
    proposalDate: at.slice(0, 10),
    signerName: 'Lò Văn A',
    signerTitle: 'Chủ tịch',
    submittedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const items: TxItem[] = [
    create({
      ...unitDossierLockKey(dossier.roundId, dossier.unitId),
      entity: 'lock',
      dossierId: dossier.dossierId,
    }),
    create(dossierItem(dossier)),
  ];
  const documents = [verifiedDocument(dossier, 'proposal_letter')];
  if (args.councilMinutes !== false) documents.push(verifiedDocument(dossier, 'council_minutes'));
  const nominationIds: string[] = [];
  const recommended: (CellMember & { status: NominationStatus })[] = [];
  for (const n of args.nominations) {
    const nomination: NominationRecord = {
      nominationId: randomUUID(),
      dossierId: dossier.dossierId,
      roundId: dossier.roundId,
      proposingUnitId: dossier.unitId,
      tier: nomineeTier(n.nominee.unitId, units.lookup) as Tier,
      nomineeType: n.nomineeType,
      nominee: n.nominee,
      nomineeKeys: nomineeKeys(n.nomineeType, n.nominee),
      criteriaClaimed: n.criteriaClaimed,
      disciplineCompliance: n.disciplineCompliance ?? true,
      achievementSummary: n.achievementSummary ?? 'Thành tích tiêu biểu trong cải cách hành chính',
      citationText:
        n.citationText ?? 'Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính',
      initiatives: n.initiatives ?? [],
      status: n.status ?? 'submitted',
      verifiedCriteria: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    nominationIds.push(nomination.nominationId);
    recommended.push(nomination);
    documents.push(verifiedDocument(dossier, 'achievement_report', nomination.nominationId));
    items.push(
      create(nominationItem(nomination)),
      refItem(nomination.nominationId, 'nomination', dossier),
      ...nomination.nomineeKeys.map((key) =>
        create({
          ...nomineeLockKey(dossier.roundId, key),
          entity: 'lock',
          nominationId: nomination.nominationId,
          dossierId: dossier.dossierId,
        }),
      ),
    );
  }
  for (const d of documents) items.push(create(documentItem(d)), refItem(d.documentId, 'document', dossier));
  await writeAll(items);
  // R-APP-1: recommended nominations are on their cells' pending lists, as an appraisal leaves them.
  await listRecommended(
    args.roundId,
    recommended.filter((n) => n.status === 'recommended'),
  );
  return { dossierId: dossier.dossierId, nominationIds, version: dossier.version };
}

type CellMember = { nominationId: string; tier: Tier; nomineeType: NomineeType };

/** The members of a list grouped by quota cell. */
function byCell(members: readonly CellMember[]): Map<string, CellMember[]> {
  const cells = new Map<string, CellMember[]>();
  for (const m of members) {
    const key = `${m.tier}/${m.nomineeType}`;
    cells.set(key, [...(cells.get(key) ?? []), m]);
  }
  return cells;
}

/** Puts nominations on their cells' pending recommended lists (one write per cell). */
async function listRecommended(roundId: string, members: readonly CellMember[]): Promise<void> {
  const now = new Date();
  for (const cell of byCell(members).values()) {
    const [first] = cell as [CellMember];
    await transact([
      pendingListChange(
        'add',
        { roundId, tier: first.tier, nomineeType: first.nomineeType },
        cell.map((m) => m.nominationId),
        now,
      ),
    ]);
  }
}

/**
 * Puts nominations straight on their cells' sent lists, as if an appraisal report had carried them,
 * without the report's checks (its quota, R-QUOTA-2(a)): for tests of what holds even then, such as the
 * award counters under concurrency (R-QUOTA-2(b)).
 */
export async function sentWithoutReport(roundId: string, members: readonly CellMember[]): Promise<void> {
  const cells = [...byCell(members).values()].map((cell) => {
    const [first] = cell as [CellMember];
    return update(
      awardedCounterKey(roundId, first.tier, first.nomineeType),
      'ADD #sent :ids DELETE #pending :ids',
      {
        names: { '#sent': 'sent', '#pending': 'pending' },
        values: { ':ids': new Set(cell.map((m) => m.nominationId)) },
      },
    );
  });
  await transact([
    ...cells,
    update(roundKey(roundId), 'SET #reports = if_not_exists(#reports, :zero) + :one', {
      names: { '#reports': 'appraisalReports' },
      values: { ':zero': 0, ':one': 1 },
    }),
  ]);
}

/** Adds a verified document to a stored dossier (e.g. the council minutes after the fact). */
export async function addVerifiedDocument(
  dossier: { dossierId: string; roundId: string; unitId: string },
  kind: DocumentKind,
): Promise<string> {
  const document = verifiedDocument(dossier, kind);
  await transact([create(documentItem(document)), refItem(document.documentId, 'document', dossier)]);
  return document.documentId;
}

/**
 * A unit's movement report of a year written straight to the table (R-REP-1), e.g. one submitted in a past
 * year whose D-REP the server's clock has left behind.
 */
export async function storedMovementReport(args: {
  unitId: string;
  year: number;
  status: MovementReportStatus;
}): Promise<MovementReportRecord> {
  const at = new Date().toISOString();
  const report: MovementReportRecord = {
    reportId: randomUUID(),
    unitId: args.unitId,
    year: args.year,
    status: args.status,
    ...(args.status === 'submitted' ? { submittedAt: at } : {}),
    version: args.status === 'submitted' ? 2 : 1,
    createdAt: at,
    updatedAt: at,
  };
  await createMovementReport(report, { sub: 'test-fixture', role: 'system' }, new Date(at));
  return report;
}

/**
 * Lets time pass for a round: its deadlines set straight in the table (version + 1), say to an instant
 * already gone. An admin cannot do that through the API (R-DL-2: a deadline moves earlier only to an instant
 * still in the future); a test of what happens once a deadline has passed does it here.
 */
export async function setRoundDeadlines(
  roundId: string,
  deadlines: { submissionDeadline?: string; appraisalDeadline?: string },
): Promise<void> {
  const round = await getRound(roundId);
  if (!round) throw new Error(`setRoundDeadlines: no round ${roundId}`);
  const next = { ...round, ...deadlines, version: round.version + 1, updatedAt: new Date().toISOString() };
  await transact([putVersioned(roundItem(next), round.version, () => new Error('round moved meanwhile'))]);
}

/**
 * A notification addressed to a unit or a role, written as the sweep writes one but already published (so
 * it never waits in the outbox a sweep of the shared table would drain).
 */
export async function storedNotification(
  to: { unitId: string } | { role: string },
  overrides: Partial<NotificationRecord> = {},
): Promise<NotificationRecord> {
  const at = new Date().toISOString();
  const notification: NotificationRecord = {
    notificationId: randomUUID(),
    kind: 'submission_reminder',
    roundId: 'annual-2025',
    ...to,
    dueAt: '2025-12-30T00:00:00+07:00',
    daysBefore: 7,
    message: { vi: 'Nhắc nộp hồ sơ', en: 'Submission reminder' },
    createdAt: at,
    read: false,
    publishedAt: at,
    ...overrides,
  };
  await transact([create(notificationItem(notification))]);
  return notification;
}
