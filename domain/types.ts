// The vocabulary of the Plan 1109 commendation process (SPEC §2–§7), shared by every layer.
// Plain data only: no behaviour, no I/O. Instants are ISO 8601 strings with an offset or `Z`,
// calendar dates are `YYYY-MM-DD` strings, both interpreted in Asia/Ho_Chi_Minh where a day matters.

export const TIERS = ['province', 'district', 'commune'] as const;
export type Tier = (typeof TIERS)[number];

export const NOMINEE_TYPES = ['collective', 'individual'] as const;
export type NomineeType = (typeof NOMINEE_TYPES)[number];

export const ROUND_KINDS = ['annual', 'period'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ROLES = ['unit_officer', 'appraiser', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CRITERION_CODES = [
  'AC1',
  'AC2',
  'AC3',
  'AI1',
  'AI2',
  'AI3',
  'PC1',
  'PC2',
  'PC3',
  'PI1',
  'PI2',
  'PI3',
] as const;
export type CriterionCode = (typeof CRITERION_CODES)[number];

/** The judgement criteria: met only once an appraiser has verified them (SPEC §4, AC1/AI1/PC1/PI1). */
export const JUDGEMENT_CRITERIA: readonly CriterionCode[] = ['AC1', 'AI1', 'PC1', 'PI1'];

export const CRITERION_STATUSES = ['met', 'not_met', 'needs_review', 'not_applicable'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

export type Lang = 'vi' | 'en';
/** A sentence a person reads, in both languages; the HTTP layer picks one by Accept-Language. */
export interface LocalizedText {
  vi: string;
  en: string;
}

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const STAFF_CATEGORIES = [
  'can_bo',
  'cong_chuc',
  'vien_chuc',
  'nguoi_lao_dong',
  'khong_chuyen_trach',
] as const;
export type StaffCategory = (typeof STAFF_CATEGORIES)[number];

export const COUNCILS = [
  'basic_science',
  'basic_initiative',
  'provincial_science',
  'provincial_initiative',
] as const;
export type Council = (typeof COUNCILS)[number];

export const DOCUMENT_KINDS = [
  'proposal_letter',
  'council_minutes',
  'achievement_report',
  'evidence',
  'movement_report',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** What a dossier holds (R-DOS-2); the movement report is a filing of its own (R-REP-1). */
export const DOSSIER_DOCUMENT_KINDS = [
  'proposal_letter',
  'council_minutes',
  'achievement_report',
  'evidence',
] as const satisfies readonly DocumentKind[];
export type DossierDocumentKind = (typeof DOSSIER_DOCUMENT_KINDS)[number];

export const DOCUMENT_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const DOSSIER_STATUSES = ['draft', 'submitted', 'returned', 'closed', 'withdrawn', 'expired'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const NOMINATION_STATUSES = [
  'draft',
  'submitted',
  'recommended',
  'rejected',
  'returned',
  'awarded',
  'not_awarded',
  'withdrawn',
] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

// ---- Units and index results (R-TIER-1, SPEC §4 "Index results") ----

export interface Unit {
  unitId: string;
  name: string;
  tier: Tier;
  parentUnitId?: string | undefined;
  /** Whether the province scores this unit in its PAR Index (criteria AC2, PC2). */
  parScored: boolean;
  /** R-UNIT-1: the first day (YYYY-MM-DD, ICT) the unit exists; absent: since ever. */
  validFrom?: string | undefined;
  /** R-UNIT-1: the last day (YYYY-MM-DD, ICT) the unit exists; absent: still exists. */
  validTo?: string | undefined;
  /** R-UNIT-1: the units it was merged into. */
  successorUnitIds?: string[] | undefined;
  /** R-MAIL-1: where the unit's reminders are e-mailed (at most 5). */
  contactEmails?: string[] | undefined;
}

export interface IndexResult {
  year: number;
  unitId: string;
  /** 0–100, two decimals. */
  parIndexScore?: number | undefined;
  /** ≥ 1, within the unit's tier. */
  parIndexRank?: number | undefined;
  /** 0–100 (%), two decimals. */
  satisfactionIndex?: number | undefined;
}

// ---- Campaigns and rounds (R-CAMP-1, R-ROUND-1, R-QUOTA-1) ----

export interface QuotaCell {
  collective: number;
  individual: number;
}
/** Quotas of one round kind, keyed by the tiers of the campaign (R-CAMP-2, R-TIER-2): only its tiers. */
export type Quotas = Partial<Record<Tier, QuotaCell>>;
/** A campaign's quotas per round kind (R-CAMP-2). */
export type QuotasByKind = Record<RoundKind, Quotas>;

/**
 * R-CAMP-2: who proposes commune-level individuals for AI3/PI3. `parent`: the district (seed III.1.1.b
 * "do UBND huyện xét và đề xuất", R-PROP-2, Plan 1109); `self`: the commune proposes its own (two-level
 * government, no districts).
 */
export const COMMUNE_INDIVIDUAL_PROPOSERS = ['parent', 'self'] as const;
export type CommuneIndividualProposer = (typeof COMMUNE_INDIVIDUAL_PROPOSERS)[number];

/** Thresholds of SPEC §4; campaign data, never constants in code. */
export interface Thresholds {
  /** AC2: PAR Index score "từ 90 điểm trở lên". */
  parScoreMin: number;
  /** AI3/PI3: mean of PAR score and SIPAS "từ 90% trở lên". */
  combinedIndexMin: number;
  /**
   * PC2: rank ≤ this, per tier the province ranks (Plan 1109: top 5 for province-tier agencies, top 3 for
   * districts); a tier without an entry is not ranked and PC2 does not apply to it.
   */
  topRank: Partial<Record<Tier, number>>;
  /** PC2: at least this many years in the top. */
  topYearsMin: number;
  /** AC3/AI2: initiatives needed in an annual round. */
  annualInitiativesMin: number;
  /** PC3: initiatives needed over the period. */
  periodCollectiveInitiativesMin: number;
  /** PI2: applied initiatives needed over the period. */
  periodIndividualInitiativesMin: number;
}

export interface DocumentRules {
  maxFileBytes: number;
  allowedContentTypes: readonly string[];
}

export interface CampaignDefinition {
  campaignId: string;
  name: string;
  /** The decision that launched the movement: its number and date. */
  decisionNo: string;
  decisionDate: string;
  /** R-TIER-2: the tiers the campaign uses, in its order (every list and export follows it). */
  tiers: readonly Tier[];
  /** R-QUOTA-1: quotas per round kind, keyed by exactly the campaign's tiers; a new round copies them. */
  quotas: QuotasByKind;
  /** Who proposes commune-level individuals for AI3/PI3 (R-PROP-2). */
  communeIndividualProposer: CommuneIndividualProposer;
  /** The emulation runs from the decision date to the end date (R-ROUND-1). */
  startDate: string;
  endDate: string;
  thresholds: Thresholds;
  documents: DocumentRules;
  /** Days before a deadline at which reminders go out (R-SWEEP-1): [14, 7, 3, 1]. */
  reminderOffsetsDays: readonly number[];
  /**
   * Reading of D-APP-A (SPEC §7): the appraisal report is on time before (A − this many days) 00:00,
   * i.e. on or before day A − 10 when this is 9.
   */
  appraisalLeadDays: number;
  /** R-REP-1: the tiers whose units file the yearly movement report (their top units, not sub-units). */
  reportingTiers: readonly Tier[];
}

/**
 * A campaign as a round keeps it (R-CAMP-2): the whole definition as it stood when the round was created,
 * with the version it had then. The round's document rules, reminder offsets, appraisal lead days and the
 * campaign's name and decision come from it for the round's whole life.
 */
export interface CampaignCopy extends CampaignDefinition {
  version: number;
}

/**
 * The rules a round copies from its campaign when it is created (R-CAMP-2) and is judged by for its whole
 * life. Optional because rounds stored before edition 2 carry none: they are judged by their campaign's.
 */
export interface RoundRules {
  tiers?: readonly Tier[] | undefined;
  thresholds?: Thresholds | undefined;
  communeIndividualProposer?: CommuneIndividualProposer | undefined;
}

export interface Round extends RoundRules {
  roundId: string;
  campaignId: string;
  /** Its Vietnamese name, shown in notifications, e-mails and exports instead of the id. */
  name?: string | undefined;
  kind: RoundKind;
  /** The year of an annual round. */
  year?: number | undefined;
  /** The years of a period round (2021–2025). */
  years?: readonly number[] | undefined;
  /** D-SUB: submissions are on time strictly before this instant. */
  submissionDeadline: string;
  /** D-APP: explicit appraisal deadline; for annual rounds derived from announcementDate when absent. */
  appraisalDeadline?: string | undefined;
  /** The PAR Index announcement date A (YYYY-MM-DD), set by an admin (D-APP-A). */
  announcementDate?: string | undefined;
  quotas: Quotas;
  /** When the appraisal report was last sent to the Chairman. */
  appraisalReportAt?: string | undefined;
  /** How many times the appraisal report was sent (R-APP-1: each sending makes what it carried final). */
  appraisalReports?: number | undefined;
  /** When closing began (seed III.4, after the Chairman's decision): no appraisal or grant after it. */
  closedAt?: string | undefined;
}

/** A per-unit deadline extension (R-DL-2). */
export interface UnitExtension {
  roundId: string;
  unitId: string;
  submissionDeadline: string;
  reason: string;
}

// ---- Nominations (SPEC §4, §5, R-DOS-4) ----

export interface CollectiveNominee {
  unitId: string;
}

export interface IndividualNominee {
  unitId: string;
  fullName: string;
  dateOfBirth: string;
  gender: Gender;
  position: string;
  staffCategory: StaffCategory;
  citizenId?: string | undefined;
}

export interface Initiative {
  title: string;
  decisionNo?: string | undefined;
  recognizedOn: string;
  council: Council;
  applied: boolean;
  documentId?: string | undefined;
}

export interface NominationContent {
  nomineeType: NomineeType;
  nominee: CollectiveNominee | IndividualNominee;
  criteriaClaimed: readonly CriterionCode[];
  disciplineCompliance: boolean;
  achievementSummary: string;
  citationText: string;
  initiatives: readonly Initiative[];
}

export interface DocumentRef {
  documentId: string;
  kind: DocumentKind;
  status: DocumentStatus;
  nominationId?: string | undefined;
}

export interface CriterionResult {
  code: CriterionCode;
  status: CriterionStatus;
  reason: LocalizedText;
}

export interface Eligibility {
  eligible: boolean | null;
  criteria: CriterionResult[];
  /** One sentence explaining `eligible` (R-ELIG-0 failure, criteria met, or what awaits review). */
  summary?: LocalizedText | undefined;
}
