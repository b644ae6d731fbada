// zod issues to the `errors[] {path, message}` of a VALIDATION_FAILED problem, in the caller's language.

import type * as core from 'zod/v4/core';
import type { ErrorItem } from '#domain/errors.ts';
import type { LocalizedText } from '#domain/types.ts';
import { SCHEMA_MESSAGES } from '../schemas.ts';
import { zodIssueText } from './zod-messages.ts';

const ownMessage = (message: string) =>
  Object.hasOwn(SCHEMA_MESSAGES, message)
    ? SCHEMA_MESSAGES[message as keyof typeof SCHEMA_MESSAGES]
    : undefined;

/** One issue's message in both languages: a check of our own by its key, any other from its fields. */
export const issueMessage = (issue: core.$ZodIssue): LocalizedText =>
  ownMessage(issue.message) ?? zodIssueText(issue);

export function zodIssuesToItems(issues: readonly core.$ZodIssue[], where: string): ErrorItem[] {
  // An unknown field is named by its own path (body.nominee.salary), not by the object holding it.
  const located = issues.flatMap((issue): { issue: core.$ZodIssue; path: PropertyKey[] }[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ issue, path: [...issue.path, key] }))
      : [{ issue, path: issue.path }],
  );
  return located.slice(0, 50).map(({ issue, path }) => ({
    path: [where, ...path.map(String)].join('.'),
    // A check of our own names its message by key; every other issue is rendered from its fields, in both
    // languages (functions/pipeline/zod-messages.ts).
    message: issueMessage(issue),
  }));
}
