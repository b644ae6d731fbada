// zod issues to the `errors[] {path, message}` of a VALIDATION_FAILED problem, in the caller's language.

import type { z } from 'zod';
import type { ErrorItem } from '#domain/errors.ts';

export function zodIssuesToItems(issues: readonly z.core.$ZodIssue[], where: string): ErrorItem[] {
  // An unknown field is named by its own path (body.nominee.salary), not by the object holding it.
  const located = issues.flatMap((issue): { issue: z.core.$ZodIssue; path: PropertyKey[] }[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ issue, path: [...issue.path, key] }))
      : [{ issue, path: issue.path }],
  );
  return located.slice(0, 50).map(({ issue, path }) => ({
    path: [where, ...path.map(String)].join('.'),
    // The message was already produced in `lang` by the zod locale passed to safeParse.
    message: { vi: issue.message, en: issue.message },
  }));
}
