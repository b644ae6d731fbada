// Whether a dossier may be submitted (R-DOS-2, R-DOS-3, R-DOS-4): at least one active nomination, the
// documents the decision requires (seed III.3) all verified, and every nomination ready to be printed and
// judged. Lists everything missing at once so a unit fixes it in one pass.

import type { ErrorItem } from './errors.ts';
import { DossierIncompleteError } from './errors.ts';
import { validateClaims } from './eligibility.ts';
import { DOCUMENT_KIND_LABELS } from './labels.ts';
import { isCalendarDate } from './deadlines.ts';
import { isIndividualNominee } from './nominee.ts';
import type { DocumentKind, DocumentRef, NominationContent, NominationStatus, RoundKind } from './types.ts';

/** R-DOS-4: "nội dung in trên Bằng khen", at most this many characters. */
export const CITATION_MAX_CHARS = 500;

/** R-DOS-2 (seed III.3): one of each per dossier. */
export const DOSSIER_REQUIRED_KINDS: readonly DocumentKind[] = ['proposal_letter', 'council_minutes'];

export interface CompletenessArgs {
  nominations: readonly { nominationId: string; status: NominationStatus; content: NominationContent }[];
  documents: readonly DocumentRef[];
  /** When given, each nomination's claims are also checked against the round kind (SPEC §4). */
  roundKind?: RoundKind | undefined;
}

/** Characters as a reader counts them: code points of the NFC form. */
function charCount(text: string): number {
  return [...text.normalize('NFC')].length;
}

function missingDocument(
  documents: readonly DocumentRef[],
  kind: DocumentKind,
  path: string,
): ErrorItem | undefined {
  if (documents.some((d) => d.kind === kind && d.status === 'verified')) return undefined;
  const label = DOCUMENT_KIND_LABELS[kind];
  const pending = documents.some((d) => d.kind === kind && d.status === 'pending');
  const rejected = documents.some((d) => d.kind === kind && d.status === 'rejected');
  const why = pending
    ? { vi: 'đã khai báo nhưng chưa được xác minh', en: 'declared but not verified yet' }
    : rejected
      ? { vi: 'tệp đã tải lên bị từ chối', en: 'the uploaded file was rejected' }
      : { vi: 'chưa có', en: 'missing' };
  return {
    path,
    message: {
      vi: `Thiếu ${label.vi} đã xác minh (${why.vi})`,
      en: `A verified ${label.en} is required (${why.en})`,
    },
  };
}

/** R-DOS-3: everything that keeps a dossier from being submitted; empty when it is complete. */
export function missingForSubmission(args: CompletenessArgs): ErrorItem[] {
  const items: ErrorItem[] = [];
  const active = args.nominations.filter((n) => n.status !== 'withdrawn');
  if (active.length === 0) {
    items.push({
      path: 'nominations',
      message: {
        vi: 'Hồ sơ phải có ít nhất một tập thể hoặc cá nhân được đề nghị khen thưởng',
        en: 'A dossier needs at least one nomination',
      },
    });
  }
  // R-DOS-2: văn bản đề nghị and biên bản họp Hội đồng TĐKT, one per dossier.
  for (const kind of DOSSIER_REQUIRED_KINDS) {
    const item = missingDocument(args.documents, kind, `documents.${kind}`);
    if (item) items.push(item);
  }
  for (const { nominationId, content } of active) {
    const base = `nominations.${nominationId}`;
    // R-DOS-2: báo cáo thành tích of each nominee.
    const own = args.documents.filter((d) => d.nominationId === nominationId);
    const report = missingDocument(own, 'achievement_report', `${base}.achievement_report`);
    if (report) items.push(report);
    // R-DOS-4: the text printed on the certificate may be empty in a draft, not on submission.
    const citation = content.citationText.trim();
    if (citation === '') {
      items.push({
        path: `${base}.citationText`,
        message: { vi: 'Chưa có nội dung in trên Bằng khen', en: 'The certificate citation text is empty' },
      });
    } else if (charCount(citation) > CITATION_MAX_CHARS) {
      items.push({
        path: `${base}.citationText`,
        message: {
          vi: `Nội dung in trên Bằng khen dài quá ${CITATION_MAX_CHARS} ký tự`,
          en: `The certificate citation text exceeds ${CITATION_MAX_CHARS} characters`,
        },
      });
    }
    if (content.criteriaClaimed.length === 0) {
      items.push({
        path: `${base}.criteriaClaimed`,
        message: { vi: 'Chưa đăng ký tiêu chuẩn khen thưởng nào', en: 'No criterion is claimed' },
      });
    } else if (args.roundKind) {
      for (const e of validateClaims(args.roundKind, content.nomineeType, content.criteriaClaimed)) {
        items.push({ path: `${base}.${e.path}`, message: e.message });
      }
    }
    // R-DOS-4: what the certificate and the award decision need about a person.
    if (content.nomineeType === 'individual') {
      const nominee = content.nominee;
      if (!isIndividualNominee(nominee) || nominee.fullName.trim() === '') {
        items.push({
          path: `${base}.nominee.fullName`,
          message: { vi: 'Chưa có họ và tên', en: 'The full name is missing' },
        });
      } else {
        if (!isCalendarDate(nominee.dateOfBirth)) {
          items.push({
            path: `${base}.nominee.dateOfBirth`,
            message: {
              vi: 'Ngày sinh phải có dạng YYYY-MM-DD',
              en: 'The date of birth must read YYYY-MM-DD',
            },
          });
        }
        if (nominee.position.trim() === '') {
          items.push({
            path: `${base}.nominee.position`,
            message: { vi: 'Chưa có chức vụ', en: 'The position is missing' },
          });
        }
      }
    }
  }
  return items;
}

/** R-DOS-3: DossierIncompleteError listing everything missing. */
export function assertComplete(args: CompletenessArgs): void {
  const items = missingForSubmission(args);
  if (items.length === 0) return;
  throw new DossierIncompleteError(
    {
      vi: `Hồ sơ chưa đủ điều kiện nộp: còn ${items.length} nội dung cần bổ sung`,
      en: `The dossier cannot be submitted yet: ${items.length} item(s) missing`,
    },
    items,
  );
}
