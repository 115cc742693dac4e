/**
 * Where a validated GET spends its time (part of `pnpm bench`, and alone as `pnpm --filter
 * @device-commands/bench profile`). The reference server (NODE_ENV=production, node:sqlite in
 * memory) runs under `node --cpu-prof` while autocannon sends it get-command requests; the profile's
 * self time is summed per function and per package, and the top 10 of each go to BENCHMARKS.md (the
 * profile itself is not kept).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationRequest } from '@device-commands/server/sample-requests';
import { startProcess } from '@device-commands/testkit';
import autocannon from 'autocannon';
import { round } from './stats.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface ProfileResult {
  seconds: number;
  rps: number;
  /** Shares of the busy CPU time, in percent, by package or module and by function (top 10). */
  packages: [string, number][];
  functions: [string, number][];
}

export async function benchProfile(seconds: number): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const server = await startProcess(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, 'src/main.ts'], {
    cwd: join(root, 'packages', 'server'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      SQLITE_FILE: ':memory:',
      AGENT_DELAY_MS: '0',
      LOG_LEVEL: 'error',
    },
    ready: /reference server: (http:\/\/\S+)/,
  });
  const result = await autocannon({
    ...operationRequest(server.match, 'getAndroidDeviceCommand'),
    duration: seconds,
    connections: 10,
  });
  await server.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  rmSync(dir, { recursive: true, force: true });

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self]
    .filter(([id]) => /\((idle|program)\)/.test(byId.get(id)?.callFrame.functionName ?? ''))
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const where = (url: string) =>
    url
      .replace(/^file:\/\//, '')
      .replace(/.*node_modules\/\.pnpm\/([^/]+)\/node_modules\/.*/, '$1')
      .replace(root, '')
      .replace(/^node:.*/, (m) => m) || '(native)';
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n || /\((idle|program)\)/.test(n.callFrame.functionName)) continue;
    const place = where(n.callFrame.url);
    const fn = `${n.callFrame.functionName || '(anonymous)'} (${place}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''})`;
    functions.set(fn, (functions.get(fn) ?? 0) + t);
    const pkg = place.startsWith('packages/') ? place.split('/').slice(0, 4).join('/') : place;
    packages.set(pkg, (packages.get(pkg) ?? 0) + t);
  }
  const top = (m: Map<string, number>): [string, number][] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([name, t]) => [name, round((t / busy) * 100, 1)]);
  return { seconds, rps: Math.round(result.requests.average), packages: top(packages), functions: top(functions) };
}

/** The BENCHMARKS.md section, between its markers. */
export function profileSection(p: ProfileResult): string {
  const rows = (entries: [string, number][]) =>
    entries.map(([name, share]) => `| ${name.replaceAll('|', '\\|')} | ${share}% |`).join('\n');
  return `<!-- hot-path -->
## Hot path: where a validated GET spends its time

The reference server (\`NODE_ENV=production\`: request validation on, response validation off;
node:sqlite in memory) under \`node --cpu-prof\`, autocannon sending get-command requests for
${p.seconds} s at 10 connections (${p.rps.toLocaleString('en')} req/s under the profiler). Shares of the busy (non-idle) CPU
time, by self time. What was taken out of this path, and what is left:
[packages/server/README.md](packages/server/README.md) ("Hot path").

| package or module | share |
|---|---:|
${rows(p.packages)}

| function | share |
|---|---:|
${rows(p.functions)}
<!-- /hot-path -->`;
}
