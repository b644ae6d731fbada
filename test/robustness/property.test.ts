// Property-based: random sequences of what the three kinds of units, the appraisers and the approvers do
// (create a dossier, add, edit and delete nominations, upload the required files, submit, withdraw,
// appraise and revise, send the appraisal report and award, read) through the HTTP API, in a round of its
// own whose quotas are 1 per cell. After each sequence:
//   R-QUOTA-2   no quota cell has more awards than its quota (counters and awarded nominations agree);
//   SPEC §6     every state change has exactly one audit record: a nomination has one per version, its
//               version counts the changes the API reported, a dossier one per change of its own;
//   SPEC §8     a unit officer never reads another unit's object (its own unit and its sub-units only);
//   R-DUP-1     no two live (non-withdrawn) nominations of the round share either identity key (citizen id,
//               or unit + normalised name + birth date);
//   SPEC §8/§10 every answer is a 2xx or a documented 4xx problem, never a 5xx;
//   R-DOC-3     the evidence of a submitted dossier never changes: while it is submitted (or closed) its
//               current documents are the ones it was submitted with, and while it is returned those of its
//               appraised nominations are — whatever is declared, uploaded, confirmed (or verified by the S3
//               event) before or after.
// Reproduce a failure with PROPERTY_SEED=<seed printed in the failure>; PROPERTY_RUNS sets the budget.

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nomineeKeys } from '#domain/nominee.ts';
import type { LocalServer } from '../../local/server.ts';
import type { Context } from 'aws-lambda';
import { handler as verifyUploadHandler } from '#functions/jobs/verify-upload.ts';
import { type RawResponse, sendJson } from '../support/client.ts';
import { s3Event, uploadedKey } from '../support/documents.ts';
import { problemFailure } from '../support/problems.ts';
import { minimalPdf, sha256Base64 } from '../support/files.ts';

const SEED = Number(process.env.PROPERTY_SEED ?? 1);
const BUCKET = process.env.BUCKET_NAME ?? '';
const RUNS = Number(process.env.PROPERTY_RUNS ?? 15);
const MAX_ACTIONS = 25;
/** R-DOC-3's file actions, slotted in among the others. */
const MAX_EVIDENCE_ACTIONS = 8;
/** What each run does before its random actions: a round, three dossiers, six nominations. */
const SETUP_ACTIONS = 10;
/**
 * The test's time follows its budget: a generous allowance per action (an upload is three requests, and the
 * checks after each run read the round, the dossiers and every audit trail), about five times what an action
 * takes on a 2-core machine under load (~50 ms; ~35 ms when quiet), for every action of every run.
 */
const MS_PER_ACTION = 250;
const TIMEOUT_MS = 30_000 + RUNS * (SETUP_ACTIONS + MAX_ACTIONS + MAX_EVIDENCE_ACTIONS) * MS_PER_ACTION;

const previousLogLevel = process.env.LOG_LEVEL;
process.env.LOG_LEVEL = 'WARN';

/** A province department, a district and one of its communes (R-PROP-2 lets the district propose there). */
const PROVINCE = 'so-tu-phap';
const DISTRICT = 'h-moc-chau';
const COMMUNE = 'x-chieng-son';
const OFFICERS = [PROVINCE, DISTRICT, COMMUNE] as const;
type Officer = (typeof OFFICERS)[number];
type Who = Officer | 'appraiser' | 'approver' | 'admin';

/** The codes SPEC §8 documents (and 428 for a missing If-Match, SPEC §6), with their statuses. */
const DOCUMENTED: Record<string, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  DUPLICATE_NOMINEE: 409,
  QUOTA_EXCEEDED: 409,
  VERSION_CONFLICT: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DOSSIER_INCOMPLETE: 422,
  DEADLINE_PASSED: 422,
  NOT_ELIGIBLE: 422,
  UNIT_INACTIVE: 422,
  TIER_NOT_IN_CAMPAIGN: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  VERSION_REQUIRED: 428,
};

/**
 * Who each officer may propose (R-PROP-1/2), including people who are the same nominee by one key only
 * (R-DUP-1): the commune's official with a citizen id, whom the district proposes without one; a name typed
 * with a zero-width space; the same citizen id under another name.
 */
const NOMINEES: Record<
  Officer,
  { type: 'collective' | 'individual'; unitId: string; name?: string; citizenId?: string }[]
> = {
  [PROVINCE]: [
    { type: 'collective', unitId: PROVINCE },
    { type: 'individual', unitId: PROVINCE, name: 'Lò Văn An', citizenId: '014085001109' },
    { type: 'individual', unitId: PROVINCE, name: 'Cầm Thị Bình' },
    { type: 'individual', unitId: PROVINCE, name: 'Cầm Thị\u200b Bình' },
    { type: 'individual', unitId: PROVINCE, name: 'Lò Văn Ân', citizenId: '014085001109' },
  ],
  [DISTRICT]: [
    { type: 'collective', unitId: DISTRICT },
    { type: 'individual', unitId: DISTRICT, name: 'Hà Văn Cường' },
    { type: 'individual', unitId: COMMUNE, name: 'Lường Thị Duyên' },
    { type: 'collective', unitId: COMMUNE },
  ],
  [COMMUNE]: [
    { type: 'collective', unitId: COMMUNE },
    { type: 'individual', unitId: COMMUNE, name: 'Lường Thị Duyên', citizenId: '014190002025' },
  ],
};

type Action =
  | { kind: 'createDossier'; actor: Officer }
  | { kind: 'addNomination'; actor: Officer; nominee: number }
  | {
      kind: 'editNomination';
      actor: Officer;
      pick: number;
      fresh: boolean;
      change: 'citation' | 'criteria' | 'nominee';
    }
  | { kind: 'deleteNomination'; actor: Officer; pick: number; fresh: boolean }
  | { kind: 'uploadDocuments'; actor: Officer; all: boolean }
  | { kind: 'submit'; actor: Officer; fresh: boolean; prepare: boolean }
  | { kind: 'withdraw'; actor: Officer; fresh: boolean }
  | { kind: 'appraise'; pick: number; decision: 'recommend' | 'reject' | 'return'; fresh: boolean }
  | { kind: 'award'; picks: number[] }
  /** A new file for a slot of the unit's dossier (whatever its status), declared and uploaded, not confirmed. */
  | { kind: 'stageDocument'; actor: Officer; slot: 'letter' | 'report'; pick: number }
  /** A staged file verified later: by the confirm route, or by the S3 event. */
  | { kind: 'verifyStaged'; pick: number; via: 'confirm' | 'event' }
  /** A new file for a slot, declared, uploaded and confirmed at once. */
  | { kind: 'replaceDocument'; actor: Officer; slot: 'letter' | 'report'; pick: number }
  | { kind: 'read'; who: Who; what: 'dossier' | 'nomination' | 'list' | 'audit'; pick: number };

const officer = fc.constantFrom<Officer>(...OFFICERS);
/** Mostly the unit that owns the object; sometimes another one, which must be refused. */
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('createDossier' as const), actor: officer }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('addNomination' as const), actor: officer, nominee: fc.nat(9) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('editNomination' as const),
      actor: officer,
      pick: fc.nat(),
      fresh: fc.boolean(),
      change: fc.constantFrom('citation' as const, 'criteria' as const, 'nominee' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteNomination' as const),
      actor: officer,
      pick: fc.nat(),
      fresh: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('uploadDocuments' as const),
      actor: officer,
      all: fc.constantFrom(true, true, false),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      actor: officer,
      fresh: fc.constantFrom(true, true, false),
      // Upload whatever files are missing first (as a unit does before submitting).
      prepare: fc.constantFrom(true, true, false),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('withdraw' as const), actor: officer, fresh: fc.boolean() }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('appraise' as const),
      pick: fc.nat(),
      decision: fc.constantFrom(
        'recommend' as const,
        'recommend' as const,
        'recommend' as const,
        'reject' as const,
        'return' as const,
      ),
      fresh: fc.constantFrom(true, true, true, false),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('award' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      who: fc.constantFrom<Who>(...OFFICERS, 'appraiser', 'approver', 'admin'),
      what: fc.constantFrom('dossier' as const, 'nomination' as const, 'list' as const, 'audit' as const),
      pick: fc.nat(),
    }),
  },
);

type EvidenceAction = Extract<Action, { kind: 'stageDocument' | 'verifyStaged' | 'replaceDocument' }>;

/**
 * R-DOC-3: files staged (declared and uploaded) and verified later, or replaced at once, at any point of a
 * sequence. Drawn apart from the other actions and slotted in at `at`, so that the sequences of those stay
 * what they were.
 */
const evidenceArb: fc.Arbitrary<EvidenceAction & { at: number }> = fc.oneof(
  fc.record({
    kind: fc.constant('stageDocument' as const),
    actor: officer,
    slot: fc.constantFrom('letter' as const, 'report' as const),
    pick: fc.nat(),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('verifyStaged' as const),
    pick: fc.nat(),
    via: fc.constantFrom('confirm' as const, 'event' as const),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('verifyStaged' as const),
    pick: fc.nat(),
    via: fc.constantFrom('confirm' as const, 'event' as const),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('replaceDocument' as const),
    actor: officer,
    slot: fc.constantFrom('letter' as const, 'report' as const),
    pick: fc.nat(),
    at: fc.nat(),
  }),
);

/** The sequence with the evidence actions slotted in. */
function interleave(actions: readonly Action[], evidence: readonly (EvidenceAction & { at: number })[]) {
  const out: Action[] = [...actions];
  for (const { at, ...e } of evidence) out.splice(at % (out.length + 1), 0, e as EvidenceAction);
  return out;
}

// ---------------------------------------------------------------------------------------------------------

let server: LocalServer;
let base = '';
const tokens = new Map<Who, string>();
/** The units each officer may read: its own and those below it (from the registry). */
const readable = new Map<Officer, Set<string>>();

let practiceCampaign: () => Promise<string>;

beforeAll(async () => {
  const { startLocalServer } = await import('../../local/server.ts');
  ({ practiceCampaign } = await import('../support/stored.ts'));
  server = await startLocalServer({ port: 0 });
  base = server.url;
  for (const who of ['appraiser', 'approver', 'admin', ...OFFICERS] as Who[]) {
    const unit = (OFFICERS as readonly string[]).includes(who) ? who : undefined;
    const res = await sendJson(base, 'POST', '/dev/token', {
      body: { role: unit ? 'unit_officer' : who, ...(unit ? { unitId: unit } : {}) },
    });
    tokens.set(who, res.json.token);
  }
  // The whole registry, page by page: other test files add units to the shared table meanwhile.
  const all: { unitId: string; parentUnitId?: string }[] = [];
  let next: string | undefined;
  do {
    const path = `/units?limit=100${next ? `&nextToken=${encodeURIComponent(next)}` : ''}`;
    const units = await sendJson(base, 'GET', path, { token: tokens.get('admin') });
    if (units.status !== 200) throw new Error(`units: ${units.status} ${units.text}`);
    all.push(...units.json.items);
    next = units.json.nextToken;
  } while (next);
  for (const o of OFFICERS) {
    const set = new Set<string>([o]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of all) {
        if (u.parentUnitId && set.has(u.parentUnitId) && !set.has(u.unitId)) {
          set.add(u.unitId);
          grew = true;
        }
      }
    }
    readable.set(o, set);
  }
});

afterAll(async () => {
  await server?.close();
  if (previousLogLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previousLogLevel;
});

// ---------------------------------------------------------------------------------------------------------
// One run: a model of what the API said, the requests, and the checks.

interface DossierModel {
  dossierId: string;
  unitId: Officer;
  version: number;
  status: string;
  /** Successful changes of the dossier itself (create, submit, withdraw, a `return` of its appraisal). */
  changes: number;
}
interface NominationModel {
  nominationId: string;
  dossierId: string;
  unitId: Officer;
  version: number;
  status: string;
  type: 'collective' | 'individual';
  deleted: boolean;
  /** Successful changes the API reported for it (its creation included). */
  changes: number;
}

/** A document as a dossier shows it. */
interface ShownDocument {
  documentId: string;
  kind: string;
  nominationId?: string;
  status: string;
  current: boolean;
}

/** A file declared and uploaded but not confirmed yet. */
interface Staged {
  documentId: string;
  actor: Officer;
  objectKey: string;
}

class Run {
  readonly log: { what: string; res: RawResponse }[] = [];
  readonly dossiers = new Map<string, DossierModel>();
  readonly nominations = new Map<string, NominationModel>();
  readonly problems: string[] = [];
  /** R-DOC-3: the current documents of each dossier as its last successful submit answered them. */
  readonly submittedWith = new Map<string, ShownDocument[]>();
  readonly staged: Staged[] = [];
  /** Staged files (valid PDFs) rejected when verified: only ever for coming too late (R-DOC-3). */
  lateRejected = 0;
  roundId = '';

  async call(
    what: string,
    who: Who,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const res = await sendJson(base, method, path, {
      token: tokens.get(who),
      body,
      ...(headers ? { headers } : {}),
    });
    this.log.push({ what: `${who} ${method} ${path} (${what})`, res });
    const failure = problemFailure(res);
    if (failure) this.problems.push(`${who} ${method} ${path}: ${failure}`);
    if (res.status >= 400) {
      const code = res.json?.code as string;
      if (DOCUMENTED[code] !== res.status)
        this.problems.push(`${who} ${method} ${path}: undocumented ${res.status} ${code}`);
    }
    return res;
  }

  openDossier(unit: Officer): DossierModel | undefined {
    return [...this.dossiers.values()].filter((d) => d.unitId === unit && d.status !== 'withdrawn').at(-1);
  }

  /**
   * Takes a dossier as the API showed it. `moved`: the answer to a submit or withdraw, whose nominations
   * changed with the dossier (each such change counts); `read`: only a view, which changes nothing.
   */
  absorbDossier(body: any, how: 'moved' | 'read') {
    const d = this.dossiers.get(body.dossierId);
    if (d) {
      d.version = body.version;
      d.status = body.status;
    }
    for (const n of body.nominations ?? []) this.absorbNomination(n, how);
  }

  absorbNomination(body: any, how: 'direct' | 'moved' | 'read') {
    const n = this.nominations.get(body.nominationId);
    if (!n) return;
    if (how === 'moved' && body.version > n.version) n.changes += body.version - n.version;
    n.version = body.version;
    n.status = body.status;
    n.type = body.nomineeType;
  }

  async currentVersion(kind: 'dossier' | 'nomination', id: string, who: Who): Promise<number | undefined> {
    const res = await this.call('read version', who, 'GET', `/${kind}s/${id}`);
    if (res.status !== 200) return undefined;
    if (kind === 'dossier') this.absorbDossier(res.json, 'read');
    else this.absorbNomination(res.json, 'read');
    return res.json.version;
  }
}

const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

async function perform(run: Run, a: Action) {
  switch (a.kind) {
    case 'createDossier': {
      const res = await run.call(a.kind, a.actor, 'POST', '/dossiers', {
        roundId: run.roundId,
        unitId: a.actor,
      });
      if (res.status === 201)
        run.dossiers.set(res.json.dossierId, {
          dossierId: res.json.dossierId,
          unitId: a.actor,
          version: res.json.version,
          status: res.json.status,
          changes: 1,
        });
      return;
    }
    case 'addNomination': {
      const d = run.openDossier(a.actor);
      const nominee = pick(NOMINEES[a.actor], a.nominee);
      if (!d || !nominee) return;
      const res = await run.call(a.kind, a.actor, 'POST', `/dossiers/${d.dossierId}/nominations`, {
        nomineeType: nominee.type,
        nominee:
          nominee.type === 'collective'
            ? { unitId: nominee.unitId }
            : {
                unitId: nominee.unitId,
                fullName: nominee.name,
                dateOfBirth: '1982-09-02',
                gender: 'female',
                position: 'Chuyên viên',
                staffCategory: 'cong_chuc',
                ...(nominee.citizenId ? { citizenId: nominee.citizenId } : {}),
              },
        criteriaClaimed: [nominee.type === 'collective' ? 'AC1' : 'AI1'],
        disciplineCompliance: true,
        achievementSummary: 'Dẫn đầu phong trào cải cách hành chính',
        citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua',
      });
      if (res.status === 201) {
        run.nominations.set(res.json.nominationId, {
          nominationId: res.json.nominationId,
          dossierId: d.dossierId,
          unitId: a.actor,
          version: res.json.version,
          status: res.json.status,
          type: nominee.type,
          deleted: false,
          changes: 1,
        });
        d.version += 1;
      }
      return;
    }
    case 'editNomination':
    case 'deleteNomination': {
      const candidates = [...run.nominations.values()].filter((n) => !n.deleted);
      const n = pick(candidates, a.pick);
      if (!n) return;
      const version = a.fresh
        ? ((await run.currentVersion('nomination', n.nominationId, n.unitId)) ?? n.version)
        : n.version;
      if (a.kind === 'deleteNomination') {
        const res = await run.call(a.kind, a.actor, 'DELETE', `/nominations/${n.nominationId}`, undefined, {
          'if-match': `"${version}"`,
        });
        if (res.status === 204) {
          n.changes += 1;
          if (n.status === 'draft') n.deleted = true;
          else {
            n.status = 'withdrawn';
            n.version += 1;
          }
        }
        return;
      }
      const change =
        a.change === 'citation'
          ? { citationText: `Sửa lúc ${randomUUID().slice(0, 6)}` }
          : a.change === 'criteria'
            ? { disciplineCompliance: true, achievementSummary: 'Bổ sung thành tích' }
            : { nomineeType: 'collective', nominee: { unitId: n.unitId }, criteriaClaimed: ['AC1'] };
      const res = await run.call(a.kind, a.actor, 'PATCH', `/nominations/${n.nominationId}`, change, {
        'if-match': String(version),
      });
      if (res.status === 200) {
        n.changes += 1;
        run.absorbNomination(res.json, 'direct');
      }
      return;
    }
    case 'uploadDocuments': {
      const d = run.openDossier(a.actor);
      if (!d) return;
      await uploadMissing(run, a.actor, d, a.all);
      return;
    }
    case 'submit':
    case 'withdraw': {
      const d = run.openDossier(a.actor) ?? [...run.dossiers.values()].find((x) => x.unitId === a.actor);
      if (!d) return;
      if (a.kind === 'submit' && a.prepare) await uploadMissing(run, a.actor, d, true);
      const version = a.fresh
        ? ((await run.currentVersion('dossier', d.dossierId, d.unitId)) ?? d.version)
        : d.version;
      const res = await run.call(a.kind, a.actor, 'POST', `/dossiers/${d.dossierId}/${a.kind}`, undefined, {
        'if-match': `"${version}"`,
      });
      if (res.status === 200) {
        d.changes += 1;
        run.absorbDossier(res.json, 'moved');
        if (a.kind === 'submit')
          run.submittedWith.set(
            d.dossierId,
            (res.json.documents as ShownDocument[]).filter((doc) => doc.current),
          );
      }
      return;
    }
    case 'appraise': {
      const all = [...run.nominations.values()].filter((n) => !n.deleted);
      const submitted = all.filter((n) => n.status === 'submitted');
      // Mostly a nomination under appraisal; now and then another one, which must be refused.
      const n = pick(submitted.length > 0 ? submitted : a.pick % 4 === 0 ? all : [], a.pick);
      if (!n) return;
      const version = a.fresh
        ? ((await run.currentVersion('nomination', n.nominationId, 'appraiser')) ?? n.version)
        : n.version;
      const res = await run.call(
        a.kind,
        'appraiser',
        'POST',
        `/nominations/${n.nominationId}/appraisal`,
        {
          decision: a.decision,
          // The judgement criterion it claims (AC1/AI1), verified: with the council minutes, it is eligible.
          verifiedCriteria: a.decision === 'recommend' ? [n.type === 'collective' ? 'AC1' : 'AI1'] : [],
          ...(a.decision === 'recommend' ? {} : { reason: 'Chưa đủ minh chứng' }),
        },
        { 'if-match': String(version) },
      );
      if (res.status === 200) {
        n.changes += 1;
        run.absorbNomination(res.json, 'direct');
        if (a.decision === 'return') {
          const d = run.dossiers.get(n.dossierId);
          if (d) d.changes += 1;
        }
      }
      return;
    }
    case 'award': {
      const recommended = [...run.nominations.values()].filter((n) => n.status === 'recommended');
      const chosen = [
        ...new Set(a.picks.map((p) => pick(recommended, p)).filter((n): n is NominationModel => !!n)),
      ];
      if (chosen.length === 0) return;
      // The Chairman grants from Sở Nội vụ's appraisal report (R-AWD-1): the appraiser sends it first (a
      // list over a cell's quota is refused, and so is then the grant).
      await run.call('report', 'appraiser', 'POST', `/rounds/${run.roundId}/appraisal-report`, {});
      const res = await run.call(a.kind, 'approver', 'POST', `/rounds/${run.roundId}/awards`, {
        nominationIds: chosen.map((n) => n.nominationId),
        decisionNo: `${run.log.length}/QĐ-UBND`,
        decisionDate: '2025-12-15',
      });
      if (res.status === 200)
        for (const awarded of res.json.awarded as { nominationId: string }[]) {
          const n = run.nominations.get(awarded.nominationId);
          if (n) n.changes += 1;
          run.absorbNomination(awarded, 'direct');
        }
      return;
    }
    case 'stageDocument':
    case 'replaceDocument': {
      const d = run.openDossier(a.actor) ?? [...run.dossiers.values()].find((x) => x.unitId === a.actor);
      if (!d) return;
      const mine = [...run.nominations.values()].filter((n) => n.dossierId === d.dossierId && !n.deleted);
      const nomination = pick(mine, a.pick);
      const slot =
        a.slot === 'letter' || !nomination
          ? { kind: 'proposal_letter' }
          : { kind: 'achievement_report', nominationId: nomination.nominationId };
      const staged = await upload(run, a.actor, d.dossierId, slot, a.kind === 'replaceDocument');
      if (staged) run.staged.push(staged);
      await checkEvidence(run, d.dossierId);
      return;
    }
    case 'verifyStaged': {
      const staged = pick(run.staged, a.pick);
      if (!staged) return;
      if (a.via === 'confirm') {
        const res = await run.call(a.kind, staged.actor, 'POST', `/documents/${staged.documentId}/confirm`);
        if (res.json?.status === 'rejected') run.lateRejected++;
      } else {
        try {
          const result = await verifyUploadHandler(s3Event(staged.objectKey, BUCKET), {} as Context);
          run.lateRejected += result.rejected;
        } catch (error) {
          run.problems.push(`S3 event for ${staged.objectKey}: ${(error as Error).message}`);
        }
      }
      for (const d of run.dossiers.values()) await checkEvidence(run, d.dossierId);
      return;
    }
    case 'read':
      return read(run, a);
  }
}

/**
 * R-DOC-3: what a submitted dossier shows as current is what it was submitted with; a returned one keeps
 * the documents of its appraised nominations (and their evidence) as they were.
 */
async function checkEvidence(run: Run, dossierId: string) {
  const snapshot = run.submittedWith.get(dossierId);
  if (!snapshot) return;
  const res = await run.call('check evidence', 'admin', 'GET', `/dossiers/${dossierId}`);
  if (res.status !== 200) return;
  const status = res.json.status as string;
  if (status !== 'submitted' && status !== 'closed' && status !== 'returned') return;
  const statusOf = new Map(
    (res.json.nominations as { nominationId: string; status: string }[]).map((n) => [
      n.nominationId,
      n.status,
    ]),
  );
  // A returned dossier opens its dossier-level slots and its draft and returned nominations again.
  const frozen = (doc: ShownDocument) =>
    status !== 'returned' ||
    (doc.nominationId !== undefined && !['draft', 'returned'].includes(statusOf.get(doc.nominationId) ?? ''));
  const ids = (docs: readonly ShownDocument[]) =>
    docs
      .filter(frozen)
      .map((doc) => doc.documentId)
      .sort();
  const now = ids((res.json.documents as ShownDocument[]).filter((doc) => doc.current));
  const then = ids(snapshot);
  const problem = `dossier ${dossierId} (${status}): current evidence ${now.join(',')} ≠ submitted with ${then.join(',')}`;
  if (JSON.stringify(now) !== JSON.stringify(then) && !run.problems.includes(problem))
    run.problems.push(problem);
}

/** Uploads the required files (R-DOS-2) the dossier lacks; with `all` false, one is left out. */
async function uploadMissing(run: Run, actor: Officer, d: DossierModel, all: boolean) {
  const read = await run.call('read dossier', actor, 'GET', `/dossiers/${d.dossierId}`);
  if (read.status !== 200) return;
  run.absorbDossier(read.json, 'read');
  const have = new Set(
    (read.json.documents as { kind: string; nominationId?: string; status: string }[])
      .filter((doc) => doc.status === 'verified')
      .map((doc) => `${doc.kind}#${doc.nominationId ?? ''}`),
  );
  const wanted: { kind: string; nominationId?: string }[] = [
    { kind: 'proposal_letter' },
    { kind: 'council_minutes' },
    ...(read.json.nominations as { nominationId: string; status: string }[])
      .filter((n) => n.status !== 'withdrawn')
      .map((n) => ({ kind: 'achievement_report', nominationId: n.nominationId })),
  ];
  const missing = wanted.filter((w) => !have.has(`${w.kind}#${w.nominationId ?? ''}`));
  for (const w of all ? missing : missing.slice(1)) await upload(run, actor, d.dossierId, w);
}

async function upload(
  run: Run,
  actor: Officer,
  dossierId: string,
  w: { kind: string; nominationId?: string },
  confirm = true,
): Promise<Staged | undefined> {
  const data = minimalPdf(`${w.kind} ${w.nominationId ?? ''} ${randomUUID().slice(0, 6)}`);
  const declared = await run.call('declare', actor, 'POST', `/dossiers/${dossierId}/documents`, {
    kind: w.kind,
    fileName: `${w.kind}.pdf`,
    contentType: 'application/pdf',
    size: data.length,
    sha256: sha256Base64(data),
    ...(w.nominationId ? { nominationId: w.nominationId } : {}),
  });
  if (declared.status !== 201) return undefined;
  const put = await fetch(declared.json.uploadUrl, {
    method: 'PUT',
    headers: declared.json.uploadHeaders,
    body: data,
  });
  await put.arrayBuffer();
  if (put.status !== 200) {
    run.problems.push(`upload of ${w.kind} to the presigned URL: ${put.status}`);
    return undefined;
  }
  const documentId = declared.json.documentId as string;
  if (!confirm) return { documentId, actor, objectKey: uploadedKey(declared.json.uploadUrl, BUCKET) };
  await run.call('confirm', actor, 'POST', `/documents/${documentId}/confirm`);
  return undefined;
}

/** Reads by anyone; a unit officer's 200 may only hold objects of its own unit or units below it. */
async function read(run: Run, a: Extract<Action, { kind: 'read' }>) {
  const officerUnit = (OFFICERS as readonly string[]).includes(a.who) ? (a.who as Officer) : undefined;
  const mayRead = (unitId: string) => !officerUnit || (readable.get(officerUnit)?.has(unitId) ?? false);
  const d = pick([...run.dossiers.values()], a.pick);
  const n = pick([...run.nominations.values()], a.pick);
  const check = (res: RawResponse, unitIds: string[], expectedUnit?: string) => {
    if (res.status === 200 && unitIds.some((u) => !mayRead(u)))
      run.problems.push(`${a.who} read objects of units ${unitIds.join(', ')} (${a.what})`);
    if (officerUnit && expectedUnit && !mayRead(expectedUnit) && res.status !== 404)
      run.problems.push(`${a.who} reading a ${a.what} of ${expectedUnit}: ${res.status}, not 404`);
  };
  if (a.what === 'dossier' && d) {
    const res = await run.call('read', a.who, 'GET', `/dossiers/${d.dossierId}`);
    check(
      res,
      res.status === 200 ? [res.json.unitId, ...res.json.nominations.map((x: any) => x.proposingUnitId)] : [],
      d.unitId,
    );
  } else if (a.what === 'nomination' && n) {
    const res = await run.call('read', a.who, 'GET', `/nominations/${n.nominationId}`);
    if (n.deleted && res.status !== 404)
      run.problems.push(`deleted nomination ${n.nominationId} read: ${res.status}`);
    check(res, res.status === 200 ? [res.json.proposingUnitId] : [], n.unitId);
  } else if (a.what === 'list') {
    const res = await run.call('read', a.who, 'GET', `/dossiers?roundId=${run.roundId}`);
    check(res, res.status === 200 ? (res.json.items as { unitId: string }[]).map((x) => x.unitId) : []);
  } else if (a.what === 'audit' && (n || d)) {
    const entity = n && a.pick % 2 === 0 ? n : d;
    const id = entity && 'nominationId' in entity ? entity.nominationId : (entity as DossierModel).dossierId;
    const res = await run.call('read', a.who, 'GET', `/audit?entityId=${id}`);
    check(
      res,
      res.status === 200 ? (res.json.items as { unitId?: string }[]).map((x) => x.unitId ?? '') : [],
      entity?.unitId,
    );
  }
}

async function auditOf(run: Run, entityId: string) {
  const records: { action: string; after: any; before: any }[] = [];
  let token: string | undefined;
  do {
    const res = await run.call(
      'audit',
      'admin',
      'GET',
      `/audit?entityId=${entityId}&limit=100${token ? `&nextToken=${token}` : ''}`,
    );
    if (res.status !== 200) break;
    records.push(...res.json.items);
    token = res.json.nextToken;
  } while (token);
  return records;
}

/** The invariants of the whole run, read back through the API as an admin. */
async function verify(run: Run) {
  for (const dossierId of run.submittedWith.keys()) await checkEvidence(run, dossierId);
  const round = await run.call('verify', 'admin', 'GET', `/rounds/${run.roundId}`);
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  for (const d of run.dossiers.values()) {
    const res = await run.call('verify', 'admin', 'GET', `/dossiers/${d.dossierId}`);
    if (res.status !== 200) {
      run.problems.push(`dossier ${d.dossierId} unreadable: ${res.status}`);
      continue;
    }
    for (const n of res.json.nominations as any[]) {
      seen.add(n.nominationId);
      if (n.status === 'awarded')
        counts[`${n.tier}.${n.nomineeType}`] = (counts[`${n.tier}.${n.nomineeType}`] ?? 0) + 1;
      const model = run.nominations.get(n.nominationId);
      if (!model) {
        run.problems.push(`nomination ${n.nominationId} exists that no answer created`);
        continue;
      }
      if (n.version !== model.changes)
        run.problems.push(
          `nomination ${n.nominationId}: version ${n.version}, but ${model.changes} changes were answered`,
        );
      const trail = await auditOf(run, n.nominationId);
      if (trail.length !== n.version)
        run.problems.push(
          `nomination ${n.nominationId}: ${trail.length} audit records for version ${n.version}`,
        );
      const versions = trail.map((t) => t.after?.version).sort((x, y) => x - y);
      if (versions.some((v, i) => v !== i + 1))
        run.problems.push(`nomination ${n.nominationId}: audited versions ${versions}`);
    }
    const trail = await auditOf(run, d.dossierId);
    if (trail.length !== d.changes)
      run.problems.push(
        `dossier ${d.dossierId}: ${trail.length} audit records (${trail.map((t) => t.action)}), ${d.changes} changes answered`,
      );
  }
  await checkOneNominationPerNominee(run);
  for (const n of run.nominations.values()) {
    if (!n.deleted && !seen.has(n.nominationId)) run.problems.push(`nomination ${n.nominationId} is missing`);
    if (!n.deleted) continue;
    const trail = await auditOf(run, n.nominationId);
    if (trail.length !== n.changes || trail.filter((t) => t.action === 'delete').length !== 1)
      run.problems.push(
        `deleted nomination ${n.nominationId}: ${trail.map((t) => t.action)}, ${n.changes} changes`,
      );
  }
  for (const [tier, cells] of Object.entries(round.json.quotas as Record<string, Record<string, number>>)) {
    for (const [type, quota] of Object.entries(cells)) {
      const counter = round.json.awarded[tier][type] as number;
      const awarded = counts[`${tier}.${type}`] ?? 0;
      if (counter > quota || awarded > quota)
        run.problems.push(`${tier}/${type}: ${awarded} awarded, counter ${counter}, quota ${quota}`);
      if (counter !== awarded)
        run.problems.push(`${tier}/${type}: counter ${counter} but ${awarded} awarded nominations`);
    }
  }
}

/**
 * R-DUP-1: no two live (non-withdrawn) nominations of the run's round share either identity key. Read as
 * each dossier's own officer, who sees the citizen ids whole (R-DOS-4).
 */
async function checkOneNominationPerNominee(run: Run) {
  const holders = new Map<string, string>();
  for (const d of run.dossiers.values()) {
    const res = await run.call('verify', d.unitId, 'GET', `/dossiers/${d.dossierId}`);
    if (res.status !== 200) continue;
    for (const n of res.json.nominations as any[]) {
      if (n.status === 'withdrawn') continue;
      for (const key of nomineeKeys(n.nomineeType, n.nominee)) {
        const other = holders.get(key);
        if (other !== undefined)
          run.problems.push(`nominations ${other} and ${n.nominationId} are the same nominee (${key})`);
        holders.set(key, n.nominationId);
      }
    }
  }
}

const describeActions = (actions: readonly Action[]) => actions.map((a) => JSON.stringify(a)).join('\n  ');

describe(`random sequences of unit, appraiser and approver actions (seed ${SEED}, ${RUNS} runs ≤ ${MAX_ACTIONS} actions)`, {
  timeout: TIMEOUT_MS,
}, () => {
  it('keep quotas, one audit record per change, one live nomination per nominee (R-DUP-1), unit scoping, documented answers only, and R-DOC-3: submitted evidence never changes', async () => {
    let totals = { runs: 0, requests: 0, awarded: 0, submitted: 0, quotaRefusals: 0, lateRejected: 0 };
    /** Answers by action and status, printed with PROPERTY_STATS=1. */
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 5, maxLength: MAX_ACTIONS, size: 'max' }),
        fc.array(evidenceArb, { minLength: 2, maxLength: MAX_EVIDENCE_ACTIONS }),
        async (drawn, evidence) => {
          const actions = interleave(drawn, evidence);
          const run = new Run();
          run.roundId = `pb-${randomUUID().slice(0, 8)}`;
          const cell = { collective: 1, individual: 1 };
          const created = await run.call('round', 'admin', 'POST', '/rounds', {
            roundId: run.roundId,
            // A campaign of its own: Plan 1109 has its 2025 annual round already (R-ROUND-2).
            campaignId: await practiceCampaign(),
            kind: 'annual',
            year: 2025,
            submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
            quotas: { province: cell, district: cell, commune: cell },
          });
          if (created.status !== 201) throw new Error(`round: ${created.status} ${created.text}`);
          // Each unit starts with a draft dossier, so that every sequence has work to do: the department
          // proposes itself and two of its staff (one quota cell, two candidates), the district itself and a
          // commune official (R-PROP-2), the commune itself.
          const start: [Officer, number[]][] = [
            [PROVINCE, [0, 1, 2]],
            [DISTRICT, [0, 2]],
            [COMMUNE, [0]],
          ];
          for (const [unit, nominees] of start) {
            await perform(run, { kind: 'createDossier', actor: unit });
            for (const nominee of nominees)
              await perform(run, { kind: 'addNomination', actor: unit, nominee });
          }
          for (const a of actions) await perform(run, a);
          await verify(run);
          for (const l of run.log) {
            const key = `${/\((\w+)\)$/.exec(l.what)?.[1]} ${l.res.status}${l.res.json?.code ? ` ${l.res.json.code}` : ''}`;
            outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          }
          totals = {
            runs: totals.runs + 1,
            requests: totals.requests + run.log.length,
            awarded:
              totals.awarded + [...run.nominations.values()].filter((n) => n.status === 'awarded').length,
            submitted:
              totals.submitted +
              run.log.filter((l) => l.what.includes('(submit)') && l.res.status === 200).length,
            quotaRefusals:
              totals.quotaRefusals + run.log.filter((l) => l.res.json?.code === 'QUOTA_EXCEEDED').length,
            lateRejected:
              totals.lateRejected +
              run.log.filter(
                (l) => l.res.json?.status === 'rejected' && /muộn/.test(l.res.json?.reason ?? ''),
              ).length,
          };
          if (run.problems.length > 0)
            throw new Error(
              `${run.problems.slice(0, 8).join('\n')}\nactions:\n  ${describeActions(actions)}`,
            );
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.info(`[property] ${JSON.stringify(totals)}`);
    if (process.env.PROPERTY_STATS)
      console.info(
        [...outcomes]
          .sort()
          .map(([k, n]) => `${k} ×${n}`)
          .join('\n'),
      );
    // The sequences reached the rules they are about (not only refusals of incomplete dossiers).
    expect(totals.submitted).toBeGreaterThan(0);
    expect(totals.awarded).toBeGreaterThan(0);
    expect(totals.lateRejected).toBeGreaterThan(0);
  });
});
