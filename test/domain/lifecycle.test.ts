import { describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../domain/errors.ts';
import {
  seenByReviewers,
  DOSSIER_ACTIONS,
  type DossierAction,
  isEditable,
  NOMINATION_ACTIONS,
  type NominationAction,
  nextDossierStatus,
  nextNominationStatus,
} from '../../domain/lifecycle.ts';
import type { DossierStatus, NominationStatus } from '../../domain/types.ts';
import { DOSSIER_STATUSES, NOMINATION_STATUSES } from '../../domain/types.ts';

// SPEC §6, written out independently of the implementation's table.
const DOSSIER_ALLOWED: Record<string, DossierStatus> = {
  'draft submit': 'submitted',
  'returned submit': 'submitted',
  'submitted return': 'returned',
  'submitted close': 'closed',
  'draft withdraw': 'withdrawn',
  'returned withdraw': 'withdrawn',
  'draft expire': 'expired',
  'returned expire': 'expired',
  'expired reopen': 'draft',
};

const NOMINATION_ALLOWED: Record<string, NominationStatus> = {
  'draft submit': 'submitted',
  'returned submit': 'submitted',
  'submitted recommend': 'recommended',
  'submitted reject': 'rejected',
  'submitted return': 'returned',
  'recommended award': 'awarded',
  'recommended not_award': 'not_awarded',
  // R-APP-1 (edition 2): until the report carries it, a recommendation may be revised into a rejection or
  // a return, and a rejection into a recommendation (whether the report carried it: appraisal.ts).
  'recommended reject': 'rejected',
  'recommended return': 'returned',
  'rejected recommend': 'recommended',
  'draft withdraw': 'withdrawn',
  'submitted withdraw': 'withdrawn',
  'returned withdraw': 'withdrawn',
};

const dossierPairs = DOSSIER_STATUSES.flatMap((from) =>
  DOSSIER_ACTIONS.map((action) => ({ from, action, to: DOSSIER_ALLOWED[`${from} ${action}`] })),
);
const nominationPairs = NOMINATION_STATUSES.flatMap((from) =>
  NOMINATION_ACTIONS.map((action) => ({ from, action, to: NOMINATION_ALLOWED[`${from} ${action}`] })),
);

describe('dossier lifecycle', () => {
  it('lifecycle: the table covers every status × action pair', () => {
    expect(dossierPairs).toHaveLength(DOSSIER_STATUSES.length * DOSSIER_ACTIONS.length);
  });

  it.each(dossierPairs.filter((p) => p.to !== undefined))(
    'lifecycle: dossier $from --$action--> $to',
    ({ from, action, to }) => {
      expect(nextDossierStatus(from, action)).toBe(to);
    },
  );

  it.each(dossierPairs.filter((p) => p.to === undefined))(
    'lifecycle: dossier $from refuses $action',
    ({ from, action }) => {
      let error: unknown;
      try {
        nextDossierStatus(from, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidStateError);
      const e = error as InvalidStateError;
      expect(e.code).toBe('INVALID_STATE');
      expect(e.details).toEqual({ entity: 'dossier', status: from, action });
      expect(e.text.vi).toMatch(/^Không thể .+ hồ sơ đang ở trạng thái “.+”$/);
      expect(e.text.en).toContain(action);
    },
  );

  it.each<{ expiredFrom: 'draft' | 'returned' | undefined; to: DossierStatus }>([
    { expiredFrom: 'draft', to: 'draft' },
    { expiredFrom: 'returned', to: 'returned' },
    { expiredFrom: undefined, to: 'draft' },
  ])(
    'R-DL-2: an extension reopens an expired dossier as it was ($expiredFrom → $to)',
    ({ expiredFrom, to }) => {
      const opts = expiredFrom === undefined ? undefined : { expiredFrom };
      expect(nextDossierStatus('expired', 'reopen', opts)).toBe(to);
    },
  );

  it('lifecycle: a dossier goes round the return loop and closes', () => {
    const path: DossierAction[] = ['submit', 'return', 'submit', 'return', 'submit', 'close'];
    const end = path.reduce<DossierStatus>((status, action) => nextDossierStatus(status, action), 'draft');
    expect(end).toBe('closed');
  });
});

describe('nomination lifecycle', () => {
  it('lifecycle: the table covers every status × action pair', () => {
    expect(nominationPairs).toHaveLength(NOMINATION_STATUSES.length * NOMINATION_ACTIONS.length);
  });

  it.each(nominationPairs.filter((p) => p.to !== undefined))(
    'lifecycle: nomination $from --$action--> $to',
    ({ from, action, to }) => {
      expect(nextNominationStatus(from, action)).toBe(to);
    },
  );

  it.each(nominationPairs.filter((p) => p.to === undefined))(
    'lifecycle: nomination $from refuses $action',
    ({ from, action }) => {
      expect(() => nextNominationStatus(from, action)).toThrow(InvalidStateError);
      try {
        nextNominationStatus(from, action);
      } catch (e) {
        expect((e as InvalidStateError).details).toEqual({ entity: 'nomination', status: from, action });
        expect((e as InvalidStateError).text.vi).toContain('đề nghị khen thưởng đang ở trạng thái');
      }
    },
  );

  it('R-APP-1: a nomination recommended, revised into a rejection, recommended again and awarded', () => {
    const path: NominationAction[] = ['submit', 'recommend', 'reject', 'recommend', 'award'];
    const end = path.reduce<NominationStatus>(
      (status, action) => nextNominationStatus(status, action),
      'draft',
    );
    expect(end).toBe('awarded');
  });

  it('R-APP-1: a recommendation returned goes back to the unit and comes back submitted', () => {
    const path: NominationAction[] = ['submit', 'recommend', 'return', 'submit'];
    expect(path.reduce<NominationStatus>((s, a) => nextNominationStatus(s, a), 'draft')).toBe('submitted');
  });

  it('lifecycle: a nomination returned once, then recommended and awarded', () => {
    const path: NominationAction[] = ['submit', 'return', 'submit', 'recommend', 'award'];
    const end = path.reduce<NominationStatus>(
      (status, action) => nextNominationStatus(status, action),
      'draft',
    );
    expect(end).toBe('awarded');
  });
});

describe('editing', () => {
  it.each([...new Set<DossierStatus | NominationStatus>([...DOSSIER_STATUSES, ...NOMINATION_STATUSES])])(
    'lifecycle: %s is editable only when draft or returned',
    (status) => {
      expect(isEditable(status)).toBe(status === 'draft' || status === 'returned');
    },
  );
});

describe('SPEC §1: what appraisers and approvers see', () => {
  it.each([
    { status: 'draft', submittedAt: undefined, seen: false },
    { status: 'withdrawn', submittedAt: undefined, seen: false },
    { status: 'expired', submittedAt: undefined, seen: false },
    { status: 'submitted', submittedAt: '2025-12-01T00:00:00.000Z', seen: true },
    { status: 'returned', submittedAt: '2025-12-01T00:00:00.000Z', seen: true },
    { status: 'closed', submittedAt: '2025-12-01T00:00:00.000Z', seen: true },
    { status: 'expired', submittedAt: '2025-12-01T00:00:00.000Z', seen: true },
  ] as const)('R-DOS-1: a $status dossier (submitted at $submittedAt) is seen by reviewers: $seen', (c) => {
    expect(seenByReviewers({ status: c.status, submittedAt: c.submittedAt })).toBe(c.seen);
  });
});
