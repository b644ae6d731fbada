import { describe, expect, it } from 'vitest';
import { NotFoundError, UnitInactiveError } from '../../domain/errors.ts';
import type { NomineeType, Tier, Unit } from '../../domain/types.ts';
import {
  ancestors,
  assertUnitActive,
  canPropose,
  canRead,
  isActiveOn,
  isDistrictProposalForCommune,
  makeLookup,
  nomineeTier,
  parentDistrictOf,
  topUnitOf,
  type UnitUse,
  validateUnitHistory,
  validateUnitPlacement,
} from '../../domain/units.ts';
import { lookup, UNITS, unit } from './fixtures.ts';

describe('unit hierarchy', () => {
  it('R-TIER-1: ancestors lists the unit first, then its parents', () => {
    expect(ancestors('p-chieng-le', lookup).map((u) => u.unitId)).toEqual(['p-chieng-le', 'tp-son-la']);
    expect(ancestors('snv-phong-cchc', lookup).map((u) => u.unitId)).toEqual(['snv-phong-cchc', 'so-noi-vu']);
    expect(ancestors('nowhere', lookup)).toEqual([]);
  });

  it('R-TIER-1: ancestors stops on a cycle', () => {
    const looped = makeLookup([
      { unitId: 'a', name: 'A', tier: 'province', parentUnitId: 'b', parScored: false },
      { unitId: 'b', name: 'B', tier: 'province', parentUnitId: 'a', parScored: false },
    ]);
    expect(ancestors('a', looped).map((u) => u.unitId)).toEqual(['a', 'b']);
  });

  it('R-PROP-2: topUnitOf and parentDistrictOf find the UBND a unit belongs to', () => {
    expect(topUnitOf('snv-phong-cchc', lookup)?.unitId).toBe('so-noi-vu');
    expect(topUnitOf('tpsl-phong-noi-vu', lookup)?.unitId).toBe('tp-son-la');
    expect(topUnitOf('x-chieng-son', lookup)?.unitId).toBe('x-chieng-son');
    expect(parentDistrictOf('x-chieng-son', lookup)?.unitId).toBe('h-moc-chau');
    expect(parentDistrictOf('so-noi-vu', lookup)).toBeUndefined();
  });

  it.each<[string, Tier]>([
    ['so-noi-vu', 'province'],
    ['snv-phong-cchc', 'province'],
    ['tp-son-la', 'district'],
    ['tpsl-phong-noi-vu', 'district'],
    ['p-chieng-le', 'commune'],
    ['x-chieng-son', 'commune'],
  ])('R-TIER-1: a nominee of %s is %s tier', (unitId, tier) => {
    expect(nomineeTier(unitId, lookup)).toBe(tier);
  });

  it('R-TIER-1: an unknown nominee unit is not found', () => {
    expect(() => nomineeTier('nowhere', lookup)).toThrow(NotFoundError);
  });
});

describe('R-TIER-1: unit placement', () => {
  const u = (unitId: string, tier: Tier, parentUnitId?: string): Unit => ({
    unitId,
    name: unitId,
    tier,
    parentUnitId,
    parScored: false,
  });

  it.each([
    { what: 'a top unit', child: u('so-moi', 'province'), parentId: undefined, paths: [] },
    {
      what: 'a department sub-unit',
      child: u('snv-phong-x', 'province', 'so-noi-vu'),
      parentId: 'so-noi-vu',
      paths: [],
    },
    {
      what: 'a district office',
      child: u('tpsl-phong-y', 'district', 'tp-son-la'),
      parentId: 'tp-son-la',
      paths: [],
    },
    {
      what: 'a commune of a district',
      child: u('x-moi', 'commune', 'h-moc-chau'),
      parentId: 'h-moc-chau',
      paths: [],
    },
    {
      what: 'a commune sub-unit',
      child: u('x-bo-phan', 'commune', 'x-chieng-son'),
      parentId: 'x-chieng-son',
      paths: [],
    },
    {
      what: 'a district-tier sub-unit of a department',
      child: u('bad', 'district', 'so-noi-vu'),
      parentId: 'so-noi-vu',
      paths: ['tier'],
    },
    {
      what: 'a province-tier sub-unit of a district',
      child: u('bad', 'province', 'tp-son-la'),
      parentId: 'tp-son-la',
      paths: ['tier'],
    },
    {
      what: 'a commune under a department',
      child: u('bad', 'commune', 'so-noi-vu'),
      parentId: 'so-noi-vu',
      paths: ['tier'],
    },
    {
      what: 'a district under a commune',
      child: u('bad', 'district', 'p-chieng-le'),
      parentId: 'p-chieng-le',
      paths: ['tier'],
    },
    {
      what: 'a unit that is its own parent',
      child: u('self', 'province', 'self'),
      parentId: 'self',
      paths: ['parentUnitId'],
    },
    {
      what: 'an unknown parent',
      child: u('orphan', 'province', 'nowhere'),
      parentId: 'nowhere',
      paths: ['parentUnitId'],
    },
  ])('R-TIER-1: $what → errors at $paths', ({ child, parentId, paths }) => {
    const parent = parentId === undefined ? undefined : lookup(parentId);
    expect(validateUnitPlacement(child, parent).map((e) => e.path)).toEqual(paths);
  });

  it('R-TIER-1: moving a unit under its own sub-unit is a loop', () => {
    const moved: Unit = { ...unit('so-noi-vu'), parentUnitId: 'snv-phong-cchc' };
    const errors = validateUnitPlacement(moved, unit('snv-phong-cchc'), lookup);
    expect(errors.map((e) => e.path)).toEqual(['parentUnitId']);
    expect(errors[0]!.message.vi).toContain('vòng lặp');
  });

  it('R-TIER-1: every seed unit is well placed', () => {
    for (const each of UNITS) {
      const parent = each.parentUnitId === undefined ? undefined : lookup(each.parentUnitId);
      expect(validateUnitPlacement(each, parent, lookup)).toEqual([]);
    }
  });
});

describe('who may propose whom', () => {
  type Case = { proposer: string; type: NomineeType; nominee: string; ok: boolean };
  const check = ({ proposer, type, nominee, ok }: Case) => {
    const result = canPropose({
      proposingUnitId: proposer,
      nomineeType: type,
      nomineeUnitId: nominee,
      lookup,
    });
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      // The reason says who may be proposed; the rule id stays in the code, not in the text people read.
      expect(result.reason.vi).toMatch(/được đề nghị/);
      expect(result.reason.en).toMatch(/may (not )?propose/);
      expect(result.reason.vi).not.toMatch(/R-[A-Z]+-\d/);
      expect(result.reason.en).not.toMatch(/R-[A-Z]+-\d/);
    }
  };

  it.each<Case>([
    { proposer: 'so-noi-vu', type: 'collective', nominee: 'so-noi-vu', ok: true },
    { proposer: 'so-noi-vu', type: 'collective', nominee: 'snv-phong-cchc', ok: true },
    { proposer: 'so-noi-vu', type: 'individual', nominee: 'snv-phong-cchc', ok: true },
    { proposer: 'so-noi-vu', type: 'individual', nominee: 'so-noi-vu', ok: true },
    { proposer: 'snv-phong-cchc', type: 'collective', nominee: 'so-noi-vu', ok: false },
    { proposer: 'so-noi-vu', type: 'collective', nominee: 'so-tu-phap', ok: false },
    { proposer: 'so-noi-vu', type: 'individual', nominee: 'p-chieng-le', ok: false },
    { proposer: 'tp-son-la', type: 'collective', nominee: 'tp-son-la', ok: true },
    { proposer: 'tp-son-la', type: 'collective', nominee: 'tpsl-phong-noi-vu', ok: true },
    { proposer: 'p-chieng-le', type: 'collective', nominee: 'p-chieng-le', ok: true },
    { proposer: 'p-chieng-le', type: 'individual', nominee: 'p-chieng-le', ok: true },
    { proposer: 'p-chieng-le', type: 'individual', nominee: 'tp-son-la', ok: false },
  ])('R-PROP-1: $proposer proposing the $type of $nominee → $ok', check);

  it.each<Case>([
    { proposer: 'tp-son-la', type: 'individual', nominee: 'p-chieng-le', ok: true },
    { proposer: 'h-moc-chau', type: 'individual', nominee: 'x-chieng-son', ok: true },
    { proposer: 'tp-son-la', type: 'collective', nominee: 'p-chieng-le', ok: false },
    { proposer: 'tp-son-la', type: 'individual', nominee: 'x-chieng-son', ok: false },
    { proposer: 'tpsl-phong-noi-vu', type: 'individual', nominee: 'p-chieng-le', ok: false },
    { proposer: 'h-moc-chau', type: 'individual', nominee: 'p-chieng-le', ok: false },
  ])('R-PROP-2: $proposer proposing the $type of $nominee → $ok', check);

  it('R-PROP-2: a district proposing a commune collective is told the commune proposes itself', () => {
    const check = canPropose({
      proposingUnitId: 'tp-son-la',
      nomineeType: 'collective',
      nomineeUnitId: 'p-chieng-le',
      lookup,
    });
    expect(check).toEqual({
      ok: false,
      reason: expect.objectContaining({ vi: expect.stringContaining('cá nhân cấp xã') }),
    });
  });

  it('R-PROP-1: unknown units cannot propose nor be proposed', () => {
    expect(
      canPropose({ proposingUnitId: 'x', nomineeType: 'collective', nomineeUnitId: 'so-noi-vu', lookup }).ok,
    ).toBe(false);
    expect(
      canPropose({ proposingUnitId: 'so-noi-vu', nomineeType: 'collective', nomineeUnitId: 'x', lookup }).ok,
    ).toBe(false);
  });

  it.each([
    { proposer: 'tp-son-la', nominee: 'p-chieng-le', yes: true },
    { proposer: 'h-moc-chau', nominee: 'x-chieng-son', yes: true },
    { proposer: 'p-chieng-le', nominee: 'p-chieng-le', yes: false },
    { proposer: 'tpsl-phong-noi-vu', nominee: 'p-chieng-le', yes: false },
    { proposer: 'tp-son-la', nominee: 'x-chieng-son', yes: false },
    { proposer: 'tp-son-la', nominee: 'tpsl-phong-noi-vu', yes: false },
  ])(
    'R-PROP-2: $proposer is the district proposing for commune unit $nominee: $yes',
    ({ proposer, nominee, yes }) => {
      expect(
        isDistrictProposalForCommune({ proposingUnitId: proposer, nomineeUnitId: nominee, lookup }),
      ).toBe(yes);
    },
  );
});

describe('read scope', () => {
  it.each([
    { principal: 'so-noi-vu', object: 'so-noi-vu', ok: true },
    { principal: 'so-noi-vu', object: 'snv-phong-cchc', ok: true },
    { principal: 'snv-phong-cchc', object: 'so-noi-vu', ok: false },
    { principal: 'tp-son-la', object: 'p-chieng-le', ok: true },
    { principal: 'tp-son-la', object: 'x-chieng-son', ok: false },
    { principal: 'p-chieng-le', object: 'tp-son-la', ok: false },
    { principal: 'so-noi-vu', object: 'so-tu-phap', ok: false },
  ])('R-PROP-1: $principal reads data of $object: $ok', ({ principal, object, ok }) => {
    expect(canRead({ principalUnitId: principal, objectUnitId: object, lookup })).toBe(ok);
  });
});

describe('R-UNIT-1: a registry with history', () => {
  const merged: Unit = {
    unitId: 'x-long-luong',
    name: 'Xã Lóng Luông',
    tier: 'commune',
    parScored: false,
    validTo: '2025-06-30',
    successorUnitIds: ['x-van-ho-moi'],
  };
  const formed: Unit = {
    unitId: 'x-van-ho-moi',
    name: 'Xã Vân Hồ',
    tier: 'commune',
    parScored: false,
    validFrom: '2025-07-01',
  };
  const always: Unit = { unitId: 'so-noi-vu', name: 'Sở Nội vụ', tier: 'province', parScored: true };
  const history = makeLookup([merged, formed, always]);

  it.each<{ rule: string; unit: Unit; day: string; active: boolean }>([
    {
      rule: 'R-UNIT-1: a unit without dates is active on any day',
      unit: always,
      day: '2030-01-01',
      active: true,
    },
    {
      rule: 'R-UNIT-1: a merged unit is active on its last day',
      unit: merged,
      day: '2025-06-30',
      active: true,
    },
    {
      rule: 'R-UNIT-1: a merged unit is inactive the day after',
      unit: merged,
      day: '2025-07-01',
      active: false,
    },
    {
      rule: 'R-UNIT-1: a formed unit is inactive the day before',
      unit: formed,
      day: '2025-06-30',
      active: false,
    },
    {
      rule: 'R-UNIT-1: a formed unit is active from its first day',
      unit: formed,
      day: '2025-07-01',
      active: true,
    },
    {
      rule: 'R-UNIT-1: a unit of one day is active on that day',
      unit: { ...always, validFrom: '2025-07-01', validTo: '2025-07-01' },
      day: '2025-07-01',
      active: true,
    },
  ])('$rule', ({ unit, day, active }) => {
    expect(isActiveOn(unit, day)).toBe(active);
    if (active) expect(() => assertUnitActive(unit, day, 'nominate')).not.toThrow();
    else expect(() => assertUnitActive(unit, day, 'nominate')).toThrow(UnitInactiveError);
  });

  it.each<{ use: UnitUse; vi: string; en: string }>([
    { use: 'open_dossier', vi: 'không thể lập hồ sơ', en: 'cannot open a dossier' },
    { use: 'submit_dossier', vi: 'không thể nộp hồ sơ', en: 'cannot submit a dossier' },
    { use: 'nominate', vi: 'không thể được đề nghị', en: 'cannot be nominated' },
  ])(
    'R-UNIT-1: UNIT_INACTIVE says what a merged unit $use refuses and names its successor',
    ({ use, vi, en }) => {
      let error: unknown;
      try {
        assertUnitActive(merged, '2026-01-05', use, history);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnitInactiveError);
      const e = error as UnitInactiveError;
      expect(e.code).toBe('UNIT_INACTIVE');
      expect(e.text.vi).toContain(vi);
      expect(e.text.en).toContain(en);
      expect(e.text.vi).toContain('Xã Vân Hồ');
      expect(e.text.en).toContain('30/06/2025');
    },
  );

  it.each<{ rule: string; unit: Unit; paths: string[] }>([
    { rule: 'R-UNIT-1: dates in order and a known successor are accepted', unit: merged, paths: [] },
    {
      rule: 'R-UNIT-1: validFrom equal to validTo is accepted',
      unit: { ...always, validFrom: '2025-07-01', validTo: '2025-07-01' },
      paths: [],
    },
    {
      rule: 'R-UNIT-1: validFrom after validTo is refused',
      unit: { ...always, validFrom: '2025-07-02', validTo: '2025-07-01' },
      paths: ['validTo'],
    },
    {
      rule: 'R-UNIT-1: a date that is not a calendar day is refused',
      unit: { ...always, validTo: '2025-02-30' },
      paths: ['validTo'],
    },
    {
      rule: 'R-UNIT-1: a unit merged into itself is refused',
      unit: { ...merged, successorUnitIds: ['x-long-luong'] },
      paths: ['successorUnitIds.0'],
    },
    {
      rule: 'R-UNIT-1: an unknown successor is refused',
      unit: { ...merged, successorUnitIds: ['x-van-ho-moi', 'nowhere'] },
      paths: ['successorUnitIds.1'],
    },
    {
      rule: 'R-UNIT-1: a successor named twice is refused',
      unit: { ...merged, successorUnitIds: ['x-van-ho-moi', 'x-van-ho-moi'] },
      paths: ['successorUnitIds.1'],
    },
  ])('$rule', ({ unit, paths }) => {
    expect(validateUnitHistory(unit, history).map((e) => e.path)).toEqual(paths);
  });

  it('R-UNIT-1: a commune may have no parent (two-level local government)', () => {
    expect(validateUnitPlacement(formed, undefined, history)).toEqual([]);
  });
});
