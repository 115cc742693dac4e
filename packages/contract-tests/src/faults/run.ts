/**
 * `device-commands faults [--target URL --config FILE]`: runs the suite against an implementation
 * behind the fault proxy, once per fault (and once with no fault, the control, which must pass), and
 * prints which check killed each fault. Without `--target`, the implementation is the reference
 * server; with it, the configuration must give each family's `baseUrl` as a path on the target (or
 * none), so that every request goes through the proxy. Exit 0 only when the control passes and
 * every fault is killed.
 */

import { loadConfig } from '../config.ts';
import { ProxyPool, runContract } from '../contract.ts';
import { type Monitor, startMonitor } from '../monitor/proxy.ts';
import { referenceConfigPath, startReferenceServer } from '../reference.ts';
import { FAULTS, faultsFor } from './corpus.ts';
import { type FaultProxy, startFaultProxy } from './proxy.ts';

export interface FaultVerdict {
  fault: string;
  category: string;
  killed: boolean;
  by?: string | undefined;
  judge?: string | undefined;
  /** What in the contract demands what the killing check asserted (the spec location the fault breaks). */
  demands?: string[] | undefined;
  /** With `monitor`: the rules the contract monitor saw the implementation break, from the suite's traffic alone. */
  monitorSaw?: string[] | undefined;
  seconds: number;
}

export interface FaultOptions {
  seed?: number;
  /** The implementation; default: a reference server started for each run. */
  target?: string | undefined;
  /** Its configuration; default: the reference configuration. */
  config?: string | undefined;
  /**
   * Put the contract monitor between the suite and the faulty implementation, and run the whole suite
   * (not up to its first failure), to see which faults the monitor catches from the traffic alone.
   */
  monitor?: boolean | undefined;
  /** `--sample N` for the suite's runs. */
  sample?: number | undefined;
  /** The fault proxy and Prism proxies to judge through, kept between runs; default: started for this run. */
  rig?: FaultRig | undefined;
}

/**
 * One fault proxy, and the Prism proxies in front of it, for several runs: each run points the
 * proxy at its implementation and fault. A corpus run starts Prism twice instead of twice per fault.
 */
export interface FaultRig {
  proxy: FaultProxy;
  pool: ProxyPool;
  close(): Promise<void>;
}

export async function startFaultRig(): Promise<FaultRig> {
  const proxy = await startFaultProxy('', undefined);
  const pool = new ProxyPool();
  return {
    proxy,
    pool,
    close: async () => {
      await pool.close();
      await proxy.close();
    },
  };
}

/** A positive integer from the environment, else `fallback`. */
function depth(variable: string, fallback: number): number {
  const value = Number(process.env[variable]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** One run against one fault, by name (undefined: the control), stopping at the first failure. */
export async function judgeFault(
  name: string | undefined,
  options: FaultOptions = {},
): Promise<
  FaultVerdict & { curl?: string | undefined; got?: { status: number; body: string } | undefined; failures: number }
> {
  const started = performance.now();
  const configFile = options.config ?? referenceConfigPath;
  const fault =
    name === undefined ? undefined : faultsFor({ config: loadConfig(configFile) }).find((f) => f.name === name);
  if (name !== undefined && !fault) throw new Error(`no fault named ${name}`);
  const server = options.target ? undefined : await startReferenceServer();
  const rig = options.rig ?? (await startFaultRig());
  const { proxy } = rig;
  proxy.set(options.target ?? server?.url ?? '', fault);
  const monitor = options.monitor ? await startMonitor({ upstream: proxy.url }) : undefined;
  try {
    const run = await runContract({
      target: monitor?.url ?? proxy.url,
      // Through the monitor (a new one per run), Prism is started for the run.
      proxyPool: monitor ? undefined : rig.pool,
      config: configFile,
      seed: options.seed ?? 1,
      // The depth of each run: FUZZ_RUNS and PATTERN_SAMPLES from the environment, as for `contract`
      // (a test that plants one fault sets them low), else 60 and 3.
      fuzzRuns: depth('FUZZ_RUNS', 60),
      samplesPerPattern: depth('PATTERN_SAMPLES', 3),
      sample: options.sample,
      failFast: fault !== undefined && !monitor,
      print: () => {},
    });
    const failed = run.results.find((r) => r.outcome === 'failed');
    if (monitor) await settled(monitor);
    return {
      fault: fault?.name ?? 'none (control)',
      category: fault?.category ?? '',
      killed: Boolean(failed),
      by: failed?.id,
      judge: failed?.failure?.judge,
      demands: failed?.demands,
      curl: failed?.failure?.curl,
      got: failed?.failure?.response,
      failures: run.summary.failed,
      monitorSaw: monitor && implementationRules(monitor),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await monitor?.close();
    if (!options.rig) await rig.close();
    await server?.stop();
  }
}

/** Judging runs after each answer is sent: wait until it has caught up with the traffic. */
async function settled(monitor: Monitor): Promise<void> {
  for (let i = 0; i < 200 && monitor.record.judgeCount < monitor.record.total(); i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
}

/** The rules the implementation broke (its answers, its availability), not its clients' (request.*). */
function implementationRules(monitor: Monitor): string[] {
  return [...new Set([...monitor.record.violations.values()].map((v) => v.rule))]
    .filter((rule) => !rule.startsWith('request.'))
    .sort();
}

export async function runFaults(options: { only?: string[] | undefined } & FaultOptions): Promise<number> {
  const started = performance.now();
  const chosen = FAULTS.filter((f) => !options.only || options.only.includes(f.name));
  const unknown = (options.only ?? []).filter((name) => !FAULTS.some((f) => f.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`device-commands: unknown faults: ${unknown.join(', ')}\n`);
    return 2;
  }
  const verdicts: FaultVerdict[] = [];
  const rig = options.rig ?? (await startFaultRig());
  try {
    return await judgeAll({ ...options, rig }, chosen, verdicts, started);
  } finally {
    if (!options.rig) await rig.close();
  }
}

async function judgeAll(
  options: { only?: string[] | undefined } & FaultOptions,
  chosen: typeof FAULTS,
  verdicts: FaultVerdict[],
  started: number,
): Promise<number> {
  const control = await judgeFault(undefined, options);
  process.stdout.write(
    `control (no fault): ${control.failures === 0 ? 'passes' : `FAILS ${control.failures} checks, first ${control.by}`}${options.monitor ? `; the monitor saw ${control.monitorSaw?.join(', ') || 'no violation'}` : ''} (${control.seconds} s)\n`,
  );
  for (const fault of chosen) {
    const verdict = await judgeFault(fault.name, options);
    verdicts.push(verdict);
    process.stdout.write(
      `${verdict.killed ? 'killed  ' : 'SURVIVED'} ${fault.name} ${verdict.killed ? `by ${verdict.by} (${verdict.judge})` : ''}${options.monitor ? `; monitor: ${verdict.monitorSaw?.join(', ') || 'nothing'}` : ''} (${verdict.seconds} s)\n`,
    );
  }
  const rows = [
    `| fault | category | verdict | killed by (check) | judge | demanded by |${options.monitor ? ' monitor saw |' : ''} s |`,
    `|---|---|---|---|---|---|${options.monitor ? '---|' : ''}---|`,
    ...verdicts.map(
      (v) =>
        `| ${v.fault} | ${v.category} | ${v.killed ? 'killed' : '**survived**'} | ${v.by ?? ''} | ${v.judge ?? ''} | ${(v.demands ?? []).join(', ')} |${options.monitor ? ` ${v.monitorSaw?.join(', ') || '—'} |` : ''} ${v.seconds} |`,
    ),
  ];
  const killed = verdicts.filter((v) => v.killed).length;
  const seen = verdicts.filter((v) => (v.monitorSaw ?? []).length > 0).length;
  process.stdout.write(
    `\n${rows.join('\n')}\n\n${killed}/${verdicts.length} faults killed; control ${control.failures === 0 ? 'passed' : 'FAILED'}${options.monitor ? `; the monitor alone saw ${seen}/${verdicts.length}` : ''}; ${Math.round((performance.now() - started) / 1000)} s\n`,
  );
  return control.failures === 0 && killed === verdicts.length ? 0 : 1;
}
