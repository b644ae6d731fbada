import { describe, expect, it } from 'vitest';
import {
  applyIndexResultChange,
  type IndexResultChange,
  sameIndexResult,
} from '../../domain/index-results.ts';
import type { IndexResult } from '../../domain/types.ts';

const OF = { year: 2025, unitId: 'so-noi-vu' };
const STORED: IndexResult = { ...OF, parIndexScore: 91.25, parIndexRank: 2, satisfactionIndex: 88.5 };

describe('SPEC §4 (edition 2) index results: partial updates', () => {
  it.each<[string, IndexResult | undefined, IndexResultChange, IndexResult]>([
    [
      'a field left out keeps its stored value (a rank alone keeps both scores)',
      STORED,
      { parIndexRank: 1 },
      { ...STORED, parIndexRank: 1 },
    ],
    ['an empty change keeps everything', STORED, {}, STORED],
    [
      'null clears a field',
      STORED,
      { satisfactionIndex: null },
      { ...OF, parIndexScore: 91.25, parIndexRank: 2 },
    ],
    [
      'values, nulls and omissions together',
      STORED,
      { parIndexScore: 89.99, parIndexRank: null },
      { ...OF, parIndexScore: 89.99, satisfactionIndex: 88.5 },
    ],
    ['undefined is a field left out, not a clear', STORED, { parIndexScore: undefined }, STORED],
    ['nothing stored yet: the fields given', undefined, { parIndexScore: 90 }, { ...OF, parIndexScore: 90 }],
    ['nothing stored yet: null clears nothing', undefined, { parIndexRank: null }, { ...OF }],
    ['0 is a value, not an absence', STORED, { parIndexScore: 0 }, { ...STORED, parIndexScore: 0 }],
  ])('SPEC §4: %s', (_, stored, change, expected) => {
    expect(applyIndexResultChange(stored, OF, change)).toEqual(expected);
  });

  it('SPEC §4: the year and unit are those of the change, whatever the stored record says', () => {
    const next = applyIndexResultChange(STORED, { year: 2024, unitId: 'so-tu-phap' }, {});
    expect(next).toMatchObject({ year: 2024, unitId: 'so-tu-phap' });
  });

  it.each<[string, IndexResult | undefined, IndexResult, boolean]>([
    ['the same values', STORED, { ...STORED }, true],
    ['a value changed', STORED, { ...STORED, parIndexRank: 3 }, false],
    ['a value cleared', STORED, { ...OF, parIndexScore: 91.25, parIndexRank: 2 }, false],
    ['nothing stored', undefined, { ...OF }, false],
  ])('SPEC §4: sameIndexResult — %s', (_, a, b, same) => {
    expect(sameIndexResult(a, b)).toBe(same);
  });
});
