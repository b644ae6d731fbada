// R-MAIL-1 end to end against the real local stores and the real local mail catcher: sweeps of a round of
// this file's own, their events read by the local relay, mailed over SMTP through the same rendering and
// claims the mailer Lambda uses. Sweeps count registry-wide things, so this file has a table of its own.

import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const { EVENTS_FILE } = await vi.hoisted(async () => {
  const file = `${process.env.TMPDIR ?? '/tmp'}/mail-events-${process.pid}-${Date.now()}.jsonl`;
  process.env.LOCAL_EVENTS_FILE = file;
  process.env.APP_URL = 'https://khenthuong.example.vn';
  process.env.MAIL_ROLE_ADDRESSES = JSON.stringify({
    appraiser: ['tham-dinh@snv.example.vn', 'TRUONG-PHONG@snv.example.vn'],
    admin: ['quan-tri@snv.example.vn'],
  });
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('mail');
  return { EVENTS_FILE: file };
});

import { vietnameseDeadline } from '#domain/mail.ts';
import { APP_URL, MAIL_ROLE_ADDRESSES } from '#functions/config.ts';
import { deliverNotification } from '#functions/jobs/mail-delivery.ts';
import { runSweep } from '#functions/jobs/sweep.ts';
import { getMailClaim } from '#functions/store/mail-claims.ts';
import { getUnit } from '#functions/store/units.ts';
import { type CaughtMail, type MailCatcher, startMailCatcher } from '../../local/mail-catcher.ts';
import { type MailRelay, startMailRelay } from '../../local/mail-relay.ts';
import { smtpTransport } from '../../local/smtp-transport.ts';
import { useLocalApi } from '../support/client.ts';
import { createDossier, createOpenRound } from '../support/fixtures.ts';

const { api } = useLocalApi();
const DAY = 86_400_000;
const settings = { appUrl: APP_URL, roleAddresses: MAIL_ROLE_ADDRESSES };

/** The relay's clock: still unless a test moves it, so that retries are due exactly when a test says. */
let clockMs = Date.now();
let catcher: MailCatcher;
let relay: MailRelay;
let smtpPort: number;
/** Everything received, across the catcher's restarts. */
const received: CaughtMail[] = [];
let seen = 0;

/** What the catcher received since the last call. */
function newMail(): CaughtMail[] {
  const all = catcher.messages().reverse();
  const fresh = all.slice(seen);
  seen = all.length;
  received.push(...fresh);
  return fresh;
}

const pairs = (mails: readonly CaughtMail[]) =>
  mails.flatMap((m) => m.to.map((to) => `${to} ${m.subject}`)).sort();

let roundId: string;
let roundName: string;
let D: string;
const at = (offsetMs: number) => new Date(Date.parse(D) + offsetMs);
const sweep = (offsetMs: number) => runSweep(at(offsetMs), { roundIds: [roundId] });

beforeAll(async () => {
  catcher = await startMailCatcher({ refuses: /@refused\.example\.vn$/ });
  smtpPort = catcher.smtpPort;
  relay = await startMailRelay({
    eventsFile: EVENTS_FILE,
    transport: smtpTransport(smtpPort, 'Khen thưởng <no-reply@example.vn>'),
    settings,
    clock: () => new Date(clockMs),
    onError: () => {},
  });
  const admin = await api().token('admin');
  const round = await createOpenRound(api(), admin, { days: 60 });
  roundId = round.roundId;
  D = new Date(round.submissionDeadline).toISOString();
  const stored = await api().get(`/rounds/${roundId}`, { token: admin });
  roundName = stored.body.name;
  const patched = await api().patch(`/rounds/${roundId}`, {
    token: admin,
    body: { appraisalDeadline: new Date(Date.parse(D) + 20 * DAY).toISOString(), reason: 'Hạn thẩm định' },
  });
  expect(patched.status, patched.text).toBe(200);
});

afterAll(async () => {
  relay?.stop();
  await catcher?.stop();
  await rm(EVENTS_FILE, { force: true });
});

describe('R-MAIL-1: unit contact addresses through the API', () => {
  it('PUT /units takes at most 5 valid addresses, each once, and GET shows them', async () => {
    const admin = await api().token('admin');
    const unit = (await api().get('/units/so-kh-dt', { token: admin })).body;
    const { version: _v, createdAt: _c, updatedAt: _u, unitId: _id, ...body } = unit;
    const put = (contactEmails: unknown) =>
      api().put('/units/so-kh-dt', { token: admin, body: { ...body, contactEmails } });
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x}@skhdt.example.vn`);
    for (const bad of [six, ['not-an-address'], ['A@skhdt.example.vn', 'a@skhdt.example.vn']]) {
      const res = await put(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.errors)).toContain('contactEmails');
    }
    const ok = await put(['van-thu@skhdt.example.vn', 'ok@refused.example.vn']);
    expect(ok.status, ok.text).toBe(200);
    expect((await api().get('/units/so-kh-dt', { token: admin })).body.contactEmails).toEqual([
      'van-thu@skhdt.example.vn',
      'ok@refused.example.vn',
    ]);
  });
});

describe('R-MAIL-1: reminders reach people, once', () => {
  /** The units of the registry that have contact addresses. */
  async function unitsWithContacts() {
    const report = await api().get('/units?limit=100', { token: await api().token('admin') });
    const withContacts = (report.body.items as { unitId: string; contactEmails?: string[] }[]).filter(
      (u) => u.contactEmails?.length,
    );
    return withContacts;
  }

  it('a sweep at D−7 mails every contact of every unit reminded, once; units without addresses send nothing and fail nothing', async () => {
    const report = await sweep(-7 * DAY);
    const reminded = report.notificationIds.filter((id) => id.startsWith('submission_reminder:'));
    expect(reminded.length).toBeGreaterThan(10);
    const tick = await relay.tick();
    expect(tick.pending).toBe(0);
    expect(tick.delivered.flatMap((r) => r.failed)).toEqual([]);

    const units = await unitsWithContacts();
    const remindedUnits = new Set(reminded.map((id) => id.split(':')[2]));
    const due = units.filter((u) => remindedUnits.has(u.unitId));
    expect(due.map((u) => u.unitId)).toEqual(expect.arrayContaining(['so-tu-phap', 'so-tai-chinh']));
    const subject = `[Nhắc hạn] Hồ sơ đề nghị khen thưởng đợt “${roundName}”: còn 7 ngày (hạn ${vietnameseDeadline(D)})`;
    const expected = due
      .flatMap((u) => (u.contactEmails ?? []).filter((a) => !a.endsWith('@refused.example.vn')))
      .map((to) => `${to} ${subject}`)
      .sort();
    const mails = newMail();
    expect(pairs(mails)).toEqual(expected);
    // One e-mail per address: no contact sees another unit's addresses.
    for (const m of mails) expect(m.to).toHaveLength(1);

    // The refused address is recorded, not retried, and failed nothing.
    const refused = reminded.find((id) => id.split(':')[2] === 'so-kh-dt');
    expect(refused).toBeDefined();
    expect(await getMailClaim(refused as string, 'ok@refused.example.vn')).toMatchObject({
      state: 'rejected',
      attempts: 1,
    });
    expect(await getMailClaim(refused as string, 'van-thu@skhdt.example.vn')).toMatchObject({
      state: 'sent',
    });
  });

  it('the content: a Vietnamese subject and body naming the round, the deadline in ICT, the days left and the link', () => {
    const mail = received.find((m) => m.to[0] === 'van-thu@stp.sonla.local');
    expect(mail).toBeDefined();
    const deadline = vietnameseDeadline(D);
    expect(deadline).toMatch(/^\d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    expect(mail?.text).toContain('Kính gửi: Sở Tư pháp,');
    expect(mail?.text).toContain(`Hồ sơ đề nghị khen thưởng đợt “${roundName}” của đơn vị chưa được nộp.`);
    expect(mail?.text).toContain(`Hạn nộp: trước ${deadline} (giờ Việt Nam), còn 7 ngày.`);
    expect(mail?.text).toContain('Truy cập hệ thống: https://khenthuong.example.vn');
    expect(mail?.html).toContain('<a href="https://khenthuong.example.vn">');
    expect(mail?.html).toContain(deadline);
    expect(mail?.text).not.toContain(roundId);
  });

  it('the same sweep again, two sweeps at once, and a redelivered event mail nothing more', async () => {
    const again = await sweep(-7 * DAY);
    expect(again.notificationIds).toEqual([]);
    await Promise.all([sweep(-7 * DAY), sweep(-7 * DAY)]);
    await relay.tick();
    expect(newMail()).toEqual([]);

    // Two sweeps at once at D−3: each contact gets the D−3 reminder once.
    const [a, b] = await Promise.all([sweep(-3 * DAY), sweep(-3 * DAY)]);
    const created = [...a.notificationIds, ...b.notificationIds];
    expect(new Set(created).size).toBe(created.length);
    await Promise.all([relay.tick(), relay.tick()]);
    const mails = newMail();
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(m.subject).toContain('còn 3 ngày');
    const list = pairs(mails);
    expect(new Set(list).size).toBe(list.length);

    // EventBridge delivers at least once: the same notification delivered again sends nothing.
    const id = created.find((x) => x.includes(':so-tai-chinh:')) as string;
    const redelivered = await deliverNotification(
      {
        notificationId: id,
        kind: 'submission_reminder',
        roundId,
        unitId: 'so-tai-chinh',
        dueAt: D,
        daysBefore: 3,
        createdAt: at(-3 * DAY).toISOString(),
      },
      smtpTransport(smtpPort, 'x@example.vn'),
      settings,
    );
    expect(redelivered.sent).toEqual([]);
    expect(redelivered.skipped.sort()).toEqual(
      ((await getUnit('so-tai-chinh'))?.contactEmails ?? []).slice().sort(),
    );
    expect(newMail()).toEqual([]);
  });

  it('the catcher down: the reminder waits, is retried, and arrives once when it is back', async () => {
    await catcher.stop();
    const report = await sweep(-1 * DAY);
    expect(report.notificationIds.length).toBeGreaterThan(0);
    const down = await relay.tick();
    expect(down.pending).toBeGreaterThan(0);
    expect(down.delivered.flatMap((r) => r.failed).length).toBeGreaterThan(0);
    expect(down.delivered.flatMap((r) => r.sent)).toEqual([]);
    // Not due yet (the relay's clock has not moved past the backoff): a tick tries nothing.
    const early = await relay.tick();
    expect(early.delivered).toEqual([]);
    expect(early.pending).toBe(down.pending);

    catcher = await startMailCatcher({ smtpPort, refuses: /@refused\.example\.vn$/ });
    seen = 0;
    // The first retry is due a second after the failure.
    clockMs += 1_000;
    const back = await relay.tick();
    expect(back.pending).toBe(0);
    const mails = newMail();
    expect(mails.length).toBe(back.delivered.flatMap((r) => r.sent).length);
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(m.subject).toContain('còn 1 ngày');
    expect(new Set(pairs(mails)).size).toBe(mails.length);
    await relay.tick({ force: true });
    expect(newMail()).toEqual([]);
  });

  it("an expiry mails the unit's contacts; an overdue appraisal report mails the role lists", async () => {
    const officer = await api().token('unit_officer', 'so-tai-chinh');
    await createDossier(api(), officer, roundId, 'so-tai-chinh');
    await sweep(1 * DAY);
    await relay.tick();
    const expired = newMail().filter((m) => m.subject.startsWith('[Quá hạn] Hồ sơ'));
    expect(pairs(expired)).toEqual(
      ['thi-dua@stc.sonla.local', 'van-thu@stc.sonla.local'].map(
        (to) => `${to} [Quá hạn] Hồ sơ đề nghị khen thưởng đợt “${roundName}” đã hết hạn`,
      ),
    );
    expect(expired[0]?.text).toContain('Kính gửi: Sở Tài chính,');

    await sweep(21 * DAY);
    await relay.tick();
    const overdue = newMail().filter((m) => m.subject.startsWith('[Quá hạn] Báo cáo thẩm định'));
    expect(pairs(overdue)).toEqual(
      ['quan-tri@snv.example.vn', 'tham-dinh@snv.example.vn', 'truong-phong@snv.example.vn'].map(
        (to) => `${to} [Quá hạn] Báo cáo thẩm định đợt “${roundName}” chưa được trình`,
      ),
    );
  });

  it('GET /dev/mail lists what the catcher received, newest first, without a token', async () => {
    const listed = await api().get('/dev/mail');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items).toEqual(catcher.messages());
    expect(listed.body.items.length).toBeGreaterThan(0);
    const times = listed.body.items.map((m: CaughtMail) => m.sentAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(listed.body.items[0]).toEqual({
      to: [expect.any(String)],
      subject: expect.stringContaining('[Quá hạn] Báo cáo thẩm định'),
      text: expect.any(String),
      html: expect.stringContaining('<html lang="vi">'),
      sentAt: expect.any(String),
    });
  });
});
