// Verification of an uploaded document (R-DOC-1), shared by POST /documents/{id}/confirm and the S3
// object-created event: read the object, judge it against the declaration (domain/files.ts) and record
// the verdict with its audit record in one transaction (store/documents.ts). Only a pending document is judged; a verified or
// rejected one is returned as it is, so the confirm call and the event may race and repeat freely.

import { judgeUpload } from '#domain/files.ts';
import type { Lang } from '#domain/types.ts';
import type { Actor } from '../store/audit.ts';
import { DocumentChanged, saveVerdict } from '../store/documents.ts';
import { type DocumentRecord, type DossierBundle, loadDossier } from '../store/dossiers.ts';
import { inspectObject } from '../store/objects.ts';

export type VerifyOutcome =
  /** The object is not in the bucket (yet): the document stays pending. */
  | { outcome: 'not_uploaded'; document: DocumentRecord }
  /** The document as it now stands: verified or rejected (by this call or an earlier one). */
  | { outcome: 'judged'; document: DocumentRecord };

const ATTEMPTS = 3;

/**
 * Verifies one document of a dossier. `bundle` may be the dossier already read by the caller; it is
 * read again after a concurrent change. Returns undefined when the dossier or document does not exist.
 */
export async function verifyDocument(args: {
  dossierId: string;
  documentId: string;
  actor: Actor;
  lang: Lang;
  now: Date;
  bundle?: DossierBundle | undefined;
}): Promise<VerifyOutcome | undefined> {
  let bundle = args.bundle;
  for (let attempt = 1; ; attempt++) {
    bundle ??= await loadDossier(args.dossierId);
    const before = bundle?.documents.find((d) => d.documentId === args.documentId);
    if (!bundle || !before) return undefined;
    if (before.status !== 'pending') return { outcome: 'judged', document: before };

    const seen = await inspectObject(before.objectKey, before.size);
    if (!seen.found) return { outcome: 'not_uploaded', document: before };
    const verdict = judgeUpload(before, {
      size: seen.size,
      contentType: seen.contentType,
      sha256: seen.content?.sha256,
      sample: seen.content?.sample,
    });
    const at = args.now.toISOString();
    const after: DocumentRecord =
      verdict.status === 'verified'
        ? {
            ...before,
            status: 'verified',
            reason: undefined,
            verifiedAt: at,
            version: before.version + 1,
            updatedAt: at,
          }
        : {
            ...before,
            status: 'rejected',
            reason: verdict.reason[args.lang],
            version: before.version + 1,
            updatedAt: at,
          };

    try {
      await saveVerdict({
        before,
        after,
        dossierStatus: bundle.dossier.status,
        actor: args.actor,
        now: args.now,
      });
      return { outcome: 'judged', document: after };
    } catch (error) {
      if (!(error instanceof DocumentChanged) || attempt >= ATTEMPTS) throw error;
      bundle = undefined;
    }
  }
}
