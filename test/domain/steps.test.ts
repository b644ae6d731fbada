// The decisions of each lifecycle step (domain/lifecycle.ts, appraisal.ts, awards.ts): which records a
// step produces, or which named error refuses it, in which order. Expectations are written out from
// SPEC §3, §5, §6, §7 and seed III.4, never derived from the functions under test.

import { describe, expect, it } from 'vitest';
import {
  type AppraisableNomination,
  appraiseNomination,
  emptyLists,
  prepareAppraisal,
  type RoundLists,
  sendAppraisalReport,
} from '../../domain/appraisal.ts';
import { type GrantableNomination, grantAwards } from '../../domain/awards.ts';
import {
  DeadlinePassedError,
  DossierIncompleteError,
  type DomainError,
  InvalidStateError,
  NotEligibleError,
  NotFoundError,
  QuotaExceededError,
  ValidationError,
  VersionConflictError,
} from '../../domain/errors.ts';
import {
  advance,
  assertCanAddNomination,
  assertEditable,
  assertRoundOpen,
  assertVersion,
  closeDossier,
  closeRound,
  type DossierState,
  KEPT_ON_WITHDRAW,
  MAX_NOMINATIONS_PER_DOSSIER,
  MOVES_ON_SUBMIT,
  type NominationState,
  notAward,
  returnDossier,
  submitDossier,
  withdrawDossier,
} from '../../domain/lifecycle.ts';
import { type Counts, cellCounts, emptyCounts, type QuotaCellRef } from '../../domain/quota.ts';
import type {
  CriterionCode,
  DocumentRef,
  DossierStatus,
  Eligibility,
  NominationContent,
  NominationStatus,
  NomineeType,
  Round,
  Tier,
  UnitExtension,
} from '../../domain/types.ts';
import { DOSSIER_STATUSES, NOMINATION_STATUSES } from '../../domain/types.ts';
import { campaign, doc, nomination, round } from './fixtures.ts';

// ---- Clock and rounds (instants written out from SPEC §7, 00:00 ICT = 17:00Z the day before) ----

const NOW = new Date('2025-12-01T03:00:00.000Z');
const NOW_ISO = '2025-12-01T03:00:00.000Z';
const EARLIER = '2025-11-20T02:00:00.000Z';
/** D-SUB-A 2025: before 30 Dec 2025 00:00 ICT. */
const D_SUB_A_2025 = '2025-12-29T17:00:00.000Z';
/** D-SUB-P: before 30 Oct 2025 00:00 ICT. */
const D_SUB_P = '2025-10-29T17:00:00.000Z';
/** D-APP-P: before 30 Nov 2025 00:00 ICT. */
const D_APP_P = '2025-11-29T17:00:00.000Z';

const ANNUAL = round('annual-2025');
const PERIOD = round('period-2021-2025');

const ms = (iso: string, delta = 0) => new Date(Date.parse(iso) + delta);

// ---- Records as the store reads them: the step's fields plus others it must keep ----

interface TestDossier extends DossierState {
  dossierId: string;
  unitId: string;
  roundId: string;
  proposalNo: string;
}

interface TestNomination extends NominationState, NominationContent {
  dossierId: string;
  roundId: string;
  tier: Tier;
}

const dossier = (overrides: Partial<TestDossier> = {}): TestDossier => ({
  dossierId: 'd-1',
  unitId: 'so-noi-vu',
  roundId: 'annual-2025',
  proposalNo: '12/TTr-SNV',
  status: 'draft',
  version: 3,
  updatedAt: EARLIER,
  ...overrides,
});

const nom = (
  nominationId: string,
  status: NominationStatus,
  overrides: Partial<TestNomination> = {},
): TestNomination => ({
  ...nomination(),
  nominationId,
  dossierId: 'd-1',
  roundId: 'annual-2025',
  tier: 'province',
  status,
  version: 1,
  updatedAt: EARLIER,
  ...overrides,
});

/** R-DOS-2: the dossier's proposal letter and council minutes, and an achievement report per nomination. */
const completeDocs = (nominationIds: readonly string[]): DocumentRef[] => [
  doc('doc-pl', 'proposal_letter'),
  doc('doc-cm', 'council_minutes'),
  ...nominationIds.map((id) => doc(`doc-ar-${id}`, 'achievement_report', 'verified', id)),
];

interface SubmitCase {
  dossier?: TestDossier;
  nominations?: TestNomination[];
  documents?: DocumentRef[];
  round?: Round;
  extension?: UnitExtension;
  expectedVersion?: number;
  now?: Date;
}

const submitArgs = (c: SubmitCase = {}) => {
  const d = c.dossier ?? dossier();
  const nominations = c.nominations ?? [nom('n-1', 'draft')];
  return {
    dossier: d,
    nominations,
    documents: c.documents ?? completeDocs(nominations.map((n) => n.nominationId)),
    round: c.round ?? ANNUAL,
    campaign,
    extension: c.extension,
    expectedVersion: c.expectedVersion ?? d.version,
    now: c.now ?? NOW,
  };
};

/** The error a step throws; fails the test when it throws none. */
function refusal(step: () => unknown): DomainError {
  try {
    step();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the step to be refused, but it was not');
}

const paths = (error: DomainError) => error.items.map((i) => i.path);

/** Any of the domain's error classes, for toBeInstanceOf. */
type ErrorClass = abstract new (...args: never[]) => DomainError;

// ---- Submit ----

describe('submitting a dossier', () => {
  it('SPEC §6 submit: draft and returned nominations move with the dossier; submitted, recommended, rejected and withdrawn stay', () => {
    const moves: Record<NominationStatus, boolean> = {
      draft: true,
      returned: true,
      submitted: false,
      recommended: false,
      rejected: false,
      awarded: false,
      not_awarded: false,
      withdrawn: false,
    };
    expect([...MOVES_ON_SUBMIT].sort()).toEqual(['draft', 'returned']);
    for (const status of NOMINATION_STATUSES) {
      const nominations = [nom('n-anchor', 'returned'), nom('n-subject', status, { version: 7 })];
      const step = submitDossier(submitArgs({ dossier: dossier({ status: 'returned' }), nominations }));
      expect(
        step.nominations.map((n) => n.nominationId),
        status,
      ).toEqual(moves[status] ? ['n-anchor', 'n-subject'] : ['n-anchor']);
      if (moves[status]) {
        expect(step.nominations[1], status).toEqual({
          ...nominations[1],
          status: 'submitted',
          version: 8,
          updatedAt: NOW_ISO,
        });
      }
    }
  });

  it('SPEC §6 submit: only draft and returned dossiers are submitted; submitted, closed, withdrawn and expired are INVALID_STATE', () => {
    for (const status of ['draft', 'returned'] as const) {
      expect(submitDossier(submitArgs({ dossier: dossier({ status }) })).dossier.status, status).toBe(
        'submitted',
      );
    }
    for (const status of ['submitted', 'closed', 'withdrawn', 'expired'] as const) {
      const error = refusal(() => submitDossier(submitArgs({ dossier: dossier({ status }) })));
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.code, status).toBe('INVALID_STATE');
      expect(error.details, status).toEqual({ entity: 'dossier', status, action: 'submit' });
    }
  });

  it('seed III.4: a closed round takes no submission, before its deadline as after (INVALID_STATE)', () => {
    for (const status of ['draft', 'returned'] as const) {
      const error = refusal(() =>
        submitDossier(submitArgs({ dossier: dossier({ status }), round: { ...ANNUAL, closedAt: EARLIER } })),
      );
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.text.en, status).toContain('This round is closed');
    }
  });

  // Each case adds the next fault on top of all the later ones: the first in the order must win.
  const order: { fault: string; c: SubmitCase; error: ErrorClass; code: string }[] = [
    {
      fault: 'a submitted dossier (stale version, past D-SUB, incomplete) is INVALID_STATE',
      c: {
        dossier: dossier({ status: 'submitted' }),
        expectedVersion: 2,
        now: ms(D_SUB_A_2025, 1),
        documents: [],
      },
      error: InvalidStateError,
      code: 'INVALID_STATE',
    },
    {
      fault: 'a stale version (past D-SUB, incomplete) is VERSION_CONFLICT',
      c: { expectedVersion: 2, now: ms(D_SUB_A_2025, 1), documents: [] },
      error: VersionConflictError,
      code: 'VERSION_CONFLICT',
    },
    {
      fault: 'past D-SUB (incomplete) is DEADLINE_PASSED',
      c: { now: ms(D_SUB_A_2025, 1), documents: [] },
      error: DeadlinePassedError,
      code: 'DEADLINE_PASSED',
    },
    {
      fault: 'incomplete is DOSSIER_INCOMPLETE',
      c: { documents: [] },
      error: DossierIncompleteError,
      code: 'DOSSIER_INCOMPLETE',
    },
  ];
  for (const { fault, c, error, code } of order) {
    it(`SPEC §6 submit order (status, version, deadline, completeness): ${fault}`, () => {
      const e = refusal(() => submitDossier(submitArgs(c)));
      expect(e).toBeInstanceOf(error);
      expect(e.code).toBe(code);
    });
  }

  it('SPEC §6 submit: a draft becomes submitted with version + 1, updatedAt and submittedAt now; other fields kept; inputs unchanged', () => {
    const nominations = [nom('n-1', 'draft'), nom('n-2', 'withdrawn')];
    const args = submitArgs({ dossier: dossier({ version: 5 }), nominations });
    const copies = structuredClone({ dossier: args.dossier, nominations: args.nominations });
    const step = submitDossier(args);
    expect(step.dossier).toEqual({
      dossierId: 'd-1',
      unitId: 'so-noi-vu',
      roundId: 'annual-2025',
      proposalNo: '12/TTr-SNV',
      status: 'submitted',
      version: 6,
      updatedAt: NOW_ISO,
      submittedAt: NOW_ISO,
    });
    expect(step.nominations).toEqual([
      { ...copies.nominations[0], status: 'submitted', version: 2, updatedAt: NOW_ISO },
    ]);
    expect({ dossier: args.dossier, nominations: args.nominations }).toEqual(copies);
  });

  it('SPEC §6 submit: resubmitting a returned dossier clears its return reasons and re-stamps submittedAt', () => {
    const reasons = [{ nominationId: 'n-1', reason: 'Thiếu biên bản' }];
    const before = dossier({ status: 'returned', submittedAt: EARLIER, returnReasons: reasons });
    const step = submitDossier(submitArgs({ dossier: before, nominations: [nom('n-1', 'returned')] }));
    expect(step.dossier.status).toBe('submitted');
    expect(step.dossier.returnReasons).toBeUndefined();
    expect(step.dossier.submittedAt).toBe(NOW_ISO);
    expect(step.dossier.version).toBe(4);
    expect(before.returnReasons).toEqual([{ nominationId: 'n-1', reason: 'Thiếu biên bản' }]);
  });
});

describe('submission deadlines', () => {
  const extension = (roundId: string, submissionDeadline: string): UnitExtension => ({
    roundId,
    unitId: 'so-noi-vu',
    submissionDeadline,
    reason: 'Thiên tai',
  });
  const periodReturned = {
    round: PERIOD,
    dossier: dossier({ status: 'returned', roundId: PERIOD.roundId }),
    nominations: [nom('n-1', 'returned', { roundId: PERIOD.roundId, criteriaClaimed: ['PC2'] })],
  };
  const cases: { rule: string; c: SubmitCase; deadline?: string; kind?: 'submission' | 'appraisal' }[] = [
    { rule: 'R-DL-1: a draft submitted 1 ms before D-SUB is on time', c: { now: ms(D_SUB_A_2025, -1) } },
    {
      rule: 'R-DL-1: a draft submitted at the deadline instant is DEADLINE_PASSED',
      c: { now: ms(D_SUB_A_2025) },
      deadline: D_SUB_A_2025,
      kind: 'submission',
    },
    {
      rule: 'R-DL-2: a unit with a later extension submits after the round D-SUB',
      c: {
        now: new Date('2026-01-05T00:00:00.000Z'),
        extension: extension('annual-2025', '2026-01-09T17:00:00.000Z'),
      },
    },
    {
      rule: 'R-DL-2: a unit submitting at its extended deadline is DEADLINE_PASSED naming that deadline',
      c: {
        now: new Date('2026-01-09T17:00:00.000Z'),
        extension: extension('annual-2025', '2026-01-09T17:00:00.000Z'),
      },
      deadline: '2026-01-09T17:00:00.000Z',
      kind: 'submission',
    },
    {
      rule: 'R-DL-2: an extension of another round does not extend this one',
      c: {
        now: new Date('2026-01-05T00:00:00.000Z'),
        extension: extension('annual-2024', '2026-01-09T17:00:00.000Z'),
      },
      deadline: D_SUB_A_2025,
      kind: 'submission',
    },
    {
      rule: 'R-DL-2: an extension earlier than the round D-SUB never shortens it',
      c: {
        now: new Date('2025-12-10T00:00:00.000Z'),
        extension: extension('annual-2025', '2025-12-05T00:00:00.000Z'),
      },
    },
    {
      rule: 'R-DL-1: a returned dossier is resubmitted after D-SUB, 1 ms before the appraisal deadline',
      c: { ...periodReturned, now: ms(D_APP_P, -1) },
    },
    {
      rule: 'R-DL-1: a returned dossier resubmitted at the appraisal deadline is DEADLINE_PASSED',
      c: { ...periodReturned, now: ms(D_APP_P) },
      deadline: D_APP_P,
      kind: 'appraisal',
    },
    {
      rule: 'R-DL-1: a draft of the period round submitted at D-SUB-P is DEADLINE_PASSED',
      c: {
        round: PERIOD,
        dossier: dossier({ roundId: PERIOD.roundId }),
        nominations: [nom('n-1', 'draft', { roundId: PERIOD.roundId, criteriaClaimed: ['PC2'] })],
        now: ms(D_SUB_P),
      },
      deadline: D_SUB_P,
      kind: 'submission',
    },
    {
      rule: 'R-DL-1: a returned dossier of a round with no appraisal deadline yet may still be resubmitted',
      c: { dossier: dossier({ status: 'returned' }), now: new Date('2026-02-01T00:00:00.000Z') },
    },
  ];
  for (const { rule, c, deadline, kind } of cases) {
    it(rule, () => {
      const args = submitArgs(c);
      if (deadline === undefined) {
        expect(submitDossier(args).dossier.status).toBe('submitted');
        return;
      }
      const error = refusal(() => submitDossier(args));
      expect(error).toBeInstanceOf(DeadlinePassedError);
      expect(error.code).toBe('DEADLINE_PASSED');
      expect(error.details).toEqual({ deadline, deadlineKind: kind });
    });
  }
});

describe('submission completeness', () => {
  const one = [nom('n-1', 'draft')];
  const cases: {
    rule: string;
    nominations: TestNomination[];
    documents: DocumentRef[];
    missing: string[];
  }[] = [
    {
      rule: 'R-DOS-3: a dossier without council minutes is DOSSIER_INCOMPLETE',
      nominations: one,
      documents: completeDocs(['n-1']).filter((d) => d.kind !== 'council_minutes'),
      missing: ['documents.council_minutes'],
    },
    {
      rule: 'R-DOS-3: a proposal letter not yet verified is DOSSIER_INCOMPLETE',
      nominations: one,
      documents: [
        doc('doc-pl', 'proposal_letter', 'pending'),
        ...completeDocs(['n-1']).filter((d) => d.kind !== 'proposal_letter'),
      ],
      missing: ['documents.proposal_letter'],
    },
    {
      rule: 'R-DOS-3: a nomination without an achievement report is DOSSIER_INCOMPLETE naming it',
      nominations: [nom('n-1', 'draft'), nom('n-2', 'draft')],
      documents: completeDocs(['n-1']),
      missing: ['nominations.n-2.achievement_report'],
    },
    {
      rule: 'R-DOS-3: a dossier whose nominations are all withdrawn is DOSSIER_INCOMPLETE',
      nominations: [nom('n-1', 'withdrawn')],
      documents: completeDocs([]),
      missing: ['nominations'],
    },
    {
      rule: 'R-DOS-4: an empty certificate citation is DOSSIER_INCOMPLETE',
      nominations: [nom('n-1', 'draft', { citationText: '   ' })],
      documents: completeDocs(['n-1']),
      missing: ['nominations.n-1.citationText'],
    },
  ];
  for (const { rule, nominations, documents, missing } of cases) {
    it(rule, () => {
      const error = refusal(() => submitDossier(submitArgs({ nominations, documents })));
      expect(error).toBeInstanceOf(DossierIncompleteError);
      expect(error.code).toBe('DOSSIER_INCOMPLETE');
      expect(paths(error)).toEqual(missing);
    });
  }
});

// ---- Withdraw ----

describe('withdrawing a dossier', () => {
  const withdrawArgs = (status: DossierStatus, nominations: TestNomination[], expectedVersion = 3) => ({
    dossier: dossier({ status }),
    nominations,
    expectedVersion,
    now: NOW,
  });

  it('SPEC §6 withdraw: draft, submitted and returned nominations are withdrawn with the dossier; withdrawn, rejected and not awarded are kept', () => {
    const outcome: Partial<Record<NominationStatus, 'withdrawn' | 'kept'>> = {
      draft: 'withdrawn',
      submitted: 'withdrawn',
      returned: 'withdrawn',
      withdrawn: 'kept',
      rejected: 'kept',
      not_awarded: 'kept',
    };
    expect([...KEPT_ON_WITHDRAW].sort()).toEqual(['not_awarded', 'rejected', 'withdrawn']);
    for (const status of NOMINATION_STATUSES.filter((s) => outcome[s] !== undefined)) {
      const nominations = [nom('n-1', 'draft'), nom('n-2', status, { version: 4 })];
      const step = withdrawDossier(withdrawArgs('returned', nominations));
      expect(step.dossier.status, status).toBe('withdrawn');
      if (outcome[status] === 'kept') {
        expect(
          step.nominations.map((n) => n.nominationId),
          status,
        ).toEqual(['n-1']);
      } else {
        expect(step.nominations[1], status).toEqual({
          ...nominations[1],
          status: 'withdrawn',
          version: 5,
          updatedAt: NOW_ISO,
        });
      }
    }
  });

  it('SPEC §6 withdraw: a recommended or awarded nomination refuses the whole withdrawal (INVALID_STATE naming it)', () => {
    for (const status of ['recommended', 'awarded'] as const) {
      const error = refusal(() =>
        withdrawDossier(withdrawArgs('returned', [nom('n-1', 'draft'), nom('n-2', status)])),
      );
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.code, status).toBe('INVALID_STATE');
      expect(error.details, status).toEqual({ entity: 'nomination', status, action: 'withdraw' });
    }
  });

  it('SPEC §6 withdraw: only draft and returned dossiers are withdrawn; submitted, closed, withdrawn and expired are INVALID_STATE', () => {
    for (const status of ['draft', 'returned'] as const) {
      expect(withdrawDossier(withdrawArgs(status, [nom('n-1', 'draft')])).dossier.status, status).toBe(
        'withdrawn',
      );
    }
    for (const status of ['submitted', 'closed', 'withdrawn', 'expired'] as const) {
      const error = refusal(() => withdrawDossier(withdrawArgs(status, [nom('n-1', 'draft')])));
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.details, status).toEqual({ entity: 'dossier', status, action: 'withdraw' });
    }
  });

  const order: {
    fault: string;
    status: DossierStatus;
    expectedVersion: number;
    error: ErrorClass;
    entity?: string;
  }[] = [
    {
      fault: 'a submitted dossier (stale version, a recommended nomination) is INVALID_STATE of the dossier',
      status: 'submitted',
      expectedVersion: 2,
      error: InvalidStateError,
      entity: 'dossier',
    },
    {
      fault: 'a stale version (a recommended nomination) is VERSION_CONFLICT',
      status: 'draft',
      expectedVersion: 2,
      error: VersionConflictError,
    },
    {
      fault: 'a recommended nomination is INVALID_STATE of the nomination',
      status: 'draft',
      expectedVersion: 3,
      error: InvalidStateError,
      entity: 'nomination',
    },
  ];
  for (const c of order) {
    it(`SPEC §6 withdraw order (dossier status, version, nominations): ${c.fault}`, () => {
      const error = refusal(() =>
        withdrawDossier(
          withdrawArgs(c.status, [nom('n-1', 'draft'), nom('n-2', 'recommended')], c.expectedVersion),
        ),
      );
      expect(error).toBeInstanceOf(c.error);
      if (c.entity !== undefined) expect(error.details.entity).toBe(c.entity);
    });
  }

  it('SPEC §6 withdraw: the dossier becomes withdrawn with version + 1 and updatedAt now; other fields kept; inputs unchanged', () => {
    const args = {
      dossier: dossier({ status: 'returned', submittedAt: EARLIER }),
      nominations: [nom('n-1', 'submitted'), nom('n-2', 'rejected')],
      expectedVersion: 3,
      now: NOW,
    };
    const copies = structuredClone({ dossier: args.dossier, nominations: args.nominations });
    const step = withdrawDossier(args);
    expect(step.dossier).toEqual({ ...copies.dossier, status: 'withdrawn', version: 4, updatedAt: NOW_ISO });
    expect({ dossier: args.dossier, nominations: args.nominations }).toEqual(copies);
  });
});

// ---- Return, close ----

describe('returning and closing', () => {
  it('SPEC §6 return: returning one nomination returns the dossier; a second return adds its reason', () => {
    // Reasons of an earlier, answered return do not carry over into a fresh one.
    const submitted = dossier({
      status: 'submitted',
      returnReasons: [{ nominationId: 'n-0', reason: 'cũ' }],
    });
    const first = returnDossier(submitted, { nominationId: 'n-1', reason: 'Thiếu minh chứng' }, NOW);
    expect(first.action).toBe('return');
    expect(first.dossier).toEqual({
      ...dossier(),
      status: 'returned',
      returnReasons: [{ nominationId: 'n-1', reason: 'Thiếu minh chứng' }],
      version: 4,
      updatedAt: NOW_ISO,
    });

    const later = new Date('2025-12-01T04:00:00.000Z');
    const second = returnDossier(first.dossier, { nominationId: 'n-2', reason: 'Sai chức vụ' }, later);
    expect(second.action).toBe('add_return_reason');
    expect(second.dossier).toEqual({
      ...dossier(),
      status: 'returned',
      returnReasons: [
        { nominationId: 'n-1', reason: 'Thiếu minh chứng' },
        { nominationId: 'n-2', reason: 'Sai chức vụ' },
      ],
      version: 5,
      updatedAt: '2025-12-01T04:00:00.000Z',
    });
    expect(first.dossier.returnReasons).toHaveLength(1);
    expect(submitted.status).toBe('submitted');
  });

  it('SPEC §6 return: a dossier neither submitted nor returned cannot be returned (INVALID_STATE)', () => {
    for (const status of ['draft', 'closed', 'withdrawn', 'expired'] as const) {
      const error = refusal(() =>
        returnDossier(dossier({ status }), { nominationId: 'n-1', reason: 'x' }, NOW),
      );
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.details, status).toEqual({ entity: 'dossier', status, action: 'return' });
    }
  });

  it('seed III.4 close: only a recommended nomination becomes not_awarded; any other is INVALID_STATE', () => {
    for (const status of NOMINATION_STATUSES) {
      const before = nom('n-1', status, { version: 2 });
      if (status === 'recommended') {
        expect(notAward(before, NOW)).toEqual({
          ...nom('n-1', 'recommended', { version: 2 }),
          status: 'not_awarded',
          version: 3,
          updatedAt: NOW_ISO,
        });
        continue;
      }
      const error = refusal(() => notAward(before, NOW));
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.details, status).toEqual({ entity: 'nomination', status, action: 'not_award' });
    }
  });

  it('seed III.4 close: only a submitted dossier closes; any other is INVALID_STATE', () => {
    for (const status of DOSSIER_STATUSES) {
      const before = dossier({ status });
      if (status === 'submitted') {
        expect(closeDossier(before, NOW)).toEqual({
          ...dossier(),
          status: 'closed',
          version: 4,
          updatedAt: NOW_ISO,
        });
        continue;
      }
      const error = refusal(() => closeDossier(before, NOW));
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.details, status).toEqual({ entity: 'dossier', status, action: 'close' });
    }
  });

  it('seed III.4 close: closing an open round stamps closedAt now with version + 1', () => {
    const open = { ...ANNUAL, version: 7, updatedAt: EARLIER };
    const { round: closed, changed } = closeRound(open, NOW);
    expect(changed).toBe(true);
    expect(closed).toEqual({ ...ANNUAL, closedAt: NOW_ISO, version: 8, updatedAt: NOW_ISO });
    expect(open.closedAt).toBeUndefined();
  });

  it('seed III.4 close: closing again changes nothing (changed false) and keeps the first stamp', () => {
    const closing = { ...ANNUAL, version: 8, updatedAt: EARLIER, closedAt: EARLIER };
    const again = closeRound(closing, NOW);
    expect(again.changed).toBe(false);
    expect(again.round).toEqual({ ...ANNUAL, version: 8, updatedAt: EARLIER, closedAt: EARLIER });
  });

  it('seed III.4: a round is open until closedAt is stamped; then INVALID_STATE naming the round', () => {
    expect(() => assertRoundOpen({ roundId: 'annual-2025' })).not.toThrow();
    expect(() => assertRoundOpen({ roundId: 'annual-2025', closedAt: undefined })).not.toThrow();
    const error = refusal(() => assertRoundOpen({ roundId: 'annual-2025', closedAt: EARLIER }));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error.code).toBe('INVALID_STATE');
    // R-I18N-1: the round the caller addressed, named as such, not by its internal id.
    expect(error.text.en).toContain('This round is closed');
    expect(error.text.vi).toContain('Đợt khen thưởng này đã kết thúc');
    expect(error.text.vi).not.toContain('annual-2025');
  });
});

// ---- Editing, versions, advance ----

describe('editing and versions', () => {
  it('SPEC §6 editing: draft and returned dossiers are edited at the current version; others are INVALID_STATE before any version check', () => {
    const cases: { status: DossierStatus; expectedVersion: number; code: string | undefined }[] = [
      { status: 'draft', expectedVersion: 3, code: undefined },
      { status: 'returned', expectedVersion: 3, code: undefined },
      { status: 'draft', expectedVersion: 2, code: 'VERSION_CONFLICT' },
      { status: 'returned', expectedVersion: 4, code: 'VERSION_CONFLICT' },
      { status: 'submitted', expectedVersion: 2, code: 'INVALID_STATE' },
      { status: 'closed', expectedVersion: 3, code: 'INVALID_STATE' },
      { status: 'withdrawn', expectedVersion: 3, code: 'INVALID_STATE' },
      { status: 'expired', expectedVersion: 3, code: 'INVALID_STATE' },
    ];
    for (const { status, expectedVersion, code } of cases) {
      const label = `${status} at version ${expectedVersion}`;
      const d = dossier({ status });
      if (code === undefined) {
        expect(() => assertEditable(d, expectedVersion), label).not.toThrow();
        continue;
      }
      const error = refusal(() => assertEditable(d, expectedVersion));
      expect(error, label).toBeInstanceOf(
        code === 'INVALID_STATE' ? InvalidStateError : VersionConflictError,
      );
      expect(error.code, label).toBe(code);
    }
  });

  it('SPEC §6 If-Match: only the current version passes; an older or newer one is VERSION_CONFLICT', () => {
    const record = { version: 3, updatedAt: EARLIER };
    expect(() => assertVersion(record, 3)).not.toThrow();
    for (const stale of [2, 4, 0]) {
      const error = refusal(() => assertVersion(record, stale));
      expect(error, `version ${stale}`).toBeInstanceOf(VersionConflictError);
      expect(error.code, `version ${stale}`).toBe('VERSION_CONFLICT');
    }
  });

  it('SPEC §6: a change bumps the version, stamps updatedAt, keeps every other field and leaves the input alone', () => {
    const before = dossier({ submittedAt: EARLIER });
    const after = advance(before, { status: 'submitted' }, NOW);
    expect(after).toEqual({
      ...dossier({ submittedAt: EARLIER }),
      status: 'submitted',
      version: 4,
      updatedAt: NOW_ISO,
    });
    expect(before).toEqual(dossier({ submittedAt: EARLIER }));
  });
});

describe('adding a nomination', () => {
  it('seed III.4: a draft or returned dossier of a closed round takes no nomination (INVALID_STATE)', () => {
    for (const status of ['draft', 'returned'] as const) {
      const error = refusal(() =>
        assertCanAddNomination({
          dossier: dossier({ status }),
          nominations: [],
          round: { ...ANNUAL, closedAt: EARLIER },
          extension: undefined,
          now: NOW,
        }),
      );
      expect(error.code, status).toBe('INVALID_STATE');
      expect(error.text.vi, status).toContain('Đợt khen thưởng này đã kết thúc');
    }
  });

  const many = (count: number, status: NominationStatus = 'draft') =>
    Array.from({ length: count }, (_, i) => nom(`n-${i}`, status));
  const extension = (deadline: string): UnitExtension => ({
    roundId: 'annual-2025',
    unitId: 'so-noi-vu',
    submissionDeadline: deadline,
    reason: 'Gia hạn',
  });

  it.each<{
    rule: string;
    status: DossierStatus;
    nominations?: TestNomination[];
    now?: Date;
    extension?: UnitExtension;
    code?: string;
  }>([
    { rule: 'SPEC §6: a draft before D-SUB takes one', status: 'draft' },
    { rule: 'R-DL-1: a returned dossier before D-SUB takes one', status: 'returned' },
    {
      rule: 'R-DL-1: a returned dossier at D-SUB is DEADLINE_PASSED (it only corrects what was returned)',
      status: 'returned',
      now: ms(D_SUB_A_2025),
      code: 'DEADLINE_PASSED',
    },
    {
      rule: 'R-DL-1: a returned dossier a month after D-SUB is DEADLINE_PASSED',
      status: 'returned',
      now: ms(D_SUB_A_2025, 30 * 86_400_000),
      code: 'DEADLINE_PASSED',
    },
    {
      rule: 'R-DL-1/R-DL-2: a returned dossier whose unit has an extension takes one until it',
      status: 'returned',
      now: ms(D_SUB_A_2025, 86_400_000),
      extension: extension('2026-01-05T17:00:00.000Z'),
    },
    {
      rule: 'R-DL-1/R-DL-2: and is DEADLINE_PASSED at its extended deadline',
      status: 'returned',
      now: ms('2026-01-05T17:00:00.000Z'),
      extension: extension('2026-01-05T17:00:00.000Z'),
      code: 'DEADLINE_PASSED',
    },
    {
      rule: 'R-DOS-5: a draft holding 31 takes the 32nd',
      status: 'draft',
      nominations: many(MAX_NOMINATIONS_PER_DOSSIER - 1),
    },
    {
      rule: 'R-DOS-5: a draft holding 32 is INVALID_STATE',
      status: 'draft',
      nominations: many(MAX_NOMINATIONS_PER_DOSSIER),
      code: 'INVALID_STATE',
    },
    {
      rule: 'R-DOS-5: withdrawn nominations do not count',
      status: 'returned',
      nominations: [...many(MAX_NOMINATIONS_PER_DOSSIER - 1, 'submitted'), ...many(5, 'withdrawn')],
    },
    {
      rule: 'R-DOS-5: rejected ones do',
      status: 'returned',
      nominations: [...many(MAX_NOMINATIONS_PER_DOSSIER - 1, 'submitted'), nom('r', 'rejected')],
      code: 'INVALID_STATE',
    },
    { rule: 'SPEC §6: a submitted dossier is INVALID_STATE', status: 'submitted', code: 'INVALID_STATE' },
    {
      rule: 'SPEC §6: an expired one is INVALID_STATE before any deadline check',
      status: 'expired',
      now: ms(D_SUB_A_2025, 86_400_000),
      code: 'INVALID_STATE',
    },
  ])('$rule', ({ status, nominations, now, extension: ext, code }) => {
    const add = () =>
      assertCanAddNomination({
        dossier: dossier({ status }),
        nominations: nominations ?? [],
        round: ANNUAL,
        extension: ext,
        now: now ?? NOW,
      });
    if (code === undefined) {
      expect(add).not.toThrow();
      return;
    }
    expect(refusal(add).code).toBe(code);
  });

  it('R-DL-1: the refusal names the deadline that passed', () => {
    const error = refusal(() =>
      assertCanAddNomination({
        dossier: dossier({ status: 'returned' }),
        nominations: [],
        round: ANNUAL,
        extension: undefined,
        now: ms(D_SUB_A_2025, 1),
      }),
    );
    expect(error).toBeInstanceOf(DeadlinePassedError);
    expect(error.details).toMatchObject({ deadline: D_SUB_A_2025, deadlineKind: 'submission' });
    expect(error.text.vi).toContain('00:00 ngày 30/12/2025');
  });
});

// ---- Appraisal ----

interface TestAppraisable extends TestNomination, AppraisableNomination {
  appraisal?: Record<string, unknown>;
}

const appraisable = (
  status: NominationStatus,
  overrides: Partial<TestAppraisable> = {},
): TestAppraisable => ({
  ...nom('n-1', status, { criteriaClaimed: ['AC1', 'AC2'], version: 2 }),
  verifiedCriteria: [],
  ...overrides,
});

const eligibility = (
  eligible: boolean | null,
  statuses: [CriterionCode, 'met' | 'not_met' | 'needs_review'][],
): Eligibility => ({
  eligible,
  criteria: statuses.map(([code, status]) => ({
    code,
    status,
    reason: { vi: `lý do ${code}`, en: `reason ${code}` },
  })),
});

interface PrepareCase {
  closedAt?: string;
  /** How many times the round's report was sent. */
  reports?: number;
  /** The sending the nomination's current appraisal goes into (undefined: recorded before numbering). */
  appraisedFor?: number;
  dossierStatus?: DossierStatus;
  status?: NominationStatus;
  expectedVersion?: number;
  decision?: 'recommend' | 'reject' | 'return';
  verifiedCriteria?: CriterionCode[];
  reason?: string | undefined;
}

/** A rejection of a submitted nomination (version 2, claiming AC1 and AC2) verifying AC1, with a reason. */
const prepareArgs = (c: PrepareCase = {}): Parameters<typeof prepareAppraisal>[0] => ({
  round: {
    roundId: 'annual-2025',
    closedAt: c.closedAt,
    appraisalReports: c.reports,
    appraisalReportAt: c.reports ? EARLIER : undefined,
  },
  dossier: { status: c.dossierStatus ?? 'submitted' },
  nomination: {
    status: c.status ?? 'submitted',
    version: 2,
    criteriaClaimed: ['AC1', 'AC2'],
    appraisal: c.status === 'recommended' || c.status === 'rejected' ? { report: c.appraisedFor } : undefined,
  },
  expectedVersion: c.expectedVersion ?? 2,
  request: {
    decision: c.decision ?? 'reject',
    verifiedCriteria: c.verifiedCriteria ?? ['AC1'],
    reason: 'reason' in c ? c.reason : 'Thiếu minh chứng',
  },
});

describe('preparing an appraisal', () => {
  const laterFaults: PrepareCase = { expectedVersion: 1, verifiedCriteria: ['AC2'], reason: undefined };
  const order: { fault: string; c: PrepareCase; error: ErrorClass; check: (e: DomainError) => void }[] = [
    {
      fault: 'a closed round (and every later fault) is INVALID_STATE naming the round',
      c: { ...laterFaults, closedAt: EARLIER, dossierStatus: 'draft', status: 'draft' },
      error: InvalidStateError,
      check: (e) => expect(e.text.en).toContain('This round is closed'),
    },
    {
      fault: 'a draft dossier (and every later fault) is INVALID_STATE of the dossier',
      c: { ...laterFaults, dossierStatus: 'draft', status: 'draft' },
      error: InvalidStateError,
      check: (e) => expect(e.details.entity).toBeUndefined(),
    },
    {
      fault: 'a draft nomination (and every later fault) is INVALID_STATE of the nomination',
      c: { ...laterFaults, status: 'draft' },
      error: InvalidStateError,
      check: (e) => expect(e.details).toEqual({ entity: 'nomination', status: 'draft', action: 'reject' }),
    },
    {
      fault: 'a revision of a decision a sent report carried (and every later fault) is INVALID_STATE, final',
      c: { ...laterFaults, status: 'recommended', reports: 1, appraisedFor: 1 },
      error: InvalidStateError,
      check: (e) => expect(e.details).toEqual({ final: true }),
    },
    {
      fault: 'a stale version (and every later fault) is VERSION_CONFLICT',
      c: laterFaults,
      error: VersionConflictError,
      check: (e) => expect(e.code).toBe('VERSION_CONFLICT'),
    },
    {
      fault: 'a data criterion verified (and no reason) is VALIDATION_FAILED on the criterion',
      c: { verifiedCriteria: ['AC2'], reason: undefined },
      error: ValidationError,
      check: (e) => expect(paths(e)).toEqual(['body.verifiedCriteria[0]']),
    },
    {
      fault: 'a rejection with no reason is VALIDATION_FAILED on the reason',
      c: { reason: undefined },
      error: ValidationError,
      check: (e) => expect(paths(e)).toEqual(['body.reason']),
    },
  ];
  for (const { fault, c, error, check } of order) {
    it(`SPEC §6 appraisal order (round, dossier, decision, R-APP-1 finality, version, criteria, reason): ${fault}`, () => {
      const e = refusal(() => prepareAppraisal(prepareArgs(c)));
      expect(e).toBeInstanceOf(error);
      check(e);
    });
  }

  it('SPEC §6 appraisal: submitted and returned dossiers are under appraisal; draft, closed, withdrawn and expired are INVALID_STATE', () => {
    for (const status of ['submitted', 'returned'] as const) {
      expect(prepareAppraisal(prepareArgs({ dossierStatus: status })), status).toEqual({
        verifiedCriteria: ['AC1'],
        reason: 'Thiếu minh chứng',
      });
    }
    for (const status of ['draft', 'closed', 'withdrawn', 'expired'] as const) {
      const error = refusal(() => prepareAppraisal(prepareArgs({ dossierStatus: status })));
      expect(error, status).toBeInstanceOf(InvalidStateError);
      expect(error.code, status).toBe('INVALID_STATE');
    }
  });

  // Recommended and rejected nominations are left out: their revisions are R-APP-1's (below).
  it('SPEC §6 appraisal: a submitted nomination takes any decision; draft, returned, awarded, not awarded and withdrawn take none', () => {
    for (const decision of ['recommend', 'reject', 'return'] as const) {
      expect(() => prepareAppraisal(prepareArgs({ decision })), decision).not.toThrow();
      for (const status of ['draft', 'returned', 'awarded', 'not_awarded', 'withdrawn'] as const) {
        const error = refusal(() => prepareAppraisal(prepareArgs({ status, decision })));
        expect(error, `${status} ${decision}`).toBeInstanceOf(InvalidStateError);
        expect(error.details, `${status} ${decision}`).toEqual({
          entity: 'nomination',
          status,
          action: decision,
        });
      }
    }
  });

  // R-APP-1, edition 2: until the round's appraisal report carries a decision it may be revised; once sent,
  // it is final. A report sent again carries what was decided after the one before.
  const revisions: {
    what: string;
    c: PrepareCase;
    refused?: 'transition' | 'final';
  }[] = [
    { what: 'a recommendation, no report sent: rejected', c: { status: 'recommended', decision: 'reject' } },
    { what: 'a recommendation, no report sent: returned', c: { status: 'recommended', decision: 'return' } },
    {
      what: 'a recommendation recommended again',
      c: { status: 'recommended', decision: 'recommend' },
      refused: 'transition',
    },
    { what: 'a rejection, no report sent: recommended', c: { status: 'rejected', decision: 'recommend' } },
    {
      what: 'a rejection rejected again',
      c: { status: 'rejected', decision: 'reject' },
      refused: 'transition',
    },
    { what: 'a rejection returned', c: { status: 'rejected', decision: 'return' }, refused: 'transition' },
    {
      what: 'a recommendation the first report carried: rejected',
      c: { status: 'recommended', decision: 'reject', reports: 1, appraisedFor: 1 },
      refused: 'final',
    },
    {
      what: 'a recommendation the first report carried: returned',
      c: { status: 'recommended', decision: 'return', reports: 1, appraisedFor: 1 },
      refused: 'final',
    },
    {
      what: 'a rejection the first report carried: recommended',
      c: { status: 'rejected', decision: 'recommend', reports: 1, appraisedFor: 1 },
      refused: 'final',
    },
    {
      what: 'a recommendation made after the first report, before the second: rejected',
      c: { status: 'recommended', decision: 'reject', reports: 1, appraisedFor: 2 },
    },
    {
      what: 'a recommendation made after the first report, once the second is sent: rejected',
      c: { status: 'recommended', decision: 'reject', reports: 2, appraisedFor: 2 },
      refused: 'final',
    },
    {
      what: 'a recommendation recorded before reports were numbered, no report sent: rejected',
      c: { status: 'recommended', decision: 'reject', appraisedFor: undefined },
    },
    {
      what: 'a recommendation recorded before reports were numbered, after a report: rejected',
      c: { status: 'recommended', decision: 'reject', reports: 1, appraisedFor: undefined },
      refused: 'final',
    },
    {
      what: 'a nomination submitted (again) after a report: appraised for the first time',
      c: { status: 'submitted', decision: 'recommend', reports: 1 },
    },
  ];
  for (const { what, c, refused } of revisions) {
    it(`R-APP-1: ${what}${refused ? ` is INVALID_STATE (${refused})` : ''}`, () => {
      if (!refused) {
        expect(() => prepareAppraisal(prepareArgs(c))).not.toThrow();
        return;
      }
      const error = refusal(() => prepareAppraisal(prepareArgs(c)));
      expect(error).toBeInstanceOf(InvalidStateError);
      expect(error.code).toBe('INVALID_STATE');
      if (refused === 'final') {
        expect(error.details).toEqual({ final: true });
        expect(error.text.vi).toContain('đã được trình Chủ tịch UBND tỉnh');
      } else expect(error.details).toMatchObject({ entity: 'nomination', status: c.status });
    });
  }

  it('SPEC §6 appraisal: verifying a data criterion or an unclaimed judgement criterion is VALIDATION_FAILED naming each', () => {
    const error = refusal(() => prepareAppraisal(prepareArgs({ verifiedCriteria: ['AI1', 'AC1', 'AC3'] })));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(paths(error)).toEqual(['body.verifiedCriteria[0]', 'body.verifiedCriteria[2]']);
  });

  it('SPEC §6 appraisal: a claimed judgement criterion verified twice is kept once', () => {
    expect(prepareAppraisal(prepareArgs({ verifiedCriteria: ['AC1', 'AC1'] })).verifiedCriteria).toEqual([
      'AC1',
    ]);
  });

  it('SPEC §6 appraisal: a reject or return needs a non-blank reason (trimmed); a recommend needs none', () => {
    for (const [decision, reason] of [
      ['reject', undefined],
      ['return', '  \n '],
    ] as const) {
      const error = refusal(() => prepareAppraisal(prepareArgs({ decision, reason })));
      expect(error, decision).toBeInstanceOf(ValidationError);
      expect(paths(error), decision).toEqual(['body.reason']);
    }
    expect(prepareAppraisal(prepareArgs({ decision: 'return', reason: '  Thiếu biên bản ' })).reason).toBe(
      'Thiếu biên bản',
    );
    expect(
      prepareAppraisal(prepareArgs({ decision: 'recommend', reason: undefined })).reason,
    ).toBeUndefined();
  });
});

describe('appraising a nomination', () => {
  const BY = 'appraiser-1';
  const appraise = (
    decision: 'recommend' | 'reject' | 'return',
    over: {
      nomination?: TestAppraisable;
      dossier?: TestDossier;
      reason?: string;
      e?: Eligibility;
      verified?: CriterionCode[];
      reports?: number;
      seen?: { documentId: string; sha256: string }[];
    } = {},
  ) =>
    appraiseNomination({
      nomination: over.nomination ?? appraisable('submitted'),
      dossier: over.dossier ?? dossier({ status: 'submitted' }),
      round: { roundId: 'annual-2025', appraisalReports: over.reports },
      decision,
      verifiedCriteria: over.verified ?? [],
      reason: over.reason,
      eligibility: over.e ?? eligibility(null, []),
      documents: over.seen ?? [],
      by: BY,
      now: NOW,
    });

  const notEligible: { what: string; e: Eligibility; discipline: boolean; items: string[] }[] = [
    {
      what: 'a nominee meeting no claimed criterion',
      e: eligibility(false, [['AC2', 'not_met']]),
      discipline: true,
      items: ['AC2'],
    },
    {
      what: 'a nominee still awaiting review',
      e: eligibility(null, [['AC1', 'needs_review']]),
      discipline: true,
      items: ['AC1'],
    },
    {
      what: 'a nominee without administrative discipline (R-ELIG-0)',
      e: eligibility(false, [['AC2', 'met']]),
      discipline: false,
      items: ['disciplineCompliance'],
    },
  ];
  for (const { what, e, discipline, items } of notEligible) {
    it(`SPEC §6 recommend: ${what} is NOT_ELIGIBLE, listing why`, () => {
      const error = refusal(() =>
        appraise('recommend', {
          nomination: appraisable('submitted', { disciplineCompliance: discipline }),
          e,
        }),
      );
      expect(error).toBeInstanceOf(NotEligibleError);
      expect(error.code).toBe('NOT_ELIGIBLE');
      expect(paths(error)).toEqual(items);
    });
  }

  it('SPEC §6 recommend: an eligible nominee is recommended, recording the verified criteria, the criteria met, who and when', () => {
    const before = appraisable('submitted');
    const step = appraise('recommend', {
      nomination: before,
      verified: ['AC1'],
      e: eligibility(true, [
        ['AC1', 'met'],
        ['AC2', 'not_met'],
      ]),
    });
    expect(step.dossier).toBeUndefined();
    expect(step.nomination).toEqual({
      ...appraisable('submitted'),
      status: 'recommended',
      verifiedCriteria: ['AC1'],
      appraisal: {
        decision: 'recommend',
        at: NOW_ISO,
        by: BY,
        criteriaMet: ['AC1'],
        report: 1,
        documents: [],
      },
      version: 3,
      updatedAt: NOW_ISO,
    });
    expect(before).toEqual(appraisable('submitted'));
  });

  it('SPEC §6 reject: a rejection records its reason, needs no eligibility and leaves the dossier alone', () => {
    const step = appraise('reject', { reason: 'Không đạt AC2', e: eligibility(false, [['AC2', 'not_met']]) });
    expect(step.dossier).toBeUndefined();
    expect(step.nomination).toEqual({
      ...appraisable('submitted'),
      status: 'rejected',
      verifiedCriteria: [],
      appraisal: {
        decision: 'reject',
        reason: 'Không đạt AC2',
        at: NOW_ISO,
        by: BY,
        report: 1,
        documents: [],
      },
      version: 3,
      updatedAt: NOW_ISO,
    });
  });

  it('R-APP-1: a decision goes into the next sending of the report: the second once one was sent', () => {
    expect(appraise('reject', { reason: 'x', reports: 1 }).nomination.appraisal).toMatchObject({ report: 2 });
    expect(appraise('reject', { reason: 'x', reports: 3 }).nomination.appraisal).toMatchObject({ report: 4 });
  });

  it('R-DOC-3: an appraisal records the documents it saw', () => {
    const seen = [
      { documentId: 'doc-pl', sha256: 'a'.repeat(43) + '=' },
      { documentId: 'doc-ar-n-1', sha256: 'b'.repeat(43) + '=' },
    ];
    expect(appraise('reject', { reason: 'x', seen }).nomination.appraisal).toMatchObject({ documents: seen });
  });

  it('R-APP-1: a recommendation revised into a rejection keeps no criteria met; recommended again, it records them anew', () => {
    const recommended = appraisable('recommended', {
      verifiedCriteria: ['AC1'],
      appraisal: { decision: 'recommend', at: EARLIER, by: 'a-0', criteriaMet: ['AC1'], report: 1 },
    });
    const rejected = appraise('reject', { nomination: recommended, reason: 'Vượt chỉ tiêu' });
    expect(rejected.dossier).toBeUndefined();
    expect(rejected.nomination).toMatchObject({
      status: 'rejected',
      verifiedCriteria: [],
      version: 3,
      appraisal: { decision: 'reject', reason: 'Vượt chỉ tiêu', report: 1 },
    });
    expect(rejected.nomination.appraisal).not.toHaveProperty('criteriaMet');

    // With eligibility as for any recommendation.
    const refused = refusal(() =>
      appraise('recommend', {
        nomination: rejected.nomination,
        e: eligibility(null, [['AC1', 'needs_review']]),
      }),
    );
    expect(refused).toBeInstanceOf(NotEligibleError);
    const again = appraise('recommend', {
      nomination: rejected.nomination,
      verified: ['AC1'],
      e: eligibility(true, [['AC1', 'met']]),
    });
    expect(again.nomination).toMatchObject({
      status: 'recommended',
      version: 4,
      appraisal: { decision: 'recommend', criteriaMet: ['AC1'] },
    });
  });

  it('R-APP-1: a recommendation revised into a return returns its dossier too', () => {
    const step = appraise('return', {
      nomination: appraisable('recommended'),
      dossier: dossier({ status: 'submitted' }),
      reason: 'Bổ sung minh chứng',
    });
    expect(step.nomination.status).toBe('returned');
    expect(step.dossier).toMatchObject({
      action: 'return',
      dossier: { status: 'returned', returnReasons: [{ nominationId: 'n-1', reason: 'Bổ sung minh chứng' }] },
    });
  });

  const returns: {
    dossierStatus: DossierStatus;
    action: string;
    before?: { nominationId: string; reason: string }[];
  }[] = [
    { dossierStatus: 'submitted', action: 'return' },
    {
      dossierStatus: 'returned',
      action: 'add_return_reason',
      before: [{ nominationId: 'n-0', reason: 'trước' }],
    },
  ];
  for (const { dossierStatus, action, before } of returns) {
    it(`SPEC §6 return: returning a nomination of a ${dossierStatus} dossier returns the nomination and the dossier (${action})`, () => {
      const step = appraise('return', {
        dossier: dossier({ status: dossierStatus, returnReasons: before }),
        reason: 'Bổ sung minh chứng',
      });
      expect(step.nomination.status).toBe('returned');
      expect(step.dossier).toEqual({
        action,
        dossier: {
          ...dossier(),
          status: 'returned',
          returnReasons: [...(before ?? []), { nominationId: 'n-1', reason: 'Bổ sung minh chứng' }],
          version: 4,
          updatedAt: NOW_ISO,
        },
      });
    });
  }
});

describe('sending the appraisal report', () => {
  /** Cells' lists: `pending` recommendations not yet carried by a report, `sent` ones a report carried. */
  const lists = (cells: [Tier, NomineeType, number, number?][]): RoundLists => {
    const l = emptyLists();
    for (const [tier, type, pending, sent = 0] of cells) {
      l[tier][type] = {
        pending: Array.from({ length: pending }, (_, i) => `${tier}-${type}-p${i}`),
        sent: Array.from({ length: sent }, (_, i) => `${tier}-${type}-s${i}`),
      };
    }
    return l;
  };
  const atQuota = lists([
    ['province', 'collective', 2],
    ['commune', 'individual', 8],
  ]);
  const overQuota = lists([['district', 'individual', 7]]);
  const period = { ...PERIOD, version: 2, updatedAt: EARLIER };
  const BEFORE_D_APP_P = new Date('2025-11-25T03:00:00.000Z');
  // D-APP-A: PAR Index announced 20 Jan 2026, lead 9 days ⇒ on time before 11 Jan 2026 00:00 ICT.
  const announced = { ...ANNUAL, announcementDate: '2026-01-20', version: 2, updatedAt: EARLIER };
  const D_APP_A = '2026-01-10T17:00:00.000Z';

  const cases: {
    rule: string;
    r: Round & { version: number; updatedAt: string };
    now: Date;
    l: RoundLists;
    error?: ErrorClass;
    items?: string[];
  }[] = [
    {
      rule: 'seed III.4: a report in a closed round is INVALID_STATE (even late and over quota)',
      r: { ...period, closedAt: EARLIER },
      now: ms(D_APP_P),
      l: overQuota,
      error: InvalidStateError,
    },
    {
      rule: 'R-DL-1: a period report at D-APP-P is DEADLINE_PASSED (even over quota)',
      r: period,
      now: ms(D_APP_P),
      l: overQuota,
      error: DeadlinePassedError,
    },
    {
      rule: 'R-DL-1: an annual report at (A − 9 days) 00:00 ICT is DEADLINE_PASSED',
      r: announced,
      now: ms(D_APP_A),
      l: atQuota,
      error: DeadlinePassedError,
    },
    {
      rule: 'R-QUOTA-2(a): a recommended list over a cell is QUOTA_EXCEEDED naming the cell',
      r: period,
      now: BEFORE_D_APP_P,
      l: lists([
        ['province', 'collective', 5],
        ['district', 'individual', 7],
      ]),
      error: QuotaExceededError,
      items: ['district.individual'],
    },
    {
      rule: 'R-QUOTA-2(a): every cell over quota is named, in quota-table order',
      r: period,
      now: BEFORE_D_APP_P,
      l: lists([
        ['commune', 'collective', 13],
        ['province', 'individual', 11],
      ]),
      error: QuotaExceededError,
      items: ['province.individual', 'commune.collective'],
    },
    {
      rule: 'R-QUOTA-2(a): what earlier sendings carried counts with what is pending',
      r: period,
      now: BEFORE_D_APP_P,
      l: lists([['district', 'collective', 1, 3]]),
      error: QuotaExceededError,
      items: ['district.collective'],
    },
    {
      rule: 'R-DL-1: an annual report 1 ms before (A − 9 days) 00:00 ICT, every cell at its quota, is sent',
      r: announced,
      now: ms(D_APP_A, -1),
      l: atQuota,
    },
    {
      rule: 'R-DL-2: an appraisal deadline moved later by an admin lets a report through after D-APP-P',
      r: { ...period, appraisalDeadline: '2025-12-05T17:00:00.000Z' },
      now: ms(D_APP_P),
      l: atQuota,
    },
    {
      rule: 'D-APP-A: an annual round without an announcement date has no appraisal deadline yet',
      r: { ...ANNUAL, version: 2, updatedAt: EARLIER },
      now: new Date('2026-06-01T00:00:00.000Z'),
      l: atQuota,
    },
  ];
  for (const { rule, r, now, l, error, items } of cases) {
    it(rule, () => {
      const args = { round: r, campaign, lists: l, now };
      if (error === undefined) {
        const sent = sendAppraisalReport(args);
        expect(sent.round).toEqual({
          ...r,
          appraisalReportAt: now.toISOString(),
          appraisalReports: 1,
          version: 3,
          updatedAt: now.toISOString(),
        });
        expect(sent.sent.province.collective).toEqual(['province-collective-p0', 'province-collective-p1']);
        expect(sent.sent.commune.individual).toHaveLength(8);
        expect(sent.sent.district.collective).toEqual([]);
        return;
      }
      const e = refusal(() => sendAppraisalReport(args));
      expect(e).toBeInstanceOf(error);
      if (items) expect(paths(e)).toEqual(items);
    });
  }

  it('seed III.4: a report sent again is checked again on the whole list, numbered and re-stamped; it sends what was pending with what was sent', () => {
    const sent = { ...period, version: 5, appraisalReportAt: EARLIER, appraisalReports: 1 };
    const again = sendAppraisalReport({
      round: sent,
      campaign,
      lists: lists([['province', 'collective', 1, 2]]),
      now: BEFORE_D_APP_P,
    });
    expect(again.round).toEqual({
      ...PERIOD,
      appraisalReportAt: '2025-11-25T03:00:00.000Z',
      appraisalReports: 2,
      version: 6,
      updatedAt: '2025-11-25T03:00:00.000Z',
    });
    expect(again.sent.province.collective).toEqual([
      'province-collective-s0',
      'province-collective-s1',
      'province-collective-p0',
    ]);
    expect(sent.appraisalReportAt).toBe(EARLIER);
    expect(
      refusal(() => sendAppraisalReport({ round: sent, campaign, lists: overQuota, now: BEFORE_D_APP_P }))
        .code,
    ).toBe('QUOTA_EXCEEDED');
  });
});

// ---- Grants ----

interface TestGrantable extends GrantableNomination {
  dossierId: string;
  citationText: string;
}

const rec = (
  id: string,
  tier: Tier,
  nomineeType: NomineeType,
  overrides: Partial<TestGrantable> = {},
): TestGrantable => ({
  nominationId: id,
  dossierId: 'd-1',
  roundId: 'annual-2025',
  tier,
  nomineeType,
  citationText: `Bằng khen ${id}`,
  status: 'recommended',
  version: 2,
  updatedAt: EARLIER,
  ...overrides,
});

const counts = (cells: [Tier, NomineeType, number][]): Counts => {
  const c = emptyCounts();
  for (const [tier, type, n] of cells) c[tier][type] = n;
  return c;
};

/**
 * A grant in annual-2025 after one appraisal report, which carried every listed nomination unless `sent`
 * says which.
 */
const grant = (
  listed: { id: string; nomination?: TestGrantable }[],
  over: { closedAt?: string; awarded?: Counts; reports?: number; sent?: string[] } = {},
) =>
  grantAwards({
    round: {
      roundId: 'annual-2025',
      quotas: ANNUAL.quotas,
      closedAt: over.closedAt,
      appraisalReports: 'reports' in over ? over.reports : 1,
    },
    listed,
    sent: new Set(over.sent ?? listed.map((l) => l.id)),
    awarded: over.awarded ?? emptyCounts(),
    decision: { decisionNo: '2345/QĐ-UBND', decisionDate: '2025-12-20' },
    now: NOW,
  });

const listedOf = (...ns: TestGrantable[]) => ns.map((n) => ({ id: n.nominationId, nomination: n }));

describe('granting awards', () => {
  it('seed III.4: a grant in a closed round is INVALID_STATE (before unknown ids are looked at)', () => {
    const error = refusal(() =>
      grant([...listedOf(rec('n-1', 'province', 'collective')), { id: 'ghost' }], { closedAt: EARLIER }),
    );
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error.code).toBe('INVALID_STATE');
    expect(error.text.en).toContain('This round is closed');
  });

  it('SPEC §8 grant: an unknown id is NOT_FOUND naming its place, even beside refused ones', () => {
    const error = refusal(() =>
      grant([
        { id: 'n-1', nomination: rec('n-1', 'province', 'collective', { status: 'awarded' }) },
        { id: 'ghost' },
      ]),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('NOT_FOUND');
    expect(paths(error)).toEqual(['body.nominationIds[1]']);
  });

  it('R-AWD-1: a nomination of another round or not recommended is INVALID_STATE naming its place; nothing is granted', () => {
    const refused = [
      ...NOMINATION_STATUSES.filter((s) => s !== 'recommended').map((status) =>
        rec('n-2', 'district', 'individual', { status }),
      ),
      rec('n-2', 'district', 'individual', { roundId: 'annual-2024' }),
    ];
    for (const n of refused) {
      const label = `${n.status} of ${n.roundId}`;
      const error = refusal(() => grant(listedOf(rec('n-1', 'province', 'collective'), n)));
      expect(error, label).toBeInstanceOf(InvalidStateError);
      expect(error.code, label).toBe('INVALID_STATE');
      expect(paths(error), label).toEqual(['body.nominationIds[1]']);
    }
  });

  it('R-AWD-1: before the appraisal report is sent nothing is granted (INVALID_STATE, before unknown ids)', () => {
    const error = refusal(() =>
      grant([...listedOf(rec('n-1', 'province', 'collective')), { id: 'ghost' }], { reports: undefined }),
    );
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error.details).toEqual({ reportSent: false });
    expect(error.text.vi).toContain('chưa trình báo cáo thẩm định');
  });

  it('R-AWD-1: a recommendation the sent report did not carry is INVALID_STATE naming its place; nothing is granted', () => {
    const listed = listedOf(rec('n-1', 'province', 'collective'), rec('n-2', 'province', 'individual'));
    const error = refusal(() => grant(listed, { sent: ['n-1'] }));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(paths(error)).toEqual(['body.nominationIds[1]']);
    expect(error.items[0]?.message.en).toContain('after the last appraisal report');
    expect(grant(listed, { sent: ['n-1', 'n-2', 'n-3'] }).after).toHaveLength(2);
  });

  it('R-AWD-1: a nomination not recommended is refused before the quota is weighed', () => {
    const listed = listedOf(
      rec('n-1', 'province', 'collective'),
      rec('n-2', 'province', 'collective', { status: 'submitted' }),
    );
    const error = refusal(() => grant(listed, { awarded: counts([['province', 'collective', 2]]) }));
    expect(error).toBeInstanceOf(InvalidStateError);
  });

  const quota: { what: string; awarded: Counts; ns: TestGrantable[]; over?: object[] }[] = [
    {
      what: 'the last place of a cell is granted',
      awarded: counts([['province', 'collective', 1]]),
      ns: [rec('n-1', 'province', 'collective')],
    },
    {
      what: 'awards in other cells do not count against this one',
      awarded: counts([
        ['province', 'individual', 4],
        ['district', 'collective', 2],
      ]),
      ns: [rec('n-1', 'province', 'collective'), rec('n-2', 'province', 'collective')],
    },
    {
      what: 'a batch over a cell is refused whole, though part of it would fit',
      awarded: counts([['commune', 'individual', 6]]),
      ns: [
        rec('n-1', 'commune', 'individual'),
        rec('n-2', 'commune', 'individual'),
        rec('n-3', 'commune', 'individual'),
        rec('n-4', 'district', 'collective'),
      ],
      over: [{ tier: 'commune', nomineeType: 'individual', quota: 8, awarded: 6, requested: 3 }],
    },
  ];
  for (const { what, awarded, ns, over } of quota) {
    it(`R-QUOTA-2(b): ${what}`, () => {
      if (over === undefined) {
        expect(grant(listedOf(...ns), { awarded }).after.map((n) => n.status)).toEqual(
          ns.map(() => 'awarded'),
        );
        return;
      }
      const error = refusal(() => grant(listedOf(...ns), { awarded }));
      expect(error).toBeInstanceOf(QuotaExceededError);
      expect(error.code).toBe('QUOTA_EXCEEDED');
      expect(error.details).toEqual({ cells: over });
    });
  }

  it('R-QUOTA-2(b): a grant over a cell is QUOTA_EXCEEDED naming the cell', () => {
    const listed = listedOf(rec('n-1', 'district', 'individual'), rec('n-2', 'district', 'individual'));
    const error = refusal(() => grant(listed, { awarded: counts([['district', 'individual', 3]]) }));
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(paths(error)).toEqual(['district.individual']);
    expect(error.items[0]?.message.vi).toContain('cấp huyện, cá nhân');
    expect(error.details).toEqual({
      cells: [{ tier: 'district', nomineeType: 'individual', quota: 4, awarded: 3, requested: 2 }],
    });
  });

  it('SPEC §8 grant: each nomination becomes awarded, carrying the decision and the time, with version + 1', () => {
    const ns = [rec('n-1', 'commune', 'individual'), rec('n-2', 'province', 'collective', { version: 9 })];
    const copies = structuredClone(ns);
    const result = grant(listedOf(...ns));
    const award = { decisionNo: '2345/QĐ-UBND', decisionDate: '2025-12-20', at: NOW_ISO };
    expect(result.award).toEqual(award);
    expect(result.before).toEqual(copies);
    expect(result.after).toEqual([
      { ...copies[0], status: 'awarded', award, version: 3, updatedAt: NOW_ISO },
      { ...copies[1], status: 'awarded', award, version: 10, updatedAt: NOW_ISO },
    ]);
    expect(ns).toEqual(copies);
  });

  it('R-QUOTA-2(b): a grant names the cells it takes, with their counts, in quota-table order', () => {
    const result = grant(
      listedOf(
        rec('n-1', 'commune', 'individual'),
        rec('n-2', 'province', 'individual'),
        rec('n-3', 'commune', 'individual'),
        rec('n-4', 'district', 'collective'),
        rec('n-5', 'province', 'collective'),
      ),
    );
    expect(result.cells).toEqual([
      { tier: 'province', nomineeType: 'collective', count: 1 },
      { tier: 'province', nomineeType: 'individual', count: 1 },
      { tier: 'district', nomineeType: 'collective', count: 1 },
      { tier: 'commune', nomineeType: 'individual', count: 2 },
    ]);
  });

  it('R-QUOTA-2(b): cellCounts of nothing touches no cell; within a tier collectives come before individuals', () => {
    const ref = (tier: Tier, nomineeType: NomineeType): QuotaCellRef => ({ tier, nomineeType });
    expect(cellCounts([])).toEqual([]);
    expect(
      cellCounts([
        ref('district', 'individual'),
        ref('district', 'collective'),
        ref('district', 'individual'),
      ]),
    ).toEqual([
      { tier: 'district', nomineeType: 'collective', count: 1 },
      { tier: 'district', nomineeType: 'individual', count: 2 },
    ]);
  });
});
