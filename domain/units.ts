// The unit registry's rules: tiers (R-TIER-1), history (R-UNIT-1), who may propose whom (R-PROP-1,
// R-PROP-2) and whose data a unit may read. Units are reached through a lookup function so callers decide
// where they come from (a Map in tests, a cached registry in a Lambda).

import { isCalendarDate } from './deadlines.ts';
import type { ErrorItem } from './errors.ts';
import { NotFoundError, UnitInactiveError } from './errors.ts';
import { formatDate } from './format.ts';
import { NOMINEE_TYPE_LABELS, TIER_LABELS } from './labels.ts';
import type { CommuneIndividualProposer, LocalizedText, NomineeType, Tier, Unit } from './types.ts';

export type UnitLookup = (unitId: string) => Unit | undefined;

/** A lookup over a list of units. */
export function makeLookup(units: Iterable<Unit>): UnitLookup {
  const byId = new Map<string, Unit>();
  for (const unit of units) byId.set(unit.unitId, unit);
  return (unitId) => byId.get(unitId);
}

/** The unit itself first, then its parent, and so on up; stops at an unknown parent or a cycle. */
export function ancestors(unitId: string, lookup: UnitLookup): Unit[] {
  const chain: Unit[] = [];
  const seen = new Set<string>();
  let current = lookup(unitId);
  while (current && !seen.has(current.unitId)) {
    chain.push(current);
    seen.add(current.unitId);
    current = current.parentUnitId === undefined ? undefined : lookup(current.parentUnitId);
  }
  return chain;
}

/** Whether `unitId` is `ancestorId` or lies below it (any tier). */
export function isSelfOrDescendant(unitId: string, ancestorId: string, lookup: UnitLookup): boolean {
  return ancestors(unitId, lookup).some((u) => u.unitId === ancestorId);
}

/**
 * The top unit of a unit's tier: walking up while the parent has the same tier. For a department's
 * sub-unit that is the department (sở); for a district's office the UBND huyện; for a commune its UBND xã.
 */
export function topUnitOf(unitId: string, lookup: UnitLookup): Unit | undefined {
  const chain = ancestors(unitId, lookup);
  const self = chain[0];
  if (!self) return undefined;
  let top = self;
  for (const unit of chain.slice(1)) {
    if (unit.tier !== self.tier) break;
    top = unit;
  }
  return top;
}

/** The UBND huyện/thành phố a commune-tier unit belongs to (the top unit of its nearest district ancestor). */
export function parentDistrictOf(unitId: string, lookup: UnitLookup): Unit | undefined {
  const district = ancestors(unitId, lookup).find((u) => u.tier === 'district');
  return district ? topUnitOf(district.unitId, lookup) : undefined;
}

// ---- R-UNIT-1: a registry with history ----

/** R-UNIT-1: whether a unit exists on a calendar day (YYYY-MM-DD, ICT): validFrom ≤ day ≤ validTo. */
export function isActiveOn(unit: Pick<Unit, 'validFrom' | 'validTo'>, day: string): boolean {
  return (
    (unit.validFrom === undefined || unit.validFrom <= day) &&
    (unit.validTo === undefined || day <= unit.validTo)
  );
}

/** What an inactive unit is refused (R-UNIT-1). */
export type UnitUse = 'open_dossier' | 'submit_dossier' | 'nominate';

const USE_TEXT: Record<UnitUse, LocalizedText> = {
  open_dossier: { vi: 'không thể lập hồ sơ đề nghị khen thưởng', en: 'cannot open a dossier' },
  submit_dossier: { vi: 'không thể nộp hồ sơ đề nghị khen thưởng', en: 'cannot submit a dossier' },
  nominate: { vi: 'không thể được đề nghị khen thưởng', en: 'cannot be nominated' },
};

/** The unit's validity in words, with its successors when it was merged. */
function validityText(unit: Unit, lookup?: UnitLookup): LocalizedText {
  const parts: LocalizedText[] = [];
  if (unit.validFrom !== undefined)
    parts.push({
      vi: `hoạt động từ ngày ${formatDate(unit.validFrom)}`,
      en: `exists from ${formatDate(unit.validFrom)}`,
    });
  if (unit.validTo !== undefined)
    parts.push({
      vi: `chấm dứt hoạt động sau ngày ${formatDate(unit.validTo)}`,
      en: `ceased to exist after ${formatDate(unit.validTo)}`,
    });
  const successors = (unit.successorUnitIds ?? []).map((id) => lookup?.(id)?.name ?? id);
  if (successors.length > 0)
    parts.push({
      vi: `đã hợp nhất vào ${successors.join(', ')}`,
      en: `was merged into ${successors.join(', ')}`,
    });
  return { vi: parts.map((p) => p.vi).join(', '), en: parts.map((p) => p.en).join(', ') };
}

/**
 * R-UNIT-1: an inactive unit (merged, abolished, not yet formed) cannot open or submit a dossier and cannot
 * be nominated; `day` is the ICT calendar date of the server's clock. Its history stays readable.
 */
export function assertUnitActive(unit: Unit, day: string, use: UnitUse, lookup?: UnitLookup): void {
  if (isActiveOn(unit, day)) return;
  const when = validityText(unit, lookup);
  const what = USE_TEXT[use];
  throw new UnitInactiveError(
    {
      vi: `Đơn vị ${unit.name} không hoạt động vào ngày ${formatDate(day)} (${when.vi}): ${what.vi}.`,
      en: `Unit ${unit.name} is not active on ${formatDate(day)} (${when.en}): it ${what.en}.`,
    },
    [{ path: unit.unitId, message: when }],
  );
}

/**
 * R-UNIT-1: a unit's history is well formed: dates are calendar dates, validFrom ≤ validTo, successors are
 * other units that exist (in the registry, or in the same import file through `lookup`), each named once.
 */
export function validateUnitHistory(unit: Unit, lookup: UnitLookup): ErrorItem[] {
  const errors: ErrorItem[] = [];
  for (const field of ['validFrom', 'validTo'] as const) {
    const value = unit[field];
    if (value !== undefined && !isCalendarDate(value)) {
      errors.push({
        path: field,
        message: { vi: `Ngày ${value} không hợp lệ (YYYY-MM-DD)`, en: `${value} is not a date (YYYY-MM-DD)` },
      });
    }
  }
  if (errors.length === 0 && unit.validFrom !== undefined && unit.validTo !== undefined) {
    if (unit.validFrom > unit.validTo) {
      errors.push({
        path: 'validTo',
        message: {
          vi: `Ngày kết thúc ${formatDate(unit.validTo)} phải không sớm hơn ngày bắt đầu ${formatDate(unit.validFrom)}`,
          en: `validTo ${unit.validTo} must not be before validFrom ${unit.validFrom}`,
        },
      });
    }
  }
  const seen = new Set<string>();
  for (const [i, id] of (unit.successorUnitIds ?? []).entries()) {
    const path = `successorUnitIds.${i}`;
    if (id === unit.unitId) {
      errors.push({
        path,
        message: {
          vi: 'Một đơn vị không thể hợp nhất vào chính nó',
          en: 'A unit cannot be merged into itself',
        },
      });
    } else if (seen.has(id)) {
      errors.push({
        path,
        message: { vi: `Đơn vị kế thừa ${id} lặp lại`, en: `Successor unit ${id} is repeated` },
      });
    } else if (!lookup(id)) {
      errors.push({
        path,
        message: { vi: `Không tìm thấy đơn vị kế thừa ${id}`, en: `Successor unit ${id} does not exist` },
      });
    }
    seen.add(id);
  }
  return errors;
}

/**
 * R-TIER-1: a sub-unit has its parent's tier; the one exception is a commune, which belongs to its
 * district in the registry (seed II.1.3 and III.1.1.b "cá nhân cấp xã do UBND huyện xét và đề xuất").
 * R-UNIT-1: a unit may have no parent: since 1 July 2025 a commune reports to the province directly.
 * With `lookup`, a parent that lies below the unit (a cycle) is refused as well.
 */
export function validateUnitPlacement(
  unit: Unit,
  parent: Unit | undefined,
  lookup?: UnitLookup,
): ErrorItem[] {
  const errors: ErrorItem[] = [];
  if (unit.parentUnitId === undefined) return errors;
  if (unit.parentUnitId === unit.unitId) {
    errors.push({
      path: 'parentUnitId',
      message: {
        vi: 'Một đơn vị không thể là đơn vị cấp trên của chính nó',
        en: 'A unit cannot be its own parent',
      },
    });
    return errors;
  }
  if (!parent || parent.unitId !== unit.parentUnitId) {
    errors.push({
      path: 'parentUnitId',
      message: {
        vi: `Không tìm thấy đơn vị cấp trên ${unit.parentUnitId}`,
        en: `Parent unit ${unit.parentUnitId} does not exist`,
      },
    });
    return errors;
  }
  const communeOfDistrict = unit.tier === 'commune' && parent.tier === 'district';
  if (unit.tier !== parent.tier && !communeOfDistrict) {
    const expected =
      unit.tier === 'commune'
        ? { vi: 'cấp huyện hoặc cấp xã', en: 'district or commune tier' }
        : TIER_LABELS[parent.tier];
    errors.push({
      path: 'tier',
      message: {
        vi: `Đơn vị trực thuộc ${parent.name} phải ở ${expected.vi}, không phải ${TIER_LABELS[unit.tier].vi} (đơn vị trực thuộc kế thừa cấp của đơn vị cấp trên; xã thuộc huyện)`,
        en: `A unit under ${parent.name} must be ${expected.en}, not ${TIER_LABELS[unit.tier].en} (sub-units inherit their parent's tier; communes belong to a district)`,
      },
    });
  }
  if (lookup && isSelfOrDescendant(parent.unitId, unit.unitId, lookup)) {
    errors.push({
      path: 'parentUnitId',
      message: {
        vi: `Đơn vị ${parent.name} đang trực thuộc ${unit.name}: không thể tạo vòng lặp`,
        en: `${parent.name} lies under ${unit.name}: the hierarchy cannot loop`,
      },
    });
  }
  return errors;
}

function unknownUnit(unitId: string): LocalizedText {
  return { vi: `Không tìm thấy đơn vị ${unitId}`, en: `Unit ${unitId} does not exist` };
}

/** R-TIER-1: a nominee's tier is the tier of its unit (the collective itself or the individual's workplace). */
export function nomineeTier(nomineeUnitId: string, lookup: UnitLookup): Tier {
  const unit = lookup(nomineeUnitId);
  if (!unit) throw new NotFoundError(unknownUnit(nomineeUnitId));
  return unit.tier;
}

/**
 * R-PROP-2 (seed III.1.1.b, III.1.2.b): the proposing unit is a UBND huyện/thành phố (a district-tier
 * top unit) and the nominee's unit is a commune-tier unit of that district.
 */
export function isDistrictProposalForCommune(args: {
  proposingUnitId: string;
  nomineeUnitId: string;
  lookup: UnitLookup;
}): boolean {
  const { proposingUnitId, nomineeUnitId, lookup } = args;
  const proposing = lookup(proposingUnitId);
  const nominee = lookup(nomineeUnitId);
  if (!proposing || !nominee || proposing.tier !== 'district' || nominee.tier !== 'commune') return false;
  if (topUnitOf(proposingUnitId, lookup)?.unitId !== proposingUnitId) return false;
  return parentDistrictOf(nomineeUnitId, lookup)?.unitId === proposingUnitId;
}

export type ProposalCheck = { ok: true } | { ok: false; reason: LocalizedText };

/**
 * R-PROP-1: a unit nominates itself, its same-tier sub-units and the people working in them.
 * R-PROP-2: a UBND huyện/thành phố also nominates individuals of the communes in its district (never a
 * commune collective: a commune proposes itself).
 */
export function canPropose(args: {
  proposingUnitId: string;
  nomineeType: NomineeType;
  nomineeUnitId: string;
  lookup: UnitLookup;
  /** R-CAMP-2: `self` — the commune proposes its own individuals and R-PROP-2 does not apply. */
  communeIndividualProposer?: CommuneIndividualProposer | undefined;
}): ProposalCheck {
  const { proposingUnitId, nomineeType, nomineeUnitId, lookup } = args;
  const byParent = (args.communeIndividualProposer ?? 'parent') === 'parent';
  const proposing = lookup(proposingUnitId);
  if (!proposing) return { ok: false, reason: unknownUnit(proposingUnitId) };
  const nominee = lookup(nomineeUnitId);
  if (!nominee) return { ok: false, reason: unknownUnit(nomineeUnitId) };

  // R-PROP-1: the path from the nominee's unit up to the proposing unit stays within one tier.
  const chain = ancestors(nomineeUnitId, lookup);
  const upTo = chain.findIndex((u) => u.unitId === proposingUnitId);
  if (upTo >= 0 && chain.slice(0, upTo + 1).every((u) => u.tier === proposing.tier)) return { ok: true };

  if (byParent && isDistrictProposalForCommune({ proposingUnitId, nomineeUnitId, lookup })) {
    if (nomineeType === 'individual') return { ok: true };
    return {
      ok: false,
      reason: {
        vi: `${proposing.name} chỉ được đề nghị khen thưởng cá nhân cấp xã; tập thể ${nominee.name} do chính đơn vị đề nghị`,
        en: `${proposing.name} may propose commune-level individuals only; the collective ${nominee.name} is proposed by itself`,
      },
    };
  }
  const what = NOMINEE_TYPE_LABELS[nomineeType];
  return {
    ok: false,
    reason: {
      vi: `${proposing.name} không được đề nghị khen thưởng ${what.vi} thuộc ${nominee.name}: chỉ được đề nghị chính đơn vị, các đơn vị trực thuộc cùng cấp và người làm việc tại đó${byParent && proposing.tier === 'district' ? ', và cá nhân cấp xã thuộc huyện' : ''}`,
      en: `${proposing.name} may not propose a ${what.en} of ${nominee.name}: a unit proposes itself, its same-tier sub-units and the people working in them${byParent && proposing.tier === 'district' ? ', and individuals of communes in its district' : ''}`,
    },
  };
}

/** Whether a principal of one unit may read an object of another: its own unit or any unit below it. */
export function canRead(args: {
  principalUnitId: string;
  objectUnitId: string;
  lookup: UnitLookup;
}): boolean {
  return isSelfOrDescendant(args.objectUnitId, args.principalUnitId, args.lookup);
}
