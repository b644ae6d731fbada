// Request and response schemas of the HTTP API. Each request schema validates at the edge, types the
// handler's input and feeds /openapi.json. Objects are strict (unknown fields are refused: OWASP API3);
// every string and array has a maximum.

import { z } from 'zod';
import {
  COMMUNE_INDIVIDUAL_PROPOSERS,
  COUNCILS,
  CRITERION_CODES,
  CRITERION_STATUSES,
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  DOSSIER_DOCUMENT_KINDS,
  DOSSIER_STATUSES,
  GENDERS,
  NOMINATION_STATUSES,
  ROLES,
  ROUND_KINDS,
  STAFF_CATEGORIES,
  TIERS,
} from '#domain/types.ts';
import { MOVEMENT_REPORT_STATUSES } from '#domain/movement-report.ts';
import { MAX_QUOTA } from '#domain/quota.ts';
import { NOTIFICATION_KINDS } from '#domain/sweep.ts';
import { ictDate } from '#domain/deadlines.ts';
import { repeatedInitiatives } from '#domain/eligibility.ts';
import { hasVisibleText } from '#domain/nominee.ts';
import { FILE_TYPES } from '#domain/files.ts';

// ---- messages of the schemas' own checks, in both languages (pipeline/zod-messages.ts renders the rest) ----

/** Custom checks carry one of these keys as their message; validation.ts puts it in the caller's language. */
export const SCHEMA_MESSAGES = {
  slug: {
    vi: 'chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang',
    en: 'lowercase letters, digits and dashes',
  },
  id: {
    vi: 'chỉ gồm chữ cái không dấu, chữ số, gạch ngang và gạch dưới',
    en: 'letters, digits, dashes and underscores',
  },
  twoDecimals: { vi: 'tối đa hai chữ số thập phân', en: 'at most two decimals' },
  annualYear: { vi: 'bắt buộc với đợt hằng năm', en: 'required for an annual round' },
  periodYears: { vi: 'bắt buộc với đợt tổng kết giai đoạn', en: 'required for a period round' },
  nothingToChange: { vi: 'không có gì để thay đổi', en: 'nothing to change' },
  unitExtension: {
    vi: 'gia hạn cho một đơn vị chỉ dời hạn nộp hồ sơ (submissionDeadline)',
    en: 'a per-unit extension moves only the submissionDeadline',
  },
  citizenId: { vi: 'gồm đúng 12 chữ số', en: '12 digits' },
  sha256: {
    vi: 'mã SHA-256 dạng base64 (44 ký tự)',
    en: 'base64 of a SHA-256 digest (44 characters)',
  },
  singleLine: {
    vi: 'không được chứa ký tự điều khiển hay xuống dòng, ký tự đổi hướng văn bản (U+202A–U+202E, U+2066–U+2069) hoặc ký tự Unicode hỏng (surrogate lẻ)',
    en: 'must not contain control characters or line breaks, bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069), or unpaired surrogates',
  },
  multiLine: {
    vi: 'không được chứa ký tự điều khiển (trừ xuống dòng và tab), ký tự đổi hướng văn bản (U+202A–U+202E, U+2066–U+2069) hoặc ký tự Unicode hỏng (surrogate lẻ)',
    en: 'must not contain control characters other than line breaks and tabs, bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069), or unpaired surrogates',
  },
  visible: { vi: 'phải có ký tự nhìn thấy được', en: 'must contain visible characters' },
  dateOfBirth: {
    vi: 'phải trong khoảng từ 1900-01-01 đến hôm nay',
    en: 'must lie between 1900-01-01 and today',
  },
  distinctInitiative: {
    vi: 'trùng với một sáng kiến đã kê khai ở trên (cùng số quyết định hoặc cùng tên)',
    en: 'repeats an initiative listed above (same decision number or same title)',
  },
  entityId: {
    vi: 'mã đối tượng, hoặc <năm>:<mã đơn vị> với kết quả chỉ số',
    en: 'an object id, or <year>:<unitId> for an index result',
  },
} as const;
const msg = (key: keyof typeof SCHEMA_MESSAGES) => key;

// ---- building blocks ----

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, msg('slug'));
/** Server-generated ids (ULID-like) and slugs alike. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, msg('id'));
export const Year = z.coerce.number().int().min(2000).max(2100);
export const IsoDate = z.iso.date();
export const Instant = z.iso.datetime({ offset: true });
const twoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;
export const Score = z.number().min(0).max(100).refine(twoDecimals, msg('twoDecimals'));

/**
 * R-DUP-1 (edition 2): free text refuses what would reach an award list or an export unseen or reordered —
 * C0/C1 control characters, bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) — and
 * unpaired surrogates, which no encoding can store. A multi-line field also takes line breaks and tabs.
 * Written without the `u` flag so that /openapi.json carries the same pattern: a surrogate pair is the one
 * way a surrogate may appear (with the `u` flag, where pairs are one code point, it reads the same).
 */
const SINGLE_LINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  /^(?:[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
const MULTI_LINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  /^(?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** One line of free text (numbers, titles, signers). */
export const Text = (max: number) => z.string().max(max).regex(SINGLE_LINE, msg('singleLine'));
/** Free text that may run over several lines (summaries, citations, reasons, notes). */
export const Prose = (max: number) => z.string().max(max).regex(MULTI_LINE, msg('multiLine'));
/** A required name: one line, trimmed, with something visible in it. */
export const Name = (max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(SINGLE_LINE, msg('singleLine'))
    .refine(hasVisibleText, msg('visible'));
/** A required reason: trimmed, with something visible, over one line or several. */
export const Reason = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(MULTI_LINE, msg('multiLine'))
    .refine(hasVisibleText, msg('visible'));
export const Version = z.number().int().min(1);
export const Timestamps = { createdAt: Instant, updatedAt: Instant };

export const Tier = z.enum(TIERS);
export const Role = z.enum(ROLES);
export const CriterionCode = z.enum(CRITERION_CODES);

export const Pagination = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  nextToken: z.string().min(1).max(2048).optional(),
};
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextToken: z.string().optional() });

// ---- units (R-TIER-1) ----

/** R-UNIT-1: a unit merges into a few units at most (a split names each part). */
const MAX_SUCCESSORS = 20;
export const UnitIdParams = z.strictObject({ unitId: Slug });
export const UnitBody = z.strictObject({
  unitId: Slug,
  name: Name(),
  tier: Tier,
  parentUnitId: Slug.optional(),
  parScored: z.boolean().default(false),
  // R-UNIT-1: the unit's validity (ICT calendar days) and the units it was merged into.
  validFrom: IsoDate.optional(),
  validTo: IsoDate.optional(),
  successorUnitIds: z.array(Slug).max(MAX_SUCCESSORS).optional(),
});
export const UnitUpdateBody = UnitBody.omit({ unitId: true }).extend({ unitId: Slug.optional() });
export const UnitQuery = z.strictObject({
  tier: Tier.optional(),
  parentUnitId: Slug.optional(),
  ...Pagination,
});
export const UnitOut = z
  .object({
    unitId: z.string(),
    name: z.string(),
    tier: Tier,
    parentUnitId: z.string().optional(),
    parScored: z.boolean(),
    validFrom: IsoDate.optional(),
    validTo: IsoDate.optional(),
    successorUnitIds: z.array(z.string()).optional(),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'Unit' });

export const UnitImportReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

// ---- index results (SPEC §4) ----

export const IndexResultParams = z.strictObject({ year: Year, unitId: Slug });
/** (edition 2) A field left out keeps its stored value; null clears it (domain/index-results.ts). */
export const IndexResultBody = z.strictObject({
  parIndexScore: Score.nullable().optional(),
  parIndexRank: z.number().int().min(1).max(10000).nullable().optional(),
  satisfactionIndex: Score.nullable().optional(),
});
export const IndexResultQuery = z.strictObject({ year: Year, ...Pagination });
export const IndexResultOut = z
  .object({
    year: z.number().int(),
    unitId: z.string(),
    parIndexScore: z.number().optional(),
    parIndexRank: z.number().int().optional(),
    satisfactionIndex: z.number().optional(),
    updatedAt: Instant,
  })
  .meta({ id: 'IndexResult' });
export const ImportReport = z.object({ imported: z.number().int(), years: z.array(z.number().int()) });

// ---- campaigns and rounds (R-CAMP-1, R-ROUND-1, R-QUOTA-1, R-DL-2) ----

const QuotaCell = z.strictObject({
  collective: z.number().int().min(0).max(MAX_QUOTA),
  individual: z.number().int().min(0).max(MAX_QUOTA),
});
/** Quotas keyed by the tiers of the round's campaign (R-TIER-2): a tier outside it is refused. */
export const Quotas = z
  .strictObject({
    province: QuotaCell.optional(),
    district: QuotaCell.optional(),
    commune: QuotaCell.optional(),
  })
  .meta({ id: 'Quotas' });

// ---- campaigns (R-CAMP-2) ----

const CampaignTiers = z.array(z.enum(TIERS)).min(1).max(TIERS.length);
const TopRank = z.number().int().min(1).max(1000);
const Threshold = z.number().min(0).max(100).refine(twoDecimals, msg('twoDecimals'));
const Count = (max: number) => z.number().int().min(0).max(max);
export const CampaignThresholds = z.strictObject({
  parScoreMin: Threshold,
  combinedIndexMin: Threshold,
  topRank: z.strictObject({
    province: TopRank.optional(),
    district: TopRank.optional(),
    commune: TopRank.optional(),
  }),
  topYearsMin: Count(50).min(1),
  annualInitiativesMin: Count(100),
  periodCollectiveInitiativesMin: Count(100),
  periodIndividualInitiativesMin: Count(100),
});
/** The editable fields of a campaign; POST adds its id, PATCH takes any of them (If-Match). */
const campaignFields = {
  name: Name(300),
  decisionNo: Name(100),
  decisionDate: IsoDate,
  startDate: IsoDate,
  endDate: IsoDate,
  tiers: CampaignTiers,
  quotas: z.strictObject({ annual: Quotas, period: Quotas }),
  thresholds: CampaignThresholds,
  communeIndividualProposer: z.enum(COMMUNE_INDIVIDUAL_PROPOSERS),
  reportingTiers: z.array(z.enum(TIERS)).max(TIERS.length),
  documents: z.strictObject({
    maxFileBytes: z
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024),
    allowedContentTypes: z
      .array(z.enum(Object.keys(FILE_TYPES) as [string, ...string[]]))
      .min(1)
      .max(Object.keys(FILE_TYPES).length),
  }),
  reminderOffsetsDays: z.array(z.number().int().min(0).max(365)).max(10),
  appraisalLeadDays: z.number().int().min(0).max(365),
};
export const CampaignIdParams = z.strictObject({ campaignId: Slug });
export const CampaignCreateBody = z.strictObject({ campaignId: Slug, ...campaignFields });
export const CampaignPatchBody = z
  .strictObject(
    Object.fromEntries(Object.entries(campaignFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof campaignFields]: z.ZodOptional<(typeof campaignFields)[K]>;
    },
  )
  .refine((p) => Object.values(p).some((v) => v !== undefined), msg('nothingToChange'));
export const CampaignOut = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    decisionNo: z.string(),
    decisionDate: IsoDate,
    startDate: IsoDate,
    endDate: IsoDate,
    tiers: z.array(z.enum(TIERS)),
    quotas: z.object({ annual: Quotas, period: Quotas }),
    thresholds: CampaignThresholds,
    communeIndividualProposer: z.enum(COMMUNE_INDIVIDUAL_PROPOSERS),
    reportingTiers: z.array(z.enum(TIERS)),
    documents: z.object({ maxFileBytes: z.number().int(), allowedContentTypes: z.array(z.string()) }),
    reminderOffsetsDays: z.array(z.number().int()),
    appraisalLeadDays: z.number().int(),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'Campaign' });
export const RoundIdParams = z.strictObject({ roundId: Slug });
export const RoundCreateBody = z
  .strictObject({
    roundId: Slug,
    campaignId: Slug.default('plan-1109'),
    /** Vietnamese; by default built from the kind and years ("Khen thưởng năm 2025"). */
    name: Name(300).optional(),
    kind: z.enum(ROUND_KINDS),
    year: z.number().int().min(2000).max(2100).optional(),
    years: z.array(z.number().int().min(2000).max(2100)).min(1).max(10).optional(),
    submissionDeadline: Instant,
    appraisalDeadline: Instant.optional(),
    announcementDate: IsoDate.optional(),
    /** By default the campaign's quotas for the round kind (R-CAMP-2). */
    quotas: Quotas.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'annual' && r.year === undefined)
      ctx.addIssue({ code: 'custom', path: ['year'], message: msg('annualYear') });
    if (r.kind === 'period' && r.years === undefined)
      ctx.addIssue({ code: 'custom', path: ['years'], message: msg('periodYears') });
  });
export const RoundPatchBody = z
  .strictObject({
    submissionDeadline: Instant.optional(),
    appraisalDeadline: Instant.optional(),
    announcementDate: IsoDate.optional(),
    unitId: Slug.optional(),
    reason: Reason(1000),
  })
  .superRefine((p, ctx) => {
    const changes = [p.submissionDeadline, p.appraisalDeadline, p.announcementDate];
    if (changes.every((c) => c === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: msg('nothingToChange') });
    if (p.unitId !== undefined && (p.submissionDeadline === undefined || changes.filter(Boolean).length > 1))
      ctx.addIssue({
        code: 'custom',
        path: ['unitId'],
        message: msg('unitExtension'),
      });
  });
const CellCounts = z.object({ collective: z.number().int(), individual: z.number().int() });
const TierCounts = z.object({
  province: CellCounts.optional(),
  district: CellCounts.optional(),
  commune: CellCounts.optional(),
});
export const RoundOut = z
  .object({
    roundId: z.string(),
    campaignId: z.string(),
    name: z.string(),
    /** The rules the round copied from its campaign when it was created (R-CAMP-2). */
    tiers: z.array(z.enum(TIERS)),
    thresholds: CampaignThresholds,
    communeIndividualProposer: z.enum(COMMUNE_INDIVIDUAL_PROPOSERS),
    kind: z.enum(ROUND_KINDS),
    year: z.number().int().optional(),
    years: z.array(z.number().int()).optional(),
    submissionDeadline: Instant,
    appraisalDeadline: Instant.optional(),
    announcementDate: IsoDate.optional(),
    effectiveAppraisalDeadline: Instant.optional(),
    appraisalReportAt: Instant.optional(),
    appraisalReports: z.number().int().optional(),
    closedAt: Instant.optional(),
    quotas: Quotas,
    awarded: TierCounts,
    extensions: z.array(z.object({ unitId: z.string(), submissionDeadline: Instant, reason: z.string() })),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'Round' });

// ---- dossiers, nominations, documents (SPEC §5) ----

export const DossierIdParams = z.strictObject({ dossierId: Id });
const DossierFields = {
  proposalNo: Text(100).optional(),
  proposalDate: IsoDate.optional(),
  signerName: Text(200).optional(),
  signerTitle: Text(200).optional(),
};
export const DossierCreateBody = z.strictObject({ roundId: Slug, unitId: Slug, ...DossierFields });
export const DossierPatchBody = z.strictObject(DossierFields);
export const DossierQuery = z.strictObject({
  roundId: Slug.optional(),
  status: z.enum(DOSSIER_STATUSES).optional(),
  unitId: Slug.optional(),
  ...Pagination,
});

export const Initiative = z.strictObject({
  title: Name(300),
  decisionNo: Text(100).optional(),
  recognizedOn: IsoDate,
  council: z.enum(COUNCILS),
  applied: z.boolean(),
  documentId: Id.optional(),
});
/** PC3/AC3 (edition 2): each initiative once; a repeat is named by its position and the field that repeats. */
const Initiatives = z
  .array(Initiative)
  .max(20)
  .superRefine((list, ctx) => {
    for (const repeat of repeatedInitiatives(list))
      ctx.addIssue({
        code: 'custom',
        path: [repeat.index, repeat.field],
        message: msg('distinctInitiative'),
      });
  });
export const CollectiveNominee = z.strictObject({ unitId: Slug });
export const IndividualNominee = z.strictObject({
  unitId: Slug,
  fullName: Name(200),
  // R-DUP-1: between 1900-01-01 and today (the server's clock at the request, in Vietnam).
  dateOfBirth: IsoDate.refine((d) => d >= '1900-01-01' && d <= ictDate(new Date()), msg('dateOfBirth')),
  gender: z.enum(GENDERS),
  position: Name(200),
  staffCategory: z.enum(STAFF_CATEGORIES),
  citizenId: z
    .string()
    .regex(/^\d{12}$/, msg('citizenId'))
    .optional(),
});
const NominationCommon = {
  criteriaClaimed: z.array(CriterionCode).min(1).max(CRITERION_CODES.length),
  disciplineCompliance: z.boolean(),
  achievementSummary: Prose(5000).default(''),
  citationText: Prose(500).default(''),
  initiatives: Initiatives.default([]),
};
export const NominationBody = z.discriminatedUnion('nomineeType', [
  z.strictObject({ nomineeType: z.literal('collective'), nominee: CollectiveNominee, ...NominationCommon }),
  z.strictObject({ nomineeType: z.literal('individual'), nominee: IndividualNominee, ...NominationCommon }),
]);
export const NominationPatchBody = z
  .strictObject({
    nomineeType: z.enum(['collective', 'individual']).optional(),
    nominee: z.union([IndividualNominee, CollectiveNominee]).optional(),
    criteriaClaimed: NominationCommon.criteriaClaimed.optional(),
    disciplineCompliance: z.boolean().optional(),
    achievementSummary: Prose(5000).optional(),
    citationText: Prose(500).optional(),
    initiatives: Initiatives.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, msg('nothingToChange'));
export const NominationIdParams = z.strictObject({ nominationId: Id });

const LocalizedReason = z.string();
export const EligibilityOut = z
  .object({
    eligible: z.boolean().nullable(),
    criteria: z.array(
      z.object({ code: CriterionCode, status: z.enum(CRITERION_STATUSES), reason: LocalizedReason }),
    ),
  })
  .meta({ id: 'Eligibility' });
export const NominationOut = z
  .object({
    nominationId: z.string(),
    dossierId: z.string(),
    roundId: z.string(),
    proposingUnitId: z.string(),
    nomineeType: z.enum(['collective', 'individual']),
    nominee: z.union([IndividualNominee, CollectiveNominee]),
    tier: Tier,
    criteriaClaimed: z.array(CriterionCode),
    disciplineCompliance: z.boolean(),
    achievementSummary: z.string(),
    citationText: z.string(),
    initiatives: z.array(Initiative),
    status: z.enum(NOMINATION_STATUSES),
    eligibility: EligibilityOut,
    verifiedCriteria: z.array(CriterionCode),
    appraisal: z
      .object({
        decision: z.string(),
        reason: z.string().optional(),
        at: Instant,
        by: z.string(),
        criteriaMet: z.array(CriterionCode).optional(),
        /** The sending of the round's appraisal report that carries it (R-APP-1: final once sent). */
        report: z.number().int().optional(),
        /** The documents the appraisal saw (R-DOC-3). */
        documents: z.array(z.object({ documentId: z.string(), sha256: z.string() })).optional(),
      })
      .optional(),
    award: z.object({ decisionNo: z.string(), decisionDate: IsoDate, at: Instant }).optional(),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'Nomination' });

export const DocumentOut = z
  .object({
    documentId: z.string(),
    dossierId: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    status: z.enum(DOCUMENT_STATUSES),
    nominationId: z.string().optional(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    reason: z.string().optional(),
    current: z.boolean(),
    ...Timestamps,
  })
  .meta({ id: 'Document' });

export const DossierOut = z
  .object({
    dossierId: z.string(),
    roundId: z.string(),
    unitId: z.string(),
    status: z.enum(DOSSIER_STATUSES),
    proposalNo: z.string().optional(),
    proposalDate: IsoDate.optional(),
    signerName: z.string().optional(),
    signerTitle: z.string().optional(),
    submittedAt: Instant.optional(),
    /** Why the appraisers returned it, per nomination (SPEC §6). */
    returnReasons: z.array(z.object({ nominationId: z.string(), reason: z.string() })).optional(),
    nominations: z.array(NominationOut),
    documents: z.array(DocumentOut),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'Dossier' });

/** A dossier as lists show it; its nominations and documents come with GET /dossiers/{dossierId}. */
export const DossierSummaryOut = DossierOut.omit({ nominations: true, documents: true }).meta({
  id: 'DossierSummary',
});

/** What a file declaration says of the file (R-DOC-1): the presigned upload is bound to it. */
const FileDeclaration = {
  fileName: Name(255),
  contentType: Text(200).min(1),
  size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, msg('sha256')),
};
/** A dossier's documents (R-DOS-2); a movement report is not one of them (R-REP-1). */
export const DocumentDeclareBody = z.strictObject({
  kind: z.enum(DOSSIER_DOCUMENT_KINDS),
  ...FileDeclaration,
  nominationId: Id.optional(),
});
export const DocumentIdParams = z.strictObject({ documentId: Id });
export const UploadTicketOut = z
  .object({
    documentId: z.string(),
    uploadUrl: z.url(),
    uploadHeaders: z.record(z.string(), z.string()),
    expiresAt: Instant,
    document: DocumentOut,
  })
  .meta({ id: 'UploadTicket' });
export const ConfirmOut = z.object({
  documentId: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  reason: z.string().optional(),
});
export const DownloadOut = z.object({ url: z.url(), expiresAt: Instant });

// ---- yearly movement reports (R-REP-1, D-REP) ----

export const MovementReportParams = z.strictObject({ unitId: Slug, year: Year });
export const ReportDocumentDeclareBody = z.strictObject({
  kind: z.literal('movement_report').default('movement_report'),
  ...FileDeclaration,
});
export const ReportDocumentOut = z
  .object({
    documentId: z.string(),
    reportId: z.string(),
    unitId: z.string(),
    year: z.number().int(),
    kind: z.literal('movement_report'),
    status: z.enum(DOCUMENT_STATUSES),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    reason: z.string().optional(),
    verifiedAt: Instant.optional(),
    current: z.boolean(),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'MovementReportDocument' });
export const MovementReportOut = z
  .object({
    reportId: z.string(),
    unitId: z.string(),
    year: z.number().int(),
    status: z.enum(MOVEMENT_REPORT_STATUSES),
    submittedAt: Instant.optional(),
    /** D-REP: submitted on time strictly before this instant (30 Dec 00:00 ICT of the year). */
    dueAt: Instant,
    documents: z.array(ReportDocumentOut),
    version: Version,
    ...Timestamps,
  })
  .meta({ id: 'MovementReport' });
export const ReportUploadTicketOut = z
  .object({
    documentId: z.string(),
    uploadUrl: z.url(),
    uploadHeaders: z.record(z.string(), z.string()),
    expiresAt: Instant,
    document: ReportDocumentOut,
  })
  .meta({ id: 'MovementReportUploadTicket' });

// ---- appraisal and awards (SPEC §6, R-QUOTA-2) ----

export const AppraisalBody = z.strictObject({
  decision: z.enum(['recommend', 'reject', 'return']),
  verifiedCriteria: z.array(CriterionCode).max(CRITERION_CODES.length).default([]),
  reason: Prose(2000).optional(),
});
export const AppraisalReportBody = z.strictObject({ note: Prose(2000).optional() });
export const AwardsBody = z.strictObject({
  nominationIds: z.array(Id).min(1).max(100),
  decisionNo: Name(100),
  decisionDate: IsoDate,
});
export const AwardsOut = z.object({ awarded: z.array(NominationOut) });
const SummaryCell = z.object({
  tier: Tier,
  nomineeType: z.enum(['collective', 'individual']),
  submitted: z.number().int(),
  recommended: z.number().int(),
  /** Recommended in a sent appraisal report: what the Chairman may grant (R-AWD-1). */
  sent: z.number().int(),
  awarded: z.number().int(),
  quota: z.number().int(),
  remaining: z.number().int(),
  overRecommended: z.boolean(),
});
export const SummaryOut = z
  .object({ roundId: z.string(), cells: z.array(SummaryCell) })
  .meta({ id: 'Summary' });
/** A sending of the appraisal report: its number, its time, and the whole list the Chairman may grant. */
export const AppraisalReportOut = SummaryOut.extend({
  appraisalReports: z.number().int(),
  appraisalReportAt: Instant,
  nominationIds: z.array(z.string()),
}).meta({ id: 'AppraisalReport' });
export const RoundCloseBody = z.strictObject({ reason: Prose(1000).optional() });
export const RoundCloseOut = z.object({
  roundId: z.string(),
  closedAt: Instant,
  notAwarded: z.number().int(),
  closedDossiers: z.number().int(),
  unappraised: z.number().int(),
});

// ---- audit, notifications ----

/**
 * Whose trail: an object's id, or `<year>:<unitId>` for an index result (its entity id in the trail,
 * store/units.ts indexResultEntityId).
 */
export const AuditEntityId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^(?:[A-Za-z0-9][A-Za-z0-9_-]*|\d{4}:[a-z0-9][a-z0-9-]*)$/, msg('entityId'));
export const AuditQuery = z.strictObject({ entityId: AuditEntityId, ...Pagination });
export const AuditOut = z
  .object({
    auditId: z.string(),
    entityId: z.string(),
    entityType: z.string(),
    action: z.string(),
    actor: z.string(),
    role: z.string(),
    unitId: z.string().optional(),
    at: Instant,
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().optional(),
  })
  .meta({ id: 'AuditRecord' });

export const NotificationQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  ...Pagination,
});
export const NotificationIdParams = z.strictObject({ notificationId: z.string().min(1).max(300) });
export const NotificationOut = z
  .object({
    notificationId: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    roundId: z.string(),
    unitId: z.string().optional(),
    role: z.string().optional(),
    dueAt: Instant,
    daysBefore: z.number().int().optional(),
    message: z.string(),
    createdAt: Instant,
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });

// ---- local development ----

export const DevTokenBody = z.strictObject({ role: Role, unitId: Slug.optional(), sub: Id.optional() });
export const DevSweepBody = z.strictObject({ at: Instant });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
