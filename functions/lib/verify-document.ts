// Verification of an uploaded document (R-DOC-1) of a dossier or of a movement report (R-REP-1), shared by
// POST /documents/{id}/confirm and the S3 object-created event: read the object, judge it against the declaration (domain/files.ts) and record
// the verdict with its audit record in one transaction (store/documents.ts). Only a pending document is
// judged; a verified or rejected one is returned as it is, so the confirm call and the event may race and
// repeat freely. R-DOC-3: a document whose slot has frozen since it was declared (its dossier or report
// submitted, its nomination appraised) is rejected as too late, whether or not its file arrived, and never
// served.

import { evidenceFreeze } from '#domain/evidence.ts';
import { judgeUpload, type Verdict } from '#domain/files.ts';
import { reportEvidenceFreeze } from '#domain/movement-report.ts';
import { type CodedText, coded } from '#domain/texts.ts';

/** A verdict on the file, or a rejection because it came too late (R-DOC-3). */
type Judgement = Verdict | { status: 'rejected'; reason: CodedText };
import type { Actor } from '../store/audit.ts';
import { DocumentChanged, saveVerdict, type VerdictBasis } from '../store/documents.ts';
import { type DocumentRecord, type DossierBundle, loadDossier } from '../store/dossiers.ts';
import {
  loadMovementReport,
  type MovementReportBundle,
  type ReportDocumentRecord,
  saveReportVerdict,
} from '../store/movement-reports.ts';
import { inspectObject } from '../store/objects.ts';

export type VerifyOutcome<D> =
  /** The object is not in the bucket (yet): the document stays pending. */
  | { outcome: 'not_uploaded'; document: D }
  /** The document as it now stands: verified or rejected (by this call or an earlier one). */
  | { outcome: 'judged'; document: D };

const ATTEMPTS = 3;

/** What every verifiable document carries: its declaration, where its object is, and its standing. */
interface Verifiable {
  documentId: string;
  objectKey: string;
  contentType: string;
  size: number;
  sha256: string;
  status: string;
  version: number;
}

/** Reads the object and judges it; undefined when it is not in the bucket (yet). */
async function judge(document: Verifiable): Promise<Verdict | undefined> {
  const seen = await inspectObject(document.objectKey, document.size);
  if (!seen.found) return undefined;
  return judgeUpload(document, {
    size: seen.size,
    contentType: seen.contentType,
    sha256: seen.content?.sha256,
    sample: seen.content?.sample,
  });
}

/** The record after a verdict: verified (with its time) or rejected (with its reason in both languages). */
export function withVerdict<D extends Verifiable & { updatedAt: string }>(
  before: D,
  verdict: Judgement,
  now: Date,
): D {
  const at = now.toISOString();
  const common = { version: before.version + 1, updatedAt: at };
  return verdict.status === 'verified'
    ? { ...before, ...common, status: 'verified', reason: undefined, verifiedAt: at }
    : { ...before, ...common, status: 'rejected', reason: verdict.reason };
}

/**
 * One verification against a document's holder: `freeze` says why its slot takes no evidence now
 * (undefined: it does), `save` records the verdict on that basis and throws DocumentChanged when the basis
 * moved meanwhile, which makes the verification start again from a fresh read.
 */
export interface Judging<D> {
  document: D;
  /** The rejection a document of a frozen slot gets (R-DOC-3), stored as a code (R-I18N-1). */
  freeze: CodedText | undefined;
  save: (after: D) => Promise<void>;
}

export async function verifyWith<D extends Verifiable & { updatedAt: string }>(
  read: (attempt: number) => Promise<Judging<D> | undefined>,
  now: Date,
): Promise<VerifyOutcome<D> | undefined> {
  for (let attempt = 1; ; attempt++) {
    const judging = await read(attempt);
    if (!judging) return undefined;
    const before = judging.document;
    if (before.status !== 'pending') return { outcome: 'judged', document: before };
    let verdict: Judgement | undefined;
    if (judging.freeze) verdict = { status: 'rejected', reason: judging.freeze };
    else {
      verdict = await judge(before);
      if (!verdict) return { outcome: 'not_uploaded', document: before };
    }
    const after = withVerdict(before, verdict, now);
    try {
      await judging.save(after);
      return { outcome: 'judged', document: after };
    } catch (error) {
      if (!(error instanceof DocumentChanged) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Verifies one document of a dossier. `bundle` may be the dossier already read by the caller; it is read
 * again after a concurrent change. Returns undefined when the dossier or document does not exist.
 */
export function verifyDocument(args: {
  dossierId: string;
  documentId: string;
  actor: Actor;
  now: Date;
  bundle?: DossierBundle | undefined;
}): Promise<VerifyOutcome<DocumentRecord> | undefined> {
  return verifyWith<DocumentRecord>(async (attempt) => {
    const bundle = attempt === 1 && args.bundle ? args.bundle : await loadDossier(args.dossierId);
    const document = bundle?.documents.find((d) => d.documentId === args.documentId);
    if (!bundle || !document) return undefined;
    const { status } = bundle.dossier;
    const nominationStatus =
      document.nominationId === undefined
        ? undefined
        : bundle.nominations.find((n) => n.nominationId === document.nominationId)?.status;
    const freeze = evidenceFreeze(
      status,
      document.nominationId === undefined
        ? { level: 'dossier' }
        : { level: 'nomination', status: nominationStatus },
    );
    const basis: VerdictBasis = { open: freeze === undefined, dossierStatus: status, nominationStatus };
    const tooLate =
      freeze === undefined
        ? undefined
        : coded('document_too_late', {
            dossierStatus: status,
            ...(document.nominationId === undefined ? {} : { nominationStatus: nominationStatus ?? null }),
          });
    return {
      document,
      freeze: tooLate,
      save: (after) => saveVerdict({ before: document, after, basis, actor: args.actor, now: args.now }),
    };
  }, args.now);
}

/**
 * Verifies one document of a unit's movement report of a year (R-REP-1), by the same rules: once the report
 * is submitted, a late document is rejected. Returns undefined when the report or document does not exist.
 */
export function verifyReportDocument(args: {
  unitId: string;
  year: number;
  documentId: string;
  actor: Actor;
  now: Date;
  bundle?: MovementReportBundle | undefined;
}): Promise<VerifyOutcome<ReportDocumentRecord> | undefined> {
  return verifyWith<ReportDocumentRecord>(async (attempt) => {
    const bundle =
      attempt === 1 && args.bundle ? args.bundle : await loadMovementReport(args.unitId, args.year);
    const document = bundle?.documents.find((d) => d.documentId === args.documentId);
    if (!bundle || !document) return undefined;
    const decidedOn = bundle.report.status;
    return {
      document,
      freeze:
        reportEvidenceFreeze(decidedOn) === undefined
          ? undefined
          : coded('report_document_too_late', { reportStatus: decidedOn }),
      save: (after) =>
        saveReportVerdict({
          before: document,
          after,
          decidedOn,
          actor: args.actor,
          now: args.now,
          onChanged: () => new DocumentChanged(),
        }),
    };
  }, args.now);
}
