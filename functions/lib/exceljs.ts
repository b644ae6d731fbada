// exceljs (about 1 MB minified) is loaded only when a request reads or writes a workbook. In AWS it is a file of
// its own beside the spreadsheet function's bundle (`exceljs.mjs`, infra/bundling-options.ts SIDE_BUNDLES):
// bundled into index.mjs, even behind a dynamic import, its code was parsed at every cold start of the function,
// a CSV export's too. Run from the sources (the local server, the tests), it is the package itself.

import type ExcelJS from 'exceljs';

/** The side file's name, next to the bundle's index.mjs. */
export const EXCELJS_FILE = 'exceljs.mjs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcelJS(): Promise<typeof ExcelJS> {
  loading ??= (async () => {
    try {
      // Not a string literal, so esbuild leaves it alone: resolved beside this file at run time.
      const sideFile = new URL(`./${EXCELJS_FILE}`, import.meta.url).href;
      return ((await import(sideFile)) as { default: typeof ExcelJS }).default;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
      return (await import('exceljs')).default;
    }
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
