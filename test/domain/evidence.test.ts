// R-DOC-3: evidence freezes at submission. Which document slots may change in which statuses, the
// refusal and the late-upload reason, and which document of a slot is the current one.

import { coded, renderText } from '#domain/texts.ts';
import { describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../domain/errors.ts';
import {
  assertEvidenceMayChange,
  currentDocumentIds,
  type EvidenceSlot,
  evidenceFreeze,
  type SlotDocument,
} from '../../domain/evidence.ts';
import type { DossierStatus, NominationStatus } from '../../domain/types.ts';

const dossierLevel: EvidenceSlot = { level: 'dossier' };
const ofNomination = (status: NominationStatus | undefined): EvidenceSlot => ({
  level: 'nomination',
  status,
});

describe('R-DOC-3: which slots take evidence', () => {
  it.each<[DossierStatus, EvidenceSlot, boolean]>([
    // A draft is the unit's own.
    ['draft', dossierLevel, true],
    ['draft', ofNomination('draft'), true],
    // Submitted, closed, withdrawn, expired: nothing changes, whatever the slot.
    ['submitted', dossierLevel, false],
    ['submitted', ofNomination('submitted'), false],
    ['closed', dossierLevel, false],
    ['closed', ofNomination('awarded'), false],
    ['withdrawn', dossierLevel, false],
    ['withdrawn', ofNomination('withdrawn'), false],
    ['expired', dossierLevel, false],
    ['expired', ofNomination('draft'), false],
    // Returned: the dossier-level documents, the returned nominations and those added since.
    ['returned', dossierLevel, true],
    ['returned', ofNomination('returned'), true],
    ['returned', ofNomination('draft'), true],
    // … but not what the appraisers have in hand or have appraised.
    ['returned', ofNomination('submitted'), false],
    ['returned', ofNomination('recommended'), false],
    ['returned', ofNomination('rejected'), false],
    ['returned', ofNomination('awarded'), false],
    ['returned', ofNomination('not_awarded'), false],
    // A withdrawn or deleted nomination takes nothing.
    ['returned', ofNomination('withdrawn'), false],
    ['draft', ofNomination(undefined), false],
  ])('R-DOC-3: a %s dossier, slot %j → may change: %s', (dossierStatus, slot, open) => {
    expect(evidenceFreeze(dossierStatus, slot) === undefined).toBe(open);
    if (open) expect(() => assertEvidenceMayChange(dossierStatus, slot)).not.toThrow();
    else expect(() => assertEvidenceMayChange(dossierStatus, slot)).toThrow(InvalidStateError);
  });

  it.each<[DossierStatus, EvidenceSlot, string, string]>([
    ['submitted', dossierLevel, 'hồ sơ đã nộp', 'the dossier is submitted'],
    ['closed', ofNomination('awarded'), 'hồ sơ đã kết thúc', 'the dossier is closed'],
    ['withdrawn', dossierLevel, 'hồ sơ đã rút', 'the dossier was withdrawn'],
    ['expired', dossierLevel, 'hồ sơ đã quá hạn', 'the dossier expired'],
    ['returned', ofNomination('recommended'), 'đã được thẩm định', 'has been appraised (recommended)'],
    ['returned', ofNomination('awarded'), 'được khen thưởng', 'has been appraised (awarded)'],
    ['returned', ofNomination('submitted'), 'đang được thẩm định', 'is under appraisal'],
    ['returned', ofNomination(undefined), 'bị xoá hoặc rút', 'deleted or withdrawn'],
  ])('R-DOC-3: the refusal names why (%s dossier, %j), in both languages', (status, slot, vi, en) => {
    const why = evidenceFreeze(status, slot);
    expect(why?.vi).toContain(vi);
    expect(why?.en).toContain(en);
    const error = (() => {
      try {
        assertEvidenceMayChange(status, slot);
      } catch (e) {
        return e as InvalidStateError;
      }
    })();
    expect(error?.code).toBe('INVALID_STATE');
    expect(error?.text.vi).toContain(vi);
    expect(error?.text.en).toContain(en);
  });

  it('R-DOC-3: an upload that comes too late is rejected with that reason, in both languages', () => {
    // Stored as a code with the statuses that froze the slot: each reader gets it in their language (R-I18N-1).
    const reason = coded('document_too_late', { dossierStatus: 'submitted' });
    expect(renderText(reason, 'vi')).toMatch(/^Tệp đến quá muộn.*hồ sơ đã nộp/);
    expect(renderText(reason, 'en')).toMatch(/^The file came too late.*the dossier is submitted/);
    const ofNomination = coded('document_too_late', {
      dossierStatus: 'returned',
      nominationStatus: 'recommended',
    });
    expect(renderText(ofNomination, 'en')).toContain('the nomination has been appraised');
    const ofDeleted = coded('document_too_late', { dossierStatus: 'draft', nominationStatus: null });
    expect(renderText(ofDeleted, 'en')).toContain('deleted or withdrawn');
    // Records written before reasons were kept in both languages show their one string.
    expect(renderText('Kích thước khác', 'en')).toBe('Kích thước khác');
  });
});

describe('R-DOC-3: the current document of each slot', () => {
  const doc = (
    documentId: string,
    over: Partial<SlotDocument> & Pick<SlotDocument, 'kind'>,
  ): SlotDocument => ({
    documentId,
    status: 'verified',
    createdAt: '2025-11-01T00:00:00.000Z',
    verifiedAt: '2025-11-01T00:01:00.000Z',
    ...over,
  });

  it('R-DOC-3: of one slot, the document verified last counts, not the one declared last', () => {
    const ids = currentDocumentIds([
      // Declared first, verified last: the unit uploaded it after the other one.
      doc('a', {
        kind: 'proposal_letter',
        createdAt: '2025-11-01T00:00:00Z',
        verifiedAt: '2025-11-03T00:00:00Z',
      }),
      doc('b', {
        kind: 'proposal_letter',
        createdAt: '2025-11-02T00:00:00Z',
        verifiedAt: '2025-11-02T00:01:00Z',
      }),
    ]);
    expect([...ids]).toEqual(['a']);
  });

  it('R-DOC-3: pending and rejected documents never count; slots are kind and nomination', () => {
    const ids = currentDocumentIds([
      doc('old', { kind: 'achievement_report', nominationId: 'n1', verifiedAt: '2025-11-01T00:00:00Z' }),
      doc('pending', {
        kind: 'achievement_report',
        nominationId: 'n1',
        status: 'pending',
        verifiedAt: undefined,
        createdAt: '2025-12-01T00:00:00Z',
      }),
      doc('rejected', {
        kind: 'achievement_report',
        nominationId: 'n1',
        status: 'rejected',
        verifiedAt: undefined,
        createdAt: '2025-12-02T00:00:00Z',
      }),
      doc('other', { kind: 'achievement_report', nominationId: 'n2' }),
      doc('letter', { kind: 'proposal_letter' }),
    ]);
    expect([...ids].sort()).toEqual(['letter', 'old', 'other']);
  });

  it('R-DOC-3: every verified evidence file counts; ties are broken by declaration, then id', () => {
    const ids = currentDocumentIds([
      doc('e1', { kind: 'evidence' }),
      doc('e2', { kind: 'evidence', nominationId: 'n1' }),
      doc('e3', { kind: 'evidence', status: 'rejected' }),
      doc('m1', { kind: 'council_minutes', createdAt: '2025-11-01T00:00:00Z' }),
      doc('m2', { kind: 'council_minutes', createdAt: '2025-11-01T00:00:01Z' }),
    ]);
    expect([...ids].sort()).toEqual(['e1', 'e2', 'm2']);
  });
});
