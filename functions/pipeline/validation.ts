// zod issues to the `errors[] {path, message}` of a VALIDATION_FAILED problem, in the caller's language.

import type * as z from 'zod/mini';
import type { ErrorItem } from '#domain/errors.ts';
import { SCHEMA_MESSAGES } from '../schemas.ts';

const ownMessage = (message: string) =>
  Object.hasOwn(SCHEMA_MESSAGES, message)
    ? SCHEMA_MESSAGES[message as keyof typeof SCHEMA_MESSAGES]
    : undefined;

export function zodIssuesToItems(issues: readonly z.core.$ZodIssue[], where: string): ErrorItem[] {
  // An unknown field is named by its own path (body.nominee.salary), not by the object holding it.
  const located = issues.flatMap((issue): { issue: z.core.$ZodIssue; path: PropertyKey[] }[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ issue, path: [...issue.path, key] }))
      : [{ issue, path: issue.path }],
  );
  return located.slice(0, 50).map(({ issue, path }) => ({
    path: [where, ...path.map(String)].join('.'),
    // A check of our own names its message by key; zod's own messages come in the language of the
    // locale passed to safeParse.
    message: ownMessage(issue.message) ?? { vi: issue.message, en: issue.message },
  }));
}
