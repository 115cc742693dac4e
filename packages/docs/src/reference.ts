/**
 * What the docs site adds under each operation, derived from the contract: the permission the
 * operation needs (its family says how: `x-permission` or the security scheme's scopes), the
 * family's error codes it can answer with (from its documented error responses' examples), and a
 * link to the try-it console.
 */
import type { OperationEntry } from '@device-commands/spec';

interface ErrorExample {
  summary?: string;
  value?: { error?: { code?: unknown } };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The permission rows: what a token needs for this operation. */
export function permissionOf({ operation, family }: OperationEntry): string[] {
  if (family.authorization === 'x-permission') {
    const permission = operation['x-permission'];
    if (typeof permission !== 'string') throw new Error(`${operation.operationId} has no x-permission`);
    return [permission];
  }
  const requirement = operation.security?.find((r) => family.securityScheme in r);
  return requirement?.[family.securityScheme] ?? [];
}

/** Every error code the operation documents: status, code and meaning, in response order. */
export function errorCodesOf({ operation }: OperationEntry): { status: string; code: string; meaning: string }[] {
  const rows: { status: string; code: string; meaning: string }[] = [];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^[23]/.test(status)) continue;
    for (const media of Object.values(response.content ?? {})) {
      for (const example of Object.values(media.examples ?? {}) as ErrorExample[]) {
        const code = example.value?.error?.code;
        if (code === undefined) continue;
        const summary = example.summary ?? '';
        const http = status === 'default' ? (/HTTP (\d{3})/.exec(summary)?.[1] ?? 'other') : status;
        const meaning = summary.replace(/\s*\([^)]*\)\s*$/, '').replace(/\s*\([^)]*\)\s*/, ' ');
        if (!rows.some((r) => r.status === http && r.code === String(code)))
          rows.push({ status: http, code: String(code), meaning });
      }
    }
  }
  return rows;
}

/** The Markdown appended to an operation's description in the docs site. */
export function referenceOf(entry: OperationEntry): string {
  const { family, operation } = entry;
  const needs = permissionOf(entry);
  const how = family.authorization === 'x-permission' ? 'permission (`x-permission`)' : 'delegated scope';
  const lines = [
    '',
    '#### Authorization',
    '',
    `| scheme | ${how} |`,
    '|---|---|',
    `| \`${family.securityScheme}\` | ${needs.map((n) => `\`${n}\``).join(' and ') || 'none'} |`,
    '',
    `#### Error codes (${family.name})`,
    '',
    '| HTTP | code | meaning |',
    '|---|---|---|',
    ...errorCodesOf(entry).map((r) => `| ${r.status} | \`${r.code}\` | ${cell(r.meaning)} |`),
    '',
    `**[Try it in the console](try.html#${operation.operationId})**: send this request to the local reference server with a demo token, and see the answer checked against the contract.`,
  ];
  return lines.join('\n');
}
