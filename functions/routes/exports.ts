// The routes of the exports group, the spreadsheet function: the lists as CSV and XLSX, and the imports of
// the unit registry and the index results from CSV or an .xlsx workbook. exceljs lives in this function only,
// so the others stay small (SPEC §10). Its function (functions/http/exports.ts) imports only these; the whole
// table is functions/routes.ts.

import { defineRoute, IMPORT_CONTENT_TYPES } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ADMIN, REVIEWERS } from './roles.ts';

export const nominationsCsv = defineRoute({
  id: 'nominationsCsv',
  method: 'GET',
  path: '/rounds/{roundId}/nominations.csv',
  group: 'exports',
  auth: REVIEWERS,
  tag: 'awards',
  summary: "The appraisers' working list of a round's nominations (CSV, UTF-8 with BOM)",
  params: s.RoundIdParams,
  responseContentType: 'text/csv',
});

export const awardsXlsx = defineRoute({
  id: 'awardsXlsx',
  method: 'GET',
  path: '/rounds/{roundId}/awards.xlsx',
  group: 'exports',
  auth: REVIEWERS,
  tag: 'awards',
  summary: 'The official award list (Excel)',
  params: s.RoundIdParams,
  responseContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});

export const awardsCsv = defineRoute({
  id: 'awardsCsv',
  method: 'GET',
  path: '/rounds/{roundId}/awards.csv',
  group: 'exports',
  auth: REVIEWERS,
  tag: 'awards',
  summary: 'The official award list (CSV, UTF-8 with BOM)',
  params: s.RoundIdParams,
  responseContentType: 'text/csv',
});

export const importUnits = defineRoute({
  id: 'importUnits',
  method: 'POST',
  path: '/units:import',
  group: 'exports',
  auth: ADMIN,
  tag: 'units',
  summary: 'Import units from CSV or XLSX: new ones are created, known ones updated (all lines or none)',
  description:
    'Body `text/csv` (UTF-8, with or without BOM, `,` or `;` between cells) or an .xlsx workbook (its first ' +
    'sheet) with the header `unitId,name,tier,parentUnitId,parScored`; `validFrom`, `validTo`, ' +
    '`successorUnitIds` and a `note` column may follow (data/son-la-units.csv imports as is; data/README.md). ' +
    'A parent may be in the registry or in the same file. Any bad line refuses the whole file, each bad line ' +
    'reported by its number (the sheet row of a workbook); a file not in UTF-8 is refused with how to save it so.',
  bodyKind: 'csv',
  requestContentTypes: IMPORT_CONTENT_TYPES,
  response: s.UnitImportReport,
});

export const importIndexResults = defineRoute({
  id: 'importIndexResults',
  method: 'POST',
  path: '/index-results:import',
  group: 'exports',
  auth: ADMIN,
  tag: 'index results',
  summary: 'Import index results from CSV or XLSX (all lines or none)',
  description:
    'Body `text/csv` (UTF-8, with or without BOM, `,` or `;` between cells) or an .xlsx workbook (its first ' +
    'sheet) with the header `year,unitId,parIndexScore,parIndexRank,satisfactionIndex`. ' +
    'Each line changes only the cells it fills, as a PUT does: an empty cell keeps the stored value and ' +
    'the word `null` clears it. Any bad line refuses the whole file, each bad line reported by number.',
  bodyKind: 'csv',
  requestContentTypes: IMPORT_CONTENT_TYPES,
  response: s.ImportReport,
});
