// Who a nominee is (R-DUP-1) and how personal data is shown (R-DOS-4): the identity key under which a
// nominee may appear in only one non-withdrawn nomination per round, and the masked citizen id.

import { ValidationError } from './errors.ts';
import type { CollectiveNominee, IndividualNominee, NomineeType } from './types.ts';

/**
 * A full name compared as people write it: Unicode NFC (so a name typed with combining marks equals the
 * precomposed one), lower-cased with Vietnamese rules, white space (tabs, NBSP, runs) folded to one space.
 * Diacritics and đ are kept: "Nguyễn" and "Nguyen" are different names.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('vi').normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function isIndividualNominee(
  nominee: CollectiveNominee | IndividualNominee,
): nominee is IndividualNominee {
  return 'fullName' in nominee && typeof nominee.fullName === 'string';
}

/**
 * R-DUP-1: a collective is its unit; an individual is their citizen id when given, else their unit,
 * normalised full name and date of birth.
 */
export function nomineeKey(nomineeType: NomineeType, nominee: CollectiveNominee | IndividualNominee): string {
  if (nomineeType === 'collective') return `C#${nominee.unitId}`;
  if (!isIndividualNominee(nominee)) {
    throw new ValidationError(
      { vi: 'Cá nhân được đề nghị phải có họ và tên', en: 'An individual nominee needs a full name' },
      [{ path: 'nominee.fullName', message: { vi: 'Bắt buộc', en: 'Required' } }],
    );
  }
  const citizenId = nominee.citizenId?.trim();
  if (citizenId) return `P#cid#${citizenId}`;
  return `P#${nominee.unitId}#${normaliseName(nominee.fullName)}#${nominee.dateOfBirth}`;
}

/** R-DOS-4: a citizen id as shown outside the proposing unit and the appraisers: `********1234`. */
export function maskCitizenId(id: string): string {
  const visible = id.length > 4 ? id.slice(-4) : '';
  return '*'.repeat(id.length - visible.length) + visible;
}
