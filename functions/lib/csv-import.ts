// All-or-nothing CSV imports (index results, the unit registry): a fixed header, a bounded number of
// lines, every bad line reported by its number, and nothing stored from a file that has any.

import { type ErrorItem, PayloadTooLargeError, ValidationError } from '#domain/errors.ts';
import { MAX_CSV_BODY_BYTES } from '../config.ts';
import { parseCsv } from './csv.ts';

/**
 * The largest file each import takes, in lines (and MAX_CSV_BODY_BYTES in bytes). A file is written in
 * transactions of at most 100 items, so it is all or nothing only as long as its function is not stopped
 * half-way: the caps keep the largest file well within the import functions' timeout (bench part (e)
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

/**
 * Splits a CSV body into named cells per line. `columns` are required in this order; `optional` columns
 * may follow (a `note` column of a spreadsheet, say) and are ignored when absent.
 */
export function readCsvImport(
  text: string,
  columns: readonly string[],
  options: { optional?: readonly string[]; maxLines: number },
): { lines: CsvLine[]; problems: CsvProblems } {
  const rows = parseCsv(text).filter((r) => r.some((cell) => cell.trim() !== ''));
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const optional = options.optional ?? [];
  const known = [...columns, ...optional];
  if (columns.some((c, i) => header[i] !== c) || header.some((h) => !known.includes(h))) {
    throw new ValidationError(
      {
        vi: `Dòng tiêu đề phải là: ${columns.join(',')}${optional.length ? ` (có thể thêm: ${optional.join(',')})` : ''}`,
        en: `The header line must be: ${columns.join(',')}${optional.length ? ` (may add: ${optional.join(',')})` : ''}`,
      },
      [{ path: 'line 1', message: { vi: 'tiêu đề không đúng', en: 'wrong header' } }],
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
  for (const [index, row] of rows.slice(1).entries()) {
    const line = index + 2;
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
