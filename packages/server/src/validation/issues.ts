/** Turns zod's issues into the contract's validation issues (errors/types.ts). */
import type { z } from 'zod';
import type { Issue } from '../errors/types.ts';

const LOCATION: Record<string, Issue['location']> = {
  param: 'path',
  query: 'query',
  header: 'header',
  json: 'body',
  form: 'body',
};

export function issuesFrom(error: z.ZodError, target: string): Issue[] {
  const location = LOCATION[target] ?? 'body';
  return error.issues.map((issue) => {
    const path =
      location === 'body' ? issue.path.map((p) => `/${String(p)}`).join('') : issue.path.map(String).join('.');
    return { location, path, code: issue.code, message: messageOf(issue) };
  });
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (
    issue.code === 'invalid_format' &&
    issue.format === 'regex' &&
    'pattern' in issue &&
    /^Invalid/.test(issue.message)
  ) {
    // zod reports `/source/u`; the contract's pattern is the bare source. (A generated schema may
    // give its own message instead, such as "must be a base-10 integer": that one is kept.)
    const pattern = String(issue.pattern).replace(/^\/(.*)\/[a-z]*$/s, '$1');
    return `must match pattern ${pattern}`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown propert${issue.keys.length > 1 ? 'ies' : 'y'} ${issue.keys.join(', ')}`;
  return issue.message;
}
