// zod issues to the `errors[] {path, message}` of a VALIDATION_FAILED problem, in the caller's language.

import type { z } from 'zod';
import type { ErrorItem } from '#domain/errors.ts';

export function zodIssuesToItems(issues: readonly z.core.$ZodIssue[], where: string): ErrorItem[] {
  return issues.slice(0, 50).map((issue) => {
    const path = [where, ...issue.path.map(String)].join('.');
    // The message was already produced in `lang` by the zod locale passed to safeParse.
    return { path, message: { vi: issue.message, en: issue.message } };
  });
}
