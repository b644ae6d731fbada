// Fixtures written straight into the table with the store's own item builders: a dossier that has already
// been submitted (with its required documents verified), so appraisal and award tests do not depend on the
// upload and submit routes; a notification, so list tests do not depend on the sweep. Importing this loads the configuration (the store modules read it at import).

import { randomUUID } from 'node:crypto';
import { nomineeKey } from '#domain/nominee.ts';
import type {
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
import { create, MAX_TRANSACTION_ITEMS, transact, type TxItem } from '#functions/store/db.ts';
import {
  type DocumentRecord,
  type DossierRecord,
  documentItem,
  dossierItem,
  type NominationRecord,
  nominationItem,
  refItem,
} from '#functions/store/dossiers.ts';
import { nomineeLockKey, unitDossierLockKey } from '#functions/store/keys.ts';
import { type NotificationRecord, notificationItem } from '#functions/store/notifications.ts';
import { objectKeyOf } from '#functions/store/object-keys.ts';
import { UnitDirectory } from '#functions/store/units.ts';

export interface FixtureNomination {
  nomineeType: NomineeType;
  nominee: CollectiveNominee | IndividualNominee;
  criteriaClaimed: CriterionCode[];
  disciplineCompliance?: boolean;
  initiatives?: Initiative[];
  /** `submitted` unless told (e.g. `recommended` to prepare a grant). */
  status?: NominationStatus;
}

export interface FixtureDossier {
  dossierId: string;
  nominationIds: string[];
  version: number;
}

const SHA = Buffer.alloc(32, 7).toString('base64');

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
 * report per nomination. The nominee locks (R-DUP-1) and the unit's dossier lock are written as the API does.
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
  for (const n of args.nominations) {
    const nomination: NominationRecord = {
      nominationId: randomUUID(),
      dossierId: dossier.dossierId,
      roundId: dossier.roundId,
      proposingUnitId: dossier.unitId,
      tier: nomineeTier(n.nominee.unitId, units.lookup) as Tier,
      nomineeType: n.nomineeType,
      nominee: n.nominee,
      nomineeKey: nomineeKey(n.nomineeType, n.nominee),
      criteriaClaimed: n.criteriaClaimed,
      disciplineCompliance: n.disciplineCompliance ?? true,
      achievementSummary: 'Thành tích tiêu biểu trong cải cách hành chính',
      citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính',
      initiatives: n.initiatives ?? [],
      status: n.status ?? 'submitted',
      verifiedCriteria: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    nominationIds.push(nomination.nominationId);
    documents.push(verifiedDocument(dossier, 'achievement_report', nomination.nominationId));
    items.push(
      create(nominationItem(nomination)),
      refItem(nomination.nominationId, 'nomination', dossier.dossierId),
      create({
        ...nomineeLockKey(dossier.roundId, nomination.nomineeKey),
        entity: 'lock',
        nominationId: nomination.nominationId,
      }),
    );
  }
  for (const d of documents)
    items.push(create(documentItem(d)), refItem(d.documentId, 'document', dossier.dossierId));
  await writeAll(items);
  return { dossierId: dossier.dossierId, nominationIds, version: dossier.version };
}

/** Adds a verified document to a stored dossier (e.g. the council minutes after the fact). */
export async function addVerifiedDocument(
  dossier: { dossierId: string; roundId: string; unitId: string },
  kind: DocumentKind,
): Promise<string> {
  const document = verifiedDocument(dossier, kind);
  await transact([
    create(documentItem(document)),
    refItem(document.documentId, 'document', dossier.dossierId),
  ]);
  return document.documentId;
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
