// R-SWEEP-1 end to end against DynamoDB Local: a dedicated round created through the admin API, dossiers
// through the API, sweeps at chosen instants around its deadline D.
//
// A sweep reads registry-wide things (every proposing unit is reminded; the outbox is one index of the whole
// table), and this file counts them. So it runs on a table of its own, seeded like the shared one: other
// test files add units and leave notifications in the outbox of the shared table while this one runs, and
// would change what it counts. Sweeps are still limited to this file's round (`roundIds`) except through
// POST /dev/sweep, which runs at instants (2018–2019) no round of this table is near.

import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const { EVENTS_FILE } = await vi.hoisted(async () => {
  // Before any module reads the configuration: this file's table, and its events in a file of its own.
  const file = `${process.env.TMPDIR ?? '/tmp'}/sweep-events-${process.pid}-${Date.now()}.jsonl`;
  process.env.LOCAL_EVENTS_FILE = file;
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('sweep');
  return { EVENTS_FILE: file };
});

import { PLAN_1109 } from '#domain/campaign.ts';
import { reportDeadline } from '#domain/deadlines.ts';
import { reportingUnits } from '#domain/movement-report.ts';
import { proposingUnits } from '#domain/sweep.ts';
import { type SweepReport, runSweep, sweepScheduledEvent } from '#functions/jobs/sweep.ts';
import type { EventSink } from '#functions/jobs/notification-events.ts';
import { listAudit } from '#functions/store/audit.ts';
import { getItem, type Item, putVersioned, queryAll, strip, transact } from '#functions/store/db.ts';
import { type DossierRecord, dossierItem } from '#functions/store/dossiers.ts';
import {
  type Addressee,
  addresseeId,
  dossierKey,
  notificationById,
  notificationKey,
  notificationOutbox,
} from '#functions/store/keys.ts';
import { listNotifications, type NotificationRecord } from '#functions/store/notifications.ts';
import { allUnits } from '#functions/store/sweep.ts';
import { type Api, useLocalApi } from '../support/client.ts';
import { createDossier, createOpenRound } from '../support/fixtures.ts';
import { setRoundDeadlines, storedMovementReport, submittedDossier } from '../support/stored.ts';
import { scheduledEvent } from '../../local/job-events.ts';

type Dossier = Awaited<ReturnType<typeof createDossier>>;

const { api } = useLocalApi();

const DAY = 86_400_000;

/** The proposing units of this file's registry. */
const proposers = async () => new Set(proposingUnits(await allUnits()).map((u) => u.unitId));

/** Every stored notification of one round, whoever it is addressed to. */
async function stored(roundId: string): Promise<NotificationRecord[]> {
  const addressees: Addressee[] = [
    ...(await allUnits()).map((u) => ({ unitId: u.unitId })),
    { role: 'appraiser' },
    { role: 'admin' },
  ];
  const items = await Promise.all(
    addressees.map((a) =>
      queryAll({
        where: notificationById.partition({ addressee: addresseeId(a) }),
        filter: { FilterExpression: 'roundId = :r', ExpressionAttributeValues: { ':r': roundId } },
      }),
    ),
  );
  return items.flat().map((i) => strip<NotificationRecord>(i));
}

async function events(): Promise<{ source: string; 'detail-type': string; detail: NotificationRecord }[]> {
  const text = await readFile(EVENTS_FILE, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const total = (r: SweepReport) => Object.values(r.created).reduce((a, b) => a + b, 0);

/** A draft dossier of `unitId`, created through the API by that unit's officer. */
const newDossier = async (a: Api, roundId: string, unitId: string) =>
  createDossier(a, await a.token('unit_officer', unitId), roundId, unitId);

async function readDossier(dossierId: string): Promise<DossierRecord> {
  const item = await getItem<Item>(dossierKey(dossierId));
  if (!item) throw new Error(`no dossier ${dossierId}`);
  return strip<DossierRecord>(item);
}

/** A dossier put straight into the state the submit route leaves it in (no documents to upload). */
async function markSubmitted(dossierId: string, at: Date) {
  const d = await readDossier(dossierId);
  const next: DossierRecord = {
    ...d,
    status: 'submitted',
    submittedAt: at.toISOString(),
    version: d.version + 1,
  };
  await transact([putVersioned(dossierItem(next), d.version, () => new Error('changed'))]);
}

describe('R-SWEEP-1: deadline sweeps of one round', () => {
  let roundId: string;
  let D: string;
  let dApp: string;
  let extended: string;
  const at = (offsetMs: number) => new Date(Date.parse(D) + offsetMs);
  const sweep = (offsetMs: number, sink?: EventSink) =>
    runSweep(at(offsetMs), { roundIds: [roundId], ...(sink ? { sink } : {}) });
  // A: draft that expires; B: submitted between two sweeps; C: extended; E: another draft.
  let A: Dossier;
  let B: Dossier;
  let C: Dossier;
  let E: Dossier;

  beforeAll(async () => {
    const admin = await api().token('admin');
    const round = await createOpenRound(api(), admin, { days: 60 });
    roundId = round.roundId;
    D = new Date(round.submissionDeadline).toISOString();
    dApp = new Date(Date.parse(D) + 20 * DAY).toISOString();
    extended = new Date(Date.parse(D) + 5 * DAY).toISOString();
    const patched = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { appraisalDeadline: dApp, reason: 'Hạn trình báo cáo thẩm định' },
    });
    expect(patched.status, patched.text).toBe(200);
    [A, B, C, E] = await Promise.all([
      newDossier(api(), roundId, 'so-tu-phap'),
      newDossier(api(), roundId, 'h-moc-chau'),
      newDossier(api(), roundId, 'x-chieng-son'),
      newDossier(api(), roundId, 'so-kh-dt'),
    ]);
  });

  it('R-SWEEP-1: nothing is due 15 days before D', async () => {
    const report = await sweep(-15 * DAY);
    expect(report.rounds.processed).toEqual([]);
    expect(total(report)).toBe(0);
    expect(await stored(roundId)).toEqual([]);
  });

  it('R-SWEEP-1: 14 days before D every proposing unit is reminded to submit (and, in a practice round, of no report)', async () => {
    const before = await proposers();
    const report = await sweep(-14 * DAY);
    const after = await proposers();
    expect(report.rounds.processed).toEqual([roundId]);

    const notes = await stored(roundId);
    const submission = notes.filter((n) => n.kind === 'submission_reminder');
    const reports = notes.filter((n) => n.kind === 'report_reminder');
    const addressed = new Set(submission.map((n) => n.unitId));
    // Exactly the proposing units of the registry: every one of them, and only them.
    for (const unitId of before) expect(addressed.has(unitId), unitId).toBe(true);
    for (const unitId of addressed) expect(after.has(unitId as string), unitId).toBe(true);
    expect(addressed.has('snv-phong-cchc')).toBe(false);
    expect(addressed.has('tpsl-phong-noi-vu')).toBe(false);
    for (const n of submission) expect(n).toMatchObject({ daysBefore: 14, dueAt: D, read: false });
    expect(submission.map((n) => n.notificationId)).toContain(
      `submission_reminder:${roundId}:so-tu-phap:14:${D}`,
    );

    // R-REP-1: D-REP belongs to the year (30 Dec), not to this round's D; and a practice round of 2025
    // never carries the year's report reminders (annual-2025 does).
    expect(reports).toEqual([]);

    expect(report.created).toMatchObject({
      submission_reminder: submission.length,
      report_reminder: 0,
    });
    expect(new Set(report.notificationIds)).toEqual(new Set(notes.map((n) => n.notificationId)));

    // Each new notification went out as an event and left the outbox.
    const out = (await events()).filter((e) => e.detail.roundId === roundId);
    expect(out).toHaveLength(notes.length);
    expect(
      out.find((e) => e.detail.unitId === 'so-tu-phap' && e.detail.kind === 'submission_reminder'),
    ).toMatchObject({
      source: 'commendation.deadlines',
      'detail-type': 'SubmissionReminder',
    });
    expect(report.events).toMatchObject({ sink: 'file', published: notes.length, failed: 0 });
    const item = await getItem<Item>(
      notificationKey({ unitId: 'so-tu-phap' }, `submission_reminder:${roundId}:so-tu-phap:14:${D}`),
    );
    expect(item?.publishedAt).toBeTypeOf('string');
    expect(item).not.toHaveProperty(notificationOutbox.attributes.pk);
  });

  it('R-SWEEP-1: the same instant twice creates nothing the second time', async () => {
    const count = (await stored(roundId)).length;
    const again = await sweep(-14 * DAY);
    expect(total(again)).toBe(0);
    expect(again.alreadyDone.notifications).toBeGreaterThanOrEqual(count);
    expect(await stored(roundId)).toHaveLength(count);
  });

  it('R-SWEEP-1: two sweeps at once create each notification once', async () => {
    const [one, two] = await Promise.all([sweep(-7 * DAY), sweep(-7 * DAY)]);
    const ids = [...one.notificationIds, ...two.notificationIds];
    expect(new Set(ids).size).toBe(ids.length);
    const sevens = (await stored(roundId)).filter((n) => n.daysBefore === 7);
    expect(new Set(ids)).toEqual(new Set(sevens.map((n) => n.notificationId)));
    expect(sevens.filter((n) => n.kind === 'submission_reminder').length).toBeGreaterThanOrEqual(
      (await proposers()).size - 1,
    );
  });

  it('R-SWEEP-1: a dossier submitted between two sweeps gets no more submission reminders', async () => {
    await markSubmitted(B.dossierId, at(-5 * DAY));
    const report = await sweep(-3 * DAY);
    const threes = (await stored(roundId)).filter((n) => n.daysBefore === 3);
    const submission = threes.filter((n) => n.kind === 'submission_reminder').map((n) => n.unitId);
    expect(submission).not.toContain('h-moc-chau');
    expect(submission).toContain('so-tu-phap');
    expect(report.created.submission_reminder).toBe(submission.length);
  });

  it('R-SWEEP-1: a sweep whose events did not go out is finished by the next run', async () => {
    const failing: EventSink = {
      name: 'file',
      publish: async (ns) => ({ published: [], failed: ns.map((n) => n.notificationId) }),
    };
    const first = await sweep(-DAY, failing);
    expect(total(first)).toBeGreaterThan(0);
    expect(first.events.failed).toBe(total(first));
    const id = `submission_reminder:${roundId}:so-tu-phap:1:${D}`;
    expect(first.notificationIds).toContain(id);
    const pending = await getItem<Item>(notificationKey({ unitId: 'so-tu-phap' }, id));
    expect(pending).toMatchObject(notificationOutbox.keys(strip<NotificationRecord>(pending ?? {})));

    const second = await sweep(-DAY);
    expect(total(second)).toBe(0);
    expect(second.alreadyDone.notifications).toBe(total(first));
    const published = await getItem<Item>(notificationKey({ unitId: 'so-tu-phap' }, id));
    expect(published?.publishedAt).toBeTypeOf('string');
    expect(published).not.toHaveProperty(notificationOutbox.attributes.pk);
  });

  it('SPEC §6: at D draft dossiers become expired, each with one dossier_expired notice and an audit record', async () => {
    const report = await sweep(0);
    expect(new Set(report.expiredDossierIds)).toEqual(new Set([A.dossierId, C.dossierId, E.dossierId]));
    expect(report.created).toMatchObject({
      dossier_expired: 3,
      submission_reminder: 0,
      report_reminder: 0,
      appraisal_reminder: 0,
      appraisal_overdue: 0,
    });
    const expired = (await stored(roundId)).filter((n) => n.kind === 'dossier_expired');
    expect(expired.map((n) => n.unitId).sort()).toEqual(['so-kh-dt', 'so-tu-phap', 'x-chieng-son']);
    expect(expired.every((n) => n.dueAt === D)).toBe(true);

    const officer = await api().token('unit_officer', 'so-tu-phap');
    const read = await api().get(`/dossiers/${A.dossierId}`, { token: officer });
    expect(read.body).toMatchObject({ status: 'expired', expiredFrom: 'draft', version: A.version + 1 });
    expect((await readDossier(B.dossierId)).status).toBe('submitted');
    const audit = await listAudit(A.dossierId, 50, undefined);
    expect(audit.items.find((r) => r.action === 'expire')).toMatchObject({
      actor: 'system:sweep',
      role: 'system',
      unitId: 'so-tu-phap',
      after: expect.objectContaining({ status: 'expired' }),
    });

    const again = await sweep(0);
    expect(total(again)).toBe(0);
    expect(again.expiredDossierIds).toEqual([]);
  });

  it('R-DL-2: a per-unit extension reopens the expired dossier and moves its reminders', async () => {
    const admin = await api().token('admin');
    const res = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { unitId: 'x-chieng-son', submissionDeadline: extended, reason: 'Gia hạn do mưa lũ' },
    });
    expect(res.status, res.text).toBe(200);
    expect((await readDossier(C.dossierId)).status).toBe('draft');

    const report = await sweep(DAY);
    expect(report.notificationIds).toEqual([`submission_reminder:${roundId}:x-chieng-son:7:${extended}`]);
    expect(report.expiredDossierIds).toEqual([]);
    expect((await readDossier(A.dossierId)).status).toBe('expired');

    // The extended deadline passes too: expired again, told again (a new notice for the new version).
    const later = await sweep(5 * DAY);
    expect(later.expiredDossierIds).toEqual([C.dossierId]);
    const notices = (await stored(roundId)).filter(
      (n) => n.kind === 'dossier_expired' && n.unitId === 'x-chieng-son',
    );
    expect(notices.map((n) => n.dueAt).sort()).toEqual([D, extended].sort());
  });

  it('SPEC §7: GET /notifications shows the unit its notifications, newest first; read marks them', async () => {
    const officer = await api().token('unit_officer', 'so-tu-phap');
    const list = await api().get('/notifications?limit=100', { token: officer });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.every((n: NotificationRecord) => n.unitId === 'so-tu-phap')).toBe(true);
    const createdAts = list.body.items.map((n: NotificationRecord) => n.createdAt);
    expect(createdAts).toEqual([...createdAts].sort().reverse());
    // Other test files sweep other rounds meanwhile, each reminding so-tu-phap: look past the first page.
    const find = async (query: string, id: (n: NotificationRecord) => boolean, lang = 'vi') => {
      let next: string | undefined;
      for (let page = 0; page < 100; page++) {
        const token = next ? `&nextToken=${encodeURIComponent(next)}` : '';
        const res = await api().get(`/notifications?limit=100${query}${token}`, {
          token: officer,
          headers: { 'accept-language': lang },
        });
        expect(res.status, res.text).toBe(200);
        const hit = res.body.items.find(id);
        if (hit) return hit;
        next = res.body.nextToken;
        if (!next) return undefined;
      }
      return undefined;
    };
    const expired = await find('', (n) => n.roundId === roundId && n.kind === 'dossier_expired');
    expect(expired).toMatchObject({ read: false, dueAt: D });
    expect(typeof expired.message).toBe('string');
    expect(expired.publishedAt).toBeUndefined();
    // R-I18N-1: stored as a code, the same notification reads in each reader's language.
    expect(expired.message).toMatch(
      /^Hồ sơ đề nghị khen thưởng đợt “.+” của đơn vị đã quá hạn nộp \(trước \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/,
    );
    const same = await find('', (n) => n.notificationId === expired.notificationId, 'en');
    expect(same.message).toMatch(/^Your commendation dossier for round “.+” missed its deadline/);
    expect(same.message).toContain('(Vietnam time, UTC+7)');

    const isIt = (n: NotificationRecord) => n.notificationId === expired.notificationId;
    expect(await find('&unread=true', isIt)).toBeDefined();

    const path = `/notifications/${encodeURIComponent(expired.notificationId)}/read`;
    const other = await api().token('unit_officer', 'so-noi-vu');
    expect((await api().post(path, { token: other })).status).toBe(404);
    const marked = await api().post(path, { token: officer });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body).toMatchObject({ notificationId: expired.notificationId, read: true });

    expect(await find('&unread=true', isIt)).toBeUndefined();
    expect(await find('&unread=false', isIt)).toMatchObject({ read: true });
  });

  it('SPEC §8: the notification list is paginated without gaps or repeats', async () => {
    const officer = await api().token('unit_officer', 'so-tu-phap');
    const all = await api().get('/notifications?limit=100', { token: officer });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await api().get(`/notifications?limit=3${token ? `&nextToken=${token}` : ''}`, {
        token: officer,
      });
      expect(page.status, page.text).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((n: NotificationRecord) => n.notificationId));
      token = page.body.nextToken;
    } while (token && seen.length < 100);
    expect(seen.slice(0, all.body.items.length)).toEqual(
      all.body.items.map((n: NotificationRecord) => n.notificationId),
    );
    expect((await api().get('/notifications?nextToken=garbage', { token: officer })).status).toBe(400);
  });

  it('R-SWEEP-1: appraisers are reminded before D-APP, and an overdue report is flagged to appraisers and admins', async () => {
    const reminded = await sweep(6 * DAY);
    expect(reminded.notificationIds).toEqual([`appraisal_reminder:${roundId}:@appraiser:14:${dApp}`]);
    const overdue = await sweep(20 * DAY);
    expect(overdue.notificationIds.sort()).toEqual(
      [
        `appraisal_overdue:${roundId}:@admin:${dApp}`,
        `appraisal_overdue:${roundId}:@appraiser:${dApp}`,
      ].sort(),
    );
    expect(total(await sweep(21 * DAY))).toBe(0);

    const appraiser = await api().token('appraiser');
    const list = await api().get('/notifications?limit=100', { token: appraiser });
    const kinds = list.body.items
      .filter((n: NotificationRecord) => n.roundId === roundId)
      .map((n: NotificationRecord) => n.kind);
    expect(kinds.sort()).toEqual(['appraisal_overdue', 'appraisal_reminder']);
    const admin = await api().token('admin');
    const adminList = await api().get('/notifications?limit=100', { token: admin });
    expect(
      adminList.body.items
        .filter((n: NotificationRecord) => n.roundId === roundId)
        .map((n: NotificationRecord) => n.kind),
    ).toEqual(['appraisal_overdue']);
  });

  it('SPEC §7: a caller with several roles reads their notifications merged, newest first, page by page', async () => {
    const roles = [{ role: 'appraiser' }, { role: 'admin' }];
    const whole = await listNotifications(roles, { limit: 100 });
    const ids = whole.items.map((n) => n.notificationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        `appraisal_reminder:${roundId}:@appraiser:14:${dApp}`,
        `appraisal_overdue:${roundId}:@appraiser:${dApp}`,
        `appraisal_overdue:${roundId}:@admin:${dApp}`,
      ]),
    );
    const keys = whole.items.map((n) => `${n.createdAt}#${n.notificationId}`);
    expect(keys).toEqual([...keys].sort().reverse());
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await listNotifications(roles, { limit: 2, nextToken });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((n) => n.notificationId));
      nextToken = page.nextToken;
    } while (nextToken && paged.length < 100);
    expect(paged.slice(0, ids.length)).toEqual(ids);
    const unread = await listNotifications(roles, { limit: 100, unread: true });
    expect(unread.items.every((n) => !n.read)).toBe(true);
  });
});

describe('R-REP-1 / D-REP: movement report reminders', () => {
  // The seeded annual-2025 carries Plan 1109's reminders of the 2025 report, due before 30/12/2025 00:00.
  const D_REP = reportDeadline(2025);
  const at = (offsetMs: number) => new Date(Date.parse(D_REP) + offsetMs);
  const reportReminders = async () =>
    (await stored('annual-2025')).filter((n) => n.kind === 'report_reminder');

  beforeAll(async () => {
    // so-kh-dt filed its 2025 report; so-tu-phap opened one but never submitted it.
    await storedMovementReport({ unitId: 'so-kh-dt', year: 2025, status: 'submitted' });
    await storedMovementReport({ unitId: 'so-tu-phap', year: 2025, status: 'draft' });
  });

  it('R-REP-1: a round of the year in a campaign that asks for no report, swept alone, reminds of no report', async () => {
    const admin = await api().token('admin');
    const practice = await createOpenRound(api(), admin, { days: 30 });
    const report = await runSweep(at(-14 * DAY), { roundIds: [practice.roundId] });
    expect(report.created.report_reminder).toBe(0);
  });

  it('R-REP-1: 14 days before D-REP the units that must report and have not submitted are reminded, once', async () => {
    const report = await runSweep(at(-14 * DAY), { roundIds: ['annual-2025'] });
    const reminders = await reportReminders();
    const expected = reportingUnits(await allUnits(), PLAN_1109)
      .map((u) => u.unitId)
      .filter((u) => u !== 'so-kh-dt');
    expect(reminders.map((n) => n.unitId).sort()).toEqual(expected.sort());
    expect(report.created.report_reminder).toBe(expected.length);
    // The provincial agencies and district people's committees: a draft report is not a filed one; no
    // commune and no sub-unit is reminded (seed IV.1).
    expect(expected).toContain('so-tu-phap');
    expect(expected).toContain('h-moc-chau');
    const tiers = new Map((await allUnits()).map((u) => [u.unitId, u.tier]));
    expect(reminders.every((n) => tiers.get(n.unitId as string) !== 'commune')).toBe(true);
    expect(reminders.map((n) => n.unitId)).not.toContain('snv-phong-cchc');
    for (const n of reminders) {
      expect(n).toMatchObject({ roundId: 'annual-2025', dueAt: D_REP, daysBefore: 14 });
      expect(n.notificationId).toBe(`report_reminder:annual-2025:${n.unitId}:14:${D_REP}`);
    }
    expect(total(await runSweep(at(-14 * DAY), { roundIds: ['annual-2025'] }))).toBe(0);
  });

  it('R-REP-1: a unit that files its report gets no further reminder; none after D-REP', async () => {
    await storedMovementReport({ unitId: 'h-moc-chau', year: 2025, status: 'submitted' });
    await runSweep(at(-7 * DAY), { roundIds: ['annual-2025'] });
    const sevens = (await reportReminders()).filter((n) => n.daysBefore === 7);
    expect(sevens.map((n) => n.unitId)).not.toContain('h-moc-chau');
    expect(sevens.map((n) => n.unitId)).toContain('so-tu-phap');
    const after = await runSweep(at(DAY), { roundIds: ['annual-2025'] });
    expect(after.created.report_reminder).toBe(0);
  });
});

describe('R-DL-1: what expires when', () => {
  /** A round of its own whose D-SUB is 60 days ahead, with a returned dossier (stored as an appraisal leaves it). */
  async function roundWithReturned(unitId: string) {
    const admin = await api().token('admin');
    const round = await createOpenRound(api(), admin, { days: 60 });
    const D = new Date(round.submissionDeadline).toISOString();
    const returned = await submittedDossier({
      roundId: round.roundId,
      unitId,
      status: 'returned',
      nominations: [
        {
          nomineeType: 'collective',
          nominee: { unitId },
          criteriaClaimed: ['AC1'],
          status: 'returned',
        },
      ],
    });
    const draft = await newDossier(api(), round.roundId, 'so-y-te');
    return { admin, roundId: round.roundId, D, returned, draft };
  }
  const at = (iso: string, offset: number) => new Date(Date.parse(iso) + offset);

  it('R-DL-1: a returned dossier expires at the appraisal deadline, not at D-SUB; a draft at D-SUB', async () => {
    const { admin, roundId, D, returned, draft } = await roundWithReturned('so-tai-chinh');
    const dApp = new Date(Date.parse(D) + 20 * DAY).toISOString();
    const patched = await api().patch(`/rounds/${roundId}`, {
      token: admin,
      body: { appraisalDeadline: dApp, reason: 'Hạn trình báo cáo thẩm định' },
    });
    expect(patched.status, patched.text).toBe(200);

    const atSub = await runSweep(at(D, DAY), { roundIds: [roundId] });
    expect(atSub.expiredDossierIds).toEqual([draft.dossierId]);
    expect((await readDossier(returned.dossierId)).status).toBe('returned');

    const beforeApp = await runSweep(at(dApp, -1), { roundIds: [roundId] });
    expect(beforeApp.expiredDossierIds).toEqual([]);
    const atApp = await runSweep(at(dApp, 0), { roundIds: [roundId] });
    expect(atApp.expiredDossierIds).toEqual([returned.dossierId]);
    expect(await readDossier(returned.dossierId)).toMatchObject({
      status: 'expired',
      expiredFrom: 'returned',
    });
    const notice = (await stored(roundId)).find(
      (n) => n.kind === 'dossier_expired' && n.unitId === 'so-tai-chinh',
    );
    expect(notice?.dueAt).toBe(dApp);
  });

  it('R-DL-1: in a round with no appraisal deadline yet a returned dossier stays returned', async () => {
    const { roundId, D, returned } = await roundWithReturned('so-xay-dung');
    for (const offset of [DAY, 30 * DAY, 300 * DAY]) {
      const report = await runSweep(at(D, offset), { roundIds: [roundId] });
      expect(report.expiredDossierIds).not.toContain(returned.dossierId);
    }
    expect((await readDossier(returned.dossierId)).status).toBe('returned');
  });
});

describe('R-SWEEP-1: the scheduled entry points', () => {
  it('POST /dev/sweep runs the sweep for `at` and answers what it did', async () => {
    const admin = await api().token('admin');
    const round = await createOpenRound(api(), admin, { days: 45 });
    const draft = await newDossier(api(), round.roundId, 'so-y-te');
    // A deadline long gone: set in the table, as an admin may not move one into the past (R-DL-2).
    const D = '2019-03-17T17:00:00.000Z';
    await setRoundDeadlines(round.roundId, { submissionDeadline: D });

    const reminders = await api().post('/dev/sweep', { body: { at: '2019-03-10T00:00:00Z' } });
    expect(reminders.status, reminders.text).toBe(200);
    expect(reminders.body).toMatchObject({ at: '2019-03-10T00:00:00.000Z', events: { sink: 'file' } });
    expect(reminders.body.rounds.processed).toContain(round.roundId);
    expect(reminders.body.notificationIds).toContain(`submission_reminder:${round.roundId}:so-y-te:14:${D}`);

    const expiry = await api().post('/dev/sweep', { body: { at: '2019-03-18T00:00:00Z' } });
    expect(expiry.status, expiry.text).toBe(200);
    expect(expiry.body.expiredDossierIds).toContain(draft.dossierId);
    const out = (await events()).filter((e) => e.detail.roundId === round.roundId);
    expect(out.find((e) => e['detail-type'] === 'DossierExpired')?.detail).toMatchObject({
      unitId: 'so-y-te',
    });

    const bad = await api().post('/dev/sweep', { body: { at: 'yesterday' } });
    expect(bad.status).toBe(400);
  });

  it('the scheduled event time is "now": a sweep far from every deadline reads no round in depth', async () => {
    const report = await sweepScheduledEvent(scheduledEvent('2018-01-01T00:00:00Z', 'sweep'));
    expect(report.at).toBe('2018-01-01T00:00:00.000Z');
    expect(report.rounds.processed).toEqual([]);
    expect(report.rounds.skipped).toBeGreaterThan(0);
    await expect(sweepScheduledEvent({ 'detail-type': 'Object Created', time: 'now' })).rejects.toThrow(
      TypeError,
    );
  });
});
