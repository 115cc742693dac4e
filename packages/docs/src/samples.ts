/**
 * Code samples for every operation, generated from the bundled spec: TypeScript with the generated
 * client, and curl. Both work as printed against the local reference server and its demo tokens.
 */
import type { OpenApiDocument, Operation, Parameter } from '@device-commands/spec';
import { operationsOf } from '@device-commands/spec';

export const LOCAL_ORIGIN = 'http://localhost:4000';
const FAMILY = {
  android: { base: '/applivery/v1', factory: 'createAndroidClient', token: 'demo-android-admin-token' },
  graph: { base: '/graph/beta', factory: 'createGraphClient', token: 'demo-graph-ana-token-0001' },
} as const;

export interface Sample {
  operationId: string;
  family: 'android' | 'graph';
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
  return operationsOf(doc).map(({ path, method, operation, parameters }) => {
    const family = path.startsWith('/me/') ? 'graph' : 'android';
    const f = FAMILY[family];
    const pathParams = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, exampleOf(p)]));
    const body = requestExample(operation);
    const success = Object.keys(operation.responses).find((s) => s.startsWith('2')) ?? '200';
    const init: string[] = [];
    if (Object.keys(pathParams).length > 0) init.push(`params: { path: ${literal(pathParams)} }`);
    if (body !== undefined) init.push(`body: ${literal(body)}`);
    const call = `await client.${method.toUpperCase()}('${path}'${init.length ? `, {\n  ${indent(init.join(',\n'), '  ')},\n}` : ''})`;
    const typescript = [
      `import { ${f.factory} } from '@device-commands/client';`,
      '',
      `// The local reference server; leave baseUrl out to call ${family === 'android' ? 'https://api.applivery.io/v1' : 'https://graph.microsoft.com/beta'}.`,
      `const client = ${f.factory}({ baseUrl: '${LOCAL_ORIGIN}${f.base}', token: '${f.token}' });`,
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
    const url = `${LOCAL_ORIGIN}${f.base}${path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''))}`;
    const curl = [
      `curl -sS${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} '${url}' \\`,
      `  -H 'Authorization: Bearer ${f.token}'${body === undefined ? '' : ` \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(body)}'`}`,
      '',
    ].join('\n');
    return { operationId: operation.operationId, family, typescript, curl };
  });
}
