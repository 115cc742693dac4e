/**
 * Every house rule in openapi/redocly.yaml fires on a deliberately broken copy of the real contract,
 * and the unbroken contract passes with no problem at all.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { redocly } from '@device-commands/testkit/redocly';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redoclyConfig, specRoot } from '../src/paths.ts';

const ANDROID = 'paths/android/organizations_{organizationId}_mdm_android_enterprise_devices_{emmDeviceId}_commands';
const GRAPH = 'paths/graph/me_devices';

interface BrokenCopy {
  /** The rule that must fire. */
  rule: string;
  /** What is broken, as a sentence. */
  breakage: string;
  /** The file (relative to openapi/) to edit, the text to find and its replacement. */
  file: string;
  find: string | RegExp;
  replace: string;
}

const cases: BrokenCopy[] = [
  {
    rule: 'rule/path-parameter-pattern-or-enum',
    breakage: 'a path parameter has neither pattern nor enum',
    file: 'components/parameters/graph/command-id.yaml',
    find: /\n {2}pattern: .*\n/,
    replace: '\n',
  },
  {
    rule: 'rule/operation-id-camel-case',
    breakage: 'an operationId is snake_case',
    file: `${GRAPH}.yaml`,
    find: 'operationId: listMyDevices',
    replace: 'operationId: list_my_devices',
  },
  {
    rule: 'operation-operationId-unique',
    breakage: 'two operations share an operationId',
    file: `${GRAPH}_{device-id}_commands_{command-id}.yaml`,
    find: 'operationId: getDeviceCommand',
    replace: 'operationId: listMyDevices',
  },
  {
    rule: 'rule/operation-documents-401',
    breakage: 'an operation does not document 401',
    file: `${GRAPH}.yaml`,
    find: /\n {4}'401':\n.*\n/,
    replace: '\n',
  },
  {
    rule: 'rule/validation-response-for-path-parameters',
    breakage: 'an operation with path parameters does not document its 400',
    file: `${ANDROID}_{emmCommandId}.yaml`,
    find: /\n {4}'400':\n.*\n/,
    replace: '\n',
  },
  {
    rule: 'rule/validation-response-for-operation-input',
    breakage: 'an operation gains a query parameter but no 400',
    file: `${GRAPH}.yaml`,
    find: '  security:\n',
    replace: '  parameters:\n    - name: $top\n      in: query\n      schema: {type: integer}\n  security:\n',
  },
  {
    rule: 'families/operation-names-permission',
    breakage: 'an Android operation has no x-permission',
    file: `${ANDROID}_{emmCommandId}_cancel.yaml`,
    find: /\n {2}x-permission: .*\n/,
    replace: '\n',
  },
  {
    rule: 'families/operation-names-permission',
    breakage: 'an Android operation names a permission of another resource',
    file: `${ANDROID}_{emmCommandId}.yaml`,
    find: 'x-permission: mdm.android.command.get',
    replace: 'x-permission: mdm.android.device.get',
  },
  {
    rule: 'families/errors-use-family-envelope',
    breakage: "an Android operation answers 404 in Graph's envelope",
    file: `${ANDROID}_{emmCommandId}.yaml`,
    find: 'components/responses/android/AndroidNotFound.yaml',
    replace: 'components/responses/graph/GraphNotFound.yaml',
  },
  {
    rule: 'families/errors-use-family-envelope',
    breakage: "a Graph operation answers 401 in Applivery's envelope",
    file: `${GRAPH}.yaml`,
    find: 'components/responses/graph/GraphUnauthorized.yaml',
    replace: 'components/responses/android/AndroidUnauthorized.yaml',
  },
  {
    rule: 'families/input-limits',
    breakage: 'the JSON depth limit is not a positive integer',
    file: 'openapi.yaml',
    find: '  maxJsonDepth: 32\n',
    replace: '  maxJsonDepth: deep\n',
  },
  {
    rule: 'families/input-limits',
    breakage: 'an input limit is missing',
    file: 'openapi.yaml',
    find: '  maxHeaderBytes: 16384\n',
    replace: '',
  },
  {
    rule: 'families/situations',
    breakage: 'a family names no code for a missing token',
    file: 'openapi.yaml',
    find: '      missingToken: 4002\n',
    replace: '',
  },
  {
    rule: 'families/situations',
    breakage: 'a family names an unknown situation',
    file: 'openapi.yaml',
    find: '      notPending: 5052\n',
    replace: '      notPending: 5052\n      teapot: 418\n',
  },
  {
    rule: 'families/situations',
    breakage: "a family's situation codes mix types",
    file: 'openapi.yaml',
    find: '      routeNotFound: 1002\n',
    replace: "      routeNotFound: '1002'\n",
  },
  {
    rule: 'families/deprecated-family',
    breakage: 'a Graph operation is not marked deprecated',
    file: `${GRAPH}_{device-id}_commands.yaml`,
    find: /\n {2}deprecated: true\n/,
    replace: '\n',
  },
  {
    rule: 'families/operation-in-one-family',
    breakage: "the Graph family claims another tag, so Graph's operations belong to no family",
    file: 'openapi.yaml',
    find: '    tag: Microsoft Graph device commands\n',
    replace: '    tag: Microsoft Graph printers\n',
  },
  {
    rule: 'families/declared',
    breakage: 'two families share an id',
    file: 'openapi.yaml',
    find: '  - id: graph\n',
    replace: '  - id: android\n',
  },
  {
    rule: 'families/declared',
    breakage: 'a family names a security scheme the document does not declare',
    file: 'openapi.yaml',
    find: 'securityScheme: GraphDelegated',
    replace: 'securityScheme: GraphOAuth',
  },
  {
    rule: 'families/path-servers',
    breakage: "a path lists another family's upstream server",
    file: `${GRAPH}.yaml`,
    find: 'url: https://graph.microsoft.com/beta',
    replace: 'url: https://api.applivery.io/v1',
  },
  {
    rule: 'families/operation-security',
    breakage: "an Android operation is secured by Graph's scheme",
    file: `${ANDROID}_{emmCommandId}.yaml`,
    find: '- ApiKeyAuth: []',
    replace: '- GraphDelegated: [Device.Read]',
  },
  {
    rule: 'rule/media-type-has-named-examples',
    breakage: 'a response body has a single unnamed example',
    file: `${GRAPH}.yaml`,
    find: /examples:\n\s+devices:\n\s+\$ref: \S+\n/,
    replace: 'example: {value: []}\n',
  },
  {
    rule: 'no-invalid-media-type-examples',
    breakage: 'an example has a status outside the enum',
    file: 'components/examples/android/AndroidCommandDone.yaml',
    find: 'status: DONE',
    replace: 'status: FINISHED',
  },
  {
    rule: 'no-invalid-media-type-examples',
    breakage: 'an example carries a property its schema does not declare',
    file: 'components/examples/graph/AndroidCommandPending.yaml'.replace('graph', 'android'),
    find: '    status: PENDING\n',
    replace: '    status: PENDING\n    colour: red\n',
  },
  {
    rule: 'no-invalid-parameter-examples',
    breakage: 'a parameter example breaks its own pattern',
    file: 'components/parameters/android/emmCommandId.yaml',
    find: /example: .*/,
    replace: 'example: not-a-hex-id',
  },
  {
    rule: 'no-unused-components',
    breakage: 'a component is declared but never used',
    file: 'openapi.yaml',
    find: 'components:\n',
    replace: 'components:\n  schemas:\n    Unused:\n      type: string\n',
  },
  {
    rule: 'operation-tag-defined',
    breakage: 'an operation uses a tag the document does not declare',
    file: `${GRAPH}.yaml`,
    find: 'tags: [Microsoft Graph device commands]',
    replace: 'tags: [Devices]',
  },
];

interface Problem {
  ruleId: string;
  location: { source: { ref: string } }[];
}

const openapiDir = dirname(specRoot);
let work: string;
let problemsByCase: Map<number, Problem[]>;
let baseline: Problem[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'house-rules-'));
  const roots: string[] = [];
  cases.forEach((c, i) => {
    const dir = join(work, `case-${i}`);
    cpSync(openapiDir, dir, { recursive: true });
    const file = join(dir, c.file);
    const before = readFileSync(file, 'utf8');
    const after = before.replace(c.find, c.replace);
    if (after === before) throw new Error(`case ${i} (${c.breakage}): ${c.file} does not contain ${String(c.find)}`);
    writeFileSync(file, after);
    roots.push(join(dir, 'openapi.yaml'));
  });
  const cleanRoot = join(work, 'clean', 'openapi.yaml');
  cpSync(openapiDir, dirname(cleanRoot), { recursive: true });
  roots.push(cleanRoot);

  // One Redocly run over every copy; it exits non-zero because the copies are broken.
  let output: string;
  try {
    output = redocly(['lint', ...roots, '--config', redoclyConfig, '--format=json', '--max-problems=1000']);
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  // Redocly prints one JSON report per root, one after the other.
  const reports = output
    .split(/(?<=^\})(?=\{$)/m)
    .filter((chunk) => chunk.startsWith('{'))
    .map((chunk) => JSON.parse(chunk) as { problems: Problem[] });
  if (reports.length !== roots.length) throw new Error(`expected ${roots.length} reports, got ${reports.length}`);
  problemsByCase = new Map();
  baseline = [];
  for (const problem of reports.flatMap((r) => r.problems)) {
    const source = resolve(process.cwd(), problem.location[0]?.source.ref ?? '');
    const top = relative(work, source).split(/[\\/]/)[0] ?? '';
    if (top === 'clean') baseline.push(problem);
    const match = /^case-(\d+)$/.exec(top);
    if (match) {
      const i = Number(match[1]);
      problemsByCase.set(i, [...(problemsByCase.get(i) ?? []), problem]);
    }
  }
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the house rules', () => {
  it('find nothing wrong with the contract as it is', () => {
    expect(baseline.map((p) => p.ruleId)).toEqual([]);
  });

  it.each(cases.map((c, i) => [c.rule, c.breakage, i] as const))('%s fires when %s', (rule, _breakage, i) => {
    const fired = (problemsByCase.get(i) ?? []).map((p) => p.ruleId);
    expect(fired).toContain(rule);
  });
});
