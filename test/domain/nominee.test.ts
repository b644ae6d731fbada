import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { maskCitizenId, nomineeKey, normaliseName } from '../../domain/nominee.ts';
import type { CollectiveNominee } from '../../domain/types.ts';
import { collective, person } from './fixtures.ts';

describe('R-DUP-1: name normalisation', () => {
  it.each([
    ['Nguyễn  Văn A', 'nguyễn văn a'],
    ['  NGUYỄN VĂN A ', 'nguyễn văn a'],
    ['Nguyễn\u00a0Văn\tA', 'nguyễn văn a'],
    ['Nguyễn Văn A'.normalize('NFD'), 'nguyễn văn a'],
    ['ĐẶNG THỊ ĐÀO', 'đặng thị đào'],
    ['Lò   Văn\n\nPhong', 'lò văn phong'],
  ])('R-DUP-1: %j normalises to %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected.normalize('NFC'));
  });

  it.each([
    ['Nguyễn Văn A', 'Nguyen Van A'],
    ['Đặng Văn B', 'Dặng Văn B'],
    ['Lê Thị Hà', 'Lê Thị Hạ'],
  ])('R-DUP-1: %j and %j are different names (diacritics are kept)', (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });

  it('R-DUP-1: NFD and NFC spellings of any name are equal, and normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const once = normaliseName(name);
        expect(normaliseName(name.normalize('NFD'))).toBe(once);
        expect(normaliseName(once)).toBe(once);
      }),
    );
  });
});

describe('R-DUP-1: nominee keys', () => {
  it.each([
    {
      what: 'a collective',
      type: 'collective' as const,
      nominee: collective('so-noi-vu'),
      key: 'C#so-noi-vu',
    },
    {
      what: 'a person with a citizen id',
      type: 'individual' as const,
      nominee: person('p-chieng-le', { citizenId: '014085001234' }),
      key: 'P#cid#014085001234',
    },
    {
      what: 'a person without a citizen id',
      type: 'individual' as const,
      nominee: person('p-chieng-le', { fullName: '  Nguyễn  Văn An ' }),
      key: 'P#p-chieng-le#nguyễn văn an#1985-04-12',
    },
  ])('R-DUP-1: $what is keyed $key', ({ type, nominee, key }) => {
    expect(nomineeKey(type, nominee)).toBe(key);
  });

  it('R-DUP-1: the same person typed differently has one key', () => {
    const a = person('p-chieng-le', { fullName: 'Nguyễn Văn An' });
    const b = person('p-chieng-le', { fullName: 'nguyễn\u00a0 VĂN an'.normalize('NFD') });
    expect(nomineeKey('individual', a)).toBe(nomineeKey('individual', b));
  });

  it.each([
    { what: 'another unit', b: person('x-chieng-son') },
    { what: 'another birth date', b: person('p-chieng-le', { dateOfBirth: '1986-04-12' }) },
    { what: 'a name without diacritics', b: person('p-chieng-le', { fullName: 'Nguyen Van An' }) },
  ])('R-DUP-1: a person with $what is another nominee', ({ b }) => {
    expect(nomineeKey('individual', person('p-chieng-le'))).not.toBe(nomineeKey('individual', b));
  });

  it('R-DUP-1: a citizen id identifies the person whatever the name or unit', () => {
    const a = person('p-chieng-le', { citizenId: '014085001234' });
    const b = person('tp-son-la', { fullName: 'Nguyễn Văn Ân', citizenId: '014085001234' });
    expect(nomineeKey('individual', a)).toBe(nomineeKey('individual', b));
  });

  it('R-DUP-1: an individual without a name cannot be keyed', () => {
    expect(() => nomineeKey('individual', { unitId: 'p-chieng-le' } as CollectiveNominee)).toThrow(
      ValidationError,
    );
  });
});

describe('R-DOS-4: citizen id masking', () => {
  it.each([
    ['014085001234', '********1234'],
    ['12345', '*2345'],
    ['1234', '****'],
    ['', ''],
  ])('R-DOS-4: %j is shown as %j', (id, masked) => {
    expect(maskCitizenId(id)).toBe(masked);
  });
});
