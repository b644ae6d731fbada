// RFC 4180 CSV: parsing for imports (quoted fields, CRLF or LF, `,` or `;` between cells) and writing for exports
// (UTF-8 with a BOM so Excel opens Vietnamese text correctly).

export function parseCsv(text: string, separator: ',' | ';' = ','): string[][] {
  return parseCsvRecords(text, separator).map((r) => r.cells);
}

/** One record of a CSV file and the line of the file it starts on (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * The records of a CSV text with the line each starts on, so that a problem can be reported at the line a
 * spreadsheet program shows even when a quoted cell holds a line break.
 */
export function parseCsvRecords(text: string, separator: ',' | ';' = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      records.push({ line: start, cells: row });
      row = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push({ line: start, cells: row });
  }
  return records;
}

/**
 * The separator of a CSV file, read from its header line: `;` when it has more semicolons than commas
 * outside quotes (Excel's "CSV" under Vietnamese regional settings, where the comma is the decimal mark),
 * else `,`.
 */
export function csvSeparatorOf(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n' || c === '\r') break;
    else if (c === ',') commas++;
    else if (c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const cell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  // Leading = + - @ would be read as a formula by spreadsheet programs (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
