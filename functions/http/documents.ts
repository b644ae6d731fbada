// Dossier documents (R-DOS-2, R-DOC-1, R-DOC-2, R-DOC-3): a unit declares a file and gets a presigned
// upload URL bound to its type, size and SHA-256; after the upload the server verifies the object (here on
// confirm, and from the S3 event in AWS); only verified documents are ever handed out, by short-lived URLs.
// Evidence freezes at submission: what a submitted dossier, or an appraised nomination, holds stays as it was.
// Confirm and download also serve the documents of movement reports (R-REP-1), declared in their own group.

import { randomUUID } from 'node:crypto';
import {
  assertDeclarable,
  contentDisposition,
  normalizeContentType,
  declaredDocument,
  slotProblem,
} from '#domain/files.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { assertEvidenceMayChange, evidenceFrozenMeanwhile } from '#domain/evidence.ts';
import { renderText } from '#domain/texts.ts';
import { DOCUMENT_STATUS_LABELS } from '#domain/labels.ts';
import type { StoredText } from '#domain/texts.ts';
import type { DocumentStatus, Lang, LocalizedText } from '#domain/types.ts';
import * as routes from '../routes/documents.ts';
import { verifyDocument, verifyReportDocument } from '../lib/verify-document.ts';
import { actorOf, type Principal } from '../pipeline/principal.ts';
import { createDocumentRecord, documentOwnerOf } from '../store/documents.ts';
import { type DocumentRecord, documentNotFound } from '../store/dossiers.ts';
import { objectKeyOf, presignDownload, uploadTicketFor } from '../store/objects.ts';
import { accessDossier, presentDocuments, writableDossier } from '../access/dossiers.ts';
import { readableReport, writableReport } from '../access/movement-reports.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

const NOT_UPLOADED: LocalizedText = {
  vi: 'Chưa nhận được tệp: hãy tải tệp lên bằng đường dẫn đã cấp rồi xác nhận lại. Tài liệu vẫn chờ tải lên.',
  en: 'The file has not been uploaded yet: upload it with the URL you were given, then confirm again. The document is still pending.',
};

const notDownloadable = (status: DocumentStatus) =>
  new InvalidStateError({
    vi: `Tài liệu đang ở trạng thái “${DOCUMENT_STATUS_LABELS[status].vi}”: chỉ tải về được tài liệu đã xác minh.`,
    en: `The document is ${DOCUMENT_STATUS_LABELS[status].en}: only verified documents can be downloaded.`,
  });

const confirmed = (
  d: { documentId: string; status: string; reason?: StoredText | undefined },
  lang: Lang,
) => {
  const reason = renderText(d.reason, lang);
  return { documentId: d.documentId, status: d.status, ...(reason ? { reason } : {}) };
};

const declareDocument: Impl<typeof routes.declareDocument> = async ({
  params,
  body,
  principal,
  now,
  lang,
  idempotency,
}) => {
  const ctx = await writableDossier(principal, params.dossierId);
  // R-DOC-3: a dossier that is submitted, closed, withdrawn or expired takes no document at all.
  assertEvidenceMayChange(ctx.dossier.status, { level: 'dossier' });
  const slot = slotProblem(body.kind, body.nominationId);
  if (slot) {
    throw new ValidationError(
      {
        vi: 'Tài liệu không gắn đúng chỗ trong hồ sơ.',
        en: 'The document does not fit this slot of the dossier.',
      },
      [slot],
    );
  }
  if (body.nominationId !== undefined) {
    const nomination = ctx.nominations.find((n) => n.nominationId === body.nominationId);
    if (!nomination || nomination.status === 'withdrawn') {
      throw new ValidationError(
        {
          vi: 'Đề nghị khen thưởng không thuộc hồ sơ này.',
          en: 'The nomination is not part of this dossier.',
        },
        [
          {
            path: 'body.nominationId',
            message: { vi: 'không có trong hồ sơ (hoặc đã rút)', en: 'not in this dossier (or withdrawn)' },
          },
        ],
      );
    }
    // R-DOC-3: in a returned dossier, only the returned (and new) nominations take documents.
    assertEvidenceMayChange(ctx.dossier.status, { level: 'nomination', status: nomination.status });
  }
  const contentType = normalizeContentType(body.contentType);
  assertDeclarable(ctx.campaign.documents, { contentType, size: body.size });

  const documentId = randomUUID();
  const { roundId, unitId, dossierId } = ctx.dossier;
  const document: DocumentRecord = {
    dossierId,
    roundId,
    unitId,
    ...(body.nominationId !== undefined ? { nominationId: body.nominationId } : {}),
    ...declaredDocument(
      body,
      { documentId, contentType, objectKey: objectKeyOf({ roundId, unitId, dossierId, documentId }) },
      now,
    ),
  };
  const presented = await uploadTicketFor(document, presentDocuments([document], lang)[0], now);
  await createDocumentRecord(document, {
    actor: actorOf(principal, 'unit_officer'),
    now,
    onFrozen: evidenceFrozenMeanwhile,
    idempotency: idempotency?.record(201, presented),
  });
  return { status: 201, body: presented };
};

/** The verification of a dossier's document or of a movement report's (R-REP-1), by the writer's scope. */
async function verifyOwned(documentId: string, principal: Principal, now: Date) {
  const owner = await documentOwnerOf(documentId);
  if (!owner) throw documentNotFound();
  const actor = actorOf(principal, 'unit_officer');
  if (owner.kind === 'movement_report') {
    const bundle = await writableReport(principal, owner.unitId, owner.year, documentNotFound);
    return verifyReportDocument({ ...owner, documentId, actor, now, bundle });
  }
  const ctx = await accessDossier(principal, owner.dossierId, 'write', documentNotFound);
  return verifyDocument({ dossierId: owner.dossierId, documentId, actor, now, bundle: ctx });
}

const confirmDocument: Impl<typeof routes.confirmDocument> = async ({ params, principal, now, lang }) => {
  const result = await verifyOwned(params.documentId, principal, now);
  if (!result) throw documentNotFound();
  if (result.outcome === 'not_uploaded') throw new InvalidStateError(NOT_UPLOADED);
  return { body: confirmed(result.document, lang) };
};

/** A document its reader may download: a dossier's or a movement report's, by their read scopes. */
async function readableDocument(documentId: string, principal: Principal) {
  const owner = await documentOwnerOf(documentId);
  if (!owner) throw documentNotFound();
  const documents =
    owner.kind === 'movement_report'
      ? (await readableReport(principal, owner.unitId, owner.year, documentNotFound)).documents
      : (await accessDossier(principal, owner.dossierId, 'read', documentNotFound)).documents;
  const document = documents.find((d) => d.documentId === documentId);
  if (!document) throw documentNotFound();
  return document;
}

const downloadDocument: Impl<typeof routes.downloadDocument> = async ({ params, principal, now }) => {
  const document = await readableDocument(params.documentId, principal);
  // R-DOC-1, R-DOC-3: a rejected (or unverified) object is never served.
  if (document.status !== 'verified') throw notDownloadable(document.status);
  const link = await presignDownload({
    key: document.objectKey,
    contentType: document.contentType,
    contentDisposition: contentDisposition(document.fileName, document.contentType),
    now,
  });
  return { body: link };
};

export const handler = lambdaHandler([
  on(routes.declareDocument, declareDocument),
  on(routes.confirmDocument, confirmDocument),
  on(routes.downloadDocument, downloadDocument),
]);
