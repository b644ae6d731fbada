// A slice of the Sơn La unit registry (shape of data/son-la-units.csv) and builders for the domain tests.

import { PLAN_1109, plan1109Rounds } from '../../domain/campaign.ts';
import type {
  CollectiveNominee,
  DocumentRef,
  IndividualNominee,
  NominationContent,
  Round,
  Unit,
} from '../../domain/types.ts';
import { makeLookup } from '../../domain/units.ts';

export const UNITS: Unit[] = [
  { unitId: 'so-noi-vu', name: 'Sở Nội vụ', tier: 'province', parScored: true },
  { unitId: 'so-tu-phap', name: 'Sở Tư pháp', tier: 'province', parScored: true },
  {
    unitId: 'snv-phong-cchc',
    name: 'Phòng Cải cách hành chính (Sở Nội vụ)',
    tier: 'province',
    parentUnitId: 'so-noi-vu',
    parScored: false,
  },
  { unitId: 'tp-son-la', name: 'UBND thành phố Sơn La', tier: 'district', parScored: true },
  {
    unitId: 'tpsl-phong-noi-vu',
    name: 'Phòng Nội vụ thành phố Sơn La',
    tier: 'district',
    parentUnitId: 'tp-son-la',
    parScored: false,
  },
  {
    unitId: 'p-chieng-le',
    name: 'UBND phường Chiềng Lề',
    tier: 'commune',
    parentUnitId: 'tp-son-la',
    parScored: false,
  },
  { unitId: 'h-moc-chau', name: 'UBND huyện Mộc Châu', tier: 'district', parScored: true },
  {
    unitId: 'x-chieng-son',
    name: 'UBND xã Chiềng Sơn',
    tier: 'commune',
    parentUnitId: 'h-moc-chau',
    parScored: false,
  },
];

export const lookup = makeLookup(UNITS);

export function unit(unitId: string): Unit {
  const found = lookup(unitId);
  if (!found) throw new Error(`fixture has no unit ${unitId}`);
  return found;
}

export const ROUNDS = plan1109Rounds();

export function round(roundId: string): Round {
  const found = ROUNDS.find((r) => r.roundId === roundId);
  if (!found) throw new Error(`fixture has no round ${roundId}`);
  return found;
}

export const campaign = PLAN_1109;

export function collective(unitId: string): CollectiveNominee {
  return { unitId };
}

export function person(unitId: string, overrides: Partial<IndividualNominee> = {}): IndividualNominee {
  return {
    unitId,
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '1985-04-12',
    gender: 'male',
    position: 'Chuyên viên',
    staffCategory: 'cong_chuc',
    ...overrides,
  };
}

export function nomination(overrides: Partial<NominationContent> = {}): NominationContent {
  return {
    nomineeType: 'collective',
    nominee: collective('so-noi-vu'),
    criteriaClaimed: ['AC2'],
    disciplineCompliance: true,
    achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ cải cách hành chính',
    citationText: 'Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính',
    initiatives: [],
    ...overrides,
  };
}

export function doc(
  documentId: string,
  kind: DocumentRef['kind'],
  status: DocumentRef['status'] = 'verified',
  nominationId?: string,
): DocumentRef {
  return nominationId === undefined
    ? { documentId, kind, status }
    : { documentId, kind, status, nominationId };
}
