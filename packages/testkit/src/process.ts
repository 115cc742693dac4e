/**
 * Helpers for the other packages' tests: free loopback ports, child processes that announce
 * readiness on stdout, and Prism. Not part of the contract.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** The first capture group of `ready`, such as a URL. */
  match: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<number | null>;
}

/**
 * The longest a process may take to say it is ready, by default: a bound, not a wait (readiness is
 * the printed line). A loaded CI machine once took over 30 s to start Prism, so the bound is wide.
 */
const READY_WITHIN_MS = 120_000;

/**
 * Spawns a process and resolves once its output matches `ready` (rejects if it exits first).
 * `group`: the process leads its own process group, and stop() ends the whole group (for a launcher
 * such as npx, whose child would outlive it).
 */
export async function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number; cwd?: string; group?: boolean },
): Promise<Started> {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group === true,
  });
  const signal = (name: NodeJS.Signals) => {
    if (options.group === true && child.pid !== undefined) {
      try {
        process.kill(-child.pid, name);
        return;
      } catch {}
    }
    child.kill(name);
  };
  let output = '';
  let ready = false;
  const match = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal('SIGKILL');
      reject(
        new Error(
          `${command} ${args.join(' ')} did not print ${options.ready} within ${options.timeoutMs ?? READY_WITHIN_MS} ms; it printed:\n${output}`,
        ),
      );
    }, options.timeoutMs ?? READY_WITHIN_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Once ready, output is only kept: matching the whole of it again on every chunk would cost the
      // reader time that grows with everything printed (a logging server under load prints megabytes),
      // and a reader that falls behind blocks the writer on its full pipe.
      if (ready) return;
      const found = options.ready.exec(output);
      if (found) {
        ready = true;
        clearTimeout(timer);
        resolve(found[1] ?? found[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${command} ${args.join(' ')} ${signal ? `was killed by ${signal}` : `exited with ${code}`} before it was ready:\n${output}`,
        ),
      );
    });
  });
  return {
    child,
    match,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        signal('SIGTERM');
      }),
  };
}

/** Starts `prism <args>` (the `@stoplight/prism-cli` installed in `cwd`'s package) on a free port. */
export async function startPrism(args: string[], cwd = process.cwd()): Promise<Started & { url: string }> {
  const require = createRequire(join(cwd, 'package.json'));
  const bin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const port = await freePort();
  const started = await startProcess(process.execPath, [bin, ...args, '-h', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, NO_COLOR: '1' },
    ready: /Prism is listening/,
  });
  return { ...started, url: `http://127.0.0.1:${port}` };
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed with SIGKILL after this many ms (default: no limit). */
  timeoutMs?: number;
  /** Written to the tool's standard input. */
  input?: string;
}

export interface RunResult {
  /** The exit code, or null when a signal ended the tool. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A tool that did not succeed: its message says how it ended and what it printed. */
export class ToolError extends Error {
  readonly result: RunResult;
  constructor(what: string, result: RunResult) {
    const ended =
      result.signal !== null
        ? `was killed by ${result.signal} after ${result.ms} ms${result.signal === 'SIGKILL' ? ' (its time limit, or the machine)' : ''}`
        : `exited with ${result.status} after ${result.ms} ms`;
    const tail = (text: string) => (text.length > 8000 ? `…${text.slice(-8000)}` : text);
    super(
      `${what} ${ended}\n--- stdout ---\n${tail(result.stdout) || '(nothing)'}\n--- stderr ---\n${tail(result.stderr) || '(nothing)'}`,
    );
    this.name = 'ToolError';
    this.result = result;
  }
}

/**
 * Runs a tool to its end and returns what it printed; when it exits non-zero or is killed, throws a
 * ToolError that carries its exit status or signal and its whole output (stdout and stderr), so that a
 * failing test says why.
 */
export function run(command: string, args: string[], options: RunOptions = {}): RunResult {
  const result = tryRun(command, args, options);
  if (result.status !== 0) throw new ToolError(`${[command, ...args].join(' ')}`, result);
  return result;
}

/**
 * Like run, but returns a failure instead of throwing it. The output goes to files, not pipes: a tool
 * that leaves helpers behind when it is killed (npm does) would hold a pipe open past its time limit.
 */
export function tryRun(command: string, args: string[], options: RunOptions = {}): RunResult {
  const at = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'testkit-run-'));
  const files = [join(dir, 'stdout'), join(dir, 'stderr')] as const;
  const fds = files.map((file) => openSync(file, 'w'));
  try {
    const out = spawnSync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      input: options.input ?? '',
      stdio: ['pipe', fds[0], fds[1]],
      killSignal: 'SIGKILL',
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
    for (const fd of fds) closeSync(fd);
    fds.length = 0;
    return {
      status: out.error && out.status === null && out.signal === null ? -1 : out.status,
      signal: out.signal,
      stdout: readFileSync(files[0], 'utf8'),
      stderr: `${readFileSync(files[1], 'utf8')}${out.error ? `\n${out.error.message}` : ''}`,
      ms: Math.round(performance.now() - at),
    };
  } finally {
    for (const fd of fds) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
