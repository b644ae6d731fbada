// All-or-nothing imports (index results, the unit registry) of a CSV file or an .xlsx workbook: a fixed
// header, a bounded number of lines, every bad line reported by its number, and nothing stored from a file
// that has any.

import { type ErrorItem, PayloadTooLargeError, ValidationError } from '#domain/errors.ts';
import { MAX_CSV_BODY_BYTES } from '../config.ts';
import { XLSX_MEDIA_TYPE } from '../pipeline/route.ts';
import { type CsvRecord, csvSeparatorOf, parseCsvRecords } from './csv.ts';

/**
 * The largest file each import takes, in lines (and MAX_CSV_BODY_BYTES in bytes). A file is written in
 * transactions of at most 100 items, so it is all or nothing only as long as its function is not stopped
 * half-way: the caps keep the largest file well within the import function's timeout (bench part (e)
 * measures it against IMPORT_TIMEOUT_SECONDS, infra/stateless-stack.ts). 2 000 lines hold every unit of
 * the Sơn La registry, or the results of five years of it.
 */
export const MAX_UNIT_LINES = 2000;
export const MAX_INDEX_RESULT_LINES = 2000;

export interface CsvLine {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export class CsvProblems {
  private readonly found: { line: number; item: ErrorItem }[] = [];
  /** The problems in line order (R-I18N-1), a line's own in the order they were found. */
  get items(): ErrorItem[] {
    return [...this.found].sort((a, b) => a.line - b.line).map((f) => f.item);
  }
  say(line: number, vi: string, en: string): void {
    this.found.push({ line, item: { path: `line ${line}`, message: { vi, en } } });
  }
  /** Refuses the whole file when any line was bad, its problems in line order (R-I18N-1). */
  assertNone(): void {
    if (this.found.length === 0) return;
    const inOrder = this.items;
    throw new ValidationError(
      {
        vi: `Tệp có ${inOrder.length} lỗi; không dòng nào được lưu.`,
        en: `The file has ${inOrder.length} problems; nothing was stored.`,
      },
      inOrder.slice(0, 200),
    );
  }
}

/** An import file as it arrived: its bytes, undecoded, and the media type it was sent as. */
export interface ImportFile {
  bytes: Buffer;
  mediaType: string;
}

const SAVE_AS_UTF8 = {
  vi: 'Trong Excel: Tệp → Lưu thành → chọn kiểu "CSV UTF-8 (Comma delimited) (*.csv)" rồi gửi lại tệp đó (hoặc gửi thẳng tệp .xlsx).',
  en: 'In Excel: File → Save As → choose "CSV UTF-8 (Comma delimited) (*.csv)" and send that file (or send the .xlsx workbook itself).',
};
const NOT_UTF8 = {
  vi: `Tệp CSV không được mã hóa UTF-8 nên tiếng Việt sẽ bị lỗi phông; không dòng nào được lưu. ${SAVE_AS_UTF8.vi}`,
  en: `The CSV file is not encoded in UTF-8, so its Vietnamese text would be garbled; nothing was stored. ${SAVE_AS_UTF8.en}`,
};
const OLD_EXCEL = {
  vi: `Tệp .xls (Excel 97–2003) không được hỗ trợ. Hãy lưu lại với kiểu "Excel Workbook (*.xlsx)" hoặc ${SAVE_AS_UTF8.vi.slice(SAVE_AS_UTF8.vi.indexOf('"CSV'))}`,
  en: `An .xls file (Excel 97–2003) is not supported. Save it as "Excel Workbook (*.xlsx)" or as ${SAVE_AS_UTF8.en.slice(SAVE_AS_UTF8.en.indexOf('"CSV'))}`,
};

const startsWith = (bytes: Buffer, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);
/** A zip archive (an .xlsx workbook is one). */
const isZip = (bytes: Buffer) => startsWith(bytes, 0x50, 0x4b, 0x03, 0x04);
/** An OLE compound file: the .xls of Excel 97–2003. */
const isOleDocument = (bytes: Buffer) => startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0);

const notUtf8 = (what: { vi: string; en: string }) =>
  new ValidationError(NOT_UTF8, [{ path: 'body', message: what }]);

/**
 * The text of a CSV file: UTF-8, its byte order mark dropped. UTF-16 (as Excel's "Unicode Text" saves) and
 * the 8-bit code pages (Windows-1258, TCVN3) are refused with how to save the file as UTF-8: decoded as
 * UTF-8 they would store garbled names.
 */
export function decodeCsv(bytes: Buffer): string {
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff) || bytes.includes(0)) {
    throw notUtf8({ vi: 'tệp mã hóa UTF-16', en: 'the file is UTF-16' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw notUtf8({
      vi: 'tệp không phải UTF-8 (có thể là Windows-1258 hoặc TCVN3)',
      en: 'not UTF-8 (Windows-1258 or TCVN3, perhaps)',
    });
  }
  // U+FFFD: bytes that were not UTF-8, already replaced on the way (a file decoded as UTF-8 and saved again).
  if (text.includes('\uFFFD'))
    throw notUtf8({ vi: 'tệp có ký tự lỗi mã hóa (�)', en: 'the file holds replacement characters (�)' });
  return text;
}

/**
 * The records of an import file: the first sheet of an .xlsx workbook (numbered as the sheet numbers its
 * rows), or a CSV file in UTF-8, with or without a byte order mark, its cells separated by `,` or `;`.
 */
export async function readImportRecords(file: ImportFile): Promise<{ records: CsvRecord[]; sheet: boolean }> {
  const { bytes, mediaType } = file;
  if (isOleDocument(bytes)) {
    throw new ValidationError(OLD_EXCEL, [{ path: 'body', message: { vi: 'tệp .xls', en: 'an .xls file' } }]);
  }
  if (mediaType === XLSX_MEDIA_TYPE || isZip(bytes)) {
    // Loaded on demand: exceljs is large, and only a workbook needs it.
    const { readXlsxRows } = await import('./xlsx-rows.ts');
    return { records: await readXlsxRows(bytes), sheet: true };
  }
  const text = decodeCsv(bytes);
  return { records: parseCsvRecords(text, csvSeparatorOf(text)), sheet: false };
}

/**
 * Reads an import file into named cells per line. `columns` are required in this order; `optional` columns
 * may follow (a `note` column of a spreadsheet, say) and are ignored when absent.
 */
export async function readImport(
  file: ImportFile,
  columns: readonly string[],
  options: { optional?: readonly string[]; maxLines: number },
): Promise<{ lines: CsvLine[]; problems: CsvProblems }> {
  const { records, sheet } = await readImportRecords(file);
  return readRecords(records, columns, { ...options, padRows: sheet });
}

/**
 * Checks the header and the size of a file's records and names their cells. `padRows`: a sheet's row
 * ends at its last filled cell, so a shorter row has empty cells after it (a CSV line must have them all).
 */
function readRecords(
  records: readonly CsvRecord[],
  columns: readonly string[],
  options: { optional?: readonly string[]; maxLines: number; padRows: boolean },
): { lines: CsvLine[]; problems: CsvProblems } {
  const rows = records.filter((r) => r.cells.some((cell) => cell.trim() !== ''));
  const header = rows[0]?.cells.map((h) => h.trim()) ?? [];
  const optional = options.optional ?? [];
  const known = [...columns, ...optional];
  if (columns.some((c, i) => header[i] !== c) || header.some((h) => !known.includes(h))) {
    throw new ValidationError(
      {
        vi: `Dòng tiêu đề phải là: ${columns.join(',')}${optional.length ? ` (có thể thêm: ${optional.join(',')})` : ''}`,
        en: `The header line must be: ${columns.join(',')}${optional.length ? ` (may add: ${optional.join(',')})` : ''}`,
      },
      [{ path: `line ${rows[0]?.line ?? 1}`, message: { vi: 'tiêu đề không đúng', en: 'wrong header' } }],
    );
  }
  if (rows.length - 1 > options.maxLines) {
    const kb = Math.round(MAX_CSV_BODY_BYTES / 1024);
    throw new PayloadTooLargeError({
      vi: `Tệp có ${rows.length - 1} dòng: mỗi lần nhập tối đa ${options.maxLines} dòng (và ${kb} KB); hãy chia thành nhiều tệp. Không dòng nào được lưu.`,
      en: `The file has ${rows.length - 1} lines: an import takes at most ${options.maxLines} lines (and ${kb} KB); split it into several files. Nothing was stored.`,
    });
  }
  const problems = new CsvProblems();
  const lines: CsvLine[] = [];
  for (const { line, cells } of rows.slice(1)) {
    const row =
      options.padRows && cells.length < header.length
        ? [...cells, ...Array(header.length - cells.length).fill('')]
        : cells;
    if (row.length !== header.length) {
      problems.say(
        line,
        `cần ${header.length} cột, có ${row.length}`,
        `expected ${header.length} columns, got ${row.length}`,
      );
      continue;
    }
    lines.push({ line, cells: Object.fromEntries(header.map((h, i) => [h, (row[i] ?? '').trim()])) });
  }
  return { lines, problems };
}
