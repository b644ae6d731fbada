// The unit registry imported as a CSV file (data/README: the ~200 communes are loaded by an admin).
//
// Importing the seed file touches every unit of the registry, and its report counts them: this file runs on
// a table of its own, seeded like the shared one, so that no other test file changes the registry meanwhile
// (nor sees its seeded units rewritten by this import).

import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';

await vi.hoisted(async () => {
  // Before any module reads the configuration.
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('units-import');
});

import { useLocalApi } from '../support/client.ts';
import { uniqueId } from '../support/fixtures.ts';

const { api } = useLocalApi();
const HEADER = 'unitId,name,tier,parentUnitId,parScored';

const importCsv = async (csv: string, token: string, headers: Record<string, string> = {}) =>
  api().post('/units:import', { token, rawBody: csv, headers: { 'content-type': 'text/csv', ...headers } });

describe('R-TIER-1: importing the unit registry from CSV', () => {
  it('the seed file imports as is and changes nothing (its note column is allowed)', async () => {
    const admin = await api().token('admin');
    const csv = await readFile(new URL('../../data/son-la-units.csv', import.meta.url), 'utf8');
    const res = await importCsv(csv, admin);
    expect(res.status, res.text).toBe(200);
    // None is ever created twice.
    expect(res.body.created).toBe(0);
    expect(res.body.updated + res.body.unchanged).toBe(csv.trim().split('\n').length - 1);
    // And, on a registry of this file's own, as seeded: none is changed either.
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: csv.trim().split('\n').length - 1 });
  });

  it('a new district with its communes in one file: parents may come from the file; an update is audited', async () => {
    const admin = await api().token('admin');
    const district = uniqueId('h-test');
    const communes = [uniqueId('x-test'), uniqueId('x-test')];
    const csv = [
      HEADER,
      ...communes.map((c, i) => `${c},"UBND xã Thử ${i}, huyện mới",commune,${district},false`),
      `${district},UBND huyện Thử nghiệm,district,,true`,
    ].join('\r\n');
    const res = await importCsv(csv, admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const listed = await api().get(`/units?parentUnitId=${district}`, { token: admin });
    expect(listed.body.items.map((u: { unitId: string }) => u.unitId).sort()).toEqual([...communes].sort());
    expect(listed.body.items[0].name).toMatch(/^UBND xã Thử \d, huyện mới$/);

    const renamed = await importCsv(
      `${HEADER}\n${district},UBND huyện Thử nghiệm (mới),district,,true\n`,
      admin,
    );
    expect(renamed.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const unit = await api().get(`/units/${district}`, { token: admin });
    expect(unit.body).toMatchObject({ name: 'UBND huyện Thử nghiệm (mới)', version: 2 });
    const audit = await api().get(`/audit?entityId=${district}`, { token: admin });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'import_create',
      'import_update',
    ]);
  });

  it('VALIDATION_FAILED: every bad line is reported by number and nothing is stored', async () => {
    const admin = await api().token('admin');
    const good = uniqueId('x-good');
    const csv = [
      HEADER,
      `${good},UBND xã Tốt,commune,tp-son-la,false`,
      'Bad Id,Tên,commune,tp-son-la,false',
      `${uniqueId('x')},UBND xã Lạc,commune,khong-ton-tai,false`,
      `${uniqueId('x')},UBND xã Sai cấp,commune,so-noi-vu,false`,
      `${uniqueId('x')},UBND xã Thiếu cột,commune`,
      `${uniqueId('x')},UBND xã,commune,tp-son-la,maybe`,
    ].join('\n');
    const res = await importCsv(csv, admin);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']),
    );
    expect(res.body.errors.map((e: { path: string }) => e.path)).not.toContain('line 2');
    expect((await api().get(`/units/${good}`, { token: admin })).status).toBe(404);
    // R-I18N-1: field errors of the file read in the caller's language, whole (no zod English inside).
    const messages = (res.body.errors as { path: string; message: string }[]).map((e) => e.message);
    expect(messages.join('\n')).not.toMatch(/\b(Invalid|expected|received|Too small|Too big)\b/);
    const parScored = messages.find((m) => m.startsWith('parScored: '));
    expect(parScored).toBe('parScored: phải là giá trị đúng/sai, nhận được chuỗi ký tự');
    const en = await importCsv(csv, admin, { 'accept-language': 'en' });
    const enParScored = (en.body.errors as { message: string }[]).find((e) =>
      e.message.startsWith('parScored: '),
    );
    expect(enParScored?.message).toBe('parScored: must be a boolean, not a string');
  });

  it('FORBIDDEN: only an admin imports; a wrong header is refused', async () => {
    const officer = await api().token('unit_officer', 'so-noi-vu');
    expect((await importCsv(`${HEADER}\n`, officer)).status).toBe(403);
    const admin = await api().token('admin');
    const res = await importCsv('id,name\nx,y\n', admin);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('line 1');
  });
});

describe('R-MAIL-1: contact addresses in the registry file', () => {
  it('a contactEmails column (addresses separated by spaces) sets them; without the column they are kept; bad ones refuse the line', async () => {
    const admin = await api().token('admin');
    const unitId = uniqueId('x-mail');
    const header = `${HEADER},contactEmails`;
    const created = await importCsv(
      `${header}\n${unitId},UBND xã Thư,commune,h-moc-chau,false,van-thu@xa.example.vn  thi-dua@xa.example.vn\n`,
      admin,
    );
    expect(created.status, created.text).toBe(200);
    expect((await api().get(`/units/${unitId}`, { token: admin })).body.contactEmails).toEqual([
      'van-thu@xa.example.vn',
      'thi-dua@xa.example.vn',
    ]);
    // A file without the column keeps them.
    const kept = await importCsv(`${HEADER}\n${unitId},UBND xã Thư (mới),commune,h-moc-chau,false\n`, admin);
    expect(kept.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await api().get(`/units/${unitId}`, { token: admin })).body.contactEmails).toHaveLength(2);

    const six = Array.from({ length: 6 }, (_, i) => `a${i}@xa.example.vn`).join(' ');
    for (const cell of [six, 'not-an-address', 'a@xa.example.vn A@xa.example.vn']) {
      const bad = await importCsv(
        `${header}\n${unitId},UBND xã Thư,commune,h-moc-chau,false,${cell}\n`,
        admin,
      );
      expect(bad.status, cell).toBe(400);
      expect(JSON.stringify(bad.body.errors), cell).toMatch(/contactEmails/);
    }
    // An empty cell clears them.
    const cleared = await importCsv(
      `${header}\n${unitId},UBND xã Thư (mới),commune,h-moc-chau,false,\n`,
      admin,
    );
    expect(cleared.status, cleared.text).toBe(200);
    expect((await api().get(`/units/${unitId}`, { token: admin })).body).not.toHaveProperty('contactEmails');
  });
});
