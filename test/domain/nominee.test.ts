import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import {
  hasVisibleText,
  maskCitizenId,
  nomineeKeys,
  normaliseName,
  sameNominee,
} from '../../domain/nominee.ts';
import type { CollectiveNominee, IndividualNominee } from '../../domain/types.ts';
import { collective, person } from './fixtures.ts';

const individual = (nominee: IndividualNominee) => ({ nomineeType: 'individual' as const, nominee });

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
      keys: ['C#so-noi-vu'],
    },
    {
      what: 'a person with a citizen id',
      type: 'individual' as const,
      nominee: person('p-chieng-le', { citizenId: '014085001234' }),
      keys: ['P#cid#014085001234', 'P#p-chieng-le#nguyễn văn an#1985-04-12'],
    },
    {
      what: 'a person without a citizen id',
      type: 'individual' as const,
      nominee: person('p-chieng-le', { fullName: '  Nguyễn  Văn An ' }),
      keys: ['P#p-chieng-le#nguyễn văn an#1985-04-12'],
    },
  ])('R-DUP-1: $what is keyed $keys', ({ type, nominee, keys }) => {
    expect(nomineeKeys(type, nominee)).toEqual(keys);
  });

  it.each([
    {
      rule: 'the same person typed differently',
      a: person('p-chieng-le', { fullName: 'Nguyễn Văn An' }),
      b: person('p-chieng-le', { fullName: 'nguyễn\u00a0 VĂN an'.normalize('NFD') }),
    },
    {
      rule: 'a citizen id identifies the person whatever the name or unit',
      a: person('p-chieng-le', { citizenId: '014085001234' }),
      b: person('tp-son-la', { fullName: 'Nguyễn Văn Ân', citizenId: '014085001234' }),
    },
    {
      rule: 'a commune’s nomination with a citizen id and the district’s without one',
      a: person('p-chieng-le', { citizenId: '014085001234' }),
      b: person('p-chieng-le'),
    },
    {
      rule: 'one without a citizen id and one with',
      a: person('p-chieng-le'),
      b: person('p-chieng-le', { citizenId: '014085001234' }),
    },
    {
      rule: 'two different citizen ids with the same unit, name and birth date',
      a: person('p-chieng-le', { citizenId: '014085001234' }),
      b: person('p-chieng-le', { citizenId: '014085009999' }),
    },
  ])('R-DUP-1: $rule is one nominee', ({ a, b }) => {
    expect(sameNominee(individual(a), individual(b))).toBe(true);
    expect(sameNominee(individual(b), individual(a))).toBe(true);
  });

  it.each([
    { what: 'another unit', b: person('x-chieng-son') },
    { what: 'another birth date', b: person('p-chieng-le', { dateOfBirth: '1986-04-12' }) },
    { what: 'a name without diacritics', b: person('p-chieng-le', { fullName: 'Nguyen Van An' }) },
    {
      what: 'another birth date, though a citizen id on one side',
      b: person('p-chieng-le', { dateOfBirth: '1986-04-12', citizenId: '014085001234' }),
    },
  ])('R-DUP-1: a person with $what is another nominee', ({ b }) => {
    expect(sameNominee(individual(person('p-chieng-le')), individual(b))).toBe(false);
  });

  it('R-DUP-1: a collective and an individual of the same unit are different nominees', () => {
    expect(
      sameNominee(
        { nomineeType: 'collective', nominee: collective('p-chieng-le') },
        individual(person('p-chieng-le')),
      ),
    ).toBe(false);
  });

  it('R-DUP-1: an individual without a name cannot be keyed', () => {
    expect(() => nomineeKeys('individual', { unitId: 'p-chieng-le' } as CollectiveNominee)).toThrow(
      ValidationError,
    );
  });
});

describe('R-DUP-1: invisible code points do not make another name', () => {
  // The code points SPEC §5 lists, each inside a name and at its edges: the same nominee as without it.
  const LISTED: [string, number][] = [
    ['SOFT HYPHEN', 0x00ad],
    ['COMBINING GRAPHEME JOINER', 0x034f],
    ['ARABIC LETTER MARK', 0x061c],
    ['HANGUL CHOSEONG FILLER', 0x115f],
    ['HANGUL JUNGSEONG FILLER', 0x1160],
    ['KHMER VOWEL INHERENT AQ', 0x17b4],
    ['KHMER VOWEL INHERENT AA', 0x17b5],
    ['MONGOLIAN FREE VARIATION SELECTOR ONE', 0x180b],
    ['MONGOLIAN VOWEL SEPARATOR', 0x180e],
    ['MONGOLIAN FREE VARIATION SELECTOR FOUR', 0x180f],
    ['ZERO WIDTH SPACE', 0x200b],
    ['ZERO WIDTH NON-JOINER', 0x200c],
    ['ZERO WIDTH JOINER', 0x200d],
    ['LEFT-TO-RIGHT MARK', 0x200e],
    ['RIGHT-TO-LEFT MARK', 0x200f],
    ['LEFT-TO-RIGHT EMBEDDING', 0x202a],
    ['RIGHT-TO-LEFT OVERRIDE', 0x202e],
    ['WORD JOINER', 0x2060],
    ['INVISIBLE PLUS', 0x2064],
    ['LEFT-TO-RIGHT ISOLATE', 0x2066],
    ['POP DIRECTIONAL ISOLATE', 0x2069],
    ['NOMINAL DIGIT SHAPES', 0x206f],
    ['ZERO WIDTH NO-BREAK SPACE (BOM)', 0xfeff],
    ['HANGUL FILLER', 0x3164],
    ['VARIATION SELECTOR-16', 0xfe0f],
    ['LANGUAGE TAG', 0xe0001],
  ];

  const cases = LISTED.map(([name, codePoint]) => ({
    name,
    codePoint,
    hex: codePoint.toString(16).toUpperCase().padStart(4, '0'),
  }));

  it.each(cases)('R-DUP-1: U+$hex ($name) is removed from a name', ({ codePoint }) => {
    const c = String.fromCodePoint(codePoint);
    for (const typed of [`Nguyễn Vă${c}n An`, `${c}Nguyễn Văn An${c}`, `Nguyễn ${c}Văn An`]) {
      expect(normaliseName(typed)).toBe(normaliseName('Nguyễn Văn An'));
      expect(
        sameNominee(
          individual(person('p-chieng-le', { fullName: typed })),
          individual(person('p-chieng-le')),
        ),
      ).toBe(true);
    }
  });

  it('R-DUP-1: an invisible code point between a letter and its combining mark still composes', () => {
    const typed = `Nguye\u0302\u200b\u0303n Văn An`;
    expect(normaliseName(typed)).toBe(normaliseName('Nguyễn Văn An'));
  });

  it.each([
    ['visible letters', 'Lò Văn An', true],
    ['only zero-width spaces', '\u200b\u200b', false],
    ['a BOM and white space', '\ufeff \u00a0', false],
    ['a soft hyphen', '\u00ad', false],
  ])('R-DUP-1: a name of %s has visible text: %s', (_what, text, visible) => {
    expect(hasVisibleText(text)).toBe(visible);
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
