// Imports take what clerks have (issue #15): an .xlsx workbook (its first sheet, same columns) or a CSV
// file in UTF-8 with or without BOM, `,` or `;` between cells, CRLF or LF; a file in another encoding is
// refused with how to save it as UTF-8, a file that is not a workbook with a 400, never a 5xx.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_XLSX_UNZIPPED_BYTES } from '#functions/lib/xlsx-rows.ts';
import { XLSX_MEDIA_TYPE } from '#functions/pipeline/route.ts';
import { useLocalApi } from '../support/client.ts';
import { createUnit, listAll, uniqueId } from '../support/fixtures.ts';
import { expectInvalid, expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();
const UNIT_HEADER = ['unitId', 'name', 'tier', 'parentUnitId', 'parScored'];
const INDEX_HEADER = ['year', 'unitId', 'parIndexScore', 'parIndexRank', 'satisfactionIndex'];

type Cell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

/** A workbook whose first sheet holds `rows` from row 1; `null` rows are left empty. */
async function workbook(rows: (readonly Cell[] | null)[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Bảng 1');
  rows.forEach((cells, r) => {
    cells?.forEach((cell, c) => {
      const target = sheet.getCell(r + 1, c + 1);
      if (cell !== null && typeof cell === 'object' && 'numFmt' in cell) {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else target.value = cell;
    });
  });
  // A second sheet is not read.
  book.addWorksheet('Ghi chú').getCell(1, 1).value = 'not imported';
  return Buffer.from(await book.xlsx.writeBuffer());
}

const post = (path: string, body: Buffer | string, type: string, token: string, lang?: string) =>
  api().post(path, {
    token,
    rawBody: body,
    headers: { 'content-type': type, ...(lang ? { 'accept-language': lang } : {}) },
  });

/** A zip of one tiny entry whose directory declares `size` unzipped bytes (as a zip bomb's does). */
function zipDeclaring(size: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = Buffer.from('x');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** Six digits with leading zeros, as a citizen id or a statistics code is written. */
const zeroLed = () => `00${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

describe('imports of an .xlsx workbook (first sheet, same columns)', () => {
  it('the unit registry: booleans, dates and ids with leading zeros read as the CSV has them; empty rows skipped', async () => {
    const admin = await api().token('admin');
    const district = uniqueId('h-xlsx');
    const typedAsNumber = zeroLed();
    const typedAsText = zeroLed();
    const file = await workbook([
      [...UNIT_HEADER, 'validFrom', 'note'],
      [district, 'UBND huyện Sổ tính', 'district', null, true, new Date(Date.UTC(2025, 0, 15)), 'ghi chú'],
      null,
      [
        { value: Number(typedAsNumber), numFmt: '0'.repeat(typedAsNumber.length) },
        'UBND xã Số',
        'commune',
        district,
        false,
      ],
      [typedAsText, 'UBND xã Chữ', 'commune', district, 'false'],
    ]);
    const res = await post('/units:import', file, XLSX_MEDIA_TYPE, admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 3, updated: 0, unchanged: 0 });

    const head = await api().get(`/units/${district}`, { token: admin });
    expect(head.body).toMatchObject({ name: 'UBND huyện Sổ tính', parScored: true, validFrom: '2025-01-15' });
    for (const unitId of [typedAsNumber, typedAsText]) {
      const unit = await api().get(`/units/${unitId}`, { token: admin });
      expect(unit.status, `${unitId}: ${unit.text}`).toBe(200);
      expect(unit.body).toMatchObject({ parentUnitId: district, tier: 'commune', parScored: false });
    }
  });

  it('a workbook with bad rows: each reported by its sheet row, in order, and nothing stored', async () => {
    const admin = await api().token('admin');
    const good = uniqueId('h-xlsx');
    const file = await workbook([
      UNIT_HEADER,
      [good, 'UBND huyện Tốt', 'district', null, true],
      null,
      [uniqueId('x-xlsx'), 'UBND xã Sai hạng', 'hamlet', good, false],
      null,
      [uniqueId('x-xlsx'), 'UBND xã Mồ côi', 'commune', uniqueId('h-none'), false],
    ]);
    const res = await post('/units:import', file, XLSX_MEDIA_TYPE, admin);
    expectInvalid(res, 'line 4');
    const lines = res.body.errors.map((e: { path: string }) => e.path);
    expect(lines).toContain('line 6');
    expect(lines).toEqual([...lines].sort());
    expect((await api().get(`/units/${good}`, { token: admin })).status).toBe(404);
  });

  it('index results: a score typed as a number, a rank, a formula, a year typed as a number', async () => {
    const admin = await api().token('admin');
    const unit = await createUnit(api(), admin, { tier: 'province' });
    const file = await workbook([
      INDEX_HEADER,
      [2019, unit.unitId, 92.17, 3, { formula: '80+5.5', result: 85.5 } as ExcelJS.CellFormulaValue],
      [2018, unit.unitId, 0.1 + 0.2 + 90, null, null],
    ]);
    const res = await post('/index-results:import', file, XLSX_MEDIA_TYPE, admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: 2, years: [2018, 2019] });
    const [of2019] = (await listAll<{ unitId: string }>(api(), '/index-results?year=2019', admin)).filter(
      (r) => r.unitId === unit.unitId,
    );
    expect(of2019).toMatchObject({ parIndexScore: 92.17, parIndexRank: 3, satisfactionIndex: 85.5 });
    const [of2018] = (await listAll<{ unitId: string }>(api(), '/index-results?year=2018', admin)).filter(
      (r) => r.unitId === unit.unitId,
    );
    expect(of2018).toMatchObject({ parIndexScore: 90.3 });
  });

  it('index results with a bad row: its sheet row named, nothing stored', async () => {
    const admin = await api().token('admin');
    const unit = await createUnit(api(), admin, { tier: 'province' });
    const file = await workbook([
      INDEX_HEADER,
      null,
      [2017, unit.unitId, 91, 2, 80],
      [2017, unit.unitId, 'chín mươi'],
    ]);
    const res = await post('/index-results:import', file, XLSX_MEDIA_TYPE, admin);
    expectInvalid(res, 'line 4');
    const stored = (await listAll<{ unitId: string }>(api(), '/index-results?year=2017', admin)).filter(
      (r) => r.unitId === unit.unitId,
    );
    expect(stored).toEqual([]);
  });

  it('a body that is not a workbook, sent as one, is a 400 that says how to save it', async () => {
    const admin = await api().token('admin');
    for (const body of [Buffer.from('unitId,name\n'), Buffer.from('PK\u0003\u0004 broken zip')]) {
      const res = await post('/units:import', body, XLSX_MEDIA_TYPE, admin);
      expectInvalid(res, 'body');
      expect(res.body.detail).toContain('Excel Workbook (*.xlsx)');
    }
  });

  it('a workbook without a sheet is a 400 that says where the table goes', async () => {
    const admin = await api().token('admin');
    const empty = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer());
    const res = await post('/index-results:import', empty, XLSX_MEDIA_TYPE, admin);
    expectInvalid(res, 'body');
    expect(res.body.detail).toContain('trang tính đầu tiên');
  });

  it('a workbook that would unzip past the limit is a 413 before it is read', async () => {
    const admin = await api().token('admin');
    const res = await post(
      '/units:import',
      zipDeclaring(MAX_XLSX_UNZIPPED_BYTES + 1),
      XLSX_MEDIA_TYPE,
      admin,
    );
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an Excel 97–2003 .xls file is refused with how to save it', async () => {
    const admin = await api().token('admin');
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const res = await post('/index-results:import', xls, 'application/vnd.ms-excel', admin, 'en');
    expectInvalid(res, 'body');
    expect(res.body.detail).toContain('.xls');
    expect(res.body.detail).toContain('CSV UTF-8 (Comma delimited)');
  });
});

describe('the contract', () => {
  it('/openapi.json documents both imports as taking CSV and an .xlsx workbook', async () => {
    const doc = (await api().get('/openapi.json')).body;
    for (const path of ['/units:import', '/index-results:import']) {
      const content = doc.paths[path].post.requestBody.content;
      expect(Object.keys(content), path).toEqual(expect.arrayContaining(['text/csv', XLSX_MEDIA_TYPE]));
    }
  });
});

describe('CSV as Excel saves it', () => {
  it('semicolons, a BOM and CRLF; quoted cells keep their separators and line breaks', async () => {
    const admin = await api().token('admin');
    const district = uniqueId('h-semi');
    const commune = uniqueId('x-semi');
    const csv = [
      `${UNIT_HEADER.join(';')};note`,
      `${district};"UBND huyện Chấm; phẩy";district;;true;"ghi chú\r\nhai dòng"`,
      `${commune};UBND xã Chấm, phẩy;commune;${district};false;`,
    ].join('\r\n');
    const res = await post('/units:import', `\uFEFF${csv}\r\n`, 'text/csv', admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect((await api().get(`/units/${district}`, { token: admin })).body.name).toBe('UBND huyện Chấm; phẩy');
    expect((await api().get(`/units/${commune}`, { token: admin })).body.name).toBe('UBND xã Chấm, phẩy');
  });

  it('a bad line after a cell with a line break is named by the line a spreadsheet shows', async () => {
    const admin = await api().token('admin');
    const unit = await createUnit(api(), admin, { tier: 'province' });
    const csv = [
      `${UNIT_HEADER.join(',')},note`,
      `${unit.unitId},"Sở Hai, dòng",province,,true,"một\nhai"`,
      `${uniqueId('x-bad')},UBND xã Sai,hamlet,,false,`,
    ].join('\n');
    const res = await post('/units:import', csv, 'text/csv', admin);
    expectInvalid(res, 'line 4');
  });

  it('index results with semicolons, LF, and no BOM', async () => {
    const admin = await api().token('admin');
    const unit = await createUnit(api(), admin, { tier: 'province' });
    const csv = `${INDEX_HEADER.join(';')}\n2016;${unit.unitId};88.5;4;\n`;
    const res = await post('/index-results:import', csv, 'text/csv', admin);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: 1, years: [2016] });
  });

  it('a Windows-1258 file is refused with how to save it as "CSV UTF-8 (Comma delimited)", in Vietnamese or English', async () => {
    const admin = await api().token('admin');
    // "UBND xã Mường Bú" in Windows-1258: ã is 0xE3, ư is 0xFD, ú is 0xFA — not UTF-8.
    const cp1258 = Buffer.concat([
      Buffer.from(`${UNIT_HEADER.join(',')}\n${uniqueId('x-cp')},UBND x`),
      Buffer.from([0xe3]),
      Buffer.from(' M'),
      Buffer.from([0xfd]),
      Buffer.from('ng B'),
      Buffer.from([0xfa]),
      Buffer.from(',commune,,false\n'),
    ]);
    const vi = await post('/units:import', cp1258, 'text/csv', admin);
    expectInvalid(vi, 'body');
    expect(vi.body.detail).toContain('UTF-8');
    expect(vi.body.detail).toContain('Lưu thành');
    expect(vi.body.detail).toContain('CSV UTF-8 (Comma delimited)');
    const en = await post('/units:import', cp1258, 'text/csv', admin, 'en');
    expectInvalid(en, 'body');
    expect(en.body.detail).toContain('Save As');
    expect(en.body.detail).toContain('CSV UTF-8 (Comma delimited)');
  });

  it('UTF-16 (with a BOM, or without one) is refused with the same advice', async () => {
    const admin = await api().token('admin');
    const csv = `${INDEX_HEADER.join(',')}\n2016,so-tu-phap,90,,\n`;
    for (const body of [Buffer.from(`\uFEFF${csv}`, 'utf16le'), Buffer.from(csv, 'utf16le')]) {
      const res = await post('/index-results:import', body, 'text/csv', admin);
      expectInvalid(res, 'body');
      expect(res.body.detail).toContain('CSV UTF-8 (Comma delimited)');
    }
  });

  it('a media type that is neither CSV nor a workbook is still a 415', async () => {
    const admin = await api().token('admin');
    const res = await post('/units:import', '%PDF-1.7', 'application/pdf', admin);
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
