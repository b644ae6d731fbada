// The rows of an .xlsx workbook's first sheet as the text a CSV file of the same table would hold, for the
// imports (csv-import.ts loads this module only when a workbook arrives: exceljs is large).

import type ExcelJS from 'exceljs';
import { PayloadTooLargeError, ValidationError } from '#domain/errors.ts';
import type { CsvRecord } from './csv.ts';
import { loadExcelJS } from './exceljs.ts';

const NOT_A_WORKBOOK = {
  vi: 'Tệp không phải là sổ tính Excel .xlsx đọc được. Hãy mở tệp trong Excel và lưu lại với kiểu "Excel Workbook (*.xlsx)" hoặc "CSV UTF-8 (Comma delimited) (*.csv)".',
  en: 'The file is not a readable Excel .xlsx workbook. Open it in Excel and save it again as "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited) (*.csv)".',
};
const NO_SHEET = {
  vi: 'Sổ tính không có trang tính nào; dữ liệu nhập phải ở trang tính đầu tiên.',
  en: 'The workbook has no sheet; the import reads its first sheet.',
};

/**
 * The most a workbook may hold once unzipped. A 2 MB upload of repeated rows can unzip to hundreds of MB,
 * which exceljs would hold in memory; 2 000 rows of the imports' columns take a few MB.
 */
export const MAX_XLSX_UNZIPPED_BYTES = 32 * 1024 * 1024;

/**
 * The unzipped size of a zip archive as its central directory declares it; undefined when the directory
 * cannot be read (exceljs then refuses the file). A ZIP64 size counts as too large.
 */
export function unzippedSize(zip: Buffer): number | undefined {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const size = zip.readUInt32LE(at + 24);
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Excel keeps a date without a time zone: exceljs hands it over as the UTC instant of the wall clock shown
 * in the sheet, so its UTC fields are the date the clerk typed (in ICT).
 */
const dateText = (d: Date) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;

/**
 * A number as the CSV would hold it: at most the 15 significant digits Excel keeps (so 92.17 stays 92.17),
 * and the zeros of a `000000` number format kept (an id typed as a number with leading zeros).
 */
function numberText(n: number, numFmt: string | undefined): string {
  const text = String(Number(n.toPrecision(15)));
  const zeros = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
  return Number.isInteger(n) && n >= 0 && text.length < zeros ? text.padStart(zeros, '0') : text;
}

function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt);
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  if ('error' in value) return String(value.error);
  return '';
}

/** Every row of the first sheet that holds a cell, numbered as the sheet numbers it. */
export async function readXlsxRows(bytes: Buffer): Promise<CsvRecord[]> {
  const size = unzippedSize(bytes);
  if (size !== undefined && size > MAX_XLSX_UNZIPPED_BYTES) {
    const mb = Math.round(MAX_XLSX_UNZIPPED_BYTES / 1024 / 1024);
    throw new PayloadTooLargeError({
      vi: `Sổ tính khi giải nén lớn hơn ${mb} MB: hãy chỉ giữ bảng cần nhập ở trang tính đầu tiên, hoặc lưu thành CSV UTF-8. Không dòng nào được lưu.`,
      en: `The workbook unzips to more than ${mb} MB: keep only the table to import on its first sheet, or save it as CSV UTF-8. Nothing was stored.`,
    });
  }
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new ValidationError(NOT_A_WORKBOOK, [
      { path: 'body', message: { vi: 'không phải tệp .xlsx', en: 'not an .xlsx file' } },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new ValidationError(NO_SHEET, [
      { path: 'body', message: { vi: 'không có trang tính', en: 'no sheet' } },
    ]);
  }
  const rows: CsvRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value, cell.numFmt);
    });
    // A row's cells up to its last filled one; a gap left empty reads as an empty cell.
    const filled = Array.from(cells, (c) => c ?? '');
    while (filled.length > 0 && filled[filled.length - 1]?.trim() === '') filled.pop();
    rows.push({ line: rowNumber, cells: filled });
  });
  return rows;
}
