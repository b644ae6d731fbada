// What a cold sweep waits for (SPEC §10: most runs meet a cold function): the rounds' campaigns and their
// extensions are read side by side, not one round after the other, so the store round trips it waits for
// do not grow with the number of rounds. Its own seeded table: other files' rounds and outbox items would
// change what it counts.

import { expect, it, vi } from 'vitest';

await vi.hoisted(async () => {
  process.env.LOCAL_EVENTS_FILE = `${process.env.TMPDIR ?? '/tmp'}/sweep-reads-${process.pid}-${Date.now()}.jsonl`;
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('sweep-reads');
});

import { runSweep } from '#functions/jobs/sweep.ts';
import { allRounds } from '#functions/store/sweep.ts';
import { countStoreCalls } from '../support/store-calls.ts';

it('R-SWEEP-1: with no round due, a cold sweep waits for the round list, the campaigns, the extensions and the outbox: 4 round trips however many rounds', async () => {
  // Prepare: the seed's rounds, every one of which may still be due on 30 Nov 2026 (its extensions are read).
  const rounds = await allRounds();
  expect(rounds.length).toBeGreaterThanOrEqual(3);
  const calls = countStoreCalls();
  calls.reset();

  // Act
  const report = await runSweep(new Date('2026-11-30T11:00:00Z'));

  // Assess: one extensions Query per round beside the round list and the outbox, in 4 waves.
  expect(report.rounds.processed).toEqual([]);
  expect(calls.operations.get('QueryCommand')).toBe(rounds.length + 2);
  expect(calls.operations.get('GetItemCommand')).toBe(1);
  expect(calls.waves).toBe(4);
});
