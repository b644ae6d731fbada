// Request and response schemas of the HTTP API. Each request schema validates at the edge, types the
// handler's input and feeds /openapi.json. Objects are strict (unknown fields are refused: OWASP API3);
// every string and array has a maximum.

import * as z from 'zod/mini';
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
import { MAX_CONTACT_EMAILS } from '#domain/mail.ts';
import { MOVEMENT_REPORT_STATUSES } from '#domain/movement-report.ts';
import { PLAN_1109 } from '#domain/campaign.ts';
import { MAX_QUOTA } from '#domain/quota.ts';
import { NOTIFICATION_KINDS } from '#domain/sweep.ts';
import { ictDate } from '#domain/deadlines.ts';
import { repeatedInitiatives } from '#domain/eligibility.ts';
import { hasVisibleText } from '#domain/nominee.ts';
import { FILE_TYPES } from '#domain/files.ts';

/**
 * Every schema below is built by `later` on its first call, once, its parts first (and so registered with
 * `.register(z.globalRegistry, { id })` before anything that contains it is converted to JSON Schema). The
 * routes name their makers (`query: s.UnitQuery`, pipeline/route.ts `SchemaMaker`): a cold start builds no
 * schema, and a function's first request builds only those of the route it serves; responses, which only
 * document the answers (/openapi.json, the contract tests), are never built while a function serves. The
 * bundler drops a `later` whose result is unused, so a group's bundle holds only its routes' schemas.
 */
/* @__NO_SIDE_EFFECTS__ */
function later<T>(make: () => T): () => T {
  let made: { schema: T } | undefined;
  return () => {
    made ??= { schema: make() };
    return made.schema;
  };
}

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
  eachAddressOnce: { vi: 'mỗi địa chỉ chỉ ghi một lần', en: 'each address once' },
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

export const Slug = later(() =>
  z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/, msg('slug'))),
);
/** Server-generated ids (ULID-like) and slugs alike. */
export const Id = later(() =>
  z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, msg('id'))),
);
export const Year = later(() => z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)));
export const IsoDate = later(() => z.iso.date());
export const Instant = later(() => z.iso.datetime({ offset: true }));
const twoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;
export const Score = later(() =>
  z.number().check(z.gte(0), z.lte(100), z.refine(twoDecimals, msg('twoDecimals'))),
);

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
export const Text = (max: number) =>
  z.string().check(z.maxLength(max), z.regex(SINGLE_LINE, msg('singleLine')));
/** Free text that may run over several lines (summaries, citations, reasons, notes). */
export const Prose = (max: number) =>
  z.string().check(z.maxLength(max), z.regex(MULTI_LINE, msg('multiLine')));
/** A required name: one line, trimmed, with something visible in it. */
export const Name = (max = 200) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(max),
      z.regex(SINGLE_LINE, msg('singleLine')),
      z.refine(hasVisibleText, msg('visible')),
    );
/** A required reason: trimmed, with something visible, over one line or several. */
export const Reason = (max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(max),
      z.regex(MULTI_LINE, msg('multiLine')),
      z.refine(hasVisibleText, msg('visible')),
    );
export const Version = later(() => z.number().check(z.int(), z.gte(1)));
export const Timestamps = later(() => ({ createdAt: Instant(), updatedAt: Instant() }));

export const Tier = later(() => z.enum(TIERS));
export const Role = later(() => z.enum(ROLES));
export const CriterionCode = later(() => z.enum(CRITERION_CODES));

export const Pagination = later(() => ({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  nextToken: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
}));
/** The query of a list without filters: its page only. */
export const PageQuery = later(() => z.strictObject({ ...Pagination() }));
const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextToken: z.optional(z.string()) });
const pages = new WeakMap<z.ZodMiniType, z.ZodMiniType>();
/** A page of `item`s (a list route's response), built once per item schema. */
export function page<T extends z.ZodMiniType>(item: T): ReturnType<typeof pageOf<T>> {
  let made = pages.get(item) as ReturnType<typeof pageOf<T>> | undefined;
  if (!made) {
    made = pageOf(item);
    pages.set(item, made);
  }
  return made;
}

// ---- units (R-TIER-1) ----

/** R-UNIT-1: a unit merges into a few units at most (a split names each part). */
const MAX_SUCCESSORS = 20;
/** R-MAIL-1: a unit's contact addresses, at most MAX_CONTACT_EMAILS, none twice (whatever the case). */
const ContactEmails = later(() =>
  z.array(z.email().check(z.maxLength(254))).check(
    z.maxLength(MAX_CONTACT_EMAILS),
    z.refine(
      (list) => new Set(list.map((a) => a.toLowerCase())).size === list.length,
      msg('eachAddressOnce'),
    ),
  ),
);
export const UnitIdParams = later(() => z.strictObject({ unitId: Slug() }));
export const UnitBody = later(() =>
  z.strictObject({
    unitId: Slug(),
    name: Name(),
    tier: Tier(),
    parentUnitId: z.optional(Slug()),
    parScored: z._default(z.boolean(), false),
    // R-UNIT-1: the unit's validity (ICT calendar days) and the units it was merged into.
    validFrom: z.optional(IsoDate()),
    validTo: z.optional(IsoDate()),
    successorUnitIds: z.optional(z.array(Slug()).check(z.maxLength(MAX_SUCCESSORS))),
    // R-MAIL-1: where the unit's reminders are e-mailed; each address once.
    contactEmails: z.optional(ContactEmails()),
  }),
);
export const UnitUpdateBody = later(() =>
  z.extend(z.omit(UnitBody(), { unitId: true }), { unitId: z.optional(Slug()) }),
);
export const UnitQuery = later(() =>
  z.strictObject({
    tier: z.optional(Tier()),
    parentUnitId: z.optional(Slug()),
    ...Pagination(),
  }),
);
export const UnitOut = later(() =>
  z
    .object({
      unitId: z.string(),
      name: z.string(),
      tier: Tier(),
      parentUnitId: z.optional(z.string()),
      parScored: z.boolean(),
      validFrom: z.optional(IsoDate()),
      validTo: z.optional(IsoDate()),
      successorUnitIds: z.optional(z.array(z.string())),
      contactEmails: z.optional(z.array(z.string())),
      version: Version(),
      ...Timestamps(),
    })
    .register(z.globalRegistry, { id: 'Unit' }),
);

export const UnitImportReport = later(() =>
  z.object({
    created: z.number().check(z.int()),
    updated: z.number().check(z.int()),
    unchanged: z.number().check(z.int()),
  }),
);

// ---- index results (SPEC §4) ----

export const IndexResultParams = later(() => z.strictObject({ year: Year(), unitId: Slug() }));
/** (edition 2) A field left out keeps its stored value; null clears it (domain/index-results.ts). */
export const IndexResultBody = later(() =>
  z.strictObject({
    parIndexScore: z.optional(z.nullable(Score())),
    parIndexRank: z.optional(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(10000)))),
    satisfactionIndex: z.optional(z.nullable(Score())),
  }),
);
export const IndexResultQuery = later(() => z.strictObject({ year: Year(), ...Pagination() }));
export const IndexResultOut = later(() =>
  z
    .object({
      year: z.number().check(z.int()),
      unitId: z.string(),
      parIndexScore: z.optional(z.number()),
      parIndexRank: z.optional(z.number().check(z.int())),
      satisfactionIndex: z.optional(z.number()),
      updatedAt: Instant(),
    })
    .register(z.globalRegistry, { id: 'IndexResult' }),
);
export const ImportReport = later(() =>
  z.object({
    imported: z.number().check(z.int()),
    years: z.array(z.number().check(z.int())),
  }),
);

// ---- campaigns and rounds (R-CAMP-1, R-ROUND-1, R-QUOTA-1, R-DL-2) ----

const QuotaCell = later(() =>
  z.strictObject({
    collective: z.number().check(z.int(), z.gte(0), z.lte(MAX_QUOTA)),
    individual: z.number().check(z.int(), z.gte(0), z.lte(MAX_QUOTA)),
  }),
);
/** Quotas keyed by the tiers of the round's campaign (R-TIER-2): a tier outside it is refused. */
export const Quotas = later(() =>
  z
    .strictObject({
      province: z.optional(QuotaCell()),
      district: z.optional(QuotaCell()),
      commune: z.optional(QuotaCell()),
    })
    .register(z.globalRegistry, { id: 'Quotas' }),
);

/**
 * JSON Schema's `if`/`then` for the document, where a refinement makes one field required by another
 * (R-API-1: the document says what the server checks). Built from entries: a plain `then` key would make
 * the object look like a promise.
 */
const when = (condition: object, consequence: object): Record<string, object> =>
  Object.fromEntries([
    ['if', condition],
    ['then', consequence],
  ]);
/** A subschema requiring these properties of the object it applies to. */
const requires = (...names: string[]) => ({ required: names });

// ---- campaigns (R-CAMP-2) ----

const CampaignTiers = later(() => z.array(z.enum(TIERS)).check(z.minLength(1), z.maxLength(TIERS.length)));
const TopRank = later(() => z.number().check(z.int(), z.gte(1), z.lte(1000)));
const Threshold = later(() =>
  z.number().check(z.gte(0), z.lte(100), z.refine(twoDecimals, msg('twoDecimals'))),
);
const Count = (max: number) => z.number().check(z.int(), z.gte(0), z.lte(max));
export const CampaignThresholds = later(() =>
  z.strictObject({
    parScoreMin: Threshold(),
    combinedIndexMin: Threshold(),
    topRank: z.strictObject({
      province: z.optional(TopRank()),
      district: z.optional(TopRank()),
      commune: z.optional(TopRank()),
    }),
    topYearsMin: Count(50).check(z.gte(1)),
    annualInitiativesMin: Count(100),
    periodCollectiveInitiativesMin: Count(100),
    periodIndividualInitiativesMin: Count(100),
  }),
);
/** The editable fields of a campaign; POST adds its id, PATCH takes any of them (If-Match). */
const campaignFields = later(() => ({
  name: Name(300),
  decisionNo: Name(100),
  decisionDate: IsoDate(),
  startDate: IsoDate(),
  endDate: IsoDate(),
  tiers: CampaignTiers(),
  quotas: z.strictObject({ annual: Quotas(), period: Quotas() }),
  thresholds: CampaignThresholds(),
  communeIndividualProposer: z.enum(COMMUNE_INDIVIDUAL_PROPOSERS),
  reportingTiers: z.array(z.enum(TIERS)).check(z.maxLength(TIERS.length)),
  documents: z.strictObject({
    maxFileBytes: z.number().check(z.int(), z.gte(1024), z.lte(100 * 1024 * 1024)),
    allowedContentTypes: z
      .array(z.enum(Object.keys(FILE_TYPES) as [string, ...string[]]))
      .check(z.minLength(1), z.maxLength(Object.keys(FILE_TYPES).length)),
  }),
  reminderOffsetsDays: z.array(z.number().check(z.int(), z.gte(0), z.lte(365))).check(z.maxLength(10)),
  appraisalLeadDays: z.number().check(z.int(), z.gte(0), z.lte(365)),
}));
export const CampaignIdParams = later(() => z.strictObject({ campaignId: Slug() }));
// The document states the rules JSON Schema can say (R-API-1); quotas for exactly the campaign's tiers is
// said by the example, the seeded Plan 1109 under another id.
export const CampaignCreateBody = later(() =>
  z
    .strictObject({ campaignId: Slug(), ...campaignFields() })
    .register(z.globalRegistry, { examples: [{ ...PLAN_1109, campaignId: 'vd-chien-dich' }] }),
);
export const CampaignPatchBody = later(() =>
  z
    .strictObject(
      Object.fromEntries(Object.entries(campaignFields()).map(([k, v]) => [k, z.optional(v)])) as {
        [K in keyof ReturnType<typeof campaignFields>]: z.ZodMiniOptional<
          ReturnType<typeof campaignFields>[K]
        >;
      },
    )
    .check(z.refine((p) => Object.values(p).some((v) => v !== undefined), msg('nothingToChange')))
    .register(z.globalRegistry, { minProperties: 1 }),
);
export const CampaignOut = later(() =>
  z
    .object({
      campaignId: z.string(),
      name: z.string(),
      decisionNo: z.string(),
      decisionDate: IsoDate(),
      startDate: IsoDate(),
      endDate: IsoDate(),
      tiers: z.array(z.enum(TIERS)),
      quotas: z.object({ annual: Quotas(), period: Quotas() }),
      thresholds: CampaignThresholds(),
      communeIndividualProposer: z.enum(COMMUNE_INDIVIDUAL_PROPOSERS),
      reportingTiers: z.array(z.enum(TIERS)),
      documents: z.object({
        maxFileBytes: z.number().check(z.int()),
        allowedContentTypes: z.array(z.string()),
      }),
      reminderOffsetsDays: z.array(z.number().check(z.int())),
      appraisalLeadDays: z.number().check(z.int()),
      version: Version(),
      ...Timestamps(),
    })
    .register(z.globalRegistry, { id: 'Campaign' }),
);
export const RoundIdParams = later(() => z.strictObject({ roundId: Slug() }));
export const RoundCreateBody = later(() =>
  z
    .strictObject({
      roundId: Slug(),
      campaignId: z._default(Slug(), 'plan-1109'),
      /** Vietnamese; by default built from the kind and years ("Khen thưởng năm 2025"). */
      name: z.optional(Name(300)),
      kind: z.enum(ROUND_KINDS),
      year: z.optional(z.number().check(z.int(), z.gte(2000), z.lte(2100))),
      years: z.optional(
        z.array(z.number().check(z.int(), z.gte(2000), z.lte(2100))).check(z.minLength(1), z.maxLength(10)),
      ),
      submissionDeadline: Instant(),
      appraisalDeadline: z.optional(Instant()),
      announcementDate: z.optional(IsoDate()),
      /** By default the campaign's quotas for the round kind (R-CAMP-2). */
      quotas: z.optional(Quotas()),
    })
    .check(
      z.superRefine((r, ctx) => {
        if (r.kind === 'annual' && r.year === undefined)
          ctx.addIssue({ code: 'custom', path: ['year'], message: msg('annualYear') });
        if (r.kind === 'period' && r.years === undefined)
          ctx.addIssue({ code: 'custom', path: ['years'], message: msg('periodYears') });
      }),
    )
    .register(z.globalRegistry, {
      allOf: [
        when({ properties: { kind: { const: 'annual' } } }, requires('year')),
        when({ properties: { kind: { const: 'period' } } }, requires('years')),
      ],
      // The years must fall within the campaign's (a 400 otherwise): 2021–2025 for Plan 1109.
      examples: [
        { roundId: 'vd-dot-2025', kind: 'annual', year: 2025, submissionDeadline: '2025-12-15T17:00:00Z' },
      ],
    }),
);
export const RoundPatchBody = later(() =>
  z
    .strictObject({
      submissionDeadline: z.optional(Instant()),
      appraisalDeadline: z.optional(Instant()),
      announcementDate: z.optional(IsoDate()),
      unitId: z.optional(Slug()),
      reason: Reason(1000),
    })
    .check(
      z.superRefine((p, ctx) => {
        const changes = [p.submissionDeadline, p.appraisalDeadline, p.announcementDate];
        if (changes.every((c) => c === undefined))
          ctx.addIssue({ code: 'custom', path: [], message: msg('nothingToChange') });
        if (
          p.unitId !== undefined &&
          (p.submissionDeadline === undefined || changes.filter(Boolean).length > 1)
        )
          ctx.addIssue({
            code: 'custom',
            path: ['unitId'],
            message: msg('unitExtension'),
          });
      }),
    )
    .register(z.globalRegistry, {
      anyOf: [
        { required: ['submissionDeadline'] },
        { required: ['appraisalDeadline'] },
        { required: ['announcementDate'] },
      ],
      // One unit's extension moves its submission deadline only.
      ...when(requires('unitId'), {
        ...requires('submissionDeadline'),
        not: { anyOf: [requires('appraisalDeadline'), requires('announcementDate')] },
      }),
    }),
);
const CellCounts = later(() =>
  z.object({ collective: z.number().check(z.int()), individual: z.number().check(z.int()) }),
);
const TierCounts = later(() =>
  z.object({
    province: z.optional(CellCounts()),
    district: z.optional(CellCounts()),
    commune: z.optional(CellCounts()),
  }),
);
export const RoundOut = later(() =>
  z
    .object({
      roundId: z.string(),
      campaignId: z.string(),
      name: z.string(),
      /** The rules the round copied from its campaign when it was created (R-CAMP-2). */
      tiers: z.array(z.enum(TIERS)),
      thresholds: CampaignThresholds(),
      communeIndividualProposer: z.enum(COMMUNE_INDIVIDUAL_PROPOSERS),
      kind: z.enum(ROUND_KINDS),
      year: z.optional(z.number().check(z.int())),
      years: z.optional(z.array(z.number().check(z.int()))),
      submissionDeadline: Instant(),
      appraisalDeadline: z.optional(Instant()),
      announcementDate: z.optional(IsoDate()),
      effectiveAppraisalDeadline: z.optional(Instant()),
      appraisalReportAt: z.optional(Instant()),
      appraisalReports: z.optional(z.number().check(z.int())),
      closedAt: z.optional(Instant()),
      quotas: Quotas(),
      awarded: TierCounts(),
      extensions: z.array(
        z.object({ unitId: z.string(), submissionDeadline: Instant(), reason: z.string() }),
      ),
      version: Version(),
      ...Timestamps(),
    })
    .register(z.globalRegistry, { id: 'Round' }),
);

// ---- dossiers, nominations, documents (SPEC §5) ----

export const DossierIdParams = later(() => z.strictObject({ dossierId: Id() }));
const DossierFields = later(() => ({
  proposalNo: z.optional(Text(100)),
  proposalDate: z.optional(IsoDate()),
  signerName: z.optional(Text(200)),
  signerTitle: z.optional(Text(200)),
}));
export const DossierCreateBody = later(() =>
  z.strictObject({ roundId: Slug(), unitId: Slug(), ...DossierFields() }),
);
export const DossierPatchBody = later(() => z.strictObject(DossierFields()));
export const DossierQuery = later(() =>
  z.strictObject({
    roundId: z.optional(Slug()),
    status: z.optional(z.enum(DOSSIER_STATUSES)),
    unitId: z.optional(Slug()),
    ...Pagination(),
  }),
);

export const Initiative = later(() =>
  z.strictObject({
    title: Name(300),
    decisionNo: z.optional(Text(100)),
    recognizedOn: IsoDate(),
    council: z.enum(COUNCILS),
    applied: z.boolean(),
    documentId: z.optional(Id()),
  }),
);
/** PC3/AC3 (edition 2): each initiative once; a repeat is named by its position and the field that repeats. */
const Initiatives = later(() =>
  z.array(Initiative()).check(
    z.maxLength(20),
    z.superRefine((list, ctx) => {
      for (const repeat of repeatedInitiatives(list))
        ctx.addIssue({
          code: 'custom',
          path: [repeat.index, repeat.field],
          message: msg('distinctInitiative'),
        });
    }),
  ),
);
export const CollectiveNominee = later(() => z.strictObject({ unitId: Slug() }));
export const IndividualNominee = later(() =>
  z.strictObject({
    unitId: Slug(),
    fullName: Name(200),
    // R-DUP-1: between 1900-01-01 and today (the server's clock at the request, in Vietnam).
    dateOfBirth: IsoDate().check(
      z.refine((d) => d >= '1900-01-01' && d <= ictDate(new Date()), msg('dateOfBirth')),
    ),
    gender: z.enum(GENDERS),
    position: Name(200),
    staffCategory: z.enum(STAFF_CATEGORIES),
    citizenId: z.optional(z.string().check(z.regex(/^\d{12}$/, msg('citizenId')))),
  }),
);
/** An individual as read: the citizen id masked (`********1234`) for readers who may not see it whole. */
const IndividualNomineeOut = later(() =>
  z.extend(IndividualNominee(), {
    citizenId: z.optional(z.string().check(z.regex(/^(?:\d{12}|\*{8}\d{4})$/))),
  }),
);
const NominationCommon = later(() => ({
  criteriaClaimed: z.array(CriterionCode()).check(z.minLength(1), z.maxLength(CRITERION_CODES.length)),
  disciplineCompliance: z.boolean(),
  achievementSummary: z._default(Prose(5000), ''),
  citationText: z._default(Prose(500), ''),
  initiatives: z._default(Initiatives(), []),
}));
export const NominationBody = later(() =>
  z.discriminatedUnion('nomineeType', [
    z.strictObject({
      nomineeType: z.literal('collective'),
      nominee: CollectiveNominee(),
      ...NominationCommon(),
    }),
    z.strictObject({
      nomineeType: z.literal('individual'),
      nominee: IndividualNominee(),
      ...NominationCommon(),
    }),
  ]),
);
export const NominationPatchBody = later(() =>
  z
    .strictObject({
      nomineeType: z.optional(z.enum(['collective', 'individual'])),
      nominee: z.optional(z.union([IndividualNominee(), CollectiveNominee()])),
      criteriaClaimed: z.optional(NominationCommon().criteriaClaimed),
      disciplineCompliance: z.optional(z.boolean()),
      achievementSummary: z.optional(Prose(5000)),
      citationText: z.optional(Prose(500)),
      initiatives: z.optional(Initiatives()),
    })
    .check(z.refine((p) => Object.keys(p).length > 0, msg('nothingToChange')))
    .register(z.globalRegistry, { minProperties: 1 }),
);
export const NominationIdParams = later(() => z.strictObject({ nominationId: Id() }));

const LocalizedReason = later(() => z.string());
export const EligibilityOut = later(() =>
  z
    .object({
      eligible: z.nullable(z.boolean()),
      criteria: z.array(
        z.object({ code: CriterionCode(), status: z.enum(CRITERION_STATUSES), reason: LocalizedReason() }),
      ),
    })
    .register(z.globalRegistry, { id: 'Eligibility' }),
);
export const NominationOut = later(() =>
  z
    .object({
      nominationId: z.string(),
      dossierId: z.string(),
      roundId: z.string(),
      proposingUnitId: z.string(),
      nomineeType: z.enum(['collective', 'individual']),
      nominee: z.union([IndividualNomineeOut(), CollectiveNominee()]),
      tier: Tier(),
      criteriaClaimed: z.array(CriterionCode()),
      disciplineCompliance: z.boolean(),
      achievementSummary: z.string(),
      citationText: z.string(),
      initiatives: z.array(Initiative()),
      status: z.enum(NOMINATION_STATUSES),
      eligibility: EligibilityOut(),
      verifiedCriteria: z.array(CriterionCode()),
      appraisal: z.optional(
        z.object({
          decision: z.string(),
          reason: z.optional(z.string()),
          at: Instant(),
          by: z.string(),
          criteriaMet: z.optional(z.array(CriterionCode())),
          /** The sending of the round's appraisal report that carries it (R-APP-1: final once sent). */
          report: z.optional(z.number().check(z.int())),
          /** The documents the appraisal saw (R-DOC-3). */
          documents: z.optional(z.array(z.object({ documentId: z.string(), sha256: z.string() }))),
        }),
      ),
      award: z.optional(z.object({ decisionNo: z.string(), decisionDate: IsoDate(), at: Instant() })),
      version: Version(),
      ...Timestamps(),
    })
    .register(z.globalRegistry, { id: 'Nomination' }),
);

/**
 * What every document read carries of its file and its verification, a dossier's (DocumentOut) and a
 * movement report's (ReportDocumentOut): the record shape both share (store/db.ts StoredFile).
 */
const StoredFileFields = later(() => ({
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().check(z.int()),
  sha256: z.string(),
  reason: z.optional(z.string()),
  verifiedAt: z.optional(Instant()),
  current: z.boolean(),
  version: Version(),
  ...Timestamps(),
}));

export const DocumentOut = later(() =>
  z
    .object({
      documentId: z.string(),
      dossierId: z.string(),
      roundId: z.string(),
      unitId: z.string(),
      kind: z.enum(DOCUMENT_KINDS),
      status: z.enum(DOCUMENT_STATUSES),
      nominationId: z.optional(z.string()),
      ...StoredFileFields(),
    })
    .register(z.globalRegistry, { id: 'Document' }),
);

export const DossierOut = later(() =>
  z
    .object({
      dossierId: z.string(),
      roundId: z.string(),
      unitId: z.string(),
      status: z.enum(DOSSIER_STATUSES),
      /** The status an expired dossier returns to when a deadline extension reopens it. */
      expiredFrom: z.optional(z.enum(['draft', 'returned'])),
      proposalNo: z.optional(z.string()),
      proposalDate: z.optional(IsoDate()),
      signerName: z.optional(z.string()),
      signerTitle: z.optional(z.string()),
      submittedAt: z.optional(Instant()),
      /** Why the appraisers returned it, per nomination (SPEC §6). */
      returnReasons: z.optional(z.array(z.object({ nominationId: z.string(), reason: z.string() }))),
      nominations: z.array(NominationOut()),
      documents: z.array(DocumentOut()),
      version: Version(),
      ...Timestamps(),
    })
    .register(z.globalRegistry, { id: 'Dossier' }),
);

/** A dossier as lists show it; its nominations and documents come with GET /dossiers/{dossierId}. */
export const DossierSummaryOut = later(() =>
  z
    .omit(DossierOut(), { nominations: true, documents: true })
    .register(z.globalRegistry, { id: 'DossierSummary' }),
);

/** What a file declaration says of the file (R-DOC-1): the presigned upload is bound to it. */
const FileDeclaration = later(() => ({
  fileName: Name(255),
  contentType: Text(200).check(z.minLength(1)),
  size: z.number().check(z.int(), z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)),
  sha256: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, msg('sha256'))),
}));
/** A dossier's documents (R-DOS-2); a movement report is not one of them (R-REP-1). */
export const DocumentDeclareBody = later(() =>
  z.strictObject({
    kind: z.enum(DOSSIER_DOCUMENT_KINDS),
    ...FileDeclaration(),
    nominationId: z.optional(Id()),
  }),
);
export const DocumentIdParams = later(() => z.strictObject({ documentId: Id() }));
export const UploadTicketOut = later(() =>
  z
    .object({
      documentId: z.string(),
      uploadUrl: z.url(),
      uploadHeaders: z.record(z.string(), z.string()),
      expiresAt: Instant(),
      document: DocumentOut(),
    })
    .register(z.globalRegistry, { id: 'UploadTicket' }),
);
export const ConfirmOut = later(() =>
  z.object({
    documentId: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    reason: z.optional(z.string()),
  }),
);
export const DownloadOut = later(() => z.object({ url: z.url(), expiresAt: Instant() }));

// ---- yearly movement reports (R-REP-1, D-REP) ----

export const MovementReportParams = later(() => z.strictObject({ unitId: Slug(), year: Year() }));
export const ReportDocumentDeclareBody = later(() =>
  z.strictObject({
    kind: z._default(z.literal('movement_report'), 'movement_report'),
    ...FileDeclaration(),
  }),
);
export const ReportDocumentOut = later(() =>
  z
    .object({
      documentId: z.string(),
      reportId: z.string(),
      unitId: z.string(),
      year: z.number().check(z.int()),
      kind: z.literal('movement_report'),
      status: z.enum(DOCUMENT_STATUSES),
      ...StoredFileFields(),
    })
    .register(z.globalRegistry, { id: 'MovementReportDocument' }),
);
export const MovementReportOut = later(() =>
  z
    .object({
      reportId: z.string(),
      unitId: z.string(),
      year: z.number().check(z.int()),
      status: z.enum(MOVEMENT_REPORT_STATUSES),
      submittedAt: z.optional(Instant()),
      /** D-REP: submitted on time strictly before this instant (30 Dec 00:00 ICT of the year). */
      dueAt: Instant(),
      documents: z.array(ReportDocumentOut()),
      version: Version(),
      ...Timestamps(),
    })
    .register(z.globalRegistry, { id: 'MovementReport' }),
);
export const ReportUploadTicketOut = later(() =>
  z
    .object({
      documentId: z.string(),
      uploadUrl: z.url(),
      uploadHeaders: z.record(z.string(), z.string()),
      expiresAt: Instant(),
      document: ReportDocumentOut(),
    })
    .register(z.globalRegistry, { id: 'MovementReportUploadTicket' }),
);

// ---- appraisal and awards (SPEC §6, R-QUOTA-2) ----

export const AppraisalBody = later(() =>
  z.strictObject({
    decision: z.enum(['recommend', 'reject', 'return']),
    verifiedCriteria: z._default(z.array(CriterionCode()).check(z.maxLength(CRITERION_CODES.length)), []),
    reason: z.optional(Prose(2000)),
  }),
);
export const AppraisalReportBody = later(() => z.strictObject({ note: z.optional(Prose(2000)) }));
export const AwardsBody = later(() =>
  z.strictObject({
    nominationIds: z.array(Id()).check(z.minLength(1), z.maxLength(100)),
    decisionNo: Name(100),
    decisionDate: IsoDate(),
  }),
);
export const AwardsOut = later(() => z.object({ awarded: z.array(NominationOut()) }));
const SummaryCell = later(() =>
  z.object({
    tier: Tier(),
    nomineeType: z.enum(['collective', 'individual']),
    submitted: z.number().check(z.int()),
    recommended: z.number().check(z.int()),
    /** Recommended in a sent appraisal report: what the Chairman may grant (R-AWD-1). */
    sent: z.number().check(z.int()),
    awarded: z.number().check(z.int()),
    quota: z.number().check(z.int()),
    remaining: z.number().check(z.int()),
    overRecommended: z.boolean(),
  }),
);
export const SummaryOut = later(() =>
  z
    .object({ roundId: z.string(), cells: z.array(SummaryCell()) })
    .register(z.globalRegistry, { id: 'Summary' }),
);
/** A sending of the appraisal report: its number, its time, and the whole list the Chairman may grant. */
export const AppraisalReportOut = later(() =>
  z
    .extend(SummaryOut(), {
      appraisalReports: z.number().check(z.int()),
      appraisalReportAt: Instant(),
      nominationIds: z.array(z.string()),
    })
    .register(z.globalRegistry, { id: 'AppraisalReport' }),
);
export const RoundCloseBody = later(() => z.strictObject({ reason: z.optional(Prose(1000)) }));
export const RoundCloseOut = later(() =>
  z.object({
    roundId: z.string(),
    closedAt: Instant(),
    notAwarded: z.number().check(z.int()),
    closedDossiers: z.number().check(z.int()),
    unappraised: z.number().check(z.int()),
  }),
);

// ---- audit, notifications ----

/**
 * Whose trail: an object's id, or `<year>:<unitId>` for an index result (its entity id in the trail,
 * store/units.ts indexResultEntityId).
 */
export const AuditEntityId = later(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(80),
      z.regex(/^(?:[A-Za-z0-9][A-Za-z0-9_-]*|\d{4}:[a-z0-9][a-z0-9-]*)$/, msg('entityId')),
    ),
);
export const AuditQuery = later(() => z.strictObject({ entityId: AuditEntityId(), ...Pagination() }));
export const AuditOut = later(() =>
  z
    .object({
      auditId: z.string(),
      entityId: z.string(),
      entityType: z.string(),
      action: z.string(),
      actor: z.string(),
      role: z.string(),
      unitId: z.optional(z.string()),
      at: Instant(),
      before: z.unknown(),
      after: z.unknown(),
      reason: z.optional(z.string()),
    })
    .register(z.globalRegistry, { id: 'AuditRecord' }),
);

export const NotificationQuery = later(() =>
  z.strictObject({
    unread: z.optional(z.enum(['true', 'false'])),
    ...Pagination(),
  }),
);
export const NotificationIdParams = later(() =>
  z.strictObject({
    notificationId: z.string().check(z.minLength(1), z.maxLength(300)),
  }),
);
export const NotificationOut = later(() =>
  z
    .object({
      notificationId: z.string(),
      kind: z.enum(NOTIFICATION_KINDS),
      roundId: z.string(),
      unitId: z.optional(z.string()),
      role: z.optional(z.string()),
      dueAt: Instant(),
      daysBefore: z.optional(z.number().check(z.int())),
      message: z.string(),
      createdAt: Instant(),
      read: z.boolean(),
    })
    .register(z.globalRegistry, { id: 'Notification' }),
);

// ---- meta ----

export const HealthOut = later(() => z.object({ status: z.literal('ok') }));
/** A static file of the API explorer, by its name. */
export const DocsAssetParams = later(() =>
  z.strictObject({ asset: z.string().check(z.minLength(1), z.maxLength(100)) }),
);

// ---- local development ----

/** A unit officer's token names a unit of the registry. */
export const DevTokenBody = later(() =>
  z
    .strictObject({ role: Role(), unitId: z.optional(Slug()), sub: z.optional(Id()) })
    .register(z.globalRegistry, {
      ...when({ properties: { role: { const: 'unit_officer' } } }, requires('unitId')),
      examples: [{ role: 'admin' }, { role: 'unit_officer', unitId: 'so-noi-vu' }],
    }),
);
export const DevTokenOut = later(() => z.object({ token: z.string(), expiresAt: Instant() }));
export const DevSweepBody = later(() => z.strictObject({ at: Instant() }));
/** What a sweep run did (functions/jobs/sweep.ts SweepReport). */
export const DevSweepOut = later(() =>
  z.object({
    at: Instant(),
    rounds: z.object({ processed: z.array(z.string()), skipped: z.number().check(z.int()) }),
    /** Per notification kind. */
    created: z.record(z.string(), z.number().check(z.int())),
    notificationIds: z.array(z.string()),
    expiredDossierIds: z.array(z.string()),
    alreadyDone: z.object({ notifications: z.number().check(z.int()), expiries: z.number().check(z.int()) }),
    events: z.object({
      sink: z.enum(['eventbridge', 'file']),
      published: z.number().check(z.int()),
      failed: z.number().check(z.int()),
      fromEarlierRuns: z.number().check(z.int()),
    }),
  }),
);
/** R-MAIL-1: what the local mail catcher received (GET /dev/mail), newest first. */
export const CaughtMailList = later(() =>
  z.object({
    items: z.array(
      z.object({
        to: z.array(z.string()),
        subject: z.string(),
        text: z.string(),
        html: z.string(),
        sentAt: Instant(),
      }),
    ),
  }),
);

/** RFC 9457: extension members (a lifecycle `status`, the `details` of a refusal) may follow. */
export const Problem = later(() =>
  z
    .looseObject({
      type: z.string(),
      title: z.string(),
      status: z.number().check(z.int()),
      detail: z.string(),
      code: z.string(),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    })
    .register(z.globalRegistry, { id: 'Problem' }),
);
