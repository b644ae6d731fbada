// Fixtures written straight into the table with the store's own item builders: a dossier that has already
// been submitted (with its required documents verified), so appraisal and award tests do not depend on the
// upload and submit routes; a movement report in a given status. Importing this loads the configuration
// (the store modules read it at import).

import { randomUUID } from 'node:crypto';
import type { MovementReportStatus } from '#domain/movement-report.ts';
import { nomineeKeys } from '#domain/nominee.ts';
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
import { createMovementReport, type MovementReportRecord } from '#functions/store/movement-reports.ts';
import { objectKeyOf } from '#functions/store/object-keys.ts';
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
    documents.push(verifiedDocument(dossier, 'achievement_report', nomination.nominationId));
    items.push(
      create(nominationItem(nomination)),
      refItem(nomination.nominationId, 'nomination', dossier.dossierId),
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
