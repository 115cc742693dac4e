/**
 * Helpers for the other packages' tests: free loopback ports, child processes that announce
 * readiness on stdout, and Prism. Not part of the contract.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Whether something can listen on `port` on loopback right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The local ports Linux gives outgoing connections (and `listen(0)`): a port taken from this range
 * can be taken again by any connection the machine opens before the tool that is to listen on it
 * binds it. A CI run lost Prism to that (`EADDRINUSE` on a port `listen(0)` had just returned), with
 * every package's tests opening connections side by side.
 */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {}
  return [49_152, 65_535];
}

/**
 * A loopback port nothing listens on, for a tool that cannot listen on port 0 and say which port it
 * got (Prism, PostgreSQL): drawn below the ephemeral range, where no outgoing connection takes it.
 * Another process may still bind it first; the starters below then start again on another port.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const floor = 10_000;
  for (let attempt = 0; low - floor > 1000 && attempt < 50; attempt++) {
    const port = floor + Math.floor(Math.random() * (low - floor));
    if (await canListen(port)) return port;
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A start that failed because another process bound the port first. */
const portTaken = (error: unknown): boolean => /EADDRINUSE|Address already in use/.test(String(error));

/**
 * Runs `start` on a free port; when another process binds that port first (the error says
 * `EADDRINUSE` or "Address already in use"), again on another one, up to 5 times.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (!portTaken(error) || attempt === 5) throw error;
    }
  }
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

/**
 * One CORS preflight to `origin` (loopback), as its own connection. Prism answers a preflight itself,
 * without forwarding it to the implementation: 204, the probe's origin echoed, and its
 * `Access-Control-Expose-Headers: *`. Resolves whether that is what answered.
 */
function prismAnswers(port: number): Promise<boolean> {
  const origin = `http://probe-${randomUUID()}.invalid`;
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'OPTIONS',
        path: '/',
        agent: false,
        timeout: 2000,
        headers: { origin, 'access-control-request-method': 'GET', connection: 'close' },
      },
      (res) => {
        res.resume();
        resolve(
          res.statusCode === 204 &&
            res.headers['access-control-allow-origin'] === origin &&
            res.headers['access-control-expose-headers'] === '*',
        );
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Starts `prism <args>` (the `@stoplight/prism-cli` installed in `cwd`'s package) on a free port,
 * logging errors only: at Prism's default level (info) it prints several lines per request, which
 * cost a sixth of a contract run's CPU time (18.6 → 15.2 CPU-seconds for a run of about 3,000
 * requests). At that level it never says it is listening, so it is ready when it answers a CORS
 * preflight as Prism does (which it does not forward).
 */
export async function startPrism(args: string[], cwd = process.cwd()): Promise<Started & { url: string }> {
  const require = createRequire(join(cwd, 'package.json'));
  const bin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  return onFreePort(async (port) => {
    const argv = [bin, ...args, '-h', '127.0.0.1', '-p', String(port), '-v', 'error'];
    let started: Started | undefined;
    try {
      started = await startProcess(process.execPath, argv, {
        env: { ...process.env, NO_COLOR: '1' },
        ready: /Starting Prism/,
      });
      const deadline = Date.now() + READY_WITHIN_MS;
      for (;;) {
        const { child } = started;
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `${process.execPath} ${argv.join(' ')} ${child.signalCode ? `was killed by ${child.signalCode}` : `exited with ${child.exitCode}`} before it was ready:\n${started.output()}`,
          );
        if (await prismAnswers(port)) break;
        if (Date.now() > deadline)
          throw new Error(
            `${argv.join(' ')} did not answer within ${READY_WITHIN_MS} ms; it printed:\n${started.output()}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { ...started, url: `http://127.0.0.1:${port}` };
    } catch (error) {
      await started?.stop();
      throw error;
    }
  });
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
