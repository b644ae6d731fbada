// The local stand-in for the rule on the notification bus that invokes the mailer (R-MAIL-1 under
// `npm start`). Locally the sweep publishes each notification event as a line of the events file
// (functions/jobs/notification-events.ts); the relay follows that file, and hands each notification to the
// same delivery code the mailer Lambda runs, with an SMTP transport to the local mail catcher.
//
// Like EventBridge's retry policy: a notification that failed for now (the catcher down) stays pending and
// is tried again with exponential backoff (1 s, 2 s, 4 s … at most a minute apart) until it is delivered;
// after MAX_ATTEMPTS it is written to the dead-letter file instead. Where it stands in the events file and
// what is pending are kept in a state file beside it, so a restart neither loses nor repeats a delivery
// (and the claims make a repeat harmless anyway).

import { appendFile, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { MailableNotification } from '#domain/mail.ts';
import {
  type DeliveryReport,
  deliverNotification,
  type MailSettings,
  type MailTransport,
  notificationOf,
} from '#functions/jobs/mail-delivery.ts';
import { NOTIFICATION_EVENT_SOURCE } from '#domain/mail.ts';

export const MAX_ATTEMPTS = 20;
const MAX_BACKOFF_MS = 60_000;

interface Pending {
  notification: MailableNotification;
  attempts: number;
  /** Epoch ms of the next attempt. */
  nextAt: number;
}

interface RelayState {
  /** Bytes of the events file already read. */
  offset: number;
  pending: Pending[];
}

export interface MailRelayOptions {
  eventsFile: string;
  /** Where the relay keeps its place and its pending deliveries; memory only when absent. */
  stateFile?: string;
  /** Notifications given up on after MAX_ATTEMPTS (JSON Lines). */
  deadLetterFile?: string;
  transport: MailTransport;
  settings: MailSettings;
  /** How often the events file is read and due retries run; 0: only when tick() is called. */
  intervalMs?: number;
  clock?: () => Date;
  onDelivered?: (report: DeliveryReport) => void;
  onError?: (error: unknown) => void;
}

export interface RelayTick {
  read: number;
  delivered: DeliveryReport[];
  /** Still pending after this tick (failed for now). */
  pending: number;
}

export interface MailRelay {
  /** Reads new events and attempts every delivery that is due (`force`: every pending one, now). */
  tick(options?: { force?: boolean }): Promise<RelayTick>;
  pending(): number;
  stop(): void;
}

let active: MailRelay | undefined;

/** Delivers what the running relay of this process has not yet (after POST /dev/sweep); nothing without one. */
export const deliverPendingMail = async (): Promise<RelayTick | undefined> =>
  active?.tick().catch((error: unknown) => {
    console.error('[mail]', error);
    return undefined;
  });

/**
 * Where the relay stands: as saved, or — on its first start — at the end of the events file, so that the
 * events published before mail existed are not mailed now, long after they were news.
 */
async function readState(file: string | undefined, eventsFile: string): Promise<RelayState> {
  if (file) {
    try {
      const state = JSON.parse(await readFile(file, 'utf8')) as RelayState;
      if (Number.isInteger(state.offset) && Array.isArray(state.pending)) return state;
    } catch {}
  }
  const size = await stat(eventsFile).then(
    (s) => s.size,
    () => 0,
  );
  return { offset: size, pending: [] };
}

/** The complete lines written after `offset`, and the offset after the last of them. */
async function newLines(file: string, offset: number): Promise<{ lines: string[]; offset: number }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    return { lines: [], offset: 0 };
  }
  try {
    const { size } = await handle.stat();
    // The file was replaced by a shorter one (deleted, started over): read it from its start.
    const from = size < offset ? 0 : offset;
    if (size === from) return { lines: [], offset: from };
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    const end = buffer.lastIndexOf(0x0a);
    if (end < 0) return { lines: [], offset: from };
    const lines = buffer.subarray(0, end).toString('utf8').split('\n').filter(Boolean);
    return { lines, offset: from + end + 1 };
  } finally {
    await handle.close();
  }
}

export async function startMailRelay(options: MailRelayOptions): Promise<MailRelay> {
  const clock = options.clock ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error('[mail]', error));
  const state = await readState(options.stateFile, options.eventsFile);
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const save = async () => {
    if (!options.stateFile) return;
    const temp = `${options.stateFile}.tmp`;
    await writeFile(temp, JSON.stringify(state), 'utf8');
    await rename(temp, options.stateFile);
  };

  const run = async (force: boolean): Promise<RelayTick> => {
    const read = await newLines(options.eventsFile, state.offset);
    state.offset = read.offset;
    for (const line of read.lines) {
      let event: { source?: unknown; detail?: unknown };
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      const notification =
        event.source === NOTIFICATION_EVENT_SOURCE ? notificationOf(event.detail) : undefined;
      if (notification) state.pending.push({ notification, attempts: 0, nextAt: 0 });
    }
    const delivered: DeliveryReport[] = [];
    const now = clock().getTime();
    const due = state.pending.filter((p) => force || p.nextAt <= now);
    for (const item of due) {
      let ok = false;
      try {
        const report = await deliverNotification(
          item.notification,
          options.transport,
          options.settings,
          clock,
        );
        delivered.push(report);
        options.onDelivered?.(report);
        ok = report.failed.length === 0;
      } catch (error) {
        onError(error);
      }
      if (ok) {
        state.pending.splice(state.pending.indexOf(item), 1);
        continue;
      }
      item.attempts++;
      item.nextAt = clock().getTime() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (item.attempts - 1));
      if (item.attempts >= MAX_ATTEMPTS) {
        state.pending.splice(state.pending.indexOf(item), 1);
        if (options.deadLetterFile)
          await appendFile(options.deadLetterFile, `${JSON.stringify(item)}\n`, 'utf8');
        onError(
          new Error(
            `notification ${item.notification.notificationId}: given up after ${item.attempts} attempts`,
          ),
        );
      }
    }
    await save();
    return { read: read.lines.length, delivered, pending: state.pending.length };
  };

  // One tick at a time: a tick asked for while one runs starts when it ends.
  const tick = (opts: { force?: boolean } = {}) => {
    const next = chain.then(() => run(opts.force ?? false));
    chain = next.catch(() => undefined);
    return next;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.intervalMs) {
    timer = setInterval(() => {
      if (!stopped) tick().catch(onError);
    }, options.intervalMs);
    timer.unref?.();
  }
  const relay: MailRelay = {
    tick,
    pending: () => state.pending.length,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (active === relay) active = undefined;
    },
  };
  active = relay;
  return relay;
}
