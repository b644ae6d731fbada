// The entry of the spreadsheet function's side file `exceljs.mjs` (functions/lib/exceljs.ts).
export { default } from 'exceljs';
