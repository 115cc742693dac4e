/**
 * Adding a family is declaring it in the contract, then writing only what no contract can say.
 * A third, fictional family (test/fixtures/fleet: two operations, its own envelope, its own security
 * scheme, a DELETE method the other families never use) is merged into a temporary copy of openapi/,
 * and the whole pipeline runs on it: lint, bundle, the server's routes, the client's types and
 * methods, the docs site. The server then fails to compile only where a person must write code for
 * the new family, and the compiler's messages name those places.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, ToolError, tryRun } from '@device-commands/testkit';
import { redocly } from '@device-commands/testkit/redocly';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/fleet/', import.meta.url));
const pkg = (name: string) => join(root, 'packages', name);
const node = (args: string[], cwd: string) => run(process.execPath, args, { cwd }).stdout;
/** A package's own binary (each package pins its tools), run with this Node. */
const bin = (name: string, from: string, path: string) =>
  join(dirname(createRequire(join(pkg(from), 'package.json')).resolve(`${name}/package.json`)), path);

let work: string;
/** Copies of the server's and client's sources live inside their packages, to resolve their dependencies. */
const serverCopy = join(pkg('server'), '.third-family');
const clientCopy = join(pkg('client'), '.third-family');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'third-family-'));
  const openapi = join(work, 'openapi');
  cpSync(join(root, 'openapi'), openapi, { recursive: true });
  for (const dir of ['paths', 'components']) cpSync(join(fixture, dir), join(openapi, dir), { recursive: true });
  const family = parse(readFileSync(join(fixture, 'family.yaml'), 'utf8'));
  const doc = parse(readFileSync(join(openapi, 'openapi.yaml'), 'utf8'));
  doc.tags.push(family.tag);
  doc['x-families'].push(family.family);
  doc['x-tagGroups'].push({ name: 'Fleet', tags: [family.tag.name] });
  doc.servers.push({ url: family.family.upstream, description: 'Fleet upstream' });
  Object.assign(doc.paths, family.paths);
  Object.assign(doc.components.securitySchemes, family.securitySchemes);
  writeFileSync(join(openapi, 'openapi.yaml'), stringify(doc, { lineWidth: 0 }));
  for (const copy of [serverCopy, clientCopy]) rmSync(copy, { recursive: true, force: true });
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  for (const copy of [serverCopy, clientCopy]) rmSync(copy, { recursive: true, force: true });
});

describe('a third family, declared only in the contract', () => {
  it('passes the house rules with no problem', () => {
    let out: string;
    try {
      out = redocly([
        'lint',
        join(work, 'openapi', 'openapi.yaml'),
        '--config',
        join(work, 'openapi', 'redocly.yaml'),
        '--format=json',
        '--max-problems=100',
      ]);
    } catch (error) {
      out = String((error as { stdout?: string }).stdout);
    }
    const problems = (JSON.parse(out) as { problems: { ruleId: string; message: string }[] }).problems;
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it('bundles, and the spec package lists its operations under the new family', async () => {
    node(
      ['src/bundle.ts', '--root', join(work, 'openapi', 'openapi.yaml'), '--out', mkdir(work, 'bundle')],
      pkg('spec'),
    );
    const { familiesOf, loadSpec, operationsOf } = await import('@device-commands/spec');
    const doc = loadSpec(join(work, 'bundle', 'openapi.json'));
    expect(familiesOf(doc).map((f) => [f.id, f.basePath])).toEqual([
      ['android', '/applivery/v1'],
      ['graph', '/graph/beta'],
      ['fleet', '/fleet/api'],
    ]);
    expect(
      operationsOf(doc)
        .filter((o) => o.family.id === 'fleet')
        .map((o) => `${o.method} ${o.operation.operationId}`),
    ).toEqual(['get listFleetVehicles', 'delete recallFleetVehicle']);
  });

  it("generates the server's routes, with the family's routes, permissions and error envelope", () => {
    const out = join(mkdir(serverCopy, 'src'), 'generated', 'routes.gen.ts');
    cpSync(join(pkg('server'), 'src'), join(serverCopy, 'src'), { recursive: true });
    node(
      [
        bin('@device-commands/codegen', 'server', 'src/main.ts'),
        '--spec',
        join(work, 'bundle', 'openapi.json'),
        '--out',
        out,
      ],
      pkg('server'),
    );
    const routes = readFileSync(out, 'utf8');
    expect(routes).toContain('fleet: { id: "fleet", name: "Fleet vehicles", basePath: "/fleet/api"');
    expect(routes).toContain('errorEnvelope: FleetErrorEnvelope');
    expect(routes).toMatch(
      /recallFleetVehicle: \{ family: "fleet", method: "delete", .*permission: "fleet\.vehicle\.recall"/,
    );
  });

  it('generates client types and methods that compile, DELETE included, with the family in the client', () => {
    cpSync(join(pkg('client'), 'src'), join(clientCopy, 'src'), { recursive: true });
    const generated = join(clientCopy, 'src', 'generated');
    node(
      ['src/client-main.ts', '--spec', join(work, 'bundle', 'openapi.json'), '--out-dir', generated],
      pkg('codegen'),
    );
    const families = readFileSync(join(generated, 'families.gen.ts'), 'utf8');
    expect(families).toContain('export const METHODS = ["GET","POST","DELETE"] as const;');
    expect(families).toContain(
      'fleet: "/fleets/{fleetId}/vehicles" | "/fleets/{fleetId}/vehicles/{vehicleId}/recall";',
    );
    writeFileSync(
      join(clientCopy, 'src', 'fleet.check.ts'),
      [
        "import { createFamilyClient } from './index.ts';",
        "const fleet = createFamilyClient('fleet', { token: 't' });",
        "export const recalled = fleet.DELETE('/fleets/{fleetId}/vehicles/{vehicleId}/recall', { params: { path: { fleetId: 'flt_0a1b2c3d', vehicleId: 'veh_9z8y7x6w' } } });",
        "// @ts-expect-error the fleet client accepts only the fleet family's paths",
        "export const foreign = fleet.GET('/me/devices');",
        '',
      ].join('\n'),
    );
    const result = tsc('client', clientCopy);
    expect(result.errors).toEqual([]);
  });

  it('builds the docs site with the family and its code samples', () => {
    const out = join(work, 'docs');
    node(['src/build.ts', '--bundles', join(work, 'bundle'), '--out', out], pkg('docs'));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Fleet vehicles');
    expect(readFileSync(join(out, 'samples', 'recallFleetVehicle.ts'), 'utf8')).toContain(
      "createFamilyClient('fleet', { baseUrl: 'http://localhost:4000/fleet/api'",
    );
    expect(existsSync(join(out, 'samples', 'recallFleetVehicle.sh'))).toBe(true);
  });

  it('leaves the server failing to compile only where a person writes the family: its registry entry, its tokens and its repository', () => {
    const { errors } = tsc('server', serverCopy);
    expect(errors.length).toBeGreaterThan(0);
    expect([...new Set(errors.map((e) => e.file))].sort(), JSON.stringify(errors, null, 2)).toEqual([
      'src/auth/tokens.ts',
      'src/families.ts',
      'src/store/repositories.ts',
    ]);
    for (const e of errors) expect(e.message, `${e.file}: ${e.message}`).toContain("'fleet'");
  });

  it('then names every missing piece once the registry has an empty entry for the family', () => {
    const families = join(serverCopy, 'src', 'families.ts');
    writeFileSync(families, readFileSync(families, 'utf8').replace(/\n};\s*$/, '\n  fleet: {},\n};\n'));
    const { errors } = tsc('server', serverCopy);
    const inRegistry = errors
      .filter((e) => e.file === 'src/families.ts')
      .map((e) => e.message)
      .join('\n');
    expect(inRegistry).toMatch(/missing the following properties .*: errors, handlers/);
  });
});

function mkdir(...parts: string[]): string {
  const dir = join(...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs the package's own `tsc` on a copy of its sources; returns the errors, by file relative to the copy. */
function tsc(name: 'server' | 'client', copy: string): { errors: { file: string; message: string }[] } {
  writeFileSync(
    join(copy, 'tsconfig.json'),
    JSON.stringify({
      // The package's own settings: TS 7 (server) reads tsconfig.code.json, TS 5.9 (client) the base.
      extends: relative(copy, join(root, name === 'server' ? 'tsconfig.code.json' : 'tsconfig.base.json')),
      compilerOptions: { noEmit: true, ...(name === 'client' ? { types: [] } : {}) },
      include: ['src'],
    }),
  );
  const result = tryRun(
    process.execPath,
    [bin('typescript', name, 'bin/tsc'), '-p', join(copy, 'tsconfig.json'), '--pretty', 'false'],
    { cwd: copy },
  );
  const output = `${result.stdout}${result.stderr}`;
  const errors: { file: string; message: string }[] = [];
  for (const chunk of output.split(/\n(?=\S)/)) {
    const match = /^(.+?)\(\d+,\d+\): error TS\d+: ([\s\S]*)$/.exec(chunk.trim());
    if (match) errors.push({ file: relative(copy, join(copy, match[1] ?? '')), message: match[2] ?? '' });
  }
  if (result.status !== 0 && errors.length === 0)
    throw new ToolError(`tsc -p ${join(copy, 'tsconfig.json')} failed without errors it could parse`, result);
  return { errors };
}
