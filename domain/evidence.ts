// Evidence freezes at submission (R-DOC-3): when a document of a dossier may still change — be declared,
// verified, or become the current document of its slot — given the dossier's status and its nomination's,
// and which document of each slot is the current one. Pure: the caller reads the statuses and the store
// makes its write conditional on the statuses this module decided on (EVIDENCE_OPEN_STATUSES).

import { InvalidStateError } from './errors.ts';
import { DOSSIER_STATUS_LABELS, NOMINATION_STATUS_LABELS } from './labels.ts';
import type {
  DocumentKind,
  DocumentStatus,
  DossierStatus,
  LocalizedText,
  NominationStatus,
} from './types.ts';

/**
 * R-DOC-3: the statuses in which evidence may change — of the dossier, and of the nomination a document
 * belongs to. A draft dossier is the unit's own; a returned one is open again only for what was returned
 * (its returned nominations, the nominations added since, and the dossier-level documents). Everything a
 * submitted, closed, withdrawn or expired dossier holds, and whatever an appraiser has in hand or has
 * appraised (submitted, recommended, rejected, awarded, not awarded), stays as it was.
 */
export const EVIDENCE_OPEN_STATUSES = {
  dossier: ['draft', 'returned'] as readonly DossierStatus[],
  nomination: ['draft', 'returned'] as readonly NominationStatus[],
};

/** What a document belongs to within its dossier: the dossier as a whole, or one nomination. */
export type EvidenceSlot =
  | { level: 'dossier' }
  /** `status` undefined: the nomination no longer exists (a draft nomination deleted since). */
  | { level: 'nomination'; status: NominationStatus | undefined };

const DOSSIER_FROZEN: Partial<Record<DossierStatus, LocalizedText>> = {
  submitted: {
    vi: 'hồ sơ đã nộp: tài liệu được giữ nguyên như khi nộp cho đến khi hồ sơ được trả lại',
    en: 'the dossier is submitted: its documents stay as they were submitted unless it is returned',
  },
  closed: {
    vi: 'hồ sơ đã kết thúc: tài liệu được giữ nguyên như khi thẩm định',
    en: 'the dossier is closed: its documents stay as they were appraised',
  },
  withdrawn: {
    vi: 'hồ sơ đã rút: không nhận thêm tài liệu',
    en: 'the dossier was withdrawn: it takes no more documents',
  },
  expired: {
    vi: 'hồ sơ đã quá hạn: không nhận thêm tài liệu trừ khi được gia hạn',
    en: 'the dossier expired: it takes no more documents unless the deadline is extended',
  },
};

const nominationFrozen = (status: NominationStatus | undefined): LocalizedText => {
  if (status === undefined || status === 'withdrawn') {
    return {
      vi: 'đề nghị khen thưởng của tài liệu đã bị xoá hoặc rút',
      en: 'the nomination of this document was deleted or withdrawn',
    };
  }
  const label = NOMINATION_STATUS_LABELS[status];
  if (status === 'submitted') {
    return {
      vi: `đề nghị khen thưởng đang được thẩm định (${label.vi}): tài liệu được giữ nguyên như khi nộp`,
      en: `the nomination is under appraisal (${label.en}): its documents stay as they were submitted`,
    };
  }
  return {
    vi: `đề nghị khen thưởng đã được thẩm định (${label.vi}): tài liệu được giữ nguyên như khi thẩm định`,
    en: `the nomination has been appraised (${label.en}): its documents stay as they were appraised`,
  };
};

/**
 * R-DOC-3: why a document of this slot may not change now, or undefined when it may. The reason names the
 * dossier's status first (a submitted dossier is frozen whole), then the nomination's.
 */
export function evidenceFreeze(dossierStatus: DossierStatus, slot: EvidenceSlot): LocalizedText | undefined {
  if (!EVIDENCE_OPEN_STATUSES.dossier.includes(dossierStatus)) {
    return (
      DOSSIER_FROZEN[dossierStatus] ?? {
        vi: `hồ sơ đang ở trạng thái “${DOSSIER_STATUS_LABELS[dossierStatus].vi}”`,
        en: `the dossier is ${DOSSIER_STATUS_LABELS[dossierStatus].en}`,
      }
    );
  }
  if (slot.level === 'nomination') {
    const { status } = slot;
    if (status === undefined || !EVIDENCE_OPEN_STATUSES.nomination.includes(status))
      return nominationFrozen(status);
  }
  return undefined;
}

/** R-DOC-3: a declaration into a frozen slot is 409 INVALID_STATE, naming why. */
export function assertEvidenceMayChange(dossierStatus: DossierStatus, slot: EvidenceSlot): void {
  const why = evidenceFreeze(dossierStatus, slot);
  if (why === undefined) return;
  throw new InvalidStateError(
    {
      vi: `Không thể thêm tài liệu: ${why.vi}.`,
      en: `No document can be added here: ${why.en}.`,
    },
    [],
    { dossierStatus, ...(slot.level === 'nomination' ? { nominationStatus: slot.status ?? null } : {}) },
  );
}

/*
 * R-DOC-3: a document verified too late (its upload arrived, or was confirmed, after its slot froze) is
 * rejected with the stored text `document_too_late` (domain/texts.ts), which names the freeze above; such a
 * document is never served.
 */

// ---- which document of a slot counts ----

export interface SlotDocument {
  documentId: string;
  kind: DocumentKind;
  status: DocumentStatus;
  nominationId?: string | undefined;
  createdAt: string;
  verifiedAt?: string | undefined;
}

/** Kinds of which every verified document counts (evidence is a set); of the others one per slot. */
const MANY_PER_SLOT: readonly DocumentKind[] = ['evidence'];

const slotKey = (d: SlotDocument) => `${d.kind}#${d.nominationId ?? ''}`;

/** Verified most recently last: by verification time, then declaration time, then id. */
const byVerification = (a: SlotDocument, b: SlotDocument) =>
  (a.verifiedAt ?? a.createdAt).localeCompare(b.verifiedAt ?? b.createdAt) ||
  a.createdAt.localeCompare(b.createdAt) ||
  a.documentId.localeCompare(b.documentId);

/**
 * R-DOS-2, R-DOC-3: the documents that count. Of a proposal letter, the council minutes, an achievement
 * report or a movement report, the one verified most recently (a unit replaces a file by uploading another);
 * every verified evidence file. Only a verification makes a document current, and a frozen slot admits none
 * (evidenceFreeze), so the current documents of a submitted dossier are those it was submitted with.
 */
export function currentDocumentIds(documents: readonly SlotDocument[]): Set<string> {
  const current = new Set<string>();
  const newest = new Map<string, SlotDocument>();
  for (const d of documents) {
    if (d.status !== 'verified') continue;
    if (MANY_PER_SLOT.includes(d.kind)) {
      current.add(d.documentId);
      continue;
    }
    const seen = newest.get(slotKey(d));
    if (!seen || byVerification(seen, d) < 0) newest.set(slotKey(d), d);
  }
  for (const d of newest.values()) current.add(d.documentId);
  return current;
}

/** The documents that count (currentDocumentIds), in the order given. */
export const currentDocuments = <D extends SlotDocument>(documents: readonly D[]): D[] => {
  const current = currentDocumentIds(documents);
  return documents.filter((d) => current.has(d.documentId));
};

/** R-DOC-3: the refusal when a dossier or nomination stopped taking evidence between the read and the write. */
export const evidenceFrozenMeanwhile = () =>
  new InvalidStateError({
    vi: 'Không thể thêm tài liệu: hồ sơ hoặc đề nghị khen thưởng vừa được nộp hay thẩm định. Hãy tải lại hồ sơ.',
    en: 'No document can be added: the dossier or nomination was just submitted or appraised. Reload the dossier.',
  });
