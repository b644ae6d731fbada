// What a warm container keeps of the reference data it read (functions/store/recent.ts, the unit registry
// of store/units.ts), against DynamoDB Local: a change made elsewhere (another container: here, another
// copy of the cache) is seen once the bound has passed, and not before; a change made through this
// container's own writes is seen at once; nothing absent is kept. The clock is the test's own: no sleeps.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REFERENCE_CACHE_MS } from '#functions/config.ts';
import { Recent } from '#functions/store/recent.ts';
import { versionConflict } from '#domain/errors.ts';
import { put, putVersioned, transact } from '#functions/store/db.ts';
import {
  createRoundRecord,
  getRound,
  type RoundRecord,
  requireRound,
  roundItem,
  saveRoundDeadlines,
} from '#functions/store/rounds.ts';
import {
  createUnitRecord,
  getUnit,
  type IndexResultRecord,
  indexResultItem,
  RegistryCache,
  registryCache,
  saveIndexResults,
  saveUnitEdit,
  UnitDirectory,
  type UnitRecord,
} from '#functions/store/units.ts';
import { practiceCampaign } from '../support/stored.ts';

const ACTOR = { sub: 'reference-cache-test', role: 'admin' };
const BOUND = 60_000;

/** A clock the test moves. */
function testClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function newUnit(overrides: Partial<UnitRecord> = {}): Promise<UnitRecord> {
  const at = new Date().toISOString();
  const unit: UnitRecord = {
    unitId: `u-cache-${randomUUID().slice(0, 8)}`,
    name: 'Sở thử bộ nhớ đệm',
    tier: 'province',
    parScored: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
  await createUnitRecord(unit, ACTOR, new Date());
  return unit;
}

/** An edit of a stored unit, written as another container (or an import) would write it. */
async function rename(unit: UnitRecord, name: string): Promise<UnitRecord> {
  const before = (await getUnit(unit.unitId)) as UnitRecord;
  const after = { ...before, name, version: before.version + 1, updatedAt: new Date().toISOString() };
  await saveUnitEdit(before, after, before.version, ACTOR, new Date());
  return after;
}

const nameIn = async (cache: RegistryCache, unitId: string) => {
  const units = new UnitDirectory(cache);
  await units.load(unitId);
  return units.lookup(unitId)?.name;
};

describe('the unit registry kept by a warm container (REFERENCE_CACHE_SECONDS)', () => {
  it('is configured to 60 s unless told', () => {
    expect(REFERENCE_CACHE_MS).toBe(60_000);
  });

  it('a unit changed elsewhere is served as read until the bound, and as changed once it has passed', async () => {
    const clock = testClock();
    const cache = new RegistryCache(BOUND, clock.now);
    const unit = await newUnit({ name: 'Tên cũ' });
    expect(await nameIn(cache, unit.unitId)).toBe('Tên cũ');

    await rename(unit, 'Tên mới');
    // Within the bound the container answers from its copy: a request's directory reads nothing.
    clock.advance(BOUND - 1);
    expect(await nameIn(cache, unit.unitId)).toBe('Tên cũ');
    // At the bound the copy is dropped and the unit read again.
    clock.advance(1);
    expect(await nameIn(cache, unit.unitId)).toBe('Tên mới');
  });

  it('the bound counts from the moment the read was sent, and a re-read starts a new bound', async () => {
    const clock = testClock();
    const cache = new RegistryCache(BOUND, clock.now);
    const unit = await newUnit({ name: 'Một' });
    expect(await nameIn(cache, unit.unitId)).toBe('Một');
    clock.advance(BOUND);
    await rename(unit, 'Hai');
    expect(await nameIn(cache, unit.unitId)).toBe('Hai');
    await rename(unit, 'Ba');
    clock.advance(BOUND / 2);
    expect(await nameIn(cache, unit.unitId)).toBe('Hai');
    clock.advance(BOUND / 2);
    expect(await nameIn(cache, unit.unitId)).toBe('Ba');
  });

  it('a unit absent when asked for is not remembered as absent: created meanwhile, it is found at once', async () => {
    const clock = testClock();
    const cache = new RegistryCache(BOUND, clock.now);
    const unitId = `u-cache-${randomUUID().slice(0, 8)}`;
    const before = new UnitDirectory(cache);
    await before.load(unitId);
    expect(before.lookup(unitId)).toBeUndefined();
    await newUnit({ unitId, name: 'Mới lập' });
    expect(await nameIn(cache, unitId)).toBe('Mới lập');
  });

  it("a change written through this container's store is seen at once (the writer forgets its copy)", async () => {
    // The container's own copy, as the dossier and nomination routes use it.
    const unit = await newUnit({ name: 'Trước' });
    expect(await nameIn(registryCache, unit.unitId)).toBe('Trước');
    await rename(unit, 'Sau');
    expect(await nameIn(registryCache, unit.unitId)).toBe('Sau');
  });

  it('predecessor links (R-UNIT-2) follow the same bound', async () => {
    const clock = testClock();
    const cache = new RegistryCache(BOUND, clock.now);
    const successor = await newUnit({ tier: 'commune', parScored: false, validFrom: '2025-07-01' });
    const predecessors = async () =>
      (await new UnitDirectory(cache).predecessorsOf(successor.unitId)).map((u) => u.unitId);
    expect(await predecessors()).toEqual([]);
    // Another container records a merger into the successor.
    const merged = await newUnit({
      tier: 'commune',
      parScored: false,
      validTo: '2025-06-30',
      successorUnitIds: [successor.unitId],
    });
    clock.advance(BOUND - 1);
    expect(await predecessors()).toEqual([]);
    clock.advance(1);
    expect(await predecessors()).toEqual([merged.unitId]);
  });

  it('with a bound of 0 nothing is kept: every request reads the registry', async () => {
    const clock = testClock();
    const cache = new RegistryCache(0, clock.now);
    const unit = await newUnit({ name: 'Không giữ' });
    expect(await nameIn(cache, unit.unitId)).toBe('Không giữ');
    await rename(unit, 'Đã đổi');
    expect(await nameIn(cache, unit.unitId)).toBe('Đã đổi');
  });

  it('a directory without the cache reads every unit from the table', async () => {
    const unit = await newUnit({ name: 'Bảng' });
    const cached = new RegistryCache(BOUND, testClock().now);
    expect(await nameIn(cached, unit.unitId)).toBe('Bảng');
    await rename(unit, 'Bảng mới');
    const fresh = new UnitDirectory();
    await fresh.load(unit.unitId);
    expect(fresh.lookup(unit.unitId)?.name).toBe('Bảng mới');
  });
});

describe('index results as the routes that show a dossier or a nomination see them', () => {
  const result = (unitId: string, parIndexScore: number): IndexResultRecord => ({
    year: 2025,
    unitId,
    parIndexScore,
    updatedAt: new Date().toISOString(),
  });
  /** A result written in the table without this container's store knowing (another container's import). */
  const writtenElsewhere = (r: IndexResultRecord) => transact([put(indexResultItem(r))]);
  const scores = async (cache: RegistryCache, unitId: string, recentResults: boolean) =>
    (await new UnitDirectory(cache, { recentResults }).indexResultsOf([unitId])).map((r) => r.parIndexScore);

  it('a showing route sees a result changed elsewhere once the bound has passed, and not before', async () => {
    const clock = testClock();
    const cache = new RegistryCache(BOUND, clock.now);
    const unit = await newUnit();
    await writtenElsewhere(result(unit.unitId, 80));
    expect(await scores(cache, unit.unitId, true)).toEqual([80]);
    await writtenElsewhere(result(unit.unitId, 95));
    clock.advance(BOUND - 1);
    expect(await scores(cache, unit.unitId, true)).toEqual([80]);
    clock.advance(1);
    expect(await scores(cache, unit.unitId, true)).toEqual([95]);
  });

  it('a route that decides reads the results stored now, and its read renews what the showing routes see', async () => {
    const clock = testClock();
    const cache = new RegistryCache(BOUND, clock.now);
    const unit = await newUnit();
    expect(await scores(cache, unit.unitId, true)).toEqual([]);
    await writtenElsewhere(result(unit.unitId, 70));
    // An absent result was kept as "none" for the showing routes (a unit without results is the common case)…
    expect(await scores(cache, unit.unitId, true)).toEqual([]);
    // …but never for a route that decides.
    expect(await scores(cache, unit.unitId, false)).toEqual([70]);
    expect(await scores(cache, unit.unitId, true)).toEqual([70]);
  });

  it("a result written through this container's store is seen at once", async () => {
    const unit = await newUnit();
    expect(await scores(registryCache, unit.unitId, true)).toEqual([]);
    await saveIndexResults([{ before: undefined, after: result(unit.unitId, 91) }], ACTOR, new Date());
    expect(await scores(registryCache, unit.unitId, true)).toEqual([91]);
  });
});

describe('rounds as the read routes see them', () => {
  const newRound = async (): Promise<RoundRecord> => {
    const at = new Date().toISOString();
    const cell = { collective: 1, individual: 1 };
    const round: RoundRecord = {
      roundId: `r-cache-${randomUUID().slice(0, 8)}`,
      campaignId: await practiceCampaign(),
      kind: 'annual',
      year: 2025,
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      quotas: { province: cell, district: cell, commune: cell },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await createRoundRecord(round, ACTOR, new Date());
    return round;
  };
  /** The round replaced in the table without this container's store knowing (another container's write). */
  const replacedElsewhere = async (round: RoundRecord, version: number) => {
    const after = { ...round, version, submissionDeadline: new Date(Date.now() + 86_400_000).toISOString() };
    await transact([putVersioned(roundItem(after), version - 1, versionConflict)]);
    return after;
  };

  it('a GET route may see the round as read within the bound; a route that decides reads it as stored now', async () => {
    const round = await newRound();
    expect((await requireRound(round.roundId, 'recent')).round.version).toBe(1);
    const v2 = await replacedElsewhere(round, 2);
    expect((await requireRound(round.roundId, 'recent')).round.version).toBe(1);
    const current = await requireRound(round.roundId);
    expect(current.round.version).toBe(2);
    expect(current.round.submissionDeadline).toBe(v2.submissionDeadline);
    // The current read refreshed the container's copy.
    expect((await requireRound(round.roundId, 'recent')).round.version).toBe(2);
  });

  it("a round changed through this container's store is seen at once by the GET routes", async () => {
    const round = await newRound();
    expect((await requireRound(round.roundId, 'recent')).round.version).toBe(1);
    const before = (await getRound(round.roundId)) as RoundRecord;
    const after = {
      ...before,
      version: 2,
      submissionDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    };
    await saveRoundDeadlines(before, after, 'Gia hạn', ACTOR, new Date());
    expect((await requireRound(round.roundId, 'recent')).round.submissionDeadline).toBe(
      after.submissionDeadline,
    );
  });

  it('Recent keeps a value until the bound and drops it at the bound; a fresh read replaces it', async () => {
    const clock = testClock();
    const recent = new Recent<number>(BOUND, clock.now);
    let stored = 1;
    const read = async () => stored;
    expect(await recent.through('k', read)).toBe(1);
    stored = 2;
    clock.advance(BOUND - 1);
    expect(await recent.through('k', read)).toBe(1);
    expect(await recent.through('k', read, true)).toBe(2);
    stored = 3;
    clock.advance(BOUND - 1);
    expect(await recent.through('k', read)).toBe(2);
    clock.advance(1);
    expect(await recent.through('k', read)).toBe(3);
  });
});
