// Who a nominee is (R-DUP-1) and how personal data is shown (R-DOS-4): the identity keys under which a
// nominee may appear in only one non-withdrawn nomination per round, and the masked citizen id.

import { ValidationError } from './errors.ts';
import type { CollectiveNominee, IndividualNominee, NomineeType } from './types.ts';

/**
 * Code points that render as nothing (soft hyphen, zero-width space and joiners, direction marks and
 * overrides, word joiner, BOM, Hangul fillers, variation selectors…): Unicode's Default_Ignorable_Code_Point.
 * A name typed with one of them looks the same as without it, so it is the same name (R-DUP-1).
 */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * A full name compared as people read it (R-DUP-1): default-ignorable code points removed, Unicode NFC (so a
 * name typed with combining marks equals the precomposed one), lower-cased with Vietnamese rules, white
 * space (tabs, NBSP, runs) folded to one space. Diacritics and đ are kept: "Nguyễn" and "Nguyen" are
 * different names. The invisible code points go first: one between a letter and its combining mark would
 * otherwise keep NFC from composing them.
 */
export function normaliseName(name: string): string {
  return name
    .replace(DEFAULT_IGNORABLE, '')
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a text shows anything once invisible code points and white space are set aside. */
export const hasVisibleText = (text: string): boolean => normaliseName(text) !== '';

export function isIndividualNominee(
  nominee: CollectiveNominee | IndividualNominee,
): nominee is IndividualNominee {
  return 'fullName' in nominee && typeof nominee.fullName === 'string';
}

/**
 * R-DUP-1 (revised): the identity keys of a nominee. A collective is its unit. An individual is the same
 * nominee as another when their citizen ids match OR when unit + normalised full name + date of birth
 * match, whether or not either carries a citizen id: so an individual has the name key always, and the
 * citizen-id key too when one is given. A nomination holds a lock on each of its keys; two nominations
 * collide when they share any one key.
 */
export function nomineeKeys(
  nomineeType: NomineeType,
  nominee: CollectiveNominee | IndividualNominee,
): string[] {
  if (nomineeType === 'collective') return [`C#${nominee.unitId}`];
  if (!isIndividualNominee(nominee)) {
    throw new ValidationError(
      { vi: 'Cá nhân được đề nghị phải có họ và tên', en: 'An individual nominee needs a full name' },
      [{ path: 'nominee.fullName', message: { vi: 'Bắt buộc', en: 'Required' } }],
    );
  }
  const byName = `P#${nominee.unitId}#${normaliseName(nominee.fullName)}#${nominee.dateOfBirth}`;
  const citizenId = nominee.citizenId?.trim();
  return citizenId ? [`P#cid#${citizenId}`, byName] : [byName];
}

/** R-DUP-1: two nominees are the same when they share any identity key. */
export function sameNominee(
  a: { nomineeType: NomineeType; nominee: CollectiveNominee | IndividualNominee },
  b: { nomineeType: NomineeType; nominee: CollectiveNominee | IndividualNominee },
): boolean {
  const keys = new Set(nomineeKeys(a.nomineeType, a.nominee));
  return nomineeKeys(b.nomineeType, b.nominee).some((k) => keys.has(k));
}

/** R-DOS-4: a citizen id as shown outside the proposing unit and the appraisers: `********1234`. */
export function maskCitizenId(id: string): string {
  const visible = id.length > 4 ? id.slice(-4) : '';
  return '*'.repeat(id.length - visible.length) + visible;
}
