import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Absolute path of the pinned Redocly CLI's entry point. */
export function redoclyBin(): string {
  const pkgPath = require.resolve('@redocly/cli/package.json');
  const pkg = require(pkgPath) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.redocly;
  if (!bin) throw new Error('@redocly/cli declares no `redocly` bin');
  return join(dirname(pkgPath), bin);
}

const REDOCLY_ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

/** Runs the Redocly CLI with telemetry off; returns stdout. Throws with stderr on a non-zero exit. */
export function redocly(args: string[], options: { cwd?: string } = {}): string {
  return execFileSync(process.execPath, [redoclyBin(), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...REDOCLY_ENV },
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
        env: { ...process.env, ...REDOCLY_ENV },
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

/**
 * The Redocly CLI with its start-up paid in advance, for a loop that runs it again and again (`pnpm
 * dev`'s docs build): a process that has loaded the CLI's modules waits for the arguments; each run
 * uses one such process (the CLI runs once per process, as it was written to). prepare() starts the
 * next one: call it when the machine is idle, as loading the CLI takes a core for about 1.5 s.
 * Loading the 15 MB CLI is most of a short command's time: a docs build takes about 0.7 s instead of
 * 1.5 s here. The output is the CLI's own (the same entry point, the same arguments).
 */
export class WarmRedocly {
  #spare: ChildProcess | undefined;
  #closed = false;

  /** Starts a process for the next run, unless one is ready. */
  prepare(): void {
    if (this.#closed || (this.#spare && this.#spare.exitCode === null)) return;
    this.#spare = this.#spawn();
  }

  #spawn(): ChildProcess {
    const script = fileURLToPath(new URL('./redocly-spare.ts', import.meta.url));
    const child = spawn(process.execPath, [script, join(dirname(redoclyBin()), '..', 'lib')], {
      env: { ...process.env, ...REDOCLY_ENV },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.on('error', () => {});
    return child;
  }

  /** As redoclyAsync(args): resolves with stdout, rejects with stderr on a non-zero exit. */
  run(args: string[], options: { cwd?: string } = {}): Promise<string> {
    const child = this.#spare && this.#spare.exitCode === null ? this.#spare : this.#spawn();
    this.#spare = undefined;
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.once('exit', (code) => {
        if (code === 0) resolve(stdout);
        else reject(Object.assign(new Error(`redocly ${args[0]} failed: ${stderr || `exit ${code}`}`), { stdout }));
      });
      child.stdin?.end(JSON.stringify({ args, cwd: options.cwd }));
    });
  }

  close(): void {
    this.#closed = true;
    this.#spare?.kill();
    this.#spare = undefined;
  }
}
