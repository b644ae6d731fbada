// Index results (SPEC §4): a unit's PAR Index score and rank and its SIPAS for a year, published at
// different times. (edition 2) A change names only what it sets: a field it leaves out keeps its stored
// value, and null clears it — so recording a rank never drops the scores recorded before.

import type { IndexResult } from './types.ts';

export const INDEX_RESULT_FIELDS = ['parIndexScore', 'parIndexRank', 'satisfactionIndex'] as const;
export type IndexResultField = (typeof INDEX_RESULT_FIELDS)[number];

/** What a PUT or an import line says of each field: a value, null (clear it) or nothing (keep it). */
export type IndexResultChange = { readonly [F in IndexResultField]?: number | null | undefined };

/** The result a change leaves: the stored one (if any) with the fields the change names set or cleared. */
export function applyIndexResultChange(
  stored: IndexResult | undefined,
  of: { year: number; unitId: string },
  change: IndexResultChange,
): IndexResult {
  const next: IndexResult = { year: of.year, unitId: of.unitId };
  for (const field of INDEX_RESULT_FIELDS) {
    const value = change[field] === undefined ? stored?.[field] : change[field];
    if (value !== null && value !== undefined) next[field] = value;
  }
  return next;
}

/** Whether two results hold the same values (a change that leaves a stored result as it was). */
export const sameIndexResult = (a: IndexResult | undefined, b: IndexResult): boolean =>
  a !== undefined && INDEX_RESULT_FIELDS.every((field) => a[field] === b[field]);
