/**
 * Code samples for every operation, generated from the bundled spec: TypeScript with the generated
 * client, and curl. Both work as printed against the local reference server and its demo tokens.
 */
import { DEMO_TOKENS } from '@device-commands/server';
import type { OpenApiDocument, Operation, Parameter } from '@device-commands/spec';
import { familiesOf, loadSpec, operationsOf } from '@device-commands/spec';

/** The origin of the local reference server, as the families' `local` URLs declare it. */
export const LOCAL_ORIGIN = new URL(familiesOf(loadSpec())[0]?.local ?? 'http://localhost:4000').origin;

/** The reference server's first demo token of a family (its full-access one), or a placeholder. */
const tokenOf = (family: string) => DEMO_TOKENS.find((t) => t.family === family)?.token ?? '<token>';

export interface Sample {
  operationId: string;
  family: string;
  typescript: string;
  curl: string;
}

function exampleOf(p: Parameter): string {
  const value = p.example ?? Object.values(p.examples ?? {})[0]?.value;
  if (typeof value !== 'string') throw new Error(`path parameter ${p.name} has no string example`);
  return value;
}

function requestExample(op: Operation): unknown {
  return Object.values(op.requestBody?.content['application/json']?.examples ?? {})[0]?.value;
}

const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
/** A JSON value as a TypeScript literal: unquoted keys where possible, single-quoted strings. */
const literal = (value: unknown) =>
  JSON.stringify(value, null, 2)
    .replace(/"([A-Za-z_$][\w$]*)":/g, '$1:')
    .replace(/"((?:[^"\\']|\\.)*)"/g, "'$1'");

export function samplesOf(doc: OpenApiDocument): Sample[] {
  return operationsOf(doc).map(({ path, method, operation, parameters, family: declared }) => {
    const family = declared.id;
    const f = { local: declared.local.replace(/\/$/, ''), token: tokenOf(family) };
    const pathParams = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, exampleOf(p)]));
    const body = requestExample(operation);
    const success = Object.keys(operation.responses).find((s) => s.startsWith('2')) ?? '200';
    const init: string[] = [];
    if (Object.keys(pathParams).length > 0) init.push(`params: { path: ${literal(pathParams)} }`);
    if (body !== undefined) init.push(`body: ${literal(body)}`);
    const call = `await client.${method.toUpperCase()}('${path}'${init.length ? `, {\n  ${indent(init.join(',\n'), '  ')},\n}` : ''})`;
    const typescript = [
      "import { createFamilyClient } from '@device-commands/client';",
      '',
      `// ${declared.name}, on the local reference server; leave baseUrl out to call ${declared.upstream}.`,
      `const client = createFamilyClient('${family}', { baseUrl: '${f.local}', token: '${f.token}' });`,
      '',
      `const res = ${call};`,
      `if (res.status === ${success}) {`,
      '  console.log(res.status, JSON.stringify(res.data));',
      '} else {',
      '  // Every other status is documented too: res.error is that status’s body.',
      '  console.log(res.status, JSON.stringify(res.error));',
      '  process.exitCode = 1;',
      '}',
      '',
    ].join('\n');
    const url = `${f.local}${path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''))}`;
    const curl = [
      `curl -sS${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} '${url}' \\`,
      `  -H 'Authorization: Bearer ${f.token}'${body === undefined ? '' : ` \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(body)}'`}`,
      '',
    ].join('\n');
    return { operationId: operation.operationId, family, typescript, curl };
  });
}
