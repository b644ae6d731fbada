// All-or-nothing CSV imports (index results, the unit registry): a fixed header, a bounded number of
// lines, every bad line reported by its number, and nothing stored from a file that has any.

import { type ErrorItem, ValidationError } from '#domain/errors.ts';
import { parseCsv } from './csv.ts';

export interface CsvLine {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export class CsvProblems {
  private readonly said: { line: number; item: ErrorItem }[] = [];
  /** The problems in line order (R-I18N-1), a line's own in the order they were found. */
  get items(): ErrorItem[] {
    return [...this.said].sort((a, b) => a.line - b.line).map((s) => s.item);
  }
  say(line: number, vi: string, en: string): void {
    this.said.push({ line, item: { path: `line ${line}`, message: { vi, en } } });
  }
  /** Refuses the whole file when any line was bad. */
  assertNone(): void {
    if (this.said.length === 0) return;
    throw new ValidationError(
      {
        vi: `Tệp có ${this.items.length} lỗi; không dòng nào được lưu.`,
        en: `The file has ${this.items.length} problems; nothing was stored.`,
      },
      this.items.slice(0, 200),
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
    throw new ValidationError({
      vi: `Tệp có quá ${options.maxLines} dòng; hãy chia nhỏ.`,
      en: `The file has more than ${options.maxLines} lines; split it.`,
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
