/**
 * `device-commands monitor --upstream URL [--listen [HOST:]PORT] [--sample RATE] [--report-dir DIR]
 * [--keep-bodies] [--upstream-timeout-ms N]`: the monitor as a command. Prints where it listens; on
 * Ctrl-C (or SIGTERM) writes `report.json` to the report directory with what it has, prints a
 * one-line summary and exits 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMonitor } from './proxy.ts';
import { monitorReport } from './report.ts';

export interface MonitorCommand {
  upstream: string;
  listen: string | undefined;
  sample: number;
  reportDir: string;
  keepBodies: boolean;
  upstreamTimeoutMs: number;
}

/** `:4700`, `4700`, `0.0.0.0:4700` → host and port. */
export function parseListen(listen: string | undefined): { host: string; port: number } {
  if (listen === undefined) return { host: '127.0.0.1', port: 4700 };
  const found = /^(?:(.*):)?(\d{1,5})$/.exec(listen);
  if (!found) throw new Error(`--listen is [HOST:]PORT, not ${JSON.stringify(listen)}`);
  return { host: found[1] || '127.0.0.1', port: Number(found[2]) };
}

export async function runMonitor(command: MonitorCommand): Promise<number> {
  const { host, port } = parseListen(command.listen);
  const monitor = await startMonitor({
    upstream: command.upstream,
    host,
    port,
    sample: command.sample,
    keepBodies: command.keepBodies,
    upstreamTimeoutMs: command.upstreamTimeoutMs,
  });
  process.stdout.write(
    `device-commands monitor: ${monitor.url} → ${command.upstream} (judging ${Math.round(command.sample * 100)}% of exchanges)\n` +
      `  metrics ${monitor.url}/__monitor/metrics · report ${monitor.url}/__monitor/report · Ctrl-C writes ${join(command.reportDir, 'report.json')}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Exchanges already answered may still be waiting for their judging (setImmediate): let them run.
  await new Promise((resolve) => setImmediate(resolve));
  const report = monitorReport(monitor.record, command.upstream);
  mkdirSync(command.reportDir, { recursive: true });
  writeFileSync(join(command.reportDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await monitor.close();
  process.stdout.write(
    `device-commands monitor: ${report.summary.requests} exchanges, ${report.summary.violations} violations by the implementation, ${report.summary.clientViolations} by its clients; report in ${join(command.reportDir, 'report.json')}\n`,
  );
  return 0;
}
