import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the pinned Redocly CLI's entry point. */
export function redoclyBin(): string {
  const pkgPath = require.resolve('@redocly/cli/package.json');
  const pkg = require(pkgPath) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.redocly;
  if (!bin) throw new Error('@redocly/cli declares no `redocly` bin');
  return join(dirname(pkgPath), bin);
}

/** Runs the Redocly CLI with telemetry off; returns stdout. Throws with stderr on a non-zero exit. */
export function redocly(args: string[], options: { cwd?: string } = {}): string {
  return execFileSync(process.execPath, [redoclyBin(), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** As redocly(), without blocking the event loop (a watcher keeps serving while the docs build). */
export function redoclyAsync(args: string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [redoclyBin(), ...args],
      {
        cwd: options.cwd,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(Object.assign(new Error(`redocly ${args[0]} failed: ${stderr || error.message}`), { stdout }));
        else resolve(stdout);
      },
    );
  });
}
