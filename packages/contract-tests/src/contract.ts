/**
 * One run of the suite against a target: Prism proxies per family on free loopback ports, the
 * transport's safety limits, the checks, and the reports. Used by the CLI and by the tests.
 */
import { fileURLToPath } from 'node:url';
import { bundlePaths, familiesOf, loadSpec, seeded } from '@device-commands/spec';
import { type Started, startPrism } from '@device-commands/testkit';
import { type Config, loadConfig } from './config.ts';
import { Transport } from './http.ts';
import { Oracle } from './oracle.ts';
import { referenceConfigPath, startReferenceServer } from './reference.ts';
import { consoleReport, type Summary, summarize, writeReports } from './report.ts';
import { type Check, type Result, runChecks } from './runner.ts';
import { buildSuite, familyRuntime, kindSkipper, missingNeed } from './suite.ts';

export interface ContractOptions {
  /** The implementation's base URL; undefined: start the reference server and test it. */
  target?: string | undefined;
  families?: string[] | undefined;
  config?: string | undefined;
  readOnly?: boolean;
  maxRequests?: number | undefined;
  rps?: number | undefined;
  seed?: number | undefined;
  reportDir?: string | undefined;
  profile?: 'real' | 'mock';
  timeoutMs?: number;
  fuzzRuns?: number;
  samplesPerPattern?: number;
  /**
   * `--sample N`: at most N checks of each group, drawn by the seed among those that can run, and
   * at most N fuzzed requests per family: a run that fits a small request budget.
   */
  sample?: number | undefined;
  failFast?: boolean;
  signal?: AbortSignal;
  /**
   * When given, every configuration key the run reads is added to it, as a dotted path
   * (`families.graph.ids.commands.completed`): how a test proves that no documented key is dead.
   */
  configReads?: Set<string>;
  /** Where progress and the summary go (default: stdout). */
  print?: (line: string) => void;
  /**
   * Prism proxies kept running between runs (several runs against the same family URLs, such as
   * the fault corpus's runs through one fault proxy); without it, each run starts and stops its own.
   */
  proxyPool?: ProxyPool | undefined;
}

/**
 * Prism proxies by the URL they forward to, started on first use and kept until close(). Starting
 * Prism costs about a CPU-second; a fault corpus run judges 40-odd faults through one fault proxy.
 */
export class ProxyPool {
  readonly #proxies = new Map<string, Promise<Started & { url: string }>>();

  /** The proxy in front of `upstream`, started now if none is. */
  get(upstream: string): Promise<Started & { url: string }> {
    let proxy = this.#proxies.get(upstream);
    if (!proxy) {
      proxy = startProxy(upstream);
      // A start that failed is not kept: the next run tries again.
      proxy.catch(() => this.#proxies.delete(upstream));
      this.#proxies.set(upstream, proxy);
    }
    return proxy;
  }

  /** Stops every proxy started. */
  async close(): Promise<void> {
    const started = [...this.#proxies.values()];
    this.#proxies.clear();
    await Promise.all(started.map(async (p) => (await p.catch(() => undefined))?.stop()));
  }
}

export interface ContractRun {
  results: Result[];
  summary: Summary;
  transport: Transport;
  text: string;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** A Prism proxy in front of `upstream`, validating against the bundled contract. */
const startProxy = (upstream: string) => startPrism(['proxy', bundlePaths.yaml, upstream], packageDir);

export async function runContract(options: ContractOptions): Promise<ContractRun> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = performance.now();
  const processes: Started[] = [];
  try {
    let target = options.target?.replace(/\/$/, '');
    let configFile = options.config;
    const declared = familiesOf(loadSpec()).filter((f) => !options.families || options.families.includes(f.id));
    // `${TARGET}` is the target; before a reference server is started, an empty one.
    let config: Config = configFile ? loadConfig(configFile, { TARGET: target ?? '' }) : {};
    // Without --target, the reference server is started, unless the configuration already names an
    // absolute base URL for every family judged: then those are the target.
    const absolute = (f: { id: string }) => /^[a-z][a-z0-9+.-]*:/i.test(config.families?.[f.id]?.baseUrl ?? '');
    if (!target && !(configFile && declared.every(absolute))) {
      const server = await startReferenceServer();
      processes.push(server);
      target = server.url;
      configFile ??= referenceConfigPath;
      config = loadConfig(configFile, { TARGET: target });
      print(`contract: started the reference server at ${target}`);
    }
    if (options.configReads) config = recordReads(config, options.configReads);
    const profile = options.profile ?? 'real';
    // A base URL that is a path (`/v1`) is taken on the target; none: the target plus the family's
    // local base path.
    const targets = Object.fromEntries(
      declared.map((f) => {
        const baseUrl = config.families?.[f.id]?.baseUrl;
        const url = baseUrl
          ? baseUrl.startsWith('/')
            ? `${target ?? ''}${baseUrl}`
            : baseUrl
          : `${target ?? ''}${profile === 'mock' ? '' : f.basePath}`;
        return [f.id, url.replace(/\/$/, '')];
      }),
    );
    // Without --errors, Prism forwards every request (negative cases must reach the target) and
    // reports request and response violations in the sl-violations header.
    const pool = options.proxyPool;
    const proxies = await Promise.all(
      declared.map((f) => (pool ? pool.get(targets[f.id] ?? '') : startProxy(targets[f.id] ?? ''))),
    );
    if (!pool) processes.push(...proxies);
    const controller = new AbortController();
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const transport = new Transport({
      maxRequests: options.maxRequests,
      rps: options.rps,
      timeoutMs: options.timeoutMs ?? 15_000,
      readOnly: options.readOnly ?? false,
      signal: controller.signal,
    });
    const oracle = new Oracle({
      proxies: Object.fromEntries(declared.map((f, i) => [f.id, proxies[i]?.url ?? ''])),
      targets,
      transport,
    });
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const results: Result[] = [];
    const checks = buildSuite(
      {
        seed,
        fuzzRuns: Math.min(options.fuzzRuns ?? 1000, options.sample ?? Number.POSITIVE_INFINITY),
        samplesPerPattern: options.samplesPerPattern ?? 8,
        families: declared.map((f) => f.id),
      },
      () => oracle.exchanges,
      () => results.filter((r) => r.outcome === 'skipped').length,
    );
    const missing = missingNeed(config, { readOnly: options.readOnly ?? false });
    const kindSkipped = kindSkipper(profile);
    const excluded =
      options.sample === undefined ? undefined : sampler(checks, options.sample, seed, missing, kindSkipped);
    print(`contract: ${checks.length} checks against ${Object.values(targets).join(', ')} (seed ${seed})`);
    let group = '';
    const outcome = await runChecks(checks, {
      oracle,
      // Every configured family (a check of one family may use another's token), not only those judged.
      families: Object.fromEntries(
        familiesOf(loadSpec()).map((f) => [f.id, familyRuntime(f.id, config.families?.[f.id] ?? {})]),
      ),
      missing,
      kindSkipped,
      ...(excluded ? { excluded } : {}),
      random: seeded(seed + 1),
      signal: controller.signal,
      failFast: options.failFast ?? false,
      onResult: (result) => {
        results.push(result);
        if (result.group !== group) {
          group = result.group;
          print(`  ${group}…`);
        }
        if (result.outcome === 'failed') print(`    ✗ ${result.name}`);
      },
    });
    const summary = summarize(outcome.results, {
      target: target ?? Object.values(targets).join(', '),
      families: declared.map((f) => f.id),
      seed,
      readOnly: options.readOnly ?? false,
      profile,
      requests: transport.sent,
      ms: Math.round(performance.now() - started),
      aborted: outcome.aborted,
    });
    const text = consoleReport(outcome.results, oracle.exchanges, summary);
    print(text);
    if (options.reportDir) writeReports(options.reportDir, outcome.results, oracle.exchanges, summary);
    return { results: outcome.results, summary, transport, text };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
  }
}

/**
 * `--sample N`: per group, N of the checks that can run (their needs met, their kind judged), drawn
 * by the seed; the coverage check always runs (and says it is partial). The others are skipped, with
 * the reason, never counted as passed.
 */
function sampler(
  checks: Check[],
  n: number,
  seed: number,
  missing: (need: string, family: string | undefined) => string | undefined,
  kindSkipped: (kind: Check['kind']) => string | undefined,
): (check: Check) => string | undefined {
  const random = seeded(seed + 2);
  const runnable = checks.filter(
    (c) => !kindSkipped(c.kind) && !(c.needs ?? []).some((need) => missing(need, c.family)),
  );
  const kept = new Set<string>();
  for (const group of new Set(runnable.map((c) => c.group))) {
    const pool = runnable.filter((c) => c.group === group);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as Check, pool[i] as Check];
    }
    for (const c of pool.slice(0, n)) kept.add(c.id);
  }
  return (check) =>
    check.group === 'coverage' || kept.has(check.id)
      ? undefined
      : `--sample ${n}: not among the ${n} checks of ${check.group} drawn with seed ${seed}`;
}

/** `value`, with every property read through it recorded in `reads` as a dotted path. */
function recordReads<T>(value: T, reads: Set<string>, prefix = ''): T {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) return child;
      const path = prefix ? `${prefix}.${key}` : key;
      reads.add(path);
      return recordReads(child, reads, path);
    },
  }) as T;
}
