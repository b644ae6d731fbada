// The S3 object-created handler (R-DOC-1: "also from the S3 object-created event in AWS"): verifies each
// uploaded document as soon as it lands, as the system, with the same rules as the confirm call. Keys
// the server did not make, other buckets and unknown documents are ignored; a document already judged is
// left as it is, so S3's at-least-once delivery and a concurrent confirm are harmless.

import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { verifyDocument } from '../lib/verify-document.ts';
import { BUCKET_NAME } from '../config.ts';
import { logger } from '../lib/logger.ts';
import type { Actor } from '../store/audit.ts';
import { dossierIdOf } from '../store/dossiers.ts';
import { parseObjectKey } from '../store/objects.ts';

export const UPLOAD_ACTOR: Actor = { sub: 'system:s3-event', role: 'system' };

export interface VerifyUploadsResult {
  verified: number;
  rejected: number;
  notUploaded: number;
  ignored: number;
}

/** S3 event keys are URL-encoded, with spaces as `+`. */
const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

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
    const parts = parseObjectKey(key);
    if (record.s3.bucket.name !== BUCKET_NAME || !parts) {
      logger.info('upload event ignored', { bucket: record.s3.bucket.name, key });
      result.ignored++;
      continue;
    }
    // The key names the dossier; the REF item must agree, so a forged key cannot reach another dossier.
    if ((await dossierIdOf(parts.documentId, 'document')) !== parts.dossierId) {
      logger.info('upload event for an unknown document', { key });
      result.ignored++;
      continue;
    }
    const outcome = await verifyDocument({
      dossierId: parts.dossierId,
      documentId: parts.documentId,
      actor: UPLOAD_ACTOR,
      now: new Date(),
    });
    if (!outcome || outcome.document.objectKey !== key) result.ignored++;
    else if (outcome.outcome === 'not_uploaded') result.notUploaded++;
    else if (outcome.document.status === 'verified') result.verified++;
    else result.rejected++;
    logger.info('upload verified', { key, outcome: outcome?.outcome, status: outcome?.document.status });
  }
  return result;
}

export const handler = middy<S3Event, VerifyUploadsResult>().handler(verifyUploads);
