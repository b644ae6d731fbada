// Human-readable names of the campaign vocabulary, in Vietnamese and English, used to build the
// reasons and messages of the other domain modules (and by exports such as the award list's "Cấp" column).

import type {
  DocumentKind,
  DocumentStatus,
  DossierStatus,
  LocalizedText,
  NominationStatus,
  NomineeType,
  Role,
  RoundKind,
  StaffCategory,
  Tier,
} from './types.ts';

/** SPEC §1: who uses the system, as the roles are called in the province. */
export const ROLE_LABELS: Readonly<Record<Role, LocalizedText>> = {
  unit_officer: { vi: 'cán bộ đơn vị', en: 'unit officer' },
  appraiser: { vi: 'thẩm định viên Sở Nội vụ', en: 'appraiser (Department of Home Affairs)' },
  approver: { vi: 'Văn phòng Chủ tịch UBND tỉnh', en: 'office of the provincial Chairman' },
  admin: { vi: 'quản trị hệ thống', en: 'system administrator' },
};

/** Seed II.1: sở/ban/ngành (province), UBND huyện/thành phố (district), UBND xã/phường/thị trấn (commune). */
export const TIER_LABELS: Readonly<Record<Tier, LocalizedText>> = {
  province: { vi: 'cấp tỉnh', en: 'province tier' },
  district: { vi: 'cấp huyện', en: 'district tier' },
  commune: { vi: 'cấp xã', en: 'commune tier' },
};

export const NOMINEE_TYPE_LABELS: Readonly<Record<NomineeType, LocalizedText>> = {
  collective: { vi: 'tập thể', en: 'collective' },
  individual: { vi: 'cá nhân', en: 'individual' },
};

export const ROUND_KIND_LABELS: Readonly<Record<RoundKind, LocalizedText>> = {
  annual: { vi: 'khen thưởng hàng năm', en: 'annual round' },
  period: { vi: 'khen thưởng tổng kết giai đoạn', en: 'period round' },
};

/** R-DOS-4: who an individual nominee is in the civil service. */
export const STAFF_CATEGORY_LABELS: Readonly<Record<StaffCategory, LocalizedText>> = {
  can_bo: { vi: 'cán bộ', en: 'cadre (cán bộ)' },
  cong_chuc: { vi: 'công chức', en: 'civil servant (công chức)' },
  vien_chuc: { vi: 'viên chức', en: 'public employee (viên chức)' },
  nguoi_lao_dong: { vi: 'người lao động', en: 'employee under a labour contract (người lao động)' },
  khong_chuyen_trach: {
    vi: 'người hoạt động không chuyên trách',
    en: 'part-time commune official (người hoạt động không chuyên trách)',
  },
};

/** Seed III.3 and SPEC R-DOS-2. */
export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, LocalizedText>> = {
  proposal_letter: { vi: 'văn bản đề nghị khen thưởng', en: 'proposal letter' },
  council_minutes: {
    vi: 'biên bản họp Hội đồng Thi đua – Khen thưởng',
    en: 'emulation-commendation council minutes',
  },
  achievement_report: { vi: 'báo cáo thành tích', en: 'achievement report' },
  evidence: { vi: 'tài liệu minh chứng', en: 'evidence' },
  movement_report: { vi: 'báo cáo kết quả phong trào thi đua', en: 'movement report' },
};

/** R-DOC-1: a document waits for its file, was verified, or was rejected (with its reason). */
export const DOCUMENT_STATUS_LABELS: Readonly<Record<DocumentStatus, LocalizedText>> = {
  pending: { vi: 'chờ tải lên và xác minh', en: 'pending upload and verification' },
  verified: { vi: 'đã xác minh', en: 'verified' },
  rejected: { vi: 'bị từ chối', en: 'rejected' },
};

export const DOSSIER_STATUS_LABELS: Readonly<Record<DossierStatus, LocalizedText>> = {
  draft: { vi: 'dự thảo', en: 'draft' },
  submitted: { vi: 'đã nộp', en: 'submitted' },
  returned: { vi: 'trả lại để bổ sung', en: 'returned' },
  closed: { vi: 'đã kết thúc', en: 'closed' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
  expired: { vi: 'quá hạn', en: 'expired' },
};

export const NOMINATION_STATUS_LABELS: Readonly<Record<NominationStatus, LocalizedText>> = {
  draft: { vi: 'dự thảo', en: 'draft' },
  submitted: { vi: 'đã nộp', en: 'submitted' },
  recommended: { vi: 'được đề xuất khen thưởng', en: 'recommended' },
  rejected: { vi: 'không được đề xuất', en: 'rejected' },
  returned: { vi: 'trả lại để bổ sung', en: 'returned' },
  awarded: { vi: 'được khen thưởng', en: 'awarded' },
  not_awarded: { vi: 'không được khen thưởng', en: 'not awarded' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
};

/** "cấp tỉnh, tập thể" / "province tier, collective": the name of one quota cell. */
export function cellLabel(tier: Tier, nomineeType: NomineeType): LocalizedText {
  return {
    vi: `${TIER_LABELS[tier].vi}, ${NOMINEE_TYPE_LABELS[nomineeType].vi}`,
    en: `${TIER_LABELS[tier].en}, ${NOMINEE_TYPE_LABELS[nomineeType].en}`,
  };
}
