// Yearly movement reports (R-REP-1) in the table: one per unit and year, with its documents in the same
// partition (one consistent Query reads it whole), an id reference per document (so confirm and download
// find it by id) and an audit record with every change. A declaration and a verdict that lets a document
// count move the report's version while it is a draft, so a submit prepared from an older read fails
// instead of missing the change; R-DOC-3 holds as for dossiers: nothing changes once it is submitted.

import { versionConflict } from '#domain/errors.ts';
import type { MovementReportStatus } from '#domain/movement-report.ts';
import { type Actor, auditedReplace, auditPut } from './audit.ts';
import { declarationAudit, verdictWrites } from './documents.ts';
import {
  check,
  create,
  type Item,
  queryAll,
  type Stamps,
  type StoredFile,
  strip,
  transact,
  type TxItem,
  update,
} from './db.ts';
import {
  movementReportById,
  movementReportKey,
  movementReportsByYear,
  refKey,
  reportDocumentKey,
  reportDocumentsByReport,
} from './keys.ts';

export interface MovementReportRecord extends Stamps {
  reportId: string;
  unitId: string;
  year: number;
  status: MovementReportStatus;
  submittedAt?: string | undefined;
}

export interface ReportDocumentRecord extends StoredFile {
  reportId: string;
  unitId: string;
  year: number;
  kind: 'movement_report';
}

export interface MovementReportBundle {
  report: MovementReportRecord;
  documents: ReportDocumentRecord[];
}

const reportItem = (r: MovementReportRecord): Item => ({
  ...movementReportKey(r.unitId, r.year),
  ...movementReportsByYear.keys(r),
  entity: 'movement_report',
  ...r,
});

const reportDocumentItem = (d: ReportDocumentRecord): Item => ({
  ...reportDocumentKey(d.unitId, d.year, d.documentId),
  entity: 'report_document',
  ...d,
});

export async function loadMovementReport(
  unitId: string,
  year: number,
): Promise<MovementReportBundle | undefined> {
  const items = await queryAll({ where: movementReportById.partition({ unitId, year }) });
  const head = items.find((i) => movementReportById.holds(i));
  if (!head) return undefined;
  return {
    report: strip<MovementReportRecord>(head),
    documents: items
      .filter((i) => reportDocumentsByReport.holds(i))
      .map((i) => strip<ReportDocumentRecord>(i)),
  };
}

/** The report exists already (opened by an earlier or a concurrent request). */
export class ReportExists extends Error {
  override readonly name = 'ReportExists';
}

/** A new draft report with its audit record; ReportExists when the unit's report of the year is there. */
export async function createMovementReport(report: MovementReportRecord, actor: Actor, now: Date) {
  await transact([
    create(reportItem(report), () => new ReportExists()),
    auditPut(actor, now, {
      entityId: report.reportId,
      entityType: 'movement_report',
      action: 'create',
      unitId: report.unitId,
      before: null,
      after: report,
    }),
  ]);
}

/** While the report is a draft, a change of what it holds moves its version (see the header). */
const touchReport = (unitId: string, year: number, now: Date, onFail: () => Error) =>
  update(
    movementReportKey(unitId, year),
    'SET #v = #v + :one, updatedAt = :now',
    {
      condition: '#s = :draft',
      names: { '#v': 'version', '#s': 'status' },
      values: { ':one': 1, ':now': now.toISOString(), ':draft': 'draft' },
    },
    onFail,
  );

/** A declared document: the report's version moves, an id reference and the audit record, in one transaction. */
export async function createReportDocument(
  document: ReportDocumentRecord,
  change: { actor: Actor; now: Date; onFrozen: () => Error; idempotency?: TxItem | undefined },
) {
  const { actor, now } = change;
  await transact([
    touchReport(document.unitId, document.year, now, change.onFrozen),
    create(reportDocumentItem(document)),
    create({
      ...refKey(document.documentId),
      entity: 'ref',
      kind: 'report_document',
      unitId: document.unitId,
      year: document.year,
    }),
    declarationAudit(actor, now, document),
    ...(change.idempotency ? [change.idempotency] : []),
  ]);
}

/**
 * A verification's verdict with its audit record, on the report status it was decided on: decided on a
 * draft, the report must still be one (and its version moves); decided on a submitted report, it still is.
 */
export async function saveReportVerdict(args: {
  before: ReportDocumentRecord;
  after: ReportDocumentRecord;
  decidedOn: MovementReportStatus;
  actor: Actor;
  now: Date;
  onChanged: () => Error;
}) {
  const { before, after, now, onChanged } = args;
  await transact([
    ...verdictWrites(reportDocumentItem(after), before, after, args.actor, now, onChanged),
    args.decidedOn === 'draft'
      ? touchReport(after.unitId, after.year, now, onChanged)
      : check(
          movementReportKey(after.unitId, after.year),
          '#s = :s',
          { names: { '#s': 'status' }, values: { ':s': args.decidedOn } },
          onChanged,
        ),
  ]);
}

/** The submission the domain decided (submitMovementReport), versioned and audited. */
export async function saveReportSubmission(
  before: MovementReportRecord,
  after: MovementReportRecord,
  actor: Actor,
  now: Date,
) {
  await transact(
    auditedReplace(reportItem(after), before.version, versionConflict, {
      ...{ actor, now, before, after },
      entityId: after.reportId,
      entityType: 'movement_report',
      action: 'submit',
      unitId: after.unitId,
    }),
  );
}

/** The units whose movement report of a year is submitted (D-REP reminders go to the others). */
export async function unitsWithSubmittedReport(year: number): Promise<Set<string>> {
  const items = await queryAll({ where: movementReportsByYear.query({ year, status: 'submitted' }) });
  return new Set(items.map((i) => strip<MovementReportRecord>(i).unitId));
}
