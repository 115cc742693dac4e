/**
 * The contract's build, in process: lint the hand-written files with the house rules, bundle them
 * (components by name, and every $ref inlined), check the declared families and the OAS 3.1
 * meta-schema, and write the three bundles. `pnpm generate` (src/bundle.ts) and the live-editing
 * loop (`pnpm dev`) both call it; a ContractBuilder keeps the Redocly configuration (and its plugin)
 * loaded between builds, so that a rebuild costs what the files cost, not what starting a CLI costs.
 *
 * It runs @redocly/openapi-core, the library the pinned Redocly CLI is built on; the gate of the test
 * command stays `redocly lint` (the spec package's `lint` script).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BaseResolver,
  bundle,
  type Config,
  getLineColLocation,
  lint,
  loadConfig,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import { stringify } from 'yaml';
import type { OpenApiDocument } from './document.ts';
import { familiesOf } from './families.ts';
import { validateAgainstMetaSchema } from './meta-schema.ts';
import { GENERATED_NOTE } from './paths.ts';

/** One problem in a hand-written file, where an editor or a terminal can jump to it. */
export interface ContractProblem {
  severity: 'error' | 'warn';
  /** Absolute path of the file; line and column start at 1. */
  file: string;
  line: number;
  col: number;
  rule: string;
  message: string;
}

/** `file:line:col severity rule message`, with the file relative to `cwd` (clickable in terminals). */
export function formatProblem(p: ContractProblem, cwd = process.cwd()): string {
  const file = relative(cwd, p.file) || p.file;
  return `${file}:${p.line}:${p.col} ${p.severity} ${p.rule} ${p.message}`;
}

export interface Bundles {
  bundled: Record<string, unknown>;
  dereferenced: Record<string, unknown>;
  /** The three files' text, as written to the generated directory. */
  files: { 'openapi.yaml': string; 'openapi.json': string; 'openapi.dereferenced.json': string };
}

/** Thrown when the bundle cannot be built or is not a valid contract; carries the problems. */
export class ContractError extends Error {
  readonly problems: ContractProblem[];
  constructor(problems: ContractProblem[]) {
    super(problems.map((p) => formatProblem(p)).join('\n'));
    this.name = 'ContractError';
    this.problems = problems;
  }
}

export class ContractBuilder {
  readonly root: string;
  readonly configPath: string;
  #config: Promise<Config> | undefined;

  /** `root`: the contract's openapi.yaml; the configuration is the redocly.yaml beside it. */
  constructor(root: string) {
    this.root = root;
    this.configPath = join(dirname(root), 'redocly.yaml');
  }

  /** Forgets the loaded configuration: the next build reads redocly.yaml again. */
  reloadConfig(): void {
    this.#config = undefined;
  }

  #loadConfig(): Promise<Config> {
    this.#config ??= loadConfig({ configPath: this.configPath }).catch((error: unknown) => {
      this.#config = undefined;
      throw new ContractError([problemOf(error, this.configPath, 'config')]);
    });
    return this.#config;
  }

  /** The house rules' problems, errors first. Throws a ContractError when a file cannot be read or parsed. */
  async lint(): Promise<ContractProblem[]> {
    const config = await this.#loadConfig();
    let problems: NormalizedProblem[];
    try {
      problems = await lint({ ref: this.root, config, externalRefResolver: new BaseResolver(config.resolve) });
    } catch (error) {
      throw new ContractError([problemOf(error, this.root, 'parse')]);
    }
    return problems
      .filter((p) => !p.ignored)
      .map(toProblem)
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  }

  /** Bundles the contract and checks it; throws a ContractError with what is wrong. */
  async bundle(): Promise<Bundles> {
    const config = await this.#loadConfig();
    const build = async (dereference: boolean) => {
      let result: Awaited<ReturnType<typeof bundle>>;
      try {
        result = await bundle({ ref: this.root, config, dereference });
      } catch (error) {
        throw new ContractError([problemOf(error, this.root, 'bundle')]);
      }
      const errors = result.problems.filter((p) => p.severity === 'error' && !p.ignored);
      if (errors.length > 0) throw new ContractError(errors.map(toProblem));
      return withNote(result.bundle.parsed as Record<string, unknown>);
    };
    const bundled = await build(false);
    const dereferenced = await build(true);
    try {
      familiesOf(bundled as unknown as OpenApiDocument);
    } catch (error) {
      throw new ContractError([{ ...problemOf(error, this.root, 'families/declared'), severity: 'error' }]);
    }
    for (const [name, doc] of [
      ['openapi.yaml', bundled],
      ['openapi.dereferenced.json', dereferenced],
    ] as const) {
      const errors = await validateAgainstMetaSchema(doc);
      if (errors.length > 0) {
        throw new ContractError(
          errors.map((e) => ({
            severity: 'error',
            file: this.root,
            line: 1,
            col: 1,
            rule: 'oas3.1-meta-schema',
            message: `${name}: ${e}`,
          })),
        );
      }
    }
    return {
      bundled,
      dereferenced,
      files: {
        'openapi.yaml': `# ${GENERATED_NOTE}\n${stringify(bundled, { lineWidth: 0, aliasDuplicateObjects: false })}`,
        'openapi.json': `${JSON.stringify(bundled, null, 2)}\n`,
        'openapi.dereferenced.json': `${JSON.stringify(dereferenced, null, 2)}\n`,
      },
    };
  }
}

/** Writes the bundles into `dir`, each only if its text changed; returns the names written. */
export function writeBundles(bundles: Bundles, dir: string): string[] {
  const written: string[] = [];
  for (const [name, text] of Object.entries(bundles.files)) {
    const path = join(dir, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileSync(path, text);
    written.push(name);
  }
  return written;
}

/**
 * The bundles in Redocly CLI's order of top-level members (openapi, info, servers, tags, paths,
 * components, then the extensions), with the do-not-edit note after `openapi`.
 */
function withNote(doc: Record<string, unknown>): Record<string, unknown> {
  const order = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'externalDocs'];
  const after = ['paths', 'webhooks', 'components'];
  const out: Record<string, unknown> = { openapi: doc.openapi, 'x-generated': GENERATED_NOTE };
  for (const key of order.slice(1)) if (key in doc) out[key] = doc[key];
  for (const key of after) if (key in doc) out[key] = doc[key];
  for (const [key, value] of Object.entries(doc)) if (!(key in out)) out[key] = value;
  return out;
}

function toProblem(p: NormalizedProblem): ContractProblem {
  const location = p.location[0];
  const start = location ? getLineColLocation(location).start : { line: 1, col: 1 };
  return {
    severity: p.severity === 'error' ? 'error' : 'warn',
    file: location?.source.absoluteRef ?? '',
    line: start.line,
    col: start.col,
    rule: p.ruleId,
    message: p.message,
  };
}

/** A thrown error (YAML syntax, unreadable file, bad config) as a problem with the best location known. */
function problemOf(error: unknown, fallbackFile: string, rule: string): ContractProblem {
  const e = error as {
    message?: string;
    source?: { absoluteRef?: string };
    mark?: { line?: number; column?: number };
    line?: number;
    col?: number;
    originalError?: { mark?: { line?: number; column?: number } };
  };
  const mark = e.mark ?? e.originalError?.mark;
  const message = String(e.message ?? error).split('\n')[0] ?? String(error);
  return {
    severity: 'error',
    file: e.source?.absoluteRef ?? fallbackFile,
    line: mark?.line !== undefined ? mark.line + 1 : (e.line ?? 1),
    col: mark?.column !== undefined ? mark.column + 1 : (e.col ?? 1),
    rule,
    message,
  };
}

/**
 * The dereferenced bundle of the contract whose root file is `root` (with the redocly.yaml beside it),
 * and nothing else checked: what a diff needs of any version of the contract, older ones included
 * (before `x-families`, say). Throws a ContractError when a file cannot be read or parsed, or the
 * bundle has errors, located as `file:line:col`.
 */
export async function dereferencedBundle(root: string): Promise<Record<string, unknown>> {
  const configPath = join(dirname(root), 'redocly.yaml');
  let config: Config;
  try {
    config = await loadConfig({ configPath });
  } catch (error) {
    throw new ContractError([problemOf(error, configPath, 'config')]);
  }
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: root, config, dereference: true });
  } catch (error) {
    throw new ContractError([problemOf(error, root, 'bundle')]);
  }
  const errors = result.problems.filter((p) => p.severity === 'error' && !p.ignored);
  if (errors.length > 0) throw new ContractError(errors.map(toProblem));
  return result.bundle.parsed as Record<string, unknown>;
}

/** The version of @redocly/openapi-core that bundles (a cache of bundles keys on it). */
export const bundlerVersion: string = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.resolve('@redocly/openapi-core'))); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@redocly/openapi-core') return manifest.version ?? 'unknown';
    }
    if (dirname(dir) === dir) return 'unknown';
  }
})();
