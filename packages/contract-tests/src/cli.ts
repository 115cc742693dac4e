#!/usr/bin/env node
/**
 * device-commands contract [--target <base-url>] [--family <id>]… [--config <contract.yaml>] [--read-only]
 *   [--max-requests N] [--sample N] [--rps N] [--seed N] [--report-dir DIR] [--profile real|mock] [--timeout-ms N]
 *   [--fuzz-runs N] [--samples N]
 * device-commands contract init [--out contract.yaml] [--force]
 * device-commands faults [--only <name,…>] [--target <base-url> --config <contract.yaml>] [--monitor] [--sample N]
 * device-commands monitor --upstream <url> [--listen [host:]port] [--sample RATE] [--report-dir DIR] [--keep-bodies]
 *   [--upstream-timeout-ms N]
 *
 * Without --target, `contract` starts the reference server and tests it.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { runContract } from './contract.ts';
import { exitCodeOf } from './exit-codes.ts';
import { ReferenceServerMissing } from './reference.ts';

const USAGE = `usage: device-commands contract init [--out contract.yaml] [--force]
       device-commands contract [--target <base-url>] [--family <id>] [--config <file.yaml>] [--read-only]
                                [--max-requests N] [--sample N] [--rps N] [--seed N] [--report-dir DIR] [--profile real|mock]
                                [--timeout-ms N] [--fuzz-runs N] [--samples N]
       device-commands faults [--only <name,...>] [--target <base-url> --config <file.yaml>] [--monitor] [--sample N]
       device-commands monitor --upstream <url> [--listen [host:]port] [--sample RATE] [--report-dir DIR] [--keep-bodies]
                               [--upstream-timeout-ms N]`;

function int(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    process.stderr.write(
      `device-commands: --${name} must be an integer of at least ${min}, not ${JSON.stringify(value)}\n`,
    );
    process.exit(2);
  }
  return Number(value);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'faults') {
    const { runFaults } = await import('./faults/run.ts');
    const { values } = parseArgs({
      args: rest,
      options: {
        only: { type: 'string' },
        target: { type: 'string' },
        config: { type: 'string' },
        monitor: { type: 'boolean' },
        sample: { type: 'string' },
      },
    });
    if (values.target && !values.config) {
      process.stderr.write('device-commands: faults --target needs --config (the tokens and ids of the target)\n');
      return 2;
    }
    return runFaults({
      only: values.only?.split(',').filter(Boolean),
      target: values.target,
      config: values.config && resolve(values.config),
      monitor: values.monitor,
      sample: int('sample', values.sample, 1),
    });
  }
  if (command === 'monitor') {
    const { runMonitor, parseListen } = await import('./monitor/run.ts');
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          upstream: { type: 'string' },
          listen: { type: 'string' },
          sample: { type: 'string' },
          'report-dir': { type: 'string' },
          'keep-bodies': { type: 'boolean' },
          'upstream-timeout-ms': { type: 'string' },
        },
      }));
      if (typeof values.upstream !== 'string' || !/^https?:\/\/[^/]/.test(values.upstream))
        throw new Error('monitor needs --upstream <http(s)://host[:port]>, the implementation to forward to');
      parseListen(values.listen as string | undefined);
    } catch (error) {
      process.stderr.write(`device-commands: ${(error as Error).message}\n`);
      return 2;
    }
    const sample = values.sample === undefined ? 1 : Number(values.sample);
    if (!(sample > 0 && sample <= 1)) {
      process.stderr.write(
        `device-commands: --sample is a share of exchanges above 0 and at most 1, not ${values.sample}\n`,
      );
      return 2;
    }
    return runMonitor({
      upstream: values.upstream as string,
      listen: values.listen as string | undefined,
      sample,
      reportDir: resolve(
        process.env.INIT_CWD ?? process.cwd(),
        (values['report-dir'] as string | undefined) ?? 'reports/monitor',
      ),
      keepBodies: Boolean(values['keep-bodies']),
      upstreamTimeoutMs: int('upstream-timeout-ms', values['upstream-timeout-ms'] as string | undefined, 1) ?? 30_000,
    });
  }
  if (command === 'contract' && rest[0] === 'init') {
    const { init } = await import('./init.ts');
    const { values } = parseArgs({
      args: rest.slice(1),
      options: { out: { type: 'string', default: 'contract.yaml' }, force: { type: 'boolean' } },
    });
    return init(resolve(values.out ?? 'contract.yaml'), values.force ?? false);
  }
  if (command !== 'contract') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        target: { type: 'string' },
        family: { type: 'string', multiple: true },
        config: { type: 'string' },
        'read-only': { type: 'boolean' },
        'max-requests': { type: 'string' },
        sample: { type: 'string' },
        rps: { type: 'string' },
        seed: { type: 'string' },
        'report-dir': { type: 'string' },
        profile: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'fuzz-runs': { type: 'string' },
        samples: { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`device-commands: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const profile = (values.profile as string | undefined) ?? 'real';
  if (profile !== 'real' && profile !== 'mock') {
    process.stderr.write(`device-commands: --profile is real or mock, not ${profile}\n`);
    return 2;
  }
  // Relative paths are the caller's: under `pnpm contract` the script runs in this package, and pnpm
  // keeps the directory the command was typed in as INIT_CWD.
  const here = (path: string | undefined) =>
    path === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write(
      '\ndevice-commands: interrupted; finishing the request in flight and writing a partial report\n',
    );
    controller.abort();
  });
  try {
    const run = await runContract({
      target: values.target as string | undefined,
      families: values.family as string[] | undefined,
      config: here(values.config as string | undefined),
      readOnly: Boolean(values['read-only']),
      maxRequests: int('max-requests', values['max-requests'] as string | undefined, 1),
      sample: int('sample', values.sample as string | undefined, 1),
      rps: int('rps', values.rps as string | undefined, 1),
      seed: int('seed', values.seed as string | undefined),
      reportDir: here(values['report-dir'] as string | undefined),
      profile,
      timeoutMs: int('timeout-ms', values['timeout-ms'] as string | undefined, 1) ?? 15_000,
      // --fuzz-runs, else FUZZ_RUNS from the environment (a CI matrix sets it), else 1,000.
      fuzzRuns: int('fuzz-runs', (values['fuzz-runs'] as string | undefined) ?? process.env.FUZZ_RUNS) ?? 1000,
      // --samples, else PATTERN_SAMPLES from the environment, else 8.
      samplesPerPattern: int('samples', (values.samples as string | undefined) ?? process.env.PATTERN_SAMPLES, 1) ?? 8,
      signal: controller.signal,
    });
    return exitCodeOf(run.summary);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`device-commands: invalid configuration\n${error.message}\n`);
      return 2;
    }
    if (error instanceof ReferenceServerMissing) {
      process.stderr.write(`device-commands: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
