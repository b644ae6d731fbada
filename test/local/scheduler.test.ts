import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOBS } from '#functions/routes.ts';
import { parseSchedule, startScheduler } from '../../local/scheduler.ts';

const next = (expression: string, after: string) =>
  parseSchedule(expression).next(new Date(after))?.toISOString();

describe('EventBridge schedule expressions (UTC)', () => {
  it.each([
    ['cron(0 0 * * ? *)', '2026-11-26T07:14:56Z', '2026-11-27T00:00:00.000Z'],
    ['cron(0 0 * * ? *)', '2026-11-26T00:00:00Z', '2026-11-27T00:00:00.000Z'],
    ['cron(0 0 * * ? *)', '2026-11-25T23:59:30Z', '2026-11-26T00:00:00.000Z'],
    ['cron(0 0 * * ? *)', '2026-12-31T12:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['cron(30 17 * * ? *)', '2026-11-26T17:29:00Z', '2026-11-26T17:30:00.000Z'],
    ['cron(0/15 * * * ? *)', '2026-11-26T07:14:56Z', '2026-11-26T07:15:00.000Z'],
    ['cron(15 10 ? * MON-FRI *)', '2026-11-28T12:00:00Z', '2026-11-30T10:15:00.000Z'], // Saturday → Monday
    ['cron(0 8 ? * 1 *)', '2026-11-26T00:00:00Z', '2026-11-29T08:00:00.000Z'], // 1 = Sunday
    ['cron(0 0 29 FEB ? *)', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['cron(0 8 1 JAN,JUL ? 2027)', '2026-11-26T00:00:00Z', '2027-01-01T08:00:00.000Z'],
    ['rate(5 minutes)', '2026-11-26T07:00:00Z', '2026-11-26T07:05:00.000Z'],
    ['rate(1 day)', '2026-11-26T07:00:00Z', '2026-11-27T07:00:00.000Z'],
  ])('%s after %s is %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it('the sweep runs daily at 00:00 UTC, 07:00 in Vietnam', () => {
    expect(next(JOBS.sweep.schedule, '2026-11-26T07:14:56Z')).toBe('2026-11-27T00:00:00.000Z');
  });

  it('a cron whose years are over has no next occurrence', () => {
    expect(next('cron(0 8 1 JAN,JUL ? 2027)', '2027-07-01T08:00:00Z')).toBeUndefined();
  });

  it.each([
    'cron(0 0 * * *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 ? * 6#3 *)',
    'cron(61 0 * * ? *)',
    'cron(0 0 * * 1 *)',
    'cron(0 0 ? * ? *)',
    'rate(0 minutes)',
    'every day at 7',
  ])('refuses %s', (expression) => {
    expect(() => parseSchedule(expression)).toThrow();
  });
});

describe('startScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls the job at each occurrence with the occurrence as "now", until stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T23:59:00Z') });
    const runs: string[] = [];
    const scheduler = startScheduler(undefined, async (now) => {
      runs.push(now.toISOString());
    });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual(['2026-11-27T00:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(runs).toEqual(['2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z']);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(3 * 24 * 3_600_000);
    expect(runs).toHaveLength(2);
  });

  it('keeps its schedule when a run fails, and reports the failure', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T00:00:30Z') });
    const failures: string[] = [];
    let calls = 0;
    const scheduler = startScheduler(
      'cron(* * * * ? *)',
      async () => {
        calls++;
        throw new Error('store down');
      },
      { onError: (_error, at) => failures.push(at.toISOString()) },
    );
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    scheduler.stop();
    expect(calls).toBe(2);
    expect(failures).toEqual(['2026-11-26T00:01:00.000Z', '2026-11-26T00:02:00.000Z']);
  });

  it('waits longer than one timer allows (about 24.8 days) by chaining timers', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T07:00:00Z') });
    const runs: string[] = [];
    const scheduler = startScheduler('cron(0 0 1 JAN ? *)', async (now) => {
      runs.push(now.toISOString());
    });
    await vi.advanceTimersByTimeAsync(30 * 24 * 3_600_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(7 * 24 * 3_600_000);
    expect(runs).toEqual(['2027-01-01T00:00:00.000Z']);
    scheduler.stop();
  });
});
