// The S3 object-created handler (R-DOC-1: "also from the S3 object-created event in AWS"): verifies each
// uploaded document — of a dossier, or of a movement report (R-REP-1) — as soon as it lands, as the system,
// with the same rules as the confirm call (R-DOC-3 included: an upload that lands after its dossier or report
// was submitted is rejected as too late). Keys the server did not make, other buckets and unknown documents
// are ignored; a document already judged is left as it is, so S3's at-least-once delivery and a concurrent
// confirm are harmless.

import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { verifyDocument, verifyReportDocument } from '../lib/verify-document.ts';
import { BUCKET_NAME } from '../config.ts';
import { logger } from '../lib/logger.ts';
import type { Actor } from '../store/audit.ts';
import { documentOwnerOf } from '../store/documents.ts';
import { parseObjectKey, parseReportObjectKey } from '../store/objects.ts';

export const UPLOAD_ACTOR: Actor = { sub: 'system:s3-event', role: 'system' };

export interface VerifyUploadsResult {
  verified: number;
  rejected: number;
  notUploaded: number;
  ignored: number;
}

/** S3 event keys are URL-encoded, with spaces as `+`. */
const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

/**
 * The verification of one uploaded object: a dossier's document or a movement report's (R-REP-1). The key
 * names its owner; the id reference must agree, so a forged key cannot reach another dossier or report.
 * Undefined (ignored) for keys the server did not make, other buckets and unknown documents.
 */
async function verifyObject(key: string, bucket: string) {
  const dossierParts = parseObjectKey(key);
  const reportParts = dossierParts ? undefined : parseReportObjectKey(key);
  if (bucket !== BUCKET_NAME || (!dossierParts && !reportParts)) {
    logger.info('upload event ignored', { bucket, key });
    return undefined;
  }
  const documentId = (dossierParts ?? reportParts)?.documentId ?? '';
  const owner = await documentOwnerOf(documentId);
  const now = new Date();
  if (dossierParts && owner?.kind === 'dossier' && owner.dossierId === dossierParts.dossierId) {
    return verifyDocument({ dossierId: owner.dossierId, documentId, actor: UPLOAD_ACTOR, now });
  }
  if (
    reportParts &&
    owner?.kind === 'movement_report' &&
    owner.unitId === reportParts.unitId &&
    owner.year === reportParts.year
  ) {
    return verifyReportDocument({ ...owner, documentId, actor: UPLOAD_ACTOR, now });
  }
  logger.info('upload event for an unknown document', { key });
  return undefined;
}

export async function verifyUploads(event: S3Event): Promise<VerifyUploadsResult> {
  const result: VerifyUploadsResult = { verified: 0, rejected: 0, notUploaded: 0, ignored: 0 };
  for (const record of event.Records ?? []) {
    let key: string;
    try {
      key = decodeKey(record.s3.object.key);
    } catch {
      result.ignored++;
      continue;
    }
    const outcome = await verifyObject(key, record.s3.bucket.name);
    if (!outcome || outcome.document.objectKey !== key) result.ignored++;
    else if (outcome.outcome === 'not_uploaded') result.notUploaded++;
    else if (outcome.document.status === 'verified') result.verified++;
    else result.rejected++;
    logger.info('upload verified', { key, outcome: outcome?.outcome, status: outcome?.document.status });
  }
  return result;
}

export const handler = middy<S3Event, VerifyUploadsResult>().handler(verifyUploads);
