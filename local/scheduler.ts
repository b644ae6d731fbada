// The local stand-in for an EventBridge schedule rule (npm start): reads the same schedule expression as
// the deployed rule (JOBS.sweep.schedule) and calls the job at each occurrence with the occurrence's
// instant as "now", the way the scheduled event's `time` reaches the Lambda. Times are UTC, as in
// EventBridge. Timers are unref'd: the scheduler never keeps the process alive on its own.
//
// Supported: `cron(minutes hours day-of-month month day-of-week year)` with `*`, `?`, numbers, names
// (JAN–DEC, SUN–SAT; day-of-week 1 = Sunday), lists, ranges and steps; and `rate(n minute|hour|day[s])`.
// Not supported (refused): the L, W and # day modifiers.

import { JOBS } from '#functions/routes.ts';

export interface Schedule {
  /** The first occurrence strictly after `after`; undefined when there is none (a cron with past years). */
  next(after: Date): Date | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** setTimeout's longest delay (about 24.8 days); longer waits are chained. */
const MAX_DELAY = 2 ** 31 - 1;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

/** The values a cron field allows, or 'any' for `*` and `?`. */
function parseField(text: string, spec: FieldSpec): Set<number> | 'any' {
  if (text === '*' || text === '?') return 'any';
  const value = (token: string) => {
    const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    if (named < 0 && /[LW#]/i.test(token)) {
      throw new Error(`cron ${spec.name}: the L, W and # modifiers are not supported locally ("${token}")`);
    }
    const n = named >= 0 ? named + spec.min : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
      throw new Error(`cron ${spec.name}: "${token}" is not in ${spec.min}–${spec.max}`);
    }
    return n;
  };
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron ${spec.name}: bad step in "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : spec.max;
    }
    if (from > to) throw new Error(`cron ${spec.name}: empty range "${part}"`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const has = (field: Set<number> | 'any', v: number) => field === 'any' || field.has(v);

function cronSchedule(body: string): Schedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(`cron needs 6 fields (min hour day month weekday year): "${body}"`);
  const [min = '', hour = '', dom = '', month = '', dow = '', year = ''] = fields;
  if ((dom === '?') === (dow === '?'))
    throw new Error(`cron: exactly one of day-of-month and day-of-week must be "?"`);
  const minutes = parseField(min, { name: 'minutes', min: 0, max: 59 });
  const hours = parseField(hour, { name: 'hours', min: 0, max: 23 });
  const days = parseField(dom, { name: 'day-of-month', min: 1, max: 31 });
  const months = parseField(month, { name: 'month', min: 1, max: 12, names: MONTHS });
  const weekdays = parseField(dow, { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS });
  const years = parseField(year, { name: 'year', min: 1970, max: 2199 });
  const lastYear = years === 'any' ? 2199 : Math.max(...years);

  return {
    next(after) {
      let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
      for (let guard = 0; guard < 100_000; guard++) {
        const d = new Date(t);
        const y = d.getUTCFullYear();
        if (y > lastYear) return undefined;
        if (!has(years, y)) {
          t = Date.UTC(y + 1, 0, 1);
          continue;
        }
        if (!has(months, d.getUTCMonth() + 1)) {
          t = Date.UTC(y, d.getUTCMonth() + 1, 1);
          continue;
        }
        if (!has(days, d.getUTCDate()) || !has(weekdays, d.getUTCDay() + 1)) {
          t = Date.UTC(y, d.getUTCMonth(), d.getUTCDate() + 1);
          continue;
        }
        if (!has(hours, d.getUTCHours())) {
          t = Date.UTC(y, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
          continue;
        }
        if (!has(minutes, d.getUTCMinutes())) {
          t += MINUTE;
          continue;
        }
        return d;
      }
      return undefined;
    },
  };
}

function rateSchedule(body: string): Schedule {
  const match = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
  if (!match) throw new Error(`rate must read "rate(<n> minutes|hours|days)": "${body}"`);
  const n = Number(match[1]);
  if (n < 1) throw new Error('rate must be at least 1');
  const unit = match[2]?.startsWith('minute') ? MINUTE : match[2]?.startsWith('hour') ? HOUR : DAY;
  return { next: (after) => new Date(after.getTime() + n * unit) };
}

/** Parses an EventBridge schedule expression: `cron(...)` or `rate(...)`. */
export function parseSchedule(expression: string): Schedule {
  const match = /^\s*(cron|rate)\((.*)\)\s*$/.exec(expression);
  if (!match) throw new Error(`Not an EventBridge schedule expression: "${expression}"`);
  return match[1] === 'cron' ? cronSchedule(match[2] ?? '') : rateSchedule(match[2] ?? '');
}

export interface SchedulerOptions {
  /** The clock (tests pass a fake one). */
  clock?: () => Date;
  /** A failed run is reported here and the schedule goes on. */
  onError?: (error: unknown, at: Date) => void;
}

/**
 * Calls `run(occurrence)` at every occurrence of the schedule, one run at a time: an occurrence that falls
 * while a run is still going is skipped, not queued.
 */
export function startScheduler(
  schedule: string = JOBS.sweep.schedule,
  run: (now: Date) => Promise<unknown>,
  options: SchedulerOptions = {},
): { stop(): void } {
  const parsed = parseSchedule(schedule);
  const clock = options.clock ?? (() => new Date());
  const onError =
    options.onError ??
    ((error: unknown, at: Date) => console.error(`[scheduler] run at ${at.toISOString()} failed`, error));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const arm = (after: Date) => {
    if (stopped) return;
    const at = parsed.next(after);
    if (!at) return;
    const wait = () => {
      if (stopped) return;
      const delay = at.getTime() - clock().getTime();
      timer = setTimeout(delay > MAX_DELAY ? wait : fire, Math.min(Math.max(0, delay), MAX_DELAY));
      timer.unref?.();
    };
    const fire = async () => {
      if (stopped) return;
      try {
        await run(at);
      } catch (error) {
        onError(error, at);
      }
      arm(new Date(Math.max(at.getTime(), clock().getTime())));
    };
    wait();
  };

  arm(clock());
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
