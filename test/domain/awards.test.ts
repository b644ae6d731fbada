import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertGrantable,
  type AwardListEntry,
  awardListCells,
  criteriaText,
  officialAwardList,
  quotaCellFullError,
} from '../../domain/awards.ts';
import { InvalidStateError, QuotaExceededError } from '../../domain/errors.ts';
import { NOMINEE_TYPES, TIERS } from '../../domain/types.ts';

const entry = (partial: Partial<AwardListEntry> & Pick<AwardListEntry, 'name'>): AwardListEntry => ({
  nominationId: partial.name,
  tier: 'province',
  nomineeType: 'individual',
  position: '',
  unit: '',
  criteriaMet: ['AI1'],
  decisionNo: '1/QĐ-UBND',
  decisionDate: '2025-12-20',
  ...partial,
});

describe('the official award list', () => {
  it('seed III.4: tiers province → district → commune, collectives before individuals, Vietnamese order, one STT', () => {
    const groups = officialAwardList([
      entry({ name: 'Xã Chiềng Cơi', tier: 'commune', nomineeType: 'collective' }),
      entry({ name: 'Đỗ Văn Ánh', tier: 'province' }),
      entry({ name: 'Bùi Thị Hoa', tier: 'province' }),
      entry({ name: 'Sở Tư pháp', tier: 'province', nomineeType: 'collective' }),
      entry({ name: 'Âu Văn Bình', tier: 'district' }),
    ]);
    expect(groups.map((g) => g.title)).toEqual([
      'Cấp tỉnh – Tập thể',
      'Cấp tỉnh – Cá nhân',
      'Cấp huyện – Cá nhân',
      'Cấp xã – Tập thể',
    ]);
    expect(groups.flatMap((g) => g.rows.map((r) => [r.stt, r.name]))).toEqual([
      [1, 'Sở Tư pháp'],
      [2, 'Bùi Thị Hoa'],
      [3, 'Đỗ Văn Ánh'],
      [4, 'Âu Văn Bình'],
      [5, 'Xã Chiềng Cơi'],
    ]);
  });

  it('SPEC §8: a row reads STT, name, position, unit, tier, criteria met with labels, decision number', () => {
    const [group] = officialAwardList([
      entry({ name: 'Lò Thị Mai', position: 'Chuyên viên', unit: 'Sở Nội vụ', criteriaMet: ['AI1', 'AI3'] }),
    ]);
    const cells = awardListCells(group!.rows[0]!);
    expect(cells.slice(0, 5)).toEqual([1, 'Lò Thị Mai', 'Chuyên viên', 'Sở Nội vụ', 'Cấp tỉnh']);
    expect(cells[5]).toBe(criteriaText(['AI1', 'AI3']));
    // Criteria by their titles in the decision's words, never by code; AI3 speaks of the person.
    expect(cells[5]).toMatch(
      /^Thành tích xuất sắc, tiêu biểu .+; Là cán bộ, công chức, viên chức trực tiếp tham mưu/,
    );
    expect(cells[5]).not.toMatch(/\b[AP][CI][123]\b/);
    expect(cells[6]).toBe('1/QĐ-UBND');
  });

  it('seed III.4: every entry appears exactly once, numbered 1..n, whatever the input order', () => {
    const arbitraryEntry = fc.record({
      name: fc.string({ minLength: 1, maxLength: 8 }),
      tier: fc.constantFrom(...TIERS),
      nomineeType: fc.constantFrom(...NOMINEE_TYPES),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 30 }), (raw) => {
        const entries = raw.map((r, i) => entry({ ...r, nominationId: `n${i}` }));
        const rows = officialAwardList(entries).flatMap((g) => g.rows);
        expect(rows.map((r) => r.stt)).toEqual(entries.map((_, i) => i + 1));
        expect(new Set(rows.map((r) => r.nominationId)).size).toBe(entries.length);
        const reversed = officialAwardList([...entries].reverse()).flatMap((g) => g.rows);
        expect(reversed.map((r) => r.nominationId)).toEqual(rows.map((r) => r.nominationId));
      }),
    );
  });
});

describe('a full quota cell', () => {
  it('R-QUOTA-2(b): names the cell', () => {
    const error = quotaCellFullError({ tier: 'district', nomineeType: 'individual', quota: 2, requested: 1 });
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error.items.map((i) => i.path)).toEqual(['district.individual']);
    expect(error.items[0]?.message.vi).toContain('cấp huyện, cá nhân');
  });
});

describe('what a grant may take', () => {
  const listed = (status: 'recommended' | 'awarded' | 'submitted', roundId = 'r1') => ({ roundId, status });

  const sent = new Set(['a', 'b', 'c']);

  it('R-AWD-1: recommended nominations of the round in the sent report pass', () => {
    expect(() => assertGrantable('r1', [{ id: 'a', nomination: listed('recommended') }], sent)).not.toThrow();
  });

  it('R-AWD-1: a recommended nomination the sent report did not carry is INVALID_STATE', () => {
    expect(() => assertGrantable('r1', [{ id: 'd', nomination: listed('recommended') }], sent)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });

  it('SPEC §8: unknown ids are 404 and named', () => {
    expect(() =>
      assertGrantable('r1', [{ id: 'a', nomination: listed('recommended') }, { id: 'b' }], sent),
    ).toThrow(
      expect.objectContaining({
        code: 'NOT_FOUND',
        items: [expect.objectContaining({ path: 'body.nominationIds[1]' })],
      }),
    );
  });

  it('SPEC §6: other rounds and nominations not recommended are INVALID_STATE, each named', () => {
    try {
      assertGrantable(
        'r1',
        [
          { id: 'a', nomination: listed('recommended', 'r2') },
          { id: 'b', nomination: listed('recommended') },
          { id: 'c', nomination: listed('awarded') },
        ],
        sent,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidStateError);
      expect((error as InvalidStateError).items.map((i) => i.path)).toEqual([
        'body.nominationIds[0]',
        'body.nominationIds[2]',
      ]);
    }
  });
});
