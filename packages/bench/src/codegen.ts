/**
 * The codegen pipeline: the whole `turbo run generate` cold (cache off) and warm after a spec edit,
 * the turbo no-op time, and how each generator grows with spec size on synthetic specs with 10× and
 * 100× the operations.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitRoutes } from '@device-commands/codegen';
import { loadSpec, type OpenApiDocument } from '@device-commands/spec';
import { redocly } from '@device-commands/testkit/redocly';
import { median, round } from './stats.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const touched = join(root, 'openapi/components/schemas/graph/Device.yaml');

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

const turbo = (args: string[]) =>
  execFileSync(join(root, 'node_modules/.bin/turbo'), ['run', 'generate', '--output-logs=errors-only', ...args], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });

export interface CodegenResult {
  pipeline: { coldMs: number; warmAfterEditMs: number; noopMs: number };
  scaling: { operations: number; bundleMs: number; routesMs: number; typesMs: number }[];
}

export function benchCodegen(rounds: number): CodegenResult {
  const original = readFileSync(touched, 'utf8');
  const cold: number[] = [];
  const warm: number[] = [];
  const noop: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      cold.push(time(() => turbo(['--force'])));
      writeFileSync(touched, `${original}# bench edit ${Date.now()}\n`);
      warm.push(time(() => turbo([])));
      writeFileSync(touched, original);
      turbo([]);
      noop.push(time(() => turbo([])));
    }
  } finally {
    writeFileSync(touched, original);
    turbo([]);
  }
  return {
    pipeline: {
      coldMs: round(median(cold), 0),
      warmAfterEditMs: round(median(warm), 0),
      noopMs: round(median(noop), 0),
    },
    scaling: [1, 10, 100].map((factor) => scale(factor)),
  };
}

/** A synthetic spec with `factor` copies of every path, each copy with its own operationIds. */
export function synthetic(doc: OpenApiDocument, factor: number): OpenApiDocument {
  const copy = structuredClone(doc);
  copy.paths = {};
  for (let i = 0; i < factor; i++) {
    for (const [path, item] of Object.entries(doc.paths)) {
      const clone = structuredClone(item) as Record<string, { operationId?: string }>;
      for (const op of Object.values(clone))
        if (op && typeof op === 'object' && 'operationId' in op) op.operationId = `${op.operationId}${i || ''}`;
      copy.paths[i === 0 ? path : `/copy${i}${path}`] = clone as OpenApiDocument['paths'][string];
    }
  }
  return copy;
}

function scale(factor: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-codegen-'));
  try {
    const doc = synthetic(loadSpec(), factor);
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const operations = Object.values(doc.paths).reduce(
      (n, item) => n + Object.keys(item).filter((k) => ['get', 'post'].includes(k)).length,
      0,
    );
    // openapi-typescript is codegen's dependency (emitClientSources); its CLI is the peer measured here.
    const codegenRequire = createRequire(join(root, 'packages/codegen/package.json'));
    const openapiTs = join(dirname(codegenRequire.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
    const samples = { bundleMs: [] as number[], routesMs: [] as number[], typesMs: [] as number[] };
    for (let r = 0; r < 3; r++) {
      samples.bundleMs.push(time(() => redocly(['bundle', file, '--dereferenced', '-o', join(dir, 'deref.json')])));
      samples.routesMs.push(time(() => emitRoutes(doc)));
      samples.typesMs.push(
        time(() => execFileSync(process.execPath, [openapiTs, file, '-o', join(dir, 'types.ts')], { stdio: 'pipe' })),
      );
    }
    return {
      operations,
      bundleMs: round(median(samples.bundleMs), 0),
      routesMs: round(median(samples.routesMs), 1),
      typesMs: round(median(samples.typesMs), 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
