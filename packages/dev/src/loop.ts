/**
 * The rebuild after a save, fast path first: only what the changed files affect, with the tools kept
 * warm in this process (Redocly's lint and bundle through @redocly/openapi-core with the loaded
 * configuration, the routes and client emitters, openapi-typescript).
 *
 * Two lanes. The critical path of a save is lint · bundle · routes · restart: saves take it one at a
 * time, and it ends when the server answers with the new contract. Everything else (the client
 * sources, the docs, the handlers' type check) runs after it, off the path: a new save cancels that
 * work (the type check's process is killed; a docs build not yet started is not started, one under way
 * finishes and reloads the pages, which it makes newer) and owes it to the
 * newest contract instead, so no save waits for a type check or a docs build of an older one.
 *
 *   a YAML file of openapi/   critical: lint · bundle · routes · restart    after: types · docs · typecheck
 *   redocly.yaml, plugins/    the same, after reloading the configuration
 *   a Markdown file           after: docs (openapi/README.md and packages/docs/content/ feed the overview)
 *   a server source file      critical: restart                             after: typecheck
 *
 * A lint error or a bundle that does not build stops the rebuild: the problems are printed as
 * `file:line:col severity rule message` and shown over the docs page, and the server keeps serving
 * the last good contract. The next save that builds clears them.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import { emitClientSources, emitRoutes } from '@device-commands/codegen';
import { buildSite } from '@device-commands/docs';
import type { OpenApiDocument } from '@device-commands/spec';
import {
  type Bundles,
  ContractBuilder,
  ContractError,
  formatProblem,
  writeBundles,
} from '@device-commands/spec/bundler';
import { WarmRedocly } from '@device-commands/testkit/redocly';
import type { RepoPaths } from './paths.ts';
import type { DevProxy } from './proxy.ts';
import {
  replaceServer,
  type ServerProcess,
  ServerStartError,
  startServerProcess,
  stopServerProcess,
} from './server-process.ts';

export type ChangeKind = 'contract' | 'config' | 'docs' | 'server';

/** What a changed file (absolute path) affects, or undefined when nothing does. */
export function classify(file: string, paths: RepoPaths): ChangeKind | undefined {
  const inside = (dir: string) => !relative(dir, file).startsWith('..');
  if (inside(paths.openapi)) {
    const rel = relative(paths.openapi, file);
    if (rel === 'redocly.yaml' || rel.startsWith('plugins/')) return 'config';
    if (/\.ya?ml$/.test(rel)) return 'contract';
    if (/\.md$/.test(rel)) return 'docs';
    return undefined;
  }
  // Markdown only: an editor's temporary file (`overview.md.tmp`, `.swp`, `~`) written before the
  // rename that saves it must not start a build of the old text.
  if (inside(paths.docsContent)) return /\.md$/.test(file) ? 'docs' : undefined;
  if (inside(paths.serverSources) && !inside(join(paths.serverSources, 'generated')) && /\.ts$/.test(file)) {
    return 'server';
  }
  return undefined;
}

/** One finished rebuild: each step's time, and when the server and the docs had the change. */
export interface RebuildReport {
  kinds: ChangeKind[];
  steps: [step: string, ms: number][];
  ok: boolean;
  problems: string[];
  /** ms from the start of the rebuild until the new server answered (undefined: not restarted). */
  servedMs?: number | undefined;
}

/** The work a save owes off the critical path, for the newest contract. */
interface Owed {
  types: boolean;
  docs: boolean;
  typecheck: boolean;
}

export interface LoopOptions {
  paths: RepoPaths;
  proxy: DevProxy;
  /** Where progress lines go (default: stdout). */
  print?: (line: string) => void;
  /** Forwarded output of the server processes (their logs). */
  serverOutput?: (text: string) => void;
}

export class DevLoop {
  readonly #paths: RepoPaths;
  readonly #proxy: DevProxy;
  readonly #print: (line: string) => void;
  readonly #serverOutput: (text: string) => void;
  readonly #builder: ContractBuilder;
  readonly #redocly = new WarmRedocly();
  #server: ServerProcess | undefined;
  #running: Promise<void> = Promise.resolve();
  #pending = new Set<ChangeKind>();
  #scheduled = false;
  /** What is owed off the critical path; a cancelled run leaves it owed to the next. */
  #owed: Owed = { types: false, docs: false, typecheck: false };
  #after: { controller: AbortController; done: Promise<void> } | undefined;
  /** Docs builds, one at a time: a cancelled one finishes writing before the next one starts. */
  #docs: Promise<unknown> = Promise.resolve();

  constructor(options: LoopOptions) {
    this.#paths = options.paths;
    this.#proxy = options.proxy;
    this.#print = options.print ?? ((line) => process.stdout.write(`${line}\n`));
    this.#serverOutput = options.serverOutput ?? ((text) => process.stdout.write(text));
    this.#builder = new ContractBuilder(options.paths.specRoot);
  }

  /** Starts the first server process from what is built; returns its banner. */
  async start(): Promise<string> {
    this.#server = await this.#startServer();
    this.#proxy.target = this.#server.origin;
    return this.#server.banner;
  }

  /**
   * Loads the tools once (Redocly's configuration and plugin, the OAS 3.1 meta-schema, openapi-typescript)
   * by running lint, bundle and the client emitter without writing anything, so that the first save
   * is as fast as the next ones. A save during the warm-up waits for the step under way, not for the
   * rest; the first type check runs off the critical path.
   */
  warmUp(): Promise<void> {
    this.#running = this.#running.then(async () => {
      try {
        // A save during the warm-up waits for one step at most: the rebuild warms what is left.
        await this.#builder.lint();
        if (!this.#scheduled) await this.#builder.bundle();
        if (!this.#scheduled) await emitClientSources(join(this.#paths.bundles, 'openapi.json'));
      } catch {
        // A broken contract is reported by the first rebuild.
      }
      this.#redocly.prepare();
      // The first type check writes the incremental build info (the next ones check what changed);
      // it runs off the critical path, and the first save cancels it.
      this.#owed.typecheck = true;
      this.#startAfter(this.#proxy.state.build, performance.now(), true);
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    await this.#running;
    this.#after?.controller.abort();
    await this.#after?.done;
    this.#redocly.close();
    if (this.#server) await stopServerProcess(this.#server);
  }

  /**
   * Queues a rebuild for these changes; changes during a rebuild are merged into the next one. The
   * work after the critical path of an older save is cancelled at once: it is owed to this one.
   */
  changed(kinds: Iterable<ChangeKind>): void {
    for (const kind of kinds) this.#pending.add(kind);
    this.#after?.controller.abort();
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#running = this.#running.then(async () => {
      this.#scheduled = false;
      const batch = [...this.#pending];
      this.#pending.clear();
      if (batch.length > 0) await this.#rebuild(batch);
    });
  }

  async #rebuild(kinds: ChangeKind[]): Promise<void> {
    // A save that arrived while the previous critical path ran finds its work after it just started.
    this.#after?.controller.abort();
    const started = performance.now();
    const steps: [string, number][] = [];
    const timed = async <T>(step: string, work: () => Promise<T> | T): Promise<T> => {
      const at = performance.now();
      try {
        return await work();
      } finally {
        steps.push([step, Math.round(performance.now() - at)]);
      }
    };
    const report: RebuildReport = { kinds, steps, ok: true, problems: [] };
    const contract = kinds.includes('contract') || kinds.includes('config');
    try {
      let bundles: Bundles | undefined;
      let contractChanged = false;
      if (contract) {
        if (kinds.includes('config')) this.#builder.reloadConfig();
        const lint = await timed('lint', () => this.#builder.lint());
        const errors = lint.filter((p) => p.severity === 'error');
        report.problems = unique(lint.map((p) => formatProblem(p, this.#paths.root)));
        if (errors.length > 0) throw new ContractError(errors);
        bundles = await timed('bundle', () => this.#builder.bundle());
        contractChanged = writeBundles(bundles, this.#paths.bundles).length > 0;
      }
      const restart = contractChanged || kinds.includes('server');
      let routesChanged = false;
      if (bundles && contractChanged) {
        const routes = emitRoutes(bundles.bundled as unknown as OpenApiDocument);
        routesChanged = await timed('routes', () => writeIfChanged(this.#paths.routes, routes));
      }
      if (restart) {
        await timed('restart', () => this.#restart());
        report.servedMs = Math.round(performance.now() - started);
      }
      if (contractChanged) {
        this.#owed.types = true;
        this.#owed.docs = true;
      }
      if (kinds.includes('docs')) this.#owed.docs = true;
      if (routesChanged || kinds.includes('server')) this.#owed.typecheck = true;
    } catch (error) {
      report.ok = false;
      if (error instanceof ContractError) {
        report.problems = unique(error.problems.map((p) => formatProblem(p, this.#paths.root)));
      } else if (error instanceof ServerStartError) {
        report.problems = [`packages/server: ${error.message}`, ...error.output.trim().split('\n').slice(-15)];
      } else {
        report.problems = [`pnpm dev: ${(error as Error).stack ?? String(error)}`];
      }
    }
    const build = this.#proxy.state.build + 1;
    this.#proxy.publish({ build, problems: report.ok ? [] : report.problems });
    this.#printReport(report);
    // Off the critical path, for the newest good contract only: a broken one owes it to the next.
    if (report.ok) this.#startAfter(build, started);
  }

  /**
   * Runs what is owed off the critical path: client sources and docs side by side, then the type
   * check. A save aborts it (see changed()); what did not finish stays owed. Publishes `settled`
   * when everything owed is done for this build.
   */
  #startAfter(build: number, started: number, quiet = false): void {
    const controller = new AbortController();
    const { signal } = controller;
    const owed = { ...this.#owed };
    const done = (async () => {
      const lines: string[] = [];
      const work: Promise<void>[] = [];
      if (owed.types)
        work.push(
          (async () => {
            const files = await emitClientSources(join(this.#paths.bundles, 'openapi.json'));
            if (signal.aborted) return;
            for (const [name, text] of Object.entries(files)) {
              writeIfChanged(join(this.#paths.clientGenerated, name), text);
            }
            this.#owed.types = false;
          })(),
        );
      if (owed.docs)
        work.push(
          (async () => {
            // A build that has started finishes even when a newer save arrives: the pages it writes are
            // newer than the open ones, so they reload; the newer save owes the next build.
            const build = this.#docs.then(async () => {
              if (signal.aborted) return false;
              await buildSite(this.#paths.docsDist, undefined, (args) => this.#redocly.run(args));
              return true;
            });
            this.#docs = build.catch(() => {});
            if (!(await build)) return;
            this.#proxy.publish({ docsBuild: this.#proxy.state.docsBuild + 1 });
            if (signal.aborted) return;
            this.#owed.docs = false;
            lines.push(`  docs reloaded in ${Math.round(performance.now() - started)} ms`);
          })(),
        );
      const results = await Promise.allSettled(work);
      for (const r of results)
        if (r.status === 'rejected' && !signal.aborted)
          lines.push(`  pnpm dev: ${String(r.reason?.stack ?? r.reason)}`);
      if (owed.typecheck && !signal.aborted) {
        const at = performance.now();
        const errors = await typecheck(this.#paths.server, this.#paths.root, signal);
        if (errors !== undefined && !signal.aborted) {
          this.#owed.typecheck = false;
          if (!quiet) lines.push(`  typecheck ${Math.round(performance.now() - at)} ms`);
          if (errors.length > 0) {
            lines.push(`  handlers that no longer type-check against the routes (${errors.length}):`);
            for (const error of errors) lines.push(`  ${error}`);
          }
        }
      }
      if (signal.aborted) return;
      for (const line of lines) this.#print(line);
      this.#proxy.publish({ settled: build });
      // The next docs build's Redocly process loads now, while nothing else runs.
      this.#redocly.prepare();
    })();
    this.#after = { controller, done };
  }

  async #restart(): Promise<void> {
    await replaceServer(
      this.#server,
      () => this.#startServer(),
      (next) => {
        this.#server = next;
        this.#proxy.target = next.origin;
      },
      (previous) => this.#proxy.drained(previous.origin),
    );
  }

  #startServer(): Promise<ServerProcess> {
    return startServerProcess(this.#paths.server, this.#paths.docsDist, this.#serverOutput);
  }

  #printReport(report: RebuildReport): void {
    const line = report.steps.map(([step, ms]) => `${step} ${ms} ms`).join(' · ');
    if (!report.ok) {
      const serving =
        report.servedMs === undefined
          ? 'the server still serves the last good contract'
          : 'the server already serves the new contract; the steps after it failed';
      this.#print(`✗ ${line || 'nothing built'}: ${serving}`);
      for (const problem of report.problems) this.#print(`  ${problem}`);
      return;
    }
    const served = report.servedMs !== undefined ? ` (served in ${report.servedMs} ms)` : '';
    this.#print(`✓ ${line || 'nothing to restart'}${served}`);
    for (const problem of report.problems) this.#print(`  ${problem}`);
  }
}

const unique = (lines: string[]) => [...new Set(lines)];

/** Writes `text` to `file` unless it already holds it; true when written. */
function writeIfChanged(file: string, text: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/**
 * The server's sources' type errors (TypeScript 7's tsc, incremental: its build info is kept in
 * packages/server/node_modules/.cache/), as `file:line:col message` relative to `root`.
 */
function typecheck(serverDir: string, root: string, signal?: AbortSignal): Promise<string[] | undefined> {
  const cache = join(serverDir, 'node_modules', '.cache', 'device-commands-dev');
  mkdirSync(cache, { recursive: true });
  const project = join(cache, 'tsconfig.json');
  writeIfChanged(
    project,
    `${JSON.stringify({
      extends: '../../../tsconfig.json',
      include: ['../../../src'],
      compilerOptions: { incremental: true, tsBuildInfoFile: './server.tsbuildinfo' },
    })}\n`,
  );
  const tsc = join(serverDir, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, '--noEmit', '--pretty', 'false', '-p', project],
      { cwd: serverDir, maxBuffer: 16 * 1024 * 1024, ...(signal ? { signal } : {}) },
      (error, stdout) => {
        // Killed by a newer save: no verdict.
        if (error?.name === 'AbortError' || signal?.aborted) return resolve(undefined);
        const errors = stdout
          .split('\n')
          .map((line) => /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line))
          .filter((m): m is RegExpExecArray => m !== null)
          .map(
            ([, file, line, col, message]) =>
              `${relative(root, resolvePath(serverDir, file ?? ''))}:${line}:${col} ${message}`,
          );
        resolve(errors);
      },
    );
  });
}
